//! A strict reader for hand-written TOML that reports *every* problem.
//!
//! serde stops at the first error and speaks English, so library and session
//! files are read through this thin layer over toml's spanned document tree:
//! each lookup records the key as known, a wrong type or a missing key becomes
//! a Dutch [`Diagnostic`] with its exact span, and [`Table::finish`] turns
//! every key nobody asked for into an "unknown key" error with a suggestion.
//!
//! One concept per file: `cx` (the state of one file being read and its
//! syntax errors in Dutch), `slip` (common slips in hand-written TOML,
//! explained), `table` (typed lookups that record every key), `lezen`
//! (reading files with a size cap) and `journaal` (the files a command read).

mod cx;
mod journaal;
mod lezen;
mod slip;
mod table;

pub use cx::{Cx, DiagBuilder};
pub use journaal::Journaal;
pub use lezen::{
    MAX_BIBLIOTHEEK_BYTES, MAX_CSV_BYTES, MAX_SESSIE_BYTES, MAX_SJABLOON_BYTES, ReadFail, read_own, read_regular,
};
pub use table::{JAREN, MAX_BEDRAG, Table, Value, char_desc, forbidden_char, type_name};

use slip::*;
