//! Watch the files a rendering reads, and render again when one changes.
//!
//! Folders are watched, not files: editors often save by writing a new file
//! and renaming it over the old one, which a watch on the old file would
//! miss. Events for other files in those folders are ignored, and so are
//! reads (our own reading of the session would otherwise start a loop).
//! A burst of events (truncate, write, close) becomes one rendering: it
//! waits until the folder has been quiet for [`STIL`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecursiveMode, Watcher};

use super::{Bron, Gedeeld, Inhoud, bouw};

/// Quiet time after the last event before rendering.
const STIL: Duration = Duration::from_millis(10);
/// A steady stream of events still renders this often.
const HOOGSTENS: Duration = Duration::from_millis(250);

/// What to watch for one rendering.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Doelen {
    /// Single files (session, CSV), watched through their folder.
    bestanden: BTreeSet<PathBuf>,
    /// Folders whose every file counts (templates, own library).
    mappen: BTreeSet<PathBuf>,
}

impl Doelen {
    fn van(bron: &Bron) -> Doelen {
        let mut d = Doelen::default();
        d.bestand(&bron.sessie);
        if let Some(csv) = pad_uit_sessie(&bron.sessie, "deelnemers_csv") {
            d.bestand(&csv);
        }
        // `--sjablonen` wins over `sjablonen = "…"` in the session, as in `maak`.
        let sjablonen = bron
            .sjablonen
            .clone()
            .or_else(|| pad_uit_sessie(&bron.sessie, "sjablonen"));
        for map in [&sjablonen, &bron.lib_dir].into_iter().flatten() {
            d.mappen.insert(absoluut(map));
        }
        d
    }

    /// A single file, and when it is a symbolic link also the file it points
    /// to: an editor saves the target, in the target's folder, and a new
    /// link in the link's folder counts as well.
    fn bestand(&mut self, p: &Path) {
        self.bestanden.insert(absoluut(p));
        if p.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink())
            && let Ok(doel) = std::fs::canonicalize(p)
        {
            self.bestanden.insert(doel);
        }
    }

    /// The folders to hand to the watcher, with their mode.
    fn watches(&self) -> BTreeSet<(PathBuf, bool)> {
        let mut w: BTreeSet<(PathBuf, bool)> = self
            .bestanden
            .iter()
            .filter_map(|f| f.parent().map(|p| (p.to_path_buf(), false)))
            .collect();
        w.extend(self.mappen.iter().map(|m| (m.clone(), true)));
        w
    }

    fn raakt(&self, ev: &Event) -> bool {
        let telt = match ev.kind {
            // Reads (ours included) change nothing; a closed writer ends a save.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            _ => true,
        };
        telt && ev
            .paths
            .iter()
            .any(|p| self.bestanden.contains(p) || self.mappen.iter().any(|m| p.starts_with(m)))
    }
}

/// A path the session names under [bijeenkomst] (`deelnemers_csv`,
/// `sjablonen`), relative to its folder, read loosely: a session that does
/// not parse keeps the watch it had (see [`start`]).
fn pad_uit_sessie(sessie: &Path, sleutel: &str) -> Option<PathBuf> {
    // Only a regular file, within the session's size limit: a FIFO or a device
    // named as session must not block the watcher.
    let bytes = crate::reader::read_regular(sessie, crate::reader::MAX_SESSIE_BYTES).ok()?;
    let tekst = String::from_utf8(bytes).ok()?;
    let tabel: toml::Table = toml::from_str(&tekst).ok()?;
    let rel = tabel.get("bijeenkomst")?.get(sleutel)?.as_str()?.trim();
    let rel = Path::new(rel);
    Some(if rel.is_absolute() {
        rel.to_path_buf()
    } else {
        sessie.parent().unwrap_or(Path::new(".")).join(rel)
    })
}

/// An absolute path with symlinks in its folder resolved, as the watcher
/// reports it (the file itself may not exist for a moment during a save).
fn absoluut(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(map), Some(naam)) => std::fs::canonicalize(map).map(|m| m.join(naam)).unwrap_or(abs.clone()),
        _ => abs,
    }
}

