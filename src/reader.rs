//! A strict reader for hand-written TOML that reports *every* problem.
//!
//! serde stops at the first error and speaks English, so library and session
//! files are read through this thin layer over toml's spanned document tree:
//! each lookup records the key as known, a wrong type or a missing key becomes
//! a Dutch [`Diagnostic`] with its exact span, and [`Table::finish`] turns
//! every key nobody asked for into an "unknown key" error with a suggestion.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveTime};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::datetime;
use crate::diag::{Diagnostic, Diagnostics, SourceFile, did_you_mean, suggest};

/// Shared state of one file being read.
pub struct Cx {
    pub file: Arc<SourceFile>,
    diags: RefCell<Diagnostics>,
}

impl Cx {
    pub fn new(file: Arc<SourceFile>) -> Self {
        Cx {
            file,
            diags: RefCell::new(Diagnostics::default()),
        }
    }

    pub fn error(&self, span: Option<Range<usize>>, message: impl Into<String>) -> DiagBuilder<'_> {
        DiagBuilder {
            cx: self,
            diag: Some(Diagnostic::new(message).at(&self.file, span)),
        }
    }

    pub fn push(&self, d: Diagnostic) {
        self.diags.borrow_mut().push(d);
    }

    pub fn has_errors(&self) -> bool {
        !self.diags.borrow().is_empty()
    }

    pub fn into_diagnostics(self) -> Diagnostics {
        self.diags.into_inner()
    }

    /// Parse the file's text into a spanned table, reporting every syntax error.
    pub fn parse(&self) -> Option<Spanned<DeTable<'_>>> {
        let (table, errors) = DeTable::parse_recoverable(&self.file.text);
        if errors.is_empty() {
            // `"C:\new\tabel.csv"` is valid TOML (\n and \t are escapes) but
            // never what the trekker meant: explain it like any backslash slip.
            let paths = windows_paths(&self.file.text);
            if paths.is_empty() {
                return Some(table);
            }
            for slip in paths {
                self.error(Some(slip.span), slip.message)
                    .label(slip.label)
                    .help(slip.help)
                    .emit();
            }
            return None;
        }
        // A slip explained once per line: a Windows path gives the parser one
        // error per backslash, the user needs one message.
        let mut explained_lines: Vec<usize> = Vec::new();
        for e in errors {
            let span = e.span();
            let line = span.as_ref().map(|s| self.file.line_col(s.start).0);
            if line.is_some_and(|l| explained_lines.contains(&l)) {
                continue;
            }
            if let Some(slip) = span
                .as_ref()
                .and_then(|s| explain_slip(&self.file.text, e.message(), s.start))
            {
                explained_lines.extend(line);
                self.error(Some(slip.span), slip.message)
                    .label(slip.label)
                    .help(slip.help)
                    .emit();
                continue;
            }
            let (mut message, mut help) = translate_toml(e.message());
            // A raw control character is the real cause, whatever the parser says.
            let at = span.as_ref().map_or(0, |r| r.start);
            if let Some(c) = self.file.text.get(at..).and_then(|t| t.chars().next())
                && forbidden_char(&c.to_string(), false).is_some()
            {
                message = format!("hier staat {} in de tekst", char_desc(c));
                help = "verwijder dit onzichtbare teken (het komt vaak mee bij kopiëren en plakken)".into();
            }
            self.error(span, message).label("hier").help(help).emit();
        }
        None
    }
}

/// A common slip in hand-written TOML, explained for someone who is not a programmer.
struct SlipNote {
    span: Range<usize>,
    message: String,
    label: String,
    help: String,
}

