//! The template engine: minijinja templates compiled into the binary, each
//! replaceable by a file of the same name in `--sjablonen MAP` (like
//! git-cliff's built-in templates with a user override).
//!
//! Templates are strict: a misspelt variable is an error that names the
//! template, the line and the variable, instead of silently printing nothing.

use std::path::Path;

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use crate::diag::{Diagnostic, InputError, SourceFile};

/// Built-in templates (`src/templates/*.j2`), embedded by `build.rs`.
pub const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_templates.rs"));

pub struct Engine {
    env: Environment<'static>,
    /// Template name → the override file it was read from.
    overrides: std::collections::BTreeMap<String, std::path::PathBuf>,
}

/// Limits for override templates (the built-in ones are ours and bounded):
/// work (minijinja's fuel: about one unit per instruction or per 64 bytes of
/// data), nesting of loops, macros and includes, and the size of one document.
pub const SJABLOON_BRANDSTOF: u64 = 10_000_000;
pub const SJABLOON_DIEPTE: usize = 100;
pub const SJABLOON_MAX_BYTES: usize = 32 * 1024 * 1024;

impl Engine {
    /// The built-in templates, with any file in `override_dir` taking precedence.
    pub fn new(override_dir: Option<&Path>) -> Result<Self, InputError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .expect("default delimiters are valid"),
        );
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html.j2") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        super::filters::register(&mut env);
        if override_dir.is_some() {
            env.set_fuel(Some(SJABLOON_BRANDSTOF));
            env.set_recursion_limit(SJABLOON_DIEPTE);
        }
        let mut overrides = std::collections::BTreeMap::new();
        let mut diags = Vec::new();
        for (name, text) in BUILTIN {
            let source = match override_dir {
                Some(dir) if std::fs::symlink_metadata(dir.join(name)).is_ok() => {
                    match read_override(&dir.join(name)) {
                        Ok(t) => {
                            overrides.insert(name.to_string(), dir.join(name));
                            t
                        }
                        Err(d) => {
                            diags.push(d);
                            continue;
                        }
                    }
                }
                _ => text.to_string(),
            };
            if let Err(e) = env.add_template_owned(name.to_string(), source.clone()) {
                let path = override_dir
                    .map(|d| d.join(name))
                    .unwrap_or_else(|| Path::new(name).to_path_buf());
                diags.push(template_diagnostic(&e, &path, &source));
            }
        }
        if let Some(dir) = override_dir {
            if !dir.is_dir() {
                diags.push(
                    Diagnostic::new(format!("de sjablonenmap {} bestaat niet", dir.display()))
                        .help("maak een startpunt met `draaiboek sjablonen --exporteer MAP`"),
                );
            } else if let Ok(rd) = std::fs::read_dir(dir) {
                let known: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
                let mut unknown: Vec<String> = rd
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".j2") && !known.contains(&n.as_str()))
                    .collect();
                unknown.sort();
                for n in unknown {
                    diags.push(
                        Diagnostic::new(format!("onbekend sjabloon {n} in {}", dir.display()))
                            .help(crate::diag::did_you_mean(&n, &known)),
                    );
                }
            }
        }
        if diags.is_empty() {
            Ok(Engine { env, overrides })
        } else {
            Err(InputError(diags))
        }
    }

    /// Render a template; an error names the template file, line, column and cause.
    pub fn render(&self, name: &str, ctx: &Value) -> anyhow::Result<String> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| anyhow::anyhow!("sjabloon {name} ontbreekt: {e}"))?;
        let mut out = Begrensd(Vec::new());
        match tmpl.render_captured_to(ctx, &mut out) {
            Ok(_) => {
                Ok(String::from_utf8(out.0).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
            }
            Err(e) => Err(anyhow::anyhow!(self.render_error_text(innermost(&e), name))),
        }
    }

    /// Dutch text for a render error: where (file:line:col), what, and how to fix it.
    fn render_error_text(&self, e: &minijinja::Error, rendering: &str) -> String {
        let name = e.name().unwrap_or(rendering);
        let waar = match self.overrides.get(name) {
            Some(p) => format!("sjabloon {}", p.display()),
            None => format!("ingebouwd sjabloon {name}"),
        };
        let plek = match (e.line(), position(e)) {
            (_, Some((l, c))) => format!(":{l}:{c}"),
            (Some(l), None) => format!(":{l}"),
            _ => String::new(),
        };
        let detail = e.detail().unwrap_or_default();
        let (wat, hulp) = match e.kind() {
            minijinja::ErrorKind::UndefinedError => {
                let shown = e
                    .template_source()
                    .and_then(|src| e.range().map(|r| src.get(r).unwrap_or("").to_string()))
                    .filter(|s| !s.is_empty())
                    .map(|s| format!(": `{s}`"))
                    .unwrap_or_default();
                (
                    format!("onbekende variabele{shown}"),
                    "Controleer de naam van de variabele; de beschikbare variabelen staan in de ingebouwde sjablonen (`draaiboek sjablonen --exporteer MAP`).",
                )
            }
            minijinja::ErrorKind::OutOfFuel => (
                "het sjabloon doet te veel werk en is gestopt (een lus in een lus, of een lus die niet ophoudt?)"
                    .to_string(),
                "Maak de lussen kleiner; een document loopt hooguit over de deelnemers, bouwstenen en casussen.",
            ),
            minijinja::ErrorKind::WriteFailure => (
                format!(
                    "het document wordt groter dan {} MB en is gestopt",
                    SJABLOON_MAX_BYTES / (1024 * 1024)
                ),
                "Controleer de lussen in het sjabloon: herhaalt het dezelfde tekst steeds opnieuw?",
            ),
            minijinja::ErrorKind::InvalidOperation if detail.contains("recursion") => (
                format!(
                    "het sjabloon gaat te diep (macro's, includes of lussen meer dan {SJABLOON_DIEPTE} lagen in elkaar)"
                ),
                "Controleer of een macro zichzelf aanroept of een sjabloon zichzelf invoegt.",
            ),
            _ => (
                vertaal(e),
                "Vergelijk met het ingebouwde sjabloon (`draaiboek sjablonen --exporteer MAP`).",
            ),
        };
        format!("{waar}{plek}: {wat}. {hulp}")
    }
}

