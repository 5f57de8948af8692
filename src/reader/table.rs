//! A table being read: typed lookups that record every key asked for.

use std::cell::RefCell;
use std::ops::Range;

use chrono::{Datelike, NaiveDate, NaiveTime};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::datetime;
use crate::diag::{did_you_mean, suggest};

use super::*;

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

    pub(super) fn mark(&self, key: &'static str) {
        let mut k = self.known.borrow_mut();
        if !k.contains(&key) {
            k.push(key);
        }
    }

    pub fn get(&self, key: &'static str) -> Option<&'c Value<'i>> {
        self.mark(key);
        self.entries.get(key)
    }

    /// Every key of the table with its span, in file order (for a table
    /// that reports unknown keys itself instead of [`finish`](Self::finish)).
    pub fn keys_with_spans(&self) -> Vec<(String, Range<usize>)> {
        self.entries
            .iter()
            .map(|(k, _)| (k.get_ref().to_string(), k.span()))
            .collect()
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

    pub(super) fn missing(&self, key: &'static str, example: &str) {
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

    pub(super) fn wrong_type(&self, key: &str, v: &Value<'_>, expected: &str, example: &str) {
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

    pub(super) fn text(&self, key: &'static str, one_line: bool) -> Option<String> {
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

    pub(super) fn req_text(&self, key: &'static str, one_line: bool) -> Option<String> {
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

pub(super) fn is_line_break(c: char) -> bool {
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

pub(super) fn list(keys: &[&str]) -> String {
    keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

/// Dates outside these years are typing errors (2207 for 2027).
pub const JAREN: std::ops::RangeInclusive<i32> = 2000..=2100;
/// The largest amount a cost line may have, in euros.
pub const MAX_BEDRAG: f64 = 1_000_000.0;
