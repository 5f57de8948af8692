//! `draaiboek voeg-toe` and `draaiboek verwijder`: change the `[[programma]]`
//! tables in place.
//!
//! The file is the trekker's own, so everything outside the edited table
//! (comments, blank lines, key order) stays byte for byte: the edit goes
//! through `toml_edit::DocumentMut`. Ids are checked against the library
//! first, the edited text is loaded again before anything is written, and
//! the write is atomic: a failed edit leaves the file's bytes untouched.

use std::path::{Path, PathBuf};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use crate::diag::{Diagnostic, SourceFile, did_you_mean, join_ticks};
use crate::model::{Bibliotheek, Bouwsteen, CasusBehoefte, Sessie, Werkvorm};
use crate::{Failure, Outcome, Result, session};

const BOM: &str = "\u{feff}";

/// A session file opened for editing.
struct Bewerking {
    lib: Bibliotheek,
    pad: PathBuf,
    sessie: Sessie,
    doc: DocumentMut,
    bom: bool,
    /// The file's bytes as read, to notice a change on disk before writing.
    origineel: Vec<u8>,
}

impl Bewerking {
    fn open(lib_dir: Option<&Path>, pad: &Path) -> Result<Self> {
        let lib = session::load_library(lib_dir)?;
        let origineel = session::read_bytes(pad, crate::reader::MAX_SESSIE_BYTES)?;
        let bom = origineel.starts_with(BOM.as_bytes());
        let file = session::utf8_source(pad, origineel.clone())?;
        // Only edit a file that is valid now, so a later error is ours to explain.
        let sessie = session::load_source(file.clone(), &lib)?;
        let doc: DocumentMut = file
            .text
            .parse()
            .map_err(|e| Failure::Other(anyhow::anyhow!("{} is geen geldige TOML: {e}", pad.display())))?;
        Ok(Bewerking {
            lib,
            pad: pad.to_path_buf(),
            sessie,
            doc,
            bom,
            origineel,
        })
    }

    fn programma(&mut self) -> Result<&mut ArrayOfTables> {
        let pad = self.pad.display().to_string();
        self.doc
            .get_mut("programma")
            .and_then(Item::as_array_of_tables_mut)
            .ok_or_else(|| {
                super::invoerfout(
                    format!("het programma in {pad} staat niet als losse [[programma]]-blokken"),
                    "schrijf elke bouwsteen als een eigen blok:\n[[programma]]\nbouwsteen = \"…\"".into(),
                )
            })
    }

    /// The block ids of the programme, in file order.
    fn ids(&mut self) -> Result<Vec<String>> {
        Ok(self
            .programma()?
            .iter()
            .map(|t| {
                t.get("bouwsteen")
                    .and_then(Item::as_str)
                    .unwrap_or("")
                    .trim()
                    .to_string()
            })
            .collect())
    }

    /// Check the edited text, write it atomically, print what changed and the agenda.
    fn schrijf(self, melding: &str) -> Result<Outcome> {
        let tekst = self.doc.to_string();
        let nieuw = match session::load_source(SourceFile::new(&self.pad, tekst.clone()), &self.lib) {
            Ok(s) => s,
            Err(mut e) => {
                e.0.insert(
                    0,
                    Diagnostic::new(format!(
                        "deze wijziging zou {} ongeldig maken; het bestand is niet veranderd",
                        self.pad.display()
                    )),
                );
                return Err(Failure::Input(e));
            }
        };
        let mut bytes = Vec::with_capacity(tekst.len() + 3);
        if self.bom {
            bytes.extend_from_slice(BOM.as_bytes());
        }
        bytes.extend_from_slice(tekst.as_bytes());
        crate::write::edit_in_place(&self.pad, &self.origineel, &bytes)?;
        crate::outln!("{melding}\n");
        crate::out!(
            "{}",
            crate::render::terminal::agenda(&crate::plan::Planning::new(&nieuw, &self.lib, 0))
        );
        Ok(Outcome::Ok)
    }
}

