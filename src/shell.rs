//! The one output writer, in the shape of cargo's `Shell`: every command
//! prints through [`out`] (stdout) and [`err`] (stderr), or the macros
//! [`out!`](crate::out), [`outln!`](crate::outln) and [`errln!`](crate::errln)
//! built on them. Nothing else in the crate touches the process's stdout or
//! stderr: clippy denies `print!`, `eprint!`, `dbg!` and `std::io::stdout`/
//! `stderr` everywhere but here (see `clippy.toml` and `lib.rs`).
//!
//! - A closed pipe (`draaiboek controleer x.toml | head -1`) ends the output
//!   quietly: later writes are skipped and the command ends with the status
//!   of the work it did.
//! - Any other write error on stdout (a full disk, `> /dev/full`) is an
//!   error with exit 2 and a Dutch message on stderr.
//! - stderr is best effort: a message that cannot be shown is dropped.
//!
//! Each thread has its own shell, writing to the process's streams. A test
//! runs a command inside [`capture`] and gets its stdout and stderr as bytes
//! (threads a command starts, such as `bekijk`'s server, keep the real
//! streams).
#![allow(clippy::disallowed_methods)] // The one place that may name stdout and stderr.

use std::cell::RefCell;
use std::io::{IsTerminal, Write};

/// Where one of the two streams goes.
enum Stream {
    /// The process's own stdout or stderr.
    Process,
    /// A buffer, for [`capture`].
    Buffer(Vec<u8>),
}

/// The output of a command: its stdout and its stderr.
pub struct Shell {
    out: Stream,
    err: Stream,
    /// The reader of stdout went away (a closed pipe): write nothing more.
    out_closed: bool,
}

impl Shell {
    const fn process() -> Shell {
        Shell {
            out: Stream::Process,
            err: Stream::Process,
            out_closed: false,
        }
    }

    fn write_out(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match &mut self.out {
            Stream::Process => {
                let mut lock = std::io::stdout().lock();
                lock.write_all(bytes).and_then(|_| lock.flush())
            }
            Stream::Buffer(b) => {
                b.extend_from_slice(bytes);
                Ok(())
            }
        }
    }

    fn write_err(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match &mut self.err {
            Stream::Process => {
                let mut lock = std::io::stderr().lock();
                lock.write_all(bytes).and_then(|_| lock.flush())
            }
            Stream::Buffer(b) => {
                b.extend_from_slice(bytes);
                Ok(())
            }
        }
    }
}

thread_local! {
    static SHELL: RefCell<Shell> = const { RefCell::new(Shell::process()) };
}

/// What a command wrote while [`capture`]d.
#[derive(Debug, Default)]
pub struct Captured {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Captured {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// Run `f` with this thread's output going to buffers; returns what `f`
/// returned and what it wrote. The previous shell is back afterwards.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Captured) {
    let vorige = SHELL.with(|s| {
        std::mem::replace(
            &mut *s.borrow_mut(),
            Shell {
                out: Stream::Buffer(Vec::new()),
                err: Stream::Buffer(Vec::new()),
                out_closed: false,
            },
        )
    });
    // Put the previous shell back even when `f` panics.
    struct Terug(Option<Shell>);
    impl Terug {
        fn zet_terug(&mut self) -> Option<Shell> {
            let vorige = self.0.take()?;
            Some(SHELL.with(|s| std::mem::replace(&mut *s.borrow_mut(), vorige)))
        }
    }
    impl Drop for Terug {
        fn drop(&mut self) {
            self.zet_terug();
        }
    }
    let mut terug = Terug(Some(vorige));
    let uitkomst = f();
    let bytes = |s: Stream| match s {
        Stream::Buffer(b) => b,
        Stream::Process => Vec::new(),
    };
    let captured = terug
        .zet_terug()
        .map(|eigen| Captured {
            stdout: bytes(eigen.out),
            stderr: bytes(eigen.err),
        })
        .unwrap_or_default();
    (uitkomst, captured)
}

/// Whether the reader of stdout went away (a closed pipe).
pub fn stdout_closed() -> bool {
    SHELL.with(|s| s.borrow().out_closed)
}

/// Write `text` to stdout and flush it. A closed pipe is not an error; any
/// other failure is, with a Dutch reason.
pub fn out(text: impl AsRef<[u8]>) -> crate::Result<()> {
    SHELL.with(|s| {
        let mut s = s.borrow_mut();
        if s.out_closed {
            return Ok(());
        }
        match s.write_out(text.as_ref()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                s.out_closed = true;
                Ok(())
            }
            Err(e) => Err(crate::error::Failure::Other(anyhow::anyhow!(
                "de uitvoer kan niet geschreven worden: {}",
                crate::error::io_reason(&e)
            ))),
        }
    })
}

/// Write `text` to stderr, best effort (never panics).
pub fn err(text: impl AsRef<[u8]>) {
    SHELL.with(|s| {
        let _ = s.borrow_mut().write_err(text.as_ref());
    });
}

/// stderr as an [`std::io::Write`], for code that talks to the user in
/// steps (the questions of `draaiboek nieuw`). Errors are passed on.
pub struct ErrWriter;

impl Write for ErrWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        SHELL.with(|s| s.borrow_mut().write_err(buf))?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Colour on stdout: only on a terminal and never with `NO_COLOR`.
pub fn stdout_color() -> bool {
    SHELL.with(|s| matches!(s.borrow().out, Stream::Process)) && !no_color() && std::io::stdout().is_terminal()
}

/// Colour on stderr: only on a terminal and never with `NO_COLOR`.
pub fn stderr_color() -> bool {
    SHELL.with(|s| matches!(s.borrow().err, Stream::Process)) && !no_color() && std::io::stderr().is_terminal()
}

/// Columns to wrap stdout at: the terminal's width, or 80 when stdout is
/// not a terminal (a pipe, a file, a buffer); never less than 40.
pub fn breedte() -> usize {
    let terminal = SHELL.with(|s| matches!(s.borrow().out, Stream::Process)) && std::io::stdout().is_terminal();
    if !terminal {
        return 80;
    }
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(w, _)| w.0 as usize)
        .unwrap_or(80)
        .max(40)
}

/// `print!` through [`out`]; use in functions returning [`crate::Result`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::shell::out(format!($($arg)*))? };
}

/// `println!` through [`out`]; use in functions returning [`crate::Result`].
#[macro_export]
macro_rules! outln {
    () => { $crate::shell::out("\n")? };
    ($($arg:tt)*) => { $crate::shell::out(format!("{}\n", format_args!($($arg)*)))? };
}

/// `eprintln!` through [`err`]: never panics.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::shell::err(format!("{}\n", format_args!($($arg)*))) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_gets_both_streams_and_restores_the_process_shell() {
        let (r, c) = capture(|| -> crate::Result<u8> {
            crate::outln!("een {}", 1);
            crate::errln!("twee");
            Ok(3)
        });
        assert_eq!(r.ok(), Some(3));
        assert_eq!(c.stdout_text(), "een 1\n");
        assert_eq!(c.stderr_text(), "twee\n");
        assert!(SHELL.with(|s| matches!(s.borrow().out, Stream::Process)));
        assert!(!stdout_color(), "a buffer gets no colour");
    }
}
