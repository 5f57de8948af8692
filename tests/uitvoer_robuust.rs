//! Output folders that fight back: a full disk, a read-only disk, and a
//! session that cannot be used. Each time the user gets a Dutch message and
//! no half-written file is left behind.
//!
//! The disks are tiny tmpfs mounts, which needs root (as in CI and on the
//! development machines here); elsewhere the tests say they were skipped.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// A tmpfs mounted for the duration of a test.
struct Mount(PathBuf);

impl Mount {
    fn new(dir: &Path, options: &str) -> Mount {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir)
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            ok,
            "kan geen tmpfs aankoppelen op {}: deze test hoort bij `cargo test -- --include-ignored` en heeft root nodig",
            dir.display()
        );
        Mount(dir.to_path_buf())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn maak(session: &Path, uit: &Path) -> std::process::Output {
    run(
        &[
            "maak",
            session.to_str().unwrap(),
            "--uit",
            uit.to_str().unwrap(),
            "--vandaag",
            "2027-01-15",
        ],
        session.parent().unwrap(),
    )
}

#[test]
#[ignore = "needs root, to mount a small tmpfs"]
fn full_disk_leaves_the_previous_documents_intact() {
    let (tmp, session) = example_in_tmp("zeist.toml");
    let uit = tmp.path().join("uit");
    let _m = Mount::new(&uit, "size=1m");
    let o = maak(&session, &uit);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = files(&uit);
    assert!(before.len() > 50);

    // Fill the disk, then change the session so that every file changes.
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=4k", "count=1000"])
        .arg(format!("of={}", uit.join("vulling").display()))
        .output();
    let text = std::fs::read_to_string(&session)
        .unwrap()
        .replace("Zeist\"", "Zeist (gewijzigd)\"");
    std::fs::write(&session, text).unwrap();
    let o = maak(&session, &uit);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("de schijf is vol"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));

    let after: Vec<_> = files(&uit).into_iter().filter(|(r, _)| r != "vulling").collect();
    assert_eq!(
        after.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>(),
        before.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>(),
        "no temp files or new files are left"
    );
    assert!(after == before, "every earlier document is byte for byte as it was");
}

#[test]
#[ignore = "needs root, to mount a small tmpfs"]
fn read_only_disk_gives_a_dutch_error_and_writes_nothing() {
    let (tmp, session) = example_in_tmp("zeist.toml");
    let uit = tmp.path().join("alleen-lezen");
    let _m = Mount::new(&uit, "ro,size=64k");
    let o = maak(&session, &uit);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("alleen-lezen") || err.contains("geen toestemming"),
        "{err}"
    );
    assert!(files(&uit).is_empty());
}

#[test]
fn output_path_that_is_a_file_is_refused() {
    let (tmp, session) = example_in_tmp("zeist.toml");
    let bestand = tmp.path().join("uit");
    std::fs::write(&bestand, "ik ben een bestand").unwrap();
    let o = maak(&session, &bestand);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bestand"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&bestand).unwrap(), "ik ben een bestand");
}

#[test]
#[ignore = "needs root, to mount a small tmpfs"]
fn a_full_disk_while_new_folders_are_filled_on_two_threads_leaves_nothing_behind() {
    // 1,000 invitees: thousands of files for the new folders uitnodigingen/
    // and herinneringen/, written on two threads, on a disk that fills up
    // halfway through them.
    let tmp = tempfile::tempdir().unwrap();
    let session = grote_sessie(tmp.path(), 1000);
    let uit = tmp.path().join("uit");
    let _m = Mount::new(&uit, "size=4m");
    std::fs::write(uit.join("eigen.txt"), "van de trekker").unwrap();
    let o = maak(&session, &uit);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("de schijf is vol"), "{err}");
    assert!(
        err.contains("uitnodigingen/") || err.contains("herinneringen/"),
        "the disk filled while the new folders were written: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let over: Vec<String> = std::fs::read_dir(&uit)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(over, ["eigen.txt"], "no staged folder, temp file or lock is left");
}

/// A session with `n` invitees from a CSV, made by `benches/genereer.py`.
fn grote_sessie(dir: &Path, n: usize) -> PathBuf {
    let o = Command::new("python3")
        .arg(root().join("benches/genereer.py"))
        .arg(n.to_string())
        .arg(dir)
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", stderr(&o));
    dir.join(format!("sessie-{n}.toml"))
}

fn maak_cmd(session: &Path, uit: &Path) -> Command {
    let mut c = Command::new(bin());
    c.args(["maak", session.to_str().unwrap(), "--uit", uit.to_str().unwrap()])
        .args(["--vandaag", "2027-01-15"])
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    c
}

