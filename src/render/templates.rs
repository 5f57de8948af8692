//! The template engine: minijinja templates compiled into the binary, each
//! replaceable by a file of the same name in `--sjablonen MAP` (like
//! git-cliff's built-in templates with a user override).
//!
//! Templates are strict: a misspelt variable is an error that names the
//! template, the line and the variable, instead of silently printing nothing.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use crate::diag::{Diagnostic, InputError, SourceFile};

/// Built-in templates (`src/templates/*.j2`), embedded by `build.rs`.
pub const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_templates.rs"));

/// Limits for override templates (the built-in ones are ours and bounded):
/// work (minijinja's fuel: about one unit per instruction or per 64 bytes of
/// data), nesting of loops, macros and includes, and the size of one document.
pub const SJABLOON_BRANDSTOF: u64 = 10_000_000;
pub const SJABLOON_DIEPTE: usize = 100;
pub const SJABLOON_MAX_BYTES: usize = 32 * 1024 * 1024;

pub struct Engine {
    env: Environment<'static>,
    /// The trekker's file for each overridden template, to point at in errors.
    overrides: HashMap<String, Arc<SourceFile>>,
    /// Variables every template sees besides its own (the document context),
    /// so an invitation template can use the programme, planning and groups.
    base: Option<Value>,
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
        if override_dir.is_some() {
            env.set_fuel(Some(SJABLOON_BRANDSTOF));
            env.set_recursion_limit(SJABLOON_DIEPTE);
        }
        let mut diags = Vec::new();
        let mut overrides = HashMap::new();
        if let Some(dir) = override_dir
            && !dir.is_dir()
        {
            return Err(InputError::one(
                Diagnostic::new(format!("de sjablonenmap {} bestaat niet", dir.display())).help(format!(
                    "maak een startpunt met `draaiboek sjablonen --exporteer {}`",
                    crate::diag::shell_word(dir)
                )),
            ));
        }
        for (name, _) in BUILTIN {
            let source = match override_dir {
                // Whatever is there under this name (also a pipe or a folder) is read
                // through `read_override`, which refuses anything but a regular file.
                Some(dir) if std::fs::symlink_metadata(dir.join(name)).is_ok() => {
                    match read_override(&dir.join(name)) {
                        Ok(t) => {
                            overrides.insert(name.to_string(), SourceFile::new(&dir.join(name), t.clone()));
                            t
                        }
                        Err(d) => {
                            diags.push(d);
                            continue;
                        }
                    }
                }
                // A built-in template is compiled when first used (the
                // loader below): `maak` needs most of them, `controleer`
                // none, and every one is tested to compile.
                _ => continue,
            };
            if let Err(e) = env.add_template_owned(name.to_string(), source.clone()) {
                let path = override_dir
                    .map(|d| d.join(name))
                    .unwrap_or_else(|| Path::new(name).to_path_buf());
                diags.push(template_diagnostic(&e, &path, &source));
            }
        }
        env.set_loader(|name| Ok(BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)));
        if let Some(dir) = override_dir
            && let Ok(rd) = std::fs::read_dir(dir)
        {
            let known: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
            let mut unknown: Vec<String> = rd
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".j2") && !known.contains(&n.as_str()))
                .collect();
            unknown.sort();
            for n in unknown {
                let help = if n == "uitnodiging.md.j2" || n == "uitnodiging.txt.j2" {
                    "de uitnodiging in Markdown en als platte tekst komen nu uit één sjabloon: uitnodiging.j2 \
                     (haal het op met `draaiboek sjablonen --exporteer MAP` en zet je aanpassingen daarin)"
                        .to_string()
                } else {
                    crate::diag::did_you_mean(&n, &known)
                };
                diags.push(Diagnostic::new(format!("onbekend sjabloon {n} in {}", dir.display())).help(help));
            }
        }
        if diags.is_empty() {
            Ok(Engine {
                env,
                overrides,
                base: None,
            })
        } else {
            Err(InputError(diags))
        }
    }

    /// The templates for a session: `--sjablonen MAP` when given, else the
    /// session's own `sjablonen = "…"`, else the built-in ones.
    pub fn for_session(flag: Option<&Path>, sessie: &crate::model::Sessie) -> Result<Self, InputError> {
        Engine::new(flag.or(sessie.bijeenkomst.sjablonen.as_deref()))
    }

    /// The context variables a template reads (not its own `set` or loop
    /// variables, nor minijinja's functions), sorted.
    pub fn variables(&self, name: &str) -> Vec<String> {
        const FUNCTIONS: [&str; 7] = ["range", "dict", "namespace", "debug", "lipsum", "cycler", "joiner"];
        let Ok(tmpl) = self.env.get_template(name) else {
            return vec![];
        };
        let mut names: Vec<String> = tmpl
            .undeclared_variables(false)
            .into_iter()
            .filter(|n| !FUNCTIONS.contains(&n.as_str()))
            .collect();
        // What an included template reads counts too (`{% include "concept.md.j2" %}`).
        for part in tmpl.source().split("include \"").skip(1) {
            if let Some((inc, _)) = part.split_once('"')
                && inc != name
            {
                names.extend(self.variables(inc));
            }
        }
        names.sort();
        names.dedup();
        names
    }

    /// Let every template also see `base` (its own variables win).
    pub fn set_base(&mut self, base: Value) {
        self.base = Some(base);
    }

    /// The value given to [`Engine::set_base`], if any.
    pub fn base(&self) -> Option<&Value> {
        self.base.as_ref()
    }

    /// Render a template. An error names the file (the trekker's own
    /// override, or the built-in template), line and column, the unknown
    /// variable and the variables that do exist; it is an input error.
    pub fn render(&self, name: &str, ctx: &Value) -> anyhow::Result<String> {
        // Most documents are a few KB: start with room for them.
        let mut out = Vec::with_capacity(8 * 1024);
        self.render_naar(name, ctx, &mut out)?;
        Ok(String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// [`render`](Self::render) straight into `w`: a page of thousands of
    /// participants need not be whole in memory.
    pub fn render_naar(&self, name: &str, ctx: &Value, w: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| anyhow::anyhow!("sjabloon {name} ontbreekt: {e}"))?;
        let ctx = match &self.base {
            Some(base) => minijinja::value::merge_maps([ctx.clone(), base.clone()]),
            None => ctx.clone(),
        };
        // Through a cap: an override that keeps writing stops at the cap.
        let mut out = Begrensd { w, n: 0, fout: None };
        match tmpl.render_captured_to(&ctx, &mut out) {
            Ok(_) => Ok(()),
            // The writer itself failed (the temp store on a full disk).
            Err(_) if out.fout.is_some() => Err(out
                .fout
                .take()
                .map(anyhow::Error::new)
                .unwrap_or_else(|| anyhow::anyhow!("{name}"))),
            Err(e) => Err(anyhow::Error::new(InputError::one(
                self.render_diagnostic(name, &e, &ctx),
            ))),
        }
    }

    fn render_diagnostic(&self, name: &str, e: &minijinja::Error, ctx: &Value) -> Diagnostic {
        // The innermost error names the template that failed (an include may fail).
        let mut inner = e;
        while let Some(src) = std::error::Error::source(inner).and_then(|s| s.downcast_ref::<minijinja::Error>()) {
            inner = src;
        }
        let e = if inner.name().is_some() { inner } else { e };
        let tname = e.name().unwrap_or(name);
        let file = match self.overrides.get(tname) {
            Some(f) => f.clone(),
            None => {
                let text = BUILTIN.iter().find(|(n, _)| *n == tname).map_or("", |(_, t)| *t);
                SourceFile::new(Path::new(&format!("{tname} (ingebouwd)")), text.to_string())
            }
        };
        let span = e.range().or_else(|| {
            e.line().map(|l| {
                let start: usize = file
                    .text
                    .split_inclusive('\n')
                    .take(l.saturating_sub(1))
                    .map(str::len)
                    .sum();
                start..start
            })
        });
        let shown = span
            .clone()
            .and_then(|r| file.text.get(r))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let over = if self.overrides.contains_key(tname) {
            format!("je eigen sjabloon {}", file.name)
        } else {
            format!("het ingebouwde sjabloon {tname}")
        };
        if e.kind() == minijinja::ErrorKind::UndefinedError {
            let expr = shown.clone().unwrap_or_default();
            // `organisator.titel`: the keys of `organisator`; `titl`: the top level;
            // `b.titl` inside `{% for b in blokken %}`: the keys of a block.
            let (message, keys, scope) = match expr.rsplit_once('.') {
                Some((obj, attr)) if is_path(obj) && is_ident(attr) => {
                    let value = match lookup(ctx, obj) {
                        v if v.is_undefined() => loop_item(&file.text, obj, ctx),
                        v => v,
                    };
                    (
                        format!("{over} gebruikt `{expr}`, maar `{obj}` heeft geen `{attr}`"),
                        keys_of(&value),
                        format!(" in `{obj}`"),
                    )
                }
                _ if !expr.is_empty() => (
                    format!("{over} gebruikt de variabele `{expr}`, maar die bestaat niet"),
                    keys_of(ctx),
                    String::new(),
                ),
                _ => (
                    format!("{over} gebruikt een variabele die niet bestaat"),
                    keys_of(ctx),
                    String::new(),
                ),
            };
            let word = expr.rsplit('.').next().unwrap_or("");
            let names: Vec<&str> = keys.iter().map(String::as_str).collect();
            let hint = match crate::diag::suggest(word, names.iter().copied()) {
                Some(s) => format!("bedoel je `{s}`? "),
                None => String::new(),
            };
            let bestaand = if names.is_empty() {
                String::new()
            } else {
                format!("Deze variabelen bestaan{scope}: {}. ", crate::diag::join_ticks(&names))
            };
            let sessie = lookup(ctx, "sessiebestand")
                .as_str()
                .map_or_else(|| "SESSIE.toml".to_string(), str::to_string);
            return Diagnostic::new(message)
                .at(&file, span)
                .label("onbekende variabele")
                .help(format!(
                    "{hint}{bestaand}Alle variabelen met hun waarden: `draaiboek sjablonen --context {sessie}`"
                ));
        }
        let (wat, hulp) = explain_template_error(e);
        Diagnostic::new(format!("{over} klopt niet: {wat}"))
            .at(&file, span)
            .label("hier")
            .help(hulp)
    }
}

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn is_path(s: &str) -> bool {
    s.split('.').all(is_ident)
}

