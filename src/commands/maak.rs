//! `draaiboek maak` (alias `render`) and `draaiboek kaarten`: session →
//! context → templates → files, all through one [`Uitvoer`] so that nothing
//! is written unless everything can be.
//!
//! Other outputs (invitations, calendar files, group plan) add their files
//! to the same `Uitvoer` in [`run`], before `commit`.

use std::path::{Path, PathBuf};

use minijinja::{Value, context};

use crate::check::controleer_plan;
use crate::cli::{SessieArgs, UitArgs, UitvoerFormaat};
use crate::export::Ontvanger;
use crate::export::concepten::{self, Concepten};
use crate::levensloop::Feiten;
use crate::model::Sessie;
use crate::plan::Planning;
use crate::render::context::{self, Context};
use crate::render::markdown::naar_html;
use crate::render::templates::Engine;
use crate::write::{Uitvoer, Verslag};
use crate::{Outcome, Result};

/// Which documents a command writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Welke {
    Alles,
    AlleenKaarten,
}

/// The default output folder: `<stem>/` next to the session file.
pub fn standaard_map(sessie: &Path) -> PathBuf {
    let stem = sessie
        .file_stem()
        .map(|s| s.to_os_string())
        .unwrap_or_else(|| "documenten".into());
    match sessie.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(stem),
        _ => PathBuf::from(stem),
    }
}

/// The fingerprint of the program that runs: its sources, library,
/// templates and locked dependencies (made by `build.rs`).
const BOUW: u64 = include!(concat!(env!("OUT_DIR"), "/bouw.rs"));

pub fn run(
    lib_dir: Option<&Path>,
    args: &SessieArgs,
    uit: &UitArgs,
    formaat: UitvoerFormaat,
    welke: Welke,
    zaad: u64,
) -> Result<Outcome> {
    // Every input file read from here to the engine (session, its CSV, a
    // library folder, override templates) goes into the fingerprint.
    let journaal = crate::reader::Journaal::open();
    let (lib, sessie) = super::load(lib_dir, &args.sessie)?;
    let mut engine = Engine::for_session(uit.sjablonen.as_deref(), &sessie)?;
    let gelezen = journaal.hash();
    drop(journaal);
    let vandaag = super::vandaag(args.vandaag);
    let plan = Planning::new(&sessie, &lib, zaad);
    let dir = uit.uit.clone().unwrap_or_else(|| standaard_map(&args.sessie));
    // What went out is in the session itself (`[[verstuurd]]`).
    let rapport = controleer_plan(&plan, &lib, vandaag);
    // What the summary says, from the full run or from the check below.
    let fouten = context::fouten(&rapport);
    let sessiebestand = crate::diag::shell_word(&sessie.pad);
    let meld = |verslag: &Verslag, ontvangers: &[Ontvanger]| {
        meld(&Afloop {
            dir: &dir,
            verslag,
            ontvangers,
            plan: &plan,
            vandaag,
            fouten: &fouten,
            sessiebestand: &sessiebestand,
            welke,
        })
    };
    let mut uitvoer = Uitvoer::new(&dir, uit.forceer);
    if welke == Welke::Alles {
        // Everything these files are made from. Only `maak` of every file
        // can take a folder for up to date: it alone answers for all of it.
        // (Not the output folder's name: no document says it.)
        let invoer = {
            let opties = format!(
                "{BOUW:016x} {gelezen:016x} {:?} {vandaag} {formaat:?} {welke:?} {zaad} {lib_dir:?} {:?}",
                args.sessie, uit.sjablonen
            );
            let mut h = crate::fnv::fnv64(opties.as_bytes());
            // The check's findings decide CONCEPT and its notes in every
            // document: whatever a rule looks at is input too.
            for b in &rapport.bevindingen {
                for deel in [b.code, b.ernst.as_str(), &b.melding, "\n"] {
                    h = crate::fnv::fnv64_verder(h, deel.as_bytes());
                }
            }
            h
        };
        if let Some(verslag) = crate::write::ongewijzigd(&dir, invoer, van_maak) {
            // The same input made these very files, and none changed since:
            // what the full run would say, without rendering a page.
            return meld(&verslag, &crate::export::ontvangers(&plan));
        }
        uitvoer.onthoud_invoer(invoer);
    }
    let mut ctx = context::build(&plan, &rapport);
    // The invitation templates see the whole document context too.
    engine.set_base(Value::from(minijinja::value::Serde(&ctx)));
    // From here on every template reads the participant list from that
    // value (the engine's base); the Rust copy is not read again, and with
    // thousands of participants it would be a second copy in memory.
    ctx.deelnemers = Vec::new();
    let mut ontvangers = Vec::new();
    if welke == Welke::Alles {
        // The folder mirrors this run: what maak wrote before and no longer
        // makes (a cancelled participant, mail drafts in a CONCEPT run) goes.
        uitvoer.spiegel(van_maak);
    }
    alle_bestanden(&engine, &ctx, &plan, vandaag, formaat, welke, &mut uitvoer)?;
    if welke == Welke::Alles {
        ontvangers = crate::export::ontvangers(&plan);
        if !ctx.concept {
            // What these drafts say, for `verstuurd`: in place after them.
            let record = Concepten {
                versie: sessie.bijeenkomst.versie,
                feiten: Feiten::van(&plan),
                brieven: ontvangers
                    .iter()
                    .map(|o| {
                        (
                            o.brief.id.clone(),
                            concepten::soort_id(o.soort()).to_string(),
                            o.deelnemer().naam.clone(),
                        )
                    })
                    .collect(),
            };
            uitvoer.add(concepten::BESTAND, record.render())?;
            uitvoer.als_laatste(concepten::BESTAND);
        }
    }
    // The document context and its template values (large for a long
    // participant list) go before the write.
    drop(engine);
    drop(ctx);
    let verslag = uitvoer.commit()?;
    meld(&verslag, &ontvangers)
}

