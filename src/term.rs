//! Text for the terminal: wrapping, colour codes, and outside text made
//! harmless. Where it goes (and whether colour is on) is [`crate::shell`]'s.

/// Wrap `text` at word boundaries to `width` characters: the first line
/// starts with `eerste`, the next ones with `verder` (a hanging indent). A
/// word longer than a line stays whole. Counts `char`s (no wide characters in
/// Dutch texts).
pub fn omloop(text: &str, width: usize, eerste: &str, verder: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = eerste.to_string();
    let mut leeg = true;
    for woord in code_spans_heel(text) {
        let woord = woord.as_str();
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

/// The words of `text`, with a `` `code span` `` kept as one piece, so that a
/// suggested command is never broken over two lines and can be copied whole.
fn code_spans_heel(text: &str) -> Vec<String> {
    let mut stukken: Vec<String> = Vec::new();
    let mut open = false;
    for woord in text.split_whitespace() {
        match stukken.last_mut() {
            Some(laatste) if open => {
                laatste.push(' ');
                laatste.push_str(woord);
            }
            _ => stukken.push(woord.to_string()),
        }
        if woord.matches('`').count() % 2 == 1 {
            open = !open;
        }
    }
    stukken
}

/// Wrap every line of `text` that is wider than `width`, at word boundaries,
/// keeping the spacing inside each piece (aligned columns stay aligned).
/// The next lines keep the line's indent, and go past a list marker (`- `,
/// `3. `), a short label (`Groep 1: `) or a first column ended by two spaces
/// (`13:30–13:50  `) so that each item reads as one block. Lines that fit are
/// left exactly as they are.
pub fn omloop_tekst(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let (body, eol) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if body.chars().count() <= width {
            out.push_str(line);
            continue;
        }
        let indent = body.len() - body.trim_start_matches(' ').len();
        let rest = &body[indent..];
        let digits = |p: usize| p > 0 && p <= 3 && rest[..p].bytes().all(|b| b.is_ascii_digit());
        let marker = if rest.starts_with("- ") || rest.starts_with("* ") {
            2
        } else if let Some(p) = rest.find(". ").filter(|p| digits(*p)) {
            p + 2
        } else if let Some(p) = rest.find("  ").filter(|p| *p > 0 && *p <= 24) {
            p + rest[p..].len() - rest[p..].trim_start_matches(' ').len()
        } else if let Some(p) = rest
            .find(": ")
            .filter(|p| *p <= 24 && rest[..*p].split_whitespace().count() <= 3)
        {
            p + 2
        } else {
            0
        };
        let verder = " ".repeat((indent + rest[..marker].chars().count()).min(width / 2));
        // Greedy breaks between words; each piece is copied as written.
        let woorden: Vec<(usize, usize)> = rest
            .split(' ')
            .scan(0usize, |pos, w| {
                let start = *pos;
                *pos += w.len() + 1;
                Some((start, start + w.len()))
            })
            .filter(|(a, b)| b > a)
            .collect();
        let mut begin = 0; // index into woorden of the first word on this line
        let mut eerste = true;
        while begin < woorden.len() {
            let voor = if eerste { &body[..indent] } else { verder.as_str() };
            let ruimte = width.saturating_sub(voor.chars().count());
            let mut eind = begin; // last word that fits
            while eind + 1 < woorden.len() && rest[woorden[begin].0..woorden[eind + 1].1].chars().count() <= ruimte {
                eind += 1;
            }
            out.push_str(voor);
            out.push_str(&rest[woorden[begin].0..woorden[eind].1]);
            begin = eind + 1;
            eerste = false;
            if begin < woorden.len() {
                out.push('\n');
            }
        }
        out.push_str(eol);
    }
    out
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

/// Text from outside (a path, a key) made harmless for a terminal: control
/// characters other than line break and tab become their visible symbols
/// (␛ for escape), bidi overrides and C1 controls become �.
pub fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{fffd}',
            // Zero-width characters would hide in a message: shown as �.
            '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Like [`visible`] for C1 controls and bidi overrides, but keeping every
/// byte offset (a snippet's spans point into it): C1 (2 bytes) becomes `·`,
/// a bidi override or zero-width character (3 bytes) becomes `�`. C0 is
/// left to the snippet renderer.
pub fn visible_same_len(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        matches!(c, '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
    };
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\u{80}'..='\u{9f}' => '\u{b7}',
                c if bad(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
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

    #[test]
    fn a_suggested_command_stays_on_one_line() {
        let l = omloop(
            "laat een blok weg: `draaiboek verwijder zeist.toml kennismaking` (bespaart 20 minuten)",
            40,
            "",
            "  ",
        );
        assert!(
            l.iter()
                .any(|r| r.contains("`draaiboek verwijder zeist.toml kennismaking`")),
            "{l:?}"
        );
        assert_eq!(l.iter().map(|r| r.matches('`').count()).sum::<usize>(), 2);
        assert!(l.iter().all(|r| r.matches('`').count() % 2 == 0), "{l:?}");
    }

    #[test]
    fn long_lines_wrap_past_their_marker_or_label() {
        let t = "kort\n  - een lange regel met veel woorden\n  Groep 1: Anna de Vries (verloskundige)\n";
        let w = super::omloop_tekst(t, 26);
        assert_eq!(
            w,
            "kort\n  - een lange regel met\n    veel woorden\n  Groep 1: Anna de Vries\n           (verloskundige)\n"
        );
        assert!(w.lines().all(|l| l.chars().count() <= 26), "{w}");
        // A first column ended by two spaces keeps its spacing; the rest aligns under it.
        let w = super::omloop_tekst("13:50–14:40  In gesprek over de definitie\n", 30);
        assert_eq!(w, "13:50–14:40  In gesprek over\n             de definitie\n");
    }
}
