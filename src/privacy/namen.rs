//! Names of people: a first name with a surname ("Dewi de Haan"), initials
//! with a surname ("J.M. van Dijk") and a surname after a title ("mevrouw
//! De Haan", "dr. Jansen", "de familie Bakker"). A first name alone is how
//! the built-in cases are written, and is fine.

use super::tokens::Tok;
use super::woorden::Woorden;
use super::{Soort, Vondst};

pub(crate) fn zoek(text: &str, toks: &[Tok], w: &Woorden, out: &mut Vec<Vondst>) {
    let mut i = 0;
    while i < toks.len() {
        if let Some(v) = naam_bij(text, toks, i, w) {
            let eind = v.span.end;
            out.push(v);
            while i < toks.len() && toks[i].s < eind {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
}

fn naam_bij(text: &str, toks: &[Tok], i: usize, w: &Woorden) -> Option<Vondst> {
    let t = &toks[i];
    if !(t.los() || initialen(t) || w.titel(t.w) && t.na == ".") {
        return None;
    }
    // A title, then a surname with or without tussenvoegsels.
    if w.titel(t.w) && !t.zinseinde_echt() {
        let (k, tussen) = tussenvoegsels(toks, i + 1, w, true);
        if let Some(a) = toks.get(k)
            && achternaam(a, w)
            && (tussen > 0 || !w.voornaam(a.w))
        {
            // "de heer" and "de familie": the "de" belongs to the title.
            return Some(Vondst::new(Soort::Naam, t.s..a.e));
        }
        return None;
    }
    // Initials, then a surname.
    if initialen(t) {
        let (k, _) = tussenvoegsels(toks, i + 1, w, true);
        if let Some(a) = toks.get(k)
            && achternaam(a, w)
        {
            return Some(Vondst::new(Soort::Naam, t.s..a.e));
        }
        return None;
    }
    // A role, then an unknown first name and a surname: "moeder Sietske Hoekstra".
    if w.rollen.contains(t.w.to_lowercase().as_str())
        && let Some(v) = toks.get(i + 1)
        && v.los()
        && v.hoofdletter()
        && woord(v.w)
        && !w.gewoon(v.w)
        && !w.organisatie(v.w)
        && !w.voornaam(v.w)
    {
        let (k, _) = tussenvoegsels(toks, i + 2, w, false);
        if let Some(a) = toks.get(k)
            && achternaam(a, w)
        {
            let mut n = Vondst::new(Soort::Naam, v.s..a.e);
            n.herschreven = Some((text[v.s..a.e].to_string(), v.w.to_string()));
            return Some(n);
        }
    }
    // A first name, then a surname; an unknown first word only with a
    // tussenvoegsel between ("Xiomara van Dijk").
    if !t.hoofdletter() || !woord(t.w) || w.gewoon(t.w) || w.organisatie(t.w) || w.instelling(t.w).is_some() {
        return None;
    }
    let bekend = w.voornaam(t.w);
    let (k, tussen) = tussenvoegsels(toks, i + 1, w, false);
    if !bekend && tussen == 0 {
        return None;
    }
    let a = toks.get(k)?;
    if !achternaam(a, w) || w.straat(a.w) {
        return None;
    }
    let mut v = Vondst::new(Soort::Naam, t.s..a.e);
    // The same words with the first name only, keeping an age after it:
    // "Dewi de Haan (19)" → "Dewi (19)".
    let leeftijd = toks.get(k + 1).filter(|n| {
        n.cijfers() && n.w.len() <= 2 && ((a.na.is_empty() && n.voor == "(" && n.na.starts_with(')')) || a.na == ",")
    });
    let eind = leeftijd.map_or(a.e, |n| n.e + usize::from(n.na.starts_with(')')));
    let (oud, nieuw) = (text[t.s..eind].to_string(), format!("{}{}", t.w, &text[a.e..eind]));
    v.herschreven = Some((oud, nieuw));
    Some(v)
}

const VOORZETSELS: &[&str] = &["in", "op", "uit", "aan", "te", "het", "'t"];

/// Skip tussenvoegsels from `j` ("de", "van der", "in 't"); with `hoofd`
/// also capitalised ones ("De Haan" after a title). Returns the next index
/// and how many were skipped.
fn tussenvoegsels(toks: &[Tok], mut j: usize, w: &Woorden, hoofd: bool) -> (usize, usize) {
    let mut n = 0;
    while let Some(t) = toks.get(j) {
        let klein = t.w.chars().next().is_some_and(char::is_lowercase) || t.w.starts_with('\'');
        if !w.tussenvoegsel(t.w) || !(klein || hoofd) || !t.los() || n >= 3 {
            break;
        }
        // "in", "op", "uit", "aan", "te" start a place or a time far more
        // often than a name ("Dewi in Lunetten"): only after another one.
        if n == 0 && VOORZETSELS.contains(&t.w.to_lowercase().as_str()) {
            break;
        }
        // A capitalised tussenvoegsel is part of the name only if another word follows.
        n += 1;
        j += 1;
    }
    (j, n)
}

/// A word that can be a surname: capitalised letters ("Haan", "El-Amrani",
/// "Haan-Bakker"), not a common word, month, organisation or kind of place.
fn achternaam(t: &Tok, w: &Woorden) -> bool {
    let letters = t.w.chars().filter(|c| c.is_alphabetic()).count();
    t.hoofdletter()
        && woord(t.w)
        && letters >= 2
        && !t.w.chars().skip(1).all(char::is_uppercase)
        && !w.gewoon(t.w)
        && !w.maand(t.w)
        && !w.organisatie(t.w)
        && !w.titel(t.w)
        && w.instelling(t.w).is_none()
        && !w.groot(t.w)
}

fn woord(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
}

/// "J", "J.M", "A.B.C" followed by a full stop.
fn initialen(t: &Tok) -> bool {
    t.na.starts_with('.')
        && t.w
            .split('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
}

impl Tok<'_> {
    /// Ends a sentence, other than by the full stop of an abbreviation ("dr.").
    fn zinseinde_echt(&self) -> bool {
        self.na.contains(['!', '?', ':'])
    }
}
