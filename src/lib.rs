//! `draaiboek`: plan, check and produce a verdiepende bijeenkomst Kansrijke Start.
//!
//! Data flows one way: files → [`model`] (via [`library`] and [`session`]) →
//! [`check`] and [`plan`] → render → write. `main.rs` only parses arguments
//! and maps the outcome of [`run`] to an exit code.

// Every byte for the user goes through `shell` (the one output writer), so the
// pipe promises hold for every command: no printing macros anywhere else.
#![deny(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::dbg_macro,
    clippy::disallowed_methods
)]

pub mod adres;
pub mod check;
pub mod cli;
pub mod cli_errors;
pub mod commands;
pub mod datetime;
pub mod diag;
pub mod error;
pub mod export;
pub mod fnv;
pub mod groups;
pub mod levensloop;
pub mod library;
pub mod limits;
pub mod model;
pub mod nl;
pub mod plan;
pub mod privacy;
pub mod reader;
pub mod render;
pub mod session;
pub mod shell;
pub mod telling;
pub mod term;
pub mod vergelijk;
pub mod write;

use std::process::ExitCode;

pub use diag::InputError;
pub use error::{Failure, Outcome, Result, io_reason};

/// Run a parsed command line; output goes to stdout, diagnostics to the caller.
pub fn run(cli: cli::Cli) -> Result<Outcome> {
    commands::dispatch(cli)
}

/// Exit code and message for a failure, printed on stderr by `main`.
pub fn report_failure(f: &Failure) -> (ExitCode, String) {
    let color = shell::stderr_color();
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
