//! Whatever the bytes, the loader and checker never panic, and the binary
//! exits with 0, 1 or 2. Bounded in cases so `cargo test` stays quick.

mod common;

use chrono::NaiveDate;
use draaiboek::check::controleer;
use draaiboek::diag::SourceFile;
use draaiboek::library;
use draaiboek::session::load_source;
use proptest::prelude::*;
use proptest::strategy::ValueTree;

fn examples() -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(common::root().join("examples")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            out.push(std::fs::read_to_string(p).unwrap());
        }
    }
    out.sort();
    out
}

/// Load and check; must return normally whatever the input.
fn load_and_check(text: String) {
    let lib = library::builtin().unwrap();
    let file = SourceFile::new(std::path::Path::new("fuzz.toml"), text);
    match load_source(file, &lib) {
        Ok(s) => {
            let r = controleer(&s, &lib, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
            // Serialising the report must work too.
            serde_json::to_string(&r).unwrap();
        }
        // Rendering every diagnostic (spans near multi-byte characters, at the end…) must not panic.
        Err(e) => assert!(!e.render(false).is_empty()),
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    DeleteLine(usize),
    DuplicateLine(usize),
    ReplaceByte(usize, u8),
    InsertText(usize, String),
    /// Every line end as CRLF, as a Windows editor saves it.
    Crlf,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        Just(Mutation::Crlf),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::ReplaceByte(i, b)),
        (
            any::<usize>(),
            prop::sample::select(vec![
                "=",
                "[",
                "]]",
                "\"",
                "\n[[programma]]\n",
                "\nduur = 0\n",
                "\nduur = 99999999999999999999\n",
                "\nwerkvorm = 3\n",
                "\ncasus = \"\"\n",
                "2027-02-29",
                "\u{0}",
                "é",
                "\n[bijeenkomst]\n",
                "'''",
                "\nbouwsteen = \"afsluiting\"\n",
                "-1",
                "\nverwacht_aantal = 0\n",
                "inf",
                "\n[[casus]]\nid=\"x\"\n",
                // Issue 16: control characters, line breaks, bidi overrides,
                // escapes in TOML strings, out-of-range numbers, long words.
                "\u{1b}[2J",
                "\u{202e}",
                "\u{7f}",
                "\u{9b}",
                "\\n",
                "\\u001b[31m",
                "\\u202e",
                "\\r",
                "\r\n",
                "2207-03-11",
                "1e300",
                "99999999999999999999",
                "Kansrijkestartcoalitiebijeenkomstvoorprofessionalsuitdezorgenhetsociaaldomeinenmeer",
                "\"\"\"\nregel een\nregel twee\"\"\"",
            ])
            .prop_map(str::to_string)
        )
            .prop_map(|(i, s)| Mutation::InsertText(i, s)),
    ]
}

fn apply(text: &str, muts: &[Mutation]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for m in muts {
        let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
        let n = lines.len().max(1);
        bytes = match m {
            Mutation::Truncate(i) => bytes[..i % (bytes.len() + 1)].to_vec(),
            Mutation::DeleteLine(i) => lines
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i % n)
                .map(|(_, l)| l.to_vec())
                .collect::<Vec<_>>()
                .join(&b'\n'),
            Mutation::DuplicateLine(i) => {
                let mut v: Vec<Vec<u8>> = lines.iter().map(|l| l.to_vec()).collect();
                if !v.is_empty() {
                    let l = v[i % n].clone();
                    v.insert(i % n, l);
                }
                v.join(&b'\n')
            }
            Mutation::ReplaceByte(i, b) => {
                let mut v = bytes.clone();
                if !v.is_empty() {
                    let k = i % v.len();
                    v[k] = *b;
                }
                v
            }
            Mutation::InsertText(i, s) => {
                let mut v = bytes.clone();
                let k = i % (v.len() + 1);
                v.splice(k..k, s.bytes());
                v
            }
            Mutation::Crlf => String::from_utf8_lossy(&bytes)
                .replace("\r\n", "\n")
                .replace('\n', "\r\n")
                .into_bytes(),
        };
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        load_and_check(String::from_utf8_lossy(&bytes).into_owned());
    }

    #[test]
    fn mutated_examples_never_panic(which in 0usize..8, muts in prop::collection::vec(mutation(), 1..5)) {
        let ex = examples();
        load_and_check(apply(&ex[which % ex.len()], &muts));
    }
}

