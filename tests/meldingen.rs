//! Messages for a trekker who is not a programmer: commands in suggestions
//! name the file the user typed, and the HTML CONCEPT banner shows code as
//! code.

mod common;

use common::*;

/// Terminal text as one line: wrapping moves words, never changes them.
fn plat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fixture_as(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/maak/fout-en-script.toml"),
        dir.path().join(name),
    )
    .unwrap();
    dir
}

#[test]
fn suggestions_name_the_file_the_user_typed() {
    let dir = fixture_as("amersfoort.toml");
    let o = run(
        &["controleer", "amersfoort.toml", "--vandaag", "2026-12-01"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let out = plat(&stdout(&o));
    assert!(
        out.contains("`draaiboek verwijder amersfoort.toml kennismaking`"),
        "{out}"
    );
    assert!(!out.contains("SESSIE.toml"), "{out}");

    // `bouwstenen --bouwsteen X --sessie FILE` names that file in its "add it" line.
    let o = run(
        &[
            "bouwstenen",
            "--bouwsteen",
            "communicatie",
            "--sessie",
            "amersfoort.toml",
        ],
        dir.path(),
    );
    assert!(
        plat(&stdout(&o)).contains("draaiboek voeg-toe amersfoort.toml communicatie --werkvorm"),
        "{}",
        stdout(&o)
    );

    // A name with a space is quoted so that it can be copied as it is.
    let dir = fixture_as("mijn sessie.toml");
    let o = run(
        &["controleer", "mijn sessie.toml", "--vandaag", "2026-12-01"],
        dir.path(),
    );
    assert!(
        plat(&stdout(&o)).contains("`draaiboek verwijder 'mijn sessie.toml' kennismaking`"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_concept_banner_shows_code_as_code() {
    let dir = fixture_as("amersfoort.toml");
    let o = run(&["maak", "amersfoort.toml", "--vandaag", "2026-12-01"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Los ze op (zie `draaiboek controleer amersfoort.toml`)"),
        "{}",
        stderr(&o)
    );
    let html = std::fs::read_to_string(dir.path().join("amersfoort/agenda.html")).unwrap();
    let start = html.find("<blockquote>").expect("banner");
    let end = html[start..].find("</blockquote>").unwrap() + start;
    let banner = &html[start..end];
    assert!(!banner.contains('`'), "raw backticks in the banner:\n{banner}");
    assert!(banner.contains("<code>kennismaking</code>"), "{banner}");
    assert!(
        banner.contains("<code>draaiboek verwijder amersfoort.toml kennismaking</code>"),
        "{banner}"
    );
    assert!(
        banner.contains("<code>draaiboek controleer amersfoort.toml</code>"),
        "{banner}"
    );
    let txt = std::fs::read_to_string(dir.path().join("amersfoort/uitnodigingen/anneke-brouwer.txt")).unwrap();
    assert!(txt.starts_with("CONCEPT — nog niet versturen"), "{txt}");
    assert!(txt.contains("draaiboek controleer amersfoort.toml"), "{txt}");
}

const KOP: &str = r#"[bijeenkomst]
titel = "Verdiepende bijeenkomst"
coalitie = "Coalitie Kansrijke Start Zeist"
datum = 2027-03-11
begintijd = 13:30:00
locatie = "Wijkcentrum"
verwacht_aantal = 16
leerdoelen = ["Een gedeelde taal over kwetsbaarheid"]

[organisator]
naam = "Fatima El Amrani"
email = "f.elamrani@zeist.example"
"#;

/// welkom (optionally with `duur`), kwetsbaarheid and communicatie with a
/// `duur`, afsluiting. The inloop would come before the start and not count.
fn programma(welkom: Option<u32>, kwetsbaarheid: u32, communicatie: u32) -> String {
    let welkom = welkom.map(|d| format!("duur = {d}\n")).unwrap_or_default();
    format!(
        "{KOP}\n[[programma]]\nbouwsteen = \"welkom\"\n{welkom}\n[[programma]]\nbouwsteen = \"kwetsbaarheid\"\n\
         werkvorm = \"casus-factoren\"\ncasussen = [\"youssef\", \"kasia-pjotr\", \"selma\", \"samira\"]\nduur = {kwetsbaarheid}\n\n\
         [[programma]]\nbouwsteen = \"communicatie\"\nwerkvorm = \"ervaringen-uitwisselen\"\nduur = {communicatie}\n\n\
         [[programma]]\nbouwsteen = \"afsluiting\"\n"
    )
}

fn max_duur(dir: &std::path::Path, text: &str) -> (Option<i32>, String) {
    std::fs::write(dir.join("s.toml"), text).unwrap();
    let o = run(&["controleer", "s.toml", "--vandaag", "2026-12-01"], dir);
    // The terminal text is wrapped at 80 columns: read it as one line.
    let flat = plat(&stdout(&o));
    let melding = match flat.find("fout[max-duur]") {
        Some(i) => {
            let rest = &flat[i..];
            let end = ["waarschuwing[", "Niet in orde", "In orde"]
                .iter()
                .filter_map(|m| rest.find(m))
                .min()
                .unwrap_or(rest.len());
            rest[..end].trim().to_string()
        }
        None => String::new(),
    };
    (o.status.code(), melding)
}

/// No single block can give 9 minutes within the advice, three together can:
/// that comes before leaving a block out, and doing what it says fits.
#[test]
fn max_duur_combines_shortenings_before_dropping_a_block() {
    let dir = tempfile::tempdir().unwrap();
    let (code, m) = max_duur(dir.path(), &programma(None, 52, 47));
    assert_eq!(code, Some(1));
    assert!(m.contains("9 minuten te lang"), "{m}");
    let eerste = m.split("Zo past het: ").nth(1).unwrap();
    assert!(
        eerste.starts_with("doe samen: kort `welkom` in van 15 naar 10 min"),
        "{m}"
    );
    assert!(eerste.contains("verander `duur = 52` in `duur = 50`"), "{m}");
    assert!(eerste.contains("verander `duur = 47` in `duur = 45`"), "{m}");
    assert!(eerste.contains("; of laat `"), "a block to drop comes after: {m}");
    // Doing exactly that fits in the two hours.
    let (code, m) = max_duur(dir.path(), &programma(Some(10), 50, 45));
    assert_eq!(code, Some(0), "{m}");
}

/// The proposed line, written into the file, removes the error.
#[test]
fn the_first_proposal_fits_when_followed() {
    let dir = tempfile::tempdir().unwrap();
    let (_, m) = max_duur(dir.path(), &programma(None, 60, 35));
    let eerste = m.split("Zo past het: ").nth(1).unwrap();
    assert!(
        eerste.starts_with("kort `kwetsbaarheid` in van 60 naar 55 min (het draaiboek adviseert 50 min): verander `duur = 60` in `duur = 55`"),
        "{m}"
    );
    let (code, m) = max_duur(dir.path(), &programma(None, 55, 35));
    assert_eq!(code, Some(0), "{m}");
}
/// A title with right quotes (`\"`) and a stray backslash: both proposed
/// fixes parse, and keep the quotes as quotes.
#[test]
fn the_fixes_for_a_stray_backslash_parse_and_keep_the_quotes() {
    let (tmp, sessie) = example_in_tmp("zeist.toml");
    let tekst = std::fs::read_to_string(&sessie).unwrap().replacen(
        "titel = \"Verdiepende bijeenkomst Kansrijke Start Zeist\"",
        r#"titel = "Bijeenkomst \"Samen\" in Zeist\Utrecht""#,
        1,
    );
    std::fs::write(&sessie, tekst).unwrap();
    let o = run(&["controleer", "zeist.toml", "--vandaag", "2027-01-15"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    let m = plat(&stderr(&o));
    let hulp = m
        .split("schrijf schuine strepen naar rechts: ")
        .nth(1)
        .unwrap_or_else(|| panic!("{m}"));
    let (schuin, enkel) = hulp
        .split_once(", of zet de tekst tussen enkele aanhalingstekens: ")
        .unwrap_or_else(|| panic!("{m}"));
    // `titel = '…'` up to its closing quote; more of the message follows.
    let eind = enkel["titel = '".len()..].find('\'').unwrap_or_else(|| panic!("{m}"));
    let enkel = &enkel[..eind + "titel = ''".len()];
    for voorstel in [schuin, enkel] {
        let tabel: toml::Table = toml::from_str(voorstel).unwrap_or_else(|e| panic!("{voorstel}: {e}"));
        assert_eq!(
            tabel["titel"].as_str(),
            Some(if voorstel == schuin {
                "Bijeenkomst \"Samen\" in Zeist/Utrecht"
            } else {
                "Bijeenkomst \"Samen\" in Zeist\\Utrecht"
            }),
            "{voorstel}"
        );
    }
}

/// A bad `naam` is one error; the keys beside it are not reported as unknown.
#[test]
fn a_bad_name_does_not_make_its_neighbours_unknown() {
    let (tmp, sessie) = example_in_tmp("zeist.toml");
    let tekst = std::fs::read_to_string(&sessie)
        .unwrap()
        .replacen("naam = \"Fatima El Amrani\"", "naam = 12", 1)
        .replacen("naam = \"Ingrid de Vries\"", "naam = 13", 1);
    std::fs::write(&sessie, tekst).unwrap();
    let o = run(&["controleer", "zeist.toml", "--vandaag", "2027-01-15"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    let m = stderr(&o);
    assert!(m.contains("naam = 12") && m.contains("naam = 13"), "{m}");
    assert!(!m.contains("onbekende sleutel"), "{m}");
    assert!(m.contains("2 fouten") || m.matches("fout:").count() == 2, "{m}");
}

mod slips_never_panic {
    use draaiboek::diag::SourceFile;
    use proptest::prelude::*;

    static LIB: std::sync::LazyLock<draaiboek::model::Bibliotheek> =
        std::sync::LazyLock::new(|| draaiboek::library::builtin().unwrap());

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

        /// Values made of the characters of the common slips (quotes,
        /// backslashes, brackets, Dutch dates and times, é) are always
        /// explained, never a panic.
        #[test]
        fn any_mix_of_slip_characters(value in "[\"'\\\\\\[\\],#:.\\-/ 0-9ajnmrtuhé=]{0,30}", key in "(datum|begintijd|locatie|leerdoelen)") {
            let text = format!(
                "[bijeenkomst]\ntitel = \"T\"\ncoalitie = \"C\"\n{key} = {value}\n\n[organisator]\nnaam = \"F\"\nemail = \"f@x.nl\"\n\n[[programma]]\nbouwsteen = \"inloop\"\n"
            );
            let file = SourceFile::new(std::path::Path::new("s.toml"), text);
            if let Err(e) = draaiboek::session::load_source(file, &LIB) {
                let shown = e.render(false);
                prop_assert!(shown.contains("s.toml"), "{}", shown);
            }
        }
    }
}