fn temps(dir: &Path) -> Vec<String> {
    files(dir)
        .into_iter()
        .map(|(r, _)| r)
        .filter(|r| {
            // A temp file, a file in a temp folder (a new folder being
            // filled), or the lock. The manifest and the record of what the
            // invitations said stay.
            r.split('/')
                .any(|n| n.starts_with(".draaiboek-") && n.ends_with(".tmp"))
                || r.rsplit('/').next() == Some(".draaiboek-slot")
        })
        .collect()
}

/// Start `maak`, kill it (SIGKILL: no clean-up of any kind) once `moment`
/// holds for the output folder, and return what it left behind.
fn kill_when(session: &Path, uit: &Path, moment: impl Fn(&Path) -> bool) -> Vec<String> {
    let mut child = maak_cmd(session, uit).spawn().unwrap();
    let begin = std::time::Instant::now();
    while !moment(uit) {
        assert!(begin.elapsed().as_secs() < 120, "maak never reached that moment");
        assert!(
            child.try_wait().unwrap().is_none(),
            "maak finished before it was killed"
        );
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let left = temps(uit);
    eprintln!(
        "na kill -9: {} tijdelijke bestanden en het slot, {} eigen bestanden",
        left.len(),
        files(uit).len() - left.len()
    );
    left
}

/// The next run finishes what was killed, without --forceer, and the folder
/// is exactly `schoon`, made by the same runs without a kill.
fn next_run_finishes(session: &Path, uit: &Path, schoon: &Path) {
    let o = maak_cmd(session, uit).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("met de hand") && !stderr(&o).contains("niet door draaiboek"));
    assert_eq!(temps(uit), Vec::<String>::new(), "no temp files or lock remain");
    let o = maak_cmd(session, schoon).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The fingerprint of the input (.draaiboek-invoer) holds the invitation
    // record each run started from, and the killed run may have put the
    // new record in place already; every other file must be the same.
    let zonder = |d: &Path| -> Vec<_> { files(d).into_iter().filter(|(r, _)| r != ".draaiboek-invoer").collect() };
    assert!(
        zonder(uit) == zonder(schoon),
        "same files, same bytes as runs without a kill"
    );
    // Once more each, from the same record now: then all of it is the same.
    for d in [uit, schoon] {
        let o = maak_cmd(session, d).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert!(files(uit) == files(schoon), "the fingerprints agree too");
}

/// A temp folder (`.draaiboek-*.tmp`) directly in `dir` with at least `n` entries.
fn staged_folder(dir: &Path, n: usize) -> bool {
    std::fs::read_dir(dir).is_ok_and(|rd| {
        rd.flatten().any(|e| {
            let naam = e.file_name().to_string_lossy().into_owned();
            naam.starts_with(".draaiboek-")
                && naam.ends_with(".tmp")
                && std::fs::read_dir(e.path()).is_ok_and(|sub| sub.count() >= n)
        })
    })
}

#[test]
fn a_maak_killed_while_filling_a_new_folder_leaves_nothing_visible_and_is_finished_next_time() {
    let tmp = tempfile::tempdir().unwrap();
    // 3,000 invitees (9,000 invitation files): enough to be killed halfway;
    // the same was done by hand with 20,000 and the release binary.
    let session = grote_sessie(tmp.path(), 3000);
    let uit = tmp.path().join("uit");
    // Killed while the new invitation folder is being filled under a temp name.
    let left = kill_when(&session, &uit, |uit| staged_folder(uit, 100));
    assert!(left.len() > 100, "killed halfway: a half-filled temp folder");
    assert!(
        !uit.join("uitnodigingen").exists() && !uit.join(".draaiboek-manifest").exists(),
        "nothing of the run is visible yet"
    );
    next_run_finishes(&session, &uit, &tmp.path().join("schoon"));
}

#[test]
fn a_killed_maak_is_finished_by_the_next_run_without_forceer() {
    let tmp = tempfile::tempdir().unwrap();
    let session = grote_sessie(tmp.path(), 3000);
    let (uit, schoon) = (tmp.path().join("uit"), tmp.path().join("schoon"));
    assert!(maak_cmd(&session, &uit).status().unwrap().success());
    assert!(maak_cmd(&session, &schoon).status().unwrap().success());
    // Version 1 in another room: every invitation changes, each is replaced
    // in its existing folder (a temp file next to it, then a rename).
    let tekst = std::fs::read_to_string(&session).unwrap();
    let tekst = tekst.replace("locatie = \"Zaal 1\"", "locatie = \"Zaal 2\"\nversie = 1");
    std::fs::write(&session, tekst).unwrap();
    // Kill it while it renames: the manifest that accepts old and new bytes
    // (a path listed twice) is written just before the first rename.
    let manifest = uit.join(".draaiboek-manifest");
    let left = kill_when(&session, &uit, |_| {
        std::fs::read_to_string(&manifest).is_ok_and(|m| {
            let paden: Vec<&str> = m.lines().filter_map(|l| l.split_once("  ").map(|(_, p)| p)).collect();
            paden.windows(2).any(|w| w[0] == w[1])
        })
    });
    assert!(!left.is_empty(), "killed halfway: temp files left");
    next_run_finishes(&session, &uit, &schoon);
}

#[test]
fn a_second_maak_into_the_same_folder_refuses_and_names_the_first() {
    let tmp = tempfile::tempdir().unwrap();
    let session = grote_sessie(tmp.path(), 3000);
    let uit = tmp.path().join("uit");
    let mut eerste = maak_cmd(&session, &uit).spawn().unwrap();
    let begin = std::time::Instant::now();
    while !uit.join(".draaiboek-slot").exists() {
        assert!(begin.elapsed().as_secs() < 60, "the first run never took the lock");
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
    let (zeist_tmp, zeist) = example_in_tmp("zeist.toml");
    let o = maak(&zeist, &uit);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("proces {}", eerste.id())) && err.contains("niets geschreven"),
        "{err}"
    );
    assert!(eerste.wait().unwrap().success());
    // Only the first run's files: no agenda of Zeist in between.
    let schoon = tmp.path().join("schoon");
    assert!(maak_cmd(&session, &schoon).status().unwrap().success());
    assert!(
        files(&uit) == files(&schoon),
        "never a folder with files from both runs"
    );
    drop(zeist_tmp);
}

