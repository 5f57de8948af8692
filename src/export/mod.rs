//! The invitation files: texts per participant, mail drafts and calendar
//! files. Everything is returned as (relative path, bytes) so that `maak`
//! decides how and where to write (atomically, without clobbering).

pub mod concepten;
pub mod eml;
pub mod ics;
pub mod naderhand;
pub mod slug;
pub mod uitnodiging;

use chrono::NaiveDate;

use crate::levensloop::{self, Feiten, Levensloop, Soort as BriefSoort};
use crate::model::{Deelnemer, Sessie};
use crate::plan::Planning;
use crate::render::templates::Engine;

/// What kind of file an invitation file is: that decides what happens to it
/// in a CONCEPT run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soort {
    /// A Markdown text to read or print.
    Markdown,
    /// A plain text to paste into a mail.
    Tekst,
    /// A mail draft or calendar file: ready to send, so never a draft.
    Verstuurbaar,
}

/// One file to write, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bestand {
    pub soort: Soort,
    pub pad: String,
    pub bytes: Vec<u8>,
    /// The manifest hash of `bytes` (`fnv::fnv64`), when it was already
    /// computed on the thread that made the file.
    pub hash: Option<u64>,
}

impl Bestand {
    fn new(soort: Soort, pad: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Bestand {
            soort,
            pad: pad.into(),
            bytes: bytes.into(),
            hash: None,
        }
    }

    /// The policy for a session with errors: texts get a CONCEPT line at the
    /// top; mail drafts and calendar files are held back (`None`), so a
    /// draft can never be sent by accident.
    /// `sessie` is the session file as the user typed it, for the command to run.
    pub fn als_concept(self, sessie: &str) -> Option<Bestand> {
        let kop = match self.soort {
            Soort::Verstuurbaar => return None,
            Soort::Markdown => "> **CONCEPT**",
            Soort::Tekst => "CONCEPT",
        };
        let mut bytes = format!(
            "{kop} — nog niet versturen: de sessie heeft nog fouten (zie `draaiboek controleer {sessie}`).\n\n"
        )
        .into_bytes();
        bytes.extend(self.bytes);
        // New bytes: any hash of the old ones no longer holds.
        Some(Bestand {
            bytes,
            hash: None,
            ..self
        })
    }
}

/// Each participant who has not cancelled, with their unique file-name slug.
pub fn deelnemers_met_slug(s: &Sessie) -> Vec<(&Deelnemer, String)> {
    let actief: Vec<&Deelnemer> = s.actieve_deelnemers().collect();
    let slugs = slug::unique_slugs(actief.iter().map(|d| d.naam.as_str()));
    actief.into_iter().zip(slugs).collect()
}

/// The calendar id of the current version (see `Levensloop::kalender`).
pub fn sessie_id(s: &Sessie) -> String {
    Levensloop::new(s).kalender()
}

/// A Message-ID unique per session, participant, version and method (a
/// changed invitation is a new message), readable, and short enough for a
/// 78-column header line.
fn message_id(s: &Sessie, o: &Ontvanger, method: &str) -> String {
    let key = format!(
        "{}\n{}\n{}\n{method}",
        o.brief.kalender, o.brief.id, s.bijeenkomst.versie
    );
    let hash = format!("{:032x}", ics::fnv128(key.as_bytes()));
    let short: String = o.slug.chars().take(24).collect();
    format!("<{}.{}@draaiboek>", &hash[..16], short.trim_end_matches('-'))
}

/// The calendar frames of one run, one per (calendar id, kind, date): most
/// letters share one, so thousands of invitees do not build it each.
struct Kalenders<'p, 'a> {
    plan: &'p Planning<'a>,
    omschrijving: String,
    gemaakt: std::sync::Mutex<std::collections::HashMap<(String, bool, NaiveDate), std::sync::Arc<ics::Kalender>>>,
}

