//! Thin entry point: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use draaiboek::{Outcome, cli::Cli, report_failure, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(failure) => {
            let (code, message) = report_failure(&failure);
            eprint!("{message}");
            code
        }
    }
}