fn lookup(ctx: &Value, path: &str) -> Value {
    path.split('.')
        .try_fold(ctx.clone(), |v, k| v.get_attr(k).ok())
        .unwrap_or_default()
}

/// The first item of the list that `{% for name in list %}` walks, so a
/// loop variable's fields can be listed.
fn loop_item(source: &str, name: &str, ctx: &Value) -> Value {
    let needle = format!("for {name} in ");
    let Some(at) = source.find(&needle) else {
        return Value::UNDEFINED;
    };
    let rest = &source[at + needle.len()..];
    let list: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    lookup(ctx, &list)
        .try_iter()
        .ok()
        .and_then(|mut it| it.next())
        .unwrap_or(Value::UNDEFINED)
}

/// The names of a map's keys, sorted.
fn keys_of(v: &Value) -> Vec<String> {
    if v.kind() != minijinja::value::ValueKind::Map {
        return vec![];
    }
    let mut keys: Vec<String> = v
        .try_iter()
        .map(|it| it.filter_map(|k| k.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    keys.sort();
    keys.dedup();
    keys
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
    let (wat, hulp) = explain_template_error(e);
    Diagnostic::new(format!("je eigen sjabloon {} klopt niet: {wat}", path.display()))
        .at(&file, span)
        .label("hier")
        .help(hulp)
}

/// The filters a template can use: ours, then the common minijinja ones.
const FILTERS: &[&str] = &[
    "datum_lang",
    "datum_kort",
    "tijd",
    "bedrag",
    "opsomming",
    "md",
    "md_code",
    "zinsdeel",
    "regel",
    "tekst",
    "vet",
    "kop",
    "veld",
    "upper",
    "lower",
    "title",
    "capitalize",
    "trim",
    "length",
    "join",
    "default",
    "first",
    "last",
    "sort",
    "replace",
    "round",
    "int",
    "list",
    "indent",
];

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

/// A document being rendered, refused once it grows past the cap.
struct Begrensd<'a> {
    w: &'a mut dyn std::io::Write,
    n: usize,
    /// An error of `w` itself, not of the template.
    fout: Option<std::io::Error>,
}

impl std::io::Write for Begrensd<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.n + buf.len() > SJABLOON_MAX_BYTES {
            return Err(std::io::Error::other("document te groot"));
        }
        if let Err(e) = self.w.write_all(buf) {
            let kort = std::io::Error::new(e.kind(), e.to_string());
            self.fout = Some(e);
            return Err(kort);
        }
        self.n += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A Dutch sentence for minijinja's own wording, and how to fix it.
fn explain_template_error(e: &minijinja::Error) -> (String, String) {
    let detail = e.detail().map(str::to_string).unwrap_or_else(|| e.kind().to_string());
    // The limits of an override template (fuel, depth, size): no hang, no abort.
    match e.kind() {
        minijinja::ErrorKind::OutOfFuel => {
            return (
                "het sjabloon doet te veel werk en is gestopt (een lus in een lus, of een lus die niet ophoudt?)"
                    .into(),
                "maak de lussen kleiner; een document loopt hooguit over de deelnemers, bouwstenen en casussen".into(),
            );
        }
        minijinja::ErrorKind::WriteFailure => {
            return (
                format!(
                    "het document wordt groter dan {} MB en is gestopt",
                    SJABLOON_MAX_BYTES / (1024 * 1024)
                ),
                "controleer de lussen in het sjabloon: herhaalt het dezelfde tekst steeds opnieuw?".into(),
            );
        }
        minijinja::ErrorKind::InvalidOperation if detail.contains("recursion") => {
            return (
                format!(
                    "het sjabloon gaat te diep (macro's, includes of lussen meer dan {SJABLOON_DIEPTE} lagen in elkaar)"
                ),
                "controleer of een macro zichzelf aanroept of een sjabloon zichzelf invoegt".into(),
            );
        }
        _ => {}
    }
    let vergelijk = "vergelijk met het ingebouwde sjabloon (`draaiboek sjablonen --exporteer MAP`)".to_string();
    let between = |s: &str, a: &str, b: &str| -> Option<String> {
        let rest = s.strip_prefix(a)?;
        Some(rest.strip_suffix(b)?.to_string())
    };
    if let Some(name) = between(&detail, "filter ", " is unknown") {
        let hint = match crate::diag::suggest(&name, FILTERS.iter().copied()) {
            Some(s) => format!("bedoel je `{s}`? "),
            None => String::new(),
        };
        return (
            format!("het filter `{name}` bestaat niet"),
            format!("{hint}Deze filters bestaan: {}", crate::diag::join_ticks(FILTERS)),
        );
    }
    if let Some(name) = between(&detail, "test ", " is unknown") {
        return (
            format!("de test `{name}` bestaat niet"),
            "gebruik bijvoorbeeld `is defined`, `is none` of `is number`".into(),
        );
    }
    if detail.contains("expected end of variable block") {
        return (
            "hier hoort `}}` om de variabele af te sluiten".into(),
            "schrijf een variabele als {{ naam }}, met twee accolades aan elke kant".into(),
        );
    }
    if detail.contains("unexpected end of input") {
        return (
            "het sjabloon houdt op terwijl er nog een blok open staat".into(),
            "sluit elk {% for %} af met {% endfor %} en elk {% if %} met {% endif %}".into(),
        );
    }
    if detail.contains("expected end of block") || detail.contains("unknown statement") {
        return (
            format!("dit blok is niet goed geschreven ({detail})"),
            "een blok staat tussen {% en %}, bijvoorbeeld {% if deelnemer %} … {% endif %}".into(),
        );
    }
    (format!("de opmaak klopt hier niet ({detail})"), vergelijk)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The filters named in an error message all exist.
    #[test]
    fn every_builtin_template_compiles() {
        // They are compiled when first used; a syntax error must not wait for that.
        let engine = Engine::new(None).unwrap();
        for (name, _) in BUILTIN {
            if let Err(e) = engine.env.get_template(name) {
                panic!("{name}: {e:#}");
            }
        }
    }

    #[test]
    fn every_listed_filter_exists() {
        let engine = Engine::new(None).unwrap();
        let mut env = engine.env.clone();
        for f in FILTERS {
            env.add_template_owned(format!("t-{f}"), format!("{{{{ x | {f} }}}}"))
                .unwrap_or_else(|e| panic!("{f}: {e}"));
        }
    }
}