impl<'p, 'a> Kalenders<'p, 'a> {
    fn new(plan: &'p Planning<'a>) -> Self {
        Kalenders {
            plan,
            omschrijving: uitnodiging::agenda_omschrijving(plan),
            gemaakt: Default::default(),
        }
    }

    fn voor(&self, hex: &str, annuleer: bool, dag: NaiveDate) -> std::sync::Arc<ics::Kalender> {
        let key = (hex.to_string(), annuleer, dag);
        let mut gemaakt = self.gemaakt.lock().unwrap_or_else(|e| e.into_inner());
        gemaakt
            .entry(key)
            .or_insert_with(|| {
                std::sync::Arc::new(ics::Kalender::new(
                    self.plan,
                    true,
                    annuleer,
                    &self.omschrijving,
                    ics::om_negen(dag),
                    hex,
                ))
            })
            .clone()
    }
}

/// The mail draft for one letter around the text already rendered; `None`
/// without an e-mail address. `dag`: the day it is dated.
fn eml_brief(
    plan: &Planning,
    o: &Ontvanger,
    dag: NaiveDate,
    tekst: &str,
    onderwerp: &str,
    kalenders: &Kalenders,
) -> Option<Vec<u8>> {
    let s = plan.sessie;
    let d = o.deelnemer();
    let email = d.email.as_ref()?;
    let annuleer = o.annuleert();
    let ics = kalenders
        .voor(&o.brief.kalender, annuleer, dag)
        .voor(ics::Voor::Deelnemer(d));
    let stempel = ics::om_negen(dag);
    let method = ics::methode_voor(annuleer, true);
    let concept = eml::Concept {
        van: (&s.organisator.naam, &s.organisator.email),
        aan: (&d.naam, email),
        onderwerp,
        datum: eml::date(stempel, ics::offset_uur(stempel)),
        message_id: message_id(s, o, method),
        tekst,
        ics: &ics,
        method,
    };
    Some(eml::bericht(&concept))
}

/// Someone who gets a letter, with the file-name slug.
#[derive(Debug, Clone)]
pub struct Ontvanger<'a> {
    pub brief: levensloop::Brief<'a>,
    pub slug: String,
}

impl Ontvanger<'_> {
    pub fn deelnemer(&self) -> &Deelnemer {
        &self.brief.deelnemer
    }

    pub fn soort(&self) -> &BriefSoort {
        &self.brief.soort
    }

    /// The letter cancels the calendar item (for everyone, or for her).
    pub fn annuleert(&self) -> bool {
        matches!(self.brief.soort, BriefSoort::Afzegging | BriefSoort::Geschrapt)
    }

    /// Still to send (the record has no such letter to her at this version).
    pub fn te_sturen(&self) -> bool {
        self.brief.verstuurd.is_none()
    }
}

/// Who gets which letter at the session's current version, from what the
/// session records of what went out (`[[verstuurd]]`): first invitations,
/// change notices and cancellations to exactly those who got a version, a
/// new invitation after a cancellation, and a cancellation of her own to
/// someone taken off the list. Each with a unique file-name slug.
pub fn ontvangers<'a>(plan: &Planning<'a>) -> Vec<Ontvanger<'a>> {
    let brieven = Levensloop::new(plan.sessie).brieven(&Feiten::van(plan));
    let slugs = slug::unique_slugs(brieven.iter().map(|b| b.deelnemer.naam.as_str()));
    brieven
        .into_iter()
        .zip(slugs)
        .map(|(brief, slug)| Ontvanger { brief, slug })
        .collect()
}

/// Every invitation file, in a fixed order:
/// `uitnodiging-algemeen.md`, `bijeenkomst.ics`, `planning.ics`, then per
/// letter owed ([`ontvangers`]) `uitnodigingen/<slug>.md`, `.txt` and
/// (with an e-mail address) `.eml`. `vandaag` dates a draft.
pub fn bestanden(plan: &Planning, engine: &Engine, vandaag: NaiveDate) -> anyhow::Result<Vec<Bestand>> {
    let mut out = Vec::new();
    voor_elk_bestand(plan, engine, vandaag, |b| {
        out.push(b);
        Ok(())
    })?;
    Ok(out)
}

