//! Dutch for clap: its built-in help words and its usage errors.
//!
//! clap has no translations, so `main` parses with `try_parse` and hands
//! any error here: help and version pass through (exit 0) with clap's few
//! English headings replaced; usage errors become a Dutch message built from
//! the error's context (the wrong word, clap's suggestion), exit code 2.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::cli::Cli;

/// The end of the run before any command: what to print, where, and the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    pub code: u8,
    pub tekst: String,
    /// Help and version go to stdout; errors to stderr.
    pub naar_stdout: bool,
}

impl Stop {
    /// Print the text and give the exit code.
    pub fn toon(&self) -> ExitCode {
        if self.naar_stdout {
            if let Err(e) = crate::shell::out(&self.tekst) {
                let (code, msg) = crate::report_failure(&e);
                crate::shell::err(msg);
                return code;
            }
        } else {
            crate::shell::err(&self.tekst);
        }
        ExitCode::from(self.code)
    }
}

/// Parse the command line; any clap error or help request becomes a [`Stop`].
pub fn parse<I, T>(args: I) -> Result<Cli, Stop>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    Cli::try_parse_from(&args).map_err(|e| {
        let mut s = stop(&e, crate::shell::stdout_color());
        // Errors without a usage line still point at the right `--help`.
        if let Some(sub) = subcommando(&args)
            && s.code == 2
        {
            s.tekst = s.tekst.replace(
                "Meer uitleg: draaiboek --help",
                &format!("Meer uitleg: draaiboek {sub} --help"),
            );
        }
        s
    })
}

/// The first argument that names a subcommand (or one of its aliases).
fn subcommando(args: &[OsString]) -> Option<String> {
    let cmd = <Cli as clap::CommandFactory>::command();
    args.iter().skip(1).filter_map(|a| a.to_str()).find_map(|a| {
        cmd.get_subcommands()
            .find(|s| s.get_name() == a || s.get_all_aliases().any(|x| x == a))
            .map(|s| s.get_name().to_string())
    })
}

/// clap's English words in help and usage, and their Dutch.
const VERTALING: &[(&str, &str)] = &[
    ("Usage:", "Gebruik:"),
    ("Options:", "Opties:"),
    ("Arguments:", "Argumenten:"),
    ("Commands:", "Commando's:"),
    ("[OPTIONS]", "[OPTIES]"),
    ("<COMMAND>", "<COMMANDO>"),
    ("[default: ", "[standaard: "),
    ("[possible values: ", "[mogelijke waarden: "),
    ("[aliases: ", "[ook: "),
    ("[alias: ", "[ook: "),
];

/// Replace clap's built-in English words in a help or usage text.
pub fn vertaal(tekst: &str) -> String {
    let mut out = tekst.to_string();
    for (en, nl) in VERTALING {
        out = out.replace(en, nl);
    }
    // Help is wrapped to the terminal, so "[possible values:" may break after "[possible".
    let mut rest = out.as_str();
    let mut af = String::with_capacity(out.len());
    while let Some(i) = rest.find("[possible") {
        let na = &rest[i + "[possible".len()..];
        let ws = na.len() - na.trim_start().len();
        if ws > 0 && na[ws..].starts_with("values:") {
            af.push_str(&rest[..i]);
            af.push_str("[mogelijke");
            af.push_str(&na[..ws]);
            af.push_str("waarden:");
            rest = &na[ws + "values:".len()..];
        } else {
            af.push_str(&rest[..i + 1]);
            rest = &rest[i + 1..];
        }
    }
    af.push_str(rest);
    af
}

fn strings(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
        _ => vec![],
    }
}

fn eerste(e: &clap::Error, kind: ContextKind) -> Option<String> {
    strings(e, kind).into_iter().next()
}

/// "draaiboek controleer" from "Usage: draaiboek controleer [OPTIONS] <SESSIE.toml>".
fn commando_uit_gebruik(usage: &str) -> String {
    let na = usage.trim().strip_prefix("Usage:").unwrap_or(usage).trim();
    let woorden: Vec<&str> = na
        .split_whitespace()
        .take_while(|w| !w.starts_with(['[', '<', '-']))
        .collect();
    if woorden.is_empty() {
        "draaiboek".into()
    } else {
        woorden.join(" ")
    }
}

