//! The invitation texts: what the template `uitnodiging.j2` gets (one
//! source for the Markdown and the plain-text form), and the subject line.
//!
//! The greeting uses the first name ("Beste Jan-Willem,"): the optional
//! `voornaam` key, else the first word of the name, unless that looks like initials or a title ("J. de Vries",
//! "dr. Bos"), then the whole name. Someone who is `aangemeld` gets a
//! confirmation instead of a question whether she comes. The programme is
//! listed with clock times.

use chrono::{Duration, NaiveDate, NaiveTime};
use minijinja::Value;
use serde::Serialize;

use crate::levensloop::{Soort as BriefSoort, Wijziging};
use crate::limits::{AANMELDEN_DAGEN, ELEARNING_MAX, ELEARNING_MIN};
use crate::model::{Deelnemer, Sessie, SessieStatus};
use crate::plan::Planning;
use crate::render::templates::Engine;

#[derive(Serialize)]
struct Persoon<'a> {
    naam: &'a str,
    /// For the salutation: see [`voornaam`].
    voornaam: String,
    /// Has said she comes: the letter confirms instead of asking.
    aangemeld: bool,
    organisatie: Option<&'a str>,
    functie: Option<&'a str>,
    /// Whether the participant has done the e-learning (per the session file).
    elearning: bool,
}

#[derive(Serialize)]
struct Tijden {
    /// When the doors open (start of the inloop or lunch), else the programme's start.
    dag_begin: NaiveTime,
    /// End of the borrel, or of the programme.
    dag_eind: NaiveTime,
    begin: NaiveTime,
    eind: NaiveTime,
    /// There is an inloop before the start (with or without lunch).
    inloop: bool,
    lunch: bool,
    borrel: bool,
}

#[derive(Serialize)]
struct Afzender<'a> {
    naam: &'a str,
    functie: Option<&'a str>,
    organisatie: Option<&'a str>,
    email: &'a str,
    telefoon: Option<&'a str>,
}

/// Everything a template can use. Optional fields are `none` when empty,
/// so `{% if aanleiding %}` is enough to leave a sentence out.
#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    persoonlijk: Persoonlijk<'a>,
    #[serde(flatten)]
    gedeeld: Gedeeld<'a>,
}

/// The variables that differ per letter.
#[derive(Serialize)]
struct Persoonlijk<'a> {
    /// Markdown (`.md`) or plain text (the mail body and `.txt`).
    markdown: bool,
    /// `none` for the general invitation.
    deelnemer: Option<Persoon<'a>>,
    /// A change notice: this person got an earlier version.
    gewijzigd: bool,
    /// What changed since that version (old → new); may be empty when
    /// only the programme or a text changed.
    wijzigingen: &'a [Wijziging],
    /// She had said she comes, and the date or time changed: she is asked
    /// whether the new moment still works.
    herbevestigen: bool,
    /// The meeting was called off and is on again: a new invitation.
    heruitnodiging: bool,
    /// She was taken off the list after an invitation: her own cancellation.
    geschrapt: bool,
    onderwerp: String,
}

/// The variables every letter of one run shares.
#[derive(Serialize)]
struct Gedeeld<'a> {
    geannuleerd: bool,
    titel: &'a str,
    coalitie: &'a str,
    datum: NaiveDate,
    locatie: &'a str,
    aanleiding: Option<&'a str>,
    leerdoelen: &'a [String],
    elearning_url: &'a str,
    elearning_min: u32,
    elearning_max: u32,
    tijden: Tijden,
    /// The programme with clock times, inloop and borrel included.
    programma: Vec<crate::render::context::AgendaRegel>,
    /// Reply-by date; `none` when that date would fall before the invitation is sent.
    reageer_voor: Option<NaiveDate>,
    organisator: Afzender<'a>,
}

/// The subject line of the invitation (also the first line of the `.txt`).
pub fn onderwerp(s: &Sessie) -> String {
    onderwerp_soort(s, None)
}

/// The subject line of a letter of this kind (`None`: the general
/// invitation): "Uitnodiging:", "Gewijzigd:" for a change notice, "Gaat
/// alsnog door:" after a cancellation, "Gaat niet door:" for a cancelled
/// session, "Vervalt:" for someone taken off the list.
pub fn onderwerp_soort(s: &Sessie, soort: Option<&BriefSoort>) -> String {
    let b = &s.bijeenkomst;
    let wat = match (b.status, soort) {
        (_, Some(BriefSoort::Geschrapt)) => "Vervalt: je uitnodiging voor",
        (SessieStatus::Geannuleerd, _) => "Gaat niet door",
        (SessieStatus::Gepland, Some(BriefSoort::Wijziging(_))) => "Gewijzigd",
        (SessieStatus::Gepland, Some(BriefSoort::Heruitnodiging)) => "Gaat alsnog door",
        (SessieStatus::Gepland, _) => "Uitnodiging",
    };
    let sep = if wat.ends_with("voor") { " " } else { ": " };
    format!("{wat}{sep}{}, {}", b.titel.trim(), crate::nl::datum_lang(b.datum))
}

