//! Mails before and after the day: the two reminders (`herinneringen/`),
//! the thank-you mails (`bedankt/`), and `adressen.txt` for a BCC field.
//! Every mail is a single-part text draft from the organiser to one person
//! ([`eml::tekstbericht`]).

use chrono::{NaiveDate, NaiveTime};
use minijinja::{Value, context};

use super::{Bestand, Soort, deelnemers_met_slug, eml, ics};
use crate::limits::{ELEARNING_MAX, ELEARNING_MIN};
use crate::model::{Deelnemer, DeelnemerStatus, Sessie};
use crate::plan::Planning;
use crate::render::templates::Engine;

/// Which reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Herinnering {
    /// To everyone not `afgemeld`, with an address, `elearning = false`.
    Elearning,
    /// To everyone `aangemeld` with an address.
    Week,
}

impl Herinnering {
    pub fn id(self) -> &'static str {
        match self {
            Self::Elearning => "elearning",
            Self::Week => "week",
        }
    }
    /// The retro-planning step whose date the mail carries.
    fn stap(self) -> &'static str {
        match self {
            Self::Elearning => "herinnering-elearning",
            Self::Week => "herinnering-week",
        }
    }
    /// Whether this participant gets this reminder.
    pub fn voor(self, d: &Deelnemer) -> bool {
        d.email.is_some()
            && match self {
                Self::Elearning => d.status != DeelnemerStatus::Afgemeld && !d.elearning,
                Self::Week => d.status == DeelnemerStatus::Aangemeld,
            }
    }
    fn onderwerp(self, s: &Sessie) -> String {
        let b = &s.bijeenkomst;
        let datum = crate::nl::datum_lang(b.datum);
        match self {
            Self::Elearning => format!("Herinnering e-learning: {}, {datum}", b.titel.trim()),
            Self::Week => format!("Volgende week: {}, {datum}", b.titel.trim()),
        }
    }
}

/// What a template knows of the person it writes to.
fn persoon(d: &Deelnemer) -> Value {
    // The greeting of the invitation: `aanhef`, else the first name.
    let aanhef = d
        .aanhef
        .clone()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| super::uitnodiging::voornaam(d));
    let aangemeld = d.status == DeelnemerStatus::Aangemeld;
    context! { naam => d.naam.trim(), aanhef => aanhef, elearning => d.elearning, aangemeld => aangemeld }
}

/// A Message-ID per session, kind of mail and person.
fn message_id(s: &Sessie, soort: &str, slug: &str) -> String {
    let key = format!("{}\n{soort}\n{slug}", ics::sessie_hex(s));
    let hash = format!("{:032x}", ics::fnv128(key.as_bytes()));
    let short: String = slug.chars().take(24).collect();
    format!("<{}.{soort}.{}@draaiboek>", &hash[..16], short.trim_end_matches('-'))
}

fn datum_kop(d: NaiveDate) -> String {
    let t = d.and_time(NaiveTime::from_hms_opt(9, 0, 0).expect("valid"));
    eml::date(t, ics::offset_uur(t))
}

fn mail(s: &Sessie, d: &Deelnemer, onderwerp: &str, datum: NaiveDate, soort: &str, slug: &str, tekst: &str) -> Vec<u8> {
    let email = d.email.as_deref().unwrap_or_default();
    eml::tekstbericht(&eml::Tekstmail {
        van: (&s.organisator.naam, &s.organisator.email),
        aan: (&d.naam, email),
        onderwerp,
        datum: datum_kop(datum),
        message_id: message_id(s, soort, slug),
        tekst,
    })
}

/// Both reminders for everyone they are meant for, dated on their step of
/// the retro-planning: `herinneringen/<slug>-elearning.eml`, `-week.eml`.
/// `ctx` is the documents' context.
pub fn herinneringen(
    plan: &Planning,
    engine: &Engine,
    ctx: &Value,
    vandaag: NaiveDate,
) -> anyhow::Result<Vec<Bestand>> {
    let mut out = Vec::new();
    herinneringen_elk(plan, engine, ctx, vandaag, |b| {
        out.push(b);
        Ok(())
    })?;
    Ok(out)
}

