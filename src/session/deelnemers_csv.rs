//! Participants from a spreadsheet export: CSV with `;`, `,` or a tab,
//! in UTF-8, UTF-16 or Windows-1252 ([`super::csv_codering`]), with the
//! column names of the common exports ([`super::csv_kolommen`]).
//!
//! Forgiving about what is untidy: columns draaiboek does not use are named
//! once in a note, empty rows and trailing separators are skipped. Every
//! bad row is reported with its line and column, all at once, and no row
//! is dropped without saying so.

use std::path::Path;
use std::sync::Arc;

use super::csv_codering::{Codering, decode as decode_bytes};
pub use super::csv_kolommen::FIELDS;
use super::csv_kolommen::field_for;
use crate::diag::{Diagnostic, Diagnostics, SourceFile, did_you_mean};
use crate::model::{Deelnemer, DeelnemerStatus, Domein};

/// Columns that together can stand in for `naam`.
const NAAM_DELEN: &[&str] = &["voornaam", "tussenvoegsel", "achternaam"];

/// What reading a list found besides the participants: for the summary.
#[derive(Debug, Default)]
pub struct Inlezing {
    /// Rows that held anything.
    pub rijen: usize,
    /// Empty rows (also rows of separators only) that were skipped.
    pub leeg: usize,
    /// Headers of the columns that are not used, in file order.
    pub ongebruikt: Vec<String>,
}

/// Load the CSV file; a missing file is one diagnostic without a file. A
/// note on stderr says what was not used, and in which encoding it was read
/// when that was not UTF-8.
pub fn load(path: &Path) -> Result<Vec<Deelnemer>, Diagnostics> {
    let (file, codering) = read(path)?;
    let (lijst, inlezing) = parse_met_inlezing(&file)?;
    if let Some(noot) = samenvatting(&file.name, codering, &inlezing, lijst.len()) {
        crate::shell::err(noot);
    }
    Ok(lijst)
}

/// The note after reading, or `None` when every row became a participant
/// from a UTF-8 file whose every column is used.
fn samenvatting(naam: &str, codering: Codering, i: &Inlezing, n: usize) -> Option<String> {
    let utf8 = matches!(codering, Codering::Utf8 | Codering::Utf8Bom);
    if utf8 && i.leeg == 0 && i.ongebruikt.is_empty() {
        return None;
    }
    let naam = crate::term::visible(naam);
    let mut s = format!("Let op: {naam}");
    if !utf8 {
        s.push_str(&format!(" gelezen als {}", codering.naam()));
    }
    s.push_str(&format!(
        ": {} {} gaf {} {}",
        i.rijen,
        if i.rijen == 1 { "regel" } else { "regels" },
        n,
        if n == 1 { "deelnemer" } else { "deelnemers" }
    ));
    if i.leeg > 0 {
        s.push_str(&format!(
            "; {} {} overgeslagen",
            i.leeg,
            if i.leeg == 1 { "lege regel" } else { "lege regels" }
        ));
    }
    s.push_str(".\n");
    if !i.ongebruikt.is_empty() {
        let namen: Vec<String> = i
            .ongebruikt
            .iter()
            .map(|k| format!("`{}`", crate::term::visible(k)))
            .collect();
        s.push_str(&format!(
            "Niet gebruikt: {} (draaiboek leest {}).\n",
            namen.join(", "),
            FIELDS.join(", ")
        ));
    }
    Some(s)
}

/// Read the file in whichever encoding it has.
fn read(path: &Path) -> Result<(Arc<SourceFile>, Codering), Diagnostics> {
    let bytes = crate::reader::read_regular(path, crate::reader::MAX_CSV_BYTES).map_err(|e| {
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::new(format!("kan {} niet lezen: {}", path.display(), e.reason())).help(
                "`deelnemers_csv` is het pad van een gewoon CSV-bestand, ten opzichte van het sessiebestand, bijvoorbeeld \"deelnemers.csv\"",
            ),
        );
        d
    })?;
    let (text, codering) = decode_bytes(bytes);
    Ok((SourceFile::new(path, text), codering))
}

/// The text of CSV bytes, and whether it was read as Windows-1252.
pub fn decode(bytes: Vec<u8>) -> (String, bool) {
    let (text, c) = decode_bytes(bytes);
    (text, c == Codering::Windows1252)
}

