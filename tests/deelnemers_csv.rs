//! Participants from a CSV file, as the trekker meets them: through the
//! session file and the command line.

mod common;

use std::path::Path;

fn controleer(dir: &Path) -> std::process::Output {
    common::run(&["controleer", "sessie.toml", "--vandaag", "2027-01-10"], dir)
}

#[test]
fn all_bad_rows_are_reported_at_once_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sessie.toml"), common::SESSIE_MET_CSV).unwrap();
    // BOM, `;`, CRLF as Excel writes it; three bad rows and one good one.
    std::fs::write(
        dir.path().join("deelnemers.csv"),
        "\u{feff}naam;email;domein;elearning\r\nAnna;a@x.nl;medies;ja\r\n;b@x.nl;sociaal;nee\r\nCees;c@x.nl;informeel;misschien\r\n\"Bos; Ruud\";r@x.nl;sociaal;ja\r\n",
    )
    .unwrap();
    let o = controleer(dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = common::stderr(&o);
    for loc in ["deelnemers.csv:2:13", "deelnemers.csv:3:1", "deelnemers.csv:4:23"] {
        assert!(err.contains(loc), "missing {loc} in:\n{err}");
    }
    assert!(
        err.contains("medies") && err.contains("misschien") && err.contains("zonder naam"),
        "{err}"
    );
    assert!(!err.contains("Bos"), "the good quoted row is not reported:\n{err}");
}

#[test]
fn a_missing_csv_points_at_the_session_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sessie.toml"), common::SESSIE_MET_CSV).unwrap();
    let o = controleer(dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = common::stderr(&o);
    assert!(err.contains("sessie.toml:8:"), "{err}");
    assert!(err.contains("deelnemers.csv"), "{err}");
}

#[test]
fn csv_participants_get_invitations() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sessie.toml"), common::SESSIE_MET_CSV).unwrap();
    std::fs::write(
        dir.path().join("deelnemers.csv"),
        "naam,E-mail,organisatie,status\nChantal Römer,c@x.nl,\"Welzijn, Zeist\",aangemeld\nJan de Vries,,,\nJan de Vries,j2@x.nl,,\nMarieke Peters,m@x.nl,,afgemeld\n",
    )
    .unwrap();
    let lib = draaiboek::library::builtin().unwrap();
    let s = draaiboek::session::load(&dir.path().join("sessie.toml"), &lib).unwrap();
    assert_eq!(s.deelnemers.len(), 4);
    assert_eq!(s.deelnemers[0].organisatie.as_deref(), Some("Welzijn, Zeist"));
    let engine = draaiboek::render::templates::Engine::new(None).unwrap();
    let plan = draaiboek::plan::Planning::new(&s, &lib, 0);
    let files =
        draaiboek::export::bestanden(&plan, &engine, chrono::NaiveDate::from_ymd_opt(2027, 1, 10).unwrap()).unwrap();
    let names: Vec<&str> = files
        .iter()
        .map(|f| f.pad.as_str())
        .filter(|r| r.starts_with("uitnodigingen/"))
        .collect();
    assert_eq!(
        names,
        [
            "uitnodigingen/chantal-romer.md",
            "uitnodigingen/chantal-romer.txt",
            "uitnodigingen/chantal-romer.eml",
            "uitnodigingen/jan-de-vries.md",
            "uitnodigingen/jan-de-vries.txt",
            "uitnodigingen/jan-de-vries-2.md",
            "uitnodigingen/jan-de-vries-2.txt",
            "uitnodigingen/jan-de-vries-2.eml",
        ]
    );
}

/// Run `controleer` on the common session with this CSV (raw bytes); exit code and stderr.
fn met_csv(bytes: &[u8]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sessie.toml"), common::SESSIE_MET_CSV).unwrap();
    std::fs::write(dir.path().join("deelnemers.csv"), bytes).unwrap();
    let o = controleer(dir.path());
    (o.status.code(), common::stderr(&o))
}

#[test]
fn an_unclosed_quote_names_the_row_where_it_opened() {
    let mut csv = String::from("naam;email;domein\nAnna;a@x.nl;medisch\n\"Bos, Ruud;r@x.nl;sociaal\n");
    for i in 0..9 {
        csv.push_str(&format!("Persoon {i};p{i}@x.nl;sociaal\n"));
    }
    let (code, err) = met_csv(csv.as_bytes());
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("deelnemers.csv:3:1"), "{err}");
    assert!(
        err.contains("aanhalingsteken op regel 3") && err.contains("nergens gesloten"),
        "{err}"
    );
}

