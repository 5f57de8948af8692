//! The spill store: queued files wait in memory up to [`IN_GEHEUGEN`]
//! bytes, beyond that in one unnamed temp file.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::anyhow;

/// How many bytes of queued files stay in memory before the rest waits on
/// disk: the documents of a usual session (well under 1 MB) never touch
/// the disk twice; a list of thousands of invitations does not fill memory.
pub const IN_GEHEUGEN: usize = 2 << 20;

/// One queued file: its manifest hash (computed once), its length and
/// where its bytes are (small: tens of thousands of them wait for the commit).
#[derive(Debug)]
pub(super) struct Inhoud {
    pub(super) hash: u64,
    pub(super) lengte: usize,
    /// With [`GEHEUGEN`] set: the index in [`Opslag::geheugen`]; otherwise
    /// where it begins in the spill.
    pub(super) plek: u64,
}

/// The bit of [`Inhoud::plek`] for bytes kept in memory.
pub(super) const GEHEUGEN: u64 = 1 << 63;

/// The queued files by relative path, sorted.
pub(super) type Wachtrij = BTreeMap<Box<str>, Inhoud>;

/// The spill file for queued files beyond [`IN_GEHEUGEN`]: written in
/// blocks of [`BLOK`] bytes, read back with positioned reads.
#[derive(Debug, Default)]
pub(super) struct Opslag {
    /// Files within [`IN_GEHEUGEN`].
    pub(super) geheugen: Vec<Vec<u8>>,
    pub(super) file: Option<std::fs::File>,
    /// Bytes at the end of the spill not yet written to the file.
    pub(super) staart: Vec<u8>,
    /// Bytes written to the file (where `staart` begins).
    pub(super) geschreven: u64,
    pub(super) in_geheugen: usize,
}

/// The spill file is written in blocks of this size.
pub(super) const BLOK: usize = 256 << 10;

impl Opslag {
    pub(super) fn bewaar(&mut self, bytes: Vec<u8>, gehasht: Option<u64>) -> anyhow::Result<Inhoud> {
        let (hash, lengte) = (gehasht.unwrap_or_else(|| crate::fnv::fnv64(&bytes)), bytes.len());
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
    pub(super) fn onthoud(&mut self, mut bytes: Vec<u8>) -> u64 {
        // A rendered page may have room to spare; the budget counts bytes.
        bytes.shrink_to_fit();
        self.in_geheugen += bytes.len();
        self.geheugen.push(bytes);
        (self.geheugen.len() - 1) as u64 | GEHEUGEN
    }

    /// Where the next bytes in the spill begin.
    pub(super) fn eind(&self) -> u64 {
        self.geschreven + self.staart.len() as u64
    }

    /// Add bytes at the end of the spill.
    pub(super) fn voeg_toe(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
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
    pub(super) fn spoel(&mut self) -> anyhow::Result<()> {
        let staart = std::mem::take(&mut self.staart);
        self.schrijf(&staart)?;
        self.staart = staart;
        self.staart.clear();
        Ok(())
    }

    pub(super) fn schrijf(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
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
    pub(super) fn in_stukken(
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

    pub(super) fn lees(&self, inhoud: &Inhoud) -> anyhow::Result<std::borrow::Cow<'_, [u8]>> {
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
pub(super) struct Schrijver<'a> {
    pub(super) hash: u64,
    pub(super) lengte: usize,
    /// `None` once it moved to the spill, at `begin`.
    pub(super) geheugen: Option<Vec<u8>>,
    pub(super) begin: u64,
    pub(super) opslag: &'a mut Opslag,
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
    pub(super) fn klaar(self) -> Inhoud {
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
pub(super) fn lees_op(f: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
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
