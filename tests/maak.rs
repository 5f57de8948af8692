//! `draaiboek maak`: golden Markdown per example, safe writing, escaping,
//! templates, concept marking, HTML5 validity.
//!
//! Regenerate the goldens after a change of templates or library content:
//!   UPDATE_GOLDEN=1 cargo test --test maak -- --include-ignored

mod common;

use std::path::{Path, PathBuf};

use common::*;

const VANDAAG: &str = "2026-12-01";

fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::copy(root().join("tests/fixtures/maak").join(name), &path).unwrap();
    (dir, path)
}

/// `maak` with the built-in library; returns the output.
fn maak(session: &Path, extra: &[&str]) -> std::process::Output {
    let s = session.display().to_string();
    let mut args = vec!["maak", s.as_str(), "--vandaag", VANDAAG];
    args.extend_from_slice(extra);
    run(&args, session.parent().unwrap())
}

fn out_dir(session: &Path) -> PathBuf {
    session.with_extension("")
}

/// Compare every `.md` output with tests/golden/maak/<name>/ (or rewrite them).
fn golden_map(name: &str, dir: &Path) {
    let mds: Vec<_> = files(dir).into_iter().filter(|(r, _)| r.ends_with(".md")).collect();
    assert!(!mds.is_empty());
    for (rel, bytes) in mds {
        golden(&format!("maak/{name}/{rel}"), &String::from_utf8(bytes).unwrap());
    }
}

fn examples() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    v.sort();
    v
}

/// Every example, rendered with the built-in library, against the goldens
/// in tests/golden/maak/<example>/ (rewrite: UPDATE_GOLDEN=1 cargo test --test maak).
#[test]
fn examples_match_golden_with_builtin_library() {
    for ex in examples() {
        let (_tmp, session) = example_in_tmp(&ex);
        let s = session.display().to_string();
        let o = run(&["maak", &s, "--vandaag", VANDAAG], session.parent().unwrap());
        assert!(o.status.code() == Some(0), "{ex}: {}", stderr(&o));
        golden_map(ex.trim_end_matches(".toml"), &out_dir(&session));
    }
}

#[test]
fn agenda_shows_times_blocks_and_informal_parts() {
    let (_tmp, session) = example_in_tmp("zeist.toml");
    assert_eq!(maak(&session, &[]).status.code(), Some(0));
    let agenda = std::fs::read_to_string(out_dir(&session).join("agenda.md")).unwrap();
    assert!(agenda.contains("donderdag 11 maart 2027"), "{agenda}");
    assert!(
        agenda.contains("| 13:40–14:00 | Nadere kennismaking | Speeddate | 20 |"),
        "{agenda}"
    );
    // The lunch is the inloop: one row before begintijd (13:30), not two arrivals in a row.
    assert!(agenda.contains("| 13:00–13:30 | *Inloop met lunch* |"), "{agenda}");
    assert!(!agenda.contains("Inloop en ontvangst"), "{agenda}");
    assert!(
        agenda.contains("Het programma duurt 95 minuten, van 13:30 tot 15:05 uur."),
        "{agenda}"
    );
    assert!(agenda.contains("*Borrel*") && agenda.contains("informeel, buiten het programma"));
    assert!(agenda.contains("Einde: 15:35 uur"));
}

#[test]
fn second_render_gives_identical_bytes_and_touches_nothing() {
    let (_tmp, session) = example_in_tmp("zeist.toml");
    assert_eq!(maak(&session, &[]).status.code(), Some(0));
    // Every file but the fingerprint of the input (`.draaiboek-invoer`):
    // the invitation record the first run left is input to the second.
    let documenten = || -> Vec<_> {
        files(&out_dir(&session))
            .into_iter()
            .filter(|(r, _)| r != ".draaiboek-invoer")
            .collect()
    };
    let first = documenten();
    for _ in 0..3 {
        let o = maak(&session, &[]);
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).contains("Niets veranderd"), "{}", stdout(&o));
        assert_eq!(first, documenten());
    }
    assert!(first.iter().any(|(r, _)| r == ".draaiboek-manifest"));
}

#[test]
fn foreign_file_is_not_overwritten_without_forceer() {
    let (_tmp, session) = example_in_tmp("zeist.toml");
    let dir = out_dir(&session);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("agenda.md"), "mijn eigen aantekeningen").unwrap();
    let o = maak(&session, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("agenda.md") && err.contains("--forceer") && err.contains("niets geschreven"),
        "{err}"
    );
    // Nothing at all was written.
    assert_eq!(
        files(&dir),
        vec![("agenda.md".to_string(), b"mijn eigen aantekeningen".to_vec())]
    );

    let o = maak(&session, &["--forceer"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(dir.join("agenda.md"))
            .unwrap()
            .contains("Nadere kennismaking")
    );
}

