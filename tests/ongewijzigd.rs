//! `maak` over a folder it made itself from the same input: it checks the
//! fingerprint in `.draaiboek-invoer` and every file's bytes instead of
//! rendering everything again. These tests hold that shortcut to its one
//! promise: whatever changed (the session, its CSV, a template, `--vandaag`,
//! the invitation record, a file by hand, a file gone, the manifest, a link),
//! `maak` says and writes exactly what the full run says and writes. Each
//! case runs twice from the same state: once as it is, once with the
//! fingerprint thrown away (so the full run decides), and both results must
//! be equal, the files, the messages and the exit code.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const VANDAAG: &str = "2027-01-15";
const INVOER: &str = ".draaiboek-invoer";

/// What a run left: exit code, stdout, stderr (the temp path replaced by
/// `ROOT`) and every file in the output folder but the fingerprint.
#[derive(Debug, PartialEq)]
struct Afloop {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    bestanden: Vec<(String, Vec<u8>)>,
}

fn maak(root: &Path, sessie: &str, extra: &[&str]) -> Afloop {
    let mut args = vec!["maak", sessie, "--vandaag", VANDAAG];
    args.extend_from_slice(extra);
    let o = common::run(&args, root);
    let schoon = |s: String| s.replace(&root.display().to_string(), "ROOT");
    let uit = root.join(Path::new(sessie).file_stem().unwrap());
    Afloop {
        code: o.status.code(),
        stdout: schoon(common::stdout(&o)),
        stderr: schoon(common::stderr(&o)),
        bestanden: bestanden(&uit).into_iter().filter(|(p, _)| p != INVOER).collect(),
    }
}

/// Every entry below `dir`, as [`common::files`] but a pipe is listed as
/// such, not read (that would wait for a writer forever).
fn bestanden(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            if std::os::unix::fs::FileTypeExt::is_fifo(&e.file_type().unwrap()) {
                out.push((rel, b"<pijp>".to_vec()));
            } else if p.is_dir() {
                stack.push(p);
            } else {
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A copy of the folder `van` (files, folders, links as links, pipes as pipes).
fn kopieer(van: &Path, naar: &Path) {
    std::fs::create_dir_all(naar).unwrap();
    for e in std::fs::read_dir(van).unwrap() {
        let e = e.unwrap();
        let (p, q) = (e.path(), naar.join(e.file_name()));
        let t = e.file_type().unwrap();
        if t.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&p).unwrap(), &q).unwrap();
        } else if std::os::unix::fs::FileTypeExt::is_fifo(&t) {
            let o = std::process::Command::new("mkfifo").arg(&q).output().unwrap();
            assert!(o.status.success());
        } else if t.is_dir() {
            kopieer(&p, &q);
        } else {
            std::fs::copy(&p, &q).unwrap();
        }
    }
}

fn bewerk(path: &Path, van: &str, naar: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(van), "`{van}` not in {}", path.display());
    std::fs::write(path, text.replacen(van, naar, 1)).unwrap();
}

/// One case: `voor` prepares the copy of the examples before the first
/// `maak`, `verander` changes it after; then `maak` with the fingerprint
/// and `maak` without it (a copy of the same state) must agree. Returns
/// that result and the state before the change, to say the case is real.
fn geval(sessie: &str, extra: &[&str], voor: impl Fn(&Path), verander: impl Fn(&Path)) -> (Afloop, Afloop) {
    let (tmp, _) = common::example_in_tmp(sessie);
    let a = tmp.path();
    voor(a);
    let eerst = maak(a, sessie, extra);
    assert_eq!(eerst.code, Some(0), "{}", eerst.stderr);
    let uit = a.join(Path::new(sessie).file_stem().unwrap());
    assert!(uit.join(INVOER).is_file(), "maak keeps its fingerprint");
    verander(a);
    let b = tempfile::tempdir().unwrap();
    kopieer(a, b.path());
    // The copy must read the same relative paths: the fingerprint holds
    // the session path as given, and the messages name the folder.
    let _ = std::fs::remove_file(b.path().join(uit.file_name().unwrap()).join(INVOER));
    let met = maak(a, sessie, extra);
    let zonder = maak(b.path(), sessie, extra);
    assert_eq!(met, zonder, "with the fingerprint maak must do what the full run does");
    (met, eerst)
}

