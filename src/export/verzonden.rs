//! What went out: the record `maak` keeps next to its manifest
//! (`.draaiboek-uitnodigingen`) of the facts each written invitation
//! carried (date, times, place, `versie`, status) and who got which
//! version. The rule `versie-ophogen` reads it, and it turns an invitation
//! into a change notice ("Wat is er veranderd", old → new).
//!
//! The record is only updated by a `maak` without errors (the run that
//! writes mail drafts); a CONCEPT run keeps it as it is, so that what was
//! sent before is still known when the drafts are gone.
//!
//! Format: one line per fact, tab-separated, so it stays readable and
//! deterministic:
//!
//! ```text
//! id<TAB>0123456789abcdef0123456789abcdef
//! versie<TAB>0<TAB>2027-03-11<TAB>13:00<TAB>15:55<TAB>gepland<TAB>Wijkcentrum De Clinckenberg, Zeist
//! ontvanger<TAB>ingrid-de-vries<TAB>0<TAB>1<TAB>Ingrid de Vries
//! ```
//!
//! A line that cannot be read is skipped: the record is a help, never a
//! reason to stop.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{NaiveDate, NaiveTime};

use crate::model::SessieStatus;
use crate::nl;
use crate::plan::Planning;

/// Far more than a record of 100,000 invitations needs.
pub const MAX_BYTES: u64 = 64 << 20;

/// The record's file name inside the output folder.
pub const BESTAND: &str = ".draaiboek-uitnodigingen";

const KOP: &str = "# Wat de uitnodigingen in deze map vermeldden en wie welke versie kreeg (draaiboek leest dit voor de regel versie-ophogen).\n\
# Niet met de hand veranderen: draaiboek werkt dit bij als het de uitnodigingen zonder fouten maakt.\n";

/// The facts an invitation carries that a recipient must hear about when
/// they change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feiten {
    pub datum: NaiveDate,
    /// When the doors open (the calendar item's start).
    pub begin: NaiveTime,
    /// End of the borrel or the programme (the calendar item's end).
    pub eind: NaiveTime,
    pub locatie: String,
    pub status: SessieStatus,
}

impl Feiten {
    pub fn van(plan: &Planning) -> Feiten {
        let b = &plan.sessie.bijeenkomst;
        Feiten {
            datum: b.datum,
            begin: plan.tijden.dag_begin(),
            eind: plan.tijden.dag_eind(),
            locatie: eenregelig(&b.locatie),
            status: b.status,
        }
    }
}

/// One change, in Dutch: what, old value, new value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Wijziging {
    pub wat: &'static str,
    pub oud: String,
    pub nieuw: String,
}

fn status_tekst(s: SessieStatus) -> &'static str {
    match s {
        SessieStatus::Gepland => "gepland",
        SessieStatus::Geannuleerd => "geannuleerd",
    }
}

/// What differs between two sets of facts, in a fixed order.
pub fn verschil(oud: &Feiten, nieuw: &Feiten) -> Vec<Wijziging> {
    let mut out = Vec::new();
    if oud.datum != nieuw.datum {
        out.push(Wijziging {
            wat: "datum",
            oud: nl::datum_lang(oud.datum),
            nieuw: nl::datum_lang(nieuw.datum),
        });
    }
    if (oud.begin, oud.eind) != (nieuw.begin, nieuw.eind) {
        let tijd = |f: &Feiten| format!("{}–{}", nl::tijd(f.begin), nl::tijd(f.eind));
        out.push(Wijziging {
            wat: "tijd",
            oud: tijd(oud),
            nieuw: tijd(nieuw),
        });
    }
    if oud.locatie != nieuw.locatie {
        out.push(Wijziging {
            wat: "plaats",
            oud: oud.locatie.clone(),
            nieuw: nieuw.locatie.clone(),
        });
    }
    if oud.status != nieuw.status {
        out.push(Wijziging {
            wat: "status",
            oud: status_tekst(oud.status).into(),
            nieuw: status_tekst(nieuw.status).into(),
        });
    }
    out
}

/// Someone who got an invitation from this folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ontvanger {
    /// The first and the last `versie` this person got.
    pub eerste: u32,
    pub laatste: u32,
    pub naam: String,
}

/// The whole record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verzonden {
    /// The calendar id the invitations carried (UID without `@draaiboek`):
    /// kept, so that a changed date or title updates the same event.
    pub id: Option<String>,
    pub versies: BTreeMap<u32, Feiten>,
    /// By the invitation's file-name slug.
    pub ontvangers: BTreeMap<String, Ontvanger>,
}

