//! Pages everyone can use: every HTML file of the three examples (and of the
//! fixtures with long names, all print material and a concept) passes the W3C Nu Html Checker (`vnu`, npm package
//! `vnu-jar`) without an error and axe-core (npm package `axe-core`, run in
//! headless Chromium) without a critical or serious violation; every page
//! has one `h1` and one `main`.
//!
//! The checkers are installed by `.ci/run` into `.ci/tools/node_modules`.
//! Skipped (with a clear message) when one is missing locally; never in CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// Every HTML file `maak` writes for the examples, with the temp dirs that hold them.
fn html_files() -> (Vec<tempfile::TempDir>, Vec<PathBuf>) {
    let mut tmps = Vec::new();
    let mut files = Vec::new();
    let sessions: Vec<PathBuf> = ["zeist", "samenwerking", "communicatie", "zeist-na-afloop"]
        .iter()
        .map(|e| root().join(format!("examples/{e}.toml")))
        .chain([
            root().join("tests/fixtures/print/lange-namen.toml"),
            root().join("tests/fixtures/print/al-het-drukwerk.toml"),
            // A concept (red notes on every page), a fold card, a script in the input.
            root().join("tests/fixtures/maak/fout-en-script.toml"),
        ])
        .collect();
    for fixture in sessions {
        let tmp = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(fixture.parent().unwrap()).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "csv") {
                std::fs::copy(&p, tmp.path().join(p.file_name().unwrap())).unwrap();
            }
        }
        let session = tmp.path().join(fixture.file_name().unwrap());
        std::fs::copy(&fixture, &session).unwrap();
        let o = run(
            &["maak", &session.display().to_string(), "--vandaag", "2026-12-01"],
            tmp.path(),
        );
        assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
        // After the meeting: the report and the contact list (issue 13).
        let o = run(
            &["verslag", &session.display().to_string(), "--vandaag", "2027-12-31"],
            tmp.path(),
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let dir = session.with_extension("");
        let mut here: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        here.sort();
        assert!(here.len() >= 6, "{}: {here:?}", fixture.display());
        files.extend(here);
        tmps.push(tmp);
    }
    (tmps, files)
}

fn tool(rel: &str, what: &str) -> PathBuf {
    let p = root().join(".ci/tools/node_modules").join(rel);
    need(what, p.exists().then_some(p))
}

fn short(p: &Path) -> String {
    let parent = p.parent().and_then(|d| d.file_name()).unwrap_or_default();
    format!(
        "{}/{}",
        parent.to_string_lossy(),
        p.file_name().unwrap().to_string_lossy()
    )
}

#[test]
fn one_h1_and_one_main_per_page() {
    let (_tmps, files) = html_files();
    for f in &files {
        let html = std::fs::read_to_string(f).unwrap();
        assert_eq!(html.matches("<h1").count(), 1, "{}: één h1", short(f));
        assert_eq!(html.matches("<main").count(), 1, "{}: één main", short(f));
        assert!(html.contains("<html lang=\"nl\""), "{}: taal", short(f));
    }
}

#[test]
#[ignore = "needs Java and the Nu Html Checker (.ci/tools, npm ci)"]
fn nu_html_checker_finds_no_error() {
    let jar = tool("vnu-jar/build/dist/vnu.jar", "vnu-jar (npm, in .ci/tools)");
    let java = need("java (voor vnu)", which("java"));
    let (_tmps, files) = html_files();
    let o = Command::new(java)
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .expect("vnu runs");
    // vnu writes its JSON report to stderr.
    let report: serde_json::Value = serde_json::from_slice(&o.stderr)
        .unwrap_or_else(|e| panic!("vnu gaf geen JSON ({e}): {}", String::from_utf8_lossy(&o.stderr)));
    let errors: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .map(|m| {
            format!(
                "{}:{}: {}",
                m["url"]
                    .as_str()
                    .unwrap_or("?")
                    .rsplit('/')
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ← "),
                m["lastLine"],
                m["message"].as_str().unwrap_or("?")
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "vnu: {} fouten:\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert!(o.status.success(), "vnu stopte met {:?}", o.status);
}

#[test]
#[ignore = "needs Chromium, the test Python (.venv-test) and axe-core (.ci/tools, npm ci)"]
fn axe_core_finds_nothing_critical_or_serious() {
    let axe = tool("axe-core/axe.min.js", "axe-core (npm, in .ci/tools)");
    let chromium = chromium();
    let py = browser_python();
    let (_tmps, files) = html_files();
    let o = Command::new(py)
        .arg(root().join("tests/clients/browser_check.py"))
        .arg(&chromium)
        .arg("axe")
        .arg(&axe)
        .args(&files)
        .output()
        .unwrap();
    assert!(o.status.success(), "browser_check: {}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let report = report.as_object().unwrap();
    assert_eq!(report.len(), files.len(), "axe heeft niet elke pagina gezien");
    let mut bad = Vec::new();
    for (file, violations) in report {
        for v in violations.as_array().unwrap() {
            let impact = v["impact"].as_str().unwrap_or("");
            let id = v["id"].as_str().unwrap_or("");
            // Serious and critical, and the page structure: one main, one h1, all in landmarks.
            if matches!(impact, "critical" | "serious")
                || matches!(id, "landmark-one-main" | "page-has-heading-one" | "region")
            {
                bad.push(format!(
                    "{}: {id} ({impact}): {} — {}",
                    short(Path::new(file)),
                    v["help"].as_str().unwrap_or(""),
                    v["nodes"]
                ));
            }
        }
    }
    assert!(bad.is_empty(), "axe-core:\n{}", bad.join("\n"));
}