#[test]
fn a_stale_lock_of_a_gone_process_is_taken_over() {
    let (tmp, session) = example_in_tmp("zeist.toml");
    let uit = tmp.path().join("uit");
    std::fs::create_dir_all(&uit).unwrap();
    // pid 1 is no draaiboek; a pid far above pid_max does not exist.
    for pid in ["1", "4194999", "geen getal"] {
        std::fs::write(uit.join(".draaiboek-slot"), pid).unwrap();
        std::fs::write(uit.join(".draaiboek-oud123.tmp"), "half").unwrap();
        let o = maak(&session, &uit);
        assert_eq!(o.status.code(), Some(0), "{pid}: {}", stderr(&o));
        assert!(temps(&uit).is_empty(), "{:?}", temps(&uit));
    }
}

#[test]
fn symlinks_in_the_output_folder_are_refused_and_not_followed() {
    let (tmp, session) = example_in_tmp("zeist.toml");
    let buiten = tmp.path().join("buiten");
    std::fs::create_dir_all(&buiten).unwrap();
    std::fs::write(buiten.join("van-iemand-anders.txt"), "blijf eraf").unwrap();

    // A sub-folder that links elsewhere.
    let uit = tmp.path().join("uit1");
    std::fs::create_dir_all(&uit).unwrap();
    std::os::unix::fs::symlink(&buiten, uit.join("uitnodigingen")).unwrap();
    let o = maak(&session, &uit);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("koppeling") && stderr(&o).contains("uitnodigingen"),
        "{}",
        stderr(&o)
    );
    assert_eq!(files(&buiten).len(), 1, "nothing written through the link");
    assert_eq!(
        files(&uit).len(),
        1,
        "nothing written in the folder either (only the link)"
    );

    // A file that links elsewhere.
    let uit = tmp.path().join("uit2");
    std::fs::create_dir_all(&uit).unwrap();
    std::os::unix::fs::symlink(buiten.join("van-iemand-anders.txt"), uit.join("agenda.html")).unwrap();
    let o = maak(&session, &uit);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("agenda.html"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(buiten.join("van-iemand-anders.txt")).unwrap(),
        "blijf eraf"
    );
    assert_eq!(files(&uit).len(), 1, "only the link");
}

#[test]
fn a_manifest_that_is_a_folder_or_a_foreign_file_stops_before_any_write() {
    let (tmp, session) = example_in_tmp("zeist.toml");
    let uit = tmp.path().join("uit1");
    std::fs::create_dir_all(uit.join(".draaiboek-manifest")).unwrap();
    let o = maak(&session, &uit);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is een map"), "{}", stderr(&o));
    assert_eq!(files(&uit), vec![]);

    let uit = tmp.path().join("uit2");
    std::fs::create_dir_all(&uit).unwrap();
    std::fs::write(uit.join(".draaiboek-manifest"), "mijn eigen aantekeningen\n").unwrap();
    let o = maak(&session, &uit);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("niet door draaiboek"), "{}", stderr(&o));
    assert_eq!(files(&uit).len(), 1);
}
