//! The journal of the files a command read.

thread_local! {
    static JOURNAAL: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
}

/// What a command read as its input: every file that went through
/// [`read_regular`] on this thread while the journal was open (session,
/// participant CSV, library folder, override templates), folded into one
/// hash of paths and bytes. `maak` keeps it with its output: the same
/// journal, the same program and the same options make the same files, so
/// an unchanged folder need not be rendered again. Reading through this one
/// function means a new kind of input cannot be left out.
#[derive(Debug)]
pub struct Journaal(());

impl Journaal {
    /// Start recording (one journal per thread at a time).
    pub fn open() -> Journaal {
        JOURNAAL.with(|j| j.set(Some(crate::fnv::FNV64_BEGIN)));
        Journaal(())
    }

    /// The hash of everything read since [`open`](Self::open).
    pub fn hash(&self) -> u64 {
        JOURNAAL.with(|j| j.get()).unwrap_or(crate::fnv::FNV64_BEGIN)
    }

    pub(super) fn noteer(path: &std::path::Path, bytes: &[u8]) {
        JOURNAAL.with(|j| {
            if let Some(h) = j.get() {
                let h = crate::fnv::fnv64_verder(h, path.as_os_str().as_encoded_bytes());
                let h = crate::fnv::fnv64_verder(h, &(bytes.len() as u64).to_le_bytes());
                j.set(Some(crate::fnv::fnv64_verder(h, bytes)));
            }
        });
    }
}

impl Drop for Journaal {
    fn drop(&mut self) {
        JOURNAAL.with(|j| j.set(None));
    }
}
