//! Template filters for Dutch formatting, so templates never format dates
//! or amounts themselves.

use chrono::{NaiveDate, NaiveTime};
use minijinja::{Environment, Error, ErrorKind, State};

fn date(s: &str) -> Result<NaiveDate, Error> {
    crate::nl::parse_datum(s).ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("geen datum: {s}")))
}

fn time(s: &str) -> Result<NaiveTime, Error> {
    crate::nl::parse_tijd(s).ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("geen tijd: {s}")))
}

/// Escape text for Markdown so that names and case texts are shown literally.
pub fn md_escape(s: &str) -> String {
    let bijzonder = |b: u8| {
        matches!(
            b,
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'#' | b'|' | b'~'
        )
    };
    // The special characters are ASCII, so a byte scan finds them and the
    // text between them is copied whole.
    let mut out = String::with_capacity(s.len() + 8);
    let mut vanaf = 0;
    for (i, b) in s.bytes().enumerate() {
        if bijzonder(b) {
            out.push_str(&s[vanaf..i]);
            out.push('\\');
            vanaf = i;
        }
    }
    out.push_str(&s[vanaf..]);
    out
}

/// Escape a message for Markdown but keep its `code` spans as code, so
/// "`inloop`" shows as code in HTML instead of as raw backticks.
pub fn md_code(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len() % 2 == 0 {
        // An unpaired backtick: show everything literally.
        return md_escape(s);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 0 {
                md_escape(p)
            } else if p.is_empty() {
                String::new()
            } else {
                format!("`{p}`")
            }
        })
        .collect()
}

/// Whether the template renders Markdown (`markdown = true` in its context):
/// one template gives both the Markdown and the plain-text invitation.
fn markdown(state: &State) -> bool {
    state.lookup("markdown").is_some_and(|v| v.is_true())
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
    // Filters that follow the form of a two-form template (see uitnodiging.j2).
    env.add_filter(
        "tekst",
        |state: &State, s: String| {
            if markdown(state) { md_escape(&s) } else { s }
        },
    );
    env.add_filter(
        "vet",
        |state: &State, s: String| {
            if markdown(state) { format!("**{s}**") } else { s }
        },
    );
    env.add_filter("kop", |state: &State, s: String| {
        if markdown(state) {
            format!("## {s}\n")
        } else {
            s.to_uppercase()
        }
    });
    env.add_filter("veld", |state: &State, s: String| {
        if markdown(state) {
            format!("- **{s}:**")
        } else {
            format!("{s}:")
        }
    });
    env.add_filter("datum_lang", |s: String| date(&s).map(crate::nl::datum_lang));
    env.add_filter("datum_kort", |s: String| date(&s).map(crate::nl::datum_kort));
    env.add_filter("tijd", |s: String| time(&s).map(crate::nl::tijd));
    env.add_filter("bedrag", |x: f64| crate::nl::bedrag(x));
    env.add_filter("opsomming", |items: Vec<String>| crate::nl::opsomming(&items));
    env.add_filter("md", |s: String| md_escape(&s));
    env.add_filter("md_code", |s: String| md_code(&s));
    env.add_filter("zinsdeel", |s: String| zinsdeel(&s));
    env.add_filter("regel", |s: String| s.split_whitespace().collect::<Vec<_>>().join(" "));
}

#[cfg(test)]
mod tests {
    use super::zinsdeel;

    #[test]
    fn md_escape_puts_a_backslash_before_each_special_character() {
        assert_eq!(
            super::md_escape("a*b_c [x](y) <z> #1 | ~ `k` \\ é"),
            "a\\*b\\_c \\[x\\](y) \\<z\\> \\#1 \\| \\~ \\`k\\` \\\\ é"
        );
        assert_eq!(super::md_escape(""), "");
        assert_eq!(super::md_escape("Zoë"), "Zoë");
    }

    #[test]
    fn zinsdeel_lowers_only_a_capitalised_word() {
        assert_eq!(zinsdeel("Post-its"), "post-its");
        assert_eq!(zinsdeel("Een aantal exemplaren"), "een aantal exemplaren");
        assert_eq!(zinsdeel("JGZ-kaart"), "JGZ-kaart");
        assert_eq!(zinsdeel("Émile"), "émile");
        assert_eq!(zinsdeel(""), "");
    }
}