fn geen(_: &Path) {}

#[test]
fn unchanged_folder_is_read_not_written_and_says_what_the_full_run_says() {
    let (tmp, _) = common::example_in_tmp("zeist.toml");
    let root = tmp.path();
    let uit = root.join("zeist");
    let eerst = maak(root, "zeist.toml", &[]);
    assert_eq!(eerst.code, Some(0));
    // From the second run on the folder is only checked.
    let tweede = maak(root, "zeist.toml", &[]);
    assert!(
        tweede.stdout.starts_with("Niets veranderd in zeist/.\n"),
        "{}",
        tweede.stdout
    );
    let b = tempfile::tempdir().unwrap();
    kopieer(root, b.path());
    std::fs::remove_file(b.path().join("zeist").join(INVOER)).unwrap();

    // Past the clock's tick, so that any write would show in the times.
    std::thread::sleep(Duration::from_millis(50));
    let tijd = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let tijden = |d: &Path| -> Vec<(PathBuf, SystemTime)> {
        let mut v: Vec<_> = common::files(d)
            .into_iter()
            .map(|(r, _)| (d.join(&r), tijd(&d.join(r))))
            .collect();
        v.push((d.to_path_buf(), tijd(d)));
        v
    };
    let voor = tijden(&uit);
    let met = maak(root, "zeist.toml", &[]);
    assert!(met.stdout.starts_with("Niets veranderd in zeist/.\n"), "{}", met.stdout);
    assert_eq!(met.code, Some(0));
    assert_eq!(tijden(&uit), voor, "nothing in the folder was touched, not even a lock");

    // The full run of the same state says the same, but does take the
    // folder's lock (the folder's time moves): the check above can fail.
    let map_voor = tijd(&b.path().join("zeist"));
    let zonder = maak(b.path(), "zeist.toml", &[]);
    assert_eq!(met, zonder);
    assert_ne!(tijd(&b.path().join("zeist")), map_voor);
    // The full run left the fingerprint again, once.
    assert_eq!(
        std::fs::read(b.path().join("zeist").join(INVOER)).unwrap(),
        std::fs::read(uit.join(INVOER)).unwrap()
    );
}

#[test]
fn a_changed_session_is_made_again() {
    let (met, eerst) = geval("zeist.toml", &[], geen, |a| {
        bewerk(&a.join("zeist.toml"), "Ingrid de Vries", "Ingrid de Vries-Bos");
    });
    assert_eq!(met.code, Some(0));
    assert_ne!(met.bestanden, eerst.bestanden);
    assert!(met.stdout.contains("Geschreven in zeist/"), "{}", met.stdout);
}

#[test]
fn a_changed_time_and_raised_versie_make_change_notices() {
    let (met, _) = geval("zeist.toml", &[], geen, |a| {
        let s = a.join("zeist.toml");
        // The invitations went out: from now on a change is a change notice.
        let o = common::run(&["verstuurd", "zeist.toml", "--vandaag", VANDAAG], a);
        assert!(o.status.success(), "{}", common::stderr(&o));
        bewerk(&s, "begintijd = 13:30:00", "begintijd = 14:00:00\nversie = 2");
    });
    assert!(met.stdout.contains("Gewijzigd"), "{}", met.stdout);
}

#[test]
fn a_changed_participant_csv_is_made_again() {
    let (met, eerst) = geval("communicatie.toml", &[], geen, |a| {
        bewerk(&a.join("communicatie-deelnemers.csv"), "Bram de Jong", "Bram de Jongh");
    });
    assert_eq!(met.code, Some(0));
    assert_ne!(met.bestanden, eerst.bestanden);
}

