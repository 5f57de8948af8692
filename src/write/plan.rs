//! The commit planner: which folders exist, which files change, which
//! are in the way (a conflict), and what a mirroring run removes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail};

use super::*;

impl Uitvoer {
    /// Every folder the queued files need ("" for the output folder
    /// itself), looked at once each (not once per file and path part): a
    /// link or a file where a folder should be stops the run here, before
    /// anything is written.
    pub(super) fn mappen(&self) -> anyhow::Result<Mappen<'_>> {
        let dir = &self.dir;
        let mut mappen = Mappen::new();
        mappen.insert("", if dir.is_dir() { Map::Bestaat } else { Map::Nieuw });
        let mut vorige = "";
        for rel in self.files.keys() {
            let map = map_van(rel);
            if map == vorige {
                continue;
            }
            vorige = map;
            for (i, _) in rel.match_indices('/') {
                let deel = &rel[..i];
                if mappen.contains_key(deel) {
                    continue;
                }
                let staat = match mappen[map_van(deel)] {
                    Map::Nieuw => Map::Nieuw,
                    Map::Bestaat => {
                        let p = dir.join(deel);
                        match std::fs::symlink_metadata(&p) {
                            Ok(m) if m.file_type().is_symlink() => return Err(koppeling(&p)),
                            Ok(m) if m.is_dir() => Map::Bestaat,
                            Ok(_) => bail!(
                                "{} is een bestand, maar draaiboek heeft daar een map nodig voor {rel}; verplaats het of kies een andere map met --uit MAP",
                                p.display()
                            ),
                            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Map::Nieuw,
                            Err(e) => bail!("{} kan niet gelezen worden: {}", p.display(), crate::io_reason(&e)),
                        }
                    }
                };
                mappen.insert(deel, staat);
            }
        }
        Ok(mappen)
    }

    /// Which files must be written, and which are already right; a conflict
    /// (a foreign or hand-edited file) stops everything unless `--forceer`.
    /// A file in a folder that does not exist yet is new: nothing to read.
    pub(super) fn plan<'a>(
        &'a self,
        manifest: &Manifest,
        mappen: &Mappen<'a>,
    ) -> anyhow::Result<(Vec<Todo<'a>>, Verslag)> {
        let dir = &self.dir;
        let mut conflicts = Vec::new();
        let mut todo = Vec::new();
        let mut verslag = Verslag::default();
        // Reused for every file: parts of the new bytes and of the old.
        let (mut buf, mut deel) = (Vec::new(), Vec::new());
        for (rel, inhoud) in &self.files {
            let map = map_van(rel);
            // The outermost new folder on the way: staged as a whole.
            let wortel = rel
                .match_indices('/')
                .map(|(i, _)| &rel[..i])
                .find(|deel| mappen.get(deel) == Some(&Map::Nieuw));
            if mappen.get(map) == Some(&Map::Nieuw) {
                todo.push(Todo {
                    rel,
                    replaces: false,
                    wortel,
                });
                continue;
            }
            let target = dir.join(&**rel);
            let replaces = match self.vergelijk_bestaand(&target, inhoud, (&mut buf, &mut deel)) {
                Ok((true, _)) => {
                    verslag.ongewijzigd.push(rel.to_string());
                    continue;
                }
                Ok((false, hash_nu)) => {
                    let ours = manifest.get(&**rel).is_some_and(|h| h.contains(&hash_nu));
                    if !ours && !self.forceer {
                        let why = if manifest.contains_key(&**rel) {
                            "met de hand veranderd sinds draaiboek het schreef"
                        } else {
                            "niet door draaiboek geschreven"
                        };
                        conflicts.push(format!("  {} ({why})", target.display()));
                        continue;
                    }
                    true
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
                Err(e) if is_link_error(&e) => return Err(koppeling(&target)),
                Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => bail!(
                    "{} is een map, maar draaiboek wil daar het bestand {rel} schrijven; verplaats de map of kies een andere map met --uit MAP",
                    target.display()
                ),
                Err(e) => {
                    return Err(anyhow!(
                        "{} kan niet gelezen worden: {}",
                        target.display(),
                        crate::io_reason(&e)
                    ));
                }
            };
            todo.push(Todo {
                rel,
                replaces,
                wortel: None,
            });
        }
        if !conflicts.is_empty() {
            bail!(
                "draaiboek heeft niets geschreven: deze bestanden zouden overschreven worden:\n{}\n\
                 Bewaar ze eerst ergens anders, kies een andere map met --uit MAP, \
                 of overschrijf ze bewust met --forceer.",
                conflicts.join("\n")
            );
        }
        Ok((todo, verslag))
    }

    /// With [`spiegel`](Self::spiegel): the files written earlier that this
    /// run no longer produces. A hand-edited one stops the run (unless
    /// `--forceer`: then it stays and is no longer draaiboek's).
    pub(super) fn weg(&self, manifest: &Manifest) -> anyhow::Result<Weg> {
        let mut weg = Weg::default();
        let Some(eigen) = self.spiegel else {
            return Ok(weg);
        };
        let mut met_de_hand = Vec::new();
        for (rel, hashes) in manifest {
            if self.files.contains_key(rel.as_str()) || !eigen(rel) {
                continue;
            }
            let target = self.dir.join(rel);
            // Never follow a link out of the folder to remove something.
            let bytes = match check_no_links(&self.dir, rel) {
                Ok(()) => crate::reader::read_regular(&target, 1 << 30).ok(),
                Err(_) => None,
            };
            match bytes {
                Some(b) if hashes.contains(&crate::fnv::fnv64(&b)) => weg.verwijderen.push((rel.clone(), target)),
                Some(_) if !self.forceer => met_de_hand.push(format!("  {}", target.display())),
                // Gone already, not a regular file, or kept with --forceer.
                _ => weg.vergeten.push(rel.clone()),
            }
        }
        if !met_de_hand.is_empty() {
            bail!(
                "draaiboek heeft niets geschreven: deze bestanden maakt draaiboek niet meer \
                 (bijvoorbeeld van een deelnemer die zich afmeldde, of een concept-mail terwijl de sessie fouten heeft), \
                 maar ze zijn met de hand veranderd:\n{}\n\
                 draaiboek gooit ze niet weg. Bewaar ze ergens anders of verwijder ze zelf, \
                 of laat ze bewust staan met --forceer.",
                met_de_hand.join("\n")
            );
        }
        Ok(weg)
    }
}