/// Start the watcher thread; it runs until the process ends.
pub fn start(bron: Bron, gedeeld: Arc<Gedeeld>) -> anyhow::Result<()> {
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| anyhow::anyhow!("veranderingen in bestanden kunnen niet gevolgd worden: {e}"))?;
    let mut doelen = Doelen::van(&bron);
    let mut actief = BTreeSet::new();
    herzie(&mut watcher, &mut actief, &doelen);
    std::thread::spawn(move || {
        // The watcher must live as long as the thread that reads its events.
        let mut watcher = watcher;
        while wacht_op_wijziging(&rx, &doelen) {
            let inhoud = bouw(&bron);
            if let Inhoud::Goed(_) = inhoud {
                doelen = Doelen::van(&bron);
                herzie(&mut watcher, &mut actief, &doelen);
            }
            if let Some(stand) = gedeeld.vervang(inhoud) {
                meld(&stand);
            }
        }
    });
    Ok(())
}

/// Block until a relevant change has settled; `false` when the watcher is gone.
fn wacht_op_wijziging(rx: &Receiver<notify::Result<Event>>, doelen: &Doelen) -> bool {
    loop {
        match rx.recv() {
            Ok(Ok(ev)) if doelen.raakt(&ev) => break,
            Ok(_) => continue,
            Err(_) => return false,
        }
    }
    let begin = Instant::now();
    while begin.elapsed() < HOOGSTENS {
        match rx.recv_timeout(STIL) {
            Ok(_) => continue,
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
    true
}

/// Make the watcher follow exactly the folders of `doelen`.
fn herzie(watcher: &mut impl Watcher, actief: &mut BTreeSet<(PathBuf, bool)>, doelen: &Doelen) {
    let gewenst = doelen.watches();
    for (map, _) in actief.difference(&gewenst) {
        let _ = watcher.unwatch(map);
    }
    let mut gelukt: BTreeSet<(PathBuf, bool)> = actief.intersection(&gewenst).cloned().collect();
    for (map, recursief) in gewenst.difference(actief) {
        let mode = if *recursief {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        match watcher.watch(map, mode) {
            Ok(()) => {
                gelukt.insert((map.clone(), *recursief));
            }
            // Tried again after the next rendering (the folder may come later).
            Err(e) => super::meld(&format!(
                "Let op: veranderingen in {} worden niet gevolgd: {e}\n",
                map.display()
            )),
        }
    }
    *actief = gelukt;
}

/// One line on the terminal per new rendering.
fn meld(stand: &super::Stand) {
    match &stand.inhoud {
        Inhoud::Goed(g) => super::meld(&format!("Bijgewerkt. {}\n", g.samenvatting)),
        Inhoud::Kapot(melding) => super::meld(&format!(
            "{} is nu niet te gebruiken; de pagina's laten zien wat er mis is:\n{melding}",
            stand.sessie_naam
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, ModifyKind, RenameMode};

    fn ev(kind: EventKind, pad: &str) -> Event {
        Event::new(kind).add_path(PathBuf::from(pad))
    }

    #[test]
    fn saves_count_reads_and_other_files_do_not() {
        let d = Doelen {
            bestanden: [PathBuf::from("/p/zeist.toml"), PathBuf::from("/p/lijst.csv")].into(),
            mappen: [PathBuf::from("/p/sjablonen")].into(),
        };
        let schrijf = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        assert!(d.raakt(&ev(schrijf, "/p/zeist.toml")));
        assert!(d.raakt(&ev(schrijf, "/p/lijst.csv")));
        assert!(d.raakt(&ev(schrijf, "/p/sjablonen/agenda.md.j2")));
        assert!(d.raakt(&ev(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            "/p/zeist.toml"
        )));
        // An editor's save: a new file renamed over the old one.
        let hernoem = ev(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            "/p/.zeist.toml.tmp",
        )
        .add_path(PathBuf::from("/p/zeist.toml"));
        assert!(d.raakt(&hernoem));

        // Our own reading, and files that are not ours.
        assert!(!d.raakt(&ev(
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            "/p/zeist.toml"
        )));
        assert!(!d.raakt(&ev(
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            "/p/zeist.toml"
        )));
        assert!(!d.raakt(&ev(EventKind::Create(CreateKind::File), "/p/.zeist.toml.swp")));
        assert!(!d.raakt(&ev(schrijf, "/p/zeist/agenda.html")));
    }
}