/// How a run of `maak` or `kaarten` ended, for [`meld`].
struct Afloop<'a> {
    dir: &'a Path,
    verslag: &'a Verslag,
    ontvangers: &'a [Ontvanger<'a>],
    plan: &'a Planning<'a>,
    vandaag: chrono::NaiveDate,
    /// The session's errors: with any, the documents are CONCEPT.
    fouten: &'a [String],
    sessiebestand: &'a str,
    welke: Welke,
}

/// What was written and whom to send what; in a CONCEPT run, why and what next.
fn meld(a: &Afloop) -> Result<Outcome> {
    let concept = !a.fouten.is_empty();
    crate::shell::out(samenvatting(a.dir, a.verslag))?;
    if !concept && a.welke == Welke::Alles {
        crate::shell::out(super::stand::aan_wie(a.ontvangers, a.plan, a.vandaag))?;
    }
    if a.welke == Welke::Alles {
        crate::shell::out(crate::term::omloop_tekst(
            &super::stand::tekst(a.plan, a.vandaag, concept, a.sessiebestand),
            crate::shell::breedte(),
        ))?;
    }
    if concept {
        let fouten = a.fouten;
        crate::errln!(
            "Let op: de sessie heeft {} {}; de documenten zijn als CONCEPT gemarkeerd:",
            fouten.len(),
            if fouten.len() == 1 { "fout" } else { "fouten" }
        );
        for f in fouten {
            crate::errln!("  - {f}");
        }
        if a.welke == Welke::Alles {
            crate::errln!(
                "De concept-mails (.eml) en agenda-uitnodigingen (.ics) worden pas gemaakt als er geen fouten meer zijn."
            );
        }
        crate::errln!(
            "Los ze op (zie `draaiboek controleer {}`) en maak de documenten opnieuw.",
            a.sessiebestand
        );
        return Ok(Outcome::Findings);
    }
    Ok(Outcome::Ok)
}

/// The files `maak` answers for in its output folder: everything except
/// what `verslag` writes there after the meeting.
fn van_maak(rel: &str) -> bool {
    !(rel.starts_with("verslag.") || rel.starts_with("bedankt/") || rel == "contactlijst.html")
}

