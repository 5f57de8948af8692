//! Carrying out a planned commit: stage, announce, rename, remove.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, anyhow};

use super::*;

impl Uitvoer {
    /// Stage, announce in the manifest, rename, remove what is no longer
    /// made, and settle the manifest.
    pub(super) fn write(
        &self,
        manifest: &Manifest,
        todo: Vec<Todo<'_>>,
        weg: Weg,
        mut verslag: Verslag,
    ) -> anyhow::Result<Verslag> {
        let dir = &self.dir;
        // Stage every file as a temp file next to its target, and every new
        // folder as a whole under a temp name next to where it goes; on any
        // error the temp files and folders are removed when dropped and
        // nothing has been replaced.
        let mut staged = Vec::new();
        let mut nieuwe_mappen: Vec<NieuweMap<'_>> = Vec::new();
        // Files for the new folders, written below, after every staged
        // folder and sub-folder exists.
        let mut in_nieuwe_mappen: Vec<&Todo<'_>> = Vec::new();
        // One buffer for the parts read back from the spill (a page of
        // 10 MB is copied in blocks, never read whole).
        let mut buf = Vec::new();
        for t in &todo {
            match t.wortel {
                None => {
                    let inhoud = &self.files[t.rel];
                    let kopieer =
                        |f: &mut std::fs::File| self.opslag.in_stukken(inhoud, &mut buf, |stuk| f.write_all(stuk));
                    let target = dir.join(t.rel);
                    let tmp = stage_met(parent_of(&target), t.replaces, kopieer)
                        .with_context(|| format!("{} is niet geschreven", t.rel))?;
                    staged.push((target, tmp));
                }
                Some(wortel) => {
                    if nieuwe_mappen.last().is_none_or(|m| m.rel != wortel) {
                        nieuwe_mappen.push(NieuweMap::maak(dir, wortel)?);
                    }
                    let map = nieuwe_mappen.last_mut().expect("just pushed");
                    map.maak_sub(&t.rel[wortel.len() + 1..])
                        .with_context(|| format!("{} is niet geschreven", t.rel))?;
                    in_nieuwe_mappen.push(t);
                }
            }
        }
        self.vul_nieuwe_mappen(&in_nieuwe_mappen, &nieuwe_mappen)?;
        if todo.is_empty() && weg.verwijderen.is_empty() && weg.vergeten.is_empty() {
            return Ok(verslag);
        }
        // Before the first rename: a manifest that knows the old and the new
        // bytes, so that a run killed halfway leaves only "own" files. Both
        // manifests are written straight from the old one and the queued
        // files (both sorted) into the file, without a copy of every path.
        write_manifest(dir, |w| {
            manifest_naar(manifest, &self.files, true, &Default::default(), w)
        })?;
        // The file that says the others are complete goes in last of all.
        let mut laatste = None;
        for (target, tmp) in staged {
            if self.laatst.as_deref().is_some_and(|l| target == dir.join(l)) {
                laatste = Some((target, tmp));
                continue;
            }
            tmp.persist(&target).map_err(|e| {
                anyhow!(
                    "{} kan niet geschreven worden: {}",
                    target.display(),
                    crate::io_reason(&e.error)
                )
            })?;
        }
        for map in nieuwe_mappen {
            map.op_zijn_plaats(dir)?;
        }
        verslag.geschreven = todo.iter().map(|t| t.rel.to_string()).collect();
        // Remove only after every new file is in place; the manifest still
        // lists them until the end, so an error here leaves files a next run
        // recognises and removes.
        for (rel, target) in &weg.verwijderen {
            match std::fs::remove_file(target) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(anyhow!(
                        "{} kan niet verwijderd worden: {}",
                        target.display(),
                        crate::io_reason(&e)
                    ));
                }
            }
            // A sub-folder left empty goes too (never the output folder).
            if let Some(parent) = target.parent()
                && parent != dir
            {
                let _ = std::fs::remove_dir(parent);
            }
            verslag.verwijderd.push(rel.clone());
        }
        if let Some((target, tmp)) = laatste {
            tmp.persist(&target).map_err(|e| {
                anyhow!(
                    "{} kan niet geschreven worden: {}",
                    target.display(),
                    crate::io_reason(&e.error)
                )
            })?;
        }
        let gaan: std::collections::BTreeSet<&str> = verslag
            .verwijderd
            .iter()
            .chain(&weg.vergeten)
            .map(String::as_str)
            .collect();
        write_manifest(dir, |w| manifest_naar(manifest, &self.files, false, &gaan, w))?;
        Ok(verslag)
    }
}

/// Create the file `path` (never one that exists) with what `schrijf` writes.
pub(super) fn schrijf_nieuw(
    path: &Path,
    schrijf: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o644);
    }
    opts.open(path)
        .and_then(|mut f| schrijf(&mut f))
        .map_err(|e| anyhow!("schrijven in {} mislukt: {}", path.display(), crate::io_reason(&e)))
}

