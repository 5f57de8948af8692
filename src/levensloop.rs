//! The life of a meeting: what went out, who a participant is across edits,
//! which state the meeting is in, and which letter each person is owed now.
//!
//! What went out is the trekker's word, kept in her session file as
//! `[[verstuurd]]` tables (written by `draaiboek verstuurd`, read by the
//! session loader into [`Zending`]s): a deleted output folder cannot lose
//! it, and until the first one `maak` only writes drafts that may change
//! freely.
//!
//! A participant is known by an identity that survives a corrected name, a
//! changed order and a name in any script ([`id_van`]): her own `id` when
//! the session gives one, else her e-mail address (lower case). Someone
//! without either gets an `id` written next to her name by `verstuurd`.
//!
//! Model layer: this reads the session and its planning only; `check`,
//! `export` and the commands read it.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveTime};

use crate::model::{Deelnemer, DeelnemerStatus, Sessie, SessieStatus};
use crate::nl;
use crate::plan::Planning;

/// The facts an invitation carries that a recipient must hear about when
/// they change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feiten {
    pub datum: NaiveDate,
    /// When the doors open (the calendar item's start).
    pub begin: NaiveTime,
    /// End of the borrel or the programme (the calendar item's end).
    pub eind: NaiveTime,
    pub locatie: String,
    pub status: SessieStatus,
}

impl Feiten {
    pub fn van(plan: &Planning) -> Feiten {
        let b = &plan.sessie.bijeenkomst;
        Feiten {
            datum: b.datum,
            begin: plan.tijden.dag_begin(),
            eind: plan.tijden.dag_eind(),
            locatie: eenregelig(&b.locatie),
            status: b.status,
        }
    }
}

/// One change, in Dutch: what, old value, new value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Wijziging {
    pub wat: &'static str,
    pub oud: String,
    pub nieuw: String,
}

pub fn status_tekst(s: SessieStatus) -> &'static str {
    match s {
        SessieStatus::Gepland => "gepland",
        SessieStatus::Geannuleerd => "geannuleerd",
    }
}

/// What differs between two sets of facts, in a fixed order. The status is
/// last: it decides the kind of letter and is never listed in one.
pub fn verschil(oud: &Feiten, nieuw: &Feiten) -> Vec<Wijziging> {
    let mut out = Vec::new();
    if oud.datum != nieuw.datum {
        out.push(Wijziging {
            wat: "datum",
            oud: nl::datum_lang(oud.datum),
            nieuw: nl::datum_lang(nieuw.datum),
        });
    }
    if (oud.begin, oud.eind) != (nieuw.begin, nieuw.eind) {
        let tijd = |f: &Feiten| format!("{}–{}", nl::tijd(f.begin), nl::tijd(f.eind));
        out.push(Wijziging {
            wat: "tijd",
            oud: tijd(oud),
            nieuw: tijd(nieuw),
        });
    }
    if oud.locatie != nieuw.locatie {
        out.push(Wijziging {
            wat: "plaats",
            oud: oud.locatie.clone(),
            nieuw: nieuw.locatie.clone(),
        });
    }
    if oud.status != nieuw.status {
        out.push(Wijziging {
            wat: "status",
            oud: status_tekst(oud.status).into(),
            nieuw: status_tekst(nieuw.status).into(),
        });
    }
    out
}

pub fn eenregelig(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Someone a [`Zending`] went to, as the record names her.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Geadresseerde {
    /// The identity ([`id_van`]) she had then.
    pub id: String,
    pub naam: String,
    pub email: Option<String>,
}

/// One `[[verstuurd]]` table: a version sent, on a day, to these people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zending {
    pub versie: u32,
    /// The day it went out.
    pub op: NaiveDate,
    /// What the letters said.
    pub feiten: Feiten,
    /// The calendar id (UID without `@draaiboek`) the letters carried.
    pub kalender: String,
    /// A personal cancellation to people taken off the list, not a version
    /// of the meeting.
    pub verwijderd: bool,
    pub aan: Vec<Geadresseerde>,
    /// Line of the table in the session file, and its byte offset, for messages.
    pub regel: usize,
    pub offset: usize,
}

/// Highest `versie` a session may have (and a record may name).
pub const MAX_VERSIE: u32 = 10_000;

/// A participant's identity: her own `id`, else her e-mail address in lower
/// case; `None` without either (then `verstuurd` gives her an `id`).
pub fn id_van(d: &Deelnemer) -> Option<String> {
    if let Some(id) = d.id.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        return Some(id.to_string());
    }
    d.email
        .as_deref()
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
}