/// Cases for a work format that needs them, when the user gave none: the
/// library's, those not used elsewhere in the programme first.
fn kies_casussen(b: &Bewerking, w: &Werkvorm) -> Vec<String> {
    let gebruikt: Vec<&str> = b
        .sessie
        .programma
        .iter()
        .flat_map(|p| p.alle_casussen())
        .map(|c| c.id.as_str())
        .collect();
    let mut ids: Vec<&str> = b.lib.casussen.iter().map(|c| c.id.as_str()).collect();
    ids.sort_by_key(|id| gebruikt.contains(id));
    let nodig = match w.casussen {
        CasusBehoefte::Een => 1,
        CasusBehoefte::PerGroep => crate::plan::Planning::new(&b.sessie, &b.lib, 0).groepen_voor_werkvorm(w) as usize,
        CasusBehoefte::Geen => 0,
    };
    ids.into_iter().take(nodig).map(str::to_string).collect()
}

pub fn voeg_toe(
    lib_dir: Option<&Path>,
    pad: &Path,
    bouwsteen: &str,
    werkvormen: &[String],
    na: Option<&str>,
) -> Result<Outcome> {
    let mut bw = Bewerking::open(lib_dir, pad)?;
    let blok = kies_blok(&bw, bouwsteen.trim())?;
    let gekozen = kies_werkvormen(&bw, &blok, werkvormen, pad)?;
    let ids = bw.ids()?;
    let (index, plek) = plek(&ids, na.map(str::trim))?;
    let (mut tabel, extra) = nieuwe_tabel(&bw, &blok, &gekozen);
    let prog = bw.programma()?;
    // Place it in document order: with the position of the table it goes
    // before (ties keep array order), or after the last one.
    if let Some(volgende) = prog.get(index) {
        tabel.set_position(volgende.position());
    }
    prog.insert(index, tabel);

    let werkvorm_tekst = match gekozen.len() {
        0 => String::new(),
        _ => format!(
            " met {}",
            gekozen.iter().map(|w| w.titel.as_str()).collect::<Vec<_>>().join(" + ")
        ),
    };
    let mut melding = format!(
        "Bouwsteen `{}` ({}, {}){werkvorm_tekst} toegevoegd, {plek}.",
        blok.id, blok.titel, blok.duur
    );
    if ids.iter().any(|i| i == &blok.id) {
        melding.push_str(&format!("\nLet op: `{}` stond al in het programma.", blok.id));
    }
    for e in extra {
        melding.push('\n');
        melding.push_str(&e);
    }
    bw.schrijf(&melding)
}

/// The library's block with this id, or an input error with a suggestion.
fn kies_blok(bw: &Bewerking, bouwsteen: &str) -> Result<Bouwsteen> {
    bw.lib.bouwsteen(bouwsteen).cloned().ok_or_else(|| {
        let lib_ids: Vec<&str> = bw.lib.bouwstenen.iter().map(|b| b.id.as_str()).collect();
        super::invoerfout(
            format!("onbekende bouwsteen `{bouwsteen}`; er is niets veranderd"),
            format!(
                "{} (alle bouwstenen: `draaiboek bouwstenen`)",
                did_you_mean(bouwsteen, &lib_ids)
            ),
        )
    })
}

