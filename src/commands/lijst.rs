//! `draaiboek bouwstenen` and `draaiboek casussen`: what the library holds.

use std::path::Path;

use serde::Serialize;

use crate::cli::Formaat;
use crate::diag::{Diagnostic, InputError, did_you_mean};
use crate::model::{Bibliotheek, Bouwsteen, Casus};
use crate::{Outcome, Result, session};

/// The library plus the session's own cases, when a session is given.
fn library_with(lib_dir: Option<&Path>, sessie: Option<&Path>) -> Result<Bibliotheek> {
    let mut lib = session::load_library(lib_dir)?;
    if let Some(path) = sessie {
        let s = session::load(path, &lib)?;
        lib.casussen.extend(s.eigen_casussen);
    }
    Ok(lib)
}

#[derive(Serialize)]
struct WerkvormJson<'a> {
    id: &'a str,
    titel: &'a str,
    onderdeel: Option<&'a str>,
    optioneel: bool,
}

#[derive(Serialize)]
struct BouwsteenJson<'a> {
    id: &'a str,
    nummer: u32,
    titel: &'a str,
    duur_min: u32,
    duur_max: u32,
    werkvormen: Vec<WerkvormJson<'a>>,
}

#[derive(Serialize)]
struct CasusJson<'a> {
    id: &'a str,
    nummer: u32,
    titel: &'a str,
    tekst: &'a str,
}

pub fn bouwstenen(
    lib_dir: Option<&Path>,
    id: Option<&str>,
    formaat: Formaat,
    sessie: Option<&Path>,
) -> Result<Outcome> {
    let lib = library_with(lib_dir, sessie)?;
    let chosen: Vec<&Bouwsteen> = match id {
        None => lib.bouwstenen.iter().collect(),
        Some(id) => match lib.bouwsteen(id) {
            Some(b) => vec![b],
            None => {
                let ids: Vec<&str> = lib.bouwstenen.iter().map(|b| b.id.as_str()).collect();
                return Err(InputError::one(
                    Diagnostic::new(format!("onbekende bouwsteen `{id}`")).help(did_you_mean(id, &ids)),
                )
                .into());
            }
        },
    };
    match formaat {
        Formaat::Json => {
            let json: Vec<BouwsteenJson> = chosen
                .iter()
                .map(|b| BouwsteenJson {
                    id: &b.id,
                    nummer: b.nummer,
                    titel: &b.titel,
                    duur_min: b.duur.min,
                    duur_max: b.duur.max,
                    werkvormen: b
                        .werkvormen
                        .iter()
                        .map(|w| WerkvormJson {
                            id: &w.id,
                            titel: &w.titel,
                            onderdeel: w.onderdeel.as_deref(),
                            optioneel: w.optioneel,
                        })
                        .collect(),
                })
                .collect();
            crate::outln!("{}", serde_json::to_string_pretty(&json).expect("serialises"));
        }
        Formaat::Tekst if id.is_some() => crate::out!(
            "{}",
            crate::term::omloop_tekst(
                &crate::render::terminal::bouwsteen_volledig(chosen[0], sessie),
                crate::shell::breedte()
            )
        ),
        Formaat::Tekst => crate::out!(
            "{}",
            crate::term::omloop_tekst(&overzicht(&chosen), crate::shell::breedte())
        ),
    }
    Ok(Outcome::Ok)
}

fn overzicht(blocks: &[&Bouwsteen]) -> String {
    let mut out = String::new();
    for b in blocks {
        out.push_str(&format!("{}. {} [{}] — {}\n", b.nummer, b.titel, b.id, b.duur));
        for w in &b.werkvormen {
            let mut extra = Vec::new();
            if let Some(o) = &w.onderdeel {
                extra.push(format!("onderdeel {o}"));
            }
            if w.opwarmer {
                extra.push("opwarmer".into());
            }
            if w.optioneel {
                extra.push("optioneel".into());
            }
            let t = crate::render::timing_kort(w);
            if !t.is_empty() {
                extra.push(t);
            }
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!(" ({})", extra.join("; "))
            };
            out.push_str(&format!("     - {} [{}]{extra}\n", w.titel, w.id));
        }
    }
    out.push_str("\nMeer over één bouwsteen: draaiboek bouwstenen --bouwsteen ID\n");
    out
}

pub fn casussen(lib_dir: Option<&Path>, formaat: Formaat, sessie: Option<&Path>) -> Result<Outcome> {
    let lib = library_with(lib_dir, sessie)?;
    match formaat {
        Formaat::Json => {
            let json: Vec<CasusJson> = lib
                .casussen
                .iter()
                .map(|c: &Casus| CasusJson {
                    id: &c.id,
                    nummer: c.nummer,
                    titel: &c.titel,
                    tekst: &c.tekst,
                })
                .collect();
            crate::outln!("{}", serde_json::to_string_pretty(&json).expect("serialises"));
        }
        Formaat::Tekst => {
            let mut tekst = String::new();
            for c in &lib.casussen {
                tekst.push_str(&format!(
                    "{}. {} [{}]\n   {}\n",
                    c.nummer,
                    c.titel,
                    c.id,
                    c.eerste_regel()
                ));
            }
            crate::out!("{}", crate::term::omloop_tekst(&tekst, crate::shell::breedte()));
        }
    }
    Ok(Outcome::Ok)
}