/// The binary itself on mutated files: exit status always 0, 1 or 2, no panic text.
#[test]
fn binary_exit_codes_on_mutated_files() {
    let ex = examples();
    let dir = tempfile::tempdir().unwrap();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = prop::collection::vec(mutation(), 1..4);
    for i in 0..40 {
        let muts = strategy.new_tree(&mut runner).unwrap().current();
        let text = apply(&ex[i % ex.len()], &muts);
        let path = dir.path().join(format!("m{i}.toml"));
        std::fs::write(&path, &text).unwrap();
        let out = common::run(
            &["controleer", path.to_str().unwrap(), "--vandaag", "2026-12-01"],
            dir.path(),
        );
        let code = out.status.code().expect("exited normally");
        assert!([0, 1, 2].contains(&code), "exit {code} for:\n{text}");
        let err = common::stderr(&out);
        assert!(!err.contains("panicked"), "panic for:\n{text}\n{err}");
        if code == 2 {
            assert!(err.contains("fout"), "exit 2 without a message:\n{err}");
        }
    }
}

/// The library loader on mutated library files: never a panic, and a broken
/// file is reported, not ignored.
#[test]
fn mutated_library_files_never_panic() {
    let mut files: Vec<(String, String)> = Vec::new();
    for dir in ["building-blocks", "casuistiek"] {
        for e in std::fs::read_dir(common::root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            files.push((
                format!("{dir}/{}", p.file_name().unwrap().to_string_lossy()),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    files.sort();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (0..files.len(), prop::collection::vec(mutation(), 1..4));
    for _ in 0..200 {
        let (which, muts) = strategy.new_tree(&mut runner).unwrap().current();
        let mut set: Vec<std::sync::Arc<SourceFile>> = files
            .iter()
            .map(|(name, text)| SourceFile::new(std::path::Path::new(name), text.clone()))
            .collect();
        let (name, text) = &files[which];
        set[which] = SourceFile::new(std::path::Path::new(name), apply(text, &muts));
        match library::load_files(set) {
            Ok(lib) => assert!(!lib.bouwstenen.is_empty()),
            Err(e) => assert!(
                e.render(false).contains(name.as_str()),
                "the broken file is named:\n{}",
                e.render(false)
            ),
        }
    }
}

/// `maak` on mutated sessions: whenever the input is unusable (exit 2),
/// nothing at all is written.
#[test]
fn maak_writes_nothing_on_exit_2() {
    let ex = examples();
    let dir = tempfile::tempdir().unwrap();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = prop::collection::vec(mutation(), 1..4);
    let mut unusable = 0;
    for i in 0..30 {
        let muts = strategy.new_tree(&mut runner).unwrap().current();
        let path = dir.path().join(format!("m{i}.toml"));
        std::fs::write(&path, apply(&ex[i % ex.len()], &muts)).unwrap();
        let uit = dir.path().join(format!("uit{i}"));
        let out = common::run(
            &[
                "maak",
                path.to_str().unwrap(),
                "--uit",
                uit.to_str().unwrap(),
                "--vandaag",
                "2026-12-01",
            ],
            dir.path(),
        );
        let code = out.status.code().expect("exited normally");
        assert!([0, 1, 2].contains(&code));
        if code == 2 {
            unusable += 1;
            assert!(!uit.exists(), "exit 2 but {} was written", uit.display());
        }
    }
    assert!(unusable > 0, "the mutations should break some sessions");
}

/// A participants CSV as a spreadsheet could leave it: quotes that do not
/// close, a column too many, control characters, line breaks, Windows-1252.
fn csv_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        Just(Mutation::Crlf),
        (
            any::<usize>(),
            prop::sample::select(vec![
                "\"",
                ";",
                ";;",
                ",",
                "\n",
                "\r",
                "\u{1b}[31m",
                "\u{202e}",
                "\u{0}",
                "\u{7f}",
                "é",
                "ja;nee",
                "\"\"",
                "\n;;;;;;\n",
                "\nJan;;;;;;;extra\n",
            ])
            .prop_map(str::to_string)
        )
            .prop_map(|(i, s)| Mutation::InsertText(i, s)),
    ]
}

/// `maak` with a mutated participants CSV, in UTF-8 or Windows-1252: exit
/// 0, 1 or 2, never a panic, and nothing written on exit 2.
#[test]
fn mutated_csv_files_exit_0_1_2_and_write_nothing_on_2() {
    let (tmp, sessie) = common::example_in_tmp("communicatie.toml");
    let csv = tmp.path().join("communicatie-deelnemers.csv");
    let origineel = std::fs::read_to_string(&csv).unwrap();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (prop::collection::vec(csv_mutation(), 1..4), any::<bool>());
    let mut unusable = 0;
    for i in 0..30 {
        let (muts, ansi) = strategy.new_tree(&mut runner).unwrap().current();
        let tekst = apply(&origineel, &muts);
        let bytes = if ansi {
            encoding_rs::WINDOWS_1252.encode(&tekst).0.into_owned()
        } else {
            tekst.clone().into_bytes()
        };
        std::fs::write(&csv, &bytes).unwrap();
        let uit = tmp.path().join(format!("uit{i}"));
        let out = common::run(
            &[
                "maak",
                sessie.to_str().unwrap(),
                "--uit",
                uit.to_str().unwrap(),
                "--vandaag",
                "2026-12-01",
            ],
            tmp.path(),
        );
        let code = out.status.code().expect("exited normally");
        let err = common::stderr(&out);
        assert!([0, 1, 2].contains(&code), "exit {code} for:\n{tekst}\n{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{202e}'),
            "no escape reaches the terminal: {err:?}"
        );
        if code == 2 {
            unusable += 1;
            assert!(!uit.exists(), "exit 2 but {} was written", uit.display());
        }
    }
    assert!(unusable > 0, "the mutations should break some CSV files");
}

/// `maak` into output folders that fight back (a linked sub-folder or file,
/// a manifest that is a folder or foreign, a stale lock, old temp files):
/// exit 0 or 2, and on exit 2 nothing new in the folder or outside it.
#[test]
fn hostile_output_folders_exit_0_or_2_and_write_nothing_on_2() {
    let (tmp, sessie) = common::example_in_tmp("zeist.toml");
    let buiten = tmp.path().join("buiten");
    std::fs::create_dir_all(&buiten).unwrap();
    type Opzet = fn(&std::path::Path, &std::path::Path);
    let opzet: [(&str, Opzet); 6] = [
        ("gelinkte map", |uit, buiten| {
            std::os::unix::fs::symlink(buiten, uit.join("uitnodigingen")).unwrap()
        }),
        ("gelinkt bestand", |uit, buiten| {
            std::os::unix::fs::symlink(buiten.join("x.md"), uit.join("agenda.md")).unwrap()
        }),
        ("manifest is een map", |uit, _| {
            std::fs::create_dir(uit.join(".draaiboek-manifest")).unwrap()
        }),
        ("vreemd manifest", |uit, _| {
            std::fs::write(uit.join(".draaiboek-manifest"), "van mij").unwrap()
        }),
        ("oud slot", |uit, _| {
            std::fs::write(uit.join(".draaiboek-slot"), "4194999").unwrap()
        }),
        ("oude tijdelijke bestanden", |uit, _| {
            std::fs::write(uit.join(".draaiboek-abc.tmp"), "half").unwrap()
        }),
    ];
    for (i, (naam, zet)) in opzet.iter().enumerate() {
        let uit = tmp.path().join(format!("uit{i}"));
        std::fs::create_dir_all(&uit).unwrap();
        zet(&uit, &buiten);
        let voor: Vec<String> = std::fs::read_dir(&uit)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let out = common::run(
            &[
                "maak",
                sessie.to_str().unwrap(),
                "--uit",
                uit.to_str().unwrap(),
                "--vandaag",
                "2027-01-15",
            ],
            tmp.path(),
        );
        let code = out.status.code().expect("exited normally");
        assert!([0, 2].contains(&code), "{naam}: {}", common::stderr(&out));
        assert!(
            std::fs::read_dir(&buiten).unwrap().next().is_none(),
            "{naam}: written outside the folder"
        );
        if code == 2 {
            let mut na: Vec<String> = std::fs::read_dir(&uit)
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            na.sort();
            let mut voor = voor.clone();
            voor.sort();
            assert_eq!(na, voor, "{naam}: exit 2 but something was written");
        }
    }
}

// ---------------------------------------------------------------------------
// Editing the session file keeps the file: voeg-toe / verwijder.

fn voeg_toe(pad: &std::path::Path) -> std::process::Output {
    common::run(
        &[
            "voeg-toe",
            pad.to_str().unwrap(),
            "kennismaking",
            "--werkvorm",
            "speeddate",
            "--na",
            "welkom",
        ],
        pad.parent().unwrap(),
    )
}

fn verwijder(pad: &std::path::Path) -> std::process::Output {
    common::run(
        &["verwijder", pad.to_str().unwrap(), "kennismaking"],
        pad.parent().unwrap(),
    )
}

#[test]
fn editing_through_a_symlink_edits_the_target_and_keeps_the_link() {
    let (tmp, echt) = common::example_in_tmp("zeist.toml");
    let link = tmp.path().join("link.toml");
    std::os::unix::fs::symlink(&echt, &link).unwrap();
    let voor = std::fs::read_to_string(&echt).unwrap();
    let o = verwijder(&link);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(),
        "the link stays a link"
    );
    let na = std::fs::read_to_string(&echt).unwrap();
    assert_ne!(voor, na, "the target was edited");
    assert!(!na.contains("bouwsteen = \"kennismaking\""));
}

#[cfg(unix)]
#[test]
fn editing_keeps_permissions_and_refuses_a_read_only_file() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, pad) = common::example_in_tmp("zeist.toml");
    std::fs::set_permissions(&pad, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = verwijder(&pad);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let mode = std::fs::metadata(&pad).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "permissions kept");

    std::fs::set_permissions(&pad, std::fs::Permissions::from_mode(0o444)).unwrap();
    let voor = std::fs::read(&pad).unwrap();
    let o = voeg_toe(&pad);
    assert_eq!(o.status.code(), Some(2), "{}", common::stderr(&o));
    assert!(common::stderr(&o).contains("alleen-lezen"), "{}", common::stderr(&o));
    assert_eq!(std::fs::read(&pad).unwrap(), voor, "nothing changed");
    let dir = pad.parent().unwrap();
    assert!(
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().ends_with(".tmp")),
        "no temp file left"
    );
}

