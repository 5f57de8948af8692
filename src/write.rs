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
    files: Wachtrij,
    /// Where files beyond [`IN_GEHEUGEN`] wait for the commit.
    opslag: Opslag,
    /// Remove earlier files this run no longer produces, for the paths this
    /// predicate accepts (`None`: remove nothing).
    spiegel: Option<fn(&str) -> bool>,
    /// The fingerprint of what this run was made from, kept in [`INVOER`]
    /// after the commit (see [`ongewijzigd`]).
    invoer: Option<u64>,
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
        }
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

    /// [`add`](Self::add) of bytes whose [`hash`] was already computed
    /// (on the thread that made them); `None`: compute it here.
    pub fn add_gehasht(&mut self, rel: &str, bytes: Vec<u8>, gehasht: Option<u64>) -> anyhow::Result<()> {
        check_rel(rel)?;
        if self.files.contains_key(rel) {
            bail!("intern: het bestand {rel} is twee keer toegevoegd");
        }
        debug_assert!(
            gehasht.is_none_or(|h| h == hash(&bytes)),
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

    /// Every folder the queued files need ("" for the output folder
    /// itself), looked at once each (not once per file and path part): a
    /// link or a file where a folder should be stops the run here, before
    /// anything is written.
    fn mappen(&self) -> anyhow::Result<Mappen<'_>> {
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
    fn plan<'a>(&'a self, manifest: &Manifest, mappen: &Mappen<'a>) -> anyhow::Result<(Vec<Todo<'a>>, Verslag)> {
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
    fn weg(&self, manifest: &Manifest) -> anyhow::Result<Weg> {
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
                Some(b) if hashes.contains(&hash(&b)) => weg.verwijderen.push((rel.clone(), target)),
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

    /// Stage, announce in the manifest, rename, remove what is no longer
    /// made, and settle the manifest.
    fn write(
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
        for (target, tmp) in staged {
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

/// How many bytes of queued files stay in memory before the rest waits on
/// disk: the documents of a usual session (well under 1 MB) never touch
/// the disk twice; a list of thousands of invitations does not fill memory.
pub const IN_GEHEUGEN: usize = 2 << 20;

/// One queued file: its manifest hash (computed once), its length and
/// where its bytes are (small: tens of thousands of them wait for the commit).
#[derive(Debug)]
struct Inhoud {
    hash: u64,
    lengte: usize,
    /// With [`GEHEUGEN`] set: the index in [`Opslag::geheugen`]; otherwise
    /// where it begins in the spill.
    plek: u64,
}

/// The bit of [`Inhoud::plek`] for bytes kept in memory.
const GEHEUGEN: u64 = 1 << 63;

/// The queued files by relative path, sorted.
type Wachtrij = BTreeMap<Box<str>, Inhoud>;

/// The spill file for queued files beyond [`IN_GEHEUGEN`]: written in
/// blocks of [`BLOK`] bytes, read back with positioned reads.
#[derive(Debug, Default)]
struct Opslag {
    /// Files within [`IN_GEHEUGEN`].
    geheugen: Vec<Vec<u8>>,
    file: Option<std::fs::File>,
    /// Bytes at the end of the spill not yet written to the file.
    staart: Vec<u8>,
    /// Bytes written to the file (where `staart` begins).
    geschreven: u64,
    in_geheugen: usize,
}

/// The spill file is written in blocks of this size.
const BLOK: usize = 256 << 10;

impl Opslag {
    fn bewaar(&mut self, bytes: Vec<u8>, gehasht: Option<u64>) -> anyhow::Result<Inhoud> {
        let (hash, lengte) = (gehasht.unwrap_or_else(|| hash(&bytes)), bytes.len());
        if self.in_geheugen + lengte <= IN_GEHEUGEN {
            return Ok(Inhoud {
                hash,
                lengte,
                plek: self.onthoud(bytes),
            });
        }
        let plek = self.eind();
        self.voeg_toe(&bytes)?;
        Ok(Inhoud { hash, lengte, plek })
    }

    /// Keep `bytes` in memory; their [`Inhoud::plek`].
    fn onthoud(&mut self, mut bytes: Vec<u8>) -> u64 {
        // A rendered page may have room to spare; the budget counts bytes.
        bytes.shrink_to_fit();
        self.in_geheugen += bytes.len();
        self.geheugen.push(bytes);
        (self.geheugen.len() - 1) as u64 | GEHEUGEN
    }

    /// Where the next bytes in the spill begin.
    fn eind(&self) -> u64 {
        self.geschreven + self.staart.len() as u64
    }

    /// Add bytes at the end of the spill.
    fn voeg_toe(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        if bytes.len() >= BLOK {
            self.spoel()?;
            self.schrijf(bytes)
        } else {
            self.staart.extend_from_slice(bytes);
            if self.staart.len() >= BLOK {
                self.spoel()?;
            }
            Ok(())
        }
    }

    /// Write `staart` to the file.
    fn spoel(&mut self) -> anyhow::Result<()> {
        let staart = std::mem::take(&mut self.staart);
        self.schrijf(&staart)?;
        self.staart = staart;
        self.staart.clear();
        Ok(())
    }

    fn schrijf(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        let reden = |e: std::io::Error| {
            anyhow!(
                "de bestanden kunnen niet tijdelijk bewaard worden in {}: {}",
                std::env::temp_dir().display(),
                crate::io_reason(&e)
            )
        };
        if self.file.is_none() {
            self.file = Some(tempfile::tempfile().map_err(reden)?);
        }
        if let Some(f) = &mut self.file {
            f.write_all(bytes).map_err(reden)?;
        }
        self.geschreven += bytes.len() as u64;
        Ok(())
    }

    /// Give the bytes of `inhoud` to `f` in order, in parts of at most
    /// [`BLOK`] bytes (`buf` is reused for the parts read from the file).
    fn in_stukken(
        &self,
        inhoud: &Inhoud,
        buf: &mut Vec<u8>,
        mut f: impl FnMut(&[u8]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if inhoud.plek & GEHEUGEN != 0 {
            return f(&self.geheugen[(inhoud.plek & !GEHEUGEN) as usize]);
        }
        let (mut pos, eind) = (inhoud.plek, inhoud.plek + inhoud.lengte as u64);
        while pos < eind {
            if pos >= self.geschreven {
                let van = (pos - self.geschreven) as usize;
                return f(&self.staart[van..van + (eind - pos) as usize]);
            }
            let n = (eind.min(self.geschreven) - pos).min(BLOK as u64) as usize;
            buf.resize(n, 0);
            match &self.file {
                Some(file) => lees_op(file, buf, pos)?,
                None => return Err(std::io::Error::other("geen tijdelijk bestand")),
            }
            f(buf)?;
            pos += n as u64;
        }
        Ok(())
    }

    fn lees(&self, inhoud: &Inhoud) -> anyhow::Result<std::borrow::Cow<'_, [u8]>> {
        if inhoud.plek & GEHEUGEN != 0 {
            return Ok(std::borrow::Cow::Borrowed(
                &self.geheugen[(inhoud.plek & !GEHEUGEN) as usize],
            ));
        }
        let begin = inhoud.plek;
        let mut buf = vec![0; inhoud.lengte];
        // The part already in the file, then the part still in `staart`.
        let in_file = (self.geschreven.saturating_sub(begin) as usize).min(inhoud.lengte);
        let gelezen = match &self.file {
            Some(f) if in_file > 0 => lees_op(f, &mut buf[..in_file], begin),
            None if in_file > 0 => Err(std::io::Error::other("geen tijdelijk bestand")),
            _ => Ok(()),
        };
        gelezen.map_err(|e| {
            anyhow!(
                "een tijdelijk bewaard bestand kan niet gelezen worden: {}",
                crate::io_reason(&e)
            )
        })?;
        if in_file < inhoud.lengte {
            let van = (begin + in_file as u64 - self.geschreven) as usize;
            buf[in_file..].copy_from_slice(&self.staart[van..van + inhoud.lengte - in_file]);
        }
        Ok(std::borrow::Cow::Owned(buf))
    }
}

/// A file being queued by [`Uitvoer::add_met`]: in memory while it fits the
/// budget, then in the spill; hashed as it comes.
struct Schrijver<'a> {
    hash: u64,
    lengte: usize,
    /// `None` once it moved to the spill, at `begin`.
    geheugen: Option<Vec<u8>>,
    begin: u64,
    opslag: &'a mut Opslag,
}

impl std::io::Write for Schrijver<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.hash = crate::fnv::fnv64_verder(self.hash, buf);
        self.lengte += buf.len();
        let io = |e: anyhow::Error| std::io::Error::other(format!("{e:#}"));
        match &mut self.geheugen {
            Some(v) if self.opslag.in_geheugen + v.len() + buf.len() <= IN_GEHEUGEN => v.extend_from_slice(buf),
            Some(v) => {
                let v = std::mem::take(v);
                self.geheugen = None;
                self.begin = self.opslag.eind();
                self.opslag.voeg_toe(&v).map_err(io)?;
                self.opslag.voeg_toe(buf).map_err(io)?;
            }
            None => self.opslag.voeg_toe(buf).map_err(io)?,
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Schrijver<'_> {
    fn klaar(self) -> Inhoud {
        let plek = match self.geheugen {
            Some(v) => self.opslag.onthoud(v),
            None => self.begin,
        };
        Inhoud {
            hash: self.hash,
            lengte: self.lengte,
            plek,
        }
    }
}

/// Fill `buf` from `f` at `offset`, without moving the file's position.
fn lees_op(f: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(f, buf, offset)
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::FileExt;
        let (mut buf, mut offset) = (buf, offset);
        while !buf.is_empty() {
            match f.seek_read(buf, offset)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                n => {
                    buf = &mut buf[n..];
                    offset += n as u64;
                }
            }
        }
        Ok(())
    }
}

/// Files written earlier that a mirroring run no longer produces.
#[derive(Default)]
struct Weg {
    /// Unchanged since draaiboek wrote them: removed.
    verwijderen: Vec<(String, PathBuf)>,
    /// Already gone, or kept (hand-edited, with --forceer): dropped from the manifest.
    vergeten: Vec<String>,
}

/// A file to write: its relative path, whether it replaces one, and the
/// outermost new folder on its way (staged as a whole), if any.
struct Todo<'a> {
    rel: &'a str,
    replaces: bool,
    wortel: Option<&'a str>,
}

/// Create the file `path` (never one that exists) with what `schrijf` writes.
fn schrijf_nieuw(path: &Path, schrijf: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>) -> anyhow::Result<()> {
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
const TWEE_DRADEN_VANAF: usize = 256;

/// How many files a thread takes at a time (neighbours in one folder).
const PLUK: usize = 64;

impl Uitvoer {
    /// Write the queued files that go into new folders into their staged
    /// folders (`mappen`), each exactly once. Many files are shared out over
    /// two threads in runs of [`PLUK`]; on an error both threads stop, the
    /// earliest file that failed is reported, and the staged folders, with
    /// whatever was written into them, are removed when dropped.
    fn vul_nieuwe_mappen(&self, bestanden: &[&Todo<'_>], mappen: &[NieuweMap<'_>]) -> anyhow::Result<()> {
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

/// What a folder on the way to the queued files is, found once per folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Map {
    /// A real folder (no link): each file in it is read and compared first.
    Bestaat,
    /// Not there yet: nothing in it can be in the way or changed by hand.
    Nieuw,
}

/// Per folder of the queued files (relative, "" for the output folder), what it is.
type Mappen<'a> = BTreeMap<&'a str, Map>;

/// The folder part of a relative path ("" at the top).
fn map_van(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(m, _)| m)
}

/// A folder that does not exist yet, filled under a temp name
/// (`.draaiboek-*.tmp`) next to where it goes, and renamed into place as a
/// whole after every file was written: one rename instead of one per file,
/// and an interrupted run leaves only a temp folder the next run removes.
struct NieuweMap<'a> {
    rel: &'a str,
    tmp: tempfile::TempDir,
    /// Sub-folders made inside it so far.
    gemaakt: std::collections::BTreeSet<String>,
}

impl<'a> NieuweMap<'a> {
    fn maak(dir: &Path, rel: &'a str) -> anyhow::Result<Self> {
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
    fn maak_sub(&mut self, binnen: &str) -> anyhow::Result<()> {
        let sub = map_van(binnen);
        if !sub.is_empty() && !self.gemaakt.contains(sub) {
            maak_map(&self.tmp.path().join(sub))?;
            self.gemaakt.insert(sub.to_string());
        }
        Ok(())
    }

    fn op_zijn_plaats(self, dir: &Path) -> anyhow::Result<()> {
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

impl Uitvoer {
    /// Compare a file in the output folder that this run may replace with
    /// the new bytes, in blocks (a page of 10 MB is never read whole):
    /// whether it is the same, and if not, the manifest hash of what is there.
    /// A link at its place is not followed (`O_NOFOLLOW`: [`is_link_error`])
    /// and a pipe does not block; an unchanged file takes one open, one
    /// read of its length and one read that finds its end, no `stat`.
    fn vergelijk_bestaand(
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
fn is_link_error(e: &std::io::Error) -> bool {
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
fn koppeling(p: &Path) -> anyhow::Error {
    anyhow!(
        "draaiboek heeft niets geschreven: {} is een koppeling (symlink); draaiboek schrijft alleen in de uitvoermap zelf en volgt geen koppelingen. \
         Verwijder de koppeling of kies een andere map met --uit MAP.",
        p.display()
    )
}

/// The file in which `maak` keeps the fingerprint of the input its files
/// were made from, together with the manifest it left.
pub const INVOER: &str = ".draaiboek-invoer";

/// The first line of [`INVOER`]: what makes the file draaiboek's own
/// (the explanation below it may change between versions).
const INVOER_MERK: &str = "# draaiboek-invoer\n";

const INVOER_KOP: &str = "# draaiboek-invoer\n\
# Een vingerafdruk van alles waarmee `draaiboek maak` deze map het laatst vulde: sessie, deelnemers,\n\
# sjablonen, opties, datum, de versie van draaiboek en het manifest. Zolang die klopt en geen bestand\n\
# is veranderd, hoeft maak niets opnieuw te maken. Weggooien mag: dan maakt maak alles opnieuw en vergelijkt.\n";

/// The text of [`INVOER`] for this input and this manifest.
fn invoer_tekst(invoer: u64, manifest: &[u8]) -> String {
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
fn lees_eigen(path: &Path, limit: u64) -> Option<Vec<u8>> {
    crate::reader::read_own(path, limit).ok()
}

/// Whether `path` holds draaiboek's fingerprint (or nothing): a file by
/// that name that is not ours is left alone.
fn invoer_van_ons(path: &Path) -> bool {
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
    fn bewaar_invoer(&self, invoer: u64, eigen: fn(&str) -> bool) {
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

/// Per relative path, the hashes of the bytes draaiboek wrote there (two
/// while a run is replacing the file, one otherwise).
type Manifest = BTreeMap<String, Vec<u64>>;

/// The manifest text after this run, merged from the `old` entries and the
/// queued `files` (the same text as [`render_manifest`] of the merged map).
/// With `overgang` a changing file lists its old hashes and then the new
/// one; otherwise only the new one, and the paths in `gaan` are left out.
fn manifest_naar(
    old: &Manifest,
    files: &Wachtrij,
    overgang: bool,
    gaan: &std::collections::BTreeSet<&str>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    out.write_all(MANIFEST_HEADER.as_bytes())?;
    let regel = |out: &mut dyn std::io::Write, rel: &str, h: u64| writeln!(out, "{h:016x}  {rel}");
    let oude = |out: &mut dyn std::io::Write, rel: &str, hashes: &[u64]| -> std::io::Result<()> {
        if !gaan.contains(rel) {
            for h in hashes {
                regel(out, rel, *h)?;
            }
        }
        Ok(())
    };
    let mut o = old.iter().peekable();
    for (rel, inhoud) in files {
        while let Some((r, hs)) = o.next_if(|(r, _)| r.as_str() < &**rel) {
            oude(out, r, hs)?;
        }
        let eerder = o.next_if(|(r, _)| r.as_str() == &**rel).map(|(_, hs)| hs.as_slice());
        if overgang && let Some(hs) = eerder {
            for h in hs {
                regel(out, rel, *h)?;
            }
            if !hs.contains(&inhoud.hash) {
                regel(out, rel, inhoud.hash)?;
            }
        } else {
            regel(out, rel, inhoud.hash)?;
        }
    }
    for (r, hs) in o {
        oude(out, r, hs)?;
    }
    Ok(())
}

/// [`manifest_naar`] as a String.
#[cfg(test)]
fn manifest_na(old: &Manifest, files: &Wachtrij, overgang: bool, gaan: &std::collections::BTreeSet<&str>) -> String {
    let mut out = Vec::new();
    manifest_naar(old, files, overgang, gaan, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Write the manifest that `schrijf` makes (straight into the file, in
/// blocks: with tens of thousands of files it is megabytes of text).
fn write_manifest(
    dir: &Path,
    schrijf: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let tmp = stage_met(dir, true, |f| {
        let mut w = std::io::BufWriter::with_capacity(BLOK, f);
        schrijf(&mut w)?;
        w.flush()
    })
    .context("het manifest is niet geschreven")?;
    tmp.persist(dir.join(MANIFEST)).map_err(|e| {
        anyhow!(
            "het manifest kan niet geschreven worden: {}",
            crate::io_reason(&e.error)
        )
    })?;
    Ok(())
}

/// The manifest must be draaiboek's own regular file (or absent): a folder,
/// a link or a foreign file in its place is found before anything is written.
fn check_manifest_path(dir: &Path) -> anyhow::Result<()> {
    let path = dir.join(MANIFEST);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Ok(());
    };
    let probleem = if meta.file_type().is_symlink() {
        Some("een koppeling (symlink)")
    } else if meta.is_dir() {
        Some("een map")
    } else if !meta.is_file() {
        Some("geen gewoon bestand")
    } else {
        let head = crate::reader::read_regular(&path, 64 * 1024 * 1024).unwrap_or_default();
        let first = MANIFEST_HEADER.lines().next().unwrap_or_default();
        (!head.starts_with(first.as_bytes())).then_some("een bestand dat niet door draaiboek is geschreven")
    };
    match probleem {
        None => Ok(()),
        Some(wat) => bail!(
            "draaiboek heeft niets geschreven: {} is {wat}, maar daar houdt draaiboek bij welke bestanden het schreef. \
             Verplaats het, of kies een andere map met --uit MAP.",
            path.display()
        ),
    }
}

/// Refuse a symbolic link on the way to `rel` inside `dir` (a sub-folder or
/// the file itself): following it could write outside the output folder.
fn check_no_links(dir: &Path, rel: &str) -> anyhow::Result<()> {
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
fn remove_stale_temps(dir: &Path, mappen: &Mappen<'_>) {
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

/// The lock file of an output folder.
pub const SLOT: &str = ".draaiboek-slot";

/// The lock on an output folder: a file made with `create_new` holding the
/// process id, removed when dropped (also on an error). A lock whose process
/// is gone (a killed run) is taken over. Folders this lock had to create are
/// removed again when nothing was written into them.
struct Slot {
    path: PathBuf,
    created: Vec<PathBuf>,
}

impl Slot {
    fn neem(dir: &Path) -> anyhow::Result<Slot> {
        let mut created = Vec::new();
        let mut p = dir.to_path_buf();
        while !p.as_os_str().is_empty() && !p.exists() {
            created.push(p.clone());
            p = match p.parent() {
                Some(q) => q.to_path_buf(),
                None => break,
            };
        }
        maak_map(dir)?;
        let path = dir.join(SLOT);
        for _ in 0..3 {
            match std::fs::File::create_new(&path) {
                Ok(mut f) => {
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(Slot { path, created });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let pid = std::fs::read_to_string(&path)
                        .ok()
                        .and_then(|t| t.trim().parse::<u32>().ok());
                    if let Some(pid) = pid.filter(|p| process_runs(*p)) {
                        let slot = Slot {
                            path: PathBuf::new(),
                            created,
                        };
                        drop(slot);
                        bail!(
                            "draaiboek heeft niets geschreven: een andere draaiboek (proces {pid}) schrijft op dit moment in {}. \
                             Wacht tot die klaar is en probeer het dan opnieuw.",
                            dir.display()
                        );
                    }
                    // Left by a run that was killed: take it over.
                    let _ = std::fs::remove_file(&path);
                }
                Err(e) => bail!(
                    "in de map {} kan niet geschreven worden: {}",
                    dir.display(),
                    crate::io_reason(&e)
                ),
            }
        }
        bail!(
            "de map {} is op slot ({}) en het slot kan niet weg",
            dir.display(),
            path.display()
        )
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.path);
        }
        for d in &self.created {
            // Only empty folders go; anything written stays.
            let _ = std::fs::remove_dir(d);
        }
    }
}

/// Whether process `pid` is a running draaiboek. Without `/proc` a lock is
/// trusted (the message names its file, so it can be removed by hand).
fn process_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if !Path::new("/proc/self").exists() {
        return true;
    }
    std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim().starts_with("draaiboek"))
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

/// Replace the trekker's own file `path` (read earlier as `original`) with
/// `bytes`, keeping the file as it is on disk:
///
/// - through a symbolic link the target is edited and the link stays a link;
/// - the permissions and the owner stay; a read-only file is refused;
/// - CRLF line ends stay when the file had them;
/// - when the file changed on disk since it was read (an editor saved it),
///   nothing is written and the message says so.
pub fn edit_in_place(path: &Path, original: &[u8], bytes: &[u8]) -> anyhow::Result<()> {
    let target = std::fs::canonicalize(path).map_err(|e| {
        anyhow!(
            "{} kan niet bewerkt worden: {}; er is niets veranderd",
            path.display(),
            crate::io_reason(&e)
        )
    })?;
    let meta = std::fs::metadata(&target)
        .map_err(|e| anyhow!("{} kan niet bewerkt worden: {}", path.display(), crate::io_reason(&e)))?;
    if meta.permissions().readonly() {
        bail!(
            "{} is alleen-lezen; er is niets veranderd. Maak het bestand schrijfbaar (bijvoorbeeld `chmod u+w {}`) als je het wilt laten aanpassen.",
            path.display(),
            path.display()
        );
    }
    let crlf = original.windows(2).any(|w| w == b"\r\n");
    let bytes = if crlf { to_crlf(bytes) } else { bytes.to_vec() };
    let tmp = stage(parent_of(&target), &bytes, true)?;
    let _ = std::fs::set_permissions(&tmp, meta.permissions());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; for anyone else the owner is already right.
        let _ = std::os::unix::fs::chown(&tmp, Some(meta.uid()), Some(meta.gid()));
    }
    let now = crate::reader::read_regular(&target, crate::reader::MAX_SESSIE_BYTES).ok();
    if now.as_deref() != Some(original) {
        bail!(
            "{} is veranderd sinds draaiboek het las (bewaard in een editor?); er is niets veranderd. Probeer het opnieuw.",
            path.display()
        );
    }
    tmp.persist(&target).map_err(|e| {
        anyhow!(
            "{} kan niet geschreven worden: {}",
            path.display(),
            crate::io_reason(&e.error)
        )
    })?;
    Ok(())
}

/// Every line end as CRLF (also those of lines that were added).
fn to_crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 20);
    let mut prev = 0u8;
    for &b in bytes {
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        prev = b;
    }
    out
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
/// Create a folder and its parents, with a Dutch reason when that fails.
pub fn maak_map(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        anyhow!(
            "de map {} kan niet gemaakt worden: {}",
            dir.display(),
            crate::io_reason(&e)
        )
    })
}

fn stage(parent: &Path, bytes: &[u8], durable: bool) -> anyhow::Result<tempfile::TempPath> {
    stage_met(parent, durable, |f| f.write_all(bytes))
}

/// [`stage`] with the bytes written by `schrijf`.
fn stage_met(
    parent: &Path,
    durable: bool,
    schrijf: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> anyhow::Result<tempfile::TempPath> {
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
    schrijf(tmp.as_file_mut())
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

fn read_manifest(dir: &Path) -> Manifest {
    parse_manifest(&std::fs::read_to_string(dir.join(MANIFEST)).unwrap_or_default())
}

fn parse_manifest(text: &str) -> Manifest {
    let mut m = Manifest::new();
    for (h, rel) in manifest_regels(text) {
        m.entry(rel.to_string()).or_default().push(h);
    }
    m
}

/// The manifest's entries as (hash, path), in the file's order; comment
/// lines and lines that are no entry (or name no safe path) are skipped.
fn manifest_regels(text: &str) -> impl Iterator<Item = (u64, &str)> {
    text.lines().filter(|l| !l.starts_with('#')).filter_map(|l| {
        let (h, rel) = l.split_once("  ")?;
        let h = u64::from_str_radix(h, 16).ok()?;
        check_rel(rel).is_ok().then_some((h, rel))
    })
}

#[cfg(test)]
fn render_manifest(m: &Manifest) -> String {
    let mut out = MANIFEST_HEADER.to_string();
    for (rel, hashes) in m {
        for h in hashes {
            out.push_str(&format!("{h:016x}  {rel}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
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

    use super::*;

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
            assert_eq!(u.files[rel].hash, hash(bytes));
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
}
