//! Where the meeting stands and what the trekker does next: the lines
//! `maak` and `controleer` end with, and the list of whom to send what
//! (rebuilt from the session each run, so a rerun after an interrupted run
//! says the same).

use chrono::NaiveDate;

use crate::export::Ontvanger;
use crate::levensloop::{Levensloop, Soort, Staat};
use crate::nl;
use crate::plan::Planning;

/// "Stand: …" and "Volgende stap: …", for a session with or without errors.
pub fn tekst(plan: &Planning, vandaag: NaiveDate, fouten: bool, sessiebestand: &str) -> String {
    let s = plan.sessie;
    let l = Levensloop::new(s);
    let staat = l.staat(vandaag);
    let b = &s.bijeenkomst;
    let laatste = l.laatste();
    let verstuurd =
        |z: &crate::levensloop::Zending| format!("versie {} ging uit op {}", z.versie, nl::datum_lang(z.op));
    let vastleggen = format!("leg daarna vast dat ze verstuurd zijn met `draaiboek verstuurd {sessiebestand}`");
    let (uitleg, stap) = match (staat, laatste) {
        (Staat::Concept, _) => (
            "er is nog niets verstuurd; de uitnodigingen zijn concepten die je vrij kunt aanpassen.".to_string(),
            format!("verstuur de uitnodigingen uit uitnodigingen/ en {vastleggen}."),
        ),
        (Staat::Verstuurd, Some(z)) => (
            format!("{}.", verstuurd(z)),
            format!(
                "komt er iemand bij? Stuur haar de uitnodiging en leg dat vast met `draaiboek verstuurd {sessiebestand} --deelnemer NAAM`. Verandert de datum, de tijd of de plaats? Zet dan `versie = {}` onder [bijeenkomst]: draaiboek maakt wijzigingsberichten voor wie een versie kreeg.",
                b.versie.saturating_add(1)
            ),
        ),
        (Staat::Gewijzigd, Some(z)) => (
            format!(
                "{}; versie {} heeft wijzigingen die de genodigden nog moeten horen.",
                verstuurd(z),
                b.versie
            ),
            format!("stuur de berichten uit uitnodigingen/ (zie hierboven) en {vastleggen}."),
        ),
        (Staat::Geannuleerd, None) => (
            "de bijeenkomst gaat niet door; er was nog niets verstuurd, dus niemand hoeft bericht.".to_string(),
            "zeg de zaal en de catering af.".to_string(),
        ),
        (Staat::Geannuleerd, Some(z)) if z.feiten.status == crate::model::SessieStatus::Geannuleerd => (
            format!(
                "de bijeenkomst gaat niet door; de afzeggingen (versie {}) gingen uit op {}.",
                z.versie,
                nl::datum_lang(z.op)
            ),
            format!(
                "gaat de bijeenkomst toch door? Zet `status = \"gepland\"`, de nieuwe datum en `versie = {}` onder [bijeenkomst]: draaiboek maakt dan een nieuwe uitnodiging voor iedereen die bericht kreeg.",
                b.versie.saturating_add(1)
            ),
        ),
        (Staat::Geannuleerd, Some(z)) => (
            format!("de bijeenkomst gaat niet door; {}.", verstuurd(z)),
            format!(
                "stuur de afzeggingen uit uitnodigingen/ aan wie een uitnodiging kreeg, {vastleggen}, en zeg de zaal en de catering af."
            ),
        ),
        (Staat::Verplaatst, Some(z)) => (
            format!(
                "de bijeenkomst ging niet door (versie {}) maar gaat alsnog door op {}.",
                z.versie,
                nl::datum_lang(b.datum)
            ),
            format!(
                "stuur de nieuwe uitnodiging uit uitnodigingen/ (ook aan wie zich voor de oude datum afmeldde) en {vastleggen}. Wie zich eerder aanmeldde, vraag je opnieuw of ze komt."
            ),
        ),
        (Staat::Gehouden, _) => (
            format!(
                "de bijeenkomst was op {}; wat er verstuurd is, blijft zoals het was.",
                nl::datum_lang(b.datum)
            ),
            format!(
                "zet bij elke deelnemer `aanwezig` en `delen`, en maak het verslag met `draaiboek verslag {sessiebestand}`."
            ),
        ),
        // A state with a version sent always has one.
        (_, None) => (String::new(), String::new()),
    };
    let stap = if fouten && !matches!(staat, Staat::Gehouden) {
        format!("los eerst de fouten op (zie `draaiboek controleer {sessiebestand}`) en maak de documenten opnieuw.")
    } else {
        stap
    };
    let mut out = format!("Stand: {} — {uitleg}\n", staat.naam());
    if !stap.is_empty() {
        out.push_str(&format!("Volgende stap: {stap}\n"));
    }
    out
}

