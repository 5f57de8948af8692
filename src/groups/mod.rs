//! Group plans: who sits with whom, for every work format in the programme
//! that splits the room (speeddate in threes, mixed groups for the definition
//! talk and the case work, groups per profession for the pitch, per
//! organisation for the card game).
//!
//! The facilitator would otherwise split people on the spot; doing it
//! beforehand lets the plan mix domains, keep colleagues apart and avoid
//! people meeting the same faces in every block.
//!
//! - Who: the counted participants: those signed up once anyone has, else all not cancelled.
//!   Without such a list the plan only gives sizes, for `verwacht_aantal`.
//! - Sizes: see [`sizes`]. Per profession (`functie`, case-insensitive) and
//!   per organisation follow the list; someone without a `functie` or
//!   `organisatie` works alone there.
//! - Deterministic: the same session and `zaad` give the same plan (own
//!   PRNG in [`rng`], no clock, no hash order in any output).

pub mod mix;
pub mod rng;
pub mod sizes;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Deelnemer, Domein, Groepsvorm, Sessie, Werkvorm};
use crate::telling;
use mix::{Kenmerken, Ontmoetingen};
use rng::SplitMix64;
pub use sizes::{groottes, omschrijving};

/// One participant in a group, with what a table card needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lid {
    /// Position in `Sessie::deelnemers` (the full list, cancelled people included).
    pub index: usize,
    pub naam: String,
    pub functie: Option<String>,
    pub organisatie: Option<String>,
    pub domein: Option<Domein>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Groep {
    /// The profession or organisation the group is formed around
    /// (per-beroep, per-organisatie); `None` for groups formed by size.
    pub naam: Option<String>,
    pub leden: Vec<Lid>,
}

/// How well a plan mixes, for the facilitator and for the tests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Menging {
    /// Domains in the room (medisch, sociaal, informeel that anyone has).
    pub domeinen_aanwezig: u32,
    /// Groups that hold every domain they could hold (min(size, domains present)).
    pub groepjes_volledig_gemengd: u32,
    /// Distinct domains per group, summed over the groups (mean = this / groups).
    pub domeinen_totaal: u32,
    /// Pairs of people from the same organisation in one group.
    pub collegaparen: u32,
    /// Pairs who already sat together in an earlier block of the session.
    pub herhaalparen: u32,
}

/// The plan for one work format of one programme item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroepsPlan {
    /// Position of the item in `Sessie::programma`.
    pub index: usize,
    pub bouwsteen: String,
    pub bouwsteen_titel: String,
    pub werkvorm: String,
    pub werkvorm_titel: String,
    pub groepsvorm: Groepsvorm,
    /// The number of people the plan is for: the list, else `verwacht_aantal`.
    pub deelnemers: u32,
    /// Size of each group: in the order of `groepen` when there is a list,
    /// largest first without one; empty when the split depends on a list that is missing.
    pub groottes: Vec<u32>,
    /// The number of groups to reckon with (cases, flip-overs): the groups of
    /// the plan, or without a list see [`aantal_groepen`]. At least one.
    pub aantal: u32,
    /// The groups; empty without a participant list.
    pub groepen: Vec<Groep>,
    /// `None` without a participant list.
    pub menging: Option<Menging>,
}

/// The group plans of a session, in programme order (within an item, in the
/// order of its work formats). `zaad` chooses among equally good plans.
pub fn plannen(sessie: &Sessie, zaad: u64) -> Vec<GroepsPlan> {
    let actief: Vec<usize> = actieve_indices(sessie);
    let mensen = kenmerken(sessie, &actief);
    let mut rng = SplitMix64::new(zaad);
    let mut ontmoet = Ontmoetingen::voor(mensen.len());
    let mut out = Vec::new();
    for (index, item) in sessie.programma.iter().enumerate() {
        for w in item.werkvormen.iter().filter(|w| w.groepsvorm.splits()) {
            let mut plan = GroepsPlan {
                index,
                bouwsteen: item.bouwsteen.id.clone(),
                bouwsteen_titel: item.bouwsteen.titel.clone(),
                werkvorm: w.id.clone(),
                werkvorm_titel: w.titel.clone(),
                groepsvorm: w.groepsvorm,
                deelnemers: deelnemers_voor_plan(sessie, &actief),
                groottes: vec![],
                aantal: aantal_groepen_voor(sessie, &actief, w),
                groepen: vec![],
                menging: None,
            };
            if actief.is_empty() {
                plan.groottes = groottes(w.groepsvorm, plan.deelnemers);
            } else {
                let lokaal = verdeel(&actief, &mensen, w.groepsvorm, &ontmoet, &mut rng);
                plan.menging = Some(menging(&mensen, &lokaal, &ontmoet));
                ontmoet.voeg_toe(&lokaal);
                plan.groottes = lokaal.iter().map(|g| g.len() as u32).collect();
                plan.groepen = lokaal.iter().map(|g| groep(sessie, &actief, g, w.groepsvorm)).collect();
            }
            out.push(plan);
        }
    }
    out
}

/// How many groups a work format makes in this session (at least one): from
/// the participant list where there is one, else for `verwacht_aantal`
/// (⌈n / 4⌉ for mixed groups; per profession or organisation, without a list,
/// the worst case of everyone alone). Cheap: no plan is computed.
pub fn aantal_groepen(sessie: &Sessie, werkvorm: &Werkvorm) -> u32 {
    aantal_groepen_voor(sessie, &actieve_indices(sessie), werkvorm)
}

