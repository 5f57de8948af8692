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

use chrono::{NaiveDate, NaiveTime};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

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
            return Some(table);
        }
        for e in errors {
            let (message, help) = translate_toml(e.message());
            self.error(e.span(), message).label("hier").help(help).emit();
        }
        None
    }
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

    pub fn str(&self, key: &'static str) -> Option<String> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(key, v, "tekst tussen aanhalingstekens", "\"…\"");
                None
            }
        }
    }

    pub fn req_str(&self, key: &'static str) -> Option<String> {
        if self.entries.get(key).is_none() {
            self.mark(key);
            self.missing(key, "\"…\"");
            return None;
        }
        let s = self.str(key)?;
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
                        self.wrong_type(key, v, "een geheel getal", "15");
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
            Some(x) if x.is_finite() && x >= 0.0 => Some(x),
            _ => {
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
        let bad = |msg: String| {
            self.cx
                .error(Some(v.span()), msg)
                .label("verwacht een datum")
                .help(format!(
                    "schrijf een datum als jjjj-mm-dd zonder aanhalingstekens, bijvoorbeeld: {key} = 2027-03-11"
                ))
                .emit();
            None
        };
        match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => match NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32) {
                    Some(date) => Some(date),
                    None => bad(format!("de datum {dt} bestaat niet (`{key}` in {})", self.what)),
                },
                _ => bad(format!(
                    "`{key}` in {} moet alleen een datum zijn, zonder tijd: {dt}",
                    self.what
                )),
            },
            DeValue::String(s) => match crate::nl::parse_datum(s) {
                Some(d) => Some(d),
                None => bad(format!("`{s}` is geen geldige datum (`{key}` in {})", self.what)),
            },
            other => bad(format!(
                "`{key}` in {} moet een datum zijn, maar is {}",
                self.what,
                type_name(other)
            )),
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
    pub fn time(&self, key: &'static str) -> Option<NaiveTime> {
        let v = self.get(key)?;
        let bad = |msg: String| {
            self.cx
                .error(Some(v.span()), msg)
                .label("verwacht een tijd")
                .help(format!("schrijf een tijd als uu:mm:ss, bijvoorbeeld: {key} = 13:30:00"))
                .emit();
            None
        };
        match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (None, Some(t), None) => {
                    match NaiveTime::from_hms_opt(t.hour as u32, t.minute as u32, t.second.unwrap_or(0) as u32) {
                        Some(t) => Some(t),
                        None => bad(format!("de tijd {dt} bestaat niet")),
                    }
                }
                _ => bad(format!("`{key}` in {} moet alleen een tijd zijn: {dt}", self.what)),
            },
            DeValue::String(s) => {
                let s = s.trim();
                match crate::nl::parse_tijd(s) {
                    Some(t) => Some(t),
                    None => bad(format!("`{s}` is geen geldige tijd (`{key}` in {})", self.what)),
                }
            }
            other => bad(format!(
                "`{key}` in {} moet een tijd zijn, maar is {}",
                self.what,
                type_name(other)
            )),
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

fn list(keys: &[&str]) -> String {
    keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}