#[test]
fn editing_keeps_crlf_line_ends() {
    let (_tmp, pad) = common::example_in_tmp("zeist.toml");
    let crlf = std::fs::read_to_string(&pad).unwrap().replace('\n', "\r\n");
    std::fs::write(&pad, &crlf).unwrap();
    for o in [verwijder(&pad), voeg_toe(&pad)] {
        assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
        let na = std::fs::read_to_string(&pad).unwrap();
        assert_eq!(
            na.matches('\n').count(),
            na.matches("\r\n").count(),
            "every line ends in CRLF"
        );
    }
    assert!(
        std::fs::read_to_string(&pad).unwrap() == crlf,
        "removed and added back: the same file"
    );
}

#[test]
fn an_edit_is_refused_when_the_file_changed_on_disk_meanwhile() {
    let (_tmp, pad) = common::example_in_tmp("zeist.toml");
    let origineel = std::fs::read(&pad).unwrap();
    let mut tekst = String::from_utf8(origineel.clone()).unwrap();
    let nieuw = tekst.replace("kennismaking", "kennismaking-weg");
    // The library call, with the file changed between reading and writing.
    std::fs::write(&pad, b"# in een editor bewaard\n").unwrap();
    let err = draaiboek::write::edit_in_place(&pad, &origineel, nieuw.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("veranderd sinds draaiboek het las"), "{err}");
    assert_eq!(std::fs::read(&pad).unwrap(), b"# in een editor bewaard\n");
    tekst.clear();
}

