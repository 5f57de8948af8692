//! The invitation files: texts per participant, mail drafts and calendar
//! files. Everything is returned as (relative path, bytes) so that `maak`
//! decides how and where to write (atomically, without clobbering).

pub mod eml;
pub mod ics;
pub mod slug;
pub mod uitnodiging;

use chrono::NaiveDate;

use crate::model::{Deelnemer, Sessie};
use crate::render::templates::Engine;

/// Each participant who has not cancelled, with their unique file-name slug.
pub fn deelnemers_met_slug(s: &Sessie) -> Vec<(&Deelnemer, String)> {
    let actief: Vec<&Deelnemer> = s.actieve_deelnemers().collect();
    let slugs = slug::unique_slugs(actief.iter().map(|d| d.naam.as_str()));
    actief.into_iter().zip(slugs).collect()
}

/// The participant's personal calendar invite; `None` without an e-mail address.
pub fn ics_voor(s: &Sessie, d: &Deelnemer, vandaag: NaiveDate) -> Option<String> {
    d.email.as_ref()?;
    Some(ics::bijeenkomst(
        s,
        ics::Voor::Deelnemer(d),
        &uitnodiging::agenda_omschrijving(s),
        vandaag,
    ))
}

/// A Message-ID unique per session, participant, version and method (a
/// changed invitation is a new message), readable, and short enough for a
/// 78-column header line.
fn message_id(s: &Sessie, d: &Deelnemer, slug: &str) -> String {
    let method = ics::method(s, ics::Voor::Deelnemer(d));
    let key = format!("{}\n{slug}\n{}\n{method}", ics::sessie_hex(s), s.bijeenkomst.versie);
    let hash = format!("{:032x}", ics::fnv128(key.as_bytes()));
    let short: String = slug.chars().take(24).collect();
    format!("<{}.{}@draaiboek>", &hash[..16], short.trim_end_matches('-'))
}

/// The mail draft for one participant; `None` without an e-mail address.
pub fn eml_voor(
    s: &Sessie,
    engine: &Engine,
    d: &Deelnemer,
    slug: &str,
    vandaag: NaiveDate,
) -> anyhow::Result<Option<Vec<u8>>> {
    let tekst = uitnodiging::tekst(s, engine, Some(d), vandaag)?;
    Ok(eml_met_tekst(s, d, slug, vandaag, &tekst))
}

/// The mail draft around an invitation text already rendered.
fn eml_met_tekst(s: &Sessie, d: &Deelnemer, slug: &str, vandaag: NaiveDate, tekst: &str) -> Option<Vec<u8>> {
    let (Some(email), Some(ics)) = (&d.email, ics_voor(s, d, vandaag)) else {
        return None;
    };
    let stempel = ics::stempel(s, vandaag);
    let onderwerp = uitnodiging::onderwerp(s);
    let concept = eml::Concept {
        van: (&s.organisator.naam, &s.organisator.email),
        aan: (&d.naam, email),
        onderwerp: &onderwerp,
        datum: eml::date(stempel, ics::offset_uur(stempel)),
        message_id: message_id(s, d, slug),
        tekst,
        ics: &ics,
        method: ics::method(s, ics::Voor::Deelnemer(d)),
    };
    Some(eml::bericht(&concept))
}

/// Every invitation file, in a fixed order:
/// `uitnodiging-algemeen.md`, `bijeenkomst.ics`, `planning.ics`, then per
/// participant `uitnodigingen/<slug>.md`, `.txt` and (with an e-mail
/// address) `.eml`. `vandaag` dates the invitation when the session has no
/// `uitnodiging` date.
pub fn bestanden(s: &Sessie, engine: &Engine, vandaag: NaiveDate) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut out: Vec<(String, Vec<u8>)> = vec![
        (
            "uitnodiging-algemeen.md".into(),
            uitnodiging::markdown(s, engine, None, vandaag)?.into_bytes(),
        ),
        (
            "bijeenkomst.ics".into(),
            ics::bijeenkomst(s, ics::Voor::Iedereen, &uitnodiging::agenda_omschrijving(s), vandaag).into_bytes(),
        ),
        (
            "planning.ics".into(),
            ics::planning(s, &crate::plan::retroplanning(s), vandaag).into_bytes(),
        ),
    ];
    for (d, slug) in deelnemers_met_slug(s) {
        out.push((
            format!("uitnodigingen/{slug}.md"),
            uitnodiging::markdown(s, engine, Some(d), vandaag)?.into_bytes(),
        ));
        // One rendering of the text serves the .txt file and the mail body.
        let tekst = uitnodiging::tekst(s, engine, Some(d), vandaag)?;
        out.push((
            format!("uitnodigingen/{slug}.txt"),
            uitnodiging::met_onderwerp(s, &tekst).into_bytes(),
        ));
        if let Some(eml) = eml_met_tekst(s, d, slug.as_str(), vandaag, &tekst) {
            out.push((format!("uitnodigingen/{slug}.eml"), eml));
        }
    }
    Ok(out)
}