#[test]
fn a_changed_override_template_is_made_again() {
    let voor = |a: &Path| {
        let o = common::run(&["sjablonen", "--exporteer", "sj"], a);
        assert!(o.status.success(), "{}", common::stderr(&o));
    };
    let (met, eerst) = geval("zeist.toml", &["--sjablonen", "sj"], voor, |a| {
        let t = a.join("sj/agenda.md.j2");
        let mut text = std::fs::read_to_string(&t).unwrap();
        text.push_str("\nEigen regel van de trekker.\n");
        std::fs::write(&t, text).unwrap();
    });
    assert_ne!(met.bestanden, eerst.bestanden);
    let agenda = met.bestanden.iter().find(|(p, _)| p == "agenda.md").unwrap();
    assert!(String::from_utf8_lossy(&agenda.1).contains("Eigen regel van de trekker."));
}

#[test]
fn another_day_is_made_again() {
    // The same folder, made on another day: the fingerprint holds the day.
    let (tmp, _) = common::example_in_tmp("zeist.toml");
    let a = tmp.path();
    assert_eq!(maak(a, "zeist.toml", &[]).code, Some(0));
    // The day after the meeting: invitations can no longer go out.
    let later = ["maak", "zeist.toml", "--vandaag", "2027-03-12"];
    let b = tempfile::tempdir().unwrap();
    kopieer(a, b.path());
    std::fs::remove_file(b.path().join("zeist").join(INVOER)).unwrap();
    let (met, zonder) = (common::run(&later, a), common::run(&later, b.path()));
    assert_eq!(met.status.code(), zonder.status.code());
    assert_eq!(common::stdout(&met), common::stdout(&zonder));
    assert_eq!(common::stderr(&met), common::stderr(&zonder));
    assert_eq!(
        common::files(&a.join("zeist")).len(),
        common::files(&b.path().join("zeist")).len()
    );
    // A CONCEPT now, not "nothing changed".
    assert_eq!(met.status.code(), Some(1));
    assert!(
        !common::stdout(&met).starts_with("Niets veranderd"),
        "{}",
        common::stdout(&met)
    );
    assert!(common::stderr(&met).contains("CONCEPT"), "{}", common::stderr(&met));
}

#[test]
fn a_lost_invitation_record_is_made_again() {
    let (met, _) = geval("zeist.toml", &[], geen, |a| {
        std::fs::remove_file(a.join("zeist/.draaiboek-uitnodigingen")).unwrap();
    });
    assert!(met.bestanden.iter().any(|(p, _)| p == ".draaiboek-uitnodigingen"));
}

#[test]
fn a_hand_edited_file_is_a_conflict_as_always() {
    let (met, _) = geval("zeist.toml", &[], geen, |a| {
        let p = a.join("zeist/agenda.md");
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str("aantekening\n");
        std::fs::write(&p, text).unwrap();
    });
    assert_eq!(met.code, Some(2));
    assert!(met.stderr.contains("met de hand veranderd"), "{}", met.stderr);
}

#[test]
fn an_edit_of_the_same_length_is_seen_too() {
    let (met, _) = geval("zeist.toml", &[], geen, |a| {
        let p = a.join("zeist/uitnodigingen/ingrid-de-vries.txt");
        let mut bytes = std::fs::read(&p).unwrap();
        let i = bytes.iter().position(|b| b.is_ascii_lowercase()).unwrap();
        bytes[i] = bytes[i].to_ascii_uppercase();
        std::fs::write(&p, bytes).unwrap();
    });
    assert_eq!(met.code, Some(2));
}

#[test]
fn a_removed_file_is_written_again() {
    let (met, _) = geval("zeist.toml", &[], geen, |a| {
        std::fs::remove_file(a.join("zeist/draaiboek.html")).unwrap();
    });
    assert_eq!(met.code, Some(0));
    assert!(met.stdout.contains("draaiboek.html"), "{}", met.stdout);
}

