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
//!   content hash, in a stable order, so its bytes are deterministic too;
//! - with [`Uitvoer::spiegel`] the folder mirrors the run: a file the
//!   manifest lists that this run no longer produces is removed (after every
//!   write succeeded), unless it was changed by hand, which is a conflict.
//!
//! Files are kept in memory up to [`IN_GEHEUGEN`] bytes in all; beyond that
//! they wait in one unnamed temp file (on disk, gone when the process ends),
//! so 20,000 invitations need little memory. Only the commit writes into
//! the output folder.
//!
//! Usage: `let mut u = Uitvoer::new(dir, forceer); u.add("agenda.md", bytes)?;
//! u.add("uitnodigingen/ingrid.eml", bytes)?; let verslag = u.commit()?;`
//!
//! One concept per file: `plan` (which folders exist, which files change or
//! are in the way), `commit` (stage, announce, rename, remove), `manifest`,
//! `opslag` (the spill store), `invoer` (the input fingerprint), `slot` (the
//! folder lock), `atomair` (single files written atomically) and `bewerk`
//! (editing the trekker's own files in place).

mod atomair;
mod bewerk;
mod commit;
mod invoer;
mod manifest;
mod opslag;
mod plan;
mod slot;
#[cfg(test)]
mod tests;

pub use atomair::{atomic_write, maak_map, write_new};
pub use bewerk::edit_in_place;
pub use invoer::{INVOER, ongewijzigd};
pub use manifest::MANIFEST;
pub use opslag::IN_GEHEUGEN;
pub use slot::SLOT;

use atomair::*;
use manifest::*;
use opslag::*;
use plan::*;
use slot::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::bail;

/// A set of files to write into one output folder.
#[derive(Debug)]
pub struct Uitvoer {
    dir: PathBuf,
    forceer: bool,
    files: Wachtrij,
    /// Where files beyond [`IN_GEHEUGEN`] wait for the commit.
    opslag: Opslag,
    /// Remove earlier files this run no longer produces, for the paths this
    /// predicate accepts (`None`: remove nothing).
    spiegel: Option<fn(&str) -> bool>,
    /// The fingerprint of what this run was made from, kept in [`INVOER`]
    /// after the commit (see [`ongewijzigd`]).
    invoer: Option<u64>,
    /// A file in the folder itself that says the others are complete: put
    /// in place after every other file and removal ([`als_laatste`](Self::als_laatste)).
    laatst: Option<String>,
}

/// What `commit` did, for the command's summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Verslag {
    /// Written (new or changed), relative paths in sorted order.
    pub geschreven: Vec<String>,
    /// Already identical on disk, left untouched.
    pub ongewijzigd: Vec<String>,
    /// Written earlier by draaiboek, no longer produced, now removed.
    pub verwijderd: Vec<String>,
}

impl Uitvoer {
    pub fn new(dir: impl Into<PathBuf>, forceer: bool) -> Self {
        Uitvoer {
            dir: dir.into(),
            forceer,
            files: BTreeMap::new(),
            opslag: Opslag::default(),
            spiegel: None,
            invoer: None,
            laatst: None,
        }
    }

    /// Put the queued file `rel` (in the output folder itself, not in a
    /// sub-folder) in place after every other file is in place and every
    /// file no longer made is removed: a run killed before that leaves the
    /// old one (or none), never one that describes files not yet there.
    pub fn als_laatste(&mut self, rel: &str) {
        self.laatst = Some(rel.to_string());
    }

    /// Keep `invoer`, the fingerprint of everything this run was made from,
    /// with the folder after the commit, so that a next run from the same
    /// input can find the folder up to date without rendering ([`ongewijzigd`]).
    pub fn onthoud_invoer(&mut self, invoer: u64) {
        self.invoer = Some(invoer);
    }

