//! Participants from a spreadsheet export (CSV, `;` or `,`, with or without BOM).
//!
//! Every bad row is reported with its line and column, all at once.

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
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
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
        let start = text[offset..].find(h).map_or(offset, |p| offset + p);
        offset = start + h.len();
        match FIELDS.iter().find(|f| **f == name) {
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
        let line_start = record.position().map_or(0, |p| p.byte() as usize);
        let line_end = text[line_start..].find('\n').map_or(text.len(), |p| line_start + p);
        let line = &text[line_start..line_end];
        if record.iter().all(|f| f.is_empty()) {
            continue; // blank line
        }
        // Byte span of field `i` on this line, found by walking the raw line.
        let span_of = |i: usize| -> std::ops::Range<usize> {
            let mut from = 0;
            for (j, f) in record.iter().enumerate() {
                let pos = if f.is_empty() {
                    None
                } else {
                    line[from..].find(f).map(|p| from + p)
                };
                let start = pos.unwrap_or(from);
                if j == i {
                    return line_start + start..line_start + start + f.len().max(1);
                }
                from = start + f.len();
            }
            line_start..line_end.max(line_start + 1)
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
