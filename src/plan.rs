//! Arithmetic on a session: clock times, the participant count, group
//! counts and the retro-planning. No rules here (see `check`), no text
//! beyond short labels.

use chrono::{Duration, NaiveDate, NaiveTime};
use serde::Serialize;

use crate::limits::*;
use crate::model::*;

/// One block of the programme with its clock times.
#[derive(Debug, Clone, Serialize)]
pub struct Tijdslot {
    pub index: usize,
    pub begin: NaiveTime,
    pub eind: NaiveTime,
    pub minuten: u32,
}

/// Informal time outside the two hours.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Informeel {
    pub begin: NaiveTime,
    pub eind: NaiveTime,
    pub minuten: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tijden {
    pub slots: Vec<Tijdslot>,
    pub totaal: u32,
    pub begin: NaiveTime,
    pub eind: NaiveTime,
    pub lunch: Option<Informeel>,
    pub borrel: Option<Informeel>,
}

impl Tijden {
    /// From the start of lunch (or the programme) to the end of the borrel (or the programme).
    pub fn dag_begin(&self) -> NaiveTime {
        self.lunch.map_or(self.begin, |l| l.begin)
    }
    pub fn dag_eind(&self) -> NaiveTime {
        self.borrel.map_or(self.eind, |b| b.eind)
    }
}

fn plus(t: NaiveTime, minutes: u32) -> NaiveTime {
    t + Duration::minutes(minutes as i64)
}

pub fn tijden(s: &Sessie) -> Tijden {
    let begin = s.bijeenkomst.begintijd;
    let mut t = begin;
    let mut slots = Vec::new();
    let mut totaal = 0;
    for (index, item) in s.programma.iter().enumerate() {
        let minuten = item.duur();
        slots.push(Tijdslot {
            index,
            begin: t,
            eind: plus(t, minuten),
            minuten,
        });
        t = plus(t, minuten);
        totaal += minuten;
    }
    let lunch = (s.informeel.lunch > 0).then(|| Informeel {
        begin: begin - Duration::minutes(s.informeel.lunch as i64),
        eind: begin,
        minuten: s.informeel.lunch,
    });
    let borrel = (s.informeel.borrel > 0).then(|| Informeel {
        begin: t,
        eind: plus(t, s.informeel.borrel),
        minuten: s.informeel.borrel,
    });
    Tijden {
        slots,
        totaal,
        begin,
        eind: t,
        lunch,
        borrel,
    }
}

/// The participant count for the 12–20 rule and for group sizes:
/// `verwacht_aantal`, else the counted participants (see [`getelde_indices`]).
pub fn deelnemers_aantal(s: &Sessie) -> u32 {
    s.bijeenkomst
        .verwacht_aantal
        .unwrap_or_else(|| getelde_indices(s).len() as u32)
}

/// Positions in `Sessie::deelnemers` of the people who are counted: those
/// `aangemeld` once anyone has signed up, else everyone not `afgemeld`. The
/// one place this rule lives; the count, the checks and the group plans use it.
pub fn getelde_indices(s: &Sessie) -> Vec<usize> {
    let with = |keep: &dyn Fn(DeelnemerStatus) -> bool| -> Vec<usize> {
        s.deelnemers
            .iter()
            .enumerate()
            .filter(|(_, d)| keep(d.status))
            .map(|(i, _)| i)
            .collect()
    };
    let aangemeld = with(&|st| st == DeelnemerStatus::Aangemeld);
    if aangemeld.is_empty() {
        with(&|st| st != DeelnemerStatus::Afgemeld)
    } else {
        aangemeld
    }
}

/// The counted participants themselves (see [`getelde_indices`]).
pub fn getelde_deelnemers(s: &Sessie) -> Vec<&Deelnemer> {
    getelde_indices(s).into_iter().map(|i| &s.deelnemers[i]).collect()
}

/// The last day to send invitations: six weeks before.
pub fn uiterste_uitnodiging(s: &Sessie) -> NaiveDate {
    s.bijeenkomst.datum - Duration::days(UITNODIGING_DAGEN)
}

/// Distinct professions (`functie`, case-insensitive) among counted participants.
pub fn beroepsgroepen(s: &Sessie) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for d in getelde_deelnemers(s) {
        if let Some(f) = &d.functie {
            let key = f.trim().to_lowercase();
            if !seen.contains(&key) {
                seen.push(key);
            }
        }
    }
    seen
}

