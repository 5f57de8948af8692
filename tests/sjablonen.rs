//! Templates that stay the trekker's own: `sjablonen = "…"` in the session
//! file is used by every command that renders, `--sjablonen` overrides it,
//! `sjablonen --context` shows every variable, exported templates say what
//! they use, and a template error points at the trekker's file.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const VANDAAG: &str = "2027-01-15";

/// zeist.toml in a temp folder with `sjablonen = "mijn-sjablonen"` under
/// [bijeenkomst], and that folder holding `files`.
fn session_with_templates(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let (tmp, session) = example_in_tmp("zeist.toml");
    let text = std::fs::read_to_string(&session).unwrap();
    let text = text.replacen("[bijeenkomst]\n", "[bijeenkomst]\nsjablonen = \"mijn-sjablonen\"\n", 1);
    std::fs::write(&session, text).unwrap();
    let dir = tmp.path().join("mijn-sjablonen");
    std::fs::create_dir(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    (tmp, session)
}

fn in_dir(tmp: &tempfile::TempDir, args: &[&str]) -> std::process::Output {
    run(args, tmp.path())
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn the_session_templates_are_used_by_maak_uitnodiging_and_kaarten() {
    let (tmp, _) = session_with_templates(&[
        ("agenda.md.j2", "EIGEN AGENDA {{ titel }}\n"),
        (
            "uitnodiging.j2",
            "{% if markdown %}EIGEN MD{% else %}EIGEN TEKST{% endif %} voor {{ deelnemer.naam if deelnemer else \"iedereen\" }}\n",
        ),
        ("casuskaarten.md.j2", "EIGEN KAARTEN {{ kaarten | length }}\n"),
    ]);
    let o = in_dir(&tmp, &["maak", "zeist.toml", "--vandaag", VANDAAG]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = tmp.path().join("zeist");
    assert_eq!(
        read(&out.join("agenda.md")),
        "EIGEN AGENDA Verdiepende bijeenkomst Kansrijke Start Zeist\n"
    );
    assert_eq!(read(&out.join("uitnodiging-algemeen.md")), "EIGEN MD voor iedereen\n");
    let txt = read(&out.join("uitnodigingen/anneke-brouwer.txt"));
    assert!(txt.ends_with("\n\nEIGEN TEKST voor Anneke Brouwer\n"), "{txt}");
    // The mail draft carries the same text.
    let eml = read(&out.join("uitnodigingen/anneke-brouwer.eml"));
    assert!(eml.contains("EIGEN TEKST voor Anneke Brouwer"), "{eml}");
    assert_eq!(read(&out.join("casuskaarten.md")), "EIGEN KAARTEN 4\n");

    let o = in_dir(
        &tmp,
        &[
            "uitnodiging",
            "zeist.toml",
            "--deelnemer",
            "Anneke Brouwer",
            "--vandaag",
            VANDAAG,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).ends_with("\n\nEIGEN TEKST voor Anneke Brouwer\n"),
        "{}",
        stdout(&o)
    );

    let o = in_dir(
        &tmp,
        &["kaarten", "zeist.toml", "--uit", "kaarten", "--vandaag", VANDAAG],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(read(&tmp.path().join("kaarten/casuskaarten.md")), "EIGEN KAARTEN 4\n");
}

#[test]
fn the_flag_overrides_the_session_templates() {
    let (tmp, _) = session_with_templates(&[("agenda.md.j2", "UIT HET BESTAND\n")]);
    let other = tmp.path().join("ander");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("agenda.md.j2"), "UIT DE OPTIE\n").unwrap();
    std::fs::write(other.join("uitnodiging.j2"), "OPTIE-UITNODIGING\n").unwrap();
    let o = in_dir(
        &tmp,
        &["maak", "zeist.toml", "--sjablonen", "ander", "--vandaag", VANDAAG],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(read(&tmp.path().join("zeist/agenda.md")), "UIT DE OPTIE\n");
    let o = in_dir(
        &tmp,
        &[
            "uitnodiging",
            "zeist.toml",
            "--sjablonen",
            "ander",
            "--vandaag",
            VANDAAG,
        ],
    );
    assert!(stdout(&o).ends_with("OPTIE-UITNODIGING\n"), "{}", stdout(&o));
}

#[test]
fn a_missing_templates_folder_is_an_input_error_at_its_line() {
    let (tmp, session) = session_with_templates(&[]);
    std::fs::remove_dir(tmp.path().join("mijn-sjablonen")).unwrap();
    for args in [
        vec!["maak", "zeist.toml", "--vandaag", VANDAAG],
        vec!["uitnodiging", "zeist.toml", "--vandaag", VANDAAG],
        vec!["kaarten", "zeist.toml", "--vandaag", VANDAAG],
    ] {
        let o = in_dir(&tmp, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("--> zeist.toml:5:13"), "{err}");
        assert!(err.contains("de sjablonenmap"), "{err}");
        assert!(err.contains("bestaat niet"), "{err}");
        assert!(err.contains("draaiboek sjablonen --exporteer"), "{err}");
    }
    assert!(!tmp.path().join("zeist").exists(), "niets geschreven");
    let _ = session;
}

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn context_is_valid_json_with_the_programme_planning_participants_and_groups() {
    let (tmp, _) = example_in_tmp("zeist.toml");
    let o = in_dir(&tmp, &["sjablonen", "--context", "zeist.toml", "--vandaag", VANDAAG]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    let blokken = json["blokken"].as_array().expect("blokken");
    assert_eq!(blokken[0]["id"], "inloop");
    assert_eq!(blokken[0]["begin"], "13:00");
    assert_eq!(blokken[1]["begin"], "13:30");
    assert!(blokken.iter().all(|b| b["begin"].is_string() && b["minuten"].is_u64()));
    assert!(json["agenda"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(json["planning"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(json["deelnemers"].as_array().is_some_and(|a| a.len() >= 12));
    assert!(json["indelingen"].as_array().is_some_and(|a| !a.is_empty()));
    // The invitation's own variables, for the general invitation.
    assert_eq!(json["deelnemer"], serde_json::Value::Null);
    assert!(json["onderwerp"].as_str().unwrap().starts_with("Uitnodiging: "));
    assert_eq!(json["sessiebestand"], "zeist.toml");
    // And an independent parser agrees it is JSON.
    {
        let py = python();
        let check = std::process::Command::new(py)
            .args([
                "-c",
                "import json,sys; d=json.load(sys.stdin); print(len(d['blokken']))",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin.take().unwrap().write_all(&o.stdout)?;
                c.wait_with_output()
            })
            .unwrap();
        assert!(check.status.success());
        assert_eq!(String::from_utf8_lossy(&check.stdout).trim(), blokken.len().to_string());
    }
}

#[test]
fn an_invitation_template_can_use_the_programme() {
    let (tmp, _) = session_with_templates(&[(
        "uitnodiging.j2",
        "Programma:\n{% for b in blokken %}{{ b.begin }} {{ b.titel }}\n{% endfor %}",
    )]);
    let o = in_dir(&tmp, &["uitnodiging", "zeist.toml", "--vandaag", VANDAAG]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Programma:\n13:00 Inloop en ontvangst\n13:30 Welkom"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn an_undefined_variable_names_the_file_line_variable_and_what_exists() {
    let (tmp, _) = session_with_templates(&[(
        "uitnodiging.j2",
        "Beste collega,\n\nTot {{ datum | datum_lang }} bij {{ organisator.titel }}.\n",
    )]);
    let o = in_dir(&tmp, &["uitnodiging", "zeist.toml", "--vandaag", VANDAAG]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("je eigen sjabloon mijn-sjablonen/uitnodiging.j2"), "{err}");
    assert!(err.contains("--> mijn-sjablonen/uitnodiging.j2:3:37"), "{err}");
    assert!(
        err.contains("`organisator.titel`, maar `organisator` heeft geen `titel`"),
        "{err}"
    );
    assert!(
        err.contains("Deze variabelen bestaan in `organisator`: `email`, `functie`, `naam`, `organisatie`, `telefoon`"),
        "{err}"
    );
    assert!(err.contains("draaiboek sjablonen --context zeist.toml"), "{err}");

    // A misspelt top-level name gets the nearest one.
    std::fs::write(tmp.path().join("mijn-sjablonen/agenda.md.j2"), "# {{ titl }}\n").unwrap();
    std::fs::remove_file(tmp.path().join("mijn-sjablonen/uitnodiging.j2")).unwrap();
    let o = in_dir(&tmp, &["maak", "zeist.toml", "--vandaag", VANDAAG]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("--> mijn-sjablonen/agenda.md.j2:1:6"), "{err}");
    assert!(err.contains("de variabele `titl`, maar die bestaat niet"), "{err}");
    assert!(err.contains("bedoel je `titel`?"), "{err}");
    assert!(!tmp.path().join("zeist").exists());
}

#[test]
fn exported_templates_list_their_variables_and_render_the_same() {
    let (tmp, _) = example_in_tmp("zeist.toml");
    let o = in_dir(&tmp, &["sjablonen", "--exporteer", "mijn-sjablonen"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("sjablonen = \"mijn-sjablonen\""), "{}", stdout(&o));
    let agenda = read(&tmp.path().join("mijn-sjablonen/agenda.md.j2"));
    let kop: String = agenda.lines().take(5).collect::<Vec<_>>().join("\n");
    assert!(kop.starts_with("{#- Sjabloon agenda.md.j2 van draaiboek."), "{kop}");
    for v in ["agenda", "titel", "totaal_minuten", "fouten"] {
        assert!(
            kop.contains(&format!(" {v},")) || kop.contains(&format!(" {v}.")),
            "{v} ontbreekt:\n{kop}"
        );
    }
    assert!(kop.contains("draaiboek sjablonen --context SESSIE.toml"), "{kop}");
    let uitnodiging = read(&tmp.path().join("mijn-sjablonen/uitnodiging.j2"));
    assert!(
        uitnodiging.lines().take(4).any(|l| l.contains("markdown")),
        "{uitnodiging}"
    );

    // The exported set gives exactly the built-in output, every file.
    let o = in_dir(
        &tmp,
        &["maak", "zeist.toml", "--uit", "ingebouwd", "--vandaag", VANDAAG],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = in_dir(
        &tmp,
        &[
            "maak",
            "zeist.toml",
            "--uit",
            "eigen",
            "--sjablonen",
            "mijn-sjablonen",
            "--vandaag",
            VANDAAG,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let a = files(&tmp.path().join("ingebouwd"));
    let b = files(&tmp.path().join("eigen"));
    assert_eq!(a.len(), b.len());
    for ((ra, ba), (rb, bb)) in a.iter().zip(&b) {
        assert_eq!(ra, rb);
        // The fingerprint of the input names the other templates and folder.
        if ra == ".draaiboek-invoer" {
            continue;
        }
        assert!(ba == bb, "{ra} verschilt met de geëxporteerde sjablonen");
    }
}

#[test]
fn old_split_invitation_templates_are_pointed_at_the_merged_one() {
    let (tmp, _) = session_with_templates(&[("uitnodiging.txt.j2", "oud\n")]);
    let o = in_dir(&tmp, &["maak", "zeist.toml", "--vandaag", VANDAAG]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("onbekend sjabloon uitnodiging.txt.j2"), "{err}");
    assert!(err.contains("uitnodiging.j2"), "{err}");
}

#[test]
fn template_syntax_slips_are_explained_in_dutch_at_their_place() {
    for (tekst, plek, melding) in [
        (
            "# {{ titel | hoofdletters }}\n",
            ":1:14",
            "het filter `hoofdletters` bestaat niet",
        ),
        (
            "# {{ titel }\n",
            ":1:12",
            "hier hoort `}}` om de variabele af te sluiten",
        ),
        (
            "{% for b in blokken %}\n- {{ b.titel }}\n",
            ":",
            "het sjabloon houdt op terwijl er nog een blok open staat",
        ),
    ] {
        let (tmp, _) = session_with_templates(&[("agenda.md.j2", tekst)]);
        let o = in_dir(&tmp, &["maak", "zeist.toml", "--vandaag", VANDAAG]);
        assert_eq!(o.status.code(), Some(2), "{tekst}");
        let err = stderr(&o);
        assert!(err.contains(&format!("--> mijn-sjablonen/agenda.md.j2{plek}")), "{err}");
        assert!(err.contains(melding), "{err}");
        assert!(err.contains("je eigen sjabloon mijn-sjablonen/agenda.md.j2"), "{err}");
    }
}
