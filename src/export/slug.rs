//! File names from people's names: `Chantal Römer` → `chantal-romer`.
//!
//! A slug becomes part of a path written to disk, so it is built from an
//! allow-list (ASCII letters, digits, `-`) rather than by removing bad
//! characters: a name like `../../x` can never turn into a path.

use unicode_normalization::UnicodeNormalization;

/// Longest slug, in bytes (all ASCII): long enough to keep a full name,
/// short enough for any file system once `.eml` and a suffix are added.
pub const MAX_LEN: usize = 60;

/// Letters that Unicode does not decompose into a base letter plus a mark.
fn fold_special(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'ı' => "i",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'þ' | 'Þ' => "th",
        'ħ' | 'Ħ' => "h",
        'ŋ' | 'Ŋ' => "n",
        _ => return None,
    })
}

/// Lower-case ASCII rendering of `s` with diacritics removed; characters
/// without an ASCII form become spaces. Also used to compare names
/// (`--deelnemer yilmaz` finds `Mehmet Yılmaz`).
pub fn fold(s: &str) -> String {
    // Plain ASCII decomposes into itself: no Unicode tables needed.
    if s.is_ascii() {
        return s
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                }
            })
            .collect();
    }
    let mut out = String::with_capacity(s.len());
    // NFKD splits `ö` into `o` + a combining mark and `ĳ`/`ﬁ` into two letters.
    for c in s.nfkd() {
        if let Some(rep) = fold_special(c) {
            out.push_str(rep);
        } else if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if unicode_normalization::char::is_combining_mark(c) {
            // dropped: the accent of the preceding letter
        } else {
            out.push(' ');
        }
    }
    out
}

/// The slug of one name, without uniqueness: may be empty.
pub fn slug(name: &str) -> String {
    let words: Vec<String> = fold(name).split_whitespace().map(str::to_string).collect();
    let mut out = String::new();
    for w in words {
        let extra = if out.is_empty() { w.len() } else { w.len() + 1 };
        if out.len() + extra > MAX_LEN {
            if out.is_empty() {
                out.push_str(&w[..MAX_LEN]);
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
    }
    out
}

/// Names Windows refuses as file names, whatever the extension.
fn reserved(s: &str) -> bool {
    matches!(s, "con" | "prn" | "aux" | "nul")
        || ((s.starts_with("com") || s.starts_with("lpt")) && s.len() == 4 && s.as_bytes()[3].is_ascii_digit())
}

/// Unique slugs for a list of names, in order: a repeated name gets `-2`,
/// `-3` …; a name without any letter or digit becomes `deelnemer-N`
/// (N its position, from 1).
pub fn unique_slugs<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    // A set for the lookups (only looked up, so its order never shows);
    // the Vec keeps the order of the names.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut taken: Vec<String> = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        let mut base = slug(name);
        if base.is_empty() {
            base = format!("deelnemer-{}", i + 1);
        } else if reserved(&base) {
            base.push_str("-deelnemer");
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while seen.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        seen.insert(candidate.clone());
        taken.push(candidate);
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_takes_the_short_way_with_the_same_result() {
        // The short way relies on ASCII decomposing into itself.
        let alle: String = (0u8..128).map(char::from).collect();
        assert_eq!(alle.nfkd().collect::<String>(), alle);
        // An ASCII name joined to a non-ASCII one takes the long way: same words.
        let naam = "O'Brien ../x-Jan_Willem 2";
        assert_eq!(format!("{}e", fold(naam)), fold(&format!("{naam}é")));
        assert_eq!(slug(naam), "o-brien-x-jan-willem-2");
    }

    #[test]
    fn diacritics_fold_to_ascii() {
        assert_eq!(slug("Ingrid de Vries"), "ingrid-de-vries");
        assert_eq!(slug("Mehmet Yılmaz"), "mehmet-yilmaz");
        assert_eq!(slug("Chantal Römer"), "chantal-romer");
        assert_eq!(slug("Jürgen Groß"), "jurgen-gross");
        assert_eq!(slug("Søren Ærø"), "soren-aero");
        assert_eq!(slug("Łukasz Wałęsa"), "lukasz-walesa");
        assert_eq!(slug("Zoë  van 't Hof-Ĳsselmuiden"), "zoe-van-t-hof-ijsselmuiden");
        assert_eq!(slug("François Çelik"), "francois-celik");
    }

    #[test]
    fn duplicates_get_a_number() {
        assert_eq!(
            unique_slugs(["Jan de Vries", "Jan de Vries", "jan de vries", "Jan de Vries 2"]),
            ["jan-de-vries", "jan-de-vries-2", "jan-de-vries-3", "jan-de-vries-2-2"]
        );
    }

    #[test]
    fn hostile_names_never_make_a_path() {
        let names = ["../../x", "/", ".", "..", "", "   ", "a/b\\c", "con", "COM1", "Ω"];
        let slugs = unique_slugs(names);
        assert_eq!(
            slugs,
            [
                "x",
                "deelnemer-2",
                "deelnemer-3",
                "deelnemer-4",
                "deelnemer-5",
                "deelnemer-6",
                "a-b-c",
                "con-deelnemer",
                "com1-deelnemer",
                "deelnemer-10"
            ]
        );
        for s in &slugs {
            assert!(!s.is_empty() && !s.contains('/') && !s.contains('\\') && !s.contains(".."));
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            );
        }
    }

    #[test]
    fn long_names_are_cut_at_a_word() {
        let long = "Anna Maria Catharina Johanna Wilhelmina van den Bosch tot Oosterhout en Sint Jacobsparochie";
        let s = slug(long);
        assert!(s.len() <= MAX_LEN, "{s}");
        assert!(!s.ends_with('-'));
        assert!(s.starts_with("anna-maria-catharina"));
        let one_word = "x".repeat(500);
        assert_eq!(slug(&one_word).len(), MAX_LEN);
    }

    proptest::proptest! {
        /// Any list of names gives distinct, non-empty, path-safe slugs.
        #[test]
        fn slugs_are_always_safe_and_distinct(names in proptest::collection::vec("\\PC{0,80}", 0..12)) {
            let slugs = unique_slugs(names.iter().map(String::as_str));
            proptest::prop_assert_eq!(slugs.len(), names.len());
            for (i, s) in slugs.iter().enumerate() {
                proptest::prop_assert!(!s.is_empty() && s.len() <= MAX_LEN + 16);
                proptest::prop_assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
                proptest::prop_assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"));
                proptest::prop_assert!(!slugs[..i].contains(s));
            }
        }
    }
}
