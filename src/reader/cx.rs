//! The state of one file being read: its diagnostics, and its syntax errors in Dutch.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;
use toml::de::DeTable;

use crate::diag::{Diagnostic, Diagnostics, SourceFile};

use super::*;

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
pub(super) fn translate_toml(msg: &str) -> (String, String) {
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
