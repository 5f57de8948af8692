//! Terminal output that fits the terminal: findings and the agenda wrap at
//! word boundaries to the terminal's width (80 when stdout is not a
//! terminal), and errors come before warnings.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

fn longest(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn findings_wrap_at_80_columns_without_breaking_words() {
    let (dir, session) = example_in_tmp("samenwerking.toml");
    let s = session.display().to_string();
    let tekst = run(&["controleer", &s, "--vandaag", "2026-12-01"], dir.path());
    let tekst = stdout(&tekst);
    assert!(longest(&tekst) <= 80, "regel langer dan 80:\n{tekst}");
    let json = run(
        &["controleer", &s, "--vandaag", "2026-12-01", "--formaat", "json"],
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let alles = words(&tekst).join(" ");
    let bevindingen = json["bevindingen"].as_array().unwrap();
    assert!(bevindingen.len() >= 2);
    for b in bevindingen {
        // Every message is there word for word: wrapping only moved spaces.
        let melding = words(b["melding"].as_str().unwrap()).join(" ");
        assert!(
            alles.contains(&melding),
            "{melding:?} is niet heel gebleven in:\n{tekst}"
        );
    }
    // A continuation line is indented, so each finding reads as one block.
    assert!(tekst.lines().any(|l| l.starts_with("    ")), "{tekst}");
}

#[test]
fn errors_come_before_warnings() {
    let (dir, session) = example_in_tmp("zeist.toml");
    // The day has passed: an error, next to the warning about the e-learning.
    let o = run(
        &["controleer", &session.display().to_string(), "--vandaag", "2027-03-12"],
        dir.path(),
    );
    let tekst = stdout(&o);
    let ernst: Vec<&str> = tekst
        .lines()
        .filter_map(|l| {
            if l.starts_with("fout[") {
                Some("fout")
            } else if l.starts_with("waarschuwing[") {
                Some("waarschuwing")
            } else {
                None
            }
        })
        .collect();
    assert!(ernst.contains(&"fout") && ernst.contains(&"waarschuwing"), "{tekst}");
    let eerste_waarschuwing = ernst.iter().position(|e| *e == "waarschuwing").unwrap();
    assert!(
        ernst[eerste_waarschuwing..].iter().all(|e| *e == "waarschuwing"),
        "fouten horen vóór waarschuwingen: {ernst:?}\n{tekst}"
    );
}

#[test]
fn agenda_fits_80_columns_and_keeps_every_word() {
    let (dir, session) = example_in_tmp("samenwerking.toml");
    let o = run(&["agenda", &session.display().to_string()], dir.path());
    let tekst = stdout(&o);
    assert!(longest(&tekst) <= 80, "regel langer dan 80:\n{tekst}");
    for w in [
        "Elkaar",
        "samenwerking",
        "verbeteren",
        "Pitch",
        "beroepsgroep",
        "Klantreis",
        "tijdlijn",
        "45 min",
    ] {
        assert!(tekst.contains(w), "{w:?} ontbreekt:\n{tekst}");
    }
    // The minutes stay in one right-hand column.
    let kolom: Vec<usize> = tekst
        .lines()
        .filter(|l| l.ends_with(" min") && l.starts_with("  1"))
        .map(|l| l.chars().count())
        .collect();
    assert!(kolom.len() >= 5 && kolom.iter().all(|n| *n == kolom[0]), "{tekst}");
}

/// In a real terminal of 60 columns (tmux), the agenda wraps to 60.
#[test]
#[ignore = "needs tmux"]
fn agenda_follows_the_terminal_width() {
    need("tmux", which("tmux"));
    let (dir, session) = example_in_tmp("samenwerking.toml");
    let socket = dir.path().join("tmux.sock");
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(args)
            .output()
            .expect("tmux runs")
    };
    let script = format!(
        "NO_COLOR=1 '{}' agenda '{}'; echo KLAAR; sleep 30",
        bin().display(),
        session.display()
    );
    let o = tmux(&["new-session", "-d", "-s", "t", "-x", "60", "-y", "50", &script]);
    assert!(o.status.success(), "{}", stderr(&o));
    let start = Instant::now();
    let scherm = loop {
        let s = stdout(&tmux(&["capture-pane", "-p", "-J", "-t", "t"]));
        if s.contains("KLAAR") || start.elapsed() > Duration::from_secs(20) {
            break s;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    tmux(&["kill-server"]);
    assert!(scherm.contains("KLAAR"), "{scherm}");
    // -J joins lines the terminal wrapped itself: none may be wider than 60.
    assert!(longest(&scherm) <= 60, "breder dan de terminal:\n{scherm}");
    assert!(
        scherm.contains("Totaal: ") && scherm.contains("van de 120 minuten"),
        "{scherm}"
    );
}

/// The other listings fit 80 columns too: building blocks, cases, group plans.
#[test]
fn listings_fit_80_columns() {
    let (dir, _) = example_in_tmp("zeist.toml");
    let mut runs: Vec<Vec<String>> = vec![vec!["bouwstenen".into()], vec!["casussen".into()]];
    for b in [
        "inloop",
        "welkom",
        "kennismaking",
        "kwetsbaarheid",
        "samenwerking",
        "communicatie",
        "afsluiting",
    ] {
        runs.push(vec!["bouwstenen".into(), "--bouwsteen".into(), b.into()]);
    }
    for e in ["zeist.toml", "samenwerking.toml", "communicatie.toml"] {
        runs.push(vec!["groepen".into(), e.into()]);
    }
    for args in runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&args, dir.path());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let tekst = stdout(&o);
        assert!(tekst.lines().count() > 3, "{args:?}: {tekst}");
        assert!(longest(&tekst) <= 80, "{args:?}: regel langer dan 80:\n{tekst}");
    }
}
