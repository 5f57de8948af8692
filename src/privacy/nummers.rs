//! Numbers that point at one person: a BSN (with the 11-test), a phone
//! number, an e-mail address, a client or file number, a licence plate.

use super::tokens::Tok;
use super::woorden::Woorden;
use super::{Soort, Vondst};

/// Words after which a number is someone's number in a file.
const DOSSIERWOORDEN: &[&str] = &[
    "cliëntnummer",
    "clientnummer",
    "klantnummer",
    "dossiernummer",
    "dossier",
    "patiëntnummer",
    "patientnummer",
    "registratienummer",
    "zaaknummer",
    "kenmerk",
    "referentie",
    "referentienummer",
    "casusnummer",
    "cliënt",
    "client",
    "nr",
    "nummer",
    "id",
];

const BSN_WOORDEN: &[&str] = &["bsn", "burgerservicenummer", "sofinummer", "sofi-nummer"];

pub(crate) fn zoek(_text: &str, toks: &[Tok], _w: &Woorden, out: &mut Vec<Vondst>) {
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let vorige = i.checked_sub(1).map(|p| toks[p].w.to_lowercase());
        let vorige = vorige.as_deref().map(|v| v.trim_end_matches('.')).unwrap_or("");
        if email(t.w) {
            out.push(Vondst::new(Soort::Email, t.s..t.e));
        } else if let Some(e) = reeks(toks, i, telefoon) {
            out.push(Vondst::new(Soort::Telefoon, t.s..toks[e].e));
            i = e;
        } else if let Some(e) = reeks(toks, i, |c| bsn(c, BSN_WOORDEN.contains(&vorige))) {
            out.push(Vondst::new(Soort::Bsn, t.s..toks[e].e));
            i = e;
        } else if kenteken(t.w) {
            out.push(Vondst::new(Soort::Kenteken, t.s..t.e));
        } else if dossiernummer(t.w, DOSSIERWOORDEN.contains(&vorige) || na_dossierwoord(toks, i)) {
            out.push(Vondst::new(Soort::Dossiernummer, t.s..t.e));
        }
        i += 1;
    }
}

/// "nummer is 123", "cliëntnummer JGZ: 88213": a file word two or three
/// words back, in the same sentence.
fn na_dossierwoord(toks: &[Tok], i: usize) -> bool {
    (2..=3).any(|k| {
        i >= k
            && toks[i - k..i]
                .iter()
                .all(|t| !t.na.contains(['.', '!', '?']) || t.na == ".")
            && DOSSIERWOORDEN.contains(&toks[i - k].w.to_lowercase().trim_end_matches('.'))
            && toks[i - k + 1..i]
                .iter()
                .all(|t| t.w == "is" || t.w.chars().all(|c| c.is_uppercase()))
    })
}

fn email(s: &str) -> bool {
    match s.split_once('@') {
        Some((lokaal, domein)) => {
            !lokaal.is_empty()
                && domein.contains('.')
                && !domein.ends_with('.')
                && !domein.starts_with('.')
                && domein.chars().all(|c| c.is_alphanumeric() || ".-".contains(c))
        }
        None => false,
    }
}

/// Tokens `i..=e` that together are one number (groups of digits apart:
/// "06 1234 5678", "123 456 782") and pass `ok` on their digits as written.
fn reeks(toks: &[Tok], i: usize, ok: impl Fn(&str) -> bool) -> Option<usize> {
    let teken = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || "+-.()/".contains(c));
    if !teken(toks[i].w) || !toks[i].w.chars().any(|c| c.is_ascii_digit() || c == '+') {
        return None;
    }
    let mut samen = String::from(toks[i].w);
    let mut gevonden = ok(&samen).then_some(i);
    let mut j = i;
    while j + 1 < toks.len() && j < i + 4 && (toks[j].los() || toks[j].na == ")") && teken(toks[j + 1].w) {
        j += 1;
        samen.push(' ');
        samen.push_str(toks[j].w);
        if ok(&samen) {
            gevonden = Some(j);
        }
    }
    gevonden
}

fn cijfers(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// 06-12345678, 010 123 45 67, (0511) 123 456, +31 6 12345678, 0031 …
fn telefoon(s: &str) -> bool {
    let c = cijfers(s);
    let begin = s.trim_start_matches('(');
    (begin.starts_with('0') && !begin.starts_with("00") && c.len() == 10)
        || (begin.starts_with("+31") && c.len() == 11)
        || (begin.starts_with("0031") && c.len() == 13)
        || (begin.starts_with('+') && !begin.starts_with("+31") && (10..=13).contains(&c.len()))
}

/// Nine digits (the old eight-digit ones with a leading zero) that pass the
/// 11-test, written together or in groups; after "BSN" any nine digits.
fn bsn(s: &str, na_bsn_woord: bool) -> bool {
    if s.contains(['+', '(', '/']) {
        return false;
    }
    let c = cijfers(s);
    if c.len() != 9 && c.len() != 8 {
        return false;
    }
    // Dates and phone numbers have their own shape.
    if s.matches('-').count() == 2 || c.starts_with('0') && c.len() == 9 && !na_bsn_woord {
        return false;
    }
    if na_bsn_woord {
        return true;
    }
    let d: Vec<u32> = format!("{c:0>9}").bytes().map(|b| u32::from(b - b'0')).collect();
    let som: i64 = (0..8).map(|k| (9 - k as i64) * i64::from(d[k])).sum::<i64>() - i64::from(d[8]);
    c.len() == 9 && som % 11 == 0 && som != 0
}

/// A Dutch licence plate: three groups of letters or digits with hyphens
/// ("12-ABC-3", "AB-12-CD", "1-KBB-22"), six signs in all.
fn kenteken(s: &str) -> bool {
    let delen: Vec<&str> = s.split('-').collect();
    if delen.len() != 3 || delen.iter().map(|d| d.len()).sum::<usize>() != 6 {
        return false;
    }
    let letters = |d: &&str| !d.is_empty() && d.chars().all(|c| c.is_ascii_uppercase());
    let cijfers = |d: &&str| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit());
    delen.iter().all(|d| letters(d) || cijfers(d)) && delen.iter().any(letters) && delen.iter().any(cijfers)
}

/// A number from someone's file: after a word like "dossiernummer" a code
/// with at least three digits; on its own a code of capitals and at least
/// four digits ("CL-20931") or six digits or more.
fn dossiernummer(s: &str, na_woord: bool) -> bool {
    let c = cijfers(s).len();
    let tekens_ok = s.chars().all(|c| c.is_ascii_alphanumeric() || "-/.".contains(c));
    if !tekens_ok || c == 0 {
        return false;
    }
    if na_woord {
        return c >= 3;
    }
    let voor: String = s.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    let rest = s[voor.len()..].trim_start_matches('-');
    let code = (1..=4).contains(&voor.len())
        && c >= 4
        && rest.chars().next().is_some_and(|c| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '/');
    code || (s.bytes().all(|b| b.is_ascii_digit()) && c >= 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_11_test() {
        assert!(bsn("123456782", false));
        assert!(bsn("1234.56.782", false));
        assert!(!bsn("123456789", false));
        assert!(bsn("123456789", true));
    }

    #[test]
    fn phones_and_plates() {
        for p in [
            "06-12345678",
            "0612345678",
            "010-1234567",
            "+31612345678",
            "(0511) 123456",
        ] {
            assert!(telefoon(p), "{p}");
        }
        assert!(!telefoon("0800-2000"));
        assert!(kenteken("12-ABC-3") && kenteken("AB-12-CD") && !kenteken("12-04-1995") && !kenteken("AB-CD-EF"));
    }
}
