//! Messages for a trekker who is not a programmer: commands in suggestions
//! name the file the user typed, and the HTML CONCEPT banner shows code as
//! code.

mod common;

use common::*;

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
    let out = stdout(&o);
    assert!(
        out.contains("`draaiboek verwijder amersfoort.toml kennismaking`"),
        "{out}"
    );
    assert!(!out.contains("SESSIE.toml"), "{out}");

    // A name with a space is quoted so that it can be copied as it is.
    let dir = fixture_as("mijn sessie.toml");
    let o = run(
        &["controleer", "mijn sessie.toml", "--vandaag", "2026-12-01"],
        dir.path(),
    );
    assert!(
        stdout(&o).contains("`draaiboek verwijder 'mijn sessie.toml' kennismaking`"),
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
