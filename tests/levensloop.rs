//! A meeting's whole life, on a temp copy of `examples/zeist.toml`: the
//! first `maak`; a change of time together with an error (no mail draft or
//! calendar file may stay behind); the change without a raised `versie`
//! (fout `versie-ophogen`); the raised `versie` (change notices, same UID,
//! higher SEQUENCE); a participant who cancels; the meeting cancelled.
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

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn a_meeting_from_first_invitation_to_cancellation() {
    let (_tmp, sessie) = common::example_in_tmp("zeist.toml");
    let uit = sessie.parent().unwrap().join("zeist");

    // 1. The first run: invitations, version 0.
    let o = maak(&sessie);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert_eq!(met_extensie(&uit, &[".eml"]).len(), 16);
    let mut uid = String::new();
    {
        let eerst = mails(&uit, "REQUEST");
        for (m, c) in &eerst {
            assert!(m["subject"].as_str().unwrap().starts_with("Uitnodiging: "));
            let ev = &c["events"][0];
            assert_eq!(ev["sequence"], 0);
            assert_eq!(ev["dtstart"], "2027-03-11T13:00:00");
            uid = ev["uid"].as_str().unwrap().to_string();
        }
    }

    // 2. The time moves and the session gets an error: a CONCEPT run. No
    //    mail draft or calendar file may be left anywhere in the folder, and
    //    the summary names what was removed.
    bewerk(&sessie, "begintijd = 13:30:00", "begintijd = 14:00:00");
    bewerk(&sessie, "uitnodiging = 2027-01-21", "uitnodiging = 2027-03-11");
    let o = maak(&sessie);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(met_extensie(&uit, &[".eml", ".ics"]), Vec::<String>::new());
    let uitvoer = common::stdout(&o);
    assert!(uitvoer.contains("Weggehaald uit"), "{uitvoer}");
    for naam in [
        "bijeenkomst.ics",
        "planning.ics",
        "uitnodigingen/ (16 bestanden, waaronder",
    ] {
        assert!(uitvoer.contains(naam), "{naam} not named:\n{uitvoer}");
    }
    let txt = std::fs::read_to_string(uit.join("uitnodigingen/ingrid-de-vries.txt")).unwrap();
    assert!(txt.starts_with("CONCEPT"), "{txt}");
    assert!(txt.contains("13:30"), "the text has the new time: {txt}");

    // 3. The error fixed, but `versie` not raised: fout versie-ophogen,
    //    with what changed and the fix; still no mail drafts.
    bewerk(&sessie, "uitnodiging = 2027-03-11", "uitnodiging = 2027-01-21");
    let (code, melding) = controleer(&sessie);
    assert_eq!(code, Some(1));
    assert!(melding.contains("fout[versie-ophogen]"), "{melding}");
    assert!(melding.contains("tijd: 13:00–15:35 → 13:30–16:05"), "{melding}");
    assert!(melding.contains("`versie = 1`"), "{melding}");
    let o = maak(&sessie);
    assert_eq!(o.status.code(), Some(1));
    assert!(common::stderr(&o).contains("`versie = 1`"));
    assert_eq!(met_extensie(&uit, &[".eml", ".ics"]), Vec::<String>::new());

    // 4. `versie` raised: change notices to everyone who had version 0, the
    //    same UID with a higher SEQUENCE, and maak says to whom.
    bewerk(
        &sessie,
        "uitnodiging = 2027-01-21",
        "uitnodiging = 2027-01-21\nversie = 1",
    );
    let o = maak(&sessie);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let uitvoer = common::stdout(&o);
    assert!(
        uitvoer.contains("Versie 1: stuur het wijzigingsbericht (\"Gewijzigd:\") uit uitnodigingen/ naar 16 personen"),
        "{uitvoer}"
    );
    assert!(
        uitvoer.contains("Ingrid de Vries") && uitvoer.contains("Ruud Bos"),
        "{uitvoer}"
    );
    {
        let gewijzigd = mails(&uit, "REQUEST");
        assert_eq!(gewijzigd.len(), 16);
        for (m, c) in &gewijzigd {
            assert!(
                m["subject"].as_str().unwrap().starts_with("Gewijzigd: "),
                "{}",
                m["subject"]
            );
            let body = tekst_van(m);
            assert!(body.contains("Wat is er veranderd"), "{body}");
            assert!(body.contains("Tijd: 13:00–15:35 → 13:30–16:05"), "{body}");
            let ev = &c["events"][0];
            assert_eq!(ev["uid"], uid.as_str());
            assert_eq!(ev["sequence"], 1);
            assert_eq!(ev["dtstart"], "2027-03-11T13:30:00");
        }
    }
    // A second run changes nothing and does not ask to send again.
    let o = maak(&sessie);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        common::stdout(&o).starts_with("Niets veranderd"),
        "{}",
        common::stdout(&o)
    );
    assert_eq!(controleer(&sessie).0, Some(0));

    // 5. Ingrid cancels: her files go, and the summary names them.
    let ingrid = "functie = \"verloskundige\"\ndomein = \"medisch\"\nelearning = true\nstatus = ";
    bewerk(
        &sessie,
        &format!(
            "email = \"i.devries@dewieg.example\"\norganisatie = \"Verloskundigenpraktijk De Wieg\"\n{ingrid}\"aangemeld\""
        ),
        &format!(
            "email = \"i.devries@dewieg.example\"\norganisatie = \"Verloskundigenpraktijk De Wieg\"\n{ingrid}\"afgemeld\""
        ),
    );
    let o = maak(&sessie);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let uitvoer = common::stdout(&o);
    for ext in ["eml", "md", "txt"] {
        assert!(!uit.join(format!("uitnodigingen/ingrid-de-vries.{ext}")).exists());
        assert!(
            uitvoer.contains(&format!("  uitnodigingen/ingrid-de-vries.{ext}\n")),
            "{uitvoer}"
        );
    }
    assert_eq!(met_extensie(&uit, &[".eml"]).len(), 15);

    // 6. The meeting is called off. Without a raised `versie` that is a
    //    change nobody hears about: fout.
    bewerk(&sessie, "versie = 1", "versie = 1\nstatus = \"geannuleerd\"");
    let (code, melding) = controleer(&sessie);
    assert_eq!(code, Some(1));
    assert!(melding.contains("status: gepland → geannuleerd"), "{melding}");
    bewerk(&sessie, "versie = 1", "versie = 2");
    let o = maak(&sessie);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let uitvoer = common::stdout(&o);
    assert!(
        uitvoer.contains("De bijeenkomst gaat niet door. Stuur de afzegging"),
        "{uitvoer}"
    );
    // Every document says so at the top; nothing is left to print.
    for doc in ["agenda.md", "draaiboek.md", "benodigdheden.md"] {
        let text = std::fs::read_to_string(uit.join(doc)).unwrap();
        assert!(text.starts_with("> **GAAT NIET DOOR**"), "{doc}: {text}");
    }
    let html = std::fs::read_to_string(uit.join("agenda.html")).unwrap();
    assert!(html.contains("GAAT NIET DOOR"));
    for print in ["casuskaarten.html", "casuskaarten.md", "materiaal.html", "groepen.html"] {
        assert!(!uit.join(print).exists(), "{print} is still there");
        assert!(
            uitvoer.contains(&format!("  {print}\n")),
            "{print} not named:\n{uitvoer}"
        );
    }
    // Ingrid cancelled before: she gets no cancellation.
    assert!(!uit.join("uitnodigingen/ingrid-de-vries.eml").exists());
    {
        let af = mails(&uit, "CANCEL");
        assert_eq!(af.len(), 15);
        for (m, c) in &af {
            assert!(
                m["subject"].as_str().unwrap().starts_with("Gaat niet door: "),
                "{}",
                m["subject"]
            );
            assert!(tekst_van(m).contains("niet door"));
            let ev = &c["events"][0];
            assert_eq!(ev["uid"], uid.as_str());
            assert_eq!(ev["sequence"], 2);
            assert_eq!(ev["status"], "CANCELLED");
            assert_eq!(ev["attendees"].as_array().unwrap().len(), 1, "one attendee per CANCEL");
        }
    }
    let cals = python_json("check_ics.py", &[uit.join("planning.ics"), uit.join("bijeenkomst.ics")]);
    for c in &cals {
        assert_eq!(c["errors"], serde_json::json!([]));
        assert_eq!(c["method"], "CANCEL", "{}", c["path"]);
        for ev in c["events"].as_array().unwrap() {
            assert_eq!(ev["status"], "CANCELLED", "{}", ev["summary"]);
            assert_eq!(ev["sequence"], 2);
        }
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
