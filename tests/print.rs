//! Paper: headless Chromium prints each printable document to PDF, and
//! poppler (`pdfinfo`, `pdftotext -bbox`) says how many sheets it takes and
//! where every word sits. Checked for the three examples and the case-card
//! fixtures:
//! - sheet counts where they are fixed (4 built-in cards → 1 sheet, 8 → 2);
//! - every word at least 5 mm from every sheet edge (an office printer does
//!   not print the outer 4–5 mm);
//! - no word across a cut or fold line of the card and table-tent grids;
//! - no printed box (card, name tag, table tent, field) with more content
//!   than fits (Chromium over the DevTools protocol, print media).
//!
//! Skipped (with a clear message) when Chromium is missing locally; never in CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// 5 mm in PDF points.
const RAND: f64 = 5.0 * 72.0 / 25.4;

#[derive(Debug)]
struct Woord {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    tekst: String,
}

#[derive(Debug)]
struct Pagina {
    breedte: f64,
    hoogte: f64,
    woorden: Vec<Woord>,
}

impl Pagina {
    fn tekst(&self) -> String {
        self.woorden
            .iter()
            .map(|w| w.tekst.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn render(fixture: &Path, opdracht: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture.parent().unwrap()).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "csv") {
            std::fs::copy(&p, tmp.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    let session = tmp.path().join(fixture.file_name().unwrap());
    std::fs::copy(fixture, &session).unwrap();
    let s = session.display().to_string();
    let o = run(&[opdracht, &s, "--vandaag", "2026-12-01"], tmp.path());
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let dir = session.with_extension("");
    (tmp, dir)
}

fn attr(tag: &str, name: &str) -> f64 {
    let start = tag.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
    let end = start + tag[start..].find('"').unwrap();
    tag[start..end].parse().unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Print `html` to PDF with headless Chromium; every page with its words' boxes.
fn print_pdf(chromium: &Path, html: &Path) -> Vec<Pagina> {
    let pdf = common::chromium_pdf(chromium, html);
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(info.contains("(A4)"), "{}: geen A4: {info}", html.display());
    let bbox = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let bbox = String::from_utf8_lossy(&bbox.stdout).into_owned();
    let mut pages: Vec<Pagina> = Vec::new();
    for line in bbox.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(Pagina {
                breedte: attr(line, "width"),
                hoogte: attr(line, "height"),
                woorden: Vec::new(),
            });
        } else if line.starts_with("<word ") {
            let tekst = line
                .split_once('>')
                .and_then(|(_, r)| r.strip_suffix("</word>"))
                .unwrap_or("");
            pages.last_mut().expect("word on a page").woorden.push(Woord {
                x0: attr(line, "xMin"),
                y0: attr(line, "yMin"),
                x1: attr(line, "xMax"),
                y1: attr(line, "yMax"),
                tekst: unescape(tekst),
            });
        }
    }
    let n: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    assert_eq!(n, pages.len(), "pdfinfo en pdftotext tellen anders");
    pages
}

fn mm(pt: f64) -> f64 {
    pt * 25.4 / 72.0
}

/// Words closer than 5 mm to a sheet edge, as readable lines.
fn buiten_veilige_rand(doc: &str, pages: &[Pagina]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        for w in &p.woorden {
            let afstand = [w.x0, w.y0, p.breedte - w.x1, p.hoogte - w.y1]
                .into_iter()
                .fold(f64::INFINITY, f64::min);
            if afstand < RAND {
                out.push(format!(
                    "{doc}, blad {}: {:?} op {:.1} mm van de rand",
                    i + 1,
                    w.tekst,
                    mm(afstand)
                ));
            }
        }
    }
    out
}

/// Words that cross one of the lines (in fractions of the page: vertical
/// lines at x, horizontal lines at y).
fn over_lijnen(doc: &str, pages: &[Pagina], xs: &[f64], ys: &[f64]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        for w in &p.woorden {
            let x = xs.iter().map(|f| f * p.breedte).find(|x| w.x0 < *x && w.x1 > *x);
            let y = ys.iter().map(|f| f * p.hoogte).find(|y| w.y0 < *y && w.y1 > *y);
            if x.is_some() || y.is_some() {
                out.push(format!(
                    "{doc}, blad {}: {:?} ligt over een snij- of vouwlijn",
                    i + 1,
                    w.tekst
                ));
            }
        }
    }
    out
}

