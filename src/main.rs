//! Thin entry point: parse arguments, run, map the outcome to an exit code.

// Every byte for the user goes through `shell` (the one output writer), so the
// pipe promises hold for every command: no printing macros anywhere else.
#![deny(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::dbg_macro,
    clippy::disallowed_methods
)]

use std::process::ExitCode;

use draaiboek::{Outcome, cli_errors, report_failure, run};

fn main() -> ExitCode {
    // clap's errors and help come back in Dutch (see `cli_errors`).
    let cli = match cli_errors::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(stop) => return stop.toon(),
    };
    let json = draaiboek::wants_json(&cli);
    match run(cli) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(failure) => {
            let (code, message) = report_failure(&failure);
            if json && !draaiboek::shell::stdout_closed() {
                // Best effort: stdout may be the very thing that failed.
                let _ = draaiboek::shell::out(draaiboek::failure_json(&failure));
            }
            draaiboek::shell::err(message);
            code
        }
    }
}
