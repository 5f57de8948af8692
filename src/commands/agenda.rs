//! `draaiboek agenda`: the timed agenda in the terminal.

use std::path::Path;

use crate::cli::SessieArgs;
use crate::{Outcome, Result};

pub fn run(lib_dir: Option<&Path>, args: &SessieArgs) -> Result<Outcome> {
    let (_, sessie) = super::load(lib_dir, &args.sessie)?;
    crate::term::out(crate::render::terminal::agenda(&sessie))?;
    Ok(Outcome::Ok)
}
