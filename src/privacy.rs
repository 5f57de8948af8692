//! A rough scan for personal data in the trekker's own case cards: case
//! cards are printed and handed around, so they must not identify a family.
//! False positives are acceptable (it is a warning); the patterns are Dutch.

/// What was seen, as short Dutch descriptions with the matched text.
pub fn scan(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    for (i, raw) in tokens.iter().enumerate() {
        let tok = raw.trim_matches(|c: char| ",;:()\"'!?".contains(c));
        let tok_nodot = tok.trim_end_matches('.');
        let digits: String = tok_nodot.chars().filter(|c| c.is_ascii_digit()).collect();
        let only_num = tok_nodot.chars().all(|c| c.is_ascii_digit() || ".- ".contains(c));
        if tok.contains('@') && tok.split('@').nth(1).is_some_and(|d| d.contains('.')) {
            out.push(format!("een e-mailadres ({tok_nodot})"));
        } else if only_num && digits.len() == 9 && !tok_nodot.starts_with('0') {
            out.push(format!("een BSN-achtig nummer ({tok_nodot})"));
        } else if is_phone(tok_nodot, tokens.get(i + 1).copied()) {
            out.push(format!("een telefoonnummer ({tok_nodot})"));
        } else if is_date(tok_nodot) {
            out.push(format!("een (geboorte)datum ({tok_nodot})"));
        } else if is_street(tok_nodot) && tokens.get(i + 1).is_some_and(|n| house_number(n)) {
            let n = tokens[i + 1].trim_end_matches([',', '.']);
            out.push(format!("een adres ({tok_nodot} {n})"));
        }
    }
    out.dedup();
    out
}

fn is_phone(tok: &str, next: Option<&str>) -> bool {
    let compact: String = tok.chars().filter(|c| !"-() ".contains(*c)).collect();
    let digits = compact.trim_start_matches('+');
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if (compact.starts_with("+31") && digits.len() == 11) || (compact.starts_with('0') && digits.len() == 10) {
        return true;
    }
    // "06 12345678" split over two tokens.
    if compact == "06"
        && let Some(n) = next
    {
        let n: String = n.chars().filter(|c| !"-. ,".contains(*c)).collect();
        return n.len() == 8 && n.chars().all(|c| c.is_ascii_digit());
    }
    false
}

fn is_date(tok: &str) -> bool {
    let parts: Vec<&str> = tok.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let (d, m, y) = if parts[0].len() == 4 {
        (n[2], n[1], n[0])
    } else {
        (n[0], n[1], n[2])
    };
    (1..=31).contains(&d)
        && (1..=12).contains(&m)
        && (parts[0].len() == 4 || parts[2].len() == 4 || parts[2].len() == 2)
        && y > 0
}

const STREET_ENDINGS: &[&str] = &[
    "straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "hof", "steeg", "pad", "dreef", "park",
    "markt", "ring", "baan",
];

fn is_street(tok: &str) -> bool {
    let lower = tok.to_lowercase();
    lower.len() > 4
        && lower.chars().all(|c| c.is_alphabetic() || c == '-')
        && STREET_ENDINGS
            .iter()
            .any(|e| lower.ends_with(e) && lower.len() > e.len() + 1)
}

fn house_number(tok: &str) -> bool {
    let t = tok.trim_end_matches([',', '.']);
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    !digits.is_empty()
        && digits.len() <= 4
        && t[digits.len()..].chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        && t.len() - digits.len() <= 2
}

#[cfg(test)]
mod tests {
    use super::scan;

    #[test]
    fn finds_each_kind() {
        let seen =
            scan("Moeder, geboren 12-04-1995, woont Dorpsstraat 12b, BSN 123456782, bel 06-12345678 of mail a.b@c.nl.");
        let all = seen.join(" | ");
        for k in ["geboortedatum", "adres", "BSN", "telefoon", "e-mail"] {
            assert!(
                all.contains(k) || all.contains(&k.replace("geboortedatum", "(geboorte)datum")),
                "{k} missing in {all}"
            );
        }
    }

    #[test]
    fn plain_case_text_is_clean() {
        assert!(scan("Naomi (26) komt met haar zoontje van 14 maanden op het consultatiebureau.").is_empty());
    }
}
