//! Names and addresses compared as a person would: accents, case and
//! spacing aside. Below the model: the model, the library, the counting and
//! the checks use it.

/// A name or address reduced for comparing: accents off, case folded,
/// spaces collapsed ("Françoise  Müller" ~ "francoise muller").
pub fn vergelijkbaar(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // Most names are plain ASCII: nothing to decompose, the same result
    // without the Unicode tables.
    if s.is_ascii() {
        let mut out = String::with_capacity(s.len());
        for woord in s.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(woord.chars().map(|c| c.to_ascii_lowercase()));
        }
        return out;
    }
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c) && !crate::adres::onzichtbaar(*c))
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