/// The error that started it: an include or macro wraps the real one.
fn innermost(e: &minijinja::Error) -> &minijinja::Error {
    let mut cur = e;
    while let Some(next) = std::error::Error::source(cur).and_then(|s| s.downcast_ref::<minijinja::Error>()) {
        cur = next;
    }
    cur
}

/// A Dutch description of a minijinja error (the engine speaks English).
fn vertaal(e: &minijinja::Error) -> String {
    let detail = e.detail().unwrap_or_default();
    let d = detail.to_lowercase();
    let nl = if d.contains("end of input") {
        "het sjabloon houdt onverwacht op (ontbreekt er een {% endfor %}, {% endif %} of }}?)"
    } else if d.contains("end of block") || d.contains("end of variable") {
        "hier is een blok of variabele niet af"
    } else if d.contains("unknown statement") {
        "onbekende opdracht tussen {% en %}"
    } else if d.contains("unknown filter") {
        "onbekend filter"
    } else if d.contains("unknown function") {
        "onbekende functie"
    } else if d.contains("unknown test") {
        "onbekende test"
    } else if d.contains("template not found") || e.kind() == minijinja::ErrorKind::TemplateNotFound {
        "het ingevoegde sjabloon bestaat niet"
    } else if d.contains("unexpected") {
        "hier staat iets wat het sjabloon niet verwacht"
    } else if d.contains("too many elements") || d.contains("range") {
        "een lijst of reeks is te groot"
    } else if d.contains("cannot") || d.contains("invalid") || e.kind() == minijinja::ErrorKind::InvalidOperation {
        "deze bewerking kan niet met deze waarden"
    } else {
        "hier klopt het sjabloon niet"
    };
    if detail.is_empty() {
        nl.to_string()
    } else {
        format!("{nl} (de sjabloonmotor meldt: {detail})")
    }
}

/// Line and column (1-based, in characters) where a render error points.
fn position(e: &minijinja::Error) -> Option<(usize, usize)> {
    let src = e.template_source()?;
    let start = e.range()?.start.min(src.len());
    let before = src.get(..start)?;
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, col))
}

/// A document being rendered, refused once it grows past the cap.
struct Begrensd(Vec<u8>);

impl std::io::Write for Begrensd {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > SJABLOON_MAX_BYTES {
            return Err(std::io::Error::other("document te groot"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An override template: a regular UTF-8 file under the size cap.
fn read_override(path: &Path) -> Result<String, Diagnostic> {
    let bytes = crate::reader::read_regular(path, crate::reader::MAX_SJABLOON_BYTES).map_err(|e| {
        Diagnostic::new(format!(
            "sjabloon {} kan niet gelezen worden: {}",
            path.display(),
            e.reason()
        ))
        .help("een sjabloon is een gewoon tekstbestand; vergelijk met `draaiboek sjablonen --exporteer MAP`")
    })?;
    String::from_utf8(bytes).map_err(|_| {
        Diagnostic::new(format!("sjabloon {} is geen UTF-8-tekst", path.display()))
            .help("sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als' → codering UTF-8)")
    })
}

fn template_diagnostic(e: &minijinja::Error, path: &Path, source: &str) -> Diagnostic {
    let file = SourceFile::new(path, source.to_string());
    let span = e.range().or_else(|| {
        e.line().map(|l| {
            let start: usize = source
                .split_inclusive('\n')
                .take(l.saturating_sub(1))
                .map(str::len)
                .sum();
            start..start
        })
    });
    Diagnostic::new(format!("sjabloon {} klopt niet: {}", path.display(), vertaal(e)))
        .at(&file, span)
        .label("hier")
        .help("vergelijk met het ingebouwde sjabloon (`draaiboek sjablonen --exporteer MAP`)")
}
