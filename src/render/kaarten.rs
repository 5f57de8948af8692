//! Case cards laid out for an office printer: A4 portrait, four A6 slots.
//!
//! A card's content is cut into A6 *faces* by an estimate of lines (a
//! conservative characters-per-line and lines-per-face for the card's type
//! size), never by the browser: CSS cannot move overflowing text to another
//! slot, and a fixed-size card that overflows would silently lose text.
//!
//! - one face: a single A6 card;
//! - two faces: a *fold card*: front and back side by side in one row of the
//!   sheet; cut around the pair, fold on the middle line. Printed one-sided,
//!   so no duplex alignment is needed;
//! - more: fold cards, then a single A6 marked "vervolg" for an odd last face.
//!
//! A fold card needs the two slots of one row, so placement keeps order but
//! lets a later single card fill a hole left at the end of a row.

use serde::Serialize;

use crate::model::{CasusBehoefte, Sessie};

// Measured in Chromium with DejaVu Serif and DejaVu Sans (the widest of the
// fonts in the style sheet, and the ones CI prints with) on the real case cards,
// and kept on the safe side, so that text never runs off a card. The card's
// style sheet is in `casuskaarten.html.j2`: body 9 pt serif with 1.24 line
// height (3.94 mm a line), questions 9 pt sans, content 91 × 136.5 mm.
/// Characters per body line (9 pt serif on 91 mm): 50 on average, 54 at most.
pub const TEKENS_PER_REGEL: usize = 53;
/// Characters per question line (9 pt sans, 86.5 mm after the number): about 50.
pub const TEKENS_PER_VRAAGREGEL: usize = 49;
/// Characters per title line (11 pt bold sans): 29 at most measured.
pub const TEKENS_PER_TITELREGEL: usize = 36;
/// A question line against a body line: 9 × 1.2 pt against 9 × 1.24 pt.
const VRAAGREGEL_HOOGTE: f32 = 0.97;
/// The gap under each question (0.5 mm), in body lines.
const VRAAG_WIT: f32 = 0.13;
/// Body lines on an A6 face: 136.5 mm of 3.94 mm lines is 34.6; over half a line spare.
pub const REGELS_PER_VLAK: f32 = 34.0;
/// Label and a one-line title; each further title line adds [`TITELREGEL`].
const KOP_REGELS: f32 = 2.9;
const TITELREGEL: f32 = 1.2;
const VERVOLG_KOP_REGELS: f32 = 2.9;
const VOET_REGELS: f32 = 1.2;
const ALINEA_WIT: f32 = 0.3;
const VRAGEN_KOP_REGELS: f32 = 1.5;

#[derive(Debug, Clone, Serialize)]
pub struct Kaart {
    pub id: String,
    pub nummer: u32,
    pub titel: String,
    /// Paragraphs of the case text.
    pub alineas: Vec<String>,
    pub vragen: Vec<String>,
    /// The work format the card is used in ("" if none).
    pub werkvorm: String,
    /// The faces the card takes when printed (1: single, 2: fold card, …).
    pub vlakken: Vec<Vlak>,
}

/// One A6 face of a card.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Vlak {
    pub nummer: u32,
    pub titel: String,
    pub werkvorm: String,
    /// A continuation face: shows a short header.
    pub vervolg: bool,
    pub alineas: Vec<String>,
    /// Whether the questions heading starts on this face.
    pub vragen_kop: bool,
    pub vragen: Vec<String>,
    /// Number of the first question on this face (for `<ol start>`).
    pub vragen_start: usize,
}

/// One slot of a sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Slot {
    /// "enkel", "voorkant", "achterkant" or "leeg".
    pub soort: &'static str,
    pub vlak: Vlak,
}

/// One A4 sheet: four slots, row by row.
#[derive(Debug, Clone, Serialize)]
pub struct Vel {
    pub slots: Vec<Slot>,
}