/// The work formats asked for: each must belong to the block, and a block
/// with work formats needs at least one main format.
fn kies_werkvormen(bw: &Bewerking, blok: &Bouwsteen, werkvormen: &[String], pad: &Path) -> Result<Vec<Werkvorm>> {
    let wv_ids: Vec<&str> = blok.werkvormen.iter().map(|w| w.id.as_str()).collect();
    let mut gekozen: Vec<Werkvorm> = Vec::new();
    for w in werkvormen.iter().map(|w| w.trim()) {
        let Some(wv) = blok.werkvorm(w) else {
            let hulp = if wv_ids.is_empty() {
                format!("bouwsteen `{}` heeft geen werkvormen: laat --werkvorm weg", blok.id)
            } else if let Some(ander) = bw.lib.bouwstenen.iter().find(|o| o.werkvorm(w).is_some()) {
                format!(
                    "`{w}` hoort bij bouwsteen `{}`; bij `{}` kies je uit: {}",
                    ander.id,
                    blok.id,
                    join_ticks(&wv_ids)
                )
            } else {
                did_you_mean(w, &wv_ids)
            };
            return Err(super::invoerfout(
                format!(
                    "bouwsteen `{}` heeft geen werkvorm `{w}`; er is niets veranderd",
                    blok.id
                ),
                hulp,
            ));
        };
        gekozen.push(wv.clone());
    }
    let kern: Vec<&Werkvorm> = blok.werkvormen.iter().filter(|w| !w.optioneel && !w.opwarmer).collect();
    let kern_gekozen = gekozen.iter().any(|w| !w.optioneel && !w.opwarmer);
    if (!blok.werkvormen.is_empty() && gekozen.is_empty()) || (!kern.is_empty() && !kern_gekozen) {
        let keuzes: Vec<String> = kern.iter().map(|w| format!("`{}` ({})", w.id, w.titel)).collect();
        let voorbeeld = kern.first().map_or(wv_ids[0], |w| w.id.as_str());
        return Err(super::invoerfout(
            format!(
                "bouwsteen `{}` heeft een werkvorm nodig: {}; er is niets veranderd",
                blok.id,
                keuzes.join(" of ")
            ),
            format!(
                "bijvoorbeeld: draaiboek voeg-toe {} {} --werkvorm {voorbeeld} (meer uitleg: `draaiboek bouwstenen --bouwsteen {}`)",
                pad.display(),
                blok.id,
                blok.id
            ),
        ));
    }
    Ok(gekozen)
}

/// Where the block goes, and how to say so: after `--na`, else before the
/// afsluiting, else at the end.
fn plek(ids: &[String], na: Option<&str>) -> Result<(usize, String)> {
    Ok(match na {
        Some(na) => match ids.iter().position(|i| i == na) {
            Some(i) => (i + 1, format!("na `{na}`")),
            None => {
                let aanwezig: Vec<&str> = ids.iter().map(String::as_str).collect();
                return Err(super::invoerfout(
                    format!("`{na}` staat niet in het programma, dus --na {na} kan niet; er is niets veranderd"),
                    format!(
                        "{} (in het programma: {})",
                        did_you_mean(na, &aanwezig),
                        join_ticks(&aanwezig)
                    ),
                ));
            }
        },
        None => match ids.iter().position(|i| i == "afsluiting") {
            Some(i) => (i, "vóór `afsluiting`".to_string()),
            None => (ids.len(), "achteraan".to_string()),
        },
    })
}

/// The new `[[programma]]` table in the style of the starter file, with
/// cases chosen for work formats that need them, and a line per choice.
fn nieuwe_tabel(bw: &Bewerking, blok: &Bouwsteen, gekozen: &[Werkvorm]) -> (Table, Vec<String>) {
    let mut tabel = Table::new();
    tabel.insert("bouwsteen", value(blok.id.as_str()));
    match gekozen {
        [] => {}
        [w] => {
            tabel.insert("werkvorm", value(w.id.as_str()));
        }
        ws => {
            let arr: toml_edit::Array = ws.iter().map(|w| w.id.as_str()).collect();
            tabel.insert("werkvormen", value(arr));
        }
    }
    let mut extra = Vec::new();
    for w in gekozen {
        let ids = kies_casussen(bw, w);
        if ids.is_empty() {
            continue;
        }
        match w.casussen {
            CasusBehoefte::Een => {
                tabel.insert("casus", value(ids[0].as_str()));
            }
            CasusBehoefte::PerGroep => {
                let arr: toml_edit::Array = ids.iter().map(String::as_str).collect();
                tabel.insert("casussen", value(arr));
            }
            CasusBehoefte::Geen => continue,
        }
        extra.push(format!(
            "Casus{} gekozen voor {}: {}; kies zelf andere in het bestand (zie `draaiboek casussen`).",
            if ids.len() == 1 { "" } else { "sen" },
            w.titel,
            join_ticks(&ids.iter().map(String::as_str).collect::<Vec<_>>())
        ));
    }
    (tabel, extra)
}

