//! Writing output files safely: every command that writes documents goes
//! through [`Uitvoer`], so that all of them share the same promises:
//!
//! - nothing is written until every file has been checked: a file in the
//!   output folder that `draaiboek` did not write (not in the manifest) or that
//!   was changed by hand since (its bytes no longer match the manifest) is a
//!   conflict, and one conflict stops the whole run unless `--forceer`;
//! - each file is written atomically (a temp file in the same folder, then a
//!   rename), and all temp files are written before the first rename, so a
//!   full disk or a read-only folder leaves no half-written document;
//! - a file whose bytes would not change is not touched at all;
//! - the manifest (`.draaiboek-manifest`) lists every file written, with a
//!   content hash, in a stable order, so its bytes are deterministic too.
//!
//! Files are checked and staged as they are added, so memory stays small for
//! thousands of invitations: only a path and a hash are kept per file. The
//! temp files (and folders made for them) are removed again when the run
//! stops before `commit` renames them.
//!
//! Usage: `let mut u = Uitvoer::new(dir, forceer); u.add("agenda.md", bytes)?;
//! u.add("uitnodigingen/ingrid.eml", bytes)?; let verslag = u.commit()?;`

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use rustc_hash::FxHashMap;

/// The manifest's file name inside the output folder.
pub const MANIFEST: &str = ".draaiboek-manifest";

const MANIFEST_HEADER: &str = "# Bestanden die draaiboek in deze map heeft geschreven (hash, pad).\n\
# draaiboek overschrijft alleen bestanden die hier staan en sindsdien niet met de hand zijn veranderd.\n";

/// A set of files to write into one output folder.
#[derive(Debug)]
pub struct Uitvoer {
    dir: PathBuf,
    forceer: bool,
    /// The manifest as found, read at the first `add`.
    manifest: Option<BTreeMap<String, u64>>,
    files: BTreeMap<String, Staat>,
    /// Conflicts as (relative path, line of the message).
    conflicts: Vec<(String, String)>,
    /// Folders (relative, "" for the output folder) as seen in this run.
    mappen: FxHashMap<PathBuf, Map>,
    /// Folders made for temp files, removed again unless committed.
    gemaakt: Vec<PathBuf>,
    klaar: bool,
    /// Keep the files in memory instead of writing them (`bekijk`).
    geheugen: Option<BTreeMap<String, Vec<u8>>>,
}

/// What happens to one added file.
#[derive(Debug)]
enum Staat {
    /// Already identical on disk; the hash only when computed.
    Ongewijzigd(Option<u64>),
    /// Staged as a temp file next to its target, waiting for the rename.
    Klaar { tmp: tempfile::TempPath, hash: u64 },
    /// Not staged: a conflict, or after one (nothing will be written).
    Niet,
}

/// What `commit` did, for the command's summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Verslag {
    /// Written (new or changed), relative paths in sorted order.
    pub geschreven: Vec<String>,
    /// Already identical on disk, left untouched.
    pub ongewijzigd: Vec<String>,
}

impl Uitvoer {
    pub fn new(dir: impl Into<PathBuf>, forceer: bool) -> Self {
        Uitvoer {
            dir: dir.into(),
            forceer,
            manifest: None,
            files: BTreeMap::new(),
            conflicts: Vec::new(),
            mappen: FxHashMap::default(),
            gemaakt: Vec::new(),
            klaar: false,
            geheugen: None,
        }
    }

    /// Files kept in memory, never written: see [`Uitvoer::into_files`].
    pub fn in_geheugen() -> Self {
        let mut u = Uitvoer::new("", false);
        u.geheugen = Some(BTreeMap::new());
        u
    }