// ---------------------------------------------------------------------------
// Override templates cannot hang or exhaust memory, and their errors say where.

/// `maak` of the example with the built-in templates exported and one replaced.
fn maak_met_sjabloon(naam: &str, tekst: &str) -> (std::process::Output, std::path::PathBuf, tempfile::TempDir) {
    let (tmp, sessie) = common::example_in_tmp("zeist.toml");
    let sj = tmp.path().join("sjablonen");
    let o = common::run(&["sjablonen", "--exporteer", sj.to_str().unwrap()], tmp.path());
    assert!(o.status.success(), "{}", common::stderr(&o));
    std::fs::write(sj.join(naam), tekst).unwrap();
    let uit = tmp.path().join("uit");
    let begin = std::time::Instant::now();
    let o = common::run(
        &[
            "maak",
            sessie.to_str().unwrap(),
            "--sjablonen",
            "sjablonen",
            "--uit",
            "uit",
            "--vandaag",
            "2027-01-15",
        ],
        tmp.path(),
    );
    assert!(begin.elapsed().as_secs() < 30, "stopped in time");
    (o, uit, tmp)
}

#[test]
fn runaway_huge_and_recursive_templates_stop_with_a_dutch_error() {
    let gevallen = [
        (
            "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}\n",
            "te veel werk",
            "agenda.md.j2:1:",
        ),
        (
            "regel een\n{% set s = 'x' * 100000 %}{% for a in range(100000) %}{{ s }}{% endfor %}\n",
            "groter dan 32 MB",
            "agenda.md.j2",
        ),
        (
            "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}\n",
            "te diep",
            "agenda.md.j2:1:",
        ),
        ("{% include 'agenda.md.j2' %}\n", "te diep", "agenda.md.j2:1:"),
    ];
    for (tekst, wat, waar) in gevallen {
        let (o, uit, _tmp) = maak_met_sjabloon("agenda.md.j2", tekst);
        let err = common::stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{tekst}: {err}");
        assert!(
            err.contains(wat) && err.contains(&format!("sjablonen/{waar}")),
            "{tekst}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(!uit.exists(), "nothing written on exit 2");
    }
}

#[test]
fn template_errors_name_the_override_path_line_and_column_in_dutch() {
    let (o, _, _tmp) = maak_met_sjabloon("agenda.md.j2", "# Agenda\n\n{{ bijeenkomst.titl }}\n");
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("sjablonen/agenda.md.j2:3:4") && err.contains("onbekende variabele"),
        "{err}"
    );

    let (o, _, _tmp) = maak_met_sjabloon("agenda.md.j2", "# Agenda\n  {% if %}\n");
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("sjablonen/agenda.md.j2:2:9") && err.contains("niet goed geschreven"),
        "{err}"
    );
}