/// Every file `maak` writes, rendered into `uitvoer` (nothing is written
/// yet): the documents, the invitations and reminders, the addresses, the
/// paper for the day and, last, the overview (`index.html`). `bekijk` serves
/// the same list from memory.
pub fn alle_bestanden(
    engine: &Engine,
    ctx: &Context,
    plan: &Planning,
    vandaag: chrono::NaiveDate,
    formaat: UitvoerFormaat,
    welke: Welke,
    uitvoer: &mut Uitvoer,
) -> anyhow::Result<()> {
    documenten(engine, ctx, plan.sessie, formaat, welke, uitvoer)?;
    if welke == Welke::Alles {
        // Invitations, mail drafts and calendar files go through the same
        // all-or-nothing commit as the documents; in a CONCEPT run each file
        // follows its kind's policy (`export::Bestand::als_concept`).
        // Each file goes to the Uitvoer as soon as it is made, so thousands
        // of invitations and reminders are never all in memory at once. The
        // reminders see the document context: the engine's base when set.
        let value = match engine.base() {
            Some(base) => base.clone(),
            None => Value::from(minijinja::value::Serde(ctx)),
        };
        let mut verwerk = |f: crate::export::Bestand| {
            let f = if ctx.concept {
                f.als_concept(&ctx.sessiebestand)
            } else {
                Some(f)
            };
            match f {
                Some(f) => uitvoer.add_gehasht(&f.pad, f.bytes, f.hash),
                None => Ok(()),
            }
        };
        crate::export::voor_elk_bestand(plan, engine, vandaag, &mut verwerk)?;
        crate::export::naderhand::herinneringen_elk(plan, engine, &value, vandaag, &mut verwerk)?;
        // The addresses are no draft to send; in a CONCEPT run the note goes
        // below, keeping the first line.
        let mut a = crate::export::naderhand::adressen(plan.sessie);
        if ctx.concept {
            let mut noot = String::from(
                "\nCONCEPT — de sessie heeft nog fouten (zie `draaiboek controleer`); wacht met mailen tot ze zijn opgelost:\n",
            );
            for f in &ctx.fouten {
                noot.push_str(&format!("- {f}\n"));
            }
            a.bytes.extend(noot.into_bytes());
        }
        uitvoer.add(&a.pad, a.bytes)?;
        if formaat != UitvoerFormaat::Md {
            dag_documenten(engine, ctx, plan, uitvoer)?;
        }
    }
    Ok(())
}

/// The paper for the day (attendance list, evaluation form) and, last, the
/// overview of every file queued (`index.html`).
fn dag_documenten(engine: &Engine, ctx: &Context, plan: &Planning, uitvoer: &mut Uitvoer) -> anyhow::Result<()> {
    use crate::render::dag;
    // The engine's base when set (the same context): no second copy.
    let value = match engine.base() {
        Some(base) => base.clone(),
        None => Value::from(minijinja::value::Serde(ctx)),
    };
    // These pages hold a line per participant (or per file): rendered
    // straight into the store, never whole in memory.
    // A cancelled meeting has no day: no attendance list, no forms (and
    // earlier ones are removed).
    if !ctx.geannuleerd {
        let lijst = Value::from(minijinja::value::Serde(dag::presentielijst(plan)));
        let ctx = context! { lijst => lijst, ..value.clone() };
        uitvoer.add_met("presentielijst.html", |w| {
            engine.render_naar("presentielijst.html.j2", &ctx, w)
        })?;
        drop(ctx);
        let evaluatie = Value::from(minijinja::value::Serde(dag::evaluatie(plan)));
        let ctx = context! { evaluatie => evaluatie, ..value.clone() };
        uitvoer.add_met("evaluatie.html", |w| engine.render_naar("evaluatie.html.j2", &ctx, w))?;
        drop(ctx);
    }
    let mut paden = uitvoer.paden();
    paden.push("index.html");
    let index = Value::from(minijinja::value::Serde(dag::index(plan, &paden)));
    drop(paden);
    let ctx = context! { index => index, ..value };
    uitvoer.add_met("index.html", |w| engine.render_naar("index.html.j2", &ctx, w))?;
    Ok(())
}

