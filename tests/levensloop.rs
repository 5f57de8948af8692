//! A meeting's whole life, on a temp copy of `examples/zeist.toml`: drafts
//! changed freely before sending; sent (`draaiboek verstuurd`); a typo fixed
//! in a name; a person removed; a change with reconfirmation; a
//! cancellation; a move after the cancellation; the day passes; `verslag`
//! twice with attendance and consent changed. At each step: who gets which
//! mail, and that nothing sendable disagrees with the session.
//! Mails and calendars are read by the independent Python parsers in
//! tests/clients/ (`email` with policy.default, `icalendar`).

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

const VANDAAG: &str = "2027-01-15";

fn maak(sessie: &Path) -> std::process::Output {
    common::run(
        &["maak", sessie.to_str().unwrap(), "--vandaag", VANDAAG],
        sessie.parent().unwrap(),
    )
}

/// `controleer` as JSON: the exit code and one line `code: melding` per
/// finding (the text output wraps to the terminal).
fn controleer(sessie: &Path) -> (Option<i32>, String) {
    let o = common::run(
        &[
            "controleer",
            sessie.to_str().unwrap(),
            "--vandaag",
            VANDAAG,
            "--formaat",
            "json",
        ],
        sessie.parent().unwrap(),
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let regels: Vec<String> = v["bevindingen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            format!(
                "{}[{}]: {}",
                b["ernst"].as_str().unwrap(),
                b["code"].as_str().unwrap(),
                b["melding"].as_str().unwrap()
            )
        })
        .collect();
    (o.status.code(), regels.join("\n"))
}

fn bewerk(sessie: &Path, van: &str, naar: &str) {
    let text = std::fs::read_to_string(sessie).unwrap();
    assert!(text.contains(van), "`{van}` not in the session");
    std::fs::write(sessie, text.replacen(van, naar, 1)).unwrap();
}

/// Every file below `dir` (relative paths) whose name ends in one of `ext`.
/// The files with these extensions, without the reminders (`herinneringen/`:
/// plain-text drafts, tested in tests/naderhand.rs).
fn met_extensie(dir: &Path, ext: &[&str]) -> Vec<String> {
    common::files(dir)
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| !rel.starts_with("herinneringen/"))
        .filter(|rel| ext.iter().any(|e| rel.ends_with(e)))
        .collect()
}