/// The `key = value` line around byte `at`: (key, value start, value text
/// without a trailing comment).
fn line_around(text: &str, at: usize) -> Option<(String, usize, String)> {
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
fn strip_comment(value: &str) -> &str {
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
fn windows_paths(text: &str) -> Vec<SlipNote> {
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
fn basic_strings(value: &str) -> Vec<Range<usize>> {
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
fn split_quoted_items(inner: &str) -> Vec<&str> {
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
fn requote(text: &str) -> Option<(String, Option<String>)> {
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

fn explain_slip(text: &str, raw: &str, at: usize) -> Option<SlipNote> {
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
                forward.replace_range(r.clone(), &format!("\"{}\"", inner.replace('\\', "/")));
                single_ok &= !inner.contains('\'');
                single.replace_range(r.clone(), &format!("'{inner}'"));
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

/// Builder that pushes its diagnostic when dropped or emitted.
pub struct DiagBuilder<'c> {
    cx: &'c Cx,
    diag: Option<Diagnostic>,
}

impl DiagBuilder<'_> {
    pub fn label(mut self, l: impl Into<String>) -> Self {
        self.diag = self.diag.take().map(|d| d.label(l));
        self
    }
    pub fn help(mut self, h: impl Into<String>) -> Self {
        self.diag = self.diag.take().map(|d| d.help(h));
        self
    }
    pub fn emit(self) {}
}

impl Drop for DiagBuilder<'_> {
    fn drop(&mut self) {
        if let Some(d) = self.diag.take() {
            self.cx.push(d);
        }
    }
}

/// A Dutch message and fix for a TOML syntax error of the toml parser.
fn translate_toml(msg: &str) -> (String, String) {
    let lower = msg.trim().to_lowercase();
    let has = |p: &str| lower.contains(p);
    let (m, h): (String, &str) = if has("date") || has("time") {
        let detail = if let Some(rest) = lower.split("expected day between 01 and ").nth(1) {
            format!(
                ": deze maand heeft maar {} dagen",
                rest.trim_end_matches(|c: char| !c.is_ascii_digit())
            )
        } else if has("expected month") {
            ": een maand loopt van 01 tot en met 12".to_string()
        } else if has("hour") || has("minute") || has("second") {
            ": uren lopen van 00 tot 23, minuten en seconden van 00 tot 59".to_string()
        } else {
            String::new()
        };
        (
            format!("deze datum of tijd bestaat niet{detail}"),
            "schrijf een datum als jjjj-mm-dd (bijvoorbeeld 2027-03-11) en een tijd als uu:mm:ss (bijvoorbeeld 13:30:00)",
        )
    } else if has("string") || has("quote") || has("escape") {
        (
            "deze tekst is niet goed afgesloten".into(),
            "zet tekst tussen dubbele aanhalingstekens op één regel: titel = \"…\"; voor tekst over meerdere regels gebruik je \"\"\" aan het begin en eind",
        )
    } else if has("duplicate key") {
        (
            "deze sleutel staat twee keer in dezelfde tabel".into(),
            "verwijder een van de twee regels; voor een tweede bouwsteen of deelnemer begin je een nieuw blok met [[programma]] of [[deelnemers]]",
        )
    } else if has("array table") || has("unclosed table") || has("invalid table") || has("table open") {
        (
            "deze tabelkop is niet goed geschreven".into(),
            "een tabelkop staat op een eigen regel, bijvoorbeeld [bijeenkomst] of [[programma]]",
        )
    } else if has("inline table") {
        (
            "deze inline tabel is niet goed geschreven".into(),
            "schrijf een inline tabel op één regel: { sleutel = waarde, sleutel = waarde }",
        )
    } else if has("array") {
        (
            "deze lijst is niet goed geschreven".into(),
            "een lijst staat tussen [ en ] met komma's tussen de items, bijvoorbeeld [\"youssef\", \"selma\"]",
        )
    } else if has("key") && !has("value") {
        (
            "deze sleutel is ongeldig".into(),
            "een sleutel bestaat uit letters, cijfers, _ en -, zonder spaties, gevolgd door = en een waarde",
        )
    } else if has("boolean") {
        (
            "dit is geen geldige ja/nee-waarde".into(),
            "schrijf true of false, zonder aanhalingstekens",
        )
    } else if has("number") || has("float") || has("integer") || has("mantissa") || has("exponent") || has("fraction") {
        (
            "dit is geen geldig getal".into(),
            "schrijf getallen zonder aanhalingstekens en met een punt als decimaalteken, bijvoorbeeld 175.00",
        )
    } else if has("assignment") || has("value") || has("key-value") {
        (
            "hier ontbreekt `=` of een waarde".into(),
            "schrijf sleutel = waarde, bijvoorbeeld locatie = \"Zaal 2\"; tekst staat tussen aanhalingstekens",
        )
    } else {
        (
            "de TOML-opmaak klopt hier niet".into(),
            "controleer aanhalingstekens, `=` tussen sleutel en waarde, en haakjes rond lijsten en tabelkoppen",
        )
    };
    (m, h.to_string())
}

pub type Value<'i> = Spanned<DeValue<'i>>;

pub fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "tekst",
        DeValue::Integer(_) => "geheel getal",
        DeValue::Float(_) => "kommagetal",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "datum of tijd",
        DeValue::Array(_) => "lijst",
        DeValue::Table(_) => "tabel",
    }
}

/// A table being read. Tracks the keys asked for, for [`Table::finish`].
pub struct Table<'c, 'i> {
    pub cx: &'c Cx,
    pub span: Range<usize>,
    entries: &'c DeTable<'i>,
    /// How the table is called in messages, e.g. "[bijeenkomst]".
    pub what: String,
    known: RefCell<Vec<&'static str>>,
}

impl<'c, 'i> Table<'c, 'i> {
    pub fn root(cx: &'c Cx, doc: &'c Spanned<DeTable<'i>>, what: impl Into<String>) -> Self {
        Table {
            cx,
            span: 0..0,
            entries: doc.get_ref(),
            what: what.into(),
            known: RefCell::new(Vec::new()),
        }
    }

    /// Read a value as a table, or report its type.
    pub fn from_value(cx: &'c Cx, v: &'c Value<'i>, what: impl Into<String>) -> Option<Self> {
        let what = what.into();
        match v.get_ref() {
            DeValue::Table(t) => Some(Table {
                cx,
                span: v.span(),
                entries: t,
                what,
                known: RefCell::new(Vec::new()),
            }),
            other => {
                cx.error(
                    Some(v.span()),
                    format!("{what} moet een tabel zijn, maar dit is {}", type_name(other)),
                )
                .label("verwacht een tabel")
                .help(format!("schrijf {what} als tabel met sleutels en waarden"))
                .emit();
                None
            }
        }
    }

    fn mark(&self, key: &'static str) {
        let mut k = self.known.borrow_mut();
        if !k.contains(&key) {
            k.push(key);
        }
    }

    pub fn get(&self, key: &'static str) -> Option<&'c Value<'i>> {
        self.mark(key);
        self.entries.get(key)
    }

    pub fn has(&self, key: &'static str) -> bool {
        self.get(key).is_some()
    }

    pub fn span_of(&self, key: &'static str) -> Option<Range<usize>> {
        self.get(key).map(|v| v.span())
    }

    /// Span of the key itself (left of `=`), or the table's span.
    pub fn key_span(&self, key: &str) -> Range<usize> {
        self.entries
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(k, _)| k.span())
            .unwrap_or_else(|| self.span.clone())
    }

    fn missing(&self, key: &'static str, example: &str) {
        // A misspelt key is reported once, as unknown with this key as
        // suggestion; a key that is itself known (`wie` beside a missing
        // `wat`) is no misspelling.
        let known = self.known.borrow();
        let misspelt = self.entries.iter().any(|(k, _)| {
            let k = k.get_ref().as_ref();
            !known.contains(&k) && suggest(k, [key]).is_some()
        });
        drop(known);
        if misspelt {
            return;
        }
        let span = if self.span.is_empty() {
            None
        } else {
            Some(self.span.clone())
        };
        self.cx
            .error(
                span,
                format!("in {} ontbreekt de verplichte sleutel `{key}`", self.what),
            )
            .label(format!("hier hoort `{key}` bij"))
            .help(format!("voeg een regel toe, bijvoorbeeld: {key} = {example}"))
            .emit();
    }

    fn wrong_type(&self, key: &str, v: &Value<'_>, expected: &str, example: &str) {
        self.cx
            .error(
                Some(v.span()),
                format!(
                    "`{key}` in {} moet {expected} zijn, maar is {}",
                    self.what,
                    type_name(v.get_ref())
                ),
            )
            .label(format!("verwacht {expected}"))
            .help(format!("bijvoorbeeld: {key} = {example}"))
            .emit();
    }

    /// Text, which may run over several lines (no control characters).
    pub fn str(&self, key: &'static str) -> Option<String> {
        self.text(key, false)
    }

    /// Text that must fit on one line: a name, an address, a title.
    pub fn line(&self, key: &'static str) -> Option<String> {
        self.text(key, true)
    }

    fn text(&self, key: &'static str, one_line: bool) -> Option<String> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => match forbidden_char(s, one_line) {
                None => Some(s.to_string()),
                Some((_, c)) => {
                    let (wat, hulp) = if is_line_break(c) {
                        (
                            format!(
                                "`{key}` in {} moet op één regel staan, maar bevat een regeleinde",
                                self.what
                            ),
                            "zet de tekst op één regel, zonder \\n of Enter ertussen".to_string(),
                        )
                    } else {
                        (
                            format!("`{key}` in {} bevat {}", self.what, char_desc(c)),
                            "verwijder dit onzichtbare teken (het komt vaak mee bij kopiëren en plakken)".to_string(),
                        )
                    };
                    self.cx.error(Some(v.span()), wat).label("hier").help(hulp).emit();
                    None
                }
            },
            _ => {
                self.wrong_type(key, v, "tekst tussen aanhalingstekens", "\"…\"");
                None
            }
        }
    }

    pub fn req_str(&self, key: &'static str) -> Option<String> {
        self.req_text(key, false)
    }

    /// A required one-line text.
    pub fn req_line(&self, key: &'static str) -> Option<String> {
        self.req_text(key, true)
    }

    fn req_text(&self, key: &'static str, one_line: bool) -> Option<String> {
        if self.entries.get(key).is_none() {
            self.mark(key);
            self.missing(key, "\"…\"");
            return None;
        }
        let s = self.text(key, one_line)?;
        if s.trim().is_empty() {
            self.cx
                .error(self.span_of(key), format!("`{key}` in {} is leeg", self.what))
                .label("lege tekst")
                .help(format!("vul `{key}` in"))
                .emit();
        }
        Some(s)
    }

    /// A string that must be one of `choices`.
    pub fn choice(&self, key: &'static str, choices: &[&'static str]) -> Option<&'static str> {
        let s = self.str(key)?;
        match choices.iter().find(|c| **c == s.trim().to_lowercase()) {
            Some(c) => Some(c),
            None => {
                self.cx
                    .error(
                        self.span_of(key),
                        format!("`{s}` is geen geldige waarde voor `{key}` in {}", self.what),
                    )
                    .label("onbekende waarde")
                    .help(did_you_mean(&s, choices))
                    .emit();
                None
            }
        }
    }

    pub fn int(&self, key: &'static str) -> Option<i64> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Integer(i) => {
                match i64::from_str_radix(i.as_str().replace('_', "").trim_start_matches('+'), i.radix()) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        self.cx
                            .error(
                                Some(v.span()),
                                format!("`{key}` in {} is een veel te groot getal", self.what),
                            )
                            .label("te groot")
                            .help(format!("schrijf een gewoon getal, bijvoorbeeld: {key} = 15"))
                            .emit();
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(key, v, "een geheel getal", "15");
                None
            }
        }
    }

    /// A whole number in `range`, e.g. minutes.
    pub fn uint(&self, key: &'static str, range: std::ops::RangeInclusive<i64>) -> Option<u32> {
        let n = self.int(key)?;
        if !range.contains(&n) {
            self.cx
                .error(
                    self.span_of(key),
                    format!(
                        "`{key}` = {n} kan niet: de waarde moet tussen {} en {} liggen",
                        range.start(),
                        range.end()
                    ),
                )
                .label("buiten het bereik")
                .help(format!(
                    "kies een getal van {} tot en met {}",
                    range.start(),
                    range.end()
                ))
                .emit();
            return None;
        }
        Some(n as u32)
    }

    pub fn req_uint(&self, key: &'static str, range: std::ops::RangeInclusive<i64>) -> Option<u32> {
        if self.entries.get(key).is_none() {
            self.mark(key);
            self.missing(key, &range.start().to_string());
            return None;
        }
        self.uint(key, range)
    }

    /// A number of euros: integer or float.
    pub fn money(&self, key: &'static str) -> Option<f64> {
        let v = self.get(key)?;
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => i.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match parsed {
            Some(x) if (0.0..=MAX_BEDRAG).contains(&x) => Some(x),
            Some(_) => {
                self.cx
                    .error(
                        Some(v.span()),
                        format!(
                            "`{key}` in {} moet een bedrag tussen {} en {} zijn",
                            self.what,
                            crate::nl::bedrag(0.0),
                            crate::nl::bedrag(MAX_BEDRAG)
                        ),
                    )
                    .label("buiten het bereik")
                    .help(format!("schrijf het bedrag in euro's, bijvoorbeeld: {key} = 175.00"))
                    .emit();
                None
            }
            None => {
                self.wrong_type(key, v, "een bedrag in euro's (een getal, geen tekst)", "175.00");
                None
            }
        }
    }

    pub fn bool(&self, key: &'static str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, v, "true of false (zonder aanhalingstekens)", "true");
                None
            }
        }
    }

    pub fn date(&self, key: &'static str) -> Option<NaiveDate> {
        let v = self.get(key)?;
        let bad = |msg: String, fix: Option<String>| {
            let help = match fix {
                Some(f) => format!("schrijf {key} = {f} (jaar-maand-dag, zonder aanhalingstekens)"),
                None => format!(
                    "schrijf een datum als jaar-maand-dag zonder aanhalingstekens, bijvoorbeeld: {key} = 2027-03-11"
                ),
            };
            self.cx
                .error(Some(v.span()), msg)
                .label("verwacht een datum")
                .help(help)
                .emit();
            None
        };
        match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => match datetime::parse_date(&format!("{d}")) {
                    Ok(date) if !JAREN.contains(&date.year()) => bad(
                        format!(
                            "het jaar van {dt} kan niet kloppen (`{key}` in {}): kies een jaar van {} tot en met {}",
                            self.what,
                            JAREN.start(),
                            JAREN.end()
                        ),
                        None,
                    ),
                    Ok(date) => Some(date),
                    Err(slip) => bad(format!("{} (`{key}` in {})", slip.message, self.what), slip.fix),
                },
                _ => bad(
                    format!("`{key}` in {} moet alleen een datum zijn, zonder tijd: {dt}", self.what),
                    dt.date.map(|d| d.to_string()),
                ),
            },
            DeValue::String(s) => match datetime::parse_date(s) {
                Ok(d) if !JAREN.contains(&d.year()) => bad(
                    format!(
                        "het jaar van {s} kan niet kloppen (`{key}` in {}): kies een jaar van {} tot en met {}",
                        self.what,
                        JAREN.start(),
                        JAREN.end()
                    ),
                    None,
                ),
                Ok(d) => Some(d),
                Err(slip) => bad(format!("{} (`{key}` in {})", slip.message, self.what), slip.fix),
            },
            other => bad(
                format!(
                    "`{key}` in {} moet een datum zijn, maar is {}",
                    self.what,
                    type_name(other)
                ),
                None,
            ),
        }
    }

    pub fn req_date(&self, key: &'static str) -> Option<NaiveDate> {
        if self.entries.get(key).is_none() {
            self.mark(key);
            self.missing(key, "2027-03-11");
            return None;
        }
        self.date(key)
    }

    /// A clock time: TOML `13:30:00`, `13:30`, or the string `"13:30"`.
    /// `13.30` (a TOML number), `1330` or `"half twee"` get the text to write.
    pub fn time(&self, key: &'static str) -> Option<NaiveTime> {
        let v = self.get(key)?;
        let bad = |msg: String, fix: Option<String>| {
            let help = match fix {
                Some(f) => format!("schrijf {key} = {f} (uren en minuten met een dubbele punt)"),
                None => format!("schrijf een tijd als uu:mm, bijvoorbeeld: {key} = 13:30"),
            };
            self.cx
                .error(Some(v.span()), msg)
                .label("verwacht een tijd")
                .help(help)
                .emit();
            None
        };
        let typed = |text: &str| match datetime::parse_time(text) {
            Ok(t) => Some(t),
            Err(slip) => bad(format!("{} (`{key}` in {})", slip.message, self.what), slip.fix),
        };
        match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (None, Some(t), None) => {
                    match NaiveTime::from_hms_opt(t.hour as u32, t.minute as u32, t.second.unwrap_or(0) as u32) {
                        Some(t) => Some(t),
                        None => bad(format!("de tijd {dt} bestaat niet"), None),
                    }
                }
                _ => bad(
                    format!("`{key}` in {} moet alleen een tijd zijn: {dt}", self.what),
                    dt.time.map(|t| format!("{:02}:{:02}", t.hour, t.minute)),
                ),
            },
            DeValue::String(s) => typed(s),
            DeValue::Float(f) => typed(f.as_str()),
            DeValue::Integer(i) => typed(i.as_str()),
            other => bad(
                format!(
                    "`{key}` in {} moet een tijd zijn, maar is {}",
                    self.what,
                    type_name(other)
                ),
                None,
            ),
        }
    }

    pub fn req_time(&self, key: &'static str) -> Option<NaiveTime> {
        if self.entries.get(key).is_none() {
            self.mark(key);
            self.missing(key, "13:30:00");
            return None;
        }
        self.time(key)
    }

    /// A list of strings; a single string is accepted as a list of one.
    pub fn str_list(&self, key: &'static str) -> Option<Vec<String>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(vec![s.to_string()]),
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(s.to_string()),
                        other => {
                            self.cx
                                .error(
                                    Some(item.span()),
                                    format!(
                                        "elk item van `{key}` in {} moet tekst zijn, maar dit is {}",
                                        self.what,
                                        type_name(other)
                                    ),
                                )
                                .label("verwacht tekst")
                                .help("zet elk item tussen aanhalingstekens: [\"…\", \"…\"]")
                                .emit();
                        }
                    }
                }
                Some(out)
            }
            _ => {
                self.wrong_type(key, v, "een lijst met teksten", "[\"…\", \"…\"]");
                None
            }
        }
    }

    /// The spans of the items of a string list, in order (for pointing at one id).
    pub fn item_spans(&self, key: &'static str) -> Vec<Range<usize>> {
        match self.get(key).map(|v| (v.span(), v.get_ref())) {
            Some((_, DeValue::Array(items))) => items.iter().map(|i| i.span()).collect(),
            Some((span, _)) => vec![span],
            None => vec![],
        }
    }

    pub fn table(&self, key: &'static str) -> Option<Table<'c, 'i>> {
        let v = self.get(key)?;
        Table::from_value(self.cx, v, format!("[{key}]"))
    }

    /// An array of tables (`[[key]]`), each read as a [`Table`].
    pub fn tables(&self, key: &'static str) -> Vec<Table<'c, 'i>> {
        let Some(v) = self.get(key) else { return vec![] };
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| Table::from_value(self.cx, item, format!("[[{key}]] nr. {}", i + 1)))
                .collect(),
            DeValue::Table(_) => {
                self.cx
                    .error(
                        Some(v.span()),
                        format!("`{key}` moet een lijst van tabellen zijn: schrijf [[{key}]] met dubbele haken"),
                    )
                    .label("enkele haken")
                    .help(format!("vervang [{key}] door [[{key}]]"))
                    .emit();
                vec![]
            }
            other => {
                self.cx
                    .error(
                        Some(v.span()),
                        format!(
                            "`{key}` moet een lijst van tabellen zijn ([[{key}]]), maar is {}",
                            type_name(other)
                        ),
                    )
                    .help(format!("schrijf elk item als een eigen blok dat begint met [[{key}]]"))
                    .emit();
                vec![]
            }
        }
    }

    /// The raw array items of `key`, for lists that mix strings and tables.
    pub fn items(&self, key: &'static str) -> Vec<&'c Value<'i>> {
        match self.get(key).map(|v| v.get_ref()) {
            Some(DeValue::Array(items)) => items.iter().collect(),
            Some(_) => vec![self.get(key).unwrap()],
            None => vec![],
        }
    }

    /// Report every key that no reader asked for, with the nearest known key.
    pub fn finish(self) {
        let known = self.known.borrow();
        for (k, _) in self.entries.iter() {
            let key = k.get_ref().as_ref();
            if known.contains(&key) {
                continue;
            }
            let help = match suggest(key, known.iter().copied()) {
                Some(s) => format!("bedoel je `{s}`? Toegestaan in {}: {}", self.what, list(&known)),
                None => format!("toegestaan in {}: {}", self.what, list(&known)),
            };
            self.cx
                .error(Some(k.span()), format!("onbekende sleutel `{key}` in {}", self.what))
                .label("onbekende sleutel")
                .help(help)
                .emit();
        }
    }
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}')
}