/// Render every document into `uitvoer` (nothing is written yet).
pub fn documenten(
    engine: &Engine,
    ctx: &Context,
    _sessie: &Sessie,
    formaat: UitvoerFormaat,
    welke: Welke,
    uitvoer: &mut Uitvoer,
) -> anyhow::Result<()> {
    // The document context as a template value: the engine's base when it
    // has one (made from this same context; one copy, not two, of a long
    // participant list), otherwise made here.
    let value = match engine.base() {
        Some(base) => base.clone(),
        None => Value::from(minijinja::value::Serde(ctx)),
    };
    let md = matches!(formaat, UitvoerFormaat::Md | UitvoerFormaat::Beide);
    let html = matches!(formaat, UitvoerFormaat::Html | UitvoerFormaat::Beide);
    let markdown_doc = |naam: &str, paginatitel: &str, uitvoer: &mut Uitvoer| -> anyhow::Result<()> {
        let tekst = engine.render(&format!("{naam}.md.j2"), &value)?;
        if html {
            let pagina = engine.render(
                "pagina.html.j2",
                &context! { paginatitel => paginatitel, document => naam, inhoud => Value::from_safe_string(naar_html(&tekst)), ..value.clone() },
            )?;
            uitvoer.add(&format!("{naam}.html"), pagina)?;
        }
        if md {
            uitvoer.add(&format!("{naam}.md"), tekst)?;
        }
        Ok(())
    };
    if welke == Welke::Alles {
        markdown_doc("agenda", "Agenda", uitvoer)?;
        markdown_doc("draaiboek", "Draaiboek", uitvoer)?;
        markdown_doc("benodigdheden", "Benodigdheden", uitvoer)?;
        if ctx.geannuleerd {
            // A cancelled meeting needs no printing: case cards, material
            // and table cards are not made (and earlier ones are removed).
            return Ok(());
        }
        // Name cards and group lists for every participant: straight into the store.
        if html && ctx.drukwerk.iets {
            uitvoer.add_met("materiaal.html", |w| engine.render_naar("materiaal.html.j2", &value, w))?;
        }
        if html && ctx.met_groepen {
            uitvoer.add_met("groepen.html", |w| engine.render_naar("groepen.html.j2", &value, w))?;
        }
    }
    if !ctx.kaarten.is_empty() || welke == Welke::AlleenKaarten {
        if html {
            uitvoer.add("casuskaarten.html", engine.render("casuskaarten.html.j2", &value)?)?;
        }
        if md {
            uitvoer.add("casuskaarten.md", engine.render("casuskaarten.md.j2", &value)?)?;
        }
    }
    Ok(())
}