/// The name for the salutation: the participant's `voornaam` when given,
/// else a nickname in double quotes, else the first word of the name, unless it is initials or a title (a dot, or one or two
/// letters), then the full name.
pub fn voornaam(d: &Deelnemer) -> String {
    // The session's own `voornaam` (TOML key or CSV column) wins.
    if let Some(v) = d.voornaam.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        return v.to_string();
    }
    let naam = d.naam.trim();
    // A nickname in quotes is what she is called: Marieke "Miek" Janssen.
    if let Some((_, rest)) = naam.split_once('"')
        && let Some((roepnaam, _)) = rest.split_once('"')
        && !roepnaam.trim().is_empty()
    {
        return roepnaam.trim().to_string();
    }
    match naam.split_whitespace().next() {
        Some(eerste) if eerste.chars().count() > 2 && !eerste.contains('.') && eerste != naam => eerste.to_string(),
        _ => naam.to_string(),
    }
}

/// Ask for a reply two weeks ahead, unless that is no later than the day the
/// invitation goes out.
pub fn reageer_voor(s: &Sessie, vandaag: NaiveDate) -> Option<NaiveDate> {
    let d = s.bijeenkomst.datum - Duration::days(AANMELDEN_DAGEN);
    let verstuurd = s.bijeenkomst.uitnodiging.unwrap_or(vandaag);
    (d > verstuurd).then_some(d)
}

/// The context of one invitation (the general one when `d` is `None`),
/// made whole; a run of many letters uses [`Brieven`].
pub fn context<'a>(plan: &Planning<'a>, d: Option<&'a Deelnemer>, vandaag: NaiveDate, markdown: bool) -> Value {
    Value::from(minijinja::value::Serde(&Context {
        persoonlijk: persoonlijk(plan, d, markdown, None),
        gedeeld: gedeeld(plan, vandaag),
    }))
}

/// The contexts of many letters in one run: what they share is made into
/// a template value once, each letter adds its own few variables on top.
/// Gives the same variables with the same values as [`context`], and for
/// a change notice (`wijzigingen`) what changed.
pub struct Brieven<'p, 'a> {
    plan: &'p Planning<'a>,
    gedeeld: Value,
}

impl<'p, 'a> Brieven<'p, 'a> {
    pub fn new(plan: &'p Planning<'a>, vandaag: NaiveDate) -> Self {
        Brieven {
            plan,
            gedeeld: Value::from(minijinja::value::Serde(&gedeeld(plan, vandaag))),
        }
    }

    /// The context of one letter (see [`context`]) of this kind.
    pub fn context(&self, d: Option<&Deelnemer>, markdown: bool, soort: Option<&BriefSoort>) -> Value {
        let eigen = Value::from(minijinja::value::Serde(&persoonlijk(self.plan, d, markdown, soort)));
        minijinja::value::merge_maps([eigen, self.gedeeld.clone()])
    }

    /// One letter: in Markdown (see [`markdown`]) or as plain text (see [`tekst`]).
    pub fn brief(
        &self,
        engine: &Engine,
        d: Option<&Deelnemer>,
        markdown: bool,
        soort: Option<&BriefSoort>,
    ) -> anyhow::Result<String> {
        engine.render("uitnodiging.j2", &self.context(d, markdown, soort))
    }
}

fn persoonlijk<'a>(
    plan: &Planning,
    d: Option<&'a Deelnemer>,
    markdown: bool,
    soort: Option<&'a BriefSoort>,
) -> Persoonlijk<'a> {
    let wijzigingen: &[Wijziging] = match soort {
        Some(BriefSoort::Wijziging(w)) => w,
        _ => &[],
    };
    let gewijzigd = matches!(soort, Some(BriefSoort::Wijziging(_)));
    let moment = soort.is_some_and(BriefSoort::moment_gewijzigd);
    let aangemeld = d.is_some_and(|d| d.status == crate::model::DeelnemerStatus::Aangemeld);
    Persoonlijk {
        markdown,
        deelnemer: d.map(|d| Persoon {
            naam: d.naam.trim(),
            voornaam: voornaam(d),
            // Said yes to another moment: asked again, not thanked.
            aangemeld: aangemeld && !moment,
            organisatie: d.organisatie.as_deref(),
            functie: d.functie.as_deref(),
            elearning: d.elearning,
        }),
        gewijzigd,
        wijzigingen,
        herbevestigen: gewijzigd && aangemeld && moment,
        heruitnodiging: matches!(soort, Some(BriefSoort::Heruitnodiging)),
        geschrapt: matches!(soort, Some(BriefSoort::Geschrapt)),
        onderwerp: onderwerp_soort(plan.sessie, soort),
    }
}