/// Every case the programme uses, in order of use, with the questions of
/// the work format it is used in (the session's own `vragen` first). A case
/// used by two work formats gets a card for each, with its own questions.
pub fn kaarten(s: &Sessie) -> Vec<Kaart> {
    let mut out: Vec<Kaart> = Vec::new();
    for item in &s.programma {
        let wv = item
            .werkvormen
            .iter()
            .find(|w| w.casussen != CasusBehoefte::Geen)
            .or(item.werkvormen.first());
        let vragen = item
            .vragen
            .clone()
            .filter(|v| !v.is_empty())
            .or_else(|| wv.map(|w| w.vragen.clone()))
            .unwrap_or_default();
        let werkvorm = wv.map(|w| w.titel.clone()).unwrap_or_default();
        for c in item.alle_casussen() {
            // An own case's strong identifiers never reach the card.
            let schoon = |t: &str| crate::privacy::casus::afgeschermd(t, c);
            let vragen: Vec<String> = vragen.iter().map(|v| schoon(v)).collect();
            // One case in two work formats: a card for each, each with its
            // own questions (never one card with the other format's questions).
            if out
                .iter()
                .any(|k| k.id == c.id && k.werkvorm == werkvorm && k.vragen == vragen)
            {
                continue;
            }
            let mut k = Kaart {
                id: c.id.clone(),
                nummer: c.nummer,
                titel: schoon(&c.titel).split_whitespace().collect::<Vec<_>>().join(" "),
                alineas: alineas(&schoon(&c.tekst)),
                vragen,
                werkvorm: werkvorm.clone(),
                vlakken: Vec::new(),
            };
            k.vlakken = vlakken(&k);
            out.push(k);
        }
    }
    out
}