pub fn verwijder(lib_dir: Option<&Path>, pad: &Path, bouwsteen: &str) -> Result<Outcome> {
    let mut bw = Bewerking::open(lib_dir, pad)?;
    let bouwsteen = bouwsteen.trim();
    let ids = bw.ids()?;
    let Some(index) = ids.iter().rposition(|i| i == bouwsteen) else {
        let aanwezig: Vec<&str> = ids.iter().map(String::as_str).collect();
        let wat = if bw.lib.bouwsteen(bouwsteen).is_some() {
            format!("bouwsteen `{bouwsteen}` staat niet in het programma; er is niets veranderd")
        } else {
            format!("onbekende bouwsteen `{bouwsteen}`; er is niets veranderd")
        };
        return Err(super::invoerfout(
            wat,
            format!(
                "{} (in het programma: {})",
                did_you_mean(bouwsteen, &aanwezig),
                join_ticks(&aanwezig)
            ),
        ));
    };
    if ids.len() == 1 {
        return Err(super::invoerfout(
            format!("`{bouwsteen}` is de enige bouwsteen; zonder bouwstenen is er geen programma meer"),
            "voeg eerst een andere bouwsteen toe met `draaiboek voeg-toe`".into(),
        ));
    }
    let titel = bw.sessie.programma[index].bouwsteen.titel.clone();
    let prog = bw.programma()?;
    let weg = prog.remove(index);
    // Comments above the header that are separated from it by a blank line
    // introduce what follows, not this block: hand them to the next table.
    let los = losse_kop(&weg);
    if !los.is_empty() {
        let pos = weg.position();
        if let Some(volgende) = volgende_tabel(&mut bw.doc, pos) {
            let rest = volgende
                .decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("\n")
                .to_string();
            volgende.decor_mut().set_prefix(format!("{los}{rest}"));
        } else {
            let rest = bw.doc.trailing().as_str().unwrap_or("").to_string();
            bw.doc.set_trailing(format!("{los}{rest}"));
        }
    }
    let dubbel = ids.iter().filter(|i| *i == bouwsteen).count() > 1;
    let mut melding = format!("Bouwsteen `{bouwsteen}` ({titel}) uit het programma gehaald.");
    if dubbel {
        melding.push_str(" Hij stond er vaker in; de laatste is weggehaald.");
    }
    bw.schrijf(&melding)
}

/// The part of a table's prefix before its last blank line (the comment
/// block that does not belong to the header), without that blank line.
fn losse_kop(t: &Table) -> String {
    let prefix = t.decor().prefix().and_then(|p| p.as_str()).unwrap_or("");
    match prefix.rfind("\n\n") {
        Some(i) if prefix[..i].contains('#') => prefix[..i + 1].to_string(),
        _ => String::new(),
    }
}

/// The top-level table that follows document position `pos`.
fn volgende_tabel(doc: &mut DocumentMut, pos: Option<isize>) -> Option<&mut Table> {
    let pos = pos?;
    let mut beste: Option<(isize, &mut Table)> = None;
    for (_, item) in doc.as_table_mut().iter_mut() {
        let tabellen: Vec<&mut Table> = match item {
            Item::Table(t) => vec![t],
            Item::ArrayOfTables(a) => a.iter_mut().collect(),
            _ => continue,
        };
        for t in tabellen {
            if let Some(p) = t.position()
                && p > pos
                && beste.as_ref().is_none_or(|(b, _)| p < *b)
            {
                beste = Some((p, t));
            }
        }
    }
    beste.map(|(_, t)| t)
}