fn eenregelig(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Verzonden {
    /// Read the record of an output folder; `None` when there is none (or
    /// nothing readable in it).
    pub fn lees(dir: &Path) -> Option<Verzonden> {
        Verzonden::uit_bytes(&Verzonden::lees_bytes(dir)?)
    }

    /// The record in `bytes` (as [`lees_bytes`](Self::lees_bytes) gave
    /// them), `None` when it holds no version.
    pub fn uit_bytes(bytes: &[u8]) -> Option<Verzonden> {
        let v = Verzonden::parse(&String::from_utf8_lossy(bytes));
        (!v.versies.is_empty()).then_some(v)
    }

    /// The record's bytes as they are on disk: only a regular file (never a
    /// FIFO or a device that would block), at most [`MAX_BYTES`].
    pub fn lees_bytes(dir: &Path) -> Option<Vec<u8>> {
        use std::io::Read;
        let pad = dir.join(BESTAND);
        if !std::fs::metadata(&pad).ok()?.is_file() {
            return None;
        }
        let mut bytes = Vec::new();
        std::fs::File::open(&pad)
            .ok()?
            .take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .ok()?;
        (bytes.len() as u64 <= MAX_BYTES).then_some(bytes)
    }

    pub fn parse(text: &str) -> Verzonden {
        let mut v = Verzonden::default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            match f.as_slice() {
                ["versie", n, datum, begin, eind, status, locatie] => {
                    let status = match *status {
                        "gepland" => SessieStatus::Gepland,
                        "geannuleerd" => SessieStatus::Geannuleerd,
                        _ => continue,
                    };
                    let (Ok(n), Some(datum), Some(begin), Some(eind)) = (
                        n.parse(),
                        nl::parse_datum(datum),
                        nl::parse_tijd(begin),
                        nl::parse_tijd(eind),
                    ) else {
                        continue;
                    };
                    v.versies.insert(
                        n,
                        Feiten {
                            datum,
                            begin,
                            eind,
                            locatie: locatie.to_string(),
                            status,
                        },
                    );
                }
                ["id", hex] if hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    v.id = Some(hex.to_ascii_lowercase());
                }
                ["ontvanger", slug, eerste, laatste, naam] => {
                    let (Ok(eerste), Ok(laatste)) = (eerste.parse(), laatste.parse()) else {
                        continue;
                    };
                    v.ontvangers.insert(
                        slug.to_string(),
                        Ontvanger {
                            eerste,
                            laatste,
                            naam: naam.to_string(),
                        },
                    );
                }
                _ => {}
            }
        }
        v
    }

    pub fn render(&self) -> String {
        let mut out = KOP.to_string();
        if let Some(id) = &self.id {
            out.push_str(&format!("id\t{id}\n"));
        }
        for (n, f) in &self.versies {
            out.push_str(&format!(
                "versie\t{n}\t{}\t{}\t{}\t{}\t{}\n",
                f.datum,
                nl::tijd(f.begin),
                nl::tijd(f.eind),
                status_tekst(f.status),
                eenregelig(&f.locatie)
            ));
        }
        for (slug, o) in &self.ontvangers {
            out.push_str(&format!(
                "ontvanger\t{slug}\t{}\t{}\t{}\n",
                o.eerste,
                o.laatste,
                eenregelig(&o.naam)
            ));
        }
        out
    }

    /// The highest `versie` written, with its facts.
    pub fn laatste(&self) -> Option<(u32, &Feiten)> {
        self.versies.iter().next_back().map(|(n, f)| (*n, f))
    }

    /// The facts of the last version written before `versie`.
    pub fn voor(&self, versie: u32) -> Option<(u32, &Feiten)> {
        self.versies.range(..versie).next_back().map(|(n, f)| (*n, f))
    }

    /// What changed for a recipient who got an earlier version: `None` when
    /// this person gets an ordinary invitation (new, or nothing earlier).
    pub fn wijzigingen_voor(&self, slug: &str, nu: &Feiten, versie: u32) -> Option<Vec<Wijziging>> {
        let o = self.ontvangers.get(slug)?;
        if o.eerste >= versie {
            return None;
        }
        let (_, oud) = self.voor(versie)?;
        Some(verschil(oud, nu))
    }

    /// This record after a run without errors wrote `versie` with these
    /// facts to these recipients (slug, name), under calendar id `id`.
    pub fn bijgewerkt<'a>(
        mut self,
        id: &str,
        versie: u32,
        feiten: Feiten,
        ontvangers: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Verzonden {
        self.id.get_or_insert_with(|| id.to_string());
        self.versies.insert(versie, feiten);
        for (slug, naam) in ontvangers {
            let o = self.ontvangers.entry(slug.to_string()).or_insert(Ontvanger {
                eerste: versie,
                laatste: versie,
                naam: naam.to_string(),
            });
            o.eerste = o.eerste.min(versie);
            o.laatste = o.laatste.max(versie);
            o.naam = eenregelig(naam);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789abcdef";

    fn feiten(begin: &str, locatie: &str) -> Feiten {
        Feiten {
            datum: NaiveDate::from_ymd_opt(2027, 3, 11).unwrap(),
            begin: nl::parse_tijd(begin).unwrap(),
            eind: nl::parse_tijd("15:55").unwrap(),
            locatie: locatie.into(),
            status: SessieStatus::Gepland,
        }
    }

    #[test]
    fn round_trips_and_skips_unreadable_lines() {
        let v = Verzonden::default()
            .bijgewerkt(ID, 0, feiten("13:00", "Zaal 1, Zeist"), [("ingrid", "Ingrid de Vries")])
            .bijgewerkt(
                ID,
                1,
                feiten("14:00", "Zaal 2, Zeist"),
                [("ingrid", "Ingrid de Vries"), ("jan", "Jan")],
            );
        let text = v.render();
        assert_eq!(Verzonden::parse(&text), v);
        let rommel = format!("{text}versie\tx\t?\nonzin\n");
        assert_eq!(Verzonden::parse(&rommel), v);
        assert_eq!(v.ontvangers["ingrid"].eerste, 0);
        assert_eq!(v.ontvangers["jan"].eerste, 1);
    }

    #[test]
    fn a_change_notice_only_for_who_got_an_earlier_version() {
        let v = Verzonden::default().bijgewerkt(ID, 0, feiten("13:00", "Zaal 1"), [("ingrid", "Ingrid")]);
        let nu = feiten("14:00", "Zaal 1");
        let w = v.wijzigingen_voor("ingrid", &nu, 1).unwrap();
        assert_eq!(w.len(), 1);
        assert_eq!(
            (w[0].wat, w[0].oud.as_str(), w[0].nieuw.as_str()),
            ("tijd", "13:00–15:55", "14:00–15:55")
        );
        assert!(v.wijzigingen_voor("jan", &nu, 1).is_none());
        assert!(v.wijzigingen_voor("ingrid", &nu, 0).is_none());
    }
}
