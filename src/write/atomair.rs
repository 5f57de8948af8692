//! Single files written atomically: a temp file next to the target, then a rename.

use std::io::Write;
use std::path::Path;

use anyhow::anyhow;

pub(super) fn parent_of(path: &Path) -> &Path {
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

/// Write `bytes` to a temp file in `parent`. With `durable`, flush it to the
/// disk before it may replace an existing file, so that a crash can never
/// leave an empty file where a good one was; a new file needs no flush (the
/// worst a crash leaves is no file), and skipping it keeps thousands of
/// invitations fast.
pub(super) fn stage(parent: &Path, bytes: &[u8], durable: bool) -> anyhow::Result<tempfile::TempPath> {
    stage_met(parent, durable, |f| f.write_all(bytes))
}

/// [`stage`] with the bytes written by `schrijf`.
pub(super) fn stage_met(
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
