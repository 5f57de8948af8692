//! The fingerprint of a run's input ([`INVOER`]), kept with the output so
//! that an unchanged folder need not be rendered again.

use std::path::Path;

use super::*;

/// The file in which `maak` keeps the fingerprint of the input its files
/// were made from, together with the manifest it left.
pub const INVOER: &str = ".draaiboek-invoer";

/// The first line of [`INVOER`]: what makes the file draaiboek's own
/// (the explanation below it may change between versions).
pub(super) const INVOER_MERK: &str = "# draaiboek-invoer\n";

pub(super) const INVOER_KOP: &str = "# draaiboek-invoer\n\
# Een vingerafdruk van alles waarmee `draaiboek maak` deze map het laatst vulde: sessie, deelnemers,\n\
# sjablonen, opties, datum, de versie van draaiboek en het manifest. Zolang die klopt en geen bestand\n\
# is veranderd, hoeft maak niets opnieuw te maken. Weggooien mag: dan maakt maak alles opnieuw en vergelijkt.\n";

/// The text of [`INVOER`] for this input and this manifest.
pub(super) fn invoer_tekst(invoer: u64, manifest: &[u8]) -> String {
    format!("{INVOER_KOP}{:016x}\n", crate::fnv::fnv64_verder(invoer, manifest))
}

/// Whether the folder `dir` is exactly what a run from input `invoer` makes,
/// without making it: [`INVOER`] names this input and the manifest as it is
/// now, and every file of the manifest that `eigen` accepts still has the
/// bytes the manifest lists (read and hashed: a hand edit is seen as surely
/// as by the full run). Then the full run would write nothing, remove
/// nothing and find no conflict, and this is its [`Verslag`]. `None` on any
/// doubt (no fingerprint, another input, a file changed, gone, a link or a
/// pipe, a half-finished run): then the full run decides.
///
/// Only reads; `maak` calls it before rendering anything.
pub fn ongewijzigd(dir: &Path, invoer: u64, eigen: fn(&str) -> bool) -> Option<Verslag> {
    let vingerafdruk = lees_eigen(&dir.join(INVOER), 4096)?;
    let manifest = lees_eigen(&dir.join(MANIFEST), 64 << 20)?;
    if vingerafdruk != invoer_tekst(invoer, &manifest).as_bytes() {
        return None;
    }
    let mut verslag = Verslag::default();
    // A lock (another run is writing) or temp files of an interrupted run
    // in the output folder: the full run deals with them.
    let bezig = |map: &Path| -> Option<()> {
        for e in std::fs::read_dir(map).ok()? {
            let naam = e.ok()?.file_name();
            let naam = naam.as_encoded_bytes();
            if naam == SLOT.as_bytes() || (naam.starts_with(b".draaiboek-") && naam.ends_with(b".tmp")) {
                return None;
            }
        }
        Some(())
    };
    bezig(dir)?;
    let mut mappen_goed: Vec<&str> = Vec::new();
    // The manifest as draaiboek wrote it (its hash is in the fingerprint):
    // sorted by path, so a path listed twice comes twice in a row.
    let mut vorige = None;
    for (h, rel) in manifest_regels(std::str::from_utf8(&manifest).ok()?) {
        if !eigen(rel) {
            continue;
        }
        // Twice: a run was replacing this file when it stopped.
        if vorige == Some(rel) {
            return None;
        }
        vorige = Some(rel);
        // Every folder on the way a real folder, no link (as `mappen`),
        // and no temp files in it.
        let map = map_van(rel);
        if !map.is_empty() && !mappen_goed.contains(&map) {
            for (i, _) in rel.match_indices('/') {
                let m = std::fs::symlink_metadata(dir.join(&rel[..i])).ok()?;
                if !m.is_dir() {
                    return None;
                }
            }
            bezig(&dir.join(map))?;
            mappen_goed.push(map);
        }
        let bytes = lees_eigen(&dir.join(rel), 1 << 30)?;
        if crate::fnv::fnv64(&bytes) != h {
            return None;
        }
        verslag.ongewijzigd.push(rel.to_string());
    }
    Some(verslag)
}

/// [`crate::reader::read_own`], `None` on any failure.
pub(super) fn lees_eigen(path: &Path, limit: u64) -> Option<Vec<u8>> {
    crate::reader::read_own(path, limit).ok()
}

/// Whether `path` holds draaiboek's fingerprint (or nothing): a file by
/// that name that is not ours is left alone.
pub(super) fn invoer_van_ons(path: &Path) -> bool {
    match std::fs::symlink_metadata(path) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(m) if m.is_file() => lees_eigen(path, 4096).is_some_and(|b| b.starts_with(INVOER_MERK.as_bytes())),
        Ok(_) => false,
    }
}

impl Uitvoer {
    /// After a commit: keep the fingerprint of this run's input with the
    /// manifest it left, but only when that manifest lists exactly the
    /// files this run made (those `eigen` accepts), each with its one hash:
    /// then checking the files against the manifest is checking them
    /// against this run. Otherwise (a manifest edited by hand, a file kept
    /// with --forceer) no fingerprint, and the next run renders everything.
    /// Only a help for the next run: when it cannot be written, that run
    /// renders everything, as without it.
    pub(super) fn bewaar_invoer(&self, invoer: u64, eigen: fn(&str) -> bool) {
        let dir = &self.dir;
        let path = dir.join(INVOER);
        if !invoer_van_ons(&path) {
            return;
        }
        let manifest = lees_eigen(&dir.join(MANIFEST), 64 << 20);
        // Line by line against the queued files (both sorted by path; a
        // path listed twice meets the next file and fails), without a map
        // of tens of thousands of paths.
        let klopt = manifest
            .as_deref()
            .and_then(|m| std::str::from_utf8(m).ok())
            .is_some_and(|m| {
                let mut lijst = manifest_regels(m).filter(|(_, rel)| eigen(rel));
                let mut files = self.files.iter();
                loop {
                    match (lijst.next(), files.next()) {
                        (None, None) => break true,
                        (Some((h, rel)), Some((r, inhoud))) if rel == &**r && h == inhoud.hash => {}
                        _ => break false,
                    }
                }
            });
        let tekst = match (klopt, manifest) {
            (true, Some(m)) => invoer_tekst(invoer, &m),
            _ => {
                let _ = std::fs::remove_file(&path);
                return;
            }
        };
        if lees_eigen(&path, 4096).is_some_and(|b| b == tekst.as_bytes()) {
            return;
        }
        if let Ok(tmp) = stage(dir, tekst.as_bytes(), false) {
            let _ = tmp.persist(&path);
        }
    }
}
