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

// Measured in Chromium on the real case cards (screenshots, docs/casuskaarten.png)
// and kept a little on the safe side, so that text never runs off a card.
/// Characters per body line (9.5 pt serif on 92 mm): 50 to 53 measured.
pub const TEKENS_PER_REGEL: usize = 49;
/// Characters per question line (8.5 pt sans, 87 mm after the indent): 55 to 57 measured.
pub const TEKENS_PER_VRAAGREGEL: usize = 54;
/// Characters per title line (12 pt bold sans): about 35.
pub const TEKENS_PER_TITELREGEL: usize = 33;
/// A question line against a body line: 8.5 × 1.25 pt against 9.5 × 1.28 pt.
const VRAAGREGEL_HOOGTE: f32 = 0.874;
/// The gap under each question (0.8 mm), in body lines.
const VRAAG_WIT: f32 = 0.19;
/// Body lines on an A6 face: 135.5 mm of 4.29 mm lines is 31.6; half a line spare.
pub const REGELS_PER_VLAK: f32 = 31.0;
/// Label and a one-line title; each further title line adds [`TITELREGEL`].
const KOP_REGELS: f32 = 3.0;
const TITELREGEL: f32 = 1.2;
const VERVOLG_KOP_REGELS: f32 = 2.5;
const VOET_REGELS: f32 = 1.1;
const ALINEA_WIT: f32 = 0.47;
const VRAGEN_KOP_REGELS: f32 = 1.6;

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

/// Every case the programme uses, once, in order of use, with the questions
/// of the work format it is used in (the session's own `vragen` first).
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
        for c in item.alle_casussen() {
            if out.iter().any(|k| k.id == c.id) {
                continue;
            }
            let mut k = Kaart {
                id: c.id.clone(),
                nummer: c.nummer,
                titel: c.titel.split_whitespace().collect::<Vec<_>>().join(" "),
                alineas: alineas(&c.tekst),
                vragen: vragen.clone(),
                werkvorm: wv.map(|w| w.titel.clone()).unwrap_or_default(),
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

/// Cut a card into faces.
pub fn vlakken(k: &Kaart) -> Vec<Vlak> {
    let mut stukken: Vec<Stuk> = k.alineas.iter().cloned().map(Stuk::Alinea).collect();
    stukken.extend(k.vragen.iter().enumerate().map(|(i, v)| Stuk::Vraag(i + 1, v.clone())));

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
    let mut queue: std::collections::VecDeque<Stuk> = stukken.into();
    while let Some(stuk) = queue.pop_front() {
        let nodig = match &stuk {
            Stuk::Alinea(t) => regels(t) + ALINEA_WIT,
            Stuk::Vraag(i, t) => {
                let kop = if *i == 1 { VRAGEN_KOP_REGELS } else { 0.0 };
                kop + regels_bij(t, TEKENS_PER_VRAAGREGEL) * VRAAGREGEL_HOOGTE + VRAAG_WIT
            }
        };
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
pub fn vellen(kaarten: &[Kaart]) -> Vec<Vel> {
    let mut slots: Vec<Option<Slot>> = Vec::new();
    let mut hole: Option<usize> = None;
    for k in kaarten {
        let mut faces = k.vlakken.iter();
        let paren = k.vlakken.len() / 2;
        for _ in 0..paren {
            let (voor, achter) = (faces.next().expect("pair"), faces.next().expect("pair"));
            if slots.len() % 2 == 1 {
                hole = hole.or(Some(slots.len()));
                slots.push(None);
            }
            slots.push(Some(Slot {
                soort: "voorkant",
                vlak: voor.clone(),
            }));
            slots.push(Some(Slot {
                soort: "achterkant",
                vlak: achter.clone(),
            }));
        }
        if let Some(last) = faces.next() {
            let slot = Slot {
                soort: "enkel",
                vlak: last.clone(),
            };
            match hole.take() {
                Some(i) => slots[i] = Some(slot),
                None => slots.push(Some(slot)),
            }
        }
    }
    slots
        .chunks(4)
        .map(|chunk| {
            let mut v: Vec<Slot> = chunk
                .iter()
                .map(|s| {
                    s.clone().unwrap_or(Slot {
                        soort: "leeg",
                        vlak: Vlak::default(),
                    })
                })
                .collect();
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
