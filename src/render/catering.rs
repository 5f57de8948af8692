//! Food and drink for the day, counted from the people who come: the
//! registered participants (or, before anyone registered, the expected
//! number) plus the trekker. Dietary wishes are counted per wish. This is
//! for the trekker's own list of materials only.

use serde::Serialize;

use crate::model::DeelnemerStatus;
use crate::plan::Planning;

/// The catering lines of `benodigdheden`.
#[derive(Debug, Clone, Serialize)]
pub struct Catering {
    /// Everyone who eats and drinks: the participants counted plus the trekker.
    pub personen: u32,
    /// How `personen` came about, in words ("15 aanmeldingen en jijzelf").
    pub berekening: String,
    /// No one registered yet: the count is an estimate.
    pub schatting: bool,
    /// Minutes of lunch before the programme (none: no lunch to order).
    pub lunch: bool,
    pub borrel: bool,
    /// Each dietary wish with how many asked for it, most asked first.
    pub dieetwensen: Vec<Dieetwens>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dieetwens {
    pub wens: String,
    pub aantal: u32,
}

pub fn catering(plan: &Planning) -> Catering {
    let s = plan.sessie;
    let aangemeld: Vec<_> = plan
        .getelde_deelnemers()
        .filter(|d| d.status == DeelnemerStatus::Aangemeld)
        .collect();
    let (deelnemers, schatting) = if aangemeld.is_empty() {
        (plan.aantal, true)
    } else {
        (aangemeld.len() as u32, false)
    };
    let wie = match (schatting, deelnemers == 1) {
        (true, true) => "verwachte deelnemer",
        (true, false) => "verwachte deelnemers",
        (false, true) => "aanmelding",
        (false, false) => "aanmeldingen",
    };
    let mut dieetwensen: Vec<Dieetwens> = Vec::new();
    for d in &aangemeld {
        let Some(wens) = d.prive.dieet.as_deref().map(str::trim).filter(|w| !w.is_empty()) else {
            continue;
        };
        let key = wens.to_lowercase();
        match dieetwensen.iter_mut().find(|x| x.wens.to_lowercase() == key) {
            Some(x) => x.aantal += 1,
            None => dieetwensen.push(Dieetwens {
                wens: wens.to_string(),
                aantal: 1,
            }),
        }
    }
    dieetwensen.sort_by(|a, b| {
        b.aantal
            .cmp(&a.aantal)
            .then_with(|| a.wens.to_lowercase().cmp(&b.wens.to_lowercase()))
    });
    Catering {
        personen: deelnemers + 1,
        berekening: format!("{deelnemers} {wie} en jijzelf"),
        schatting,
        lunch: s.informeel.lunch > 0,
        borrel: s.informeel.borrel > 0,
        dieetwensen,
    }
}