/// The files of [`bestanden`], in the same order, each handed to
/// `verwerk` as soon as it is made: thousands of invitations never sit in
/// memory all at once.
pub fn voor_elk_bestand(
    plan: &Planning,
    engine: &Engine,
    vandaag: NaiveDate,
    mut verwerk: impl FnMut(Bestand) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let s = plan.sessie;
    let loop_ = Levensloop::new(s);
    let hex = loop_.kalender();
    verwerk(Bestand::new(
        Soort::Markdown,
        "uitnodiging-algemeen.md",
        uitnodiging::markdown(plan, engine, None, vandaag)?,
    ))?;
    verwerk(Bestand::new(
        Soort::Verstuurbaar,
        "bijeenkomst.ics",
        ics::bijeenkomst_id(
            plan,
            ics::Voor::Iedereen,
            &uitnodiging::agenda_omschrijving(plan),
            vandaag,
            &hex,
        ),
    ))?;
    verwerk(Bestand::new(
        Soort::Verstuurbaar,
        "planning.ics",
        ics::planning_id(s, &plan.terugplanning, vandaag, &hex),
    ))?;
    let kalenders = Kalenders::new(plan);
    let brieven = uitnodiging::Brieven::new(plan, vandaag);
    let concept_dag = loop_.concept_datum(vandaag);
    let brief = |o: &Ontvanger| -> anyhow::Result<Vec<Bestand>> {
        let (d, slug) = (o.deelnemer(), o.slug.as_str());
        let soort = o.soort();
        let mut uit = vec![Bestand::new(
            Soort::Markdown,
            format!("uitnodigingen/{slug}.md"),
            brieven.brief(engine, Some(d), true, Some(soort))?,
        )];
        // One rendering of the text serves the .txt file and the mail body.
        let tekst = brieven.brief(engine, Some(d), false, Some(soort))?;
        let onderwerp = uitnodiging::onderwerp_soort(s, Some(soort));
        let dag = o.brief.verstuurd.unwrap_or(concept_dag);
        let eml = eml_brief(plan, o, dag, &tekst, &onderwerp, &kalenders);
        uit.push(Bestand::new(
            Soort::Tekst,
            format!("uitnodigingen/{slug}.txt"),
            format!("Onderwerp: {onderwerp}\n\n{tekst}"),
        ));
        if let Some(eml) = eml {
            uit.push(Bestand::new(
                Soort::Verstuurbaar,
                format!("uitnodigingen/{slug}.eml"),
                eml,
            ));
        }
        Ok(uit)
    };
    op_volgorde(&ontvangers(plan), brief, &mut verwerk)
}

/// From this many items on, [`op_volgorde`] also makes items on a second
/// thread: below it a thread costs more than it saves.
const TWEE_DRADEN_VANAF: usize = 256;

