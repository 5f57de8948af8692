//! `draaiboek agenda`: the timed agenda in the terminal.

use std::path::Path;

use crate::cli::SessieArgs;
use crate::{Outcome, Result};

pub fn run(lib_dir: Option<&Path>, args: &SessieArgs) -> Result<Outcome> {
    let (lib, sessie) = super::load(lib_dir, &args.sessie)?;
    let plan = crate::plan::Planning::new(&sessie, &lib, 0);
    crate::out!("{}", crate::render::terminal::agenda(&plan));
    Ok(Outcome::Ok)
}
