//! How a command ends: its [`Outcome`], or the [`Failure`] that stopped it,
//! and [`io_reason`], the Dutch words for an I/O error. Below every other
//! module: everything may use it, it uses only [`crate::diag`]'s input error.

use crate::diag::InputError;

/// How a command ended, mapped to the exit codes of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: nothing wrong.
    Ok,
    /// 1: at least one rule error (or warning with `--strikt`).
    Findings,
}

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The input could not be used (exit 2); every problem is listed.
    Input(InputError),
    /// Anything else, e.g. a file that cannot be written (exit 2).
    Other(anyhow::Error),
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::Input(e)
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        // An input error that travelled through anyhow (a template error)
        // keeps its place, line and exit code.
        match e.downcast::<InputError>() {
            Ok(input) => Failure::Input(input),
            Err(e) => Failure::Other(e),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Other(e.into())
    }
}

pub type Result<T, E = Failure> = std::result::Result<T, E>;

/// A short Dutch reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "het bestand of de map bestaat niet".into(),
        PermissionDenied => "geen toestemming (alleen-lezen of van iemand anders)".into(),
        AlreadyExists => "bestaat al".into(),
        IsADirectory => "dit is een map, geen bestand".into(),
        NotADirectory => "een deel van het pad is een bestand, geen map".into(),
        StorageFull => "de schijf is vol".into(),
        ReadOnlyFilesystem => "de schijf is alleen-lezen".into(),
        InvalidData => "geen geldige UTF-8-tekst".into(),
        _ if e.raw_os_error() == Some(24) => {
            "te veel bestanden tegelijk open (verhoog de limiet met `ulimit -n`)".into()
        }
        _ => e.to_string(),
    }
}
