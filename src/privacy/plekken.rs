//! Weaker signals: a place that is not a big city ("in Heechterp") and an
//! institution with its own name ("basisschool De Regenboog", "wijkteam
//! Noord", "de Regenboogschool"). On their own they name nobody; next to
//! an age and a story they can.

use super::tokens::Tok;
use super::woorden::Woorden;
use super::{Soort, Vondst};

const VOORZETSELS: &[&str] = &["in", "uit", "te", "naar", "bij", "rond", "vanuit", "nabij", "richting"];

pub(crate) fn zoek(_text: &str, toks: &[Tok], w: &Woorden, out: &mut Vec<Vondst>) {
    for (i, t) in toks.iter().enumerate() {
        // The place after a postcode: "9681 AJ Midwolda".
        if i >= 2
            && toks[i - 1].los()
            && toks[i - 2].los()
            && toks[i - 2].cijfers()
            && toks[i - 2].w.len() == 4
            && toks[i - 1].w.len() == 2
            && toks[i - 1].w.chars().all(|c| c.is_ascii_uppercase())
            && eigennaam(t, w)
            && !w.groot(t.w)
        {
            out.push(Vondst::new(Soort::Plaats, t.s..t.e));
        } else if let Some((b, e)) = instelling(toks, i, w) {
            out.push(Vondst::new(Soort::Instelling, toks[b].s..toks[e].e));
        } else if i > 0
            && toks[i - 1].los()
            && VOORZETSELS.contains(&toks[i - 1].w.to_lowercase().as_str())
            && let Some(e) = plaats(toks, i, w)
        {
            out.push(Vondst::new(Soort::Plaats, t.s..toks[e].e));
        }
    }
}

/// A name-like capitalised word: not common, not a month, not a national
/// organisation.
fn eigennaam(t: &Tok, w: &Woorden) -> bool {
    t.hoofdletter()
        && t.w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        && t.w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !w.gewoon(t.w)
        && !w.maand(t.w)
        && !w.organisatie(t.w)
}

/// A place at `i` after a preposition: one or two capitalised words ("Den
/// Helder", "Heechterp-Schieringen") that are not a big city, a country, a
/// first name or an organisation.
fn plaats(toks: &[Tok], i: usize, w: &Woorden) -> Option<usize> {
    let t = &toks[i];
    if !(eigennaam(t, w) || w.tussenvoegsel(t.w) && t.hoofdletter()) || w.voornaam(t.w) {
        return None;
    }
    if w.instelling(t.w).is_some() || w.straat(t.w) && toks.get(i + 1).is_some_and(Tok::cijfers) {
        return None;
    }
    let mut e = i;
    if t.los()
        && let Some(n) = toks.get(i + 1)
        && eigennaam(n, w)
        && !w.voornaam(n.w)
    {
        e = i + 1;
    }
    let naam: Vec<&str> = toks[i..=e].iter().map(|t| t.w).collect();
    let naam = naam.join(" ");
    if w.groot(&naam) || w.groot(t.w) || e == i && w.tussenvoegsel(t.w) {
        return None;
    }
    Some(e)
}

/// An institution with a name at `i`: a kind ("basisschool", "wijkteam")
/// followed by its name ("De Regenboog", "Noord"), or one capitalised word
/// that ends in a kind ("Regenboogschool"), or a name before a capitalised
/// kind ("het Stedelijk College"). The indices of the first and last word.
fn instelling(toks: &[Tok], i: usize, w: &Woorden) -> Option<(usize, usize)> {
    let t = &toks[i];
    let soort = w.instelling(t.w)?;
    let lower = t.w.to_lowercase();
    // "de Regenboogschool": more than the kind itself, capitalised, mid-sentence.
    let samengesteld = lower.len() > soort.len() + 2 && !w.instellingen.contains(&lower.as_str());
    if samengesteld && t.hoofdletter() && !t.zinbegin && !w.organisatie(t.w) {
        return Some((i, i));
    }
    // "het Stedelijk College": the name before a capitalised kind.
    if t.hoofdletter()
        && !t.zinbegin
        && i > 0
        && toks[i - 1].los()
        && eigennaam(&toks[i - 1], w)
        && !toks[i - 1].zinbegin
    {
        return Some((i - 1, i));
    }
    if !t.los() || samengesteld && t.hoofdletter() {
        return None;
    }
    // The kind, then "De Regenboog", "Het Kompas", "Noord", "Sint Jozef".
    let mut j = i + 1;
    if let Some(l) = toks.get(j)
        && (["de", "het", "'t"].contains(&l.w.to_lowercase().as_str()) || w.tussenvoegsel(l.w) && l.hoofdletter())
        && l.los()
    {
        j += 1;
    }
    let n = toks.get(j)?;
    // "gemeente Rotterdam" names a city, not a family's surroundings.
    if !eigennaam(n, w) || w.voornaam(n.w) && j == i + 1 || w.groot(n.w) {
        return None;
    }
    // A longer name: "De Vrolijke Noot".
    let mut e = j;
    while e + 1 < toks.len() && toks[e].los() && eigennaam(&toks[e + 1], w) && e < j + 2 {
        e += 1;
    }
    Some((i, e))
}
