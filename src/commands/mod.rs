//! One module per command; each turns parsed arguments into output.

use std::path::Path;

use crate::cli::{Cli, Command};
use crate::model::{Bibliotheek, Sessie};
use crate::{Outcome, Result, session};

mod agenda;
mod bekijk;
pub mod bewerk;
mod controleer;
mod groepen;
mod lijst;
pub use groepen::{json as groepen_json, tekst as groepen_tekst};
pub mod maak;
pub mod nieuw;
mod shell;
mod stand;
mod uitnodiging;
mod verslag;
mod verstuurd;

pub fn dispatch(cli: Cli) -> Result<Outcome> {
    let lib_dir = cli.bibliotheek.as_deref();
    match cli.command {
        Command::Controleer {
            sessie,
            strikt,
            formaat,
        } => controleer::run(lib_dir, &sessie, strikt, formaat),
        Command::Regels { formaat } => regels(formaat),
        Command::Bouwstenen {
            bouwsteen,
            formaat,
            sessie,
        } => lijst::bouwstenen(lib_dir, bouwsteen.as_deref(), formaat, sessie.as_deref()),
        Command::Casussen { formaat, sessie } => lijst::casussen(lib_dir, formaat, sessie.as_deref()),
        Command::Groepen { sessie, zaad, formaat } => groepen::run(lib_dir, &sessie, zaad, formaat),
        Command::Agenda { sessie } => agenda::run(lib_dir, &sessie),
        Command::Nieuw(args) => nieuw::run(lib_dir, &args),
        Command::VoegToe {
            sessie,
            bouwsteen,
            werkvorm,
            na,
        } => bewerk::voeg_toe(lib_dir, &sessie, &bouwsteen, &werkvorm, na.as_deref()),
        Command::Verwijder { sessie, bouwsteen } => bewerk::verwijder(lib_dir, &sessie, &bouwsteen),
        Command::Completions { shell } => shell::completions(shell),
        Command::Man => shell::man(),
        Command::Uitnodiging {
            sessie,
            deelnemer,
            sjablonen,
        } => uitnodiging::run(lib_dir, &sessie, deelnemer.as_deref(), sjablonen.as_deref()),
        Command::Maak {
            sessie,
            uit,
            formaat,
            zaad,
        } => maak::run(lib_dir, &sessie, &uit, formaat, maak::Welke::Alles, zaad.unwrap_or(0)),
        Command::Kaarten { sessie, uit } => maak::run(
            lib_dir,
            &sessie,
            &uit,
            crate::cli::UitvoerFormaat::Beide,
            maak::Welke::AlleenKaarten,
            0,
        ),
        Command::Verslag { sessie, uit } => verslag::run(lib_dir, &sessie, &uit),
        Command::Verstuurd {
            sessie,
            deelnemer,
            datum,
            uit,
        } => verstuurd::run(lib_dir, &sessie, &deelnemer, datum, uit.as_deref()),
        Command::Bekijk {
            sessie,
            poort,
            open,
            sjablonen,
        } => bekijk::run(lib_dir, &sessie, poort, open, sjablonen.as_deref()),
        Command::Sjablonen {
            exporteer,
            context,
            vandaag,
        } => match context {
            Some(sessie) => maak::sjablonen_context(lib_dir, &sessie, vandaag),
            None => maak::sjablonen(exporteer.as_deref()),
        },
    }
}

/// `draaiboek regels`: every rule of `controleer`, as text, JSON or a
/// Markdown table (the source of `docs/regels.md`).
fn regels(formaat: crate::cli::RegelsFormaat) -> Result<Outcome> {
    use crate::cli::RegelsFormaat;
    let lijst = crate::check::REGELS;
    match formaat {
        RegelsFormaat::Json => {
            crate::outln!("{}", serde_json::to_string_pretty(lijst).expect("rules serialise"));
        }
        RegelsFormaat::Tekst => {
            let breed = lijst.iter().map(|r| r.code.len()).max().unwrap_or(0);
            for r in lijst {
                crate::outln!("{:<breed$}  {:<12}  {}", r.code, r.ernst.as_str(), r.uitleg);
            }
        }
        RegelsFormaat::Markdown => crate::out!("{}", regels_markdown(lijst)),
    }
    Ok(Outcome::Ok)
}

/// The rule list as a Markdown page: a heading, how it is made, one table row per rule.
fn regels_markdown(lijst: &[crate::check::Regel]) -> String {
    let mut md = String::from(
        "# De regels van `draaiboek controleer`\n\n\
         Deze pagina is gemaakt met `draaiboek regels --formaat markdown`; een test houdt haar \
         gelijk aan het programma. Een *fout* geeft afsluitcode 1, een *waarschuwing* alleen \
         met `--strikt`.\n\n\
         | code | ernst | wat de regel controleert |\n\
         | --- | --- | --- |\n",
    );
    for r in lijst {
        md.push_str(&format!(
            "| `{}` | {} | {} |\n",
            r.code,
            r.ernst.as_str(),
            r.uitleg.replace('|', "\\|")
        ));
    }
    md
}

/// Unusable input that has no place in a file (a flag, an answer): a Dutch
/// message and how to fix it, exit 2.
pub fn invoerfout(melding: String, hulp: String) -> crate::Failure {
    crate::Failure::Input(crate::InputError::one(crate::diag::Diagnostic::new(melding).help(hulp)))
}

/// Load the library and a session file.
pub fn load(lib_dir: Option<&Path>, path: &Path) -> Result<(Bibliotheek, Sessie)> {
    let lib = session::load_library(lib_dir)?;
    let sessie = session::load(path, &lib)?;
    Ok((lib, sessie))
}

/// Today, from `--vandaag` or the system clock (never in tests).
pub fn vandaag(flag: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    flag.unwrap_or_else(|| chrono::Local::now().date_naive())
}
