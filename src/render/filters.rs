//! Template filters for Dutch formatting, so templates never format dates
//! or amounts themselves.

use chrono::{NaiveDate, NaiveTime};
use minijinja::{Environment, Error, ErrorKind};

fn date(s: &str) -> Result<NaiveDate, Error> {
    crate::nl::parse_datum(s).ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("geen datum: {s}")))
}

fn time(s: &str) -> Result<NaiveTime, Error> {
    crate::nl::parse_tijd(s).ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("geen tijd: {s}")))
}

/// Escape text for Markdown so that names and case texts are shown literally.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>#|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A list item used mid-sentence: "Post-its" → "post-its", while "JGZ" and
/// "Erasmus MC" keep their capitals (only a capital followed by a small
/// letter is lowered).
pub fn zinsdeel(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => {
            a.to_lowercase().chain(s[a.len_utf8()..].chars()).collect()
        }
        _ => s.to_string(),
    }
}

pub fn register(env: &mut Environment<'static>) {
    env.add_filter("datum_lang", |s: String| date(&s).map(crate::nl::datum_lang));
    env.add_filter("datum_kort", |s: String| date(&s).map(crate::nl::datum_kort));
    env.add_filter("tijd", |s: String| time(&s).map(crate::nl::tijd));
    env.add_filter("bedrag", |x: f64| crate::nl::bedrag(x));
    env.add_filter("opsomming", |items: Vec<String>| crate::nl::opsomming(&items));
    env.add_filter("md", |s: String| md_escape(&s));
    env.add_filter("zinsdeel", |s: String| zinsdeel(&s));
    env.add_filter("regel", |s: String| s.split_whitespace().collect::<Vec<_>>().join(" "));
}

#[cfg(test)]
mod tests {
    use super::zinsdeel;

    #[test]
    fn zinsdeel_lowers_only_a_capitalised_word() {
        assert_eq!(zinsdeel("Post-its"), "post-its");
        assert_eq!(zinsdeel("Een aantal exemplaren"), "een aantal exemplaren");
        assert_eq!(zinsdeel("JGZ-kaart"), "JGZ-kaart");
        assert_eq!(zinsdeel("Émile"), "émile");
        assert_eq!(zinsdeel(""), "");
    }
}