/// Which separator the header uses: the most frequent of `;`, `,` and a
/// tab outside quotes (Outlook quotes `"Werkadres, straat"`).
pub fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut tel = [0usize; 3];
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => tel[0] += 1,
            ',' if !quoted => tel[1] += 1,
            '\t' if !quoted => tel[2] += 1,
            _ => {}
        }
    }
    let seps = [b';', b',', b'\t'];
    let best = (0..3).max_by_key(|&i| (tel[i], 3 - i)).unwrap_or(0);
    if tel[best] == 0 { b',' } else { seps[best] }
}

/// Parse CSV text into participants, or every problem found.
pub fn parse(file: &Arc<SourceFile>) -> Result<Vec<Deelnemer>, Diagnostics> {
    parse_met_inlezing(file).map(|(l, _)| l)
}

/// [`parse`], with what was skipped and not used.
pub fn parse_met_inlezing(file: &Arc<SourceFile>) -> Result<(Vec<Deelnemer>, Inlezing), Diagnostics> {
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
    let mut records = Vec::new();
    let mut inlezing = Inlezing::default();
    // Which unused columns hold anything: a column without a name only counts then.
    let mut gevuld = vec![false; headers.len()];
    for result in reader.records() {
        match result {
            Ok(r) if r.iter().all(str::is_empty) => inlezing.leeg += 1,
            Ok(r) => {
                for (i, f) in r.iter().enumerate().take(headers.len()) {
                    gevuld[i] |= !f.is_empty();
                }
                records.push(r);
            }
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                diags.push(
                    Diagnostic::new(format!("deze regel van het CSV-bestand is onleesbaar: {e}"))
                        .at(file, Some(at..at))
                        .help("controleer de aanhalingstekens in deze regel"),
                );
            }
        }
    }
    inlezing.rijen = records.len();
    inlezing.ongebruikt = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| !columns.iter().any(|(j, _)| j == i))
        .filter(|(i, h)| !h.trim().is_empty() || gevuld[*i])
        .map(|(i, h)| {
            if h.trim().is_empty() {
                format!("kolom {} zonder naam", i + 1)
            } else {
                h.trim().to_string()
            }
        })
        .collect();
    let te_lang = |r: &csv::StringRecord| r.iter().skip(headers.len()).any(|f| !f.is_empty());
    let lange: Vec<&csv::StringRecord> = records.iter().filter(|r| te_lang(r)).collect();
    if lange.len() > 1 {
        diags.push(kop_te_kort(file, &headers, &lange));
    }
    let mut out = Vec::new();
    for record in &records {
        if lange.len() > 1 && te_lang(record) {
            continue;
        }
        let rij = Rij::new(file, record, sep);
        if let Some(d) = deelnemer(&rij, &columns, headers.len(), &mut diags) {
            out.push(d);
        }
    }
    if diags.is_empty() {
        Ok((out, inlezing))
    } else {
        Err(diags)
    }
}

/// Many rows longer than the header: the header misses a name, said once.
fn kop_te_kort(file: &Arc<SourceFile>, headers: &csv::StringRecord, lange: &[&csv::StringRecord]) -> Diagnostic {
    let meest = lange.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut regels: Vec<String> = lange
        .iter()
        .take(5)
        .map(|r| r.position().map_or(0, |p| p.line()).to_string())
        .collect();
    if lange.len() > 5 {
        regels.push("…".into());
    }
    let kop = file.text.lines().next().map_or(0, str::len);
    Diagnostic::new(format!(
        "de kopregel noemt {} kolommen, maar {} regels hebben er meer (tot {meest}): regel {}",
        headers.len(),
        lange.len(),
        regels.join(", ")
    ))
    .at(file, Some(0..kop.max(1)))
    .label("kopregel")
    .help(
        "geef elke kolom een naam in de kopregel (vaak ontbreekt er één); staat er een scheidingsteken in een naam, zet dat vak dan tussen aanhalingstekens",
    )
}

const FIELDS_VOORBEELD: &str = "naam;email;organisatie;functie;domein;elearning;status";

