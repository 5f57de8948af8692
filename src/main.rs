//! Thin entry point: parse arguments, run, map the outcome to an exit code.

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
            if json && !draaiboek::term::stdout_closed() {
                // Best effort: stdout may be the very thing that failed.
                let _ = draaiboek::term::out(draaiboek::failure_json(&failure));
            }
            draaiboek::term::err(message);
            code
        }
    }
}
