//! Participants from a spreadsheet export (CSV, `;` or `,`, with or without BOM).
//!
//! Every bad row is reported with its line and column, all at once.
//! Header names are matched loosely (`Naam`, `E-mail`, `e-mailadres`), since
//! they are typed by people in a spreadsheet.

use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics, SourceFile, did_you_mean};
use crate::model::{Deelnemer, DeelnemerStatus, Domein};

pub const FIELDS: &[&str] = &[
    "naam",
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "email",
    "organisatie",
    "functie",
    "domein",
    "elearning",
    "status",
    "delen",
    "aanwezig",
];

/// Columns that together can stand in for `naam`.
const NAAM_DELEN: &[&str] = &["voornaam", "tussenvoegsel", "achternaam"];

/// Load the CSV file; a missing file is one diagnostic without a file.
pub fn load(path: &Path) -> Result<Vec<Deelnemer>, Diagnostics> {
    let file = read(path)?;
    parse(&file)
}

/// Read the file: UTF-8 (a BOM is dropped), or else Windows-1252, which is
/// what Dutch Excel writes for "CSV (puntkomma)"; that is said in one line.
fn read(path: &Path) -> Result<Arc<SourceFile>, Diagnostics> {
    let bytes = crate::reader::read_regular(path, crate::reader::MAX_CSV_BYTES).map_err(|e| {
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::new(format!("kan {} niet lezen: {}", path.display(), e.reason())).help(
                "`deelnemers_csv` is het pad van een gewoon CSV-bestand, ten opzichte van het sessiebestand, bijvoorbeeld \"deelnemers.csv\"",
            ),
        );
        d
    })?;
    let (text, ansi) = decode(bytes);
    if ansi {
        crate::shell::err(format!(
            "Let op: {} is geen UTF-8; gelezen als Windows-1252 (zo bewaart Excel \"CSV (puntkomma)\").\n",
            crate::term::visible(&path.display().to_string())
        ));
    }
    Ok(SourceFile::new(path, text))
}

/// The text of CSV bytes, and whether it was read as Windows-1252.
pub fn decode(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.remove(0);
            }
            (text, false)
        }
        Err(e) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(e.as_bytes());
            (text.into_owned(), true)
        }
    }
}

/// The field a header names: the field name itself in any case, also with
/// `-`, `_` or spaces (spreadsheets often say `E-mail`), or `emailadres`.
fn field_for(header: &str) -> Option<&'static str> {
    let key: String = header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    let key = match key.as_str() {
        "emailadres" | "mail" | "mailadres" => "email",
        k => k,
    };
    FIELDS.iter().copied().find(|f| *f == key)
}

/// Which separator the header uses: the more frequent of `;` and `,`.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.matches(';').count() >= header.matches(',').count() && header.contains(';') {
        b';'
    } else {
        b','
    }
}

/// Parse CSV text into participants, or every problem found.
pub fn parse(file: &Arc<SourceFile>) -> Result<Vec<Deelnemer>, Diagnostics> {
    let text = &file.text;
    let mut diags = Diagnostics::default();
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::new("het CSV-bestand is leeg")
                .at(file, Some(0..0))
                .label("geen kopregel")
                .help(format!(
                    "de eerste regel noemt de kolommen, bijvoorbeeld: {}",
                    FIELDS_VOORBEELD
                )),
        );
        return Err(diags);
    }
    let sep = separator(text);
    // Quotes first: an unclosed quote would silently swallow the next rows.
    if let Some(d) = quote_problem(file, sep) {
        diags.push(d);
        return Err(diags);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            diags.push(
                Diagnostic::new(format!("de kopregel van het CSV-bestand is onleesbaar: {e}")).at(file, Some(0..0)),
            );
            return Err(diags);
        }
    };
    let Some(columns) = header_columns(file, &headers, &mut diags) else {
        return Err(diags);
    };
    let mut out = Vec::new();
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                diags.push(
                    Diagnostic::new(format!("deze regel van het CSV-bestand is onleesbaar: {e}"))
                        .at(file, Some(at..at))
                        .help("controleer de aanhalingstekens in deze regel"),
                );
                continue;
            }
        };
        let rij = Rij::new(file, &record, sep);
        if record.iter().all(|f| f.is_empty()) {
            continue; // blank line
        }
        if let Some(d) = deelnemer(&rij, &columns, headers.len(), &mut diags) {
            out.push(d);
        }
    }
    if diags.is_empty() { Ok(out) } else { Err(diags) }
}