    /// The files of an [`Uitvoer::in_geheugen`], by path, without writing
    /// anything (`bekijk`).
    pub fn into_files(mut self) -> BTreeMap<String, Vec<u8>> {
        self.geheugen.take().unwrap_or_default()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Queue a file; `rel` is a relative path with `/` separators
    /// (sub-folders allowed, no `..`, not absolute, not the manifest). The
    /// file is checked against what is on disk now and, when it differs,
    /// staged as a temp file; nothing is replaced before [`Uitvoer::commit`].
    pub fn add(&mut self, rel: &str, bytes: impl AsRef<[u8]>) -> anyhow::Result<()> {
        let bytes = bytes.as_ref();
        check_rel(rel)?;
        if let Some(files) = &mut self.geheugen {
            if files.insert(rel.to_string(), bytes.to_vec()).is_some() {
                bail!("intern: het bestand {rel} is twee keer toegevoegd");
            }
            return Ok(());
        }
        if self.files.contains_key(rel) {
            bail!("intern: het bestand {rel} is twee keer toegevoegd");
        }
        if self.manifest.is_none() {
            self.check_dir()?;
            self.manifest = Some(read_manifest(&self.dir));
        }
        let target = self.dir.join(rel);
        let map = Path::new(rel).parent().unwrap_or(Path::new(""));
        let bestond = self.map_bestond(map, rel)?;
        let existing = if bestond {
            match std::fs::read(&target) {
                Ok(existing) => Some(existing),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(_) if target.is_dir() => bail!(
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
            }
        } else {
            None
        };
        let replaces = existing.is_some();
        if let Some(existing) = existing {
            if existing == bytes {
                self.files.insert(rel.to_string(), Staat::Ongewijzigd(None));
                return Ok(());
            }
            let manifest = self.manifest.as_ref().expect("read above");
            let ours = manifest.get(rel).is_some_and(|h| *h == hash(&existing));
            if !ours && !self.forceer {
                let why = if manifest.contains_key(rel) {
                    "met de hand veranderd sinds draaiboek het schreef"
                } else {
                    "niet door draaiboek geschreven"
                };
                self.conflicts
                    .push((rel.to_string(), format!("  {} ({why})", target.display())));
                self.files.insert(rel.to_string(), Staat::Niet);
                return Ok(());
            }
        }
        if !self.conflicts.is_empty() {
            // Nothing will be written: only keep checking for more conflicts.
            self.files.insert(rel.to_string(), Staat::Niet);
            return Ok(());
        }
        let h = hash(bytes);
        self.maak_map(map)?;
        let parent = parent_of(&target).to_path_buf();
        let tmp = stage(&parent, bytes, replaces).with_context(|| format!("{rel} is niet geschreven"))?;
        self.files.insert(rel.to_string(), Staat::Klaar { tmp, hash: h });
        Ok(())
    }

    /// Check everything, then write everything (or nothing).
    pub fn commit(mut self) -> anyhow::Result<Verslag> {
        if self.geheugen.is_some() {
            bail!("intern: deze uitvoer blijft in het geheugen");
        }
        self.check_dir()?;
        if !self.conflicts.is_empty() {
            let mut conflicts = std::mem::take(&mut self.conflicts);
            conflicts.sort();
            let lines: Vec<String> = conflicts.into_iter().map(|(_, line)| line).collect();
            bail!(
                "draaiboek heeft niets geschreven: deze bestanden zouden overschreven worden:\n{}\n\
                 Bewaar ze eerst ergens anders, kies een andere map met --uit MAP, \
                 of overschrijf ze bewust met --forceer.",
                lines.join("\n")
            );
        }
        let dir = self.dir.clone();
        let files = std::mem::take(&mut self.files);
        let mut verslag = Verslag::default();
        let any_staged = files.values().any(|s| matches!(s, Staat::Klaar { .. }));
        if !any_staged {
            verslag.ongewijzigd = files.into_keys().collect();
            self.klaar = true;
            return Ok(verslag);
        }
        // The manifest lists the hash of every file of this run; a file left
        // untouched is hashed only now that the manifest is rewritten.
        let mut files = files;
        for (rel, staat) in files.iter_mut() {
            match staat {
                Staat::Ongewijzigd(h @ None) => {
                    let bytes = std::fs::read(dir.join(rel)).map_err(|e| {
                        anyhow!(
                            "{} kan niet gelezen worden: {}",
                            dir.join(rel).display(),
                            crate::io_reason(&e)
                        )
                    })?;
                    *h = Some(hash(&bytes));
                }
                Staat::Niet => bail!("intern: {rel} is niet klaargezet"),
                _ => {}
            }
        }
        let old_manifest = self.manifest.take().unwrap_or_default();
        let manifest_text = render_manifest_merged(&old_manifest, &files);
        drop(old_manifest);
        let durable = dir.join(MANIFEST).exists();
        let manifest_tmp = stage(&dir, manifest_text.as_bytes(), durable).context("het manifest is niet geschreven")?;
        drop(manifest_text);
        for (rel, staat) in files {
            let Staat::Klaar { tmp, .. } = staat else {
                verslag.ongewijzigd.push(rel);
                continue;
            };
            let target = dir.join(&rel);
            tmp.persist(&target).map_err(|e| {
                anyhow!(
                    "{} kan niet geschreven worden: {}",
                    target.display(),
                    crate::io_reason(&e.error)
                )
            })?;
            verslag.geschreven.push(rel);
        }
        self.klaar = true;
        manifest_tmp.persist(dir.join(MANIFEST)).map_err(|e| {
            anyhow!(
                "het manifest kan niet geschreven worden: {}",
                crate::io_reason(&e.error)
            )
        })?;
        Ok(verslag)
    }

    /// The output folder must be a folder (or not exist yet).
    fn check_dir(&self) -> anyhow::Result<()> {
        if self.dir.exists() && !self.dir.is_dir() {
            bail!(
                "de uitvoermap {} is een bestand, geen map; kies een andere map met --uit MAP",
                self.dir.display()
            );
        }
        Ok(())
    }

    /// Whether the folder `map` (relative, "" for the output folder) existed
    /// before this run; an existing file where a folder on the way should be
    /// is an error. Each folder is looked at once per run.
    fn map_bestond(&mut self, map: &Path, rel: &str) -> anyhow::Result<bool> {
        if let Some(&m) = self.mappen.get(map) {
            return Ok(m == Map::Bestond);
        }
        let boven = match map.parent() {
            Some(p) => self.map_bestond(p, rel)?,
            None => true,
        };
        let bestond = boven
            && {
                let p = self.dir.join(map);
                match std::fs::metadata(&p) {
                    Ok(m) if m.is_dir() => true,
                    Ok(_) if map.as_os_str().is_empty() => bail!(
                        "de uitvoermap {} is een bestand, geen map; kies een andere map met --uit MAP",
                        self.dir.display()
                    ),
                    Ok(_) => bail!(
                        "{} is een bestand, maar draaiboek heeft daar een map nodig voor {rel}; verplaats het of kies een andere map met --uit MAP",
                        p.display()
                    ),
                    Err(_) => false,
                }
            };
        let m = if bestond { Map::Bestond } else { Map::Nieuw };
        self.mappen.insert(map.to_path_buf(), m);
        Ok(bestond)
    }

    /// Make the folder `map` (relative) for a temp file, if needed,
    /// remembering what was made so that it can be removed again.
    fn maak_map(&mut self, map: &Path) -> anyhow::Result<()> {
        if self.mappen.get(map) != Some(&Map::Nieuw) {
            return Ok(());
        }
        let mut nodig = Vec::new();
        match map.parent() {
            Some(boven) => {
                self.maak_map(boven)?;
                nodig.push(self.dir.join(map));
            }
            None => {
                // The output folder, and the folders above it that are missing.
                let mut p = self.dir.clone();
                while !p.as_os_str().is_empty() && !p.is_dir() {
                    nodig.push(p.clone());
                    p = parent_of(&p).to_path_buf();
                    if p == Path::new(".") {
                        break;
                    }
                }
            }
        }
        for abs in nodig.into_iter().rev() {
            match std::fs::create_dir(&abs) {
                Ok(()) => self.gemaakt.push(abs),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && abs.is_dir() => {}
                Err(e) => {
                    return Err(anyhow!(
                        "de map {} kan niet gemaakt worden: {}",
                        abs.display(),
                        crate::io_reason(&e)
                    ));
                }
            }
        }
        self.mappen.insert(map.to_path_buf(), Map::Gemaakt);
        Ok(())
    }
}

/// A folder of the output, as seen in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Map {
    /// There before the run: its files are read and compared.
    Bestond,
    /// Not there: every file in it is new; made when the first file is staged.
    Nieuw,
    /// Made by this run for its temp files.
    Gemaakt,
}

impl Drop for Uitvoer {
    /// A run that stops before its commit leaves nothing behind: the temp
    /// files go (each `TempPath` removes itself), then the folders made for
    /// them, deepest first, when they are empty.
    fn drop(&mut self) {
        self.files.clear();
        if !self.klaar {
            for map in self.gemaakt.iter().rev() {
                let _ = std::fs::remove_dir(map);
            }
        }
    }
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Replace (or create) `path` in one step: a temp file in the same folder
/// (same file system, so the rename is atomic), flushed to disk, keeping the
/// permissions of the file it replaces. For single files outside an
/// [`Uitvoer`]: the trekker's session file, exported templates.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = stage(parent_of(path), bytes, true)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    tmp.persist(path).map_err(|e| {
        anyhow!(
            "{} kan niet geschreven worden: {}",
            path.display(),
            crate::io_reason(&e.error)
        )
    })?;
    Ok(())
}