/// Files written earlier that a mirroring run no longer produces.
#[derive(Default)]
pub(super) struct Weg {
    /// Unchanged since draaiboek wrote them: removed.
    pub(super) verwijderen: Vec<(String, PathBuf)>,
    /// Already gone, or kept (hand-edited, with --forceer): dropped from the manifest.
    pub(super) vergeten: Vec<String>,
}

/// A file to write: its relative path, whether it replaces one, and the
/// outermost new folder on its way (staged as a whole), if any.
pub(super) struct Todo<'a> {
    pub(super) rel: &'a str,
    pub(super) replaces: bool,
    pub(super) wortel: Option<&'a str>,
}

/// What a folder on the way to the queued files is, found once per folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Map {
    /// A real folder (no link): each file in it is read and compared first.
    Bestaat,
    /// Not there yet: nothing in it can be in the way or changed by hand.
    Nieuw,
}

/// Per folder of the queued files (relative, "" for the output folder), what it is.
pub(super) type Mappen<'a> = BTreeMap<&'a str, Map>;

/// The folder part of a relative path ("" at the top).
pub(super) fn map_van(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(m, _)| m)
}

impl Uitvoer {
    /// Compare a file in the output folder that this run may replace with
    /// the new bytes, in blocks (a page of 10 MB is never read whole):
    /// whether it is the same, and if not, the manifest hash of what is there.
    /// A link at its place is not followed (`O_NOFOLLOW`: [`is_link_error`])
    /// and a pipe does not block; an unchanged file takes one open, one
    /// read of its length and one read that finds its end, no `stat`.
    pub(super) fn vergelijk_bestaand(
        &self,
        path: &Path,
        inhoud: &Inhoud,
        (buf, deel): (&mut Vec<u8>, &mut Vec<u8>),
    ) -> std::io::Result<(bool, u64)> {
        use std::io::Read;
        let mut opts = std::fs::OpenOptions::new();
        opts.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        }
        let mut f = opts.open(path)?;
        // Read up to `n` bytes of the file into `deel`; how many there were.
        let mut lees = |deel: &mut Vec<u8>, n: usize| -> std::io::Result<usize> {
            deel.resize(n, 0);
            let mut k = 0;
            while k < n {
                match f.read(&mut deel[k..]) {
                    Ok(0) => break,
                    Ok(m) => k += m,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(k)
        };
        let mut gelijk = true;
        self.opslag.in_stukken(inhoud, buf, |stuk| {
            // After the first difference the rest need not be compared.
            if gelijk {
                let k = lees(deel, stuk.len())?;
                gelijk = deel[..k] == *stuk;
            }
            Ok(())
        })?;
        // Nothing may follow: a longer file is not the same.
        if gelijk && lees(deel, 1)? == 0 {
            return Ok((true, 0));
        }
        // Changed (rare): its hash decides whether it is draaiboek's own.
        use std::io::Seek;
        f.seek(std::io::SeekFrom::Start(0))?;
        let mut hash = crate::fnv::FNV64_BEGIN;
        let mut deel2 = vec![0; BLOK];
        loop {
            match f.read(&mut deel2) {
                Ok(0) => break,
                Ok(k) => hash = crate::fnv::fnv64_verder(hash, &deel2[..k]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok((false, hash))
    }
}

/// Whether opening with `O_NOFOLLOW` failed because the path is a link.
pub(super) fn is_link_error(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// The error for a symbolic link inside the output folder.
pub(super) fn koppeling(p: &Path) -> anyhow::Error {
    anyhow!(
        "draaiboek heeft niets geschreven: {} is een koppeling (symlink); draaiboek schrijft alleen in de uitvoermap zelf en volgt geen koppelingen. \
         Verwijder de koppeling of kies een andere map met --uit MAP.",
        p.display()
    )
}

/// Refuse a symbolic link on the way to `rel` inside `dir` (a sub-folder or
/// the file itself): following it could write outside the output folder.
pub(super) fn check_no_links(dir: &Path, rel: &str) -> anyhow::Result<()> {
    let mut p = dir.to_path_buf();
    for c in Path::new(rel).components() {
        p.push(c);
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => return Err(koppeling(&p)),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    Ok(())
}

/// Temp files and folders (`.draaiboek-*.tmp`) that an interrupted run left
/// in the existing folders this run writes to. Only called while holding
/// the folder's lock, so no other run is using them.
pub(super) fn remove_stale_temps(dir: &Path, mappen: &Mappen<'_>) {
    for (map, _) in mappen.iter().filter(|(_, staat)| **staat == Map::Bestaat) {
        let Ok(entries) = std::fs::read_dir(dir.join(map)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with(".draaiboek-") && name.ends_with(".tmp")) {
                continue;
            }
            match e.file_type() {
                Ok(t) if t.is_file() => {
                    let _ = std::fs::remove_file(e.path());
                }
                // A new folder being filled when the run stopped (never
                // through a link: remove_dir_all does not follow them).
                Ok(t) if t.is_dir() => {
                    let _ = std::fs::remove_dir_all(e.path());
                }
                _ => {}
            }
        }
    }
}
