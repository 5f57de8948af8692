//! Before and after the day: the reminders, the attendance list, the
//! evaluation form, index.html, adressen.txt, and `draaiboek verslag`
//! (report, thank-you mails, contact list). Who gets what is computed
//! independently by Python (tomllib, csv) from the session file; mails are
//! parsed by Python's `email`, HTML by html5lib (strict), paper by Chromium.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;

const VOOR: &str = "2026-12-01";
const NA: &str = "2027-03-12";

fn py(python: &Path, script: &str, args: &[&str]) -> Value {
    let o = Command::new(python)
        .arg(root().join("tests/clients").join(script))
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{script}: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn maak(example: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, session) = example_in_tmp(example);
    let s = session.display().to_string();
    let o = run(&["maak", &s, "--vandaag", VOOR], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = session.with_extension("");
    (tmp, session, dir)
}

fn verslag(session: &Path, vandaag: &str) -> std::process::Output {
    let s = session.display().to_string();
    run(&["verslag", &s, "--vandaag", vandaag], session.parent().unwrap())
}

/// The e-mail addresses the mails in `dir/sub` are addressed to, and each
/// mail's facts; every mail is a clean single-recipient draft from the organiser.
fn mails(python: &Path, dir: &Path, sub: &str, suffix: &str) -> (BTreeSet<String>, Vec<Value>) {
    let folder = dir.join(sub);
    let mut paths: Vec<String> = match std::fs::read_dir(&folder) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path().display().to_string())
            .filter(|p| p.ends_with(suffix))
            .collect(),
        Err(_) => vec![],
    };
    paths.sort();
    if paths.is_empty() {
        return (BTreeSet::new(), vec![]);
    }
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let facts = py(python, "check_eml.py", &args);
    let mut to = BTreeSet::new();
    for m in facts.as_array().unwrap() {
        assert_eq!(m["defects"], serde_json::json!([]), "{m}");
        assert_eq!(m["x_unsent"], "1", "{m}");
        assert_eq!(m["content_type"], "text/plain", "{m}");
        assert!(
            m["all_lines_crlf"].as_bool().unwrap() && m["max_line"].as_u64().unwrap() <= 78,
            "{m}"
        );
        let tos = m["to"].as_array().unwrap();
        assert_eq!(tos.len(), 1, "one recipient: {m}");
        assert!(m["cc"].is_null() && m["bcc"].is_null());
        assert!(
            to.insert(tos[0].as_str().unwrap().to_string()),
            "two mails to one person: {m}"
        );
    }
    (to, facts.as_array().unwrap().clone())
}

fn deelnemers(python: &Path, session: &Path) -> Vec<Value> {
    py(python, "naderhand.py", &["deelnemers", &session.display().to_string()])
        .as_array()
        .unwrap()
        .clone()
}