/// Create `path` with `bytes`, atomically, refusing to replace anything that
/// exists — also a file that appeared while the user was answering
/// questions. `Ok(false)`: the file already exists and was left alone.
pub fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<bool> {
    let tmp = stage(parent_of(path), bytes, true)?;
    match tmp.persist_noclobber(path) {
        Ok(()) => Ok(true),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(anyhow!(
            "{} kan niet geschreven worden: {}",
            path.display(),
            crate::io_reason(&e.error)
        )),
    }
}

/// Write `bytes` to a temp file in `parent`. With `durable`, flush it to the
/// disk before it may replace an existing file, so that a crash can never
/// leave an empty file where a good one was; a new file needs no flush (the
/// worst a crash leaves is no file), and skipping it keeps thousands of
/// invitations fast.
fn stage(parent: &Path, bytes: &[u8], durable: bool) -> anyhow::Result<tempfile::TempPath> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".draaiboek-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(parent).map_err(|e| {
        anyhow!(
            "in de map {} kan niet geschreven worden: {}",
            parent.display(),
            crate::io_reason(&e)
        )
    })?;
    tmp.write_all(bytes)
        .and_then(|_| if durable { tmp.as_file().sync_all() } else { Ok(()) })
        .map_err(|e| anyhow!("schrijven in {} mislukt: {}", parent.display(), crate::io_reason(&e)))?;
    // Close the file but keep the path (removed again if dropped): thousands
    // of staged invitations must not hold thousands of open files.
    Ok(tmp.into_temp_path())
}