/// The first character that may not appear in text, with its byte offset:
/// control characters (C0 other than tab, DEL, C1), the bidirectional
/// overrides and isolates that can reorder what a reader sees (U+202A–U+202E,
/// U+2066–U+2069), and, in `one_line` text, any line break. A line break in
/// longer text is `\n` or `\r\n`.
pub fn forbidden_char(s: &str, one_line: bool) -> Option<(usize, char)> {
    // Printable ASCII (most text) holds none of them.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return None;
    }
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let bad = match c {
            '\t' => false,
            '\n' => one_line,
            '\r' => one_line || chars.peek().map(|(_, n)| *n) != Some('\n'),
            '\u{2028}' | '\u{2029}' => true,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
            c => c.is_control(),
        };
        if bad {
            return Some((i, c));
        }
    }
    None
}

/// How a forbidden character is named in a message.
pub fn char_desc(c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    match c {
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => format!("een regeleinde ({code})"),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            format!("een onzichtbaar teken dat de leesrichting omdraait ({code})")
        }
        '\u{1b}' => format!("een stuurteken voor de terminal (escape, {code})"),
        _ => format!("een onzichtbaar stuurteken ({code})"),
    }
}

fn list(keys: &[&str]) -> String {
    keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

/// Dates outside these years are typing errors (2207 for 2027).
pub const JAREN: std::ops::RangeInclusive<i32> = 2000..=2100;
/// The largest amount a cost line may have, in euros.
pub const MAX_BEDRAG: f64 = 1_000_000.0;

/// Size caps for the files `draaiboek` reads: far above any real file, low
/// enough that a wrong path (a disk image, a log) is refused at once.
pub const MAX_SESSIE_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_CSV_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_BIBLIOTHEEK_BYTES: u64 = 4 * 1024 * 1024;
pub const MAX_SJABLOON_BYTES: u64 = 4 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadFail {
    Io(std::io::Error),
    /// Not a regular file: a folder, a pipe, a device, a socket.
    NotRegular(&'static str),
    /// Larger than the cap (in bytes).
    TooLarge(u64),
}

impl ReadFail {
    /// A short Dutch reason, to follow "kan X niet lezen: ".
    pub fn reason(&self) -> String {
        match self {
            ReadFail::Io(e) => crate::io_reason(e),
            ReadFail::NotRegular(what) => format!("dit is {what}, geen gewoon bestand"),
            ReadFail::TooLarge(limit) => format!("het bestand is groter dan {}", mb(*limit)),
        }
    }

    pub fn not_found(&self) -> bool {
        matches!(self, ReadFail::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

fn mb(bytes: u64) -> String {
    format!("{} MB", bytes / (1024 * 1024))
}

fn kind_of(ft: &std::fs::FileType) -> Option<&'static str> {
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("een map");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("een pijp (FIFO)");
        }
        if ft.is_char_device() || ft.is_block_device() {
            return Some("een apparaat");
        }
        if ft.is_socket() {
            return Some("een socket");
        }
    }
    Some("geen gewoon bestand")
}

/// Read a regular file of at most `limit` bytes. Folders, pipes and devices
/// are refused before they are opened (a pipe would block, `/dev/zero` never
/// ends), and the read itself stops at `limit + 1` bytes whatever the file
/// claims to be.
pub fn read_regular(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, ReadFail> {
    let meta = std::fs::metadata(path).map_err(ReadFail::Io)?;
    if let Some(what) = kind_of(&meta.file_type()) {
        return Err(ReadFail::NotRegular(what));
    }
    let bytes = open_and_read(path, limit, false)?;
    Journaal::noteer(path, &bytes);
    Ok(bytes)
}

/// [`read_regular`] of a file in draaiboek's own output folder, where a
/// link at its place is never followed (`O_NOFOLLOW`: the file must be the
/// one written there). Not an input: it stays out of the [`Journaal`].
pub fn read_own(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, ReadFail> {
    open_and_read(path, limit, true)
}

fn open_and_read(path: &std::path::Path, limit: u64, no_follow: bool) -> Result<Vec<u8>, ReadFail> {
    use std::io::Read;
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        // O_NONBLOCK: a file swapped for a pipe after the check cannot block the open.
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | if no_follow { libc::O_NOFOLLOW } else { 0 });
    }
    #[cfg(not(unix))]
    let _ = no_follow;
    let file = opts.open(path).map_err(ReadFail::Io)?;
    let meta = file.metadata().map_err(ReadFail::Io)?;
    if let Some(what) = kind_of(&meta.file_type()) {
        return Err(ReadFail::NotRegular(what));
    }
    if meta.len() > limit {
        return Err(ReadFail::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadFail::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadFail::TooLarge(limit));
    }
    Ok(bytes)
}

thread_local! {
    static JOURNAAL: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
}

/// What a command read as its input: every file that went through
/// [`read_regular`] on this thread while the journal was open (session,
/// participant CSV, library folder, override templates), folded into one
/// hash of paths and bytes. `maak` keeps it with its output: the same
/// journal, the same program and the same options make the same files, so
/// an unchanged folder need not be rendered again. Reading through this one
/// function means a new kind of input cannot be left out.
#[derive(Debug)]
pub struct Journaal(());

impl Journaal {
    /// Start recording (one journal per thread at a time).
    pub fn open() -> Journaal {
        JOURNAAL.with(|j| j.set(Some(crate::fnv::FNV64_BEGIN)));
        Journaal(())
    }

    /// The hash of everything read since [`open`](Self::open).
    pub fn hash(&self) -> u64 {
        JOURNAAL.with(|j| j.get()).unwrap_or(crate::fnv::FNV64_BEGIN)
    }

    fn noteer(path: &std::path::Path, bytes: &[u8]) {
        JOURNAAL.with(|j| {
            if let Some(h) = j.get() {
                let h = crate::fnv::fnv64_verder(h, path.as_os_str().as_encoded_bytes());
                let h = crate::fnv::fnv64_verder(h, &(bytes.len() as u64).to_le_bytes());
                j.set(Some(crate::fnv::fnv64_verder(h, bytes)));
            }
        });
    }
}

impl Drop for Journaal {
    fn drop(&mut self) {
        JOURNAAL.with(|j| j.set(None));
    }
}
