//! Dates, in digits ("12-01-2026", "3/3/26") and written out ("12 januari",
//! "op 3 maart 2026"). With a word about birth nearby ("geboren",
//! "uitgerekend", "bevallen") it is a birth date: a strong identifier; any
//! other date is a weaker signal.

use super::tokens::Tok;
use super::woorden::Woorden;
use super::{Soort, Vondst};

pub(crate) fn zoek(_text: &str, toks: &[Tok], w: &Woorden, out: &mut Vec<Vondst>) {
    let mut i = 0;
    while i < toks.len() {
        let Some(eind) = datum(toks, i, w) else {
            i += 1;
            continue;
        };
        let soort = if geboorte(toks, i, eind, w) {
            Soort::Geboortedatum
        } else {
            Soort::Datum
        };
        out.push(Vondst::new(soort, toks[i].s..toks[eind].e));
        i = eind + 1;
    }
}

/// A date starting at token `i`: the index of its last token.
fn datum(toks: &[Tok], i: usize, w: &Woorden) -> Option<usize> {
    let t = &toks[i];
    if cijferdatum(t.w) {
        return Some(i);
    }
    // "op 3-1", "sinds 12/4": a day and month after a word for a moment.
    if i > 0
        && toks[i - 1].los()
        && ["op", "sinds", "vanaf", "per", "tot", "d.d"].contains(&toks[i - 1].w.to_lowercase().as_str())
        && dag_maand(t.w)
    {
        return Some(i);
    }
    // "12 januari", "3 mrt. 2026", "1e mei".
    let dag: u32 = t.w.trim_end_matches('e').parse().ok()?;
    if !(1..=31).contains(&dag) || !t.los() {
        return None;
    }
    let m = toks.get(i + 1)?;
    if !w.maand(m.w) || m.hoofdletter() && m.w.len() <= 3 {
        // "Jan" and "Dec" with a capital are names.
        return None;
    }
    match toks.get(i + 2) {
        Some(j) if (m.los() || m.na == ".") && j.w.len() == 4 && jaar(j.w) => Some(i + 2),
        _ => Some(i + 1),
    }
}

/// "3-1", "12/4": a day and a month.
fn dag_maand(s: &str) -> bool {
    let Some((d, m)) = s.split_once(['-', '/']) else {
        return false;
    };
    let getal = |p: &str, max: u32| p.len() <= 2 && p.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n));
    getal(d, 31) && getal(m, 12)
}

fn jaar(s: &str) -> bool {
    s.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y))
}

/// "12-04-1995", "12/4/95", "3.3.2026", "2026-01-12".
fn cijferdatum(s: &str) -> bool {
    let sep = ['-', '/', '.'].into_iter().find(|c| s.contains(*c));
    let Some(sep) = sep else { return false };
    let delen: Vec<&str> = s.split(sep).collect();
    if delen.len() != 3
        || !delen
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let n: Vec<u32> = delen.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let (d, m, y, ylen) = if delen[0].len() == 4 {
        (n[2], n[1], n[0], 4)
    } else {
        (n[0], n[1], n[2], delen[2].len())
    };
    (1..=31).contains(&d)
        && (1..=12).contains(&m)
        && delen[1].len() <= 2
        && (ylen == 4 && (1900..=2100).contains(&y) || ylen == 2)
}

/// A word about birth in the five words before the date or the three after.
fn geboorte(toks: &[Tok], i: usize, eind: usize, w: &Woorden) -> bool {
    let voor = toks[i.saturating_sub(5)..i].iter();
    let na = toks[eind + 1..(eind + 4).min(toks.len())].iter();
    voor.chain(na)
        .any(|t| w.geboorte.contains(t.w.to_lowercase().trim_end_matches('.')))
}
