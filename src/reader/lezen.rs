//! Reading the files draaiboek takes as input, with a size cap.

use super::*;

/// Size caps for the files `draaiboek` reads: far above any real file, low
/// enough that a wrong path (a disk image, a log) is refused at once.
pub const MAX_SESSIE_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_CSV_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_BIBLIOTHEEK_BYTES: u64 = 4 * 1024 * 1024;
pub const MAX_SJABLOON_BYTES: u64 = 4 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadFail {
    Io(std::io::Error),
    /// Not a regular file: a folder, a pipe, a device, a socket.
    NotRegular(&'static str),
    /// Larger than the cap (in bytes).
    TooLarge(u64),
}

impl ReadFail {
    /// A short Dutch reason, to follow "kan X niet lezen: ".
    pub fn reason(&self) -> String {
        match self {
            ReadFail::Io(e) => crate::io_reason(e),
            ReadFail::NotRegular(what) => format!("dit is {what}, geen gewoon bestand"),
            ReadFail::TooLarge(limit) => format!("het bestand is groter dan {}", mb(*limit)),
        }
    }

    pub fn not_found(&self) -> bool {
        matches!(self, ReadFail::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

pub(super) fn mb(bytes: u64) -> String {
    format!("{} MB", bytes / (1024 * 1024))
}

pub(super) fn kind_of(ft: &std::fs::FileType) -> Option<&'static str> {
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("een map");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("een pijp (FIFO)");
        }
        if ft.is_char_device() || ft.is_block_device() {
            return Some("een apparaat");
        }
        if ft.is_socket() {
            return Some("een socket");
        }
    }
    Some("geen gewoon bestand")
}

/// Read a regular file of at most `limit` bytes. Folders, pipes and devices
/// are refused before they are opened (a pipe would block, `/dev/zero` never
/// ends), and the read itself stops at `limit + 1` bytes whatever the file
/// claims to be.
pub fn read_regular(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, ReadFail> {
    let meta = std::fs::metadata(path).map_err(ReadFail::Io)?;
    if let Some(what) = kind_of(&meta.file_type()) {
        return Err(ReadFail::NotRegular(what));
    }
    let bytes = open_and_read(path, limit, false)?;
    Journaal::noteer(path, &bytes);
    Ok(bytes)
}

/// [`read_regular`] of a file in draaiboek's own output folder, where a
/// link at its place is never followed (`O_NOFOLLOW`: the file must be the
/// one written there). Not an input: it stays out of the [`Journaal`].
pub fn read_own(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, ReadFail> {
    open_and_read(path, limit, true)
}

pub(super) fn open_and_read(path: &std::path::Path, limit: u64, no_follow: bool) -> Result<Vec<u8>, ReadFail> {
    use std::io::Read;
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        // O_NONBLOCK: a file swapped for a pipe after the check cannot block the open.
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | if no_follow { libc::O_NOFOLLOW } else { 0 });
    }
    #[cfg(not(unix))]
    let _ = no_follow;
    let file = opts.open(path).map_err(ReadFail::Io)?;
    let meta = file.metadata().map_err(ReadFail::Io)?;
    if let Some(what) = kind_of(&meta.file_type()) {
        return Err(ReadFail::NotRegular(what));
    }
    if meta.len() > limit {
        return Err(ReadFail::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadFail::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadFail::TooLarge(limit));
    }
    Ok(bytes)
}