/// The files of [`herinneringen`], in the same order, each handed to
/// `verwerk` as soon as it is made (a long list never sits in memory).
pub fn herinneringen_elk(
    plan: &Planning,
    engine: &Engine,
    ctx: &Value,
    vandaag: NaiveDate,
    mut verwerk: impl FnMut(Bestand) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let s = plan.sessie;
    // A cancelled meeting gets its cancellation, never a reminder.
    if s.bijeenkomst.status == crate::model::SessieStatus::Geannuleerd {
        return Ok(());
    }
    let met_slug = deelnemers_met_slug(s);
    for soort in [Herinnering::Elearning, Herinnering::Week] {
        let datum = plan
            .terugplanning
            .iter()
            .find(|p| p.id == soort.stap())
            .map_or(vandaag, |p| p.datum);
        let onderwerp = soort.onderwerp(s);
        let sjabloon = format!("herinnering-{}.txt.j2", soort.id());
        let wie: Vec<_> = met_slug.iter().filter(|(d, _)| soort.voor(d)).cloned().collect();
        let herinnering = |(d, slug): &(&Deelnemer, String)| -> anyhow::Result<Vec<Bestand>> {
            let tekst = engine.render(
                &sjabloon,
                &context! { deelnemer => persoon(d), elearning_min => ELEARNING_MIN, elearning_max => ELEARNING_MAX, ..ctx.clone() },
            )?;
            Ok(vec![Bestand::new(
                Soort::Verstuurbaar,
                format!("herinneringen/{slug}-{}.eml", soort.id()),
                mail(s, d, &onderwerp, datum, soort.id(), slug, &tekst),
            )])
        };
        super::op_volgorde(&wie, herinnering, &mut verwerk)?;
    }
    Ok(())
}

/// `adressen.txt`: on the first line every address of those invited and not
/// `afgemeld`, separated by `; ` for a BCC field; then per group.
pub fn adressen(s: &Sessie) -> Bestand {
    let lijn = |filter: &dyn Fn(&Deelnemer) -> bool| -> (usize, String) {
        let v: Vec<&str> = s
            .actieve_deelnemers()
            .filter(|d| filter(d))
            .filter_map(|d| d.email.as_deref())
            .collect();
        (v.len(), v.join("; "))
    };
    let (n, alle) = lijn(&|_| true);
    let zonder = s.actieve_deelnemers().filter(|d| d.email.is_none()).count();
    let mut t = format!("{alle}\n\n");
    t.push_str(&format!(
        "Hierboven: de {n} adressen van iedereen die is uitgenodigd en zich niet heeft afgemeld. Plak ze in het BCC-veld, zodat niemand de adressen van de anderen ziet.\n"
    ));
    if zonder > 0 {
        t.push_str(&format!(
            "{zonder} {} zonder e-mailadres staat hier niet bij.\n",
            if zonder == 1 { "deelnemer" } else { "deelnemers" }
        ));
    }
    for (titel, filter) in [
        (
            "Aangemeld",
            &(|d: &Deelnemer| d.status == DeelnemerStatus::Aangemeld) as &dyn Fn(&Deelnemer) -> bool,
        ),
        ("Nog geen e-learning", &|d: &Deelnemer| !d.elearning),
    ] {
        let (n, lijst) = lijn(filter);
        t.push_str(&format!("\n{titel} ({n}):\n{lijst}\n"));
    }
    Bestand::new(Soort::Tekst, "adressen.txt", t)
}

/// The thank-you mails: one per participant with `aanwezig = true` and an
/// e-mail address, `bedankt/<slug>.eml`, dated `vandaag`. `ctx` carries the
/// documents' context and the report (`verslag`).
pub fn bedankt(plan: &Planning, engine: &Engine, ctx: &Value, vandaag: NaiveDate) -> anyhow::Result<Vec<Bestand>> {
    let s = plan.sessie;
    let onderwerp = format!(
        "Bedankt, en het verslag: {}, {}",
        s.bijeenkomst.titel.trim(),
        crate::nl::datum_lang(s.bijeenkomst.datum)
    );
    let slugs = super::slug::unique_slugs(s.deelnemers.iter().map(|d| d.naam.as_str()));
    let mut out = Vec::new();
    for (d, slug) in s.deelnemers.iter().zip(slugs) {
        if d.aanwezig != Some(true) || d.email.is_none() {
            continue;
        }
        let tekst = engine.render("bedankt.txt.j2", &context! { deelnemer => persoon(d), ..ctx.clone() })?;
        out.push(Bestand::new(
            Soort::Verstuurbaar,
            format!("bedankt/{slug}.eml"),
            mail(s, d, &onderwerp, vandaag, "bedankt", &slug, &tekst),
        ));
    }
    Ok(out)
}