/// How many groups a work format makes for `n` people (before a group plan exists).
pub fn groepen_aantal(n: u32, vorm: Groepsvorm) -> u32 {
    match vorm {
        Groepsvorm::Plenair | Groepsvorm::Individueel => 1,
        Groepsvorm::Tweetallen => n.div_ceil(2).max(1),
        Groepsvorm::Drietallen => (n / DRIETAL).max(1),
        Groepsvorm::Gemengd => n.div_ceil(GEMENGD_MAX).max(1),
        Groepsvorm::PerBeroep | Groepsvorm::PerOrganisatie => n.max(1),
    }
}

/// One dated preparation step.
#[derive(Debug, Clone, Serialize)]
pub struct PlanStap {
    pub datum: NaiveDate,
    pub wat: String,
    pub toelichting: String,
}

/// The retro-planning: steps counted back from the session date.
pub fn retroplanning(s: &Sessie) -> Vec<PlanStap> {
    let d = s.bijeenkomst.datum;
    let dag = |n: i64| d - Duration::days(n);
    let uitnodiging = s.bijeenkomst.uitnodiging.unwrap_or_else(|| uiterste_uitnodiging(s));
    let uses_cases = s
        .programma
        .iter()
        .any(|p| !p.alle_casussen().is_empty() || p.werkvormen.iter().any(|w| w.casussen != CasusBehoefte::Geen));
    let mut steps = vec![
        PlanStap {
            datum: dag(PLAN_LEERDOELEN_DAGEN),
            wat: "Leerdoelen en programma afstemmen met de coalitie".into(),
            toelichting: "Volg zelf eerst de e-learning, bespreek in het coalitieoverleg welke thema's en knelpunten spelen en leg de leerdoelen vast.".into(),
        },
        PlanStap {
            datum: dag(PLAN_ZAAL_DAGEN),
            wat: "Zaal, tijdstip en catering vastleggen".into(),
            toelichting: "Een ruimte met tafels en plek om in groepjes uiteen te gaan, met beamer en laptopaansluiting.".into(),
        },
        PlanStap {
            datum: uitnodiging,
            wat: "Uitnodigingen versturen".into(),
            toelichting: "Persoonlijk en minstens zes weken vooraf, met de aanleiding, wat het oplevert en de e-learning als voorwaarde.".into(),
        },
    ];
    if uses_cases {
        steps.push(PlanStap {
            datum: dag(PLAN_CASUSSEN_VERZAMELEN_DAGEN),
            wat: "Casussen verzamelen bij de deelnemers".into(),
            toelichting: "Vraag om situaties uit de praktijk die de groep herkent, zonder namen of details waaraan je een gezin herkent; of gebruik de casussen uit de e-learning.".into(),
        });
    }
    steps.extend([
        PlanStap {
            datum: dag(PLAN_HERINNERING_ELEARNING_DAGEN),
            wat: "Herinnering sturen over de e-learning".into(),
            toelichting: format!(
                "Wie de e-learning nog niet heeft gedaan, heeft nog twee weken; reken op {ELEARNING_MIN}–{ELEARNING_MAX} minuten."
            ),
        },
        PlanStap {
            datum: dag(PLAN_DEELNEMERSLIJST_DAGEN),
            wat: "Deelnemerslijst en groepsindeling vastzetten".into(),
            toelichting: "Werk aan- en afmeldingen bij in het sessiebestand en maak de documenten opnieuw.".into(),
        },
        PlanStap {
            datum: dag(PLAN_PRINTEN_DAGEN),
            wat: "Casuskaarten en materiaal printen".into(),
            toelichting: "Print op werkelijke grootte, snijd de kaarten en pak de benodigdheden in.".into(),
        },
        PlanStap {
            datum: d,
            wat: "De bijeenkomst".into(),
            toelichting: s.bijeenkomst.titel.clone(),
        },
        PlanStap {
            datum: d + Duration::days(PLAN_VERSLAG_DAGEN_NA),
            wat: "Verslag rondsturen".into(),
            toelichting: "Met de gemaakte afspraken, en de e-mailadressen van wie ze met de groep wil delen.".into(),
        },
    ]);
    steps.sort_by_key(|s| s.datum);
    steps
}
