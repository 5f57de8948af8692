//! Diagnostics for unusable input: file, line, column, the offending line and
//! how to fix it — in Dutch, because the reader is the trekker, not a programmer.
//!
//! Every loader collects all the problems it can find into a [`Diagnostics`]
//! instead of stopping at the first one, so one run shows the whole list.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// A text file that was read, kept so that diagnostics can quote it.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user should see it (relative where the user gave it so).
    pub name: String,
    pub path: PathBuf,
    pub text: String,
    /// Byte offsets where lines start, built on first use: finding a line is
    /// then a binary search, so positions of 20,000 rows stay linear.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: &Path, text: String) -> Arc<Self> {
        Arc::new(SourceFile {
            name: path.display().to_string(),
            path: path.to_path_buf(),
            text,
            line_starts: std::sync::OnceLock::new(),
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        // The last line start at or before the offset.
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A place in a file a finding is about: file, line and column, with the
/// line itself to show (a window of it around the spot when it is long).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Plek {
    pub bestand: String,
    pub regel: usize,
    pub kolom: usize,
    /// The part of the line to show, and where in it (in characters) the
    /// spot starts and how many characters it covers.
    #[serde(skip)]
    pub fragment: String,
    #[serde(skip)]
    pub markering: (usize, usize),
}

impl Plek {
    /// The place of `span` in `file`.
    pub fn van(file: &SourceFile, span: Range<usize>) -> Plek {
        let (regel, kolom) = file.line_col(span.start);
        let start = floor_char_boundary(&file.text, span.start.min(file.text.len()));
        let line_start = file.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = file.text[start..].find('\n').map_or(file.text.len(), |i| start + i);
        let line = file.text[line_start..line_end].trim_end_matches('\r');
        let end = floor_char_boundary(&file.text, span.end.min(line_start + line.len()).max(start));
        let voor: Vec<char> = line[..start - line_start].chars().collect();
        let lengte = file.text[start..end].chars().count().max(1);
        let na: Vec<char> = line[end - line_start..].chars().collect();
        // At most 30 characters before the spot and 40 after it.
        let (van, knip_voor) = if voor.len() > 30 {
            (voor.len() - 30, true)
        } else {
            (0, false)
        };
        let tot = na.len().min(40);
        let mut fragment = String::new();
        if knip_voor {
            fragment.push('…');
        }
        fragment.extend(&voor[van..]);
        fragment.push_str(&file.text[start..end]);
        fragment.extend(&na[..tot]);
        if tot < na.len() {
            fragment.push('…');
        }
        let kolom_in = voor.len() - van + usize::from(knip_voor);
        Plek {
            bestand: file.name.clone(),
            regel,
            kolom,
            fragment: fragment.replace('\t', " "),
            markering: (kolom_in, lengte),
        }
    }

    /// `--> file:line:col`, the line and a row of carets under the spot,
    /// each line starting with `indent`.
    pub fn toon(&self, indent: &str) -> String {
        let nr = self.regel.to_string();
        let leeg = " ".repeat(nr.len());
        format!(
            "{indent}--> {}:{}:{}\n{indent}{leeg} |\n{indent}{nr} | {}\n{indent}{leeg} | {}{}\n",
            self.bestand,
            self.regel,
            self.kolom,
            crate::term::visible(&self.fragment),
            " ".repeat(self.markering.0),
            "^".repeat(self.markering.1)
        )
    }
}

/// One problem with the input.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub file: Option<Arc<SourceFile>>,
    pub span: Option<Range<usize>>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Short label shown under the offending text.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            file: None,
            span: None,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    pub fn at(mut self, file: &Arc<SourceFile>, span: Option<Range<usize>>) -> Self {
        self.file = Some(file.clone());
        self.span = span;
        self
    }

    pub fn in_file(mut self, file: &Arc<SourceFile>) -> Self {
        self.file = Some(file.clone());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:col`, or just the file, or nothing.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        Some(match &self.span {
            Some(span) => {
                let (line, col) = file.line_col(span.start);
                format!("{}:{}:{}", file.name, line, col)
            }
            None => file.name.clone(),
        })
    }

    /// Render like rustc: title, `--> file:line:col`, the line, a caret, the help.
    pub fn render(&self, color: bool) -> String {
        if self.file.is_none() {
            // Nothing to quote: a plain two-line message reads better than an empty snippet.
            let mut out = format!(
                "{}: {}",
                crate::term::paint(color, "fout", "fout"),
                crate::term::visible(&self.message)
            );
            if let Some(help) = &self.help {
                out.push_str(&format!("\n  = oplossing: {}", crate::term::visible(help)));
            }
            return out;
        }
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        let message = crate::term::visible(&self.message);
        let label = self.label.as_deref().map(crate::term::visible);
        let help = self.help.as_deref().map(crate::term::visible);
        let source = self.file.as_ref().map(|f| crate::term::visible_same_len(&f.text));
        let title = Level::ERROR.with_name(Some("fout")).primary_title(&message);
        let mut group: Group = match (&self.file, &self.span) {
            (Some(file), Some(span)) => {
                let (start, end) = clamp_span(&file.text, span.clone());
                let mut annotation = AnnotationKind::Primary.span(start..end);
                if let Some(label) = &label {
                    annotation = annotation.label(label.as_str());
                }
                title.element(
                    Snippet::source(source.as_deref().unwrap_or_default())
                        .path(file.name.as_str())
                        .annotation(annotation),
                )
            }
            (Some(file), None) => title.element(Level::NOTE.with_name(Some("bestand")).message(file.name.as_str())),
            _ => Group::with_title(title),
        };
        if let Some(help) = &help {
            group = group.element(Level::HELP.with_name(Some("oplossing")).message(help.as_str()));
        }
        renderer.render(&[group]).to_string()
    }
}

/// Keep a span inside the text and on char boundaries; an empty span at the
/// end of a line would point at nothing, so widen it by one character.
fn clamp_span(text: &str, span: Range<usize>) -> (usize, usize) {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let mut end = floor_char_boundary(text, span.end.min(text.len())).max(start);
    if end == start && end < text.len() {
        end = start + text[start..].chars().next().map_or(0, char::len_utf8);
    }
    (start, end)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// A bag of diagnostics; loaders push into it and keep going.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    /// `Ok(value)` when nothing was reported, else every problem.
    pub fn finish<T>(self, value: T) -> Result<T, InputError> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(InputError(self.0))
        }
    }
}

/// The input could not be used (exit status 2). Holds every problem found.
#[derive(Debug, Clone)]
pub struct InputError(pub Vec<Diagnostic>);

impl InputError {
    pub fn one(d: Diagnostic) -> Self {
        InputError(vec![d])
    }

    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        // In reading order: by file, then by position (missing files first).
        let mut sorted: Vec<&Diagnostic> = self.0.iter().collect();
        sorted.sort_by_key(|d| {
            (
                d.file.as_ref().map(|f| f.name.clone()),
                d.span.as_ref().map(|s| s.start),
            )
        });
        for d in sorted {
            out.push_str(&d.render(color));
            out.push_str("\n\n");
        }
        let n = self.0.len();
        out.push_str(&if n == 1 {
            "1 probleem gevonden; er is niets gemaakt of gewijzigd.\n".to_string()
        } else {
            format!("{n} problemen gevonden; er is niets gemaakt of gewijzigd.\n")
        });
        out
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for InputError {}

/// The nearest candidate to a misspelt word, if it is near enough to be a
/// plausible typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(3) / 3).max(2) || c.starts_with(&lower) && lower.len() >= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// "Bedoel je `x`?" or a list of the valid choices.
pub fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    match suggest(word, candidates.iter().copied()) {
        Some(s) => format!("bedoel je `{s}`?"),
        None => format!("kies uit: {}", join_ticks(candidates)),
    }
}

pub fn join_ticks(items: &[&str]) -> String {
    items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// A path as one word on a command line the user can copy: as typed, in
/// single quotes when it holds a space or a character a shell would read.
pub fn shell_word(path: &Path) -> String {
    let s = path.display().to_string();
    if !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || "-_./:@+,".contains(c)) {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_quote_only_when_needed() {
        assert_eq!(shell_word(Path::new("amersfoort.toml")), "amersfoort.toml");
        assert_eq!(
            shell_word(Path::new("sessies/zeist-2027.toml")),
            "sessies/zeist-2027.toml"
        );
        assert_eq!(shell_word(Path::new("mijn sessie.toml")), "'mijn sessie.toml'");
        assert_eq!(shell_word(Path::new("it's.toml")), "'it'\\''s.toml'");
    }
}
