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
//! Usage: `let mut u = Uitvoer::new(dir, forceer); u.add("agenda.md", bytes)?;
//! u.add("uitnodigingen/ingrid.eml", bytes)?; let verslag = u.commit()?;`

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, anyhow, bail};

/// The manifest's file name inside the output folder.
pub const MANIFEST: &str = ".draaiboek-manifest";

const MANIFEST_HEADER: &str = "# Bestanden die draaiboek in deze map heeft geschreven (hash, pad).\n\
# draaiboek overschrijft alleen bestanden die hier staan en sindsdien niet met de hand zijn veranderd.\n";

/// A set of files to write into one output folder.
#[derive(Debug)]
pub struct Uitvoer {
    dir: PathBuf,
    forceer: bool,
    files: BTreeMap<String, Vec<u8>>,
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
            files: BTreeMap::new(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The relative paths queued so far, sorted.
    pub fn paden(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }

    /// Queue a file; `rel` is a relative path with `/` separators
    /// (sub-folders allowed, no `..`, not absolute, not the manifest).
    pub fn add(&mut self, rel: &str, bytes: impl Into<Vec<u8>>) -> anyhow::Result<()> {
        check_rel(rel)?;
        if self.files.insert(rel.to_string(), bytes.into()).is_some() {
            bail!("intern: het bestand {rel} is twee keer toegevoegd");
        }
        Ok(())
    }

    /// The queued files, by path, without writing anything (`bekijk`).
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
    }

    /// Check everything, then write everything (or nothing).
    pub fn commit(self) -> anyhow::Result<Verslag> {
        let dir = &self.dir;
        if dir.exists() && !dir.is_dir() {
            bail!(
                "de uitvoermap {} is een bestand, geen map; kies een andere map met --uit MAP",
                dir.display()
            );
        }
        let manifest = read_manifest(dir);
        let mut conflicts = Vec::new();
        let mut todo = Vec::new();
        let mut verslag = Verslag::default();
        for (rel, bytes) in &self.files {
            let target = dir.join(rel);
            if let Some(blocker) = file_in_the_way(dir, rel) {
                bail!(
                    "{} is een bestand, maar draaiboek heeft daar een map nodig voor {rel}; verplaats het of kies een andere map met --uit MAP",
                    blocker.display()
                );
            }
            if target.is_dir() {
                bail!(
                    "{} is een map, maar draaiboek wil daar het bestand {rel} schrijven; verplaats de map of kies een andere map met --uit MAP",
                    target.display()
                );
            }
            let replaces = target.exists();
            match std::fs::read(&target) {
                Ok(existing) if existing == *bytes => {
                    verslag.ongewijzigd.push(rel.clone());
                    continue;
                }
                Ok(existing) => {
                    let ours = manifest.get(rel).is_some_and(|h| *h == hash(&existing));
                    if !ours && !self.forceer {
                        let why = if manifest.contains_key(rel) {
                            "met de hand veranderd sinds draaiboek het schreef"
                        } else {
                            "niet door draaiboek geschreven"
                        };
                        conflicts.push(format!("  {} ({why})", target.display()));
                        continue;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(anyhow!(
                        "{} kan niet gelezen worden: {}",
                        target.display(),
                        crate::io_reason(&e)
                    ));
                }
            }
            todo.push((rel.clone(), target, replaces));
        }
        if !conflicts.is_empty() {
            bail!(
                "draaiboek heeft niets geschreven: deze bestanden zouden overschreven worden:\n{}\n\
                 Bewaar ze eerst ergens anders, kies een andere map met --uit MAP, \
                 of overschrijf ze bewust met --forceer.",
                conflicts.join("\n")
            );
        }

        // Stage every file as a temp file next to its target; on any error the
        // temp files are removed when dropped and nothing has been replaced.
        let mut staged = Vec::new();
        for (rel, target, replaces) in &todo {
            let parent = target.parent().unwrap_or(dir);
            std::fs::create_dir_all(parent).map_err(|e| {
                anyhow!(
                    "de map {} kan niet gemaakt worden: {}",
                    parent.display(),
                    crate::io_reason(&e)
                )
            })?;
            let tmp =
                stage(parent, &self.files[rel], *replaces).with_context(|| format!("{rel} is niet geschreven"))?;
            staged.push((rel, tmp, target));
        }
        let mut new_manifest = manifest;
        for (rel, bytes) in &self.files {
            new_manifest.insert(rel.clone(), hash(bytes));
        }
        let manifest_tmp = if staged.is_empty() {
            None
        } else {
            let durable = dir.join(MANIFEST).exists();
            Some(
                stage(dir, render_manifest(&new_manifest).as_bytes(), durable)
                    .context("het manifest is niet geschreven")?,
            )
        };
        for (rel, tmp, target) in staged {
            tmp.persist(target).map_err(|e| {
                anyhow!(
                    "{} kan niet geschreven worden: {}",
                    target.display(),
                    crate::io_reason(&e.error)
                )
            })?;
            verslag.geschreven.push(rel.clone());
        }
        if let Some(tmp) = manifest_tmp {
            tmp.persist(dir.join(MANIFEST)).map_err(|e| {
                anyhow!(
                    "het manifest kan niet geschreven worden: {}",
                    crate::io_reason(&e.error)
                )
            })?;
        }
        Ok(verslag)
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

/// An existing file where a folder on the way to `rel` should be.
fn file_in_the_way(dir: &Path, rel: &str) -> Option<PathBuf> {
    let mut p = dir.to_path_buf();
    let parts: Vec<_> = Path::new(rel).components().collect();
    for c in &parts[..parts.len().saturating_sub(1)] {
        p.push(c);
        if p.exists() && !p.is_dir() {
            return Some(p);
        }
    }
    None
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
}