#[test]
fn hand_edited_output_is_a_conflict() {
    let (_tmp, session) = example_in_tmp("zeist.toml");
    assert_eq!(maak(&session, &[]).status.code(), Some(0));
    let dir = out_dir(&session);
    std::fs::write(dir.join("draaiboek.md"), "aangepast").unwrap();
    let o = maak(&session, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("met de hand veranderd"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(dir.join("draaiboek.md")).unwrap(), "aangepast");
}

#[test]
fn output_folder_that_is_a_file_is_a_clear_error() {
    let (_tmp, session) = example_in_tmp("zeist.toml");
    std::fs::write(out_dir(&session), "geen map").unwrap();
    let o = maak(&session, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is een bestand, geen map"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn read_only_folder_leaves_no_files() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, session) = example_in_tmp("zeist.toml");
    let dir = tmp.path().join("alleen-lezen");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let d = dir.display().to_string();
    let mut cmd = std::process::Command::new(bin());
    cmd.args(["maak", session.to_str().unwrap(), "--uit", &d])
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0");
    // Root may write in a read-only folder (and CI runs as root): then the
    // run is made as `nobody`, who may read the session but not write here.
    // std drops root's supplementary groups when it changes the user.
    if unsafe { libc::geteuid() } == 0 {
        use std::os::unix::process::CommandExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        cmd.uid(65534).gid(65534);
    }
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("geen toestemming"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("alleen-lezen"),
        "the folder is named: {}",
        stderr(&o)
    );
    assert!(files(&dir).is_empty());
}

#[test]
fn fout_finding_renders_concept_and_exits_1() {
    let (_tmp, session) = fixture("fout-en-script.toml");
    let o = maak(&session, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("CONCEPT"));
    for (rel, bytes) in files(&out_dir(&session)) {
        if rel.starts_with('.') {
            continue;
        }
        // A concept is never sendable: no mail drafts, no calendar invites.
        assert!(
            !rel.ends_with(".eml") && !rel.ends_with(".ics"),
            "{rel} is geschreven voor een concept"
        );
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("CONCEPT"), "{rel} is niet als concept gemarkeerd");
        if !rel.contains("uitnodiging") {
            assert!(text.contains("125 minuten"), "{rel} noemt de fout niet");
        }
    }
    assert!(stderr(&o).contains("concept-mails (.eml)"));
}

#[test]
fn script_in_input_is_escaped_in_every_html_file() {
    let (_tmp, session) = fixture("fout-en-script.toml");
    maak(&session, &[]);
    let all = files(&out_dir(&session));
    let html: Vec<_> = all.iter().filter(|(r, _)| r.ends_with(".html")).collect();
    assert!(html.len() >= 4);
    for (rel, bytes) in html {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<script"), "{rel} bevat een <script>-tag");
        assert!(!text.contains("<b>vet"), "{rel} bevat ruwe HTML uit de invoer");
    }
    let kaarten = std::fs::read_to_string(out_dir(&session).join("casuskaarten.html")).unwrap();
    assert!(
        kaarten.contains("&lt;script&gt;alert("),
        "de casustekst staat er niet (geëscapet) in"
    );
    let materiaal = std::fs::read_to_string(out_dir(&session).join("materiaal.html")).unwrap();
    assert!(
        materiaal.contains("Ingrid &lt;script&gt;"),
        "de naam op het naambordje ontbreekt"
    );
}

#[test]
fn template_override_takes_effect() {
    let (tmp, session) = example_in_tmp("zeist.toml");
    let sj = tmp.path().join("sjablonen");
    std::fs::create_dir(&sj).unwrap();
    std::fs::write(
        sj.join("agenda.md.j2"),
        "EIGEN AGENDA voor {{ titel }} op {{ datum_lang }}\n",
    )
    .unwrap();
    let d = sj.display().to_string();
    let o = maak(&session, &["--sjablonen", &d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let agenda = std::fs::read_to_string(out_dir(&session).join("agenda.md")).unwrap();
    assert_eq!(
        agenda,
        "EIGEN AGENDA voor Verdiepende bijeenkomst Kansrijke Start Zeist op donderdag 11 maart 2027\n"
    );
    let html = std::fs::read_to_string(out_dir(&session).join("agenda.html")).unwrap();
    assert!(html.contains("EIGEN AGENDA"));
}

#[test]
fn template_error_names_template_line_and_variable() {
    let (tmp, session) = example_in_tmp("zeist.toml");
    let sj = tmp.path().join("sjablonen");
    std::fs::create_dir(&sj).unwrap();
    std::fs::write(sj.join("agenda.md.j2"), "# {{ titel }}\n\n{{ titl_verkeerd }}\n").unwrap();
    let d = sj.display().to_string();
    let o = maak(&session, &["--sjablonen", &d]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    // The override's own path, line and column, the variable, and what does exist.
    assert!(
        err.contains(&format!("--> {d}/agenda.md.j2:3:4")) && err.contains("`titl_verkeerd`, maar die bestaat niet"),
        "{err}"
    );
    assert!(
        err.contains("Deze variabelen bestaan: `aanleiding`") && err.contains("`titel`"),
        "{err}"
    );
    assert!(
        !out_dir(&session).exists(),
        "bij een sjabloonfout hoort niets geschreven te zijn"
    );
}

#[test]
fn sjablonen_export_writes_all_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(&["sjablonen", "--exporteer", "mijn"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names: Vec<String> = files(&tmp.path().join("mijn")).into_iter().map(|(r, _)| r).collect();
    for t in [
        "agenda.md.j2",
        "draaiboek.md.j2",
        "casuskaarten.html.j2",
        "pagina.html.j2",
        "materiaal.html.j2",
    ] {
        assert!(names.contains(&t.to_string()), "{t} ontbreekt: {names:?}");
    }
    std::fs::write(tmp.path().join("mijn/agenda.md.j2"), "eigen").unwrap();
    let o = run(&["sjablonen", "--exporteer", "mijn"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("agenda.md.j2") && stderr(&o).contains("bestaan al"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("mijn/agenda.md.j2")).unwrap(),
        "eigen"
    );
}

#[test]
fn kaarten_writes_only_the_case_cards() {
    let (_tmp, session) = example_in_tmp("zeist.toml");
    let s = session.display().to_string();
    let o = run(&["kaarten", &s, "--vandaag", VANDAAG], session.parent().unwrap());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names: Vec<String> = files(&out_dir(&session)).into_iter().map(|(r, _)| r).collect();
    assert_eq!(names, [".draaiboek-manifest", "casuskaarten.html", "casuskaarten.md"]);
}

#[test]
fn formaat_md_writes_no_html() {
    let (_tmp, session) = example_in_tmp("zeist.toml");
    assert_eq!(maak(&session, &["--formaat", "md"]).status.code(), Some(0));
    assert!(files(&out_dir(&session)).iter().all(|(r, _)| !r.ends_with(".html")));
}

#[test]
fn materials_are_counted_from_participants_and_groups() {
    let (_tmp, session) = example_in_tmp("zeist.toml");
    maak(&session, &[]);
    let b = std::fs::read_to_string(out_dir(&session).join("benodigdheden.md")).unwrap();
    // 16 participants; casus-factoren in mixed groups of 3–4: 4 groups.
    assert!(
        b.contains("| Naamsticker of naambordje (of een gevouwen A4'tje) | 16 | 1 per deelnemer × 16 deelnemers |"),
        "{b}"
    );
    assert!(
        b.contains("| Flipovervel met drie kolommen | 4 | 1 per groepje × 4 groepjes |"),
        "{b}"
    );
    // The Erasmus MC document: one per group, as the chosen work format
    // hands it out, named once.
    let rijen = |woord: &str| -> Vec<String> {
        b.lines()
            .filter(|l| l.starts_with('|') && l.to_lowercase().contains(woord))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        rijen("document met de definitie"),
        [
            "| Geprint document met de definitie en het stroomschema | 4 | 1 per groepje × 4 groepjes | Factoren zoeken in een casus |"
        ],
        "{b}"
    );
    // One flipover sheet per table: the block does not ask for sheets per
    // group on top of its work format (4 tables, not 4 + 4).
    assert_eq!(
        rijen("flipover"),
        ["| Flipovervel met drie kolommen | 4 | 1 per groepje × 4 groepjes | Factoren zoeken in een casus |"],
        "{b}"
    );
    // Case cards once, counted per group.
    assert_eq!(rijen("| casuskaart").len(), 1, "{b}");
    // The draaiboek's general materials for the day are in the list, with a
    // pen for everyone (attendance list, evaluation form).
    for algemeen in [
        "| Pen (ook voor de presentielijst en het evaluatieformulier) | 16 |",
        "| Post-its |",
        "| Plakband |",
        "| Blanco papier |",
    ] {
        assert!(b.contains(algemeen), "{algemeen} ontbreekt:\n{b}");
    }
    // Markers once, though the day, the entrance and a work format all ask for them.
    assert_eq!(rijen("| stiften").len(), 1, "{b}");
}

/// Block materials only when the chosen work format uses them: with
/// `factoren-flipover` there are no case cards and no three-column sheets.
#[test]
fn materials_follow_the_chosen_work_format() {
    let (_tmp, session) = example_in_tmp("zeist.toml");
    let toml = std::fs::read_to_string(&session).unwrap();
    assert!(
        toml.contains("\"casus-factoren\""),
        "het voorbeeld is veranderd: pas de test aan"
    );
    let toml = toml
        .replace("\"casus-factoren\"", "\"factoren-flipover\"")
        .replace("casussen = [\"youssef\", \"kasia-pjotr\", \"selma\", \"samira\"]\n", "");
    std::fs::write(&session, toml).unwrap();
    assert_eq!(maak(&session, &[]).status.code(), Some(0));
    let b = std::fs::read_to_string(out_dir(&session).join("benodigdheden.md")).unwrap();
    assert!(!b.to_lowercase().contains("casuskaart"), "{b}");
    assert!(!b.contains("drie kolommen"), "{b}");
    assert!(b.contains("| Drie flipovervellen | 3 |"), "{b}");
}

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn every_html_output_is_valid_html5() {
    let py = python();
    for (dir_session, extra) in [
        (example_in_tmp("zeist.toml"), false),
        (fixture("fout-en-script.toml"), true),
    ] {
        let (_tmp, session) = dir_session;
        let code = maak(&session, &[]).status.code();
        assert_eq!(code, Some(if extra { 1 } else { 0 }));
        for (rel, _) in files(&out_dir(&session))
            .into_iter()
            .filter(|(r, _)| r.ends_with(".html"))
        {
            let path = out_dir(&session).join(&rel);
            let script =
                "import sys, html5lib\nhtml5lib.HTMLParser(strict=True).parse(open(sys.argv[1], 'rb').read())\n";
            let o = std::process::Command::new(&py)
                .args(["-c", script])
                .arg(&path)
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "{rel} is geen geldige HTML5: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("<!DOCTYPE html>") && text.contains("<html lang=\"nl\">"),
                "{rel}"
            );
            assert!(
                text.contains("<meta charset=\"utf-8\">") && text.contains("<title>"),
                "{rel}"
            );
            assert!(
                !text.contains("http://") && !text.contains("https://fonts"),
                "{rel} laadt iets van het netwerk"
            );
        }
    }
}

#[test]
fn quiz_appears_once_with_the_sessions_own_questions() {
    let (_tmp, session) = example_in_tmp("zeist.toml");
    maak(&session, &[]);
    let d = std::fs::read_to_string(out_dir(&session).join("draaiboek.md")).unwrap();
    assert_eq!(d.matches("### Quiz").count(), 1, "{d}");
    assert_eq!(
        d.matches("Hoeveel kinderen zijn er vorig jaar in onze gemeente geboren?")
            .count(),
        1
    );
    // The library's example questions give way to the session's own.
    assert!(
        !d.contains("Hoeveel baby's zijn vorig jaar in onze gemeente geboren?"),
        "{d}"
    );
    // At the opening of the welcome: after the welcome word, before the round of names.
    let (quiz, welkomstwoord, voorstel) = (
        d.find("### Quiz").unwrap(),
        d.find("### Welkomstwoord").unwrap(),
        d.find("### Kort voorstelrondje").unwrap(),
    );
    assert!(welkomstwoord < quiz && quiz < voorstel);
}

#[test]
fn preparation_part_stands_without_the_welcome_block() {
    let (_tmp, session) = example_in_tmp("zeist.toml");
    let toml = std::fs::read_to_string(&session).unwrap();
    let toml = toml.replace("[[programma]]\nbouwsteen = \"welkom\"\nduur = 10\n\n", "");
    assert!(
        !toml.contains("\"welkom\""),
        "het voorbeeld is veranderd: pas de test aan"
    );
    std::fs::write(&session, toml).unwrap();
    maak(&session, &[]);
    let d = std::fs::read_to_string(out_dir(&session).join("draaiboek.md")).unwrap();
    let deel1 = &d[..d.find("# Deel 2").unwrap()];
    for kop in [
        "## Stap 1. Leerdoelen bepalen",
        "## Stap 2. Deelnemers bepalen en uitnodigen",
        "## Stap 3. Praktische zaken regelen",
        "**Wie nodig je uit?**",
        "## Extra (optioneel): checklist voor goede samenwerking",
    ] {
        assert!(deel1.contains(kop), "{kop} ontbreekt:\n{deel1}");
    }
    // The broader list of whom to invite, from the draaiboek's introduction.
    for wie in [
        "ervaringsdeskundigen",
        "vrijwilligers en maatjes",
        "beleidsmakers van de gemeente",
        "jeugdartsen, jeugdverpleegkundigen",
        "kraamverzorgenden",
        "POP-poli",
    ] {
        assert!(deel1.contains(wie), "{wie} ontbreekt");
    }
    assert!(
        deel1.contains("module multidisciplinaire samenwerking"),
        "de checklist noemt zijn bron"
    );
}