/// From this many files for new folders on, [`Uitvoer::vul_nieuwe_mappen`]
/// writes them on two threads: creating thousands of small files is
/// mostly system calls, and the second thread's share runs alongside.
pub(super) const TWEE_DRADEN_VANAF: usize = 256;

/// How many files a thread takes at a time (neighbours in one folder).
pub(super) const PLUK: usize = 64;

impl Uitvoer {
    /// Write the queued files that go into new folders into their staged
    /// folders (`mappen`), each exactly once. Many files are shared out over
    /// two threads in runs of [`PLUK`]; on an error both threads stop, the
    /// earliest file that failed is reported, and the staged folders, with
    /// whatever was written into them, are removed when dropped.
    pub(super) fn vul_nieuwe_mappen(&self, bestanden: &[&Todo<'_>], mappen: &[NieuweMap<'_>]) -> anyhow::Result<()> {
        let schrijf = |t: &&Todo<'_>, buf: &mut Vec<u8>| -> anyhow::Result<()> {
            let inhoud = &self.files[t.rel];
            let wortel = t.wortel.unwrap_or_default();
            let map = mappen
                .iter()
                .find(|m| m.rel == wortel)
                .ok_or_else(|| anyhow!("intern: geen tijdelijke map voor {}", t.rel))?;
            let pad = map.tmp.path().join(&t.rel[wortel.len() + 1..]);
            schrijf_nieuw(&pad, |f| self.opslag.in_stukken(inhoud, buf, |stuk| f.write_all(stuk)))
                .with_context(|| format!("{} is niet geschreven", t.rel))
        };
        let twee =
            bestanden.len() >= TWEE_DRADEN_VANAF && std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
        if !twee {
            let mut buf = Vec::new();
            return bestanden.iter().try_for_each(|b| schrijf(b, &mut buf));
        }
        use std::sync::atomic::{AtomicUsize, Ordering};
        let volgende = AtomicUsize::new(0);
        // The first error (by place in the list) of each thread; a thread
        // stops at its own first error, or when a run before it failed.
        let werk = || -> Option<(usize, anyhow::Error)> {
            let mut buf = Vec::new();
            loop {
                let begin = volgende.fetch_add(PLUK, Ordering::Relaxed);
                if begin >= bestanden.len() {
                    return None;
                }
                for (i, b) in bestanden.iter().enumerate().skip(begin).take(PLUK) {
                    if let Err(e) = schrijf(b, &mut buf) {
                        volgende.fetch_add(bestanden.len(), Ordering::Relaxed);
                        return Some((i, e));
                    }
                }
            }
        };
        let (a, b) = std::thread::scope(|scope| {
            let ander = scope.spawn(werk);
            let hier = werk();
            (hier, ander.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        });
        match (a, b) {
            (None, None) => Ok(()),
            (Some((_, e)), None) | (None, Some((_, e))) => Err(e),
            (Some((i, e)), Some((j, f))) => Err(if i < j { e } else { f }),
        }
    }
}

/// A folder that does not exist yet, filled under a temp name
/// (`.draaiboek-*.tmp`) next to where it goes, and renamed into place as a
/// whole after every file was written: one rename instead of one per file,
/// and an interrupted run leaves only a temp folder the next run removes.
pub(super) struct NieuweMap<'a> {
    pub(super) rel: &'a str,
    pub(super) tmp: tempfile::TempDir,
    /// Sub-folders made inside it so far.
    pub(super) gemaakt: std::collections::BTreeSet<String>,
}

impl<'a> NieuweMap<'a> {
    pub(super) fn maak(dir: &Path, rel: &'a str) -> anyhow::Result<Self> {
        let ouder = dir.join(map_van(rel));
        let mut builder = tempfile::Builder::new();
        builder.prefix(".draaiboek-").suffix(".tmp");
        #[cfg(unix)]
        {
            // As a plain `mkdir` would: the umask decides.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o777));
        }
        let tmp = builder.tempdir_in(&ouder).map_err(|e| {
            anyhow!(
                "in de map {} kan niet geschreven worden: {}",
                ouder.display(),
                crate::io_reason(&e)
            )
        })?;
        Ok(NieuweMap {
            rel,
            tmp,
            gemaakt: Default::default(),
        })
    }

    /// Make the sub-folder the file at `binnen` (relative to this folder)
    /// needs in the staged folder, if any; the file itself is written by
    /// [`Uitvoer::vul_nieuwe_mappen`].
    pub(super) fn maak_sub(&mut self, binnen: &str) -> anyhow::Result<()> {
        let sub = map_van(binnen);
        if !sub.is_empty() && !self.gemaakt.contains(sub) {
            maak_map(&self.tmp.path().join(sub))?;
            self.gemaakt.insert(sub.to_string());
        }
        Ok(())
    }

    pub(super) fn op_zijn_plaats(self, dir: &Path) -> anyhow::Result<()> {
        let target = dir.join(self.rel);
        std::fs::rename(self.tmp.path(), &target).map_err(|e| {
            anyhow!(
                "{} kan niet geschreven worden: {}",
                target.display(),
                crate::io_reason(&e)
            )
        })?;
        let _ = self.tmp.keep();
        Ok(())
    }
}