/// Paragraphs: blank-line separated, inner line breaks joined.
fn alineas(tekst: &str) -> Vec<String> {
    tekst
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn regels(tekst: &str) -> f32 {
    regels_bij(tekst, TEKENS_PER_REGEL)
}

/// Lines a text takes at `breedte` characters per line: greedy word wrap, as
/// the browser does; a word longer than a line wraps.
fn regels_bij(tekst: &str, breedte: usize) -> f32 {
    let mut lines = 1usize;
    let mut col = 0usize;
    for w in tekst.split_whitespace() {
        let len = w.chars().count();
        if col > 0 && col + 1 + len > breedte {
            lines += 1;
            col = 0;
        }
        let start = if col == 0 { 0 } else { col + 1 };
        let end = start + len;
        lines += end.saturating_sub(1) / breedte;
        col = (end - 1) % breedte + 1;
    }
    lines as f32
}

/// Body lines a piece takes on a card.
fn regels_voor(stuk: &Stuk) -> f32 {
    match stuk {
        Stuk::Alinea(t) => regels(t) + ALINEA_WIT,
        Stuk::Vraag(i, t) => {
            let kop = if *i == 1 { VRAGEN_KOP_REGELS } else { 0.0 };
            kop + regels_bij(t, TEKENS_PER_VRAAGREGEL) * VRAAGREGEL_HOOGTE + VRAAG_WIT
        }
    }
}

fn stukken(k: &Kaart) -> Vec<Stuk> {
    let mut out: Vec<Stuk> = k.alineas.iter().cloned().map(Stuk::Alinea).collect();
    out.extend(k.vragen.iter().enumerate().map(|(i, v)| Stuk::Vraag(i + 1, v.clone())));
    out
}

/// Body lines the whole card would take on one face (title, text, questions,
/// footer), against [`REGELS_PER_VLAK`].
pub fn regels_op_een_vlak(k: &Kaart) -> f32 {
    let titel_regels = (regels_bij(&k.titel, TEKENS_PER_TITELREGEL) - 1.0) * TITELREGEL;
    KOP_REGELS + titel_regels + VOET_REGELS + stukken(k).iter().map(regels_voor).sum::<f32>()
}

/// Cut a card into faces.
pub fn vlakken(k: &Kaart) -> Vec<Vlak> {
    let nieuw = |vervolg: bool| Vlak {
        nummer: k.nummer,
        titel: k.titel.clone(),
        werkvorm: k.werkvorm.clone(),
        vervolg,
        ..Vlak::default()
    };
    let titel_regels = (regels_bij(&k.titel, TEKENS_PER_TITELREGEL) - 1.0) * TITELREGEL;
    let mut out = Vec::new();
    let mut vlak = nieuw(false);
    let mut vrij = REGELS_PER_VLAK - KOP_REGELS - titel_regels - VOET_REGELS;
    let mut queue: std::collections::VecDeque<Stuk> = stukken(k).into();
    while let Some(stuk) = queue.pop_front() {
        let nodig = regels_voor(&stuk);
        let kop = match &stuk {
            Stuk::Vraag(1, _) => VRAGEN_KOP_REGELS,
            _ => 0.0,
        };
        let leeg = vlak.alineas.is_empty() && vlak.vragen.is_empty();
        if nodig <= vrij || (leeg && kop + 1.0 + ALINEA_WIT > vrij) {
            place(&mut vlak, &stuk);
            vrij -= nodig;
            continue;
        }
        // Split a paragraph at a word boundary when at least two lines fit.
        if let Stuk::Alinea(t) = &stuk {
            let past = ((vrij - ALINEA_WIT).floor() as usize) * TEKENS_PER_REGEL;
            if vrij - ALINEA_WIT >= 2.0 {
                let (kop, rest) = split_words(t, past);
                if !kop.is_empty() {
                    vlak.alineas.push(kop);
                    queue.push_front(Stuk::Alinea(rest));
                    out.push(std::mem::replace(&mut vlak, nieuw(true)));
                    vrij = REGELS_PER_VLAK - VERVOLG_KOP_REGELS - VOET_REGELS;
                    continue;
                }
            }
        }
        if leeg {
            // Cannot fit even on an empty face (a giant word): place anyway.
            place(&mut vlak, &stuk);
            vrij = 0.0;
            continue;
        }
        out.push(std::mem::replace(&mut vlak, nieuw(true)));
        vrij = REGELS_PER_VLAK - VERVOLG_KOP_REGELS - VOET_REGELS;
        queue.push_front(stuk);
    }
    out.push(vlak);
    out
}

/// A piece of card content: a paragraph or a numbered question.
enum Stuk {
    Alinea(String),
    Vraag(usize, String),
}

fn place(vlak: &mut Vlak, stuk: &Stuk) {
    match stuk {
        Stuk::Alinea(t) => vlak.alineas.push(t.clone()),
        Stuk::Vraag(i, t) => {
            if vlak.vragen.is_empty() {
                vlak.vragen_start = *i;
                vlak.vragen_kop = *i == 1;
            }
            vlak.vragen.push(t.clone());
        }
    }
}

fn split_words(t: &str, max_chars: usize) -> (String, String) {
    // Leave room for wrap losses: fill to 85 % of the estimate.
    let budget = max_chars * 85 / 100;
    let mut kop = String::new();
    let mut words = t.split_whitespace().peekable();
    while let Some(w) = words.peek() {
        if kop.chars().count() + w.chars().count() + 1 > budget {
            break;
        }
        if !kop.is_empty() {
            kop.push(' ');
        }
        kop.push_str(w);
        words.next();
    }
    let rest: Vec<&str> = words.collect();
    (kop, rest.join(" "))
}

/// Lay faces out on sheets of four slots (two rows of two).
///
/// A fold card takes a whole row. Single faces pair up in order; a single
/// that waits for a partner lets fold cards pass, so a row is never left
/// half empty in the middle of the set. Only the very last slot can be empty.
pub fn vellen(kaarten: &[Kaart]) -> Vec<Vel> {
    let mut rijen: Vec<Vec<Slot>> = Vec::new();
    // Rows holding one single face, waiting for a second.
    let mut open: Vec<usize> = Vec::new();
    for k in kaarten {
        let mut faces = k.vlakken.iter();
        for _ in 0..k.vlakken.len() / 2 {
            let (voor, achter) = (faces.next().expect("pair"), faces.next().expect("pair"));
            rijen.push(vec![
                Slot {
                    soort: "voorkant",
                    vlak: voor.clone(),
                },
                Slot {
                    soort: "achterkant",
                    vlak: achter.clone(),
                },
            ]);
        }
        if let Some(last) = faces.next() {
            let slot = Slot {
                soort: "enkel",
                vlak: last.clone(),
            };
            // The last face of a long card stays after its fold card.
            let vervolg = k.vlakken.len() > 1;
            match open.first() {
                Some(&i) if !vervolg => {
                    rijen[i].push(slot);
                    open.remove(0);
                }
                _ => {
                    rijen.push(vec![slot]);
                    open.push(rijen.len() - 1);
                }
            }
        }
    }
    // Rows still waiting (only after a long card's last face): pair them up at the end.
    let mut rest: Vec<Slot> = Vec::new();
    for &i in open.iter().rev() {
        rest.insert(0, rijen.remove(i).pop().expect("one face"));
    }
    let mut slots: Vec<Slot> = rijen.into_iter().flatten().collect();
    slots.extend(rest);
    slots
        .chunks(4)
        .map(|chunk| {
            let mut v = chunk.to_vec();
            while v.len() < 4 {
                v.push(Slot {
                    soort: "leeg",
                    vlak: Vlak::default(),
                });
            }
            Vel { slots: v }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CasusBehoefte;

    fn kaart(titel: &str, tekst: &str, vragen: &[String]) -> Kaart {
        let mut k = Kaart {
            id: "x".into(),
            nummer: 1,
            titel: titel.into(),
            alineas: alineas(tekst),
            vragen: vragen.to_vec(),
            werkvorm: "Werkvorm".into(),
            vlakken: Vec::new(),
        };
        k.vlakken = vlakken(&k);
        k
    }

    /// Every built-in case, with the questions of every work format that
    /// uses cases, fits one A6 face: N cards print on ⌈N/4⌉ sheets.
    #[test]
    fn every_builtin_case_fits_one_face_with_any_work_format() {
        let lib = crate::library::builtin().expect("built-in library");
        let formats: Vec<_> = lib
            .bouwstenen
            .iter()
            .flat_map(|b| &b.werkvormen)
            .filter(|w| w.casussen != CasusBehoefte::Geen)
            .collect();
        assert!(formats.len() >= 3, "werkvormen met casussen: {}", formats.len());
        assert_eq!(lib.casussen.len(), 8);
        for c in &lib.casussen {
            for w in &formats {
                let k = kaart(&c.titel, &c.tekst, &w.vragen);
                let nodig = regels_op_een_vlak(&k);
                assert!(
                    k.vlakken.len() == 1,
                    "casus {} met {}: {nodig:.1} van {REGELS_PER_VLAK} regels, {} vlakken",
                    c.id,
                    w.id,
                    k.vlakken.len()
                );
            }
        }
    }

    fn soorten(v: &[Vel]) -> Vec<&'static str> {
        v.iter().flat_map(|v| v.slots.iter().map(|s| s.soort)).collect()
    }

    #[test]
    fn a_long_case_folds_and_leaves_no_hole() {
        let lang = "Een heel lange eigen casus met veel zinnen erin. ".repeat(40);
        let kort = kaart("Kort", "Een korte casus.", &[]);
        let vouw = kaart("Lang", &lang, &[]);
        assert_eq!(vouw.vlakken.len(), 2, "de lange casus hoort een vouwkaart te zijn");
        // single, fold, single, single: the waiting single pairs with the next.
        let v = vellen(&[kort.clone(), vouw.clone(), kort.clone(), kort.clone()]);
        assert_eq!(
            soorten(&v),
            [
                "enkel",
                "enkel",
                "voorkant",
                "achterkant",
                "enkel",
                "leeg",
                "leeg",
                "leeg"
            ]
        );
        // single, fold: the fold card takes the first row, the single follows.
        let v = vellen(&[kort.clone(), vouw.clone()]);
        assert_eq!(soorten(&v), ["voorkant", "achterkant", "enkel", "leeg"]);
        // Never an empty slot before the last one.
        for n in 0..6 {
            let mut set = vec![vouw.clone(); n % 3];
            set.extend(vec![kort.clone(); n]);
            set.rotate_left(n / 2);
            let s = soorten(&vellen(&set));
            let eerste_leeg = s.iter().position(|x| *x == "leeg").unwrap_or(s.len());
            assert!(s[eerste_leeg..].iter().all(|x| *x == "leeg"), "{s:?}");
            assert!(s.len() - eerste_leeg < 4 || s.is_empty(), "{s:?}");
            assert!(s.iter().filter(|x| **x == "leeg").count() <= 3, "{s:?}");
        }
    }

    #[test]
    fn four_single_cards_make_one_sheet() {
        let k = kaart("Kort", "Een korte casus.", &["Een vraag?".into()]);
        assert_eq!(vellen(&vec![k.clone(); 4]).len(), 1);
        assert_eq!(vellen(&vec![k; 8]).len(), 2);
    }
}