fn adressen(ds: &[Value], keep: impl Fn(&Value) -> bool) -> BTreeSet<String> {
    ds.iter()
        .filter(|d| keep(d))
        .filter_map(|d| d["email"].as_str().map(str::to_string))
        .collect()
}

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn reminders_go_to_exactly_the_right_people() {
    let python = python();
    for ex in ["zeist.toml", "samenwerking.toml", "communicatie.toml"] {
        let (_tmp, session, dir) = maak(ex);
        let ds = deelnemers(&python, &session);
        let (elearning, facts) = mails(&python, &dir, "herinneringen", "-elearning.eml");
        assert_eq!(
            elearning,
            adressen(&ds, |d| d["status"] != "afgemeld" && d["elearning"] == false),
            "{ex}: e-learning reminder only to those not afgemeld with elearning = false"
        );
        for m in &facts {
            let text = m["parts"][0]["text"].as_str().unwrap();
            assert!(
                text.contains("https://") && text.contains("90 tot 120 minuten"),
                "{text}"
            );
            assert!(m["subject"].as_str().unwrap().starts_with("Herinnering e-learning: "));
        }
        let (week, facts) = mails(&python, &dir, "herinneringen", "-week.eml");
        assert_eq!(
            week,
            adressen(&ds, |d| d["status"] == "aangemeld"),
            "{ex}: week reminder to those aangemeld"
        );
        for m in &facts {
            let text = m["parts"][0]["text"].as_str().unwrap();
            for kop in [
                "WANNEER EN WAAR",
                "HET PROGRAMMA",
                "MEENEMEN",
                "DE E-LEARNING",
                "Plaats: ",
            ] {
                assert!(text.contains(kop), "{kop} missing: {text}");
            }
        }
        // Nobody afgemeld and nobody without an address gets anything.
        let n = std::fs::read_dir(dir.join("herinneringen")).unwrap().count();
        assert_eq!(n, elearning.len() + week.len(), "{ex}");
        for d in ds.iter().filter(|d| d["status"] == "afgemeld") {
            if let Some(e) = d["email"].as_str() {
                assert!(!elearning.contains(e) && !week.contains(e), "{ex}: {e} is afgemeld");
            }
        }
        // The retro-planning names the days to send them.
        let draaiboek = std::fs::read_to_string(dir.join("draaiboek.md")).unwrap();
        assert!(
            draaiboek.contains("Herinnering sturen over de e-learning")
                && draaiboek.contains("Herinnering sturen een week vooraf")
        );
        let ics = std::fs::read_to_string(dir.join("planning.ics")).unwrap();
        assert!(ics.contains("Herinnering sturen"));
    }
}

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn reminder_mails_are_dated_on_their_retro_planning_day() {
    let python = python();
    let (_tmp, _session, dir) = maak("zeist.toml");
    let (_, facts) = mails(&python, &dir, "herinneringen", "-week.eml");
    // 11 March 2027 minus 7 days: Thursday 4 March.
    assert!(
        facts
            .iter()
            .all(|m| m["date"].as_str().unwrap().starts_with("Thu, 04 Mar 2027"))
    );
    let (_, facts) = mails(&python, &dir, "herinneringen", "-elearning.eml");
    assert!(
        facts
            .iter()
            .all(|m| m["date"].as_str().unwrap().starts_with("Thu, 25 Feb 2027"))
    );
}

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn adressen_txt_has_the_bcc_line_then_the_groups() {
    let python = python();
    for ex in ["zeist.toml", "communicatie.toml"] {
        let (_tmp, session, dir) = maak(ex);
        let ds = deelnemers(&python, &session);
        let t = std::fs::read_to_string(dir.join("adressen.txt")).unwrap();
        let first: BTreeSet<String> = t.lines().next().unwrap().split("; ").map(str::to_string).collect();
        assert_eq!(first, adressen(&ds, |d| d["status"] != "afgemeld"), "{ex}");
        let after = |label: &str| -> BTreeSet<String> {
            let mut lines = t.lines().skip_while(|l| !l.starts_with(label));
            lines.next().expect(label);
            lines
                .next()
                .unwrap()
                .split("; ")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        assert_eq!(after("Aangemeld ("), adressen(&ds, |d| d["status"] == "aangemeld"));
        assert_eq!(
            after("Nog geen e-learning ("),
            adressen(&ds, |d| d["status"] != "afgemeld" && d["elearning"] == false)
        );
    }
}

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn attendance_list_has_a_row_per_counted_participant_and_empty_rows() {
    let python = python();
    let (_tmp, session, dir) = maak("zeist.toml");
    let ds = deelnemers(&python, &session);
    let html = dir.join("presentielijst.html");
    let tabellen = py(&python, "naderhand.py", &["tabellen", &html.display().to_string()]);
    let rows = tabellen[0].as_array().unwrap();
    assert_eq!(
        rows[0],
        serde_json::json!([
            "Nr.",
            "Naam",
            "Organisatie",
            "Functie",
            "Handtekening",
            "E-mail delen met de groep"
        ])
    );
    let mut expected: Vec<String> = ds
        .iter()
        .filter(|d| d["status"] == "aangemeld")
        .map(|d| d["naam"].as_str().unwrap().to_string())
        .collect();
    expected.sort_by_key(|n| n.to_lowercase());
    let names: Vec<String> = rows[1..]
        .iter()
        .map(|r| r[1].as_str().unwrap().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(names, expected);
    assert_eq!(
        rows.len(),
        1 + expected.len() + 5,
        "five empty rows for people who come unannounced"
    );
    assert!(rows[1..].iter().all(|r| r[5] == "ja / nee" && r[4] == ""));
    let page = std::fs::read_to_string(&html).unwrap();
    for e in adressen(&ds, |_| true) {
        assert!(!page.contains(&e), "no e-mail address on the attendance list: {e}");
    }
}

#[test]
fn evaluation_form_has_the_closing_questions_and_the_coalitions_own() {
    let (_tmp, session, dir) = maak("zeist.toml");
    let page = std::fs::read_to_string(dir.join("evaluatie.html")).unwrap();
    assert!(page.contains("Wat heb je vandaag nieuw geleerd of ontdekt?"));
    assert_eq!(
        page.matches("class=\"formulier\"").count(),
        16,
        "one form per counted participant"
    );
    assert!(!page.contains("volgende bijeenkomst?"));
    // With `evaluatievraag` the form gets that line too.
    let text = std::fs::read_to_string(&session).unwrap().replace(
        "\n[organisator]",
        "evaluatievraag = \"Wat wil je de coalitie meegeven?\"\n\n[organisator]",
    );
    std::fs::write(&session, text).unwrap();
    let o = run(
        &["maak", &session.display().to_string(), "--vandaag", VOOR],
        session.parent().unwrap(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(dir.join("evaluatie.html")).unwrap();
    assert_eq!(page.matches("Wat wil je de coalitie meegeven?").count(), 16);
}

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn index_links_every_file_and_nothing_else() {
    let python = python();
    let (_tmp, _session, dir) = maak("samenwerking.toml");
    let html = dir.join("index.html");
    let links: BTreeSet<String> = py(&python, "naderhand.py", &["links", &html.display().to_string()])
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let written: BTreeSet<String> = files(&dir)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| !p.starts_with(".draaiboek") && p != "index.html")
        .collect();
    let missing: Vec<_> = written.difference(&links).collect();
    let extra: Vec<_> = links.difference(&written).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
    // The timeline order: weeks before, the day, after.
    let page = std::fs::read_to_string(&html).unwrap();
    let pos = |s: &str| page.find(s).unwrap_or_else(|| panic!("{s}"));
    assert!(pos("Weken vooraf") < pos("Op de dag") && pos("Op de dag") < pos("Na afloop"));
    assert!(pos("Persoonlijke uitnodigingen") < pos("Presentielijst"));
    assert!(page.contains("draaiboek verslag"));
}

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn name_tags_show_an_address_only_with_consent() {
    let python = python();
    let (_tmp, session, dir) = maak("zeist-na-afloop.toml");
    let ds = deelnemers(&python, &session);
    let bordjes = std::fs::read_to_string(dir.join("materiaal.html")).unwrap();
    let tafels = std::fs::read_to_string(dir.join("groepen.html")).unwrap();
    let ja = adressen(&ds, |d| d["delen"] == true && d["status"] != "afgemeld");
    let nee = adressen(&ds, |d| d["delen"] != true);
    assert!(!ja.is_empty() && !nee.is_empty());
    for e in &ja {
        assert!(bordjes.contains(e.as_str()), "{e} agreed to share");
    }
    for e in nee.iter().chain(&ja) {
        assert!(!tafels.contains(e.as_str()), "table cards never show {e}");
    }
    for e in &nee {
        assert!(!bordjes.contains(e.as_str()), "{e} did not agree");
    }
}

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn verslag_after_the_meeting_report_thanks_and_contact_list() {
    let python = python();
    let (_tmp, session) = example_in_tmp("zeist-na-afloop.toml");
    let o = verslag(&session, NA);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("15 aanwezig, 10 op de contactlijst, 14 bedankmails"),
        "{}",
        stdout(&o)
    );
    let dir = session.with_extension("");
    let ds = deelnemers(&python, &session);

    // Thank-you mails: only to those present, with an address.
    let (to, facts) = mails(&python, &dir, "bedankt", ".eml");
    assert_eq!(to, adressen(&ds, |d| d["aanwezig"] == true));
    let delen_ja = adressen(&ds, |d| d["delen"] == true);
    let delen_nee = adressen(&ds, |d| d["delen"] != true);
    for m in &facts {
        let text = m["parts"][0]["text"].as_str().unwrap();
        assert!(text.contains("Eén overdrachtsformulier voor zwangeren"), "{text}");
        for e in &delen_ja {
            assert!(text.contains(e.as_str()), "contact list has {e}");
        }
        for e in &delen_nee {
            assert!(!text.contains(e.as_str()), "contact list must not have {e}");
        }
    }

    // The report's agreements table, read by html5lib from verslag.html.
    let html = dir.join("verslag.html");
    let tabellen = py(&python, "naderhand.py", &["tabellen", &html.display().to_string()]);
    let afspraken = tabellen
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t[0] == serde_json::json!(["Wie", "Wat", "Wanneer"]))
        .expect("agreements table");
    assert_eq!(
        afspraken.as_array().unwrap()[1..],
        [
            serde_json::json!([
                "JGZ en verloskundigen",
                "Eén overdrachtsformulier voor zwangeren over wie we ons zorgen maken",
                "dinsdag 1 juni 2027"
            ]),
            serde_json::json!([
                "Wijkteam en kraamzorg",
                "Elkaar bellen binnen een week na een melding, in plaats van mailen",
                "vanaf nu"
            ]),
            serde_json::json!([
                "Fatima El Amrani",
                "De sociale kaart van Zeist rondsturen en bijhouden",
                "voor 1 april"
            ]),
        ]
    );
    let md = std::fs::read_to_string(dir.join("verslag.md")).unwrap();
    golden("verslag/zeist-na-afloop.md", &md);
    for e in adressen(&ds, |_| true) {
        assert!(!md.contains(&e), "no addresses in the report: {e}");
    }

    // The contact list: only delen = true.
    let lijst = dir.join("contactlijst.html");
    let tabellen = py(&python, "naderhand.py", &["tabellen", &lijst.display().to_string()]);
    let namen: BTreeSet<String> = tabellen[0].as_array().unwrap()[1..]
        .iter()
        .map(|r| r[0].as_str().unwrap().to_string())
        .collect();
    let verwacht: BTreeSet<String> = ds
        .iter()
        .filter(|d| d["delen"] == true)
        .map(|d| d["naam"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(namen, verwacht);
    let page = std::fs::read_to_string(&lijst).unwrap();
    for e in &delen_nee {
        assert!(!page.contains(e.as_str()), "{e}");
    }
}

#[test]
fn verslag_before_the_date_is_concept_without_mail() {
    let (_tmp, session) = example_in_tmp("zeist-na-afloop.toml");
    let o = verslag(&session, "2027-03-10");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("CONCEPT"), "{}", stderr(&o));
    let dir = session.with_extension("");
    assert!(!dir.join("bedankt").exists());
    assert!(
        std::fs::read_to_string(dir.join("verslag.md"))
            .unwrap()
            .starts_with("> **CONCEPT**")
    );
    assert!(
        std::fs::read_to_string(dir.join("verslag.html"))
            .unwrap()
            .contains("<title>CONCEPT")
    );
}

#[test]
fn verslag_without_attendance_warns_how_to_mark_it() {
    let (_tmp, session) = example_in_tmp("zeist.toml");
    let o = verslag(&session, NA);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(
        err.contains("aanwezig = true") && err.contains("kolommen `aanwezig` en `delen`"),
        "{err}"
    );
    assert!(!session.with_extension("").join("bedankt").exists());
}

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn attendance_from_the_csv_columns() {
    let python = python();
    let (tmp, session) = example_in_tmp("communicatie.toml");
    let csv = tmp.path().join("communicatie-deelnemers.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let extra = match i {
            0 => ";aanwezig;delen",
            1 => ";ja;ja",
            2 => ";nee;",
            _ => ";ja;nee",
        };
        out.push_str(&format!("{line}{extra}\n"));
    }
    std::fs::write(&csv, out).unwrap();
    // communicatie.toml meets on 20 May 2027.
    let o = verslag(&session, "2027-05-21");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ds = deelnemers(&python, &session);
    let (to, _) = mails(&python, &session.with_extension(""), "bedankt", ".eml");
    assert_eq!(to, adressen(&ds, |d| d["aanwezig"] == true));
    assert!(!to.contains("b.dejong@huisarts.example"));
}

#[test]
fn new_keys_are_checked_like_all_others() {
    let (_tmp, session) = example_in_tmp("zeist-na-afloop.toml");
    let orig = std::fs::read_to_string(&session).unwrap();
    let cases = [
        (
            "wat = \"De sociale kaart",
            "wt = \"De sociale kaart",
            "onbekende sleutel `wt`",
        ),
        ("wat = \"De sociale kaart", "wie2 = \"De sociale kaart", "`wat`"),
        ("inzichten = [", "inzicht = [", "bedoel je `inzichten`"),
        ("aanwezig = false\n", "aanwezig = \"nee\"\n", "aanwezig"),
        ("delen = true\n", "deel = true\n", "bedoel je `delen`"),
    ];
    for (from, to, expect) in cases {
        std::fs::write(&session, orig.replacen(from, to, 1)).unwrap();
        let o = run(
            &["controleer", &session.display().to_string()],
            session.parent().unwrap(),
        );
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{to}: {err}");
        assert!(err.contains(expect), "{to}: {err}");
        assert!(err.contains("zeist-na-afloop.toml:"), "file:line:col: {err}");
    }
}

#[test]
#[ignore = "needs the test Python (.venv-test) and Chromium"]
fn new_pages_are_strict_html5_and_print_on_a4() {
    let python = python();
    let (_tmp, session, dir) = maak("zeist-na-afloop.toml");
    let o = verslag(&session, NA);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for page in [
        "presentielijst.html",
        "evaluatie.html",
        "index.html",
        "verslag.html",
        "contactlijst.html",
    ] {
        py(
            &python,
            "naderhand.py",
            &["links", &dir.join(page).display().to_string()],
        );
    }
    let chromium = chromium();
    // (page, most sheets, a text that must be printed)
    for (page, sheets, tekst) in [
        ("presentielijst.html", 2, "Handtekening"),
        ("evaluatie.html", 16, "Wat kan er een volgende keer beter?"),
        ("index.html", 3, "Presentielijst"),
        ("verslag.html", 3, "Hoe verder"),
        ("contactlijst.html", 1, "Contactlijst"),
    ] {
        let (pages, text) = print_pdf(&chromium, &dir.join(page));
        assert!(pages >= 1 && pages <= sheets, "{page}: {pages} sheets");
        assert!(text.contains(tekst), "{page}: {text}");
    }
    let (pages, text) = print_pdf(&chromium, &dir.join("evaluatie.html"));
    assert_eq!(pages, 16, "one sheet per form");
    assert_eq!(text.matches("Hoe was het vandaag?").count(), 16);
}

fn print_pdf(chromium: &Path, html: &Path) -> (u32, String) {
    let pdf = common::chromium_pdf(chromium, html);
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
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
    std::fs::remove_file(&pdf).ok();
    (pages, String::from_utf8_lossy(&text.stdout).into_owned())
}

#[test]
fn maak_after_verslag_keeps_the_report_and_the_thank_you_mails() {
    let (_tmp, session, dir) = maak("zeist-na-afloop.toml");
    let o = verslag(&session, NA);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(
        &["maak", &session.display().to_string(), "--vandaag", NA],
        session.parent().unwrap(),
    );
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    for f in [
        "verslag.md",
        "verslag.html",
        "contactlijst.html",
        "bedankt/sanne-jansen.eml",
    ] {
        assert!(dir.join(f).is_file(), "{f} is weg na maak");
    }
    // And verslag again only rewrites its own files.
    let o = verslag(&session, NA);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("presentielijst.html").is_file() && dir.join("index.html").is_file());
}

#[test]
fn a_cancelled_meeting_gets_no_reminders() {
    let (_tmp, session, dir) = maak("zeist.toml");
    assert!(dir.join("herinneringen").is_dir());
    let text = std::fs::read_to_string(&session).unwrap().replace(
        "\n[organisator]",
        "status = \"geannuleerd\"\nversie = 1\n\n[organisator]",
    );
    std::fs::write(&session, text).unwrap();
    let o = run(
        &["maak", &session.display().to_string(), "--vandaag", VOOR],
        session.parent().unwrap(),
    );
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    assert!(!dir.join("herinneringen").exists() || files(&dir.join("herinneringen")).is_empty());
}
