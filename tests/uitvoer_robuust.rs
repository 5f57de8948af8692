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
    fn new(dir: &Path, options: &str) -> Option<Mount> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir)
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!(
                "OVERGESLAGEN: kan geen tmpfs aankoppelen (geen root?): {}",
                dir.display()
            );
            return None;
        }
        Some(Mount(dir.to_path_buf()))
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
fn full_disk_leaves_the_previous_documents_intact() {
    let (tmp, session) = example_in_tmp("zeist.toml");
    let uit = tmp.path().join("uit");
    let Some(_m) = Mount::new(&uit, "size=1m") else { return };
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
fn read_only_disk_gives_a_dutch_error_and_writes_nothing() {
    let (tmp, session) = example_in_tmp("zeist.toml");
    let uit = tmp.path().join("alleen-lezen");
    let Some(_m) = Mount::new(&uit, "ro,size=64k") else {
        return;
    };
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
