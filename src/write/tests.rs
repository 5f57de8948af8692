//! Tests of the writer's internals.

use super::*;

#[test]
fn manifests_merged_in_one_pass_equal_the_maps_they_replace() {
    let mut old = Manifest::new();
    for (rel, hs) in [
        ("a.md", vec![1]),
        ("c.md", vec![3, 4]),
        ("e.md", vec![5]),
        ("g.md", vec![7]),
    ] {
        old.insert(rel.to_string(), hs);
    }
    let mut opslag = Opslag::default();
    let mut files = Wachtrij::new();
    for (rel, bytes) in [("b.md", "b"), ("c.md", "c"), ("e.md", "e"), ("h/i.md", "i")] {
        files.insert(rel.into(), opslag.bewaar(bytes.into(), None).unwrap());
    }
    let gaan: std::collections::BTreeSet<&str> = ["g.md"].into();
    // As the commit built them before: copies of the map, then edits.
    let (mut overgang, mut nieuw) = (old.clone(), old.clone());
    for (rel, inhoud) in &files {
        let e = overgang.entry(rel.to_string()).or_default();
        if !e.contains(&inhoud.hash) {
            e.push(inhoud.hash);
        }
        nieuw.insert(rel.to_string(), vec![inhoud.hash]);
    }
    nieuw.remove("g.md");
    assert_eq!(
        manifest_na(&old, &files, true, &Default::default()),
        render_manifest(&overgang)
    );
    assert_eq!(manifest_na(&old, &files, false, &gaan), render_manifest(&nieuw));
}

#[test]
fn files_beyond_the_memory_budget_wait_on_disk_and_arrive_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("uit");
    let groot = |n: u8| vec![b'a' + n; 3 << 20];
    let mut u = Uitvoer::new(&out, false);
    for n in 0..4 {
        u.add(&format!("uitnodigingen/{n}.txt"), groot(n)).unwrap();
    }
    assert!(
        u.opslag.file.is_some(),
        "past the budget the bytes go to the spill file"
    );
    assert!(u.opslag.in_geheugen <= IN_GEHEUGEN);
    let v = u.commit().unwrap();
    assert_eq!(v.geschreven.len(), 4);
    for n in 0..4 {
        assert_eq!(
            std::fs::read(out.join(format!("uitnodigingen/{n}.txt"))).unwrap(),
            groot(n)
        );
    }
    // Again: everything compares equal, also what waited on disk.
    let mut u = Uitvoer::new(&out, false);
    for n in 0..4 {
        u.add(&format!("uitnodigingen/{n}.txt"), groot(n)).unwrap();
    }
    let v = u.commit().unwrap();
    assert!(v.geschreven.is_empty() && v.ongewijzigd.len() == 4);
    // Longer or shorter by hand (compared in blocks, to the end): a conflict.
    let pad = |n: u8| out.join(format!("uitnodigingen/{n}.txt"));
    let mut langer = groot(1);
    langer.push(b'!');
    std::fs::write(pad(1), &langer).unwrap();
    std::fs::write(pad(2), &groot(2)[..BLOK + 5]).unwrap();
    let mut u = Uitvoer::new(&out, false);
    for n in 0..4 {
        u.add(&format!("uitnodigingen/{n}.txt"), groot(n)).unwrap();
    }
    let err = u.commit().unwrap_err().to_string();
    assert!(
        err.contains("1.txt") && err.contains("2.txt") && !err.contains("3.txt"),
        "{err}"
    );
    // bekijk gets every file back from memory and disk alike.
    let mut u = Uitvoer::new("", false);
    for n in 0..4 {
        u.add(&format!("{n}.txt"), groot(n)).unwrap();
    }
    let files = u.into_files().unwrap();
    assert_eq!(files["3.txt"], groot(3));
}

