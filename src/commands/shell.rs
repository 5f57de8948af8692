//! `draaiboek completions` and `draaiboek man`: generated from the clap
//! definition, so they can never drift from the real commands and flags.

use clap::CommandFactory;

use crate::cli::{Cli, Shell};
use crate::{Outcome, Result};

pub fn completions(shell: Shell) -> Result<Outcome> {
    let target = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
        Shell::Elvish => clap_complete::Shell::Elvish,
    };
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(target, &mut cmd, "draaiboek", &mut out);
    crate::shell::out(&out)?;
    Ok(Outcome::Ok)
}

pub fn man() -> Result<Outcome> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    crate::shell::out(&out)?;
    Ok(Outcome::Ok)
}