/// [`aantal_groepen`] with the counted participants (`telling::getelde_indices`)
/// given: the `Planning` computes them once per run.
pub fn aantal_groepen_voor(sessie: &Sessie, actief: &[usize], werkvorm: &Werkvorm) -> u32 {
    let vorm = werkvorm.groepsvorm;
    if !vorm.splits() {
        return 1;
    }
    let n = deelnemers_voor_plan(sessie, actief);
    let aantal = match vorm {
        Groepsvorm::PerBeroep | Groepsvorm::PerOrganisatie if actief.is_empty() => n,
        Groepsvorm::PerBeroep | Groepsvorm::PerOrganisatie => {
            let mensen = kenmerken(sessie, actief);
            op_sleutel(&mensen, vorm).len() as u32
        }
        _ => groottes(vorm, n).len() as u32,
    };
    aantal.max(1)
}

/// The number of people a plan is made for: those counted, or
/// `verwacht_aantal` (see `telling::deelnemers_aantal`) when nobody is listed.
pub fn deelnemers_voor_plan(sessie: &Sessie, actief: &[usize]) -> u32 {
    match actief.len() {
        0 => telling::deelnemers_aantal(sessie, actief),
        n => n as u32,
    }
}

/// Groups are made for the people expected in the room: the same people the
/// 12–20 rule counts.
fn actieve_indices(sessie: &Sessie) -> Vec<usize> {
    telling::getelde_indices(sessie)
}

fn sleutel(s: &Option<String>) -> Option<String> {
    s.as_deref().map(|x| x.trim().to_lowercase()).filter(|x| !x.is_empty())
}

/// Organisation, profession (both case-insensitive) and domain as small numbers.
fn kenmerken(sessie: &Sessie, actief: &[usize]) -> Vec<Kenmerken> {
    let mut orgs: BTreeMap<String, u32> = BTreeMap::new();
    let mut beroepen: BTreeMap<String, u32> = BTreeMap::new();
    let intern = |map: &mut BTreeMap<String, u32>, key: Option<String>| {
        key.map(|k| {
            let next = map.len() as u32;
            *map.entry(k).or_insert(next)
        })
    };
    actief
        .iter()
        .map(|&i| {
            let d: &Deelnemer = &sessie.deelnemers[i];
            Kenmerken {
                organisatie: intern(&mut orgs, sleutel(&d.organisatie)),
                beroep: intern(&mut beroepen, sleutel(&d.functie)),
                domein: d.domein.map_or(0, |x| 1 << (x as u8)),
            }
        })
        .collect()
}

/// Groups by profession or organisation, in order of first appearance; a
/// person without one works alone.
fn op_sleutel(mensen: &[Kenmerken], vorm: Groepsvorm) -> Vec<Vec<usize>> {
    let mut groepen: Vec<Vec<usize>> = Vec::new();
    let mut waar: BTreeMap<u32, usize> = BTreeMap::new();
    for (i, m) in mensen.iter().enumerate() {
        let key = if vorm == Groepsvorm::PerBeroep {
            m.beroep
        } else {
            m.organisatie
        };
        match key.and_then(|k| waar.get(&k).copied()) {
            Some(g) => groepen[g].push(i),
            None => {
                if let Some(k) = key {
                    waar.insert(k, groepen.len());
                }
                groepen.push(vec![i]);
            }
        }
    }
    groepen
}

/// Groups as positions in `actief`.
fn verdeel(
    actief: &[usize],
    mensen: &[Kenmerken],
    vorm: Groepsvorm,
    ontmoet: &Ontmoetingen,
    rng: &mut SplitMix64,
) -> Vec<Vec<usize>> {
    match vorm {
        Groepsvorm::PerBeroep | Groepsvorm::PerOrganisatie => op_sleutel(mensen, vorm),
        _ => mix::verdeel(mensen, &groottes(vorm, actief.len() as u32), ontmoet, rng),
    }
}

fn groep(sessie: &Sessie, actief: &[usize], lokaal: &[usize], vorm: Groepsvorm) -> Groep {
    let leden: Vec<Lid> = lokaal
        .iter()
        .map(|&l| {
            let index = actief[l];
            let d = &sessie.deelnemers[index];
            Lid {
                index,
                naam: d.naam.clone(),
                functie: d.functie.clone(),
                organisatie: d.organisatie.clone(),
                domein: d.domein,
            }
        })
        .collect();
    let eerste = leden.first();
    let naam = match vorm {
        Groepsvorm::PerBeroep => eerste.and_then(|l| l.functie.as_ref()),
        Groepsvorm::PerOrganisatie => eerste.and_then(|l| l.organisatie.as_ref()),
        _ => None,
    }
    .map(|s| s.trim().to_string())
    .filter(|s| !s.is_empty());
    Groep { naam, leden }
}

fn menging(mensen: &[Kenmerken], groepen: &[Vec<usize>], eerder: &Ontmoetingen) -> Menging {
    let aanwezig = mensen.iter().fold(0u8, |m, p| m | p.domein).count_ones();
    let mut m = Menging {
        domeinen_aanwezig: aanwezig,
        groepjes_volledig_gemengd: 0,
        domeinen_totaal: 0,
        collegaparen: 0,
        herhaalparen: 0,
    };
    for g in groepen {
        let mask = g.iter().fold(0u8, |acc, &i| acc | mensen[i].domein).count_ones();
        m.domeinen_totaal += mask;
        if mask >= (g.len() as u32).min(aanwezig) {
            m.groepjes_volledig_gemengd += 1;
        }
        for (i, &a) in g.iter().enumerate() {
            for &b in &g[i + 1..] {
                if mensen[a].organisatie.is_some() && mensen[a].organisatie == mensen[b].organisatie {
                    m.collegaparen += 1;
                }
                if eerder.keer(a, b) > 0 {
                    m.herhaalparen += 1;
                }
            }
        }
    }
    m
}
