//! Terminal concerns: colour only on a terminal and never with `NO_COLOR`.

use std::io::IsTerminal;

fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Columns to wrap stdout at: the terminal's width, or 80 when stdout is
/// not a terminal (a pipe, a file); never less than 40.
pub fn breedte() -> usize {
    if !std::io::stdout().is_terminal() {
        return 80;
    }
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(w, _)| w.0 as usize)
        .unwrap_or(80)
        .max(40)
}

/// Wrap `text` at word boundaries to `width` characters: the first line
/// starts with `eerste`, the next ones with `verder` (a hanging indent). A
/// word longer than a line stays whole. Counts `char`s (no wide characters in
/// Dutch texts).
pub fn omloop(text: &str, width: usize, eerste: &str, verder: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = eerste.to_string();
    let mut leeg = true;
    for woord in text.split_whitespace() {
        let n = line.chars().count();
        if !leeg && n + 1 + woord.chars().count() > width {
            lines.push(std::mem::replace(&mut line, verder.to_string()));
            leeg = true;
        }
        if !leeg {
            line.push(' ');
        }
        line.push_str(woord);
        leeg = false;
    }
    lines.push(line);
    lines
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

#[cfg(test)]
mod tests {
    use super::omloop;

    #[test]
    fn wraps_at_word_boundaries_with_a_hanging_indent() {
        let l = omloop("een twee drie vier vijf zes", 12, "- ", "  ");
        assert_eq!(l, ["- een twee", "  drie vier", "  vijf zes"]);
        assert!(l.iter().all(|r| r.chars().count() <= 12));
        // A word longer than the line is not broken.
        assert_eq!(
            omloop("kort supercalifragilistisch", 10, "", ""),
            ["kort", "supercalifragilistisch"]
        );
    }
}