#[test]
fn a_template_that_is_a_fifo_or_a_folder_is_refused_in_time() {
    let (tmp, sessie) = common::example_in_tmp("zeist.toml");
    let sj = tmp.path().join("sjablonen");
    std::fs::create_dir_all(sj.join("casuskaarten.md.j2")).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(sj.join("agenda.md.j2"))
            .status()
            .unwrap()
            .success()
    );
    let o = binnen_tijd(
        &[
            "maak",
            sessie.to_str().unwrap(),
            "--sjablonen",
            "sjablonen",
            "--vandaag",
            "2027-01-15",
        ],
        tmp.path(),
    );
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("agenda.md.j2 kan niet gelezen worden: dit is een pijp (FIFO)"),
        "{err}"
    );
    assert!(
        err.contains("casuskaarten.md.j2 kan niet gelezen worden: dit is een map"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// No hang, no unbounded read: only regular files, each up to a stated size.

/// Run the binary under `timeout 20`: a hang is exit 124, not a stuck test.
fn binnen_tijd(args: &[&str], cwd: &std::path::Path) -> std::process::Output {
    let o = std::process::Command::new("timeout")
        .arg("20")
        .arg(common::bin())
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("timeout runs");
    assert_ne!(o.status.code(), Some(124), "{args:?} hangs");
    o
}

fn mkfifo(p: &std::path::Path) {
    assert!(std::process::Command::new("mkfifo").arg(p).status().unwrap().success());
}

#[test]
fn a_session_that_is_a_fifo_a_device_or_a_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    mkfifo(&tmp.path().join("pijp.toml"));
    std::fs::create_dir(tmp.path().join("map.toml")).unwrap();
    for (pad, wat) in [
        ("pijp.toml", "een pijp (FIFO)"),
        ("/dev/zero", "een apparaat"),
        ("/dev/urandom", "een apparaat"),
        ("map.toml", "een map"),
    ] {
        for cmd in ["controleer", "maak", "agenda", "verwijder"] {
            let mut args = vec![cmd, pad];
            if cmd == "verwijder" {
                args.push("welkom");
            }
            let o = binnen_tijd(&args, tmp.path());
            let err = common::stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{cmd} {pad}: {err}");
            assert!(
                err.contains(&format!("dit is {wat}, geen gewoon bestand")),
                "{cmd} {pad}: {err}"
            );
        }
    }
}

#[test]
fn a_csv_or_library_file_that_is_a_fifo_or_device_is_refused() {
    let (tmp, sessie) = common::example_in_tmp("communicatie.toml");
    let tekst = std::fs::read_to_string(&sessie).unwrap();
    let csv = tekst
        .lines()
        .find(|l| l.starts_with("deelnemers_csv"))
        .unwrap()
        .to_string();
    for (nieuw, wat) in [("\"pijp.csv\"", "een pijp (FIFO)"), ("\"/dev/zero\"", "een apparaat")] {
        mkfifo(&tmp.path().join("pijp.csv"));
        std::fs::write(&sessie, tekst.replace(&csv, &format!("deelnemers_csv = {nieuw}"))).unwrap();
        let o = binnen_tijd(&["controleer", sessie.to_str().unwrap()], tmp.path());
        let err = common::stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(wat) && err.contains("communicatie.toml:"), "{err}");
        std::fs::remove_file(tmp.path().join("pijp.csv")).unwrap();
    }

    // A library with a FIFO and a device among its files.
    let lib = tmp.path().join("bieb");
    for sub in ["building-blocks", "casuistiek"] {
        std::fs::create_dir_all(lib.join(sub)).unwrap();
        for e in std::fs::read_dir(common::root().join(sub)).unwrap().flatten() {
            std::fs::copy(e.path(), lib.join(sub).join(e.file_name())).unwrap();
        }
    }
    mkfifo(&lib.join("casuistiek/09-pijp.toml"));
    std::os::unix::fs::symlink("/dev/zero", lib.join("building-blocks/99-nul.toml")).unwrap();
    let o = binnen_tijd(&["--bibliotheek", "bieb", "bouwstenen"], tmp.path());
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("09-pijp.toml kan niet gelezen worden: dit is een pijp (FIFO)"),
        "{err}"
    );
    assert!(
        err.contains("99-nul.toml kan niet gelezen worden: dit is een apparaat"),
        "{err}"
    );
}