/// [`id_van`], or for someone without an identity yet a stand-in from her
/// name (good until `verstuurd` writes her a real one).
pub fn sleutel(d: &Deelnemer) -> String {
    id_van(d).unwrap_or_else(|| format!("naam:{}", eenregelig(&d.naam.to_lowercase())))
}

/// The session's calendar id derived from `titel`, `coalitie` and `datum`:
/// used until something was sent (then the recorded one stays).
pub fn sessie_hex(s: &Sessie) -> String {
    let b = &s.bijeenkomst;
    let key = format!("{}\n{}\n{}", b.titel.trim(), b.coalitie.trim(), b.datum);
    format!("{:032x}", crate::fnv::fnv128(key.as_bytes()))
}

/// Where the meeting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Staat {
    /// Nothing sent yet: everything is a draft.
    Concept,
    /// The current version went out.
    Verstuurd,
    /// Sent before; the current version has changes still to send.
    Gewijzigd,
    /// Called off.
    Geannuleerd,
    /// Called off and sent so; now on again (a new invitation).
    Verplaatst,
    /// The day has passed.
    Gehouden,
}

impl Staat {
    pub fn naam(self) -> &'static str {
        match self {
            Staat::Concept => "concept",
            Staat::Verstuurd => "verstuurd",
            Staat::Gewijzigd => "gewijzigd",
            Staat::Geannuleerd => "geannuleerd",
            Staat::Verplaatst => "verplaatst na annulering",
            Staat::Gehouden => "gehouden",
        }
    }
}

/// The kind of letter someone is owed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Soort {
    /// A first invitation.
    Uitnodiging,
    /// A change notice: this person got an earlier version; what changed
    /// (never the status).
    Wijziging(Vec<Wijziging>),
    /// The meeting was called off and is on again: a new invitation.
    Heruitnodiging,
    /// The meeting is called off.
    Afzegging,
    /// This person was taken off the list after an invitation.
    Geschrapt,
}

impl Soort {
    /// A change of date or time: someone who said she comes is asked
    /// whether the new moment still works.
    pub fn moment_gewijzigd(&self) -> bool {
        match self {
            Soort::Wijziging(w) => w.iter().any(|w| w.wat == "datum" || w.wat == "tijd"),
            Soort::Heruitnodiging => true,
            _ => false,
        }
    }
}

/// A letter someone is owed at the session's current version.
#[derive(Debug, Clone)]
pub struct Brief<'a> {
    /// From the list, or (taken off the list) as the record names her.
    pub deelnemer: Cow<'a, Deelnemer>,
    pub id: String,
    pub soort: Soort,
    /// The day this letter went out, per the record; `None`: still to send.
    pub verstuurd: Option<NaiveDate>,
    /// The calendar id the letter carries.
    pub kalender: String,
}

/// What the session records of what went out, with the questions `maak`,
/// `controleer` and `verstuurd` ask of it.
pub struct Levensloop<'s> {
    pub sessie: &'s Sessie,
    pub zendingen: &'s [Zending],
}

impl<'s> Levensloop<'s> {
    pub fn new(sessie: &'s Sessie) -> Self {
        Levensloop {
            sessie,
            zendingen: &sessie.verstuurd,
        }
    }

    fn versie(&self) -> u32 {
        self.sessie.bijeenkomst.versie
    }

    /// The versions of the meeting that went out (not the personal
    /// cancellations), in order.
    fn versies(&self) -> impl Iterator<Item = &'s Zending> + '_ {
        self.zendingen.iter().filter(|z| !z.verwijderd)
    }

