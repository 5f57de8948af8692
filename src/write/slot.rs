//! The lock on an output folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::bail;

use super::*;

/// The lock file of an output folder.
pub const SLOT: &str = ".draaiboek-slot";

/// The lock on an output folder: a file made with `create_new` holding the
/// process id, removed when dropped (also on an error). A lock whose process
/// is gone (a killed run) is taken over. Folders this lock had to create are
/// removed again when nothing was written into them.
pub(super) struct Slot {
    pub(super) path: PathBuf,
    pub(super) created: Vec<PathBuf>,
}

impl Slot {
    pub(super) fn neem(dir: &Path) -> anyhow::Result<Slot> {
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
pub(super) fn process_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if !Path::new("/proc/self").exists() {
        return true;
    }
    std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim().starts_with("draaiboek"))
}
