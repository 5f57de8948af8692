//! The case cards on paper: headless Chromium prints `casuskaarten.html` to
//! PDF; the sheet count and every card title are checked with poppler.
//! Skipped (with a clear message) when Chromium is missing locally; never in CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn render(fixture: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let session = tmp.path().join(fixture.file_name().unwrap());
    std::fs::copy(fixture, &session).unwrap();
    let s = session.display().to_string();
    let o = run(&["kaarten", &s, "--vandaag", "2026-12-01"], tmp.path());
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    (tmp, session.with_extension("").join("casuskaarten.html"))
}

fn print_pdf(chromium: &Path, html: &Path) -> (u32, String) {
    let pdf = html.with_extension("pdf");
    let profile = tempfile::tempdir().unwrap();
    let o = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(
        pdf.exists(),
        "chromium maakte geen PDF: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(info.contains("(A4)"), "geen A4: {info}");
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    (pages, String::from_utf8_lossy(&text.stdout).into_owned())
}

fn titles(html: &Path) -> Vec<String> {
    let md = std::fs::read_to_string(html.with_extension("md")).unwrap();
    md.lines()
        .filter_map(|l| l.strip_prefix("## Casus "))
        .map(|l| l.split_once(": ").unwrap().1.replace('\\', ""))
        .collect()
}

/// Normalise whitespace so a title wrapped over two lines still matches.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn four_cards_one_sheet_eight_cards_two_sheets() {
    let Some(chromium) = chromium() else { return };
    for (fixture, cards, sheets) in [
        (root().join("tests/fixtures/maak/vier-casussen.toml"), 4, 1),
        (root().join("tests/fixtures/maak/acht-casussen.toml"), 8, 2),
    ] {
        let (_tmp, html) = render(&fixture);
        let t = titles(&html);
        assert_eq!(t.len(), cards, "{}", fixture.display());
        let (pages, text) = print_pdf(&chromium, &html);
        assert_eq!(
            pages,
            sheets,
            "{}: {cards} kaarten horen op {sheets} A4-vel(len)",
            fixture.display()
        );
        let text = flat(&text);
        for title in t {
            assert!(text.contains(&flat(&title)), "titel {title:?} staat niet in de PDF");
        }
        // The printing advice is for the screen only.
        assert!(
            !text.contains("werkelijke grootte"),
            "het printadvies hoort niet op papier"
        );
    }
}

#[test]
fn long_case_folds_over_and_keeps_all_its_text() {
    let Some(chromium) = chromium() else { return };
    let (_tmp, html) = render(&root().join("tests/fixtures/maak/fout-en-script.toml"));
    let (pages, text) = print_pdf(&chromium, &html);
    let text = flat(&text);
    assert!(
        text.contains("SLOTWOORD"),
        "het einde van de lange casus is weggevallen"
    );
    assert!(text.contains("achterkant"), "de lange casus is geen vouwkaart geworden");
    let slots: usize = std::fs::read_to_string(&html)
        .unwrap()
        .matches("<section class=\"vel\"")
        .count();
    assert_eq!(pages as usize, slots, "elk vel hoort precies één A4 te zijn");
}