fn ticks(items: &[String]) -> String {
    items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// The Dutch message for a clap error (or the help text itself).
pub fn stop(e: &clap::Error, kleur: bool) -> Stop {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let r = e.render();
            let mut tekst = if kleur { r.ansi().to_string() } else { r.to_string() };
            if !tekst.ends_with('\n') {
                tekst.push('\n');
            }
            return Stop {
                code: 0,
                tekst: vertaal(&tekst),
                naar_stdout: true,
            };
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return Stop {
                code: 2,
                tekst: vertaal(&e.render().to_string()),
                naar_stdout: false,
            };
        }
        _ => {}
    }
    let usage = eerste(e, ContextKind::Usage).unwrap_or_default();
    let commando = commando_uit_gebruik(&usage);
    let ongeldig = eerste(e, ContextKind::InvalidArg).unwrap_or_default();
    let waarde = eerste(e, ContextKind::InvalidValue).unwrap_or_default();
    let (melding, hulp): (String, Option<String>) = match e.kind() {
        ErrorKind::InvalidSubcommand => {
            let woord = eerste(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            let voorstel = strings(e, ContextKind::SuggestedSubcommand);
            let hulp = if voorstel.is_empty() {
                "alle commando's staan in `draaiboek --help`".to_string()
            } else {
                format!("bedoel je {}?", ticks(&voorstel).replace(", ", " of "))
            };
            (format!("`{woord}` is geen commando van draaiboek"), Some(hulp))
        }
        ErrorKind::UnknownArgument => {
            let voorstel = eerste(e, ContextKind::SuggestedArg);
            let sub = eerste(e, ContextKind::SuggestedSubcommand);
            let wat = if ongeldig.starts_with('-') {
                "onbekende optie"
            } else {
                "onverwacht argument"
            };
            let hulp = match (voorstel, sub) {
                (Some(v), _) => format!("bedoel je `{v}`?"),
                (None, Some(s)) => format!("bedoel je het commando `{s}`?"),
                (None, None) => format!("alle opties staan in `{commando} --help`"),
            };
            (format!("{wat} `{ongeldig}`"), Some(hulp))
        }
        ErrorKind::MissingRequiredArgument => {
            let wat = strings(e, ContextKind::InvalidArg);
            (
                format!("er ontbreekt iets op de opdrachtregel: {}", wat.join(", ")),
                Some(format!("een voorbeeld staat onderaan `{commando} --help`")),
            )
        }
        ErrorKind::MissingSubcommand => (
            "kies een commando".to_string(),
            Some("bijvoorbeeld `draaiboek nieuw`; alle commando's staan in `draaiboek --help`".to_string()),
        ),
        ErrorKind::InvalidValue => {
            let keuzes = strings(e, ContextKind::ValidValue);
            let voorstel = eerste(e, ContextKind::SuggestedValue);
            let melding = if waarde.is_empty() {
                format!("{ongeldig} heeft een waarde nodig")
            } else {
                format!("`{waarde}` is geen geldige waarde voor {ongeldig}")
            };
            let hulp = match (voorstel, keuzes.is_empty()) {
                (Some(v), _) => Some(format!("bedoel je `{v}`?")),
                (None, false) => Some(format!("kies uit: {}", ticks(&keuzes))),
                (None, true) => None,
            };
            (melding, hulp)
        }
        ErrorKind::ValueValidation => {
            let reden = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default();
            (format!("ongeldige waarde voor {ongeldig}: {reden}"), None)
        }
        ErrorKind::ArgumentConflict => (
            format!("{ongeldig} gaat niet samen met een andere optie die je gaf"),
            Some(format!("zie `{commando} --help`")),
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => (
            format!("verkeerd aantal waarden voor {ongeldig}"),
            Some(format!("zie `{commando} --help`")),
        ),
        ErrorKind::InvalidUtf8 => ("de opdrachtregel bevat tekens die geen UTF-8 zijn".to_string(), None),
        _ => {
            // Rare kinds: keep clap's own sentence, under a Dutch heading.
            let eigen = e.render().to_string();
            let eerste_regel = eigen
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ")
                .to_string();
            (format!("de opdrachtregel klopt niet ({eerste_regel})"), None)
        }
    };
    let mut tekst = format!("fout: {melding}\n");
    if let Some(h) = hulp {
        tekst.push_str(&format!("  oplossing: {h}\n"));
    }
    if !usage.is_empty() {
        tekst.push_str(&format!("\n{}\n", vertaal(usage.trim_end())));
    }
    tekst.push_str(&format!("Meer uitleg: {commando} --help\n"));
    Stop {
        code: 2,
        tekst,
        naar_stdout: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fout(args: &[&str]) -> Stop {
        parse(std::iter::once("draaiboek").chain(args.iter().copied())).unwrap_err()
    }

    #[test]
    fn mistyped_command_suggests_the_right_one() {
        let s = fout(&["controler", "x.toml"]);
        assert_eq!(s.code, 2);
        assert!(s.tekst.contains("`controler` is geen commando"), "{}", s.tekst);
        assert!(s.tekst.contains("bedoel je `controleer`?"), "{}", s.tekst);
        assert!(!s.tekst.contains("error:"), "{}", s.tekst);
    }

    #[test]
    fn unknown_flag_bad_value_and_missing_argument_are_dutch() {
        let s = fout(&["controleer", "x.toml", "--strik"]);
        assert!(
            s.tekst.contains("onbekende optie `--strik`") && s.tekst.contains("`--strikt`"),
            "{}",
            s.tekst
        );
        let s = fout(&["controleer", "x.toml", "--formaat", "xml"]);
        assert!(s.tekst.contains("`xml` is geen geldige waarde"), "{}", s.tekst);
        assert!(s.tekst.contains("`tekst`, `json`"), "{}", s.tekst);
        let s = fout(&["agenda"]);
        assert!(
            s.tekst.contains("er ontbreekt iets") && s.tekst.contains("SESSIE.toml"),
            "{}",
            s.tekst
        );
        assert!(s.tekst.contains("Gebruik: draaiboek agenda"), "{}", s.tekst);
        let s = fout(&["nieuw", "--datum", "11 maart"]);
        assert!(s.tekst.contains("is geen datum; schrijf jjjj-mm-dd"), "{}", s.tekst);
        let s = fout(&[]);
        assert_eq!(s.code, 2);
    }

    #[test]
    fn help_is_dutch_and_exits_zero() {
        for args in [&["--help"][..], &["agenda", "--help"], &["voeg-toe", "-h"]] {
            let s = fout(args);
            assert_eq!((s.code, s.naar_stdout), (0, true));
            for en in [
                "Usage:",
                "Options:",
                "Print help",
                "Arguments:",
                "Commands:",
                "[default:",
            ] {
                assert!(!s.tekst.contains(en), "{en} in {}", s.tekst);
            }
            assert!(s.tekst.contains("Gebruik:"), "{}", s.tekst);
            assert!(s.tekst.contains("Toon deze hulp"), "{}", s.tekst);
        }
    }
}
