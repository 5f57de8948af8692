//! Common slips in hand-written TOML, explained for someone who is not a programmer.

use std::ops::Range;

use crate::datetime;

/// A common slip in hand-written TOML, explained for someone who is not a programmer.
pub(super) struct SlipNote {
    pub(super) span: Range<usize>,
    pub(super) message: String,
    pub(super) label: String,
    pub(super) help: String,
}

/// The `key = value` line around byte `at`: (key, value start, value text
/// without a trailing comment).
pub(super) fn line_around(text: &str, at: usize) -> Option<(String, usize, String)> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = text[start..end].trim_end_matches('\r');
    let eq = line.find('=')?;
    let key = line[..eq].trim();
    if key.is_empty() || key.contains('"') || key.starts_with('[') {
        return None;
    }
    let rest = &line[eq + 1..];
    let lead = rest.len() - rest.trim_start().len();
    Some((key.to_string(), start + eq + 1 + lead, rest.trim().to_string()))
}

/// The value without a trailing `# comment` outside quotes.
pub(super) fn strip_comment(value: &str) -> &str {
    let mut in_quote: Option<char> = None;
    for (i, c) in value.char_indices() {
        match (c, in_quote) {
            ('#', None) => return value[..i].trim_end(),
            ('"' | '\'', None) => in_quote = Some(c),
            (q, Some(open)) if q == open => in_quote = None,
            _ => {}
        }
    }
    value.trim_end()
}

/// Windows paths in `"…"` texts whose backslashes all happen to be valid
/// escapes (`"C:\new\tabel.csv"`), one note per line.
pub(super) fn windows_paths(text: &str) -> Vec<SlipNote> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if line.trim_start().starts_with('#') {
            continue;
        }
        let Some(eq) = line.find('=') else { continue };
        let value = &line[eq + 1..];
        let looks_like_path = basic_strings(value).iter().any(|r| {
            let inner = value[r.clone()].trim_matches('"').as_bytes();
            inner.len() > 3 && inner[0].is_ascii_alphabetic() && inner[1] == b':' && inner[2] == b'\\'
                || inner.starts_with(b"\\\\")
        });
        if looks_like_path && let Some(note) = explain_slip(text, "invalid escape", start + eq + 1) {
            out.push(note);
        }
    }
    out
}

/// The `"…"` texts in a value, quotes included, by their unescaped quotes.
pub(super) fn basic_strings(value: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        match (c, open) {
            ('#', None) => break,
            ('"', None) => open = Some(i),
            ('\\', Some(_)) if !escaped => {
                escaped = true;
                continue;
            }
            ('"', Some(start)) if !escaped => {
                out.push(start..i + 1);
                open = None;
            }
            _ => {}
        }
        escaped = false;
    }
    out
}

/// The items of a list of texts whose quotes went wrong, split at `", "`.
pub(super) fn split_quoted_items(inner: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut start = 0;
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            // A closing quote followed by optional spaces, a comma, spaces and a quote.
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b',' {
                let mut k = j + 1;
                while k < bytes.len() && bytes[k] == b' ' {
                    k += 1;
                }
                if k < bytes.len() && bytes[k] == b'"' {
                    items.push(&inner[start..=i]);
                    start = k;
                    i = k + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    items.push(&inner[start..]);
    items
}

/// A `"…"` text with quotes inside it, written two correct ways: with `\"`,
/// and (when it has no `'`) between single quotes. `None` when it is fine.
pub(super) fn requote(text: &str) -> Option<(String, Option<String>)> {
    let t = text.trim();
    if t.len() < 2 || !t.starts_with('"') || !t.ends_with('"') || t.starts_with("\"\"\"") {
        return None;
    }
    let inner = &t[1..t.len() - 1];
    let plain = inner.replace("\\\"", "\"");
    if !plain.contains('"') || basic_strings(t).len() == 1 && basic_strings(t)[0] == (0..t.len()) {
        return None;
    }
    let escaped = format!("\"{}\"", plain.replace('"', "\\\""));
    let single = (!plain.contains('\'') && !plain.contains('\\')).then(|| format!("'{plain}'"));
    Some((escaped, single))
}

/// The inside of a `"…"` text with every stray backslash turned into `/`,
/// keeping the escapes that are right (`\"`, `\\`): the fix must parse.
fn schuine_strepen(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&n)) if n == '"' || n == '\\' => {
                out.push(c);
                out.push(n);
                chars.next();
            }
            ('\\', _) => out.push('/'),
            _ => out.push(c),
        }
    }
    out
}