/// The files `maak` makes for each item, handed to `verwerk` item by item in
/// the order of `items`. A long list is made on two threads: both take the
/// next item not yet taken (so neither waits for the other), and this
/// thread, which also feeds the writer, hands the files on strictly in
/// order. The files and their order are the same as on one thread.
pub fn op_volgorde<T: Sync>(
    items: &[T],
    maak: impl Fn(&T) -> anyhow::Result<Vec<Bestand>> + Sync,
    verwerk: &mut impl FnMut(Bestand) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    // Each file is hashed for the manifest where it was made, so the
    // second thread takes its share of that too.
    let maak = |item: &T| -> anyhow::Result<Vec<Bestand>> {
        let mut bestanden = maak(item)?;
        for b in &mut bestanden {
            b.hash = Some(crate::fnv::fnv64(&b.bytes));
        }
        Ok(bestanden)
    };
    let twee = items.len() >= TWEE_DRADEN_VANAF && std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
    if !twee {
        for item in items {
            for b in maak(item)? {
                verwerk(b)?;
            }
        }
        return Ok(());
    }
    use std::sync::atomic::{AtomicUsize, Ordering};
    let volgende = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        // Bounded: the second thread runs at most this far ahead.
        let (tx, rx) = std::sync::mpsc::sync_channel(32);
        let (maak, volgende) = (&maak, &volgende);
        scope.spawn(move || {
            loop {
                let i = volgende.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let gemaakt = maak(item);
                let fout = gemaakt.is_err();
                // The receiver is gone when this thread's work is no longer wanted.
                if tx.send((i, gemaakt)).is_err() || fout {
                    break;
                }
            }
        });
        // Made but not yet handed on, by position.
        let mut klaar = std::collections::BTreeMap::new();
        for i in 0..items.len() {
            let bestanden = loop {
                if let Some(gemaakt) = klaar.remove(&i) {
                    break gemaakt;
                }
                while let Ok((j, gemaakt)) = rx.try_recv() {
                    klaar.insert(j, gemaakt);
                }
                if klaar.contains_key(&i) {
                    continue;
                }
                let j = volgende.fetch_add(1, Ordering::Relaxed);
                match items.get(j) {
                    Some(item) => {
                        klaar.insert(j, maak(item));
                    }
                    // Everything is taken: what is missing comes from the other thread.
                    None => {
                        let (j, gemaakt) = rx
                            .recv()
                            .map_err(|_| anyhow::anyhow!("intern: de tweede draad stopte onverwacht"))?;
                        klaar.insert(j, gemaakt);
                    }
                }
            };
            for b in bestanden? {
                verwerk(b)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod volgorde_tests {
    use super::*;

    fn maak(fout_bij: Option<usize>) -> impl Fn(&usize) -> anyhow::Result<Vec<Bestand>> + Sync {
        move |&i: &usize| {
            if Some(i) == fout_bij {
                anyhow::bail!("kapot bij {i}");
            }
            Ok(vec![
                Bestand::new(Soort::Tekst, format!("{i}.txt"), vec![]),
                Bestand::new(Soort::Markdown, format!("{i}.md"), vec![]),
            ])
        }
    }

    fn paden(items: &[usize], fout_bij: Option<usize>) -> (Vec<String>, Option<String>) {
        let mut gezien = Vec::new();
        let uitkomst = op_volgorde(items, maak(fout_bij), &mut |b: Bestand| {
            gezien.push(b.pad);
            Ok(())
        });
        (gezien, uitkomst.err().map(|e| e.to_string()))
    }

    #[test]
    fn two_threads_give_the_files_of_one_in_the_same_order() {
        let lang: Vec<usize> = (0..TWEE_DRADEN_VANAF * 3 + 1).collect();
        let (gezien, fout) = paden(&lang, None);
        let verwacht: Vec<String> = lang
            .iter()
            .flat_map(|i| [format!("{i}.txt"), format!("{i}.md")])
            .collect();
        assert_eq!(gezien, verwacht);
        assert_eq!(fout, None);
        // A short list takes the one-thread path, with the same result.
        let (kort, _) = paden(&lang[..10], None);
        assert_eq!(kort, verwacht[..20]);
    }

    #[test]
    fn an_error_on_either_thread_stops_the_run_after_the_files_before_it() {
        let lang: Vec<usize> = (0..TWEE_DRADEN_VANAF * 2).collect();
        for fout_bij in [301, 302] {
            let (gezien, fout) = paden(&lang, Some(fout_bij));
            assert_eq!(fout.as_deref(), Some(format!("kapot bij {fout_bij}").as_str()));
            assert_eq!(gezien.len(), fout_bij * 2, "files before item {fout_bij}");
        }
    }
}