    /// The last version that went out, with its facts.
    pub fn laatste(&self) -> Option<&'s Zending> {
        self.versies().max_by_key(|z| z.versie)
    }

    /// Whether anything was ever sent.
    pub fn iets_verstuurd(&self) -> bool {
        !self.zendingen.is_empty()
    }

    /// The last version sent before the current one.
    fn vorige_versie(&self) -> Option<&'s Zending> {
        let v = self.versie();
        self.versies().filter(|z| z.versie < v).max_by_key(|z| z.versie)
    }

    /// The state, on `vandaag`.
    pub fn staat(&self, vandaag: NaiveDate) -> Staat {
        let b = &self.sessie.bijeenkomst;
        let Some(laatste) = self.laatste() else {
            return if b.status == SessieStatus::Geannuleerd {
                Staat::Geannuleerd
            } else {
                Staat::Concept
            };
        };
        if b.status == SessieStatus::Geannuleerd {
            return Staat::Geannuleerd;
        }
        if vandaag > b.datum {
            return Staat::Gehouden;
        }
        if laatste.versie >= b.versie {
            return Staat::Verstuurd;
        }
        if laatste.feiten.status == SessieStatus::Geannuleerd {
            Staat::Verplaatst
        } else {
            Staat::Gewijzigd
        }
    }

    /// The calendar id for the current version: derived from the session
    /// until something went out, then the one that went out; after a
    /// cancellation that went out, a new one (people deleted the item).
    pub fn kalender(&self) -> String {
        match self.laatste() {
            None => sessie_hex(self.sessie),
            Some(l)
                if l.feiten.status == SessieStatus::Geannuleerd
                    && self.sessie.bijeenkomst.status == SessieStatus::Gepland
                    && l.versie < self.versie() =>
            {
                let key = format!("{}\n{}", l.kalender, self.versie());
                format!("{:032x}", crate::fnv::fnv128(key.as_bytes()))
            }
            Some(_) => {
                // The newest version's own id (a move after a cancellation
                // started a new one).
                let v = self.laatste().map(|z| z.versie);
                self.versies()
                    .filter(|z| Some(z.versie) == v)
                    .map(|z| z.kalender.clone())
                    .next()
                    .unwrap_or_else(|| sessie_hex(self.sessie))
            }
        }
    }

    /// The zendingen that reached `id`, in record order.
    fn aan(&self, id: &str) -> impl Iterator<Item = &'s Zending> + '_ {
        let id = id.to_string();
        self.zendingen.iter().filter(move |z| z.aan.iter().any(|g| g.id == id))
    }

    /// What `id` last heard before the current version.
    fn eerder(&self, id: &str) -> Option<&'s Zending> {
        let v = self.versie();
        self.aan(id)
            .filter(|z| z.versie < v)
            .max_by_key(|z| (z.versie, !z.verwijderd))
    }

    /// The day `id` got the current version (or, `verwijderd`, her
    /// cancellation at it).
    fn nu_verstuurd(&self, id: &str, verwijderd: bool) -> Option<NaiveDate> {
        let v = self.versie();
        self.aan(id)
            .filter(|z| z.versie == v && z.verwijderd == verwijderd)
            .map(|z| z.op)
            .min()
    }

    /// Every letter owed at the current version, in list order, then those
    /// taken off the list. `nu` are the current facts.
    pub fn brieven(&self, nu: &Feiten) -> Vec<Brief<'s>> {
        let s = self.sessie;
        let geannuleerd = s.bijeenkomst.status == SessieStatus::Geannuleerd;
        let vorige = self.vorige_versie();
        let na_annulering = !geannuleerd && vorige.is_some_and(|z| z.feiten.status == SessieStatus::Geannuleerd);
        let kalender = self.kalender();
        let mut out = Vec::new();
        let mut gezien = std::collections::HashSet::new();
        for d in &s.deelnemers {
            let id = sleutel(d);
            if !gezien.insert(id.clone()) {
                // The same person twice (rule deelnemer-dubbel): one letter.
                continue;
            }
            let eerder = self.eerder(&id);
            let verstuurd = self.nu_verstuurd(&id, false);
            let actief = d.status != DeelnemerStatus::Afgemeld;
            let soort = if geannuleerd {
                // Only who heard of the meeting and still expects it.
                let verwacht = verstuurd.is_some()
                    || (actief && eerder.is_some_and(|z| !z.verwijderd && z.feiten.status == SessieStatus::Gepland));
                if !self.iets_verstuurd() || !verwacht {
                    continue;
                }
                Soort::Afzegging
            } else if na_annulering && eerder.is_some_and(|z| !z.verwijderd) {
                // Also to those who cancelled for the old date.
                Soort::Heruitnodiging
            } else if !actief {
                continue;
            } else {
                match eerder {
                    Some(z) if !z.verwijderd && z.feiten.status == SessieStatus::Gepland => Soort::Wijziging(
                        verschil(&z.feiten, nu)
                            .into_iter()
                            .filter(|w| w.wat != "status")
                            .collect(),
                    ),
                    _ => Soort::Uitnodiging,
                }
            };
            out.push(Brief {
                deelnemer: Cow::Borrowed(d),
                id,
                soort,
                verstuurd,
                kalender: kalender.clone(),
            });
        }
        // Taken off the list after an invitation: a cancellation of her own.
        for g in self.verdwenen() {
            let v = self.versie();
            // What reached her last (a cancellation of her own counts after
            // an invitation of the same version).
            let laatst = self
                .aan(&g.id)
                .filter(|z| z.versie <= v)
                .max_by_key(|z| (z.versie, z.verwijderd));
            let verstuurd = match laatst {
                Some(z) if z.verwijderd && z.versie == v => Some(z.op),
                Some(z) if !z.verwijderd && z.feiten.status == SessieStatus::Gepland => None,
                _ => continue,
            };
            // The calendar item she has: the one of the invitation she got.
            let kal = self
                .aan(&g.id)
                .filter(|z| !z.verwijderd)
                .max_by_key(|z| z.versie)
                .map_or_else(|| kalender.clone(), |z| z.kalender.clone());
            out.push(Brief {
                deelnemer: Cow::Owned(deelnemer_uit(g)),
                id: g.id.clone(),
                soort: if geannuleerd {
                    Soort::Afzegging
                } else {
                    Soort::Geschrapt
                },
                verstuurd,
                kalender: kal,
            });
        }
        out
    }

    /// Everyone the record names who is no longer on the list, once each
    /// (as last named), in the order they first appear.
    pub fn verdwenen(&self) -> Vec<&'s Geadresseerde> {
        let in_lijst: std::collections::HashSet<String> = self.sessie.deelnemers.iter().map(sleutel).collect();
        let mut out: Vec<&Geadresseerde> = Vec::new();
        for z in self.zendingen {
            for g in &z.aan {
                if in_lijst.contains(&g.id) {
                    continue;
                }
                match out.iter_mut().find(|o| o.id == g.id) {
                    Some(o) => *o = g,
                    None => out.push(g),
                }
            }
        }
        out
    }

    /// The last version `id` got (of the meeting).
    pub fn laatste_versie_van(&self, id: &str) -> Option<u32> {
        self.aan(id).filter(|z| !z.verwijderd).map(|z| z.versie).max()
    }

    /// The day the current version (for the documents) is dated: when it
    /// went out, else `vandaag` (never before an earlier version), or for a
    /// first invitation the session's `uitnodiging` date.
    pub fn stempel_datum(&self, vandaag: NaiveDate) -> NaiveDate {
        let v = self.versie();
        if let Some(op) = self.versies().filter(|z| z.versie == v).map(|z| z.op).min() {
            return op;
        }
        self.concept_datum(vandaag)
    }

    /// The date of a letter still to send.
    pub fn concept_datum(&self, vandaag: NaiveDate) -> NaiveDate {
        match self.zendingen.iter().map(|z| z.op).max() {
            None => self.sessie.bijeenkomst.uitnodiging.unwrap_or(vandaag),
            Some(op) => vandaag.max(op),
        }
    }
}