#[test]
fn a_row_with_a_column_too_many_is_one_clear_error() {
    let (code, err) = met_csv(b"naam;email;domein\nAnna;a@x.nl;medisch\nBos; Ruud;r@x.nl;sociaal\n");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("regel 3 heeft een kolom te veel"), "{err}");
    assert_eq!(err.matches("fout:").count(), 1, "one error, not three:\n{err}");
    // Trailing empty fields (Excel writes them) are no extra column.
    let (code, err) = met_csv(b"naam;email;domein\nAnna;a@x.nl;medisch;;\n");
    assert_ne!(code, Some(2), "{err}");
}

#[test]
fn line_breaks_and_control_characters_in_a_field_are_input_errors() {
    let (code, err) = met_csv(b"naam;email\n\"Anna\nde Wit\";a@x.nl\n");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("regel 2") && err.contains("meer regels"), "{err}");
    for (bad, wat) in [
        ("\x1b[31m", "escape"),
        ("\u{202e}", "leesrichting"),
        ("\x7f", "U+007F"),
        ("\x07", "U+0007"),
    ] {
        for kolom in ["naam", "email", "organisatie", "functie"] {
            let mut velden = ["Anna".to_string(), "a@x.nl".into(), "GGD".into(), "arts".into()];
            let i = ["naam", "email", "organisatie", "functie"]
                .iter()
                .position(|k| *k == kolom)
                .unwrap();
            velden[i] = format!("{}{bad}x", velden[i]);
            let csv = format!("naam;email;organisatie;functie\n{}\n", velden.join(";"));
            let (code, err) = met_csv(csv.as_bytes());
            assert_eq!(code, Some(2), "{kolom} {bad:?}: {err}");
            assert!(
                err.contains(&format!("het vak `{kolom}` op regel 2")) && err.contains(wat),
                "{err}"
            );
            assert!(
                !err.contains('\x1b') && !err.contains('\u{202e}'),
                "no escape reaches the terminal: {err:?}"
            );
        }
    }
}

#[test]
fn an_empty_csv_names_the_file() {
    let (code, err) = met_csv(b"");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("deelnemers.csv:1:1") && err.contains("leeg"), "{err}");
}

#[test]
fn dutch_excel_windows_1252_with_name_parts_arrives_intact() {
    // "CSV (puntkomma)" from Dutch Excel: Windows-1252, CRLF, separate name columns.
    let tekst = "voornaam;tussenvoegsel;achternaam;email;domein;delen;aanwezig\r\n\
                 Françoise;;Müller;f.muller@x.nl;medisch;ja;\r\n\
                 Jan;van der;Berg;j.berg@x.nl;sociaal;nee;ja\r\n";
    let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(tekst);
    assert!(!lossy);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test file is really not UTF-8"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sessie.toml"), common::SESSIE_MET_CSV).unwrap();
    std::fs::write(dir.path().join("deelnemers.csv"), &bytes).unwrap();
    let o = common::run(
        &[
            "uitnodiging",
            "sessie.toml",
            "--deelnemer",
            "Jan van der Berg",
            "--vandaag",
            "2027-01-10",
        ],
        dir.path(),
    );
    let err = common::stderr(&o);
    assert!(o.status.code() != Some(2), "{err}");
    assert_eq!(err.matches("Windows-1252").count(), 1, "said once, in one line:\n{err}");
    let out = common::stdout(&o);
    // The salutation uses the first name from its own column.
    assert!(out.contains("Beste Jan,"), "{out}");

    // In the model: the first name kept apart, delen/aanwezig as yes/no/unknown.
    let (text, ansi) = draaiboek::session::decode_csv(bytes.into_owned());
    assert!(ansi);
    let file = draaiboek::diag::SourceFile::new(Path::new("deelnemers.csv"), text);
    let d = draaiboek::session::parse_csv(&file).unwrap();
    assert_eq!(d[0].naam, "Françoise Müller");
    assert_eq!(d[0].voornaam.as_deref(), Some("Françoise"));
    assert_eq!((d[0].delen, d[0].aanwezig), (Some(true), None));
    assert_eq!((d[1].delen, d[1].aanwezig), (Some(false), Some(true)));
}

#[test]
fn a_long_csv_is_read_in_linear_time() {
    let tijd = |n: usize| {
        let mut t = String::from("naam;email;organisatie;functie;domein;elearning;status\n");
        for i in 0..n {
            t.push_str(&format!(
                "Persoon {i};p{i}@org.example;Org {};arts;medisch;ja;aangemeld\n",
                i % 40
            ));
        }
        let file = draaiboek::diag::SourceFile::new(Path::new("veel.csv"), t);
        let begin = std::time::Instant::now();
        assert_eq!(draaiboek::session::parse_csv(&file).unwrap().len(), n);
        begin.elapsed().as_secs_f64()
    };
    tijd(1000);
    let (klein, groot) = (tijd(5_000), tijd(40_000));
    // Eight times the rows: linear is about 8 times the time, quadratic 64.
    assert!(
        groot / klein < 24.0,
        "5.000 rijen {klein:.3} s, 40.000 rijen {groot:.3} s"
    );
}