const FIELDS_VOORBEELD: &str = "naam;email;organisatie;functie;domein;elearning;status";

/// Column index per known field, from the header; `None` when the header
/// cannot be used at all (no name column). Every problem goes into `diags`.
fn header_columns(
    file: &Arc<SourceFile>,
    headers: &csv::StringRecord,
    diags: &mut Diagnostics,
) -> Option<Vec<(usize, &'static str)>> {
    let text = &file.text;
    let mut columns: Vec<(usize, &'static str)> = Vec::new();
    let mut offset = 0;
    for (i, h) in headers.iter().enumerate() {
        let name = h.trim().to_lowercase();
        // `get`: a header that was unquoted or trimmed may not be found verbatim.
        let start = text
            .get(offset..)
            .and_then(|t| t.find(h))
            .map_or(offset, |p| offset + p);
        offset = (start + h.len()).min(text.len());
        let span = Some(start..start + h.len().max(1));
        match field_for(&name) {
            Some(f) if columns.iter().any(|(_, c)| *c == f) => diags.push(
                Diagnostic::new(format!(
                    "de kolom `{f}` staat twee keer in de kopregel van het CSV-bestand"
                ))
                .at(file, span)
                .label("dubbele kolom")
                .help("verwijder of hernoem een van de twee kolommen"),
            ),
            Some(f) => columns.push((i, f)),
            None if name.is_empty() && i + 1 == headers.len() => {} // a trailing separator
            None => diags.push(
                Diagnostic::new(format!("onbekende kolom `{h}` in de kopregel van het CSV-bestand"))
                    .at(file, span)
                    .label("onbekende kolom")
                    .help(format!(
                        "{}; toegestane kolommen: {}",
                        did_you_mean(&name, FIELDS),
                        FIELDS.join(", ")
                    )),
            ),
        }
    }
    let has = |f: &str| columns.iter().any(|(_, c)| *c == f);
    if !has("naam") && !has("achternaam") && !has("voornaam") {
        diags.push(
            Diagnostic::new("het CSV-bestand heeft geen kolom `naam`")
                .at(file, Some(0..text.lines().next().map_or(0, str::len)))
                .label("kopregel")
                .help(format!(
                    "de eerste regel noemt de kolommen, bijvoorbeeld: {FIELDS_VOORBEELD} (of voornaam;tussenvoegsel;achternaam in plaats van naam)"
                )),
        );
        return None;
    }
    Some(columns)
}

/// The first quote that does not close on its own line: a field that is
/// never closed (the rest of the file would become one name), or a line
/// break inside a field (every field is one line).
fn quote_problem(file: &Arc<SourceFile>, sep: u8) -> Option<Diagnostic> {
    let bytes = file.text.as_bytes();
    let mut field_start = true;
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match open {
            Some(at) => {
                if b == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 1;
                    } else {
                        open = None;
                    }
                } else if b == b'\n' || b == b'\r' {
                    let closes_later = bytes[i..].iter().filter(|&&c| c == b'"').count() % 2 == 1;
                    let line = file.text[..at].matches('\n').count() + 1;
                    let d = if closes_later {
                        Diagnostic::new(format!(
                            "een vak van regel {line} van het CSV-bestand loopt door over meer regels"
                        ))
                        .label("dit vak gaat niet dicht op deze regel")
                        .help("elk vak staat op één regel: haal het regeleinde (Alt+Enter in Excel) uit de cel")
                    } else {
                        Diagnostic::new(format!(
                            "het aanhalingsteken op regel {line} van het CSV-bestand wordt nergens gesloten"
                        ))
                        .label("hier begint het")
                        .help("zet een \" aan het eind van dit vak, of haal het aanhalingsteken weg")
                    };
                    return Some(d.at(file, Some(at..at + 1)));
                }
            }
            None => {
                if b == b'"' && field_start {
                    open = Some(i);
                }
                if b == sep || b == b'\n' {
                    field_start = true;
                } else if b != b' ' && b != b'\t' && b != b'\r' {
                    field_start = false;
                }
            }
        }
        i += 1;
    }
    open.map(|at| {
        let line = file.text[..at].matches('\n').count() + 1;
        Diagnostic::new(format!(
            "het aanhalingsteken op regel {line} van het CSV-bestand wordt nergens gesloten"
        ))
        .at(file, Some(at..at + 1))
        .label("hier begint het")
        .help("zet een \" aan het eind van dit vak, of haal het aanhalingsteken weg")
    })
}