fn samenvatting(dir: &Path, v: &Verslag) -> String {
    let mut out = String::new();
    if v.geschreven.is_empty() && v.verwijderd.is_empty() {
        out.push_str(&format!("Niets veranderd in {}/.\n", dir.display()));
    } else if !v.geschreven.is_empty() {
        out.push_str(&format!("Geschreven in {}/:\n", dir.display()));
        // Files at the top, one line per sub-folder (dozens of invitations).
        let mut mappen: Vec<(&str, usize)> = Vec::new();
        // The manifest and the invitation record are draaiboek's own.
        for f in v.geschreven.iter().filter(|f| !f.starts_with('.')) {
            match f.split_once('/') {
                Some((map, _)) => match mappen.iter_mut().find(|(m, _)| *m == map) {
                    Some((_, n)) => *n += 1,
                    None => mappen.push((map, 1)),
                },
                None => out.push_str(&format!("  {f}\n")),
            }
        }
        for (map, n) in mappen {
            out.push_str(&format!(
                "  {map}/ ({n} {})\n",
                if n == 1 { "bestand" } else { "bestanden" }
            ));
        }
    }
    if !v.verwijderd.is_empty() {
        out.push_str(&format!(
            "Weggehaald uit {}/ (draaiboek maakt ze nu niet):\n",
            dir.display()
        ));
        // Every file by name, except in a sub-folder with many of them.
        let mut per_map: Vec<(&str, Vec<&str>)> = Vec::new();
        for f in &v.verwijderd {
            let map = f.rsplit_once('/').map_or("", |(m, _)| m);
            match per_map.iter_mut().find(|(m, _)| *m == map) {
                Some((_, l)) => l.push(f),
                None => per_map.push((map, vec![f])),
            }
        }
        for (map, files) in per_map {
            if map.is_empty() || files.len() <= 12 {
                for f in files {
                    out.push_str(&format!("  {f}\n"));
                }
            } else {
                out.push_str(&format!(
                    "  {map}/ ({} bestanden, waaronder {} …)\n",
                    files.len(),
                    files[..3]
                        .iter()
                        .map(|f| f.rsplit_once('/').map_or(*f, |(_, n)| n))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    if !v.ongewijzigd.is_empty() && !v.geschreven.is_empty() {
        let n = v.ongewijzigd.len();
        out.push_str(&format!(
            "{n} {} al actueel.\n",
            if n == 1 {
                "ander bestand was"
            } else {
                "andere bestanden waren"
            }
        ));
    }
    out
}

/// The comment that opens an exported template: which variables it uses and
/// where to see them all (the way git-cliff documents its context).
pub fn kopcommentaar(name: &str, variabelen: &[String]) -> String {
    let mut regels = vec![format!("{{#- Sjabloon {name} van draaiboek.")];
    let mut regel = String::from("    Variabelen in dit sjabloon:");
    for (i, v) in variabelen.iter().enumerate() {
        let stuk = if i + 1 == variabelen.len() {
            format!(" {v}.")
        } else {
            format!(" {v},")
        };
        if regel.chars().count() + stuk.chars().count() > 78 {
            regels.push(regel);
            regel = String::from("   ");
        }
        regel.push_str(&stuk);
    }
    regels.push(regel);
    regels.push("    Alle variabelen met hun waarden: draaiboek sjablonen --context SESSIE.toml".into());
    regels.push("    Zet in je sessiebestand onder [bijeenkomst]: sjablonen = \"MAP\" -#}".into());
    regels.join("\n") + "\n"
}

/// `draaiboek sjablonen [--exporteer MAP]`: list the built-in templates, or
/// write them out as a starting point, never over an existing file. Each
/// exported template starts with a comment listing the variables it uses.
pub fn sjablonen(exporteer: Option<&Path>) -> Result<Outcome> {
    let builtin = crate::render::templates::BUILTIN;
    let Some(dir) = exporteer else {
        crate::outln!("Ingebouwde sjablonen (schrijf ze weg met `draaiboek sjablonen --exporteer MAP`):");
        for (name, _) in builtin {
            crate::outln!("  {name}");
        }
        return Ok(Outcome::Ok);
    };
    if dir.exists() && !dir.is_dir() {
        return Err(anyhow::anyhow!("{} is een bestand, geen map; kies een andere map", dir.display()).into());
    }
    let bestaand: Vec<String> = builtin
        .iter()
        .map(|(n, _)| dir.join(n))
        .filter(|p| p.exists())
        .map(|p| format!("  {}", p.display()))
        .collect();
    if !bestaand.is_empty() {
        return Err(anyhow::anyhow!(
            "er is niets geschreven: deze sjablonen bestaan al in {}:\n{}\n\
             draaiboek overschrijft ze niet. Kies een lege map, of verwijder of hernoem eerst deze bestanden.",
            dir.display(),
            bestaand.join("\n")
        )
        .into());
    }
    crate::write::maak_map(dir)?;
    let engine = Engine::new(None)?;
    for (name, text) in builtin {
        let tekst = kopcommentaar(name, &engine.variables(name)) + text;
        crate::write::atomic_write(&dir.join(name), tekst.as_bytes())?;
    }
    let map = crate::diag::shell_word(dir);
    crate::outln!(
        "{} sjablonen geschreven in {}/. Pas aan wat je wilt en verwijder de rest.\n\
         Zet dan in je sessiebestand onder [bijeenkomst] de regel\n  sjablonen = \"{}\"\n\
         (de map telt vanaf de map van het sessiebestand); dan gebruikt elke opdracht ze.\n\
         Alle variabelen met hun waarden: draaiboek sjablonen --context SESSIE.toml",
        builtin.len(),
        dir.display(),
        map.trim_matches('\'')
    );
    Ok(Outcome::Ok)
}

/// `draaiboek sjablonen --context SESSIE.toml`: every variable the templates
/// get for this session, as JSON. The documents see all of it except the
/// invitation's own fields (`deelnemer`, `onderwerp`, `tijden`, `markdown` …),
/// which the invitation template gets on top; here they are shown for the
/// general invitation.
pub fn sjablonen_context(lib_dir: Option<&Path>, sessie: &Path, vandaag: Option<chrono::NaiveDate>) -> Result<Outcome> {
    let (lib, sessie) = super::load(lib_dir, sessie)?;
    let vandaag = super::vandaag(vandaag);
    let plan = Planning::new(&sessie, &lib, 0);
    let rapport = crate::check::controleer_plan(&plan, &lib, vandaag);
    let ctx = context::build(&plan, &rapport);
    let merged = minijinja::value::merge_maps([
        crate::export::uitnodiging::context(&plan, None, vandaag, false),
        Value::from(minijinja::value::Serde(&ctx)),
    ]);
    let json: serde_json::Value =
        serde_json::to_value(&merged).map_err(|e| anyhow::anyhow!("de context kan niet als JSON: {e}"))?;
    let tekst =
        serde_json::to_string_pretty(&json).map_err(|e| anyhow::anyhow!("de context kan niet als JSON: {e}"))?;
    crate::outln!("{tekst}");
    Ok(Outcome::Ok)
}
