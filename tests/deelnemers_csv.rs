//! Participants from a CSV file, as the trekker meets them: through the
//! session file and the command line.

mod common;

use std::path::Path;

const SESSIE: &str = r#"
[bijeenkomst]
titel = "Verdiepende bijeenkomst"
coalitie = "Coalitie Test"
datum = 2027-06-10
begintijd = 13:30:00
locatie = "Buurthuis De Linde"
deelnemers_csv = "deelnemers.csv"

[organisator]
naam = "Piet Post"
email = "p.post@example.nl"

[[programma]]
bouwsteen = "inloop"
"#;

fn controleer(dir: &Path) -> std::process::Output {
    common::run(&["controleer", "sessie.toml", "--vandaag", "2027-01-10"], dir)
}

#[test]
fn all_bad_rows_are_reported_at_once_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sessie.toml"), SESSIE).unwrap();
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
    std::fs::write(dir.path().join("sessie.toml"), SESSIE).unwrap();
    let o = controleer(dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = common::stderr(&o);
    assert!(err.contains("sessie.toml:8:"), "{err}");
    assert!(err.contains("deelnemers.csv"), "{err}");
}

#[test]
fn csv_participants_get_invitations() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sessie.toml"), SESSIE).unwrap();
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
