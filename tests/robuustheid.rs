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
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
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

// ---------------------------------------------------------------------------
// Editing the session file keeps the file: voeg-toe / verwijder.

fn voeg_toe(pad: &std::path::Path) -> std::process::Output {
    common::run(
        &["voeg-toe", pad.to_str().unwrap(), "kennismaking", "--werkvorm", "speeddate", "--na", "welkom"],
        pad.parent().unwrap(),
    )
}

fn verwijder(pad: &std::path::Path) -> std::process::Output {
    common::run(&["verwijder", pad.to_str().unwrap(), "kennismaking"], pad.parent().unwrap())
}

#[test]
fn editing_through_a_symlink_edits_the_target_and_keeps_the_link() {
    let (tmp, echt) = common::example_in_tmp("zeist.toml");
    let link = tmp.path().join("link.toml");
    std::os::unix::fs::symlink(&echt, &link).unwrap();
    let voor = std::fs::read_to_string(&echt).unwrap();
    let o = verwijder(&link);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
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
        std::fs::read_dir(dir).unwrap().flatten().all(|e| !e.file_name().to_string_lossy().ends_with(".tmp")),
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
        assert_eq!(na.matches('\n').count(), na.matches("\r\n").count(), "every line ends in CRLF");
    }
    assert!(std::fs::read_to_string(&pad).unwrap() == crlf, "removed and added back: the same file");
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