fn titles(dir: &Path) -> Vec<String> {
    let md = std::fs::read_to_string(dir.join("casuskaarten.md")).unwrap();
    md.lines()
        .filter_map(|l| l.strip_prefix("## Casus "))
        .map(|l| l.split_once(": ").unwrap().1.replace('\\', ""))
        .collect()
}

/// Normalise whitespace so a title wrapped over two lines still matches.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn count(html: &Path, needle: &str) -> usize {
    std::fs::read_to_string(html).unwrap().matches(needle).count()
}

#[test]
#[ignore = "needs Chromium and pdftotext (poppler-utils)"]
fn four_cards_one_sheet_eight_cards_two_sheets() {
    let chromium = chromium();
    for (fixture, cards, sheets) in [
        ("tests/fixtures/maak/vier-casussen.toml", 4, 1),
        ("tests/fixtures/maak/acht-casussen.toml", 8, 2),
        // All eight built-in cases with the seven questions of casus-factoren.
        ("tests/fixtures/print/acht-casussen-zeven-vragen.toml", 8, 2),
    ] {
        let (_tmp, dir) = render(&root().join(fixture), "kaarten");
        let t = titles(&dir);
        assert_eq!(t.len(), cards, "{fixture}");
        let html = dir.join("casuskaarten.html");
        assert_eq!(
            count(&html, "class=\"slot enkel\""),
            cards,
            "{fixture}: elke kaart één A6"
        );
        let pages = print_pdf(&chromium, &html);
        assert_eq!(
            pages.len(),
            sheets,
            "{fixture}: {cards} kaarten horen op {sheets} A4-vel(len)"
        );
        let text = flat(&pages.iter().map(Pagina::tekst).collect::<Vec<_>>().join(" "));
        for title in t {
            assert!(text.contains(&flat(&title)), "titel {title:?} staat niet in de PDF");
        }
        // Every question of the work format is on paper (the last one on each card).
        if fixture.contains("zeven-vragen") {
            let laatste = "geef je deze casus, en waarom?";
            assert_eq!(
                text.matches(laatste).count(),
                cards,
                "niet elke kaart heeft alle vragen"
            );
        }
        // The printing advice is for the screen only.
        assert!(
            !text.contains("werkelijke grootte"),
            "het printadvies hoort niet op papier"
        );
        let mut fout = buiten_veilige_rand(fixture, &pages);
        fout.extend(over_lijnen(fixture, &pages, &[0.5], &[0.5]));
        assert!(fout.is_empty(), "{}", fout.join("\n"));
    }
}

#[test]
#[ignore = "needs Chromium and pdftotext (poppler-utils)"]
fn long_case_folds_over_and_keeps_all_its_text() {
    let chromium = chromium();
    let (_tmp, dir) = render(&root().join("tests/fixtures/maak/fout-en-script.toml"), "kaarten");
    let html = dir.join("casuskaarten.html");
    let pages = print_pdf(&chromium, &html);
    let text = flat(&pages.iter().map(Pagina::tekst).collect::<Vec<_>>().join(" "));
    assert!(
        text.contains("SLOTWOORD"),
        "het einde van de lange casus is weggevallen"
    );
    assert!(text.contains("achterkant"), "de lange casus is geen vouwkaart geworden");
    assert_eq!(
        pages.len(),
        count(&html, "<section class=\"vel\""),
        "elk vel hoort precies één A4 te zijn"
    );
    // No hole in the sheet: an empty slot only at the very end.
    let src = std::fs::read_to_string(&html).unwrap();
    let slots: Vec<&str> = src
        .match_indices("class=\"slot ")
        .map(|(i, _)| src[i + 12..].split('"').next().unwrap())
        .collect();
    let eerste_leeg = slots.iter().position(|s| *s == "leeg").unwrap_or(slots.len());
    assert!(
        slots[eerste_leeg..].iter().all(|s| *s == "leeg"),
        "een leeg vak midden in de vellen: {slots:?}"
    );
    let fout = buiten_veilige_rand("fout-en-script", &pages);
    assert!(fout.is_empty(), "{}", fout.join("\n"));
}

/// The printable documents of an example, with their sheet count where it is fixed.
fn printbaar(dir: &Path) -> Vec<(PathBuf, Option<usize>)> {
    let mut out = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    names.sort();
    for p in names {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let sheets = match name.as_str() {
            "agenda.html" => Some(1),
            "casuskaarten.html" => Some(count(&p, "<section class=\"vel\"")),
            "groepen.html" => Some(count(&p, "<section class=\"vel\"")),
            "materiaal.html" => Some(count(&p, "<section class=\"pagina")),
            _ => None,
        };
        out.push((p, sheets));
    }
    out
}