#[test]
fn a_session_beyond_the_size_limit_is_refused_with_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let pad = tmp.path().join("groot.toml");
    let f = std::fs::File::create(&pad).unwrap();
    f.set_len(draaiboek::reader::MAX_SESSIE_BYTES + 1).unwrap(); // sparse: no disk used
    let o = binnen_tijd(&["controleer", "groot.toml"], tmp.path());
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("groter dan 64 MB"), "{err}");
}

// ---------------------------------------------------------------------------
// Mail headers: a word longer than a header line is folded (RFC 2047).

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn a_word_longer_than_a_header_line_is_folded_in_every_eml() {
    let (tmp, sessie) = common::example_in_tmp("zeist.toml");
    let lang = "Kansrijkestartcoalitiebijeenkomstvoorprofessionalsuitdezorgenhetsociaaldomein".repeat(2);
    let tekst = std::fs::read_to_string(&sessie)
        .unwrap()
        .replace("Kansrijke Start Zeist\"\ncoalitie", &format!("{lang}\"\ncoalitie"))
        .replace("naam = \"Fatima El Amrani\"", &format!("naam = \"Fatima {lang}\""))
        .replace("naam = \"Ingrid de Vries\"", &format!("naam = \"Ingrid {lang}\""))
        .replace("naam = \"Chantal Römer\"", &format!("naam = \"Chantal Römer{lang}\""));
    std::fs::write(&sessie, tekst).unwrap();
    let o = common::run(
        &["maak", sessie.to_str().unwrap(), "--vandaag", "2027-01-15"],
        tmp.path(),
    );
    assert!(o.status.code() != Some(2), "{}", common::stderr(&o));
    let dir = tmp.path().join("zeist/uitnodigingen");
    let emls: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    assert!(emls.len() > 10, "mail drafts were made");
    for p in &emls {
        let bytes = std::fs::read(p).unwrap();
        for line in bytes.split(|b| *b == b'\n') {
            assert!(line.len() <= 79, "{}: a line of {} characters", p.display(), line.len()); // 78 + CR
        }
    }
    // An independent parser reads the long words back, without defects.
    let py = common::python();
    let script = format!(
        r#"
import email, email.policy, sys
with open(sys.argv[1], 'rb') as f:
    m = email.message_from_binary_file(f, policy=email.policy.default)
assert not m.defects, m.defects
assert '{lang}' in str(m['Subject']), str(m['Subject'])
# Python's address parser keeps the space between two encoded-words that
# RFC 2047 (and mail programs) drop; compare without spaces.
assert '{lang}' in str(m['From']).replace(' ', ''), str(m['From'])
assert '{lang}' in str(m['To']).replace(' ', ''), str(m['To'])
"#
    );
    let ingrid = emls.iter().find(|p| p.to_string_lossy().contains("ingrid")).unwrap();
    let o = std::process::Command::new(py)
        .arg("-c")
        .arg(&script)
        .arg(ingrid)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

// ---------------------------------------------------------------------------
// Scale: own cases load in linear time.

fn met_eigen_casussen(n: usize) -> String {
    let mut t = std::fs::read_to_string(common::root().join("examples/zeist.toml")).unwrap();
    for i in 0..n {
        t.push_str(&format!(
            "\n[[casus]]\nid = \"eigen-{i}\"\ntitel = \"Eigen casus {i}\"\ntekst = \"Een gezin met een vraag, nummer {i}.\"\n"
        ));
    }
    t
}

#[test]
fn many_own_cases_load_in_linear_time() {
    let lib = library::builtin().unwrap();
    let tijd = |n: usize| {
        let file = SourceFile::new(std::path::Path::new("veel.toml"), met_eigen_casussen(n));
        let begin = std::time::Instant::now();
        let s = load_source(file, &lib).unwrap();
        assert_eq!(s.eigen_casussen.len(), n);
        begin.elapsed().as_secs_f64()
    };
    tijd(1000); // warm up
    let klein = tijd(5_000);
    let groot = tijd(40_000);
    // Eight times the cases: linear is about 8 times the time, quadratic 64.
    let factor = groot / klein;
    eprintln!("5.000 casussen: {klein:.3} s, 40.000: {groot:.3} s, factor {factor:.1}");
    assert!(factor < 24.0, "not linear: factor {factor:.1}");
}

// ---------------------------------------------------------------------------
// Control characters and line breaks in the session file.

#[test]
fn line_breaks_and_control_characters_in_one_line_fields_are_input_errors() {
    let zeist = std::fs::read_to_string(common::root().join("examples/zeist.toml")).unwrap();
    // (the line in the example, the key, how the message names the table)
    let velden = [
        (
            "titel = \"Verdiepende bijeenkomst Kansrijke Start Zeist\"",
            "titel",
            "[bijeenkomst]",
        ),
        (
            "coalitie = \"Coalitie Kansrijke Start Zeist\"",
            "coalitie",
            "[bijeenkomst]",
        ),
        (
            "locatie = \"Wijkcentrum De Clinckenberg, zaal 2, Zeist\"",
            "locatie",
            "[bijeenkomst]",
        ),
        ("naam = \"Fatima El Amrani\"", "naam", "[organisator]"),
        ("email = \"f.elamrani@zeist.example\"", "email", "[organisator]"),
        ("naam = \"Ingrid de Vries\"", "naam", "[[deelnemers]] nr. 1"),
        ("email = \"i.devries@dewieg.example\"", "email", "[[deelnemers]] nr. 1"),
        (
            "organisatie = \"Verloskundigenpraktijk De Wieg\"",
            "organisatie",
            "[[deelnemers]] nr. 1",
        ),
        ("functie = \"verloskundige\"", "functie", "[[deelnemers]] nr. 1"),
    ];
    let (tmp, sessie) = common::example_in_tmp("zeist.toml");
    for (regel, key, tabel) in velden {
        assert!(zeist.contains(regel), "{regel}");
        let waarde = &regel[regel.find('"').unwrap() + 1..regel.len() - 1];
        for (invoeg, wat) in [
            ("\\n", "moet op één regel staan"),
            ("\\r", "moet op één regel staan"),
            ("\\u2028", "moet op één regel staan"),
            ("\\u001b[2J", "escape, U+001B"),
            ("\\u202e", "leesrichting"),
            ("\\u0000", "U+0000"),
            ("\\u007f", "U+007F"),
            ("\\u009b", "U+009B"),
        ] {
            let nieuw = regel.replacen(waarde, &format!("{}{invoeg}{}", &waarde[..3], &waarde[3..]), 1);
            std::fs::write(&sessie, zeist.replacen(regel, &nieuw, 1)).unwrap();
            for formaat in ["tekst", "json"] {
                let o = common::run(&["controleer", "zeist.toml", "--formaat", formaat], tmp.path());
                let err = common::stderr(&o);
                assert_eq!(o.status.code(), Some(2), "{key} {invoeg}: {err}");
                assert!(
                    err.contains(&format!("`{key}` in {tabel}")) && err.contains(wat),
                    "{key} {invoeg}: {err}"
                );
                assert!(err.contains("zeist.toml:"), "file:line:col: {err}");
                let alles = format!("{err}{}", common::stdout(&o));
                assert!(
                    !alles.chars().any(|c| c == '\u{1b}' || c == '\u{202e}' || c == '\u{9b}'),
                    "no escape from the input reaches the terminal: {alles:?}"
                );
                if formaat == "json" {
                    let v: serde_json::Value = serde_json::from_str(&common::stdout(&o)).expect("a JSON error object");
                    assert_eq!(v["afsluitcode"], 2);
                    assert_eq!(v["fouten"][0]["bestand"], "zeist.toml");
                    assert!(v["fouten"][0]["regel"].as_u64().is_some(), "{v}");
                }
            }
        }
    }
    // Longer text may run over lines, but never carries control characters.
    let aanleiding = "aanleiding = \"In het coalitieoverleg";
    std::fs::write(
        &sessie,
        zeist.replacen(aanleiding, "aanleiding = \"In het\\ncoalitie\\u001boverleg", 1),
    )
    .unwrap();
    let o = common::run(&["controleer", "zeist.toml"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", common::stderr(&o));
    assert!(
        common::stderr(&o).contains("`aanleiding` in [bijeenkomst] bevat een stuurteken"),
        "{}",
        common::stderr(&o)
    );
}

#[test]
fn out_of_range_years_amounts_and_huge_integers_have_their_own_message() {
    let zeist = std::fs::read_to_string(common::root().join("examples/zeist.toml")).unwrap();
    let (tmp, sessie) = common::example_in_tmp("zeist.toml");
    for (van, naar, verwacht) in [
        (
            "datum = 2027-03-11",
            "datum = 2207-03-11",
            "het jaar van 2207-03-11 kan niet kloppen",
        ),
        (
            "datum = 2027-03-11",
            "datum = 0027-03-11",
            "kies een jaar van 2000 tot en met 2100",
        ),
        (
            "uitnodiging = 2027-01-21",
            "uitnodiging = 1999-12-31",
            "het jaar van 1999-12-31",
        ),
        (
            "bedrag = 175.00",
            "bedrag = 1e300",
            "moet een bedrag tussen € 0,00 en € 1.000.000,00 zijn",
        ),
        ("bedrag = 175.00", "bedrag = -5", "moet een bedrag tussen"),
        ("bedrag = 175.00", "bedrag = inf", "moet een bedrag tussen"),
        (
            "lunch = 30",
            "lunch = 99999999999999999999",
            "`lunch` in [informeel] is een veel te groot getal",
        ),
    ] {
        assert!(zeist.contains(van), "{van}");
        std::fs::write(&sessie, zeist.replacen(van, naar, 1)).unwrap();
        let o = common::run(&["controleer", "zeist.toml"], tmp.path());
        let err = common::stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{naar}: {err}");
        assert!(err.contains(verwacht) && err.contains("zeist.toml:"), "{naar}: {err}");
        assert!(!err.contains("kommagetal"), "{naar}: {err}");
    }
}

#[test]
fn an_empty_session_file_is_one_error_at_line_1() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("leeg.toml"), "").unwrap();
    let o = common::run(&["controleer", "leeg.toml", "--formaat", "json"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).contains("leeg.toml:1:1") && common::stderr(&o).contains("is leeg"));
    let v: serde_json::Value = serde_json::from_str(&common::stdout(&o)).unwrap();
    assert_eq!(
        (v["fouten"][0]["regel"].as_u64(), v["fouten"][0]["kolom"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn escape_sequences_in_keys_and_paths_never_reach_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("k.toml"),
        "[bijeenkomst]\n\"ti\\u001b[31mtel\\u202e\" = \"x\"\n\"\\u009b2J\" = 1\nlocatie = \"zaal\u{9b}2J \u{202e}\" # \u{9b}\n",
    )
    .unwrap();
    let naam = "nie\u{1b}[2Jt-er.toml";
    for args in [
        vec!["controleer", "k.toml"],
        vec!["controleer", naam],
        vec!["maak", naam],
    ] {
        let o = common::run(&args, tmp.path());
        assert_eq!(o.status.code(), Some(2));
        let alles = format!("{}{}", common::stderr(&o), common::stdout(&o));
        assert!(
            !alles.chars().any(|c| c == '\u{1b}' || c == '\u{9b}' || c == '\u{202e}'),
            "{args:?}: {alles:?}"
        );
        assert!(alles.contains('␛'), "shown as a visible symbol: {alles}");
    }
}

#[test]
fn the_longest_accepted_address_fits_a_header_line_and_a_longer_one_is_refused() {
    let (tmp, sessie) = common::example_in_tmp("zeist.toml");
    let zeist = std::fs::read_to_string(&sessie).unwrap();
    let lokaal = "i.devries.verloskundige.praktijkhouder";
    let domein = |n: usize| format!("{}.example", "w".repeat(n - lokaal.len() - 1 - ".example".len()));
    let adres = |n: usize| format!("{lokaal}@{}", domein(n));
    assert_eq!(adres(75).len(), 75);
    std::fs::write(&sessie, zeist.replace("i.devries@dewieg.example", &adres(75))).unwrap();
    let o = common::run(&["maak", "zeist.toml", "--vandaag", "2027-01-15"], tmp.path());
    assert!(o.status.code() != Some(2), "{}", common::stderr(&o));
    let eml = std::fs::read(tmp.path().join("zeist/uitnodigingen/ingrid-de-vries.eml")).unwrap();
    assert!(
        eml.split(|b| *b == b'\n').all(|l| l.len() <= 79),
        "every line within 78 characters"
    );

    std::fs::write(&sessie, zeist.replace("i.devries@dewieg.example", &adres(76))).unwrap();
    let o = common::run(&["controleer", "zeist.toml"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).contains("76 tekens lang"), "{}", common::stderr(&o));
}