/// A participant as the record names her (taken off the list since).
fn deelnemer_uit(g: &Geadresseerde) -> Deelnemer {
    Deelnemer {
        naam: g.naam.clone(),
        email: g.email.clone(),
        organisatie: None,
        functie: None,
        domein: None,
        elearning: false,
        status: DeelnemerStatus::Uitgenodigd,
        voornaam: None,
        aanhef: None,
        prive: Default::default(),
        delen: None,
        aanwezig: None,
        id: Some(g.id.clone()),
        herkomst: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feiten(begin: &str) -> Feiten {
        Feiten {
            datum: NaiveDate::from_ymd_opt(2027, 3, 11).unwrap(),
            begin: nl::parse_tijd(begin).unwrap(),
            eind: nl::parse_tijd("15:55").unwrap(),
            locatie: "Zaal 1".into(),
            status: SessieStatus::Gepland,
        }
    }

    #[test]
    fn a_change_lists_what_changed_in_order() {
        let mut nieuw = feiten("14:00");
        nieuw.locatie = "Zaal 2".into();
        let w = verschil(&feiten("13:00"), &nieuw);
        let wat: Vec<_> = w.iter().map(|w| (w.wat, w.oud.as_str(), w.nieuw.as_str())).collect();
        assert_eq!(
            wat,
            [("tijd", "13:00–15:55", "14:00–15:55"), ("plaats", "Zaal 1", "Zaal 2")]
        );
    }

    #[test]
    fn identity_is_the_own_id_else_the_address_in_lower_case() {
        let mut d = deelnemer_uit(&Geadresseerde {
            id: "x".into(),
            naam: "Ingrid".into(),
            email: Some(" I.deVries@DeWieg.example ".into()),
        });
        assert_eq!(id_van(&d).as_deref(), Some("x"));
        d.id = None;
        assert_eq!(id_van(&d).as_deref(), Some("i.devries@dewieg.example"));
        d.email = None;
        assert_eq!(id_van(&d), None);
        assert_eq!(sleutel(&d), "naam:ingrid");
    }
}