/// One printed document of an example.
struct Gedrukt {
    doc: String,
    html: String,
    vellen: Option<usize>,
    pages: Vec<Pagina>,
}

/// Every printable document of the three examples (and of a session with
/// every kind of print material), printed once and shared
/// by the tests below (printing is the slow part).
fn gedrukt() -> &'static [Gedrukt] {
    static CACHE: std::sync::OnceLock<Vec<Gedrukt>> = std::sync::OnceLock::new();
    let chromium = chromium();
    CACHE.get_or_init(|| {
        let mut out = Vec::new();
        let sessies = ["zeist", "samenwerking", "communicatie"]
            .map(|e| (e, root().join(format!("examples/{e}.toml"))))
            .into_iter()
            // Every kind of print material at once: kaartenspel, timeline, tags, …
            .chain([(
                "al-het-drukwerk",
                root().join("tests/fixtures/print/al-het-drukwerk.toml"),
            )]);
        for (example, sessie) in sessies {
            let (_tmp, dir) = render(&sessie, "maak");
            let docs = printbaar(&dir);
            let names: Vec<String> = docs
                .iter()
                .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect();
            for must in [
                "agenda.html",
                "draaiboek.html",
                "benodigdheden.html",
                "casuskaarten.html",
                "groepen.html",
                "materiaal.html",
            ] {
                assert!(names.iter().any(|n| n == must), "{example}: {must} ontbreekt");
            }
            for (html, vellen) in docs {
                out.push(Gedrukt {
                    doc: format!("{example}/{}", html.file_name().unwrap().to_string_lossy()),
                    html: std::fs::read_to_string(&html).unwrap(),
                    vellen,
                    pages: print_pdf(&chromium, &html),
                });
            }
        }
        out
    })
}

#[test]
#[ignore = "needs Chromium and pdftotext (poppler-utils)"]
fn every_printed_page_of_the_examples_keeps_a_safe_edge() {
    let docs = gedrukt();
    let mut fout = Vec::new();
    for d in docs {
        let (doc, pages) = (&d.doc, &d.pages);
        if let Some(n) = d.vellen {
            assert_eq!(pages.len(), n, "{doc}: aantal vellen");
        }
        assert!(pages.iter().all(|p| !p.woorden.is_empty()), "{doc}: een leeg blad");
        fout.extend(buiten_veilige_rand(doc, pages));
        if doc.ends_with("/casuskaarten.html") {
            fout.extend(over_lijnen(doc, pages, &[0.5], &[0.5]));
        }
        if doc.ends_with("/groepen.html") {
            // Table tents: cut in the middle, fold at a quarter and three quarters.
            fout.extend(over_lijnen(doc, pages, &[], &[0.25, 0.5, 0.75]));
        }
        // The materials list: one table that breaks over pages, not a title alone on page 1.
        if doc.ends_with("/benodigdheden.html") {
            assert!(
                pages[0].tekst().contains("Aantal"),
                "{doc}: de tabel begint niet op blad 1"
            );
        }
    }
    assert!(
        fout.is_empty(),
        "{} woorden buiten de marge:\n{}",
        fout.len(),
        fout.join("\n")
    );
}

/// The texts of headings and bold labels (`<p><strong>Doelen</strong></p>`) in an HTML file.
fn koppen(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [
        ("<h2", "</h2>"),
        ("<h3", "</h3>"),
        ("<h4", "</h4>"),
        ("<p><strong>", "</strong></p>"),
    ] {
        let mut rest = html;
        while let Some(i) = rest.find(open) {
            let after = &rest[i..];
            let start = if open.ends_with('>') {
                open.len()
            } else {
                after.find('>').unwrap() + 1
            };
            let Some(end) = after.find(close) else { break };
            if start <= end {
                let inner = &after[start..end];
                if !inner.contains('<') || open.starts_with("<p") {
                    let text: String = inner.split('<').next().unwrap_or("").to_string();
                    out.push(flat(&unescape(&text)));
                }
            }
            rest = &after[end..];
        }
    }
    out.retain(|t| !t.is_empty());
    out
}

/// The last line of text on a page (the words with the lowest baseline).
fn laatste_regel(p: &Pagina) -> String {
    let Some(y) = p.woorden.iter().map(|w| w.y1).reduce(f64::max) else {
        return String::new();
    };
    let mut regel: Vec<&Woord> = p.woorden.iter().filter(|w| (w.y1 - y).abs() < 2.0).collect();
    regel.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    flat(&regel.iter().map(|w| w.tekst.as_str()).collect::<Vec<_>>().join(" "))
}