#[test]
fn a_manifest_edited_by_hand_is_not_trusted() {
    // A line taken out of the manifest: agenda.md is no longer listed as
    // draaiboek's. While its bytes are what maak makes, that is no
    // conflict; once it is edited, the full run refuses it, and so must
    // every later run.
    let (met, _) = geval("zeist.toml", &[], geen, |a| {
        let p = a.join("zeist/.draaiboek-manifest");
        let text = std::fs::read_to_string(&p).unwrap();
        let zonder: String = text
            .lines()
            .filter(|l| !l.ends_with("  agenda.md"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_ne!(zonder, text);
        std::fs::write(&p, zonder).unwrap();
        for _ in 0..2 {
            let o = maak(a, "zeist.toml", &[]);
            assert_eq!(o.code, Some(0), "{}", o.stderr);
            assert!(o.stdout.starts_with("Niets veranderd in zeist/.\n"), "{}", o.stdout);
        }
        let p = a.join("zeist/agenda.md");
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str("aantekening\n");
        std::fs::write(&p, text).unwrap();
    });
    assert_eq!(met.code, Some(2));
    assert!(met.stderr.contains("niet door draaiboek geschreven"), "{}", met.stderr);
}

#[test]
fn a_folder_swapped_for_a_link_is_refused_as_always() {
    let (met, _) = geval("zeist.toml", &[], geen, |a| {
        let u = a.join("zeist/uitnodigingen");
        std::fs::rename(&u, a.join("elders")).unwrap();
        std::os::unix::fs::symlink(a.join("elders"), &u).unwrap();
    });
    assert_eq!(met.code, Some(2));
    assert!(met.stderr.contains("koppeling"), "{}", met.stderr);
}

#[test]
fn a_file_swapped_for_a_link_to_the_same_bytes_is_refused_as_always() {
    let (met, _) = geval("zeist.toml", &[], geen, |a| {
        let p = a.join("zeist/agenda.md");
        std::fs::rename(&p, a.join("agenda-kopie.md")).unwrap();
        std::os::unix::fs::symlink(a.join("agenda-kopie.md"), &p).unwrap();
    });
    assert_eq!(met.code, Some(2));
}

#[test]
fn a_damaged_fingerprint_only_costs_time() {
    let (met, _) = geval("zeist.toml", &[], geen, |a| {
        std::fs::write(a.join("zeist").join(INVOER), "kapot").unwrap();
    });
    assert_eq!(met.code, Some(0));
    assert!(met.stdout.starts_with("Niets veranderd in zeist/.\n"), "{}", met.stdout);
}

#[test]
fn kaarten_in_the_same_folder_leaves_maak_right() {
    // `kaarten` rewrites the cards with another template: maak must see it.
    let voor = |a: &Path| {
        let o = common::run(&["sjablonen", "--exporteer", "sj"], a);
        assert!(o.status.success());
    };
    let (met, _) = geval("zeist.toml", &[], voor, |a| {
        let t = a.join("sj/casuskaarten.md.j2");
        let mut text = std::fs::read_to_string(&t).unwrap();
        text.push_str("\nAndere kaart.\n");
        std::fs::write(&t, text).unwrap();
        let o = common::run(&["kaarten", "zeist.toml", "--vandaag", VANDAAG, "--sjablonen", "sj"], a);
        assert!(o.status.success(), "{}", common::stderr(&o));
    });
    // maak makes the cards of its own templates again.
    assert_eq!(met.code, Some(0));
    assert!(met.stdout.contains("casuskaarten.md"), "{}", met.stdout);
}

#[test]
fn a_pipe_in_place_of_a_file_does_not_block_and_is_dealt_with_as_always() {
    let (met, _) = geval("zeist.toml", &[], geen, |a| {
        let p = a.join("zeist/agenda.md");
        std::fs::remove_file(&p).unwrap();
        let o = std::process::Command::new("mkfifo").arg(&p).output().unwrap();
        assert!(o.status.success());
    });
    assert_ne!(met.stdout, "Niets veranderd in zeist/.\n");
}
