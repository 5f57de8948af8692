//! Editing the trekker's own files in place.

use std::path::Path;

use anyhow::{anyhow, bail};

use super::*;

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
pub(super) fn to_crlf(bytes: &[u8]) -> Vec<u8> {
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