    /// Make the folder mirror this run: files in the manifest for which
    /// `eigen` is true and that this run does not produce are removed by
    /// [`commit`](Self::commit). Only `maak` does this: `kaarten` writes a
    /// part of the documents, and other commands own other files.
    pub fn spiegel(&mut self, eigen: fn(&str) -> bool) {
        self.spiegel = Some(eigen);
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The relative paths queued so far, sorted.
    pub fn paden(&self) -> Vec<&str> {
        self.files.keys().map(|r| &**r).collect()
    }

    /// Queue a file; `rel` is a relative path with `/` separators
    /// (sub-folders allowed, no `..`, not absolute, not the manifest).
    pub fn add(&mut self, rel: &str, bytes: impl Into<Vec<u8>>) -> anyhow::Result<()> {
        self.add_gehasht(rel, bytes.into(), None)
    }

    /// [`add`](Self::add) of bytes whose [`crate::fnv::fnv64`] was already computed
    /// (on the thread that made them); `None`: compute it here.
    pub fn add_gehasht(&mut self, rel: &str, bytes: Vec<u8>, gehasht: Option<u64>) -> anyhow::Result<()> {
        check_rel(rel)?;
        if self.files.contains_key(rel) {
            bail!("intern: het bestand {rel} is twee keer toegevoegd");
        }
        debug_assert!(
            gehasht.is_none_or(|h| h == crate::fnv::fnv64(&bytes)),
            "{rel}: wrong precomputed hash"
        );
        let inhoud = self.opslag.bewaar(bytes, gehasht)?;
        self.files.insert(rel.into(), inhoud);
        Ok(())
    }

    /// Queue a file whose bytes `schrijf` writes as they are made (a page
    /// of thousands of participants goes straight to the store, never whole
    /// in memory). The same as [`add`](Self::add) of the same bytes.
    pub fn add_met(
        &mut self,
        rel: &str,
        schrijf: impl FnOnce(&mut dyn std::io::Write) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        check_rel(rel)?;
        if self.files.contains_key(rel) {
            bail!("intern: het bestand {rel} is twee keer toegevoegd");
        }
        let mut w = Schrijver {
            hash: crate::fnv::FNV64_BEGIN,
            lengte: 0,
            geheugen: Some(Vec::new()),
            begin: 0,
            opslag: &mut self.opslag,
        };
        schrijf(&mut w)?;
        let inhoud = w.klaar();
        self.files.insert(rel.into(), inhoud);
        Ok(())
    }

    /// The queued files, by path, without writing anything (`bekijk`).
    pub fn into_files(self) -> anyhow::Result<BTreeMap<String, Vec<u8>>> {
        self.files
            .iter()
            .map(|(rel, inhoud)| Ok((rel.to_string(), self.opslag.lees(inhoud)?.into_owned())))
            .collect()
    }

    /// Check everything, then write everything (or nothing).
    ///
    /// The steps, in order: refuse what would write outside the folder or
    /// over a foreign manifest; take the folder's lock; remove temp files an
    /// interrupted run left; find conflicts; stage every file as a temp file;
    /// write a manifest that accepts both the old and the new bytes of every
    /// file about to change; rename the files into place; write the final
    /// manifest. A run killed at any point leaves a folder the next run
    /// recognises as its own.
    pub fn commit(self) -> anyhow::Result<Verslag> {
        let dir = &self.dir;
        if dir.exists() && !dir.is_dir() {
            bail!(
                "de uitvoermap {} is een bestand, geen map; kies een andere map met --uit MAP",
                dir.display()
            );
        }
        check_manifest_path(dir)?;
        let mappen = self.mappen()?;
        let slot = Slot::neem(dir)?;
        remove_stale_temps(dir, &mappen);
        let manifest = read_manifest(dir);
        let (todo, verslag) = self.plan(&manifest, &mappen)?;
        let weg = self.weg(&manifest)?;
        let written = self.write(&manifest, todo, weg, verslag)?;
        if let (Some(invoer), Some(eigen)) = (self.invoer, self.spiegel) {
            self.bewaar_invoer(invoer, eigen);
        }
        drop(slot);
        Ok(written)
    }
}