fn python_json(script: &str, files: &[PathBuf]) -> Vec<Value> {
    let py = common::python();
    let out = std::process::Command::new(py)
        .arg(common::root().join("tests/clients").join(script))
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every `.eml` in `uitnodigingen/`, parsed; each calendar part parsed too.
/// Asserts what holds for every mail: no defects, the meeting-request
/// structure, the `method=` of the part equal to the calendar's METHOD, no
/// calendar errors. Returns (mail, its calendar) pairs.
fn mails(uit: &Path, method: &str) -> Vec<(Value, Value)> {
    let paths: Vec<PathBuf> = met_extensie(uit, &[".eml"]).into_iter().map(|r| uit.join(r)).collect();
    assert!(!paths.is_empty(), "no mail drafts in {}", uit.display());
    let parsed = python_json("check_eml.py", &paths);
    let mut cal_paths = Vec::new();
    for m in &parsed {
        assert_eq!(m["defects"], serde_json::json!([]), "{}", m["path"]);
        assert_eq!(
            m["tree"], "multipart/mixed(multipart/alternative(text/plain,text/calendar),application/ics)",
            "{}",
            m["path"]
        );
        let parts = m["parts"].as_array().unwrap();
        for p in parts {
            assert_eq!(p["defects"], serde_json::json!([]), "{}", m["path"]);
        }
        let cal = parts.iter().find(|p| p["content_type"] == "text/calendar").unwrap();
        assert_eq!(cal["params"]["method"], method, "{}", m["path"]);
        assert_eq!(cal["charset"], "utf-8");
        cal_paths.push(PathBuf::from(cal["ics_path"].as_str().unwrap()));
    }
    let cals = python_json("check_ics.py", &cal_paths);
    for c in &cals {
        assert_eq!(c["errors"], serde_json::json!([]), "{}", c["path"]);
        assert_eq!(c["method"], method);
    }
    // The parts written next to the mails are not ours: clean them up.
    for p in &cal_paths {
        std::fs::remove_file(p).unwrap();
    }
    parsed.into_iter().zip(cals).collect()
}

fn tekst_van(mail: &Value) -> String {
    mail["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["content_type"] == "text/plain")
        .unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string()
}

/// `maak` on day `vandaag`.
fn maak_op(sessie: &Path, vandaag: &str) -> std::process::Output {
    common::run(
        &["maak", sessie.to_str().unwrap(), "--vandaag", vandaag],
        sessie.parent().unwrap(),
    )
}

/// `draaiboek verstuurd` on day `vandaag`, with extra arguments; must succeed.
fn verstuurd(sessie: &Path, vandaag: &str, extra: &[&str]) -> String {
    let mut args = vec!["verstuurd", sessie.to_str().unwrap(), "--vandaag", vandaag];
    args.extend_from_slice(extra);
    let o = common::run(&args, sessie.parent().unwrap());
    assert_eq!(o.status.code(), Some(0), "{}{}", common::stdout(&o), common::stderr(&o));
    common::stdout(&o)
}

fn controleer_op(sessie: &Path, vandaag: &str) -> (Option<i32>, String) {
    let o = common::run(
        &["controleer", sessie.to_str().unwrap(), "--vandaag", vandaag],
        sessie.parent().unwrap(),
    );
    (o.status.code(), common::stdout(&o))
}

/// One mail draft as the independent parsers read it.
#[derive(Debug)]
struct Mail {
    bestand: String,
    onderwerp: String,
    aan: String,
    datum_utc: String,
    tekst: String,
    method: String,
    uid: String,
    sequence: i64,
    dtstart: String,
    dtstamp: String,
    status: String,
    organizer: String,
    attendees: Vec<String>,
}

/// Every mail draft in `uitnodigingen/`, parsed by Python's `email` and
/// `icalendar` (no defects, no calendar errors), by file name.
fn lees_mails(uit: &Path) -> Option<std::collections::BTreeMap<String, Mail>> {
    let paths: Vec<PathBuf> = met_extensie(uit, &[".eml"]).into_iter().map(|r| uit.join(r)).collect();
    if paths.is_empty() {
        return Some(Default::default());
    }
    let parsed = python_json("check_eml.py", &paths);
    let mut cal_paths = Vec::new();
    for m in &parsed {
        assert_eq!(m["defects"], serde_json::json!([]), "{}", m["path"]);
        let cal = m["parts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["content_type"] == "text/calendar")
            .unwrap_or_else(|| panic!("no calendar part in {}", m["path"]));
        cal_paths.push(PathBuf::from(cal["ics_path"].as_str().unwrap()));
    }
    let cals = python_json("check_ics.py", &cal_paths);
    for p in &cal_paths {
        std::fs::remove_file(p).unwrap();
    }
    let mut out = std::collections::BTreeMap::new();
    for (m, c) in parsed.iter().zip(&cals) {
        assert_eq!(c["errors"], serde_json::json!([]), "{}", c["path"]);
        let cal_part = m["parts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["content_type"] == "text/calendar")
            .unwrap();
        assert_eq!(cal_part["params"]["method"], c["method"], "{}", m["path"]);
        let ev = &c["events"][0];
        let pad = PathBuf::from(m["path"].as_str().unwrap());
        let bestand = pad.file_name().unwrap().to_str().unwrap().to_string();
        out.insert(
            bestand.clone(),
            Mail {
                bestand,
                onderwerp: m["subject"].as_str().unwrap().to_string(),
                aan: m["to"][0].as_str().unwrap().to_string(),
                datum_utc: m["date_utc"].as_str().unwrap().to_string(),
                tekst: tekst_van(m),
                method: c["method"].as_str().unwrap().to_string(),
                uid: ev["uid"].as_str().unwrap().to_string(),
                sequence: ev["sequence"].as_i64().unwrap(),
                dtstart: ev["dtstart"].as_str().unwrap().to_string(),
                dtstamp: ev["dtstamp"].as_str().unwrap_or_default().to_string(),
                status: ev["status"].as_str().unwrap().to_string(),
                organizer: ev["organizer"].as_str().unwrap_or_default().to_string(),
                attendees: ev["attendees"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a["email"].as_str().unwrap().to_string())
                    .collect(),
            },
        );
    }
    Some(out)
}

/// Nothing sendable disagrees with the session: every mail goes to one
/// address the session (or its record of who was invited) knows, is that
/// mail's one attendee, carries the session's date and version, cancels
/// exactly when it says so, and no word of the file's own (`gepland`,
/// `geannuleerd`, `versie`, `status`) reaches the participant.
fn klopt_met_sessie(sessie: &Path, mails: &std::collections::BTreeMap<String, Mail>) {
    let lib = draaiboek::library::builtin().unwrap();
    let s = draaiboek::session::load(sessie, &lib).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let mut adressen: Vec<String> = s
        .deelnemers
        .iter()
        .filter_map(|d| d.email.clone())
        .map(|e| e.to_lowercase())
        .collect();
    for z in &s.verstuurd {
        adressen.extend(z.aan.iter().filter_map(|g| g.email.clone()).map(|e| e.to_lowercase()));
    }
    let datum = s.bijeenkomst.datum.to_string();
    for m in mails.values() {
        assert!(
            adressen.contains(&m.aan.to_lowercase()),
            "{}: {} is unknown",
            m.bestand,
            m.aan
        );
        assert_eq!(
            m.attendees.as_slice(),
            std::slice::from_ref(&m.aan),
            "{}: one attendee, the addressee",
            m.bestand
        );
        assert_eq!(m.organizer, s.organisator.email, "{}", m.bestand);
        assert!(
            m.dtstart.starts_with(&datum),
            "{}: {} is not {datum}",
            m.bestand,
            m.dtstart
        );
        assert_eq!(m.sequence, i64::from(s.bijeenkomst.versie), "{}", m.bestand);
        let annuleert = m.onderwerp.starts_with("Gaat niet door:") || m.onderwerp.starts_with("Vervalt:");
        assert_eq!(m.method == "CANCEL", annuleert, "{}: {}", m.bestand, m.onderwerp);
        assert_eq!(m.status == "CANCELLED", annuleert, "{}", m.bestand);
        for woord in ["gepland", "geannuleerd", "versie", "Status", "status"] {
            assert!(!m.tekst.contains(woord), "{}: `{woord}` in\n{}", m.bestand, m.tekst);
        }
    }
}

/// The subjects of the mails, by kind: how many start with each prefix.
fn soorten(mails: &std::collections::BTreeMap<String, Mail>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for m in mails.values() {
        let soort = m.onderwerp.split(':').next().unwrap().to_string();
        match out.iter_mut().find(|(s, _)| *s == soort) {
            Some((_, n)) => *n += 1,
            None => out.push((soort, 1)),
        }
    }
    out.sort();
    out
}

/// Insert `regel` right after the `naam = "…"` line of participant `naam`.
fn bij_deelnemer(sessie: &Path, naam: &str, regel: &str) {
    let kop = format!("naam = \"{naam}\"\n");
    bewerk(sessie, &kop, &format!("{kop}{regel}\n"));
}

/// Replace `van` by `naar` in the block of participant `naam` only.
fn in_blok(sessie: &Path, naam: &str, van: &str, naar: &str) {
    let text = std::fs::read_to_string(sessie).unwrap();
    let begin = text.find(&format!("naam = \"{naam}\"")).unwrap();
    let eind = text[begin..].find("\n[[").map_or(text.len(), |i| begin + i);
    let blok = &text[begin..eind];
    assert!(blok.contains(van), "`{van}` not in the block of {naam}");
    let nieuw = format!("{}{}{}", &text[..begin], blok.replacen(van, naar, 1), &text[eind..]);
    std::fs::write(sessie, nieuw).unwrap();
}

/// The bytes of every sendable file (mails, calendar files).
fn verstuurbaar(uit: &Path) -> Vec<(String, Vec<u8>)> {
    common::files(uit)
        .into_iter()
        .filter(|(r, _)| r.starts_with("uitnodigingen/") || r.ends_with(".ics"))
        .collect()
}

#[test]
#[ignore = "needs .venv-test (Python email and icalendar)"]
fn a_meeting_through_its_whole_life() {
    let (_tmp, sessie) = common::example_in_tmp("zeist.toml");
    let uit = sessie.parent().unwrap().join("zeist");
    let origineel = std::fs::read_to_string(&sessie).unwrap();
    let mails = |uit: &Path| lees_mails(uit).expect("the test Python is there (.venv-test)");

    // 1. Drafts, as often as she likes: a name with a typo, then a new time.
    //    Nothing went out, so no change notice and no `versie`.
    bewerk(&sessie, "Ingrid de Vries", "Ingrid de Vris");
    let o = maak_op(&sessie, "2027-01-15");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let uitvoer = common::stdout(&o);
    assert!(uitvoer.contains("Stand: concept"), "{uitvoer}");
    assert!(uitvoer.contains("naar 16 personen"), "{uitvoer}");
    bewerk(&sessie, "begintijd = 13:30:00", "begintijd = 14:00:00");
    assert_eq!(
        controleer_op(&sessie, "2027-01-15").0,
        Some(0),
        "a draft may change freely"
    );
    let o = maak_op(&sessie, "2027-01-15");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let m = mails(&uit);
    assert_eq!(soorten(&m), [("Uitnodiging".to_string(), 16)]);
    klopt_met_sessie(&sessie, &m);
    let uid = m["ingrid-de-vris.eml"].uid.clone();
    for m in m.values() {
        assert_eq!(m.sequence, 0);
        assert_eq!(m.dtstart, "2027-03-11T13:30:00", "the new time, in a first invitation");
        assert!(!m.tekst.contains("veranderd"), "{}", m.tekst);
    }

    // 2. Sent on 21 January. The record goes into the session file (its
    //    comments stay); a deleted output folder does not forget it.
    let gezegd = verstuurd(&sessie, "2027-01-21", &[]);
    assert!(
        gezegd.contains("versie 0 is op donderdag 21 januari 2027 verstuurd aan 16 personen"),
        "{gezegd}"
    );
    let tekst = std::fs::read_to_string(&sessie).unwrap();
    assert!(
        tekst.starts_with(origineel.lines().next().unwrap()),
        "the opening comment stays"
    );
    assert_eq!(tekst.matches("[[verstuurd]]").count(), 1);
    assert_eq!(tekst.matches("{ naam = ").count(), 16);
    std::fs::remove_dir_all(&uit).unwrap();
    let o = maak_op(&sessie, "2027-01-22");
    let uitvoer = common::stdout(&o);
    assert!(
        uitvoer.contains("Stand: verstuurd — versie 0 ging uit op donderdag 21 januari 2027"),
        "{uitvoer}"
    );
    assert!(
        !uitvoer.contains("uit uitnodigingen/ naar"),
        "nothing left to send:\n{uitvoer}"
    );
    let m = mails(&uit);
    assert!(
        m.values().all(|m| m.datum_utc == "2027-01-21T08:00:00+00:00"),
        "dated the day it went out"
    );

    // 3. The typo fixed: still the same person; nothing to send.
    bewerk(&sessie, "Ingrid de Vris", "Ingrid de Vries");
    let o = maak_op(&sessie, "2027-01-22");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let uitvoer = common::stdout(&o);
    assert!(
        !uitvoer.contains("uit uitnodigingen/ naar") && !uitvoer.contains("Nieuw uitgenodigd"),
        "{uitvoer}"
    );
    assert!(uit.join("uitnodigingen/ingrid-de-vries.eml").exists());
    assert!(!uit.join("uitnodigingen/ingrid-de-vris.eml").exists());

    // 4. Ruud Bos taken off the list: named, with a cancellation of his own.
    let text = std::fs::read_to_string(&sessie).unwrap();
    let begin = text.find("[[deelnemers]]\nnaam = \"Ruud Bos\"").unwrap();
    let eind = begin + 2 + text[begin + 2..].find("\n[[").unwrap() + 1;
    std::fs::write(&sessie, format!("{}{}", &text[..begin], &text[eind..])).unwrap();
    let o = maak_op(&sessie, "2027-01-22");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let uitvoer = common::stdout(&o);
    assert!(
        uitvoer.contains("Ruud Bos kreeg versie 0 maar staat niet meer in de lijst: stuur de afzegging (\"Vervalt:\") uit uitnodigingen/ruud-bos.eml"),
        "{uitvoer}"
    );
    let m = mails(&uit);
    klopt_met_sessie(&sessie, &m);
    let ruud = &m["ruud-bos.eml"];
    assert_eq!(
        (ruud.method.as_str(), ruud.aan.as_str()),
        ("CANCEL", "r.bos@welzijn.example")
    );
    assert_eq!(ruud.uid, uid);
    assert!(ruud.tekst.contains("niet meer op de deelnemerslijst"), "{}", ruud.tekst);
    assert_eq!(m.values().filter(|m| m.method == "REQUEST").count(), 15);
    let gezegd = verstuurd(&sessie, "2027-01-22", &["--deelnemer", "Ruud Bos"]);
    assert!(
        gezegd.contains("de afzegging is op vrijdag 22 januari 2027 verstuurd aan 1 persoon (Ruud Bos)"),
        "{gezegd}"
    );
    assert!(!common::stdout(&maak_op(&sessie, "2027-01-22")).contains("Ruud Bos kreeg"));

    // 5. A new date and time: without a raised `versie` an error; with it,
    //    change notices to exactly the 15 who got version 0, asking those
    //    who said yes whether the new moment still works.
    bewerk(&sessie, "datum = 2027-03-11", "datum = 2027-03-18");
    bewerk(&sessie, "begintijd = 14:00:00", "begintijd = 14:30:00");
    let (code, melding) = controleer(&sessie);
    assert_eq!(code, Some(1));
    assert!(
        melding.contains("fout[versie-ophogen]") && melding.contains("`versie = 1`"),
        "{melding}"
    );
    bewerk(
        &sessie,
        "uitnodiging = 2027-01-21",
        "uitnodiging = 2027-01-21\nversie = 1",
    );
    let o = maak_op(&sessie, "2027-01-28");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let uitvoer = common::stdout(&o);
    assert!(
        uitvoer.contains("Versie 1: stuur het wijzigingsbericht (\"Gewijzigd:\") uit uitnodigingen/ naar 15 personen"),
        "{uitvoer}"
    );
    assert!(uitvoer.contains("Stand: gewijzigd"), "{uitvoer}");
    let m = mails(&uit);
    klopt_met_sessie(&sessie, &m);
    assert_eq!(soorten(&m), [("Gewijzigd".to_string(), 15)]);
    assert!(!m.contains_key("ruud-bos.eml"), "he was told already");
    for m in m.values() {
        assert_eq!(m.uid, uid, "the same calendar item");
        assert_eq!(m.datum_utc, "2027-01-28T08:00:00+00:00", "Date moves with the version");
        assert!(m.dtstamp.starts_with("2027-01-28"), "DTSTAMP moves with the version");
        assert!(
            m.tekst
                .contains("Datum: donderdag 11 maart 2027 → donderdag 18 maart 2027"),
            "{}",
            m.tekst
        );
    }
    let ingrid = &m["ingrid-de-vries.eml"].tekst;
    assert!(ingrid.contains("Kun je op het nieuwe moment ook?"), "{ingrid}");
    assert!(!ingrid.contains("je aanmelding is binnen"), "{ingrid}");
    verstuurd(&sessie, "2027-01-28", &[]);

    // 6. Mehmet cancels; then the meeting is called off: cancellations to
    //    the 14 who still expect it, calendars that act on them, and no
    //    paper for a day that will not come.
    in_blok(
        &sessie,
        "Mehmet Yılmaz",
        "status = \"aangemeld\"",
        "status = \"afgemeld\"",
    );
    bewerk(&sessie, "versie = 1", "versie = 2\nstatus = \"geannuleerd\"");
    let o = maak_op(&sessie, "2027-02-03");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let uitvoer = common::stdout(&o);
    assert!(
        uitvoer.contains("Stuur de afzegging (\"Gaat niet door:\") uit uitnodigingen/ naar 14 personen"),
        "{uitvoer}"
    );
    let m = mails(&uit);
    klopt_met_sessie(&sessie, &m);
    assert_eq!(soorten(&m), [("Gaat niet door".to_string(), 14)]);
    assert!(m.values().all(|m| m.uid == uid && m.sequence == 2));
    for weg in [
        "presentielijst.html",
        "evaluatie.html",
        "materiaal.html",
        "groepen.html",
    ] {
        assert!(!uit.join(weg).exists(), "{weg} is still there");
    }
    let index = std::fs::read_to_string(uit.join("index.html")).unwrap();
    assert!(
        index.contains("GAAT NIET DOOR") && !index.contains("Persoonlijke uitnodigingen"),
        "{index}"
    );
    let cals = python_json("check_ics.py", &[uit.join("bijeenkomst.ics"), uit.join("planning.ics")]);
    for c in &cals {
        assert_eq!(c["method"], "PUBLISH", "a file to import: {}", c["path"]);
        for ev in c["events"].as_array().unwrap() {
            assert_eq!(
                (ev["status"].as_str(), ev["sequence"].as_i64()),
                (Some("CANCELLED"), Some(2))
            );
        }
    }
    verstuurd(&sessie, "2027-02-03", &[]);
    // No report of a meeting that did not happen.
    let o = common::run(
        &["verslag", sessie.to_str().unwrap(), "--vandaag", "2027-03-19"],
        sessie.parent().unwrap(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(common::stderr(&o).contains("is afgezegd"), "{}", common::stderr(&o));
    assert!(!uit.join("verslag.md").exists());

    // 7. On again, on a new date: a new invitation with a new calendar
    //    item, also to Mehmet who had cancelled for the old date.
    bewerk(&sessie, "versie = 2\nstatus = \"geannuleerd\"", "versie = 3");
    bewerk(&sessie, "datum = 2027-03-18", "datum = 2027-04-15");
    let o = maak_op(&sessie, "2027-02-10");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let uitvoer = common::stdout(&o);
    assert!(uitvoer.contains("Stand: verplaatst na annulering"), "{uitvoer}");
    assert!(
        uitvoer.contains("stuur de nieuwe uitnodiging (\"Gaat alsnog door:\") uit uitnodigingen/ naar 15 personen"),
        "{uitvoer}"
    );
    let m = mails(&uit);
    klopt_met_sessie(&sessie, &m);
    assert_eq!(soorten(&m), [("Gaat alsnog door".to_string(), 15)]);
    assert!(m.contains_key("mehmet-yilmaz.eml") && !m.contains_key("ruud-bos.eml"));
    let nieuw_uid = m["ingrid-de-vries.eml"].uid.clone();
    assert_ne!(nieuw_uid, uid, "people deleted the cancelled item: a new one");
    for m in m.values() {
        assert_eq!((m.method.as_str(), m.uid.as_str()), ("REQUEST", nieuw_uid.as_str()));
        assert!(m.tekst.contains("gaat alsnog door op"), "{}", m.tekst);
        assert!(
            !m.tekst.contains("je aanmelding is binnen") && !m.tekst.contains("wordt aangepast"),
            "{}",
            m.tekst
        );
    }
    verstuurd(&sessie, "2027-02-10", &[]);
    let o = maak_op(&sessie, "2027-02-10");
    assert!(common::stdout(&o).contains("Stand: verstuurd"));

    // 8. The day passes: no error, nothing that went out changes, and the
    //    next step is the report.
    let voor = verstuurbaar(&uit);
    let (code, uitvoer) = controleer_op(&sessie, "2027-04-16");
    assert_eq!(code, Some(0), "{uitvoer}");
    assert!(!uitvoer.contains("datum-verleden"), "{uitvoer}");
    let o = maak_op(&sessie, "2027-04-16");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let uitvoer = common::stdout(&o);
    assert!(
        uitvoer.contains("Stand: gehouden") && uitvoer.contains("draaiboek verslag"),
        "{uitvoer}"
    );
    assert!(!uitvoer.contains("uit uitnodigingen/ naar"), "{uitvoer}");
    assert_eq!(verstuurbaar(&uit), voor, "what went out stays as it went out");
    assert!(
        !std::fs::read_to_string(uit.join("agenda.md"))
            .unwrap()
            .contains("CONCEPT")
    );

    // 9. The report, twice: someone marked absent loses her thank-you
    //    mail, a withdrawn consent takes the address out of everything.
    bij_deelnemer(&sessie, "Ingrid de Vries", "aanwezig = true\ndelen = true");
    bij_deelnemer(&sessie, "Anneke Brouwer", "aanwezig = true\ndelen = true");
    bij_deelnemer(&sessie, "Sanne Jansen", "aanwezig = true");
    let verslag = || {
        let o = common::run(
            &["verslag", sessie.to_str().unwrap(), "--vandaag", "2027-04-16"],
            sessie.parent().unwrap(),
        );
        assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
        common::stdout(&o)
    };
    verslag();
    let bedankt: Vec<String> = met_extensie(&uit.join("bedankt"), &[".eml"]);
    assert_eq!(bedankt.len(), 3, "{bedankt:?}");
    assert!(
        std::fs::read_to_string(uit.join("contactlijst.html"))
            .unwrap()
            .contains("i.devries@dewieg.example")
    );
    in_blok(&sessie, "Anneke Brouwer", "aanwezig = true", "aanwezig = false");
    in_blok(&sessie, "Ingrid de Vries", "delen = true", "delen = false");
    let uitvoer = verslag();
    assert!(
        uitvoer.contains("bedankt/anneke-brouwer.eml"),
        "named as removed:\n{uitvoer}"
    );
    assert!(!uit.join("bedankt/anneke-brouwer.eml").exists());
    for (rel, bytes) in common::files(&uit) {
        let eigen = rel == "bedankt/ingrid-de-vries.eml"
            || rel.starts_with("uitnodigingen/ingrid-de-vries")
            || rel == "adressen.txt"
            || rel.starts_with('.');
        if eigen || !(rel.starts_with("bedankt/") || rel.starts_with("verslag.") || rel == "contactlijst.html") {
            continue;
        }
        assert!(
            !String::from_utf8_lossy(&bytes).contains("i.devries@dewieg.example"),
            "{rel} still shows the withdrawn address"
        );
    }
}

#[test]
fn a_hand_edited_file_that_is_no_longer_made_stops_maak() {
    let (_tmp, sessie) = common::example_in_tmp("zeist.toml");
    let uit = sessie.parent().unwrap().join("zeist");
    assert!(maak(&sessie).status.success());
    let eml = uit.join("uitnodigingen/ingrid-de-vries.eml");
    let mut bytes = std::fs::read(&eml).unwrap();
    bytes.extend_from_slice(b"\r\nPS: ik heb dit zelf toegevoegd.\r\n");
    std::fs::write(&eml, &bytes).unwrap();
    let agenda = std::fs::read(uit.join("agenda.md")).unwrap();

    // An error makes it a CONCEPT run, which would remove every mail draft.
    bewerk(&sessie, "uitnodiging = 2027-01-21", "uitnodiging = 2027-03-11");
    let o = maak(&sessie);
    assert_eq!(o.status.code(), Some(2), "{}", common::stdout(&o));
    let fout = common::stderr(&o);
    assert!(fout.contains("ingrid-de-vries.eml"), "{fout}");
    assert!(fout.contains("met de hand veranderd"), "{fout}");
    assert!(fout.contains("niets geschreven"), "{fout}");
    // Nothing was written or removed.
    assert_eq!(std::fs::read(&eml).unwrap(), bytes);
    assert_eq!(std::fs::read(uit.join("agenda.md")).unwrap(), agenda);
    assert_eq!(met_extensie(&uit, &[".eml"]).len(), 16);
}

#[test]
fn a_duplicate_participant_gets_no_mail_at_all() {
    let (_tmp, sessie) = common::example_in_tmp("zeist.toml");
    let uit = sessie.parent().unwrap().join("zeist");
    assert!(maak(&sessie).status.success());
    // The same person again, with her address in other capitals.
    let mut text = std::fs::read_to_string(&sessie).unwrap();
    text.push_str(
        "\n[[deelnemers]]\nnaam = \"I. de Vries\"\nemail = \" I.deVries@DeWieg.example \"\ndomein = \"medisch\"\n",
    );
    std::fs::write(&sessie, text).unwrap();
    let o = maak(&sessie);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::stderr(&o).contains("hetzelfde e-mailadres"),
        "{}",
        common::stderr(&o)
    );
    assert_eq!(met_extensie(&uit, &[".eml", ".ics"]), Vec::<String>::new());
}

#[test]
fn kaarten_removes_nothing_else() {
    let (_tmp, sessie) = common::example_in_tmp("zeist.toml");
    let uit = sessie.parent().unwrap().join("zeist");
    assert!(maak(&sessie).status.success());
    let voor = common::files(&uit).len();
    let o = common::run(
        &["kaarten", sessie.to_str().unwrap(), "--vandaag", VANDAAG],
        sessie.parent().unwrap(),
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert_eq!(common::files(&uit).len(), voor);
}

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn a_new_date_updates_the_same_calendar_item() {
    let (_tmp, sessie) = common::example_in_tmp("zeist.toml");
    let uit = sessie.parent().unwrap().join("zeist");
    assert!(maak(&sessie).status.success());
    verstuurd(&sessie, VANDAAG, &[]);
    let uid_van = |uit: &Path| {
        let ics = std::fs::read_to_string(uit.join("bijeenkomst.ics")).unwrap();
        ics.lines().find(|l| l.starts_with("UID:")).unwrap().to_string()
    };
    let uid = uid_van(&uit);
    bewerk(&sessie, "datum = 2027-03-11", "datum = 2027-03-18");
    let (_, melding) = controleer(&sessie);
    assert!(
        melding.contains("datum: donderdag 11 maart 2027 → donderdag 18 maart 2027"),
        "{melding}"
    );
    bewerk(
        &sessie,
        "uitnodiging = 2027-01-21",
        "uitnodiging = 2027-01-21\nversie = 1",
    );
    let o = maak(&sessie);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert_eq!(uid_van(&uit), uid, "the date changed, the calendar item stays the same");
    {
        let m = mails(&uit, "REQUEST");
        for (m, c) in &m {
            assert_eq!(format!("UID:{}", c["events"][0]["uid"].as_str().unwrap()), uid);
            assert_eq!(c["events"][0]["sequence"], 1);
            assert!(tekst_van(m).contains("Datum: donderdag 11 maart 2027 → donderdag 18 maart 2027"));
        }
    }
}

#[test]
fn one_case_in_two_work_formats_gets_a_card_for_each() {
    let (_tmp, sessie) = common::example_in_tmp("zeist.toml");
    bewerk(
        &sessie,
        "[[programma]]\nbouwsteen = \"afsluiting\"",
        "[[programma]]\nbouwsteen = \"samenwerking\"\nwerkvormen = [\"pitch\", \"klantreis\"]\ncasus = \"selma\"\n\n[[programma]]\nbouwsteen = \"afsluiting\"",
    );
    let lib = draaiboek::library::builtin().unwrap();
    let s = draaiboek::session::load(&sessie, &lib).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let kaarten = draaiboek::render::kaarten::kaarten(&s);
    let selma: Vec<_> = kaarten.iter().filter(|k| k.id == "selma").collect();
    assert_eq!(selma.len(), 2, "one card per work format");
    assert_ne!(selma[0].werkvorm, selma[1].werkvorm);
    assert_ne!(selma[0].vragen, selma[1].vragen, "each card has its own questions");
    // The other cases are used once: one card each.
    assert_eq!(kaarten.iter().filter(|k| k.id == "youssef").count(), 1);
}

#[test]
fn a_person_listed_twice_counts_once_and_gets_one_seat() {
    let (_tmp, sessie) = common::example_in_tmp("zeist.toml");
    let mut text = std::fs::read_to_string(&sessie).unwrap();
    // Ingrid again (address in other capitals), and Chantal Römer without accents.
    text.push_str(
        "\n[[deelnemers]]\nnaam = \"Ingrid de Vries\"\nemail = \"I.DeVries@dewieg.example\"\ndomein = \"medisch\"\nstatus = \"aangemeld\"\n\
         \n[[deelnemers]]\nnaam = \"chantal  romer\"\ndomein = \"sociaal\"\nstatus = \"aangemeld\"\n",
    );
    std::fs::write(&sessie, text).unwrap();
    let lib = draaiboek::library::builtin().unwrap();
    let s = draaiboek::session::load(&sessie, &lib).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let n = s.deelnemers.len();
    let plan = draaiboek::plan::Planning::new(&s, &lib, 0);
    assert_eq!(plan.getelde.len(), 16, "the two repeats are not counted");
    assert!(!plan.getelde.contains(&(n - 1)) && !plan.getelde.contains(&(n - 2)));
    for p in draaiboek::groups::plannen(&s, 0) {
        let mut zetels: Vec<usize> = p.groepen.iter().flat_map(|g| g.leden.iter().map(|l| l.index)).collect();
        zetels.sort();
        zetels.dedup();
        assert!(
            !zetels.contains(&(n - 1)) && !zetels.contains(&(n - 2)),
            "{}",
            p.werkvorm
        );
    }
    let r = draaiboek::check::controleer_plan(&plan, &lib, chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap());
    assert_eq!(r.bevindingen.iter().filter(|b| b.code == "deelnemer-dubbel").count(), 2);
}

#[test]
fn voeg_toe_picks_a_case_the_programme_does_not_use_yet() {
    let (_tmp, sessie) = common::example_in_tmp("zeist.toml");
    let o = common::run(
        &[
            "voeg-toe",
            sessie.to_str().unwrap(),
            "samenwerking",
            "--werkvorm",
            "klantreis",
        ],
        sessie.parent().unwrap(),
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let lib = draaiboek::library::builtin().unwrap();
    let s = draaiboek::session::load(&sessie, &lib).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let casussen = |nieuw: bool| -> Vec<String> {
        s.programma
            .iter()
            .filter(|p| (p.bouwsteen.id == "samenwerking") == nieuw)
            .flat_map(|p| p.alle_casussen().into_iter().map(|c| c.id.clone()))
            .collect()
    };
    let (nieuw, per_item) = (casussen(true), casussen(false));
    assert_eq!(nieuw.len(), 1);
    assert!(
        per_item.iter().all(|c| *c != nieuw[0]),
        "{nieuw:?} is already used: {per_item:?}"
    );
    // So every case card keeps one set of questions.
    let kaarten = draaiboek::render::kaarten::kaarten(&s);
    let mut ids: Vec<&str> = kaarten.iter().map(|k| k.id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), kaarten.len());
}

#[test]
fn someone_added_later_gets_an_ordinary_invitation() {
    let (_tmp, sessie) = common::example_in_tmp("zeist.toml");
    let uit = sessie.parent().unwrap().join("zeist");
    assert!(maak(&sessie).status.success());
    // Sent on the day the drafts are dated (`uitnodiging`).
    verstuurd(&sessie, "2027-01-21", &[]);
    let mut text = std::fs::read_to_string(&sessie).unwrap();
    text.push_str("\n[[deelnemers]]\nnaam = \"Nieuwe Collega\"\nemail = \"nieuw@example.nl\"\ndomein = \"sociaal\"\n");
    std::fs::write(&sessie, &text).unwrap();
    let o = maak(&sessie);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let uitvoer = common::stdout(&o);
    assert!(
        uitvoer.contains("Nieuw uitgenodigd (een gewone uitnodiging): Nieuwe Collega.\n"),
        "{uitvoer}"
    );
    assert!(!uitvoer.contains("Gewijzigd"), "{uitvoer}");
    let txt = std::fs::read_to_string(uit.join("uitnodigingen/nieuwe-collega.txt")).unwrap();
    assert!(txt.starts_with("Onderwerp: Uitnodiging: "), "{txt}");
    // The others' files did not change.
    assert!(uitvoer.contains("uitnodigingen/ (3 bestanden)"), "{uitvoer}");
}
