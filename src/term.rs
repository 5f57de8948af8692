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
