//! `draaiboek verslag`: after the meeting, the report (`verslag.md`,
//! `verslag.html`), the contact list of those who agreed to share their
//! address (`contactlijst.html`) and a thank-you draft per participant who
//! came (`bedankt/<slug>.eml`), through the same all-or-nothing writer as
//! `maak`. Before the meeting date everything is CONCEPT and no mail is made.

use std::path::Path;

use minijinja::{Value, context};

use crate::check::controleer_plan;
use crate::cli::{SessieArgs, UitArgs};
use crate::plan::Planning;
use crate::render::context;
use crate::render::dag;
use crate::render::markdown::naar_html;
use crate::render::templates::Engine;
use crate::write::Uitvoer;
use crate::{Outcome, Result};

pub fn run(lib_dir: Option<&Path>, args: &SessieArgs, uit: &UitArgs) -> Result<Outcome> {
    let (lib, sessie) = super::load(lib_dir, &args.sessie)?;
    if sessie.bijeenkomst.status == crate::model::SessieStatus::Geannuleerd {
        crate::errln!(
            "De bijeenkomst \"{}\" van {} is afgezegd (`status = \"geannuleerd\"`): er is geen verslag en er gaan geen bedankmails uit. Er is niets geschreven.",
            sessie.bijeenkomst.titel.trim(),
            crate::nl::datum_lang(sessie.bijeenkomst.datum)
        );
        crate::errln!(
            "Ging ze toch door? Zet dan `status = \"gepland\"` onder [bijeenkomst] en maak het verslag opnieuw."
        );
        return Ok(Outcome::Findings);
    }
    let engine = Engine::for_session(uit.sjablonen.as_deref(), &sessie)?;
    let vandaag = super::vandaag(args.vandaag);
    let plan = Planning::new(&sessie, &lib, 0);
    let rapport = controleer_plan(&plan, &lib, vandaag);
    let ctx = context::build(&plan, &rapport);
    let concept = vandaag < sessie.bijeenkomst.datum;
    let verslag = dag::verslag(&plan, concept);
    let value = context! {
        verslag => Value::from(minijinja::value::Serde(&verslag)),
        ..Value::from(minijinja::value::Serde(&ctx))
    };

    let dir = uit
        .uit
        .clone()
        .unwrap_or_else(|| super::maak::standaard_map(&args.sessie));
    let mut uitvoer = Uitvoer::new(&dir, uit.forceer);
    // The folder mirrors this run like `maak`'s: a thank-you mail to someone
    // now marked absent (or without consent for an address) goes.
    uitvoer.spiegel(van_verslag);
    let tekst = engine.render("verslag.md.j2", &value)?;
    let pagina = engine.render(
        "pagina.html.j2",
        &context! {
            paginatitel => "Verslag",
            document => "verslag",
            inhoud => Value::from_safe_string(naar_html(&tekst)),
            concept => concept,
            ..value.clone()
        },
    )?;
    uitvoer.add("verslag.html", pagina)?;
    uitvoer.add("verslag.md", tekst)?;
    uitvoer.add("contactlijst.html", engine.render("contactlijst.html.j2", &value)?)?;
    let mails = if concept {
        Vec::new()
    } else {
        crate::export::naderhand::bedankt(&plan, &engine, &value, vandaag)?
    };
    let aantal_mails = mails.len();
    for f in mails {
        uitvoer.add(&f.pad, f.bytes)?;
    }
    let geschreven = uitvoer.commit()?;
    if geschreven.geschreven.is_empty() && geschreven.verwijderd.is_empty() {
        crate::outln!("Niets veranderd in {}/.", dir.display());
    } else if !geschreven.geschreven.is_empty() {
        crate::outln!("Geschreven in {}/:", dir.display());
        for f in geschreven.geschreven.iter().filter(|f| !f.starts_with("bedankt/")) {
            crate::outln!("  {f}");
        }
    }
    if !geschreven.verwijderd.is_empty() {
        crate::outln!("Weggehaald uit {}/ (draaiboek maakt ze nu niet):", dir.display());
        for f in &geschreven.verwijderd {
            crate::outln!("  {f}");
        }
    }
    crate::outln!(
        "{} aanwezig, {} op de contactlijst, {} {} in bedankt/.",
        verslag.aanwezig,
        verslag.contacten.len(),
        aantal_mails,
        if aantal_mails == 1 { "bedankmail" } else { "bedankmails" }
    );
    if concept {
        crate::errln!(
            "Let op: de bijeenkomst is pas op {}. Het verslag is een CONCEPT en er zijn nog geen bedankmails gemaakt.",
            crate::nl::datum_lang(sessie.bijeenkomst.datum)
        );
        crate::errln!("Maak het verslag opnieuw na de bijeenkomst.");
    }
    if !verslag.aanwezigheid_bekend {
        crate::errln!("Let op: bij geen enkele deelnemer staat of die er was; er gaan dus geen bedankmails uit.");
        crate::errln!(
            "Zet in het sessiebestand bij elke deelnemer `aanwezig = true` (of `false`), en `delen = true` bij wie het e-mailadres met de groep wil delen."
        );
        crate::errln!(
            "Staan je deelnemers in een spreadsheet? Voeg dan de kolommen `aanwezig` en `delen` toe en vul ja of nee in, zoals op de presentielijst."
        );
    }
    Ok(Outcome::Ok)
}

/// The files `verslag` answers for in the output folder.
fn van_verslag(rel: &str) -> bool {
    rel.starts_with("verslag.") || rel.starts_with("bedankt/") || rel == "contactlijst.html"
}
