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
}

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
        let mut diags = Vec::new();
        for (name, text) in BUILTIN {
            let source = match override_dir {
                Some(dir) if std::fs::symlink_metadata(dir.join(name)).is_ok() => {
                    match read_override(&dir.join(name)) {
                        Ok(t) => t,
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
            Ok(Engine { env })
        } else {
            Err(InputError(diags))
        }
    }

    /// Render a template; an error names the template, line and cause.
    pub fn render(&self, name: &str, ctx: &Value) -> anyhow::Result<String> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| anyhow::anyhow!("sjabloon {name} ontbreekt: {e}"))?;
        tmpl.render(ctx).map_err(|e| anyhow::anyhow!(render_error_text(&e)))
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

/// Dutch text for a render error: template, line, and what is undefined.
fn render_error_text(e: &minijinja::Error) -> String {
    let name = e.name().unwrap_or("?");
    let line = e.line().map(|l| format!(", regel {l}")).unwrap_or_default();
    let what = match e.kind() {
        minijinja::ErrorKind::UndefinedError => {
            let detail = e.detail().map(|d| format!(" ({d})")).unwrap_or_default();
            let shown = e
                .template_source()
                .and_then(|src| e.range().map(|r| src.get(r).unwrap_or("").to_string()))
                .filter(|s| !s.is_empty())
                .map(|s| format!(": `{s}`"))
                .unwrap_or_default();
            format!("onbekende variabele{shown}{detail}")
        }
        _ => e.detail().map(str::to_string).unwrap_or_else(|| e.kind().to_string()),
    };
    format!(
        "sjabloon {name}{line}: {what}. Controleer de naam van de variabele; de beschikbare variabelen staan in de ingebouwde sjablonen (`draaiboek sjablonen --exporteer MAP`)."
    )
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
    Diagnostic::new(format!(
        "sjabloon {} klopt niet: {}",
        path.display(),
        e.detail().unwrap_or(&e.kind().to_string())
    ))
    .at(&file, span)
    .label("hier")
    .help("vergelijk met het ingebouwde sjabloon (`draaiboek sjablonen --exporteer MAP`)")
}