/// Whom to send which letter still to send (the record has it not yet), in
/// the trekker's words. After the day nothing is sent any more.
pub fn aan_wie(ontvangers: &[Ontvanger], plan: &Planning, vandaag: NaiveDate) -> String {
    let l = Levensloop::new(plan.sessie);
    if l.staat(vandaag) == Staat::Gehouden {
        return String::new();
    }
    let versie = plan.sessie.bijeenkomst.versie;
    let namen = |pred: &dyn Fn(&Soort) -> bool| -> Vec<String> {
        ontvangers
            .iter()
            .filter(|o| o.te_sturen() && pred(o.soort()))
            .map(|o| {
                let d = o.deelnemer();
                let zonder = d.email.as_deref().is_none_or(|e| e.trim().is_empty());
                if zonder {
                    format!("{} (geen e-mailadres: print of stuur zelf door)", d.naam)
                } else {
                    d.naam.clone()
                }
            })
            .collect()
    };
    // A long list names the first ones; the files themselves are the full list.
    let lijst = |namen: &[String]| -> String {
        const MAX: usize = 20;
        if namen.len() <= MAX {
            namen.join(", ")
        } else {
            format!("{} en {} anderen", namen[..MAX].join(", "), namen.len() - MAX)
        }
    };
    let mut out = String::new();
    let afzeggingen = namen(&|b| *b == Soort::Afzegging);
    if !afzeggingen.is_empty() {
        out.push_str(&format!(
            "De bijeenkomst gaat niet door. Stuur de afzegging (\"Gaat niet door:\") uit uitnodigingen/ naar {}: {}.\n",
            personen(afzeggingen.len()),
            lijst(&afzeggingen)
        ));
    }
    let opnieuw = namen(&|b| *b == Soort::Heruitnodiging);
    if !opnieuw.is_empty() {
        out.push_str(&format!(
            "De bijeenkomst gaat alsnog door: stuur de nieuwe uitnodiging (\"Gaat alsnog door:\") uit uitnodigingen/ naar {} die eerder bericht kregen: {}.\n",
            personen(opnieuw.len()),
            lijst(&opnieuw)
        ));
    }
    let wijzigingen = namen(&|b| matches!(b, Soort::Wijziging(_)));
    if !wijzigingen.is_empty() {
        out.push_str(&format!(
            "Versie {versie}: stuur het wijzigingsbericht (\"Gewijzigd:\") uit uitnodigingen/ naar {} die een eerdere versie kregen: {}.\n",
            personen(wijzigingen.len()),
            lijst(&wijzigingen)
        ));
    }
    for o in ontvangers
        .iter()
        .filter(|o| o.te_sturen() && *o.soort() == Soort::Geschrapt)
    {
        let naam = &o.deelnemer().naam;
        let kreeg = l
            .laatste_versie_van(&o.brief.id)
            .map_or_else(|| "een uitnodiging".to_string(), |v| format!("versie {v}"));
        out.push_str(&format!(
            "{naam} kreeg {kreeg} maar staat niet meer in de lijst: stuur de afzegging (\"Vervalt:\") uit uitnodigingen/{}.{}, of zet {naam} terug in de lijst.\n",
            o.slug,
            if o.deelnemer().email.is_some() { "eml" } else { "txt" }
        ));
    }
    let gewoon = namen(&|b| *b == Soort::Uitnodiging);
    if !gewoon.is_empty() {
        if l.iets_verstuurd() {
            out.push_str(&format!(
                "Nieuw uitgenodigd (een gewone uitnodiging): {}.\n",
                lijst(&gewoon)
            ));
        } else {
            out.push_str(&format!(
                "Stuur de uitnodiging (\"Uitnodiging:\") uit uitnodigingen/ naar {}: {}.\n",
                personen(gewoon.len()),
                lijst(&gewoon)
            ));
        }
    }
    out
}

fn personen(n: usize) -> String {
    if n == 1 {
        "1 persoon".into()
    } else {
        format!("{n} personen")
    }
}
