//! Terminal concerns: colour only on a terminal and never with `NO_COLOR`.

use std::io::IsTerminal;

fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

pub fn stdout_color() -> bool {
    !no_color() && std::io::stdout().is_terminal()
}

pub fn stderr_color() -> bool {
    !no_color() && std::io::stderr().is_terminal()
}

/// Wrap `text` in an ANSI style when `on`.
pub fn paint(on: bool, style: &str, text: &str) -> String {
    if on {
        let code = match style {
            "fout" => "1;31",
            "waarschuwing" => "1;33",
            "ok" => "1;32",
            "vet" => "1",
            "grijs" => "2",
            _ => "0",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

// ---------------------------------------------------------------------------
// The one output writer. Every command prints through [`out`] (stdout) and
// [`err`] (stderr), never with `print!`, which panics on a closed pipe.
//
// - A closed pipe (`draaiboek controleer x.toml | head -1`) ends the output
//   quietly: later writes are skipped and the command ends with the status of
//   the work it did.
// - Any other write error on stdout (a full disk, `> /dev/full`) is an error
//   with exit 2.
// - stderr is best effort: a message that cannot be shown is dropped.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether the reader of stdout went away (a closed pipe).
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

/// Write `text` to stdout and flush it. A closed pipe is not an error.
pub fn out(text: impl AsRef<[u8]>) -> crate::Result<()> {
    if stdout_closed() {
        return Ok(());
    }
    let mut lock = std::io::stdout().lock();
    match lock.write_all(text.as_ref()).and_then(|_| lock.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(e) => Err(crate::Failure::Other(anyhow::anyhow!(
            "de uitvoer kan niet geschreven worden: {}",
            crate::io_reason(&e)
        ))),
    }
}

/// Write `text` to stderr, best effort (never panics).
pub fn err(text: impl AsRef<[u8]>) {
    let mut lock = std::io::stderr().lock();
    let _ = lock.write_all(text.as_ref()).and_then(|_| lock.flush());
}

/// `print!` through [`out`]; use in functions returning [`crate::Result`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::term::out(format!($($arg)*))? };
}

/// `println!` through [`out`]; use in functions returning [`crate::Result`].
#[macro_export]
macro_rules! outln {
    () => { $crate::term::out("\n")? };
    ($($arg:tt)*) => { $crate::term::out(format!("{}\n", format_args!($($arg)*)))? };
}

/// `eprintln!` through [`err`]: never panics.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::term::err(format!("{}\n", format_args!($($arg)*))) };
}

/// Text from outside (a path, a key) made harmless for a terminal: control
/// characters other than line break and tab become their visible symbols
/// (␛ for escape), bidi overrides and C1 controls become �.
pub fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Like [`visible`] for C1 controls and bidi overrides, but keeping every
/// byte offset (a snippet's spans point into it): C1 (2 bytes) becomes `·`,
/// a bidi override (3 bytes) becomes `�`. C0 is left to the snippet renderer.
pub fn visible_same_len(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\u{80}'..='\u{9f}' => '\u{b7}',
                c if bad(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}
