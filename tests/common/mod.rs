//! Shared helpers for the integration tests: the binary, a temp copy of an
//! example, and the independent clients (Python parsers, Chromium).
//!
//! A test that needs an outside client is `#[ignore = "needs …"]` and fails
//! loudly when the client is missing ([`need`]); CI runs it with
//! `--include-ignored`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_draaiboek"))
}

/// Run the binary with stable settings (no colour, no backtrace).
pub fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temp dir holding a copy of `examples/<name>` (and any CSV beside it).
pub fn example_in_tmp(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    let path = dir.path().join(name);
    (dir, path)
}

/// The outside tool a test needs, or a loud failure. Such a test is
/// `#[ignore = "needs …"]`: plain `cargo test` leaves it out and says so,
/// CI runs it with `--include-ignored` after `.ci/run` installed the tool.
/// A missing tool is never a silent pass.
pub fn need(what: &str, found: Option<PathBuf>) -> PathBuf {
    found.unwrap_or_else(|| {
        panic!("{what} ontbreekt: deze test hoort bij `cargo test -- --include-ignored` en heeft het nodig (.ci/run installeert het)")
    })
}

/// The Python with icalendar, html5lib … (`.venv-test`, or `DRAAIBOEK_PYTHON`).
pub fn python() -> PathBuf {
    let found = std::env::var_os("DRAAIBOEK_PYTHON")
        .map(PathBuf::from)
        .or_else(|| Some(root().join(".venv-test/bin/python")).filter(|p| p.exists()));
    need("de test-Python (.venv-test met icalendar, html5lib)", found)
}

pub fn chromium() -> PathBuf {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    need("chromium", found)
}

pub fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(tool))
            .find(|p| p.is_file())
    })
}

/// Every file below `dir` with its bytes, as (relative path, bytes), sorted.
pub fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// The test Python, when it can also drive Chromium over the DevTools
/// protocol (`websocket-client`).
pub fn browser_python() -> PathBuf {
    let py = python();
    let ok = Command::new(&py)
        .args(["-c", "import websocket"])
        .output()
        .is_ok_and(|o| o.status.success());
    need("websocket-client in de test-Python (.venv-test)", ok.then_some(py))
}

/// Compare `actual` with the golden file `tests/golden/<rel>`; with
/// `UPDATE_GOLDEN=1` set, (re)write it instead. The one golden-file helper.
pub fn golden(rel: &str, actual: &str) {
    let path = root().join("tests/golden").join(rel);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} ontbreekt; maak hem met UPDATE_GOLDEN=1", path.display()));
    assert_eq!(
        actual,
        expected,
        "uitvoer wijkt af van {}; bijwerken met UPDATE_GOLDEN=1",
        path.display()
    );
}

/// Print `html` to a PDF next to it with headless Chromium (the flags of
/// techniek.md), and return the PDF's path; fails when no PDF came out.
#[allow(dead_code)]
pub fn chromium_pdf(chromium: &Path, html: &Path) -> PathBuf {
    let pdf = html.with_extension("pdf");
    let profile = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(chromium)
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
        "chromium maakte geen PDF van {}: {}",
        html.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    pdf
}

/// A small session whose participants come from `deelnemers.csv` beside it
/// (its line 8 is the `deelnemers_csv` key).
pub const SESSIE_MET_CSV: &str = r#"
[bijeenkomst]
titel = "Verdiepende bijeenkomst"
coalitie = "Coalitie Test"
datum = 2027-06-10
begintijd = 13:30:00
locatie = "Buurthuis De Linde"
deelnemers_csv = "deelnemers.csv"

[organisator]
naam = "Piet Post"
email = "p.post@example.nl"

[[programma]]
bouwsteen = "inloop"
"#;
