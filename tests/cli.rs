//! CLI behaviour pinned by golden files (trycmd): `tests/cmd/*.toml` name the
//! arguments and exit code, `*.stdout` / `*.stderr` hold what the user sees.
//! Regenerate after an intended change with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli_goldens() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

mod common;
use common::{root, run, stderr};

/// trycmd turns every backslash into `/` before comparing, so the two slips
/// that are about backslashes are pinned here byte for byte.
#[test]
fn a_windows_path_is_one_message_with_both_fixes() {
    let o = run(&["controleer", "tests/cmd/invoer/windows-pad.toml"], &root());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.matches("fout:").count(), 1, "{err}");
    assert!(err.contains("tests/cmd/invoer/windows-pad.toml:7:18"), "{err}");
    assert!(
        err.contains("een backslash (\\) tussen dubbele aanhalingstekens"),
        "{err}"
    );
    assert!(
        err.contains("deelnemers_csv = \"C:/Users/Fatima/Documenten/deelnemers.csv\""),
        "{err}"
    );
    assert!(
        err.contains("deelnemers_csv = 'C:\\Users\\Fatima\\Documenten\\deelnemers.csv'"),
        "{err}"
    );
}

#[test]
fn a_quote_inside_a_text_shows_the_escaped_line() {
    let o = run(&["controleer", "tests/cmd/invoer/aanhalingsteken.toml"], &root());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.matches("fout:").count(), 1, "{err}");
    assert!(err.contains("tests/cmd/invoer/aanhalingsteken.toml:6:11"), "{err}");
    assert!(
        err.contains(r#"locatie = "Wijkcentrum \"De Clinckenberg\", Zeist""#),
        "{err}"
    );
    assert!(
        err.contains(r#"locatie = 'Wijkcentrum "De Clinckenberg", Zeist'"#),
        "{err}"
    );
}

/// Whatever `nieuw` writes, `controleer` reads: the same date and time forms.
#[test]
fn nieuw_and_the_session_file_take_the_same_forms() {
    let dir = tempfile::tempdir().unwrap();
    let ok = run(
        &[
            "nieuw",
            "s.toml",
            "--niet-interactief",
            "--datum",
            "2027-03-11",
            "--begintijd",
            "09:15",
            "--vandaag",
            "2027-01-15",
        ],
        dir.path(),
    );
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let text = std::fs::read_to_string(dir.path().join("s.toml")).unwrap();
    assert!(text.contains("datum = 2027-03-11"), "{text}");
    assert!(text.contains("begintijd = 09:15"), "{text}");
    for (flag, value, fix) in [
        ("--datum", "11-03-2027", "schrijf 2027-03-11"),
        ("--begintijd", "13.30", "schrijf 13:30"),
    ] {
        let o = run(
            &[
                "nieuw",
                "t.toml",
                "--niet-interactief",
                flag,
                value,
                "--vandaag",
                "2027-01-15",
            ],
            dir.path(),
        );
        assert_eq!(o.status.code(), Some(2), "{flag} {value}");
        assert!(stderr(&o).contains(fix), "{}", stderr(&o));
        assert!(!dir.path().join("t.toml").exists());
    }
}

/// The same slips inside a list, and yes/no in words: one message each,
/// with the whole line written out correctly.
#[test]
fn slips_inside_lists_and_yes_no_words() {
    let geldig = std::fs::read_to_string(root().join("tests/cmd/invoer/geldig.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (regel, verwacht) in [
        (
            r#"leerdoelen = ["Een "goede" start", "Samen"]"#,
            vec![
                r#"leerdoelen = ["Een \"goede\" start", "Samen"]"#,
                r#"leerdoelen = ['Een "goede" start', "Samen"]"#,
            ],
        ),
        (
            r#"leerdoelen = ["C:\Users\x", "D:\data"]"#,
            vec![
                r#"leerdoelen = ["C:/Users/x", "D:/data"]"#,
                r#"leerdoelen = ['C:\Users\x', 'D:\data']"#,
            ],
        ),
        (
            "leerdoelen = [\"x\"]\nstatus = gepland",
            vec![r#"schrijf status = "gepland""#],
        ),
    ] {
        let text = geldig.replace(r#"leerdoelen = ["Een gedeelde taal over kwetsbaarheid"]"#, regel);
        std::fs::write(dir.path().join("s.toml"), &text).unwrap();
        let o = run(&["controleer", "s.toml"], dir.path());
        assert_eq!(o.status.code(), Some(2), "{regel}");
        let err = stderr(&o);
        assert_eq!(err.matches("fout:").count(), 1, "{err}");
        for v in verwacht {
            assert!(err.contains(v), "{v}\n{err}");
        }
    }
    // A path whose backslashes happen to be valid escapes (\n, \t) is caught
    // too; the same path in a comment is left alone.
    let text = geldig.replace(
        "verwacht_aantal = 16",
        "# oud: deelnemers_csv = \"C:\\oud\\lijst.csv\"\ndeelnemers_csv = \"C:\\new\\tabel.csv\"",
    );
    std::fs::write(dir.path().join("s.toml"), &text).unwrap();
    let o = run(&["controleer", "s.toml"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.matches("fout:").count(), 1, "{err}");
    assert!(err.contains("s.toml:8:18"), "{err}");
    assert!(err.contains(r#"deelnemers_csv = "C:/new/tabel.csv""#), "{err}");
    let text = format!("{geldig}\n[[deelnemers]]\nnaam = \"Anna\"\nelearning = ja\n");
    std::fs::write(dir.path().join("s.toml"), &text).unwrap();
    let o = run(&["controleer", "s.toml"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("schrijf elearning = true"), "{}", stderr(&o));
}
