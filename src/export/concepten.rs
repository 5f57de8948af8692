//! What the mail drafts in an output folder say: the record `maak` writes
//! next to them (`.draaiboek-uitnodigingen`), last, after every draft is in
//! place. `draaiboek verstuurd` reads it to make sure that what it records
//! as sent is what the drafts in the folder say (the session may have
//! changed since `maak`).
//!
//! What went out is not kept here but in the session file (`[[verstuurd]]`,
//! see `levensloop`): a deleted folder loses only drafts.
//!
//! Format: one line per fact, tab-separated, readable and deterministic:
//!
//! ```text
//! formaat<TAB>2
//! versie<TAB>1<TAB>2027-03-11<TAB>13:00<TAB>15:55<TAB>gepland<TAB>Wijkcentrum De Clinckenberg, Zeist
//! brief<TAB>i.devries@dewieg.example<TAB>wijziging<TAB>Ingrid de Vries
//! ```

use crate::levensloop::{Feiten, Soort};
use crate::model::SessieStatus;
use crate::nl;

/// The record's file name inside the output folder.
pub const BESTAND: &str = ".draaiboek-uitnodigingen";

/// Far more than a record of 100,000 letters needs.
pub const MAX_BYTES: u64 = 64 << 20;

const FORMAAT: &str = "2";

const KOP: &str = "# Wat de concept-mails in deze map zeggen (draaiboek verstuurd controleert dit voordat het vastlegt wat er verstuurd is).\n\
# Niet met de hand veranderen: draaiboek maak schrijft dit als laatste, na de mails.\n";

pub fn soort_id(s: &Soort) -> &'static str {
    match s {
        Soort::Uitnodiging => "uitnodiging",
        Soort::Wijziging(_) => "wijziging",
        Soort::Heruitnodiging => "heruitnodiging",
        Soort::Afzegging => "afzegging",
        Soort::Geschrapt => "geschrapt",
    }
}

/// The drafts of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concepten {
    pub versie: u32,
    pub feiten: Feiten,
    /// Per letter: identity, kind, name.
    pub brieven: Vec<(String, String, String)>,
}

fn status_id(s: SessieStatus) -> &'static str {
    crate::levensloop::status_tekst(s)
}

impl Concepten {
    pub fn render(&self) -> String {
        let f = &self.feiten;
        let mut out = format!(
            "{KOP}formaat\t{FORMAAT}\nversie\t{}\t{}\t{}\t{}\t{}\t{}\n",
            self.versie,
            f.datum,
            nl::tijd(f.begin),
            nl::tijd(f.eind),
            status_id(f.status),
            crate::levensloop::eenregelig(&f.locatie)
        );
        for (id, soort, naam) in &self.brieven {
            out.push_str(&format!(
                "brief\t{}\t{soort}\t{}\n",
                crate::levensloop::eenregelig(id),
                crate::levensloop::eenregelig(naam)
            ));
        }
        out
    }

    /// The record in `text`; `None` when it is not one this draaiboek wrote
    /// whole (an older format, or damaged: then the drafts need a new `maak`).
    pub fn parse(text: &str) -> Option<Concepten> {
        let mut formaat = false;
        let mut kop = None;
        let mut brieven = Vec::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            match f.as_slice() {
                ["formaat", n] => formaat = *n == FORMAAT,
                ["versie", n, datum, begin, eind, status, locatie] => {
                    let status = match *status {
                        "gepland" => SessieStatus::Gepland,
                        "geannuleerd" => SessieStatus::Geannuleerd,
                        _ => return None,
                    };
                    kop = Some((
                        n.parse().ok()?,
                        Feiten {
                            datum: nl::parse_datum(datum)?,
                            begin: nl::parse_tijd(begin)?,
                            eind: nl::parse_tijd(eind)?,
                            locatie: locatie.to_string(),
                            status,
                        },
                    ));
                }
                ["brief", id, soort, naam] => brieven.push((id.to_string(), soort.to_string(), naam.to_string())),
                _ => return None,
            }
        }
        let (versie, feiten) = kop?;
        formaat.then_some(Concepten {
            versie,
            feiten,
            brieven,
        })
    }

    /// The record of an output folder: `None` when there is none, or not a
    /// whole one of this format.
    pub fn lees(dir: &std::path::Path) -> Option<Concepten> {
        let bytes = crate::reader::read_own(&dir.join(BESTAND), MAX_BYTES).ok()?;
        Concepten::parse(&String::from_utf8_lossy(&bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_it_did_not_write() {
        let c = Concepten {
            versie: 3,
            feiten: Feiten {
                datum: chrono::NaiveDate::from_ymd_opt(2027, 3, 11).unwrap(),
                begin: nl::parse_tijd("13:00").unwrap(),
                eind: nl::parse_tijd("15:55").unwrap(),
                locatie: "Zaal 1".into(),
                status: SessieStatus::Gepland,
            },
            brieven: vec![("a@b.nl".into(), "wijziging".into(), "Ingrid".into())],
        };
        let text = c.render();
        assert_eq!(Concepten::parse(&text), Some(c));
        assert_eq!(Concepten::parse(&text.replace("formaat\t2", "formaat\t3")), None);
        assert_eq!(Concepten::parse(&format!("{text}onzin\n")), None);
    }
}