#[test]
fn a_file_written_in_parts_is_queued_as_the_same_bytes() {
    // Small (stays in memory), and one that passes the budget halfway
    // (moves to the spill while being written).
    let klein = b"<p>klein</p>".to_vec();
    let groot: Vec<u8> = (0..IN_GEHEUGEN + BLOK + 17).map(|i| (i % 251) as u8).collect();
    let mut u = Uitvoer::new("", false);
    for (rel, bytes) in [("klein.html", &klein), ("groot.html", &groot)] {
        u.add_met(rel, |w| {
            for stuk in bytes.chunks(1000) {
                w.write_all(stuk)?;
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(u.files[rel].hash, crate::fnv::fnv64(bytes));
    }
    assert!(u.files["klein.html"].plek & GEHEUGEN != 0 && u.files["groot.html"].plek & GEHEUGEN == 0);
    assert!(u.add_met("klein.html", |_| Ok(())).is_err(), "twice is refused");
    let files = u.into_files().unwrap();
    assert_eq!((&files["klein.html"], &files["groot.html"]), (&klein, &groot));
}

#[test]
fn new_folders_arrive_whole_and_links_in_existing_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("uit");
    std::fs::create_dir_all(out.join("oud")).unwrap();
    // Left by a killed run: a half-filled new folder and a temp file.
    std::fs::create_dir_all(out.join(".draaiboek-half.tmp/sub")).unwrap();
    std::fs::write(out.join(".draaiboek-half.tmp/sub/x.md"), "half").unwrap();
    std::fs::write(out.join("oud/.draaiboek-y.tmp"), "half").unwrap();
    let mut u = Uitvoer::new(&out, false);
    for rel in ["n/y.md", "n/m/x.md", "n/m/k/z.md", "oud/a.md", "top.md"] {
        u.add(rel, rel).unwrap();
    }
    let v = u.commit().unwrap();
    assert_eq!(v.geschreven, ["n/m/k/z.md", "n/m/x.md", "n/y.md", "oud/a.md", "top.md"]);
    for rel in &v.geschreven {
        assert_eq!(std::fs::read_to_string(out.join(rel)).unwrap(), *rel);
    }
    let mut namen: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .chain(std::fs::read_dir(out.join("oud")).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    namen.sort();
    assert_eq!(
        namen,
        [MANIFEST, "a.md", "n", "oud", "top.md"],
        "no temp files or folders remain"
    );

    // A link planted in an existing sub-folder, and a foreign file in it.
    let buiten = dir.path().join("buiten.md");
    std::fs::write(&buiten, "van iemand anders").unwrap();
    std::fs::remove_file(out.join("n/m/x.md")).unwrap();
    std::os::unix::fs::symlink(&buiten, out.join("n/m/x.md")).unwrap();
    let mut u = Uitvoer::new(&out, true);
    u.add("n/m/x.md", "nieuw").unwrap();
    let err = u.commit().unwrap_err().to_string();
    assert!(err.contains("koppeling") && err.contains("x.md"), "{err}");
    assert_eq!(std::fs::read_to_string(&buiten).unwrap(), "van iemand anders");
    std::fs::remove_file(out.join("n/m/x.md")).unwrap();
    std::fs::write(out.join("n/m/vreemd.md"), "van de gebruiker").unwrap();
    let mut u = Uitvoer::new(&out, false);
    u.add("n/m/vreemd.md", "van draaiboek").unwrap();
    let err = u.commit().unwrap_err().to_string();
    assert!(
        err.contains("vreemd.md") && err.contains("niet door draaiboek"),
        "{err}"
    );
    // A file where a folder should be.
    let mut u = Uitvoer::new(&out, false);
    u.add("top.md/x.md", "x").unwrap();
    let err = u.commit().unwrap_err().to_string();
    assert!(err.contains("is een bestand") && err.contains("top.md/x.md"), "{err}");
}

#[test]
fn rejects_paths_that_leave_the_folder() {
    for bad in ["../x", "/etc/x", "a/../../b", "", ".draaiboek-manifest", "a\\b"] {
        assert!(check_rel(bad).is_err(), "{bad}");
    }
    assert!(check_rel("uitnodigingen/ingrid-de-vries.eml").is_ok());
}

#[test]
fn writes_subfolders_and_refuses_foreign_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("uit");
    let mut u = Uitvoer::new(&out, false);
    u.add("a.md", "een").unwrap();
    u.add("uitnodigingen/b.txt", "twee").unwrap();
    let v = u.commit().unwrap();
    assert_eq!(v.geschreven, ["a.md", "uitnodigingen/b.txt"]);
    assert_eq!(
        std::fs::read_to_string(out.join("uitnodigingen/b.txt")).unwrap(),
        "twee"
    );

    // Our own file may change; a foreign one stops everything.
    std::fs::write(out.join("c.md"), "van de gebruiker").unwrap();
    let mut u = Uitvoer::new(&out, false);
    u.add("a.md", "een, nieuw").unwrap();
    u.add("c.md", "van draaiboek").unwrap();
    let err = u.commit().unwrap_err().to_string();
    assert!(err.contains("c.md") && err.contains("--forceer"), "{err}");
    assert_eq!(std::fs::read_to_string(out.join("a.md")).unwrap(), "een");

    // A hand edit of our file is a conflict too.
    std::fs::write(out.join("a.md"), "met de hand").unwrap();
    let mut u = Uitvoer::new(&out, false);
    u.add("a.md", "een, nieuw").unwrap();
    let err = u.commit().unwrap_err().to_string();
    assert!(err.contains("met de hand veranderd"), "{err}");
}

#[test]
fn mirroring_removes_only_our_untouched_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("uit");
    let mut u = Uitvoer::new(&out, false);
    for f in ["a.md", "weg.md", "sub/weg.eml", "verslag.md"] {
        u.add(f, f).unwrap();
    }
    u.commit().unwrap();
    std::fs::write(out.join("eigen.txt"), "van de gebruiker").unwrap();

    // Only a.md is still made; verslag.md belongs to another command.
    let alleen_a = || {
        let mut u = Uitvoer::new(&out, false);
        u.spiegel(|rel| rel != "verslag.md");
        u.add("a.md", "a.md").unwrap();
        u
    };
    let v = alleen_a().commit().unwrap();
    assert_eq!(v.verwijderd, ["sub/weg.eml", "weg.md"]);
    assert!(!out.join("sub").exists(), "an emptied sub-folder goes too");
    assert!(out.join("verslag.md").exists() && out.join("eigen.txt").exists());
    let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
    assert!(!manifest.contains("weg") && manifest.contains("verslag.md"));

    // A hand-edited file that is no longer made stops the run, untouched.
    let mut u = Uitvoer::new(&out, false);
    u.add("a.md", "a.md").unwrap();
    u.add("b.md", "b").unwrap();
    u.commit().unwrap();
    std::fs::write(out.join("b.md"), "met de hand").unwrap();
    let err = alleen_a().commit().unwrap_err().to_string();
    assert!(err.contains("b.md") && err.contains("met de hand veranderd"), "{err}");
    assert_eq!(std::fs::read_to_string(out.join("b.md")).unwrap(), "met de hand");
    // With --forceer it stays, and is no longer draaiboek's.
    let mut u = Uitvoer::new(&out, true);
    u.spiegel(|_| true);
    u.add("a.md", "a.md").unwrap();
    let v = u.commit().unwrap();
    assert!(v.verwijderd.is_empty() || !v.verwijderd.contains(&"b.md".to_string()));
    assert!(out.join("b.md").exists());
    assert!(!std::fs::read_to_string(out.join(MANIFEST)).unwrap().contains("b.md"));
}
