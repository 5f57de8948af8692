//! Addresses: a street of any form with a house number ("Vrouwenpolder 23",
//! "Tsjerkewei 4", "aan de Wielewaal 8"), a postcode ("1234 AB") and a house
//! number with an addition ("23-II", "nummer 14a").

use super::tokens::Tok;
use super::woorden::Woorden;
use super::{Soort, Vondst};

/// Words after which a number is a house number ("op nummer 14a").
const NUMMERWOORDEN: &[&str] = &[
    "nummer",
    "nr",
    "huisnummer",
    "flat",
    "portiek",
    "woning",
    "appartement",
    "bovenwoning",
    "benedenwoning",
    "etage",
];

pub(crate) fn zoek(_text: &str, toks: &[Tok], w: &Woorden, out: &mut Vec<Vondst>) {
    for (i, t) in toks.iter().enumerate() {
        // Postcode: "3512 AB" or "3512AB".
        if let Some(e) = postcode(toks, i) {
            out.push(Vondst::new(Soort::Postcode, t.s..e));
            continue;
        }
        // A street and a house number.
        if t.hoofdletter() && t.los() && straatachtig(t, w) {
            let na_voorzetsel = i >= 2
                && ["aan", "op"].contains(&toks[i - 2].w.to_lowercase().as_str())
                && ["de", "het", "'t"].contains(&toks[i - 1].w)
                && toks[i - 2].los()
                && toks[i - 1].los();
            // "Markt 14", "Singel 40": the street word alone, mid-sentence.
            let kaal = w.straatwoord(t.w) && !t.zinbegin;
            if (w.straat(t.w) || kaal || na_voorzetsel || met_toevoeging(toks, i + 1))
                && let Some(e) = huisnummer(toks, i + 1, w)
            {
                let b = begin_straat(toks, i, w);
                out.push(Vondst::new(Soort::Adres, toks[b].s..e));
                continue;
            }
        }
        // A house number with an addition on its own: "23-II", "nummer 14a".
        let na_nummerwoord =
            i >= 1 && toks[i - 1].los() && NUMMERWOORDEN.contains(&toks[i - 1].w.to_lowercase().trim_end_matches('.'));
        if let Some(e) = huisnummer(toks, i, w)
            && (toevoeging_romeins(t.w) || na_nummerwoord && (nummer_met_letter(t.w) || e > t.e))
        {
            out.push(Vondst::new(Soort::Huisnummer, t.s..e));
        }
    }
}

/// A capitalised word that could name a street: not a common word, a month
/// or a first name.
fn straatachtig(t: &Tok, w: &Woorden) -> bool {
    t.w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        && !w.gewoon(t.w)
        && !w.maand(t.w)
        && !w.voornaam(t.w)
        && !w.organisatie(t.w)
}

/// The number at `j` has an addition: then even an unknown street word
/// before it is an address ("Wielewaal 8a").
fn met_toevoeging(toks: &[Tok], j: usize) -> bool {
    toks.get(j)
        .is_some_and(|t| nummer_met_letter(t.w) || toevoeging_romeins(t.w))
}

/// A house number at `j` (with its addition, "23 II", "12 hs"): the end
/// offset. Not a quantity ("3 weken").
fn huisnummer(toks: &[Tok], j: usize, w: &Woorden) -> Option<usize> {
    let t = toks.get(j)?;
    let cijfers: String = t.w.chars().take_while(char::is_ascii_digit).collect();
    if cijfers.is_empty() || cijfers.len() > 4 || cijfers.starts_with('0') {
        return None;
    }
    let rest = &t.w[cijfers.len()..];
    let rest_ok = rest.is_empty()
        || (rest.chars().count() <= 2 && rest.chars().all(|c| c.is_ascii_alphabetic()))
        || rest
            .strip_prefix('-')
            .is_some_and(|r| !r.is_empty() && r.len() <= 4 && r.chars().all(|c| c.is_ascii_alphanumeric()));
    if !rest_ok {
        return None;
    }
    let volgende = toks.get(j + 1).filter(|_| t.los());
    if rest.is_empty()
        && let Some(n) = volgende
    {
        if w.eenheid(n.w) || n.w.starts_with('%') {
            return None;
        }
        // "23 II", "12 hs", "8 A".
        let extra = ["I", "II", "III", "IV", "hs", "bis", "zw", "rd"].contains(&n.w)
            || (n.w.len() == 1 && n.w.chars().all(|c| c.is_ascii_uppercase()));
        if extra {
            return Some(n.e);
        }
    }
    Some(t.e)
}

fn nummer_met_letter(s: &str) -> bool {
    let cijfers = s.chars().take_while(char::is_ascii_digit).count();
    (1..=4).contains(&cijfers)
        && s.len() > cijfers
        && s[cijfers..].trim_start_matches('-').chars().count() <= 2
        && s[cijfers..]
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_alphabetic())
}

/// "23-II", "4-III", "12-hs".
fn toevoeging_romeins(s: &str) -> bool {
    match s.split_once('-') {
        Some((n, r)) => {
            !n.is_empty()
                && n.len() <= 4
                && n.bytes().all(|b| b.is_ascii_digit())
                && ["I", "II", "III", "IV", "hs", "bis", "H", "huis"].contains(&r)
        }
        None => false,
    }
}

/// Where the street name begins: "Burgemeester van Hasseltstraat 4", "Jan
/// van Galenstraat 3" are one street.
fn begin_straat(toks: &[Tok], i: usize, w: &Woorden) -> usize {
    let mut b = i;
    while b > 0 {
        let p = &toks[b - 1];
        if !p.los() {
            break;
        }
        let lower = p.w.to_lowercase();
        let voorwoord = p.hoofdletter() && (w.straatvoorwoorden.contains(lower.as_str()) || w.voornaam(p.w));
        let tussen = w.tussenvoegsel(p.w)
            && b >= 2
            && toks[b - 2].los()
            && toks[b - 2].hoofdletter()
            && (w.straatvoorwoorden.contains(toks[b - 2].w.to_lowercase().as_str()) || w.voornaam(toks[b - 2].w));
        if voorwoord {
            b -= 1;
        } else if tussen {
            b -= 2;
        } else {
            break;
        }
    }
    b
}

/// A Dutch postcode at `i`: four digits (not starting with 0) and two
/// capitals, apart or together; SA, SD and SS are never given out.
fn postcode(toks: &[Tok], i: usize) -> Option<usize> {
    let t = &toks[i];
    let letters_ok =
        |l: &str| l.len() == 2 && l.chars().all(|c| c.is_ascii_uppercase()) && !["SA", "SD", "SS"].contains(&l);
    let cijfers_ok = |c: &str| c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit()) && !c.starts_with('0');
    if t.w.len() == 6 && t.w.is_char_boundary(4) && cijfers_ok(&t.w[..4]) && letters_ok(&t.w[4..]) {
        return Some(t.e);
    }
    if cijfers_ok(t.w)
        && t.los()
        && let Some(n) = toks.get(i + 1)
        && letters_ok(n.w)
    {
        return Some(n.e);
    }
    None
}