/// One data row: its record, its raw line and where that starts.
struct Rij<'a> {
    file: &'a Arc<SourceFile>,
    record: &'a csv::StringRecord,
    sep: u8,
    line_start: usize,
    line: &'a str,
    nummer: u64,
}

impl<'a> Rij<'a> {
    fn new(file: &'a Arc<SourceFile>, record: &'a csv::StringRecord, sep: u8) -> Self {
        let text = &file.text;
        // The csv crate may place a record after "\r\n" at the "\n"; step past
        // line ends so that spans point into the record's own line.
        let mut line_start = record.position().map_or(0, |p| p.byte() as usize).min(text.len());
        while text[line_start..].starts_with(['\r', '\n']) {
            line_start += 1;
        }
        let line_end = text[line_start..].find('\n').map_or(text.len(), |p| line_start + p);
        Rij {
            file,
            record,
            sep,
            line_start,
            line: text[line_start..line_end].trim_end_matches('\r'),
            nummer: record.position().map_or(1, |p| p.line()),
        }
    }

    /// Byte span of field `i`, found by walking the raw line: past one
    /// separator per field, then to the field's text.
    fn span(&self, i: usize) -> std::ops::Range<usize> {
        let line = self.line;
        let mut from = 0;
        for (j, f) in self.record.iter().enumerate() {
            if j > 0
                && let Some(p) = line.get(from..).and_then(|r| r.find(self.sep as char))
            {
                from += p + 1;
            }
            let pos = if f.is_empty() {
                None
            } else {
                line.get(from..).and_then(|r| r.find(f)).map(|p| from + p)
            };
            let start = pos.unwrap_or(from).min(line.len());
            if j == i {
                return self.line_start + start..self.line_start + start + f.len().max(1);
            }
            from = start + f.len();
        }
        self.line_start..self.line_start + line.len().max(1)
    }

    fn error(&self, i: usize, message: String, label: &str, help: &str) -> Diagnostic {
        Diagnostic::new(message)
            .at(self.file, Some(self.span(i)))
            .label(label.to_string())
            .help(help.to_string())
    }
}

