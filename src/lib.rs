//! `draaiboek`: plan, check and produce a verdiepende bijeenkomst Kansrijke Start.
//!
//! Data flows one way: files → [`model`] (via [`library`] and [`session`]) →
//! [`check`] and [`plan`] → render → write. `main.rs` only parses arguments
//! and maps the outcome of [`run`] to an exit code.

pub mod adres;
pub mod check;
pub mod cli;
pub mod cli_errors;
pub mod commands;
pub mod datetime;
pub mod diag;
pub mod export;
pub mod fnv;
pub mod groups;
pub mod library;
pub mod limits;
pub mod model;
pub mod nl;
pub mod plan;
pub mod privacy;
pub mod reader;
pub mod render;
pub mod session;
pub mod term;
pub mod write;

use std::process::ExitCode;

pub use diag::InputError;

/// How a command ended, mapped to the exit codes of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: nothing wrong.
    Ok,
    /// 1: at least one rule error (or warning with `--strikt`).
    Findings,
}

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The input could not be used (exit 2); every problem is listed.
    Input(InputError),
    /// Anything else, e.g. a file that cannot be written (exit 2).
    Other(anyhow::Error),
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::Input(e)
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        // An input error that travelled through anyhow (a template error)
        // keeps its place, line and exit code.
        match e.downcast::<InputError>() {
            Ok(input) => Failure::Input(input),
            Err(e) => Failure::Other(e),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Other(e.into())
    }
}

pub type Result<T, E = Failure> = std::result::Result<T, E>;

/// Run a parsed command line; output goes to stdout, diagnostics to the caller.
pub fn run(cli: cli::Cli) -> Result<Outcome> {
    commands::dispatch(cli)
}

/// Exit code and message for a failure, printed on stderr by `main`.
pub fn report_failure(f: &Failure) -> (ExitCode, String) {
    let color = term::stderr_color();
    match f {
        Failure::Input(e) => (ExitCode::from(2), e.render(color)),
        Failure::Other(e) => {
            let mut msg = format!("fout: {e}");
            for cause in e.chain().skip(1) {
                msg.push_str(&format!("\n  oorzaak: {}", cause));
            }
            msg.push('\n');
            (ExitCode::from(2), term::visible(&msg))
        }
    }
}

/// Whether the command asked for JSON on stdout (`--formaat json`): then a
/// failure is a JSON object on stdout as well, next to the message on stderr.
pub fn wants_json(cli: &cli::Cli) -> bool {
    use cli::{Command, Formaat};
    matches!(
        &cli.command,
        Command::Controleer {
            formaat: Formaat::Json,
            ..
        } | Command::Bouwstenen {
            formaat: Formaat::Json,
            ..
        } | Command::Casussen {
            formaat: Formaat::Json,
            ..
        } | Command::Groepen {
            formaat: Formaat::Json,
            ..
        }
    )
}

/// A failure as JSON: `{"afsluitcode": 2, "fouten": [{"melding", "bestand",
/// "regel", "kolom", "oplossing"}]}`, one entry per problem.
pub fn failure_json(f: &Failure) -> String {
    let fouten: Vec<serde_json::Value> = match f {
        Failure::Input(e) => {
            e.0.iter()
                .map(|d| {
                    let (regel, kolom) = match (&d.file, &d.span) {
                        (Some(file), Some(span)) => {
                            let (l, c) = file.line_col(span.start);
                            (Some(l), Some(c))
                        }
                        _ => (None, None),
                    };
                    serde_json::json!({
                        "melding": d.message,
                        "bestand": d.file.as_ref().map(|f| f.name.clone()),
                        "regel": regel,
                        "kolom": kolom,
                        "oplossing": d.help,
                    })
                })
                .collect()
        }
        Failure::Other(e) => {
            let mut melding = e.to_string();
            for cause in e.chain().skip(1) {
                melding.push_str(&format!(": {cause}"));
            }
            vec![
                serde_json::json!({ "melding": melding, "bestand": null, "regel": null, "kolom": null, "oplossing": null }),
            ]
        }
    };
    let v = serde_json::json!({ "afsluitcode": 2, "fouten": fouten });
    format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
}

/// A short Dutch reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "het bestand of de map bestaat niet".into(),
        PermissionDenied => "geen toestemming (alleen-lezen of van iemand anders)".into(),
        AlreadyExists => "bestaat al".into(),
        IsADirectory => "dit is een map, geen bestand".into(),
        NotADirectory => "een deel van het pad is een bestand, geen map".into(),
        StorageFull => "de schijf is vol".into(),
        ReadOnlyFilesystem => "de schijf is alleen-lezen".into(),
        InvalidData => "geen geldige UTF-8-tekst".into(),
        _ if e.raw_os_error() == Some(24) => {
            "te veel bestanden tegelijk open (verhoog de limiet met `ulimit -n`)".into()
        }
        _ => e.to_string(),
    }
}