/// The inside of a `"…"` text as it reads between single quotes, where a
/// backslash is just a backslash: `\"` and `\\` become `"` and `\`.
fn letterlijk(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&n)) if n == '"' || n == '\\' => {
                out.push(n);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

pub(super) fn explain_slip(text: &str, raw: &str, at: usize) -> Option<SlipNote> {
    let (key, value_at, value) = line_around(text, at)?;
    let lower = raw.to_lowercase();
    let span = value_at..value_at + value.len();
    // A backslash in a "…" text: Windows paths above all. Every such text on
    // the line is fixed at once (a list may hold several paths).
    if (lower.contains("escape") || lower.contains("unicode")) && !value.contains("\"\"\"") {
        let strings: Vec<Range<usize>> = basic_strings(&value)
            .into_iter()
            .filter(|r| value[r.clone()].contains('\\'))
            .collect();
        if let (Some(first), Some(last)) = (strings.first(), strings.last()) {
            let mut forward = value.clone();
            let mut single = value.clone();
            let mut single_ok = true;
            for r in strings.iter().rev() {
                let inner = &value[r.start + 1..r.end - 1];
                forward.replace_range(r.clone(), &format!("\"{}\"", schuine_strepen(inner)));
                let letterlijk = letterlijk(inner);
                single_ok &= !letterlijk.contains('\'');
                single.replace_range(r.clone(), &format!("'{letterlijk}'"));
            }
            let single = if single_ok {
                format!(
                    ", of zet de tekst tussen enkele aanhalingstekens: {key} = {}",
                    strip_comment(&single)
                )
            } else {
                String::new()
            };
            return Some(SlipNote {
                span: value_at + first.start..value_at + last.end,
                message:
                    "een backslash (\\) tussen dubbele aanhalingstekens is in TOML het begin van een speciaal teken"
                        .into(),
                label: "deze tekst bevat een backslash".into(),
                help: format!(
                    "schrijf schuine strepen naar rechts: {key} = {}{single}",
                    strip_comment(&forward)
                ),
            });
        }
    }
    // A double quote inside a "…" text ends the text too early.
    if lower.contains("expected newline") || lower.contains("expected `,`") || lower.contains("expected `]`") {
        let body = strip_comment(&value);
        let fixed = if body.starts_with('[') && body.ends_with(']') && body.len() >= 2 {
            let items: Vec<&str> = split_quoted_items(&body[1..body.len() - 1]);
            let fixed: Vec<Option<(String, Option<String>)>> = items.iter().map(|i| requote(i)).collect();
            fixed.iter().any(|f| f.is_some()).then(|| {
                let (mut esc, mut sgl, mut sgl_ok) = (Vec::new(), Vec::new(), true);
                for (item, f) in items.iter().zip(&fixed) {
                    match f {
                        Some((e, s)) => {
                            esc.push(e.clone());
                            match s {
                                Some(s) => sgl.push(s.clone()),
                                None => sgl_ok = false,
                            }
                        }
                        None => {
                            esc.push(item.trim().to_string());
                            sgl.push(item.trim().to_string());
                        }
                    }
                }
                (
                    format!("[{}]", esc.join(", ")),
                    sgl_ok.then(|| format!("[{}]", sgl.join(", "))),
                )
            })
        } else {
            requote(body)
        };
        if let Some((escaped, single)) = fixed {
            let single = single
                .map(|s| format!(", of zet de hele tekst tussen enkele aanhalingstekens: {key} = {s}"))
                .unwrap_or_default();
            return Some(SlipNote {
                span,
                message: "er staat een dubbel aanhalingsteken midden in de tekst; daar stopt de tekst voor TOML".into(),
                label: "de tekst stopt hier te vroeg".into(),
                help: format!("zet een backslash voor elk aanhalingsteken in de tekst: {key} = {escaped}{single}"),
            });
        }
    }
    // A date or time written the Dutch way.
    let bare = strip_comment(&value);
    let date_or_time = lower.contains("date") || lower.contains("time") || lower.contains("must be quoted");
    if date_or_time {
        let as_date = datetime::recognise_date(bare);
        let as_time = datetime::recognise_time(bare);
        let span = value_at..value_at + bare.len();
        let key_says_time = key.contains("tijd");
        let pick = match (as_date, as_time) {
            (Some(d), Some(t)) => Some(if key_says_time { Err(t) } else { Ok(d) }),
            (Some(d), None) => Some(Ok(d)),
            (None, Some(t)) => Some(Err(t)),
            (None, None) => None,
        };
        match pick {
            Some(Ok(Ok(date))) => {
                let iso = date.format("%Y-%m-%d");
                return Some(SlipNote {
                    span,
                    message: format!("`{bare}` is een datum, maar niet in de vorm jaar-maand-dag"),
                    label: "verwacht jaar-maand-dag".into(),
                    help: format!("schrijf {key} = {iso} (jaar-maand-dag, zonder aanhalingstekens)"),
                });
            }
            Some(Ok(Err(slip))) => {
                return Some(SlipNote {
                    span,
                    message: slip.message,
                    label: "deze datum bestaat niet".into(),
                    help: format!(
                        "kies een datum die bestaat en schrijf die als jaar-maand-dag, bijvoorbeeld {key} = 2027-03-11"
                    ),
                });
            }
            Some(Err(Ok(time))) => {
                let hm = time.format("%H:%M");
                return Some(SlipNote {
                    span,
                    message: format!("`{bare}` is een tijd, maar niet in de vorm uu:mm"),
                    label: "verwacht uu:mm".into(),
                    help: format!("schrijf {key} = {hm} (uren en minuten met een dubbele punt)"),
                });
            }
            Some(Err(Err(slip))) => {
                return Some(SlipNote {
                    span,
                    message: slip.message,
                    label: "deze tijd bestaat niet".into(),
                    help: format!("schrijf een tijd die bestaat als uu:mm, bijvoorbeeld {key} = 13:30"),
                });
            }
            None => {}
        }
    }
    // A yes/no written in words.
    if lower.contains("must be quoted") {
        let word = bare.to_lowercase();
        let bool_value = match word.as_str() {
            "ja" | "j" | "waar" | "yes" | "true" => Some("true"),
            "nee" | "n" | "onwaar" | "no" | "false" => Some("false"),
            _ => None,
        };
        if let Some(b) = bool_value {
            return Some(SlipNote {
                span: value_at..value_at + bare.len(),
                message: format!("`{bare}` is een ja/nee-waarde; TOML schrijft die als true of false"),
                label: "verwacht true of false".into(),
                help: format!("schrijf {key} = {b} (kleine letters, zonder aanhalingstekens)"),
            });
        }
    }
    // A word without quotes.
    if lower.contains("must be quoted") && !bare.is_empty() && !bare.starts_with(['"', '\'', '[', '{']) {
        return Some(SlipNote {
            span: value_at..value_at + bare.len(),
            message: "tekst hoort tussen aanhalingstekens".into(),
            label: "hier ontbreken de aanhalingstekens".into(),
            help: format!("schrijf {key} = \"{bare}\""),
        });
    }
    None
}