fn check_rel(rel: &str) -> anyhow::Result<()> {
    let p = Path::new(rel);
    let ok = !rel.is_empty()
        && !rel.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && rel != MANIFEST;
    if ok {
        Ok(())
    } else {
        bail!("intern: ongeldig uitvoerpad `{rel}`")
    }
}

/// The manifest's hash of a file: [`crate::fnv::fnv64`].
pub fn hash(bytes: &[u8]) -> u64 {
    crate::fnv::fnv64(bytes)
}

fn read_manifest(dir: &Path) -> BTreeMap<String, u64> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (h, rel) = l.split_once("  ")?;
            Some((rel.to_string(), u64::from_str_radix(h, 16).ok()?))
        })
        .filter(|(rel, _)| check_rel(rel).is_ok())
        .collect()
}

/// The manifest after a run: the entries found, with every file of the
/// run added or updated (both lists are sorted: one merge, no copy).
fn render_manifest_merged(old: &BTreeMap<String, u64>, files: &BTreeMap<String, Staat>) -> String {
    let mut out = String::with_capacity(MANIFEST_HEADER.len() + (old.len().max(files.len())) * 48);
    out.push_str(MANIFEST_HEADER);
    let mut old = old.iter().peekable();
    let hash_of = |s: &Staat| match s {
        Staat::Ongewijzigd(Some(h)) | Staat::Klaar { hash: h, .. } => *h,
        _ => 0,
    };
    for (rel, staat) in files {
        while let Some((o, h)) = old.next_if(|(o, _)| o.as_str() < rel.as_str()) {
            out.push_str(&format!("{h:016x}  {o}\n"));
        }
        old.next_if(|(o, _)| *o == rel);
        out.push_str(&format!("{:016x}  {rel}\n", hash_of(staat)));
    }
    for (o, h) in old {
        out.push_str(&format!("{h:016x}  {o}\n"));
    }
    out
}

