//! The privacy rule over a session's own cases: every text of an own case
//! (title, text, and the questions and notes of the blocks that play it)
//! scanned, each finding with its file, line and column, and the marks of
//! `gecontroleerd` applied and named.

use std::ops::Range;

use crate::diag::{Plek, SourceFile};
use crate::model::{Casus, Sessie};

use super::{Soort, Vondst, scan};

/// What the rule reports about one finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Melding {
    /// Strong and not marked: an error (`privacy`); otherwise a warning
    /// (`privacy-signaal`).
    pub fout: bool,
    pub casus: String,
    pub melding: String,
    /// The message without the identifier itself, for what is printed (the
    /// CONCEPT notes in the documents must not repeat it).
    pub op_papier: String,
    pub plek: Option<Plek>,
}

/// One text of an own case, and where its value stands in the file.
struct Veld<'a> {
    naam: String,
    tekst: &'a str,
    span: Option<Range<usize>>,
}

fn gewoon(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Every finding in the session's own cases, case by case in text order.
pub fn meldingen(sessie: &Sessie) -> Vec<Melding> {
    let mut out = Vec::new();
    for c in &sessie.eigen_casussen {
        casus(sessie, c, &mut out);
    }
    out
}

fn casus(sessie: &Sessie, c: &Casus, out: &mut Vec<Melding>) {
    let eigen = c.eigen.as_deref();
    let bron = eigen.map(|e| &*e.bron);
    let mut velden = vec![
        Veld {
            naam: "`titel`".into(),
            tekst: &c.titel,
            span: eigen.and_then(|e| e.titel.clone()),
        },
        Veld {
            naam: "`tekst`".into(),
            tekst: &c.tekst,
            span: eigen.and_then(|e| e.tekst.clone()),
        },
    ];
    for p in sessie
        .programma
        .iter()
        .filter(|p| p.alle_casussen().iter().any(|x| x.id == c.id))
    {
        for v in p.vragen.iter().flatten() {
            velden.push(Veld {
                naam: format!("`vragen` van bouwsteen `{}`", p.bouwsteen.id),
                tekst: v,
                span: None,
            });
        }
        if let Some(n) = &p.notitie {
            velden.push(Veld {
                naam: format!("`notitie` van bouwsteen `{}`", p.bouwsteen.id),
                tekst: n,
                span: None,
            });
        }
    }
    let marks: Vec<(String, &Range<usize>, String)> = eigen
        .map(|e| e.gecontroleerd.iter().map(|(m, s)| (gewoon(m), s, m.clone())).collect())
        .unwrap_or_default();
    let mut gebruikt = vec![false; marks.len()];
    // Each identifier once per case: the first place, and how often it recurs.
    let mut gezien: Vec<(Soort, String, usize)> = Vec::new();
    let mut eerste: Vec<(Vondst, usize, Option<Plek>)> = Vec::new();
    for (vi, veld) in velden.iter().enumerate() {
        for v in scan(veld.tekst) {
            let sleutel = gewoon(v.tekst(veld.tekst));
            if let Some(g) = gezien.iter_mut().find(|g| g.0 == v.soort && g.1 == sleutel) {
                g.2 += 1;
                continue;
            }
            gezien.push((v.soort, sleutel, 1));
            let plek = bron.and_then(|b| plek(b, veld, &v));
            eerste.push((v, vi, plek));
        }
    }
    for ((v, vi, plek), (_, sleutel, keer)) in eerste.into_iter().zip(&gezien) {
        let veld = &velden[vi];
        let gevonden = v.tekst(veld.tekst);
        let waar = match &plek {
            Some(p) => format!("{} op regel {}", veld.naam, p.regel),
            None => veld.naam.clone(),
        };
        let nog = match keer {
            1 => String::new(),
            2 => ", en nog 1 keer in deze casus".into(),
            n => format!(", en nog {} keer in deze casus", n - 1),
        };
        let wat = v.soort.omschrijving();
        let mark = marks.iter().position(|(m, _, _)| m.contains(sleutel.as_str()));
        if let Some(m) = mark {
            gebruikt[m] = true;
            let regel = bron.map(|b| format!(", regel {}", b.line_col(marks[m].1.start).0));
            out.push(Melding {
                fout: false,
                casus: c.id.clone(),
                melding: format!(
                    "eigen casus `{}`, {waar}: \"{gevonden}\" ({wat}) is gemarkeerd als gecontroleerd en onherkenbaar (`gecontroleerd`{}). Verandert de casus, kijk dan opnieuw.",
                    c.id,
                    regel.unwrap_or_default()
                ),
                op_papier: format!(
                    "eigen casus `{}`, {waar}: {wat}, gemarkeerd als gecontroleerd.",
                    c.id
                ),
                plek,
            });
            continue;
        }
        let advies = match &v.herschreven {
            Some((oud, nieuw)) => format!("schrijf alleen de voornaam: \"{nieuw}\" in plaats van \"{oud}\""),
            None => v.soort.advies().to_string(),
        };
        let melding = if v.soort.sterk() {
            format!(
                "eigen casus `{}`, {waar}: {wat}, \"{gevonden}\"{nog}. Casuskaarten gaan geprint rond bij collega's van andere organisaties; {advies}. Is het verzonnen of al onherkenbaar gemaakt? Zet het dan bij deze casus in de lijst `gecontroleerd`: gecontroleerd = [\"{gevonden}\"].",
                c.id
            )
        } else {
            format!(
                "eigen casus `{}`, {waar}: {wat}, \"{gevonden}\"{nog}. Samen met de rest van het verhaal kan dat een gezin herkenbaar maken; {advies}. Bewust zo gelaten? Zet het dan bij deze casus in `gecontroleerd`.",
                c.id
            )
        };
        out.push(Melding {
            fout: v.soort.sterk(),
            casus: c.id.clone(),
            melding,
            op_papier: format!(
                "eigen casus `{}`, {waar}: {wat}. Op de casuskaart is het afgeschermd; zie `draaiboek controleer`.",
                c.id
            ),
            plek,
        });
    }
    // A mark for a text that is no longer in the case.
    let alles = gewoon(&velden.iter().map(|v| v.tekst).collect::<Vec<_>>().join("\n"));
    for (i, (m, span, origineel)) in marks.iter().enumerate() {
        if gebruikt[i] || alles.contains(m.as_str()) {
            continue;
        }
        out.push(Melding {
            fout: false,
            casus: c.id.clone(),
            melding: format!(
                "eigen casus `{}`: `gecontroleerd` noemt \"{origineel}\", maar dat staat niet (meer) in de casus. Haal het weg of schrijf het zoals het in de tekst staat.",
                c.id
            ),
            op_papier: format!("eigen casus `{}`: een markering in `gecontroleerd` past niet meer.", c.id),
            plek: bron.map(|b| Plek::van(b, (*span).clone())),
        });
    }
}

/// Where a finding stands in the file: the same text inside the field's
/// value (the same occurrence), else anywhere in the file, else the start
/// of the value.
fn plek(bron: &SourceFile, veld: &Veld, v: &Vondst) -> Option<Plek> {
    let naald = v.tekst(veld.tekst);
    let hoeveelste = veld.tekst[..v.span.start].matches(naald).count();
    let (van, tot) = veld.span.clone().map_or((0, bron.text.len()), |s| (s.start, s.end));
    let ruw = bron.text.get(van..tot)?;
    let at = ruw
        .match_indices(naald)
        .nth(hoeveelste)
        .or_else(|| ruw.match_indices(naald).next())
        .map(|(i, _)| van + i)
        .or_else(|| veld.span.as_ref().map(|s| s.start))?;
    let eind = if bron.text[at..].starts_with(naald) {
        at + naald.len()
    } else {
        at + 1
    };
    Some(Plek::van(bron, at..eind))
}

/// `tekst` of own case `c` as a card may show it: every strong identifier
/// that is not marked in `gecontroleerd` covered by a bar, so a CONCEPT
/// card never carries it. Texts of library cases come back as they are.
pub fn afgeschermd(tekst: &str, c: &Casus) -> String {
    let Some(eigen) = c.eigen.as_deref() else {
        return tekst.to_string();
    };
    let marks: Vec<String> = eigen.gecontroleerd.iter().map(|(m, _)| gewoon(m)).collect();
    let mut out = String::new();
    let mut vanaf = 0;
    for v in scan(tekst) {
        let sleutel = gewoon(v.tekst(tekst));
        if !v.soort.sterk() || marks.iter().any(|m| m.contains(sleutel.as_str())) {
            continue;
        }
        out.push_str(&tekst[vanaf..v.span.start]);
        out.push_str(AFGESCHERMD);
        vanaf = v.span.end;
    }
    out.push_str(&tekst[vanaf..]);
    out
}

/// What stands on a card instead of an identifier.
pub const AFGESCHERMD: &str = "█████";