fn gedeeld<'a>(plan: &Planning<'a>, vandaag: NaiveDate) -> Gedeeld<'a> {
    let s = plan.sessie;
    let b = &s.bijeenkomst;
    let o = &s.organisator;
    let t = &plan.tijden;
    Gedeeld {
        geannuleerd: b.status == SessieStatus::Geannuleerd,
        titel: b.titel.trim(),
        coalitie: b.coalitie.trim(),
        datum: b.datum,
        locatie: b.locatie.trim(),
        aanleiding: b.aanleiding.as_deref().map(str::trim).filter(|a| !a.is_empty()),
        leerdoelen: &b.leerdoelen,
        elearning_url: b.elearning_url.trim(),
        elearning_min: ELEARNING_MIN,
        elearning_max: ELEARNING_MAX,
        tijden: Tijden {
            dag_begin: t.dag_begin(),
            dag_eind: t.dag_eind(),
            begin: t.begin,
            eind: t.eind,
            inloop: t.inloop.is_some(),
            lunch: t.lunch.is_some(),
            borrel: t.borrel.is_some(),
        },
        programma: crate::render::context::agenda(s, t),
        reageer_voor: reageer_voor(s, vandaag),
        organisator: Afzender {
            naam: o.naam.trim(),
            functie: o.functie.as_deref(),
            organisatie: o.organisatie.as_deref(),
            email: o.email.trim(),
            telefoon: o.telefoon.as_deref(),
        },
    }
}

/// Plain-text body (no subject line): the mail body and, with the subject
/// on top, the `.txt` file. `None` gives the general invitation.
pub fn tekst(plan: &Planning, engine: &Engine, d: Option<&Deelnemer>, vandaag: NaiveDate) -> anyhow::Result<String> {
    engine.render("uitnodiging.j2", &context(plan, d, vandaag, false))
}

/// The `.txt` file and the `uitnodiging` command's output: subject line, blank line, body.
pub fn tekst_met_onderwerp(
    plan: &Planning,
    engine: &Engine,
    d: Option<&Deelnemer>,
    vandaag: NaiveDate,
) -> anyhow::Result<String> {
    Ok(met_onderwerp(plan.sessie, &tekst(plan, engine, d, vandaag)?))
}

/// The plain text with its subject line on top, as in the `.txt` files.
pub fn met_onderwerp(s: &Sessie, tekst: &str) -> String {
    format!("Onderwerp: {}\n\n{tekst}", onderwerp(s))
}

/// The Markdown invitation.
pub fn markdown(plan: &Planning, engine: &Engine, d: Option<&Deelnemer>, vandaag: NaiveDate) -> anyhow::Result<String> {
    engine.render("uitnodiging.j2", &context(plan, d, vandaag, true))
}

/// The calendar item's description: times (and why the item spans them),
/// place, the e-learning prerequisite and whom to contact.
pub fn agenda_omschrijving(plan: &Planning) -> String {
    let s = plan.sessie;
    let b = &s.bijeenkomst;
    let o = &s.organisator;
    let t = &plan.tijden;
    let tijd = crate::nl::tijd;
    let mut out = Vec::new();
    if b.status == SessieStatus::Geannuleerd {
        out.push("Deze bijeenkomst gaat niet door.".to_string());
    }
    out.push(format!("{} ({}).", b.titel.trim(), b.coalitie.trim()));
    let mut delen = Vec::new();
    if let Some(l) = t.inloop {
        let wat = if t.lunch.is_some() {
            "inloop met lunch"
        } else {
            "inloop"
        };
        delen.push(format!("{wat} vanaf {}", tijd(l.begin)));
    }
    delen.push(format!("programma van {} tot {}", tijd(t.begin), tijd(t.eind)));
    if let Some(bo) = t.borrel {
        delen.push(format!("borrel tot {}", tijd(bo.eind)));
    }
    if t.inloop.is_some() || t.borrel.is_some() {
        out.push(format!(
            "Deze afspraak loopt van {} tot {}: {}.",
            tijd(t.dag_begin()),
            tijd(t.dag_eind()),
            crate::nl::opsomming(&delen)
        ));
    } else {
        out.push(format!(
            "Het programma loopt van {} tot {}.",
            tijd(t.begin),
            tijd(t.eind)
        ));
    }
    out.push(format!("Plaats: {}.", b.locatie.trim()));
    out.push(format!(
        "Voorwaarde: doe vooraf de e-learning Kansrijke Start (ongeveer {ELEARNING_MIN} tot {ELEARNING_MAX} minuten): {}",
        b.elearning_url.trim()
    ));
    let telefoon = o.telefoon.as_deref().map(|t| format!(", {t}")).unwrap_or_default();
    out.push(format!("Vragen: {} ({}{telefoon}).", o.naam.trim(), o.email.trim()));
    out.join("\n")
}