/// The participant of one row, or `None` with its problems in `diags`.
fn deelnemer(
    rij: &Rij,
    columns: &[(usize, &'static str)],
    n_headers: usize,
    diags: &mut Diagnostics,
) -> Option<Deelnemer> {
    let before = diags.0.len();
    // Extra fields beyond the header that hold something.
    let extra = rij.record.iter().skip(n_headers).filter(|f| !f.is_empty()).count();
    if extra > 0 {
        let wat = if extra == 1 {
            "een kolom te veel".to_string()
        } else {
            format!("{extra} kolommen te veel")
        };
        diags.push(rij.error(
            n_headers,
            format!("regel {} heeft {wat}", rij.nummer),
            "te veel",
            "elke regel heeft evenveel vakken als de kopregel; staat er een scheidingsteken (; of ,) in een naam, zet dat vak dan tussen aanhalingstekens",
        ));
        return None;
    }
    // Control characters anywhere in the row.
    for (i, f) in rij.record.iter().enumerate() {
        if let Some((_, c)) = crate::reader::forbidden_char(f, true) {
            let kolom = columns.iter().find(|(j, _)| *j == i).map_or("?", |(_, n)| n);
            diags.push(rij.error(
                i,
                format!(
                    "het vak `{kolom}` op regel {} bevat {}",
                    rij.nummer,
                    crate::reader::char_desc(c)
                ),
                "hier",
                "verwijder dit onzichtbare teken (het komt vaak mee bij kopiëren en plakken)",
            ));
        }
    }
    if diags.0.len() > before {
        return None;
    }
    let get = |field: &str| -> Option<(usize, String)> {
        columns
            .iter()
            .find(|(_, f)| *f == field)
            .and_then(|(i, _)| rij.record.get(*i).map(|v| (*i, v.trim().to_string())))
            .filter(|(_, v)| !v.is_empty())
    };
    let naam = get("naam").map(|(_, v)| v).or_else(|| {
        let delen: Vec<String> = NAAM_DELEN.iter().filter_map(|f| get(f)).map(|(_, v)| v).collect();
        (!delen.is_empty()).then(|| delen.join(" "))
    });
    if naam.is_none() {
        let i = columns
            .iter()
            .find(|(_, f)| *f == "naam" || *f == "achternaam")
            .map_or(0, |(i, _)| *i);
        diags.push(rij.error(
            i,
            "een deelnemer zonder naam in het CSV-bestand".into(),
            "naam ontbreekt",
            "vul de naam in, of verwijder de regel",
        ));
    }
    let domein = get("domein").and_then(|(i, v)| match Domein::from_id(&v.to_lowercase()) {
        Some(d) => Some(d),
        None => {
            diags.push(rij.error(
                i,
                format!("onbekend domein `{v}` in het CSV-bestand"),
                "onbekend domein",
                &did_you_mean(&v.to_lowercase(), Domein::IDS),
            ));
            None
        }
    });
    let ja_nee = |field: &str, diags: &mut Diagnostics| -> Option<bool> {
        let (i, v) = get(field)?;
        let b = parse_bool(&v);
        if b.is_none() {
            diags.push(rij.error(
                i,
                format!("`{v}` is geen ja/nee-waarde voor `{field}`"),
                "verwacht ja of nee",
                "schrijf ja of nee (ook goed: true/false, waar/onwaar, 1/0)",
            ));
        }
        b
    };
    let elearning = ja_nee("elearning", diags).unwrap_or(false);
    let delen = ja_nee("delen", diags);
    let aanwezig = ja_nee("aanwezig", diags);
    let status = match get("status") {
        None => DeelnemerStatus::Uitgenodigd,
        Some((i, v)) => DeelnemerStatus::from_id(&v.to_lowercase()).unwrap_or_else(|| {
            diags.push(rij.error(
                i,
                format!("onbekende status `{v}` in het CSV-bestand"),
                "onbekende status",
                &did_you_mean(&v.to_lowercase(), DeelnemerStatus::IDS),
            ));
            DeelnemerStatus::Uitgenodigd
        }),
    };
    let email = get("email").map(|(_, v)| v);
    if let Some(e) = &email
        && !super::looks_like_email(e)
    {
        let i = columns.iter().find(|(_, f)| *f == "email").map_or(0, |(i, _)| *i);
        diags.push(rij.error(
            i,
            format!("`{e}` lijkt geen e-mailadres"),
            "geen e-mailadres",
            "schrijf het adres als naam@organisatie.nl, of laat het vak leeg",
        ));
    }
    if let Some((wat, hulp)) = email.as_deref().and_then(super::email_te_lang) {
        let i = columns.iter().find(|(_, f)| *f == "email").map_or(0, |(i, _)| *i);
        diags.push(rij.error(i, wat, "te lang", &hulp));
    }
    if diags.0.len() > before {
        return None;
    }
    Some(Deelnemer {
        naam: naam?,
        email,
        organisatie: get("organisatie").map(|(_, v)| v),
        functie: get("functie").map(|(_, v)| v),
        domein,
        elearning,
        status,
        voornaam: get("voornaam").map(|(_, v)| v),
        delen,
        aanwezig,
        herkomst: Some(crate::model::Herkomst {
            bestand: rij.file.name.clone(),
            regel: rij.file.line_col(rij.line_start).0,
        }),
    })
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "ja" | "j" | "true" | "waar" | "1" | "x" | "yes" => Some(true),
        "nee" | "n" | "false" | "onwaar" | "0" | "no" | "" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_text(text: &str) -> Result<Vec<Deelnemer>, Vec<(String, String)>> {
        let mut text = text.to_string();
        // As `read_source` does for a file with a BOM.
        if text.starts_with('\u{feff}') {
            text.remove(0);
        }
        let file = SourceFile::new(Path::new("deelnemers.csv"), text);
        parse(&file).map_err(|d| {
            d.0.iter()
                .map(|x| (x.location().unwrap_or_default(), x.message.clone()))
                .collect()
        })
    }

    #[test]
    fn semicolon_comma_and_bom_give_the_same_participants() {
        let semi = "naam;email;domein;elearning;status\nIngrid de Vries;i@x.nl;medisch;ja;aangemeld\nJoyce Tan;;sociaal;nee;\n";
        let comma = "naam,email,domein,elearning,status\r\nIngrid de Vries,i@x.nl,medisch,ja,aangemeld\r\nJoyce Tan,,sociaal,nee,\r\n";
        let bom = format!("\u{feff}{semi}");
        let a = parse_text(semi).unwrap();
        assert_eq!(a, parse_text(comma).unwrap());
        assert_eq!(a, parse_text(&bom).unwrap());
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].naam, "Ingrid de Vries");
        assert_eq!(a[0].email.as_deref(), Some("i@x.nl"));
        assert_eq!(a[0].domein, Some(Domein::Medisch));
        assert!(a[0].elearning);
        assert_eq!(a[0].status, DeelnemerStatus::Aangemeld);
        assert_eq!(a[1].email, None);
        assert_eq!(a[1].status, DeelnemerStatus::Uitgenodigd);
    }

    #[test]
    fn quoted_fields_may_hold_the_separator() {
        let t = "naam;organisatie;functie\n\"Bos, Ruud\";\"Welzijn; Zeist\";\"maatje \"\"Ruud\"\"\"\n";
        let a = parse_text(t).unwrap();
        assert_eq!(a[0].naam, "Bos, Ruud");
        assert_eq!(a[0].organisatie.as_deref(), Some("Welzijn; Zeist"));
        assert_eq!(a[0].functie.as_deref(), Some("maatje \"Ruud\""));
    }

    #[test]
    fn header_names_ignore_case_and_spaces() {
        let a = parse_text("Naam ; E-mail ;Domein\nAnna;a@x.nl;Medisch\n").unwrap();
        assert_eq!(a[0].email.as_deref(), Some("a@x.nl"));
        assert_eq!(a[0].domein, Some(Domein::Medisch));
    }

    #[test]
    fn every_bad_row_is_reported_with_line_and_column() {
        let t = "naam;email;domein;elearning\nAnna;a@x.nl;medies;ja\n;b@x.nl;sociaal;nee\nCees;geen-adres;informeel;misschien\n";
        let errs = parse_text(t).unwrap_err();
        let got: Vec<&str> = errs.iter().map(|(loc, _)| loc.as_str()).collect();
        assert_eq!(
            got,
            [
                "deelnemers.csv:2:13", // domein `medies`
                "deelnemers.csv:3:1",  // naam missing
                "deelnemers.csv:4:27", // elearning `misschien`
                "deelnemers.csv:4:6",  // email
            ],
            "{errs:?}"
        );
        assert!(errs[0].1.contains("medies"));
        assert!(errs[2].1.contains("misschien"));
    }

    #[test]
    fn unknown_and_missing_columns_are_reported() {
        let errs = parse_text("naam;telefoon\nAnna;06\n").unwrap_err();
        assert_eq!(errs[0].0, "deelnemers.csv:1:6");
        assert!(errs[0].1.contains("telefoon"));
        let errs = parse_text("email\na@x.nl\n").unwrap_err();
        assert!(errs.iter().any(|(_, m)| m.contains("geen kolom `naam`")));
    }

    #[test]
    fn a_repeated_column_is_an_error() {
        let errs = parse_text("naam;email;email\nAnna;a@x.nl;b@x.nl\n").unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].0, "deelnemers.csv:1:12");
    }

    #[test]
    fn columns_are_found_by_position_not_by_text() {
        // The header text "naam" also occurs inside a later header; spans must not jump.
        let errs = parse_text("naam;bijnaam\nAnna;x\n").unwrap_err();
        assert_eq!(errs[0].0, "deelnemers.csv:1:6", "{errs:?}");
        // A value that also occurs earlier on the line is pointed at in its own column.
        let errs = parse_text("naam;domein\nmedisch;medisc\n").unwrap_err();
        assert_eq!(errs[0].0, "deelnemers.csv:2:9", "{errs:?}");
    }

    #[test]
    fn crlf_files_point_at_the_right_line_and_never_panic() {
        let t = "naam;email;domein\r\nAnna;a@x.nl;medies\r\n;b@x.nl;sociaal\r\nCees;;x\r\n";
        let errs = parse_text(t).unwrap_err();
        let got: Vec<&str> = errs.iter().map(|(loc, _)| loc.as_str()).collect();
        assert_eq!(
            got,
            ["deelnemers.csv:2:13", "deelnemers.csv:3:1", "deelnemers.csv:4:7"],
            "{errs:?}"
        );
    }

    #[test]
    fn an_empty_field_is_pointed_at_after_its_separator() {
        let errs = parse_text("email;naam\na@x.nl;\n").unwrap_err();
        assert_eq!(errs[0].0, "deelnemers.csv:2:8", "{errs:?}");
    }

    proptest::proptest! {
        /// Whatever a spreadsheet writes, parsing reports problems and never panics.
        #[test]
        fn never_panics(body in "[a-zé;,\"\r\n@. ]{0,80}") {
            let _ = parse_text(&format!("naam;email;domein;elearning;status\r\n{body}"));
            let _ = parse_text(&body);
        }
    }
}