/// Column index per used field, from the header; `None` when the header
/// cannot be used at all (no name column). Columns draaiboek does not use
/// are left out (the summary names them); a field named twice is an error.
fn header_columns(
    file: &Arc<SourceFile>,
    headers: &csv::StringRecord,
    diags: &mut Diagnostics,
) -> Option<Vec<(usize, &'static str)>> {
    let text = &file.text;
    let mut columns: Vec<(usize, &'static str)> = Vec::new();
    let mut offset = 0;
    for (i, h) in headers.iter().enumerate() {
        // `get`: a header that was unquoted or trimmed may not be found verbatim.
        let start = text
            .get(offset..)
            .and_then(|t| t.find(h))
            .map_or(offset, |p| offset + p);
        offset = (start + h.len()).min(text.len());
        let span = Some(start..start + h.len().max(1));
        match field_for(h) {
            Some(f) if columns.iter().any(|(_, c)| *c == f) => {
                let eerder = columns.iter().find(|(_, c)| *c == f).map_or(0, |(j, _)| *j);
                diags.push(
                    Diagnostic::new(format!(
                        "de kopregel van het CSV-bestand noemt `{f}` twee keer: `{}` en `{}`",
                        headers.get(eerder).unwrap_or("").trim(),
                        h.trim()
                    ))
                    .at(file, span)
                    .label("tweede kolom voor hetzelfde")
                    .help("verwijder of hernoem een van de twee kolommen, zodat duidelijk is welke telt"),
                )
            }
            Some(f) => columns.push((i, f)),
            None => {}
        }
    }
    let has = |f: &str| columns.iter().any(|(_, c)| *c == f);
    if !has("naam") && !has("achternaam") && !has("voornaam") {
        let namen: Vec<String> = headers
            .iter()
            .filter(|h| !h.trim().is_empty())
            .map(|h| h.trim().to_lowercase())
            .collect();
        let bedoeld = namen
            .iter()
            .map(|n| did_you_mean(n, &["naam", "voornaam", "achternaam"]))
            .find(|s| s.starts_with("bedoel je"));
        diags.push(
            Diagnostic::new("het CSV-bestand heeft geen kolom `naam`")
                .at(file, Some(0..text.lines().next().map_or(0, str::len)))
                .label("kopregel")
                .help(format!(
                    "{}de eerste regel noemt de kolommen, bijvoorbeeld: {FIELDS_VOORBEELD} (of voornaam;tussenvoegsel;achternaam in plaats van naam)",
                    bedoeld.map(|b| format!("{b} ")).unwrap_or_default()
                )),
        );
        return None;
    }
    Some(columns)
}

/// The first quote that is never closed: the rest of the file would become
/// one field. A quoted field over several lines is fine here (Outlook writes
/// its notes that way); a used field with a line break is reported per row.
fn quote_problem(file: &Arc<SourceFile>, sep: u8) -> Option<Diagnostic> {
    let bytes = file.text.as_bytes();
    let totaal = bytes.iter().filter(|&&c| c == b'"').count();
    let mut gezien = 0;
    let mut field_start = true;
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' {
            gezien += 1;
        }
        match open {
            Some(at) => {
                if b == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 1;
                        gezien += 1;
                    } else {
                        open = None;
                    }
                } else if (b == b'\n' || b == b'\r') && gezien == totaal {
                    // No quote left that could close this field.
                    return Some(nergens_gesloten(file, at));
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
    open.map(|at| nergens_gesloten(file, at))
}

fn nergens_gesloten(file: &Arc<SourceFile>, at: usize) -> Diagnostic {
    let line = file.text[..at].matches('\n').count() + 1;
    Diagnostic::new(format!(
        "het aanhalingsteken op regel {line} van het CSV-bestand wordt nergens gesloten"
    ))
    .at(file, Some(at..at + 1))
    .label("hier begint het")
    .help("zet een \" aan het eind van dit vak, of haal het aanhalingsteken weg")
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
    // Control characters and line breaks in the fields that are used.
    for &(i, kolom) in columns {
        let Some(f) = rij.record.get(i) else { continue };
        if let Some((_, c)) = crate::reader::forbidden_char(f, true) {
            let (wat, hulp) = if c == '\n' || c == '\r' {
                (
                    format!("het vak `{kolom}` van regel {} loopt door over meer regels", rij.nummer),
                    "elk vak staat op één regel: haal het regeleinde (Alt+Enter in Excel) uit de cel",
                )
            } else {
                (
                    format!(
                        "het vak `{kolom}` op regel {} bevat {}",
                        rij.nummer,
                        crate::reader::char_desc(c)
                    ),
                    "verwijder dit onzichtbare teken (het komt vaak mee bij kopiëren en plakken)",
                )
            };
            diags.push(rij.error(i, wat, "hier", hulp));
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
    let email = get("email").and_then(|(i, v)| match crate::adres::adres(&v) {
        Ok(a) => Some(a),
        Err(f) => {
            diags.push(rij.error(i, f.wat, f.label, &format!("{}, of laat het vak leeg", f.hulp)));
            None
        }
    });
    if diags.0.len() > before {
        return None;
    }
    let schoon = |field: &str| get(field).map(|(_, v)| crate::adres::schoon(&v));
    // Company and department (Outlook `Bedrijf` and `Afdeling`) together.
    let organisatie = match (schoon("organisatie"), schoon("afdeling")) {
        (Some(o), Some(a)) => Some(format!("{o}, {a}")),
        (o, a) => o.or(a),
    };
    Some(Deelnemer {
        naam: crate::adres::schoon(&naam?),
        email,
        organisatie,
        functie: schoon("functie"),
        domein,
        elearning,
        status,
        // A nickname column wins for the salutation.
        voornaam: schoon("roepnaam").or_else(|| schoon("voornaam")),
        aanhef: schoon("aanhef"),
        delen,
        aanwezig,
        // An `ID` column of a form export numbers the answers: no identity.
        id: None,
        herkomst: Some(crate::model::Herkomst {
            bestand: rij.file.name.clone(),
            regel: rij.file.line_col(rij.line_start).0,
        }),
        prive: crate::model::Prive {
            dieet: get("dieet").map(|(_, v)| v),
            registratienummer: get("registratienummer").map(|(_, v)| v),
        },
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
    fn unknown_columns_are_named_and_missing_names_reported() {
        let file = SourceFile::new(Path::new("d.csv"), "naam;telefoon;;\nAnna;06;;\n\n;;;\n".to_string());
        let (lijst, i) = parse_met_inlezing(&file).unwrap();
        assert_eq!(lijst.len(), 1);
        // A blank line is no row; a row of separators only is skipped and counted.
        assert_eq!((i.rijen, i.leeg), (1, 1));
        assert_eq!(i.ongebruikt, ["telefoon"]);
        let noot = samenvatting("d.csv", Codering::Utf8, &i, 1).unwrap();
        assert_eq!(
            noot.lines().next(),
            Some("Let op: d.csv: 1 regel gaf 1 deelnemer; 1 lege regel overgeslagen.")
        );
        assert!(noot.contains("Niet gebruikt: `telefoon`"), "{noot}");
        let errs = parse_text("email\na@x.nl\n").unwrap_err();
        assert!(errs.iter().any(|(_, m)| m.contains("geen kolom `naam`")));
        let errs = parse_text("nam;email\nAnna;a@x.nl\n").unwrap_err();
        assert!(errs.iter().any(|(_, m)| m.contains("geen kolom `naam`")));
    }

    #[test]
    fn a_header_too_short_for_its_rows_is_one_error() {
        let t = "naam;email\nAnna;a@x.nl;GGD\nBram;b@x.nl;GGD\nCees;c@x.nl;Wijkteam\n";
        let errs = parse_text(t).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].0, "deelnemers.csv:1:1");
        assert!(
            errs[0].1.contains("kopregel noemt 2 kolommen, maar 3 regels"),
            "{errs:?}"
        );
    }

    #[test]
    fn a_clean_utf8_list_needs_no_note() {
        let file = SourceFile::new(Path::new("d.csv"), "naam;email\nAnna;a@x.nl\n".to_string());
        let (_, i) = parse_met_inlezing(&file).unwrap();
        assert_eq!(samenvatting("d.csv", Codering::Utf8, &i, 1), None);
        let noot = samenvatting("d.csv", Codering::Utf16Le, &i, 1).unwrap();
        assert!(noot.contains("gelezen als UTF-16"), "{noot}");
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
        let errs = parse_text("bijnaam2;naam;domein\nx;Anna;medisc\n").unwrap_err();
        assert_eq!(errs[0].0, "deelnemers.csv:2:8", "{errs:?}");
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