/// No heading or bold label alone at the foot of a page: it goes to the next
/// page with the list or text it introduces.
#[test]
#[ignore = "needs Chromium and pdftotext (poppler-utils)"]
fn no_heading_or_label_alone_at_the_foot_of_a_page() {
    let docs = gedrukt();
    let mut fout = Vec::new();
    let mut gezien = 0;
    for d in docs {
        if !["draaiboek.html", "benodigdheden.html", "agenda.html"]
            .iter()
            .any(|n| d.doc.ends_with(&format!("/{n}")))
        {
            continue;
        }
        gezien += 1;
        let labels = koppen(&d.html);
        assert!(
            !d.doc.ends_with("/draaiboek.html") || labels.iter().any(|l| l == "Doelen"),
            "{labels:?}"
        );
        let pages = &d.pages;
        for (i, p) in pages.iter().enumerate().take(pages.len().saturating_sub(1)) {
            let regel = laatste_regel(p);
            if !regel.is_empty() && labels.iter().any(|l| l.ends_with(&regel)) {
                fout.push(format!("{}, blad {}: {regel:?} staat alleen onderaan", d.doc, i + 1));
            }
        }
    }
    assert_eq!(gezien, 12);
    assert!(fout.is_empty(), "{}", fout.join("\n"));
}

/// Chromium's own view (print media): no card, tag, tent or field has more
/// content than its box, for every HTML document of the three examples.
#[test]
#[ignore = "needs the test Python (.venv-test) and Chromium"]
fn nothing_overflows_its_box() {
    let chromium = chromium();
    let py = browser_python();
    let mut tmps = Vec::new();
    let mut files = Vec::new();
    for example in ["zeist", "samenwerking", "communicatie"] {
        let (tmp, dir) = render(&root().join(format!("examples/{example}.toml")), "maak");
        files.extend(printbaar(&dir).into_iter().map(|(p, _)| p));
        tmps.push(tmp);
    }
    for fixture in [
        "tests/fixtures/print/acht-casussen-zeven-vragen.toml",
        "tests/fixtures/print/lange-namen.toml",
        "tests/fixtures/print/al-het-drukwerk.toml",
        // A concept with a long own case (a fold card) and a script in the input.
        "tests/fixtures/maak/fout-en-script.toml",
    ] {
        let (tmp, dir) = render(&root().join(fixture), "maak");
        files.extend(printbaar(&dir).into_iter().map(|(p, _)| p));
        tmps.push(tmp);
    }
    let o = Command::new(py)
        .arg(root().join("tests/clients/browser_check.py"))
        .arg(&chromium)
        .arg("overflow")
        .args(&files)
        .output()
        .unwrap();
    assert!(o.status.success(), "browser_check: {}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut fout = Vec::new();
    for (file, items) in report.as_object().unwrap() {
        for item in items.as_array().unwrap() {
            fout.push(format!("{file}: {item}"));
        }
    }
    assert_eq!(report.as_object().unwrap().len(), files.len());
    assert!(fout.is_empty(), "inhoud past niet in zijn vak:\n{}", fout.join("\n"));
}

/// A table longer than a page breaks between rows and repeats its heading
/// row on every page (60 cost items in the long-names fixture).
#[test]
#[ignore = "needs Chromium and pdftotext (poppler-utils)"]
fn long_table_repeats_its_heading_row_on_every_page() {
    let chromium = chromium();
    let (_tmp, dir) = render(&root().join("tests/fixtures/print/lange-namen.toml"), "maak");
    let pages = print_pdf(&chromium, &dir.join("draaiboek.html"));
    let mut met_posten = 0;
    let mut posten = 0;
    for (i, p) in pages.iter().enumerate() {
        let rijen: Vec<&Woord> = p.woorden.iter().filter(|w| w.tekst == "Kostenpost").collect();
        if rijen.is_empty() {
            continue;
        }
        met_posten += 1;
        posten += rijen.len();
        let eerste = rijen.iter().map(|w| w.y0).fold(f64::INFINITY, f64::min);
        let kop = p.woorden.iter().find(|w| w.tekst == "Betaald" && w.y1 <= eerste);
        assert!(kop.is_some(), "blad {}: de tabel gaat verder zonder kopregel", i + 1);
    }
    assert_eq!(posten, 60, "elke kostenpost staat precies één keer op papier");
    assert!(met_posten >= 2, "de tabel had over meer bladen moeten lopen");
}
