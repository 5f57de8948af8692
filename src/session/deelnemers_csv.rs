//! Participants from a spreadsheet export (CSV, `;` or `,`, with or without BOM).
//!
//! Every bad row is reported with its line and column, all at once.
//! Header names are matched loosely (`Naam`, `E-mail`, `e-mailadres`), since
//! they are typed by people in a spreadsheet.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, SourceFile, did_you_mean};
use crate::model::{Deelnemer, DeelnemerStatus, Domein};

pub const FIELDS: &[&str] = &[
    "naam",
    "email",
    "organisatie",
    "functie",
    "domein",
    "elearning",
    "status",
    "delen",
    "aanwezig",
];

/// Load the CSV file; a missing file is one diagnostic without a file.
pub fn load(path: &Path) -> Result<Vec<Deelnemer>, Diagnostics> {
    let file = match super::read_source(path) {
        Ok(f) => f,
        Err(e) => {
            let mut d = Diagnostics::default();
            for mut x in e.0 {
                if x.file.is_none() {
                    x = x.help("`deelnemers_csv` is een pad ten opzichte van het sessiebestand, bijvoorbeeld \"deelnemers.csv\"");
                }
                d.push(x);
            }
            return Err(d);
        }
    };
    parse(&file)
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
pub fn parse(file: &std::sync::Arc<SourceFile>) -> Result<Vec<Deelnemer>, Diagnostics> {
    let text = &file.text;
    let mut diags = Diagnostics::default();
    let sep = separator(text);
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
    // Column index per known field.
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
        match field_for(&name) {
            Some(f) if columns.iter().any(|(_, c)| *c == f) => diags.push(
                Diagnostic::new(format!(
                    "de kolom `{f}` staat twee keer in de kopregel van het CSV-bestand"
                ))
                .at(file, Some(start..start + h.len().max(1)))
                .label("dubbele kolom")
                .help("verwijder of hernoem een van de twee kolommen"),
            ),
            Some(f) => columns.push((i, f)),
            None => diags.push(
                Diagnostic::new(format!("onbekende kolom `{h}` in de kopregel van het CSV-bestand"))
                    .at(file, Some(start..start + h.len().max(1)))
                    .label("onbekende kolom")
                    .help(format!(
                        "{}; toegestane kolommen: {}",
                        did_you_mean(&name, FIELDS),
                        FIELDS.join(", ")
                    )),
            ),
        }
    }
    if !columns.iter().any(|(_, f)| *f == "naam") {
        diags.push(
            Diagnostic::new("het CSV-bestand heeft geen kolom `naam`")
                .at(file, Some(0..text.lines().next().map_or(0, str::len)))
                .label("kopregel")
                .help(format!(
                    "de eerste regel noemt de kolommen, bijvoorbeeld: {}",
                    FIELDS.join(";")
                )),
        );
        return Err(diags);
    }

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
        // The csv crate may place a record after "\r\n" at the "\n"; step past
        // line ends so that spans point into the record's own line.
        let mut line_start = record.position().map_or(0, |p| p.byte() as usize).min(text.len());
        while text[line_start..].starts_with(['\r', '\n']) {
            line_start += 1;
        }
        let line_end = text[line_start..].find('\n').map_or(text.len(), |p| line_start + p);
        let line = text[line_start..line_end].trim_end_matches('\r');
        if record.iter().all(|f| f.is_empty()) {
            continue; // blank line
        }
        // Byte span of field `i` on this line, found by walking the raw line:
        // past one separator per field, then to the field's text.
        let span_of = |i: usize| -> std::ops::Range<usize> {
            let mut from = 0;
            for (j, f) in record.iter().enumerate() {
                if j > 0
                    && let Some(p) = line.get(from..).and_then(|r| r.find(sep as char))
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
                    return line_start + start..line_start + start + f.len().max(1);
                }
                from = start + f.len();
            }
            line_start..line_start + line.len().max(1)
        };
        let get = |field: &str| -> Option<(usize, String)> {
            columns
                .iter()
                .find(|(_, f)| *f == field)
                .and_then(|(i, _)| record.get(*i).map(|v| (*i, v.trim().to_string())))
                .filter(|(_, v)| !v.is_empty())
        };
        let mut ok = true;
        let naam = get("naam").map(|(_, v)| v);
        if naam.is_none() {
            ok = false;
            let i = columns.iter().find(|(_, f)| *f == "naam").map_or(0, |(i, _)| *i);
            diags.push(
                Diagnostic::new("een deelnemer zonder naam in het CSV-bestand")
                    .at(file, Some(span_of(i)))
                    .label("naam ontbreekt")
                    .help("vul de naam in, of verwijder de regel"),
            );
        }
        let domein = match get("domein") {
            None => None,
            Some((i, v)) => match Domein::from_id(&v.to_lowercase()) {
                Some(d) => Some(d),
                None => {
                    ok = false;
                    diags.push(
                        Diagnostic::new(format!("onbekend domein `{v}` in het CSV-bestand"))
                            .at(file, Some(span_of(i)))
                            .label("onbekend domein")
                            .help(did_you_mean(&v.to_lowercase(), Domein::IDS)),
                    );
                    None
                }
            },
        };
        let elearning = match get("elearning") {
            None => false,
            Some((i, v)) => match parse_bool(&v) {
                Some(b) => b,
                None => {
                    ok = false;
                    diags.push(
                        Diagnostic::new(format!("`{v}` is geen ja/nee-waarde voor `elearning`"))
                            .at(file, Some(span_of(i)))
                            .label("verwacht ja of nee")
                            .help("schrijf ja of nee (ook goed: true/false, waar/onwaar, 1/0)"),
                    );
                    false
                }
            },
        };
        let status = match get("status") {
            None => DeelnemerStatus::Uitgenodigd,
            Some((i, v)) => match DeelnemerStatus::from_id(&v.to_lowercase()) {
                Some(s) => s,
                None => {
                    ok = false;
                    diags.push(
                        Diagnostic::new(format!("onbekende status `{v}` in het CSV-bestand"))
                            .at(file, Some(span_of(i)))
                            .label("onbekende status")
                            .help(did_you_mean(&v.to_lowercase(), DeelnemerStatus::IDS)),
                    );
                    DeelnemerStatus::Uitgenodigd
                }
            },
        };
        // `delen` and `aanwezig`: ja/nee; an empty cell means "not recorded".
        let mut ja_nee = |field: &'static str| -> Option<bool> {
            let (i, v) = get(field)?;
            let b = parse_bool(&v);
            if b.is_none() {
                ok = false;
                diags.push(
                    Diagnostic::new(format!("`{v}` is geen ja/nee-waarde voor `{field}`"))
                        .at(file, Some(span_of(i)))
                        .label("verwacht ja of nee")
                        .help("schrijf ja of nee, of laat het vak leeg als je het (nog) niet weet"),
                );
            }
            b
        };
        let delen = ja_nee("delen");
        let aanwezig = ja_nee("aanwezig");
        let email = get("email").map(|(_, v)| v);
        if let Some(e) = &email
            && !super::looks_like_email(e)
        {
            ok = false;
            let i = columns.iter().find(|(_, f)| *f == "email").map_or(0, |(i, _)| *i);
            diags.push(
                Diagnostic::new(format!("`{e}` lijkt geen e-mailadres"))
                    .at(file, Some(span_of(i)))
                    .label("geen e-mailadres")
                    .help("schrijf het adres als naam@organisatie.nl, of laat het vak leeg"),
            );
        }
        if ok && let Some(naam) = naam {
            out.push(Deelnemer {
                naam,
                email,
                organisatie: get("organisatie").map(|(_, v)| v),
                functie: get("functie").map(|(_, v)| v),
                domein,
                elearning,
                status,
                voornaam: None,
                delen,
                aanwezig,
                herkomst: Some(crate::model::Herkomst {
                    bestand: file.name.clone(),
                    regel: file.line_col(line_start).0,
                }),
            });
        }
    }
    if diags.is_empty() { Ok(out) } else { Err(diags) }
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
        let errs = parse_text("naam;achternaam\nAnna;x\n").unwrap_err();
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