#[cfg(test)]
fn render_manifest(m: &BTreeMap<String, u64>) -> String {
    let mut out = MANIFEST_HEADER.to_string();
    for (rel, h) in m {
        out.push_str(&format!("{h:016x}  {rel}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Every file, names of temp files included, under `dir`.
    fn alles(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(d) = todo.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
                if p.is_dir() {
                    todo.push(p);
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_conflict_leaves_no_temp_files_and_no_new_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("uit");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("z.md"), "van de gebruiker").unwrap();
        let mut u = Uitvoer::new(&out, false);
        // Staged before the conflict is seen (sorted after it, added before).
        u.add("uitnodigingen/diep/a.txt", "een").unwrap();
        u.add("b.md", "twee").unwrap();
        u.add("z.md", "van draaiboek").unwrap();
        u.add("c.md", "drie").unwrap();
        let err = u.commit().unwrap_err().to_string();
        assert!(err.contains("z.md") && err.contains("niets geschreven"), "{err}");
        assert_eq!(alles(&out), ["z.md"]);

        // A run that stops before its commit (a render error) cleans up too.
        let mut u = Uitvoer::new(&out, false);
        u.add("uitnodigingen/a.txt", "een").unwrap();
        drop(u);
        assert_eq!(alles(&out), ["z.md"]);
        let nieuw = dir.path().join("nieuw/uit");
        let mut u = Uitvoer::new(&nieuw, false);
        u.add("a.md", "een").unwrap();
        drop(u);
        assert!(!dir.path().join("nieuw").exists());
    }

    #[test]
    fn the_manifest_hashes_untouched_files_too() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("uit");
        let mut u = Uitvoer::new(&out, false);
        u.add("a.md", "een").unwrap();
        u.add("b.md", "twee").unwrap();
        u.commit().unwrap();
        let eerst = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        // Nothing changes: nothing is written, the manifest neither.
        let mut u = Uitvoer::new(&out, false);
        u.add("a.md", "een").unwrap();
        u.add("b.md", "twee").unwrap();
        let v = u.commit().unwrap();
        assert!(v.geschreven.is_empty() && v.ongewijzigd == ["a.md", "b.md"]);
        // One file changes: the manifest keeps the right hash of the other.
        let mut u = Uitvoer::new(&out, false);
        u.add("b.md", "twee, nieuw").unwrap();
        u.add("a.md", "een").unwrap();
        let v = u.commit().unwrap();
        assert_eq!(
            (v.geschreven, v.ongewijzigd),
            (vec!["b.md".to_string()], vec!["a.md".to_string()])
        );
        let na = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert_eq!(na, render_manifest(&read_manifest(&out)));
        assert_eq!(read_manifest(&out)["a.md"], hash(b"een"));
        assert_eq!(read_manifest(&out)["b.md"], hash("twee, nieuw".as_bytes()));
        assert_ne!(eerst, na);
        assert_eq!(alles(&out), [".draaiboek-manifest", "a.md", "b.md"]);
    }
}
