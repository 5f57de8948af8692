//! The facts derived from a session, computed once per run: clock times,
//! the participants who count, the groups per work format, the group plans,
//! the case card of each group, the materials with their quantities and the
//! retro-planning. Everything downstream (`check`, the document
//! context, invitations and calendar files, the terminal agenda, `groepen`,
//! `voeg-toe`) reads one [`Planning`] instead of computing its own version.
//! No rules here (see `check`), no text beyond short labels and the
//! counting notes of the materials ("1 per groepje × 4 groepjes").

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Timelike, Weekday};
use serde::Serialize;

use crate::groups::{self, GroepsPlan};
use crate::limits::*;
use crate::model::*;
use crate::nl;
use crate::telling::{deelnemers_aantal, getelde_indices};

/// One block of the programme with its clock times.
#[derive(Debug, Clone, Serialize)]
pub struct Tijdslot {
    pub index: usize,
    pub begin: NaiveTime,
    pub eind: NaiveTime,
    pub minuten: u32,
    /// The reception before `begintijd` (the library's `plaats = "voor-begin"`):
    /// not part of the two hours.
    pub voor_begin: bool,
}

/// Time outside the two hours: the inloop (or lunch) before, the borrel after.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Informeel {
    pub begin: NaiveTime,
    pub eind: NaiveTime,
    pub minuten: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tijden {
    /// One per programme item, in order.
    pub slots: Vec<Tijdslot>,
    /// The programme's minutes from `begintijd`, without the inloop.
    pub totaal: u32,
    /// `begintijd`.
    pub begin: NaiveTime,
    /// `begintijd` + `totaal`.
    pub eind: NaiveTime,
    /// The time before `begintijd`: the inloop block's minutes, or with
    /// `[informeel] lunch` the lunch, which is then the inloop.
    pub inloop: Option<Informeel>,
    /// The same slot when it is a lunch ("Inloop met lunch").
    pub lunch: Option<Informeel>,
    pub borrel: Option<Informeel>,
    /// Minutes from the day's midnight to the doors opening and to the end of
    /// the borrel; outside 0..1440 the day crosses midnight.
    pub dag_start_minuut: i64,
    pub dag_eind_minuut: i64,
}

impl Tijden {
    /// When the doors open: the start of the inloop, or of the programme.
    pub fn dag_begin(&self) -> NaiveTime {
        self.inloop.map_or(self.begin, |l| l.begin)
    }
    /// The end of the borrel, or of the programme.
    pub fn dag_eind(&self) -> NaiveTime {
        self.borrel.map_or(self.eind, |b| b.eind)
    }
    /// Whether the day, with its informal time, runs past midnight (or
    /// starts the day before).
    pub fn over_middernacht(&self) -> bool {
        self.dag_start_minuut < 0 || self.dag_eind_minuut >= 24 * 60
    }
}

fn plus(t: NaiveTime, minutes: u32) -> NaiveTime {
    t + Duration::minutes(minutes as i64)
}

/// The item that is the reception before the start: only where the library
/// says so and only when it opens the programme (elsewhere it is an ordinary
/// block, and `volgorde` warns).
fn is_voor_begin(s: &Sessie, index: usize) -> bool {
    index == 0 && s.programma.first().is_some_and(|p| p.bouwsteen.voor_begin())
}

pub fn tijden(s: &Sessie) -> Tijden {
    let begin = s.bijeenkomst.begintijd;
    let inloop_blok = is_voor_begin(s, 0).then(|| s.programma[0].duur());
    let inloop_minuten = if s.informeel.lunch > 0 {
        s.informeel.lunch
    } else {
        inloop_blok.unwrap_or(0)
    };
    let inloop = (inloop_minuten > 0).then(|| Informeel {
        begin: begin - Duration::minutes(inloop_minuten as i64),
        eind: begin,
        minuten: inloop_minuten,
    });
    let mut t = begin;
    let mut slots = Vec::new();
    let mut totaal = 0;
    for (index, item) in s.programma.iter().enumerate() {
        if let (true, Some(i)) = (is_voor_begin(s, index), inloop) {
            slots.push(Tijdslot {
                index,
                begin: i.begin,
                eind: i.eind,
                minuten: i.minuten,
                voor_begin: true,
            });
            continue;
        }
        let minuten = item.duur();
        slots.push(Tijdslot {
            index,
            begin: t,
            eind: plus(t, minuten),
            minuten,
            voor_begin: false,
        });
        t = plus(t, minuten);
        totaal += minuten;
    }
    let borrel = (s.informeel.borrel > 0).then(|| Informeel {
        begin: t,
        eind: plus(t, s.informeel.borrel),
        minuten: s.informeel.borrel,
    });
    let start = i64::from(begin.hour() * 60 + begin.minute());
    Tijden {
        slots,
        totaal,
        begin,
        eind: t,
        inloop,
        lunch: inloop.filter(|_| s.informeel.lunch > 0),
        borrel,
        dag_start_minuut: start - i64::from(inloop_minuten),
        dag_eind_minuut: start + i64::from(totaal) + i64::from(s.informeel.borrel),
    }
}

/// The last day to send invitations: six weeks before.
pub fn uiterste_uitnodiging(s: &Sessie) -> NaiveDate {
    s.bijeenkomst.datum - Duration::days(UITNODIGING_DAGEN)
}

/// Distinct professions (`functie`, case-insensitive) among the counted participants.
fn beroepsgroepen(s: &Sessie, getelde: &[usize]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for &i in getelde {
        if let Some(f) = &s.deelnemers[i].functie {
            let key = f.trim().to_lowercase();
            if !seen.contains(&key) {
                seen.push(key);
            }
        }
    }
    seen
}

/// One dated preparation step.
#[derive(Debug, Clone, Serialize)]
pub struct PlanStap {
    /// The library's step id ("bijeenkomst" for the meeting itself).
    pub id: String,
    pub datum: NaiveDate,
    pub wat: String,
    pub toelichting: String,
    /// Who does it or whom it is for.
    pub wie: String,
    /// The date follows the program's advice (not the session's own choice).
    pub advies: bool,
}

/// A Saturday or Sunday moves to the Friday before: nobody sends
/// invitations or prints material in the weekend.
pub fn werkdag(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d - Duration::days(1),
        Weekday::Sun => d - Duration::days(2),
        _ => d,
    }
}

/// The retro-planning: the library's steps counted back from the meeting
/// date, with the session's `[planning]` days where given, never on a
/// weekend, and the meeting itself.
pub fn terugplanning(s: &Sessie, lib: &Bibliotheek) -> Vec<PlanStap> {
    let d = s.bijeenkomst.datum;
    let uses_cases = s
        .programma
        .iter()
        .any(|p| !p.alle_casussen().is_empty() || p.werkvormen.iter().any(|w| w.casussen != CasusBehoefte::Geen));
    let mut steps: Vec<PlanStap> = Vec::new();
    for stap in &lib.planning {
        if stap.alleen_met_casussen && !uses_cases {
            continue;
        }
        // `[planning]` keys are the step ids with `_` for `-`.
        let eigen = s
            .planning
            .iter()
            .find(|(k, _)| k.replace('_', "-") == stap.id)
            .map(|(_, n)| *n);
        let (datum, advies) = match (stap.uitnodiging, s.bijeenkomst.uitnodiging, eigen) {
            (true, Some(u), _) => (u, false),
            (_, _, Some(n)) => (d - Duration::days(n), false),
            _ => (d - Duration::days(stap.dagen_voor), true),
        };
        steps.push(PlanStap {
            id: stap.id.clone(),
            datum: werkdag(datum),
            wat: stap.wat.clone(),
            toelichting: stap
                .toelichting
                .replace("{elearning_min}", &ELEARNING_MIN.to_string())
                .replace("{elearning_max}", &ELEARNING_MAX.to_string()),
            wie: stap.wie.clone(),
            advies,
        });
    }
    // The meeting itself sits before the steps after it.
    let na = steps.iter().position(|p| p.datum > d).unwrap_or(steps.len());
    steps.insert(
        na,
        PlanStap {
            id: "bijeenkomst".into(),
            datum: d,
            wat: "De bijeenkomst".into(),
            toelichting: s.bijeenkomst.titel.clone(),
            wie: String::new(),
            advies: false,
        },
    );
    steps.sort_by_key(|s| s.datum);
    steps
}

/// The groups of one work format of one programme item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Groepen {
    /// The number of groups (at least one); the group plan makes exactly this many.
    pub aantal: u32,
    /// The people the groups are made for: the counted list, else `verwacht_aantal`.
    pub deelnemers: u32,
}

/// Everything derived from a session for one run. Build it once with
/// [`Planning::new`] and pass it on.
pub struct Planning<'a> {
    pub sessie: &'a Sessie,
    pub tijden: Tijden,
    /// Positions of the counted participants (see [`getelde_indices`]).
    pub getelde: Vec<usize>,
    /// The count for the 12–20 rule and the documents (see [`deelnemers_aantal`]).
    pub aantal: u32,
    /// Distinct professions among the counted participants.
    pub beroepsgroepen: Vec<String>,
    /// Per programme item, per chosen work format (same order): its groups.
    pub groepen: Vec<Vec<Groepen>>,
    pub terugplanning: Vec<PlanStap>,
    pub uiterste_uitnodiging: NaiveDate,
    /// The library's general materials for the day.
    algemene_benodigdheden: Vec<Benodigdheid>,
    zaad: u64,
    /// The group plans (a search), made the first time they are asked for.
    plannen: OnceLock<Vec<GroepsPlan>>,
}

impl<'a> Planning<'a> {
    pub fn new(sessie: &'a Sessie, lib: &Bibliotheek, zaad: u64) -> Self {
        let getelde = getelde_indices(sessie);
        let groepen = sessie
            .programma
            .iter()
            .map(|p| {
                p.werkvormen
                    .iter()
                    .map(|w| Groepen {
                        aantal: groups::aantal_groepen_voor(sessie, &getelde, w),
                        deelnemers: groups::deelnemers_voor_plan(sessie, &getelde),
                    })
                    .collect()
            })
            .collect();
        Planning {
            tijden: tijden(sessie),
            aantal: deelnemers_aantal(sessie, &getelde),
            beroepsgroepen: beroepsgroepen(sessie, &getelde),
            getelde,
            groepen,
            terugplanning: terugplanning(sessie, lib),
            uiterste_uitnodiging: uiterste_uitnodiging(sessie),
            algemene_benodigdheden: lib.benodigdheden.clone(),
            zaad,
            plannen: OnceLock::new(),
            sessie,
        }
    }

    /// The counted participants themselves.
    pub fn getelde_deelnemers(&self) -> impl Iterator<Item = &'a Deelnemer> + '_ {
        self.getelde.iter().map(|&i| &self.sessie.deelnemers[i])
    }

    /// The groups of work format `w` (by position) of programme item `index`.
    pub fn groepen_van(&self, index: usize, w: usize) -> Groepen {
        self.groepen[index][w]
    }

    /// The number of groups of the work format with this id in item `index`
    /// (1 when the item does not have it).
    pub fn aantal_groepen(&self, index: usize, werkvorm: &str) -> u32 {
        self.sessie.programma[index]
            .werkvormen
            .iter()
            .position(|w| w.id == werkvorm)
            .map_or(1, |w| self.groepen[index][w].aantal)
    }

    /// The number of groups a work format would make in this session, also
    /// one not (yet) in the programme (for `voeg-toe`).
    pub fn groepen_voor_werkvorm(&self, w: &Werkvorm) -> u32 {
        groups::aantal_groepen_voor(self.sessie, &self.getelde, w)
    }

    /// Every group plan, in programme order.
    pub fn plannen(&self) -> &[GroepsPlan] {
        self.plannen.get_or_init(|| groups::plannen(self.sessie, self.zaad))
    }

    /// The case card of each group of work format `werkvorm` (by position) in
    /// programme item `index`: group `i` gets the `i`-th of the item's
    /// `casussen` when the format gives each group its own case, every group
    /// the item's `casus` when it plays one case; `None` where there is none
    /// (the `casussen-tekort` rule warns).
    pub fn casus_per_groep(&self, index: usize, w: usize) -> Vec<Option<&'a Casus>> {
        let item = &self.sessie.programma[index];
        let n = self.groepen[index][w].aantal as usize;
        match item.werkvormen[w].casussen {
            CasusBehoefte::PerGroep => (0..n).map(|i| item.casussen.get(i)).collect(),
            CasusBehoefte::Een => vec![item.casus.as_ref(); n],
            CasusBehoefte::Geen => vec![None; n],
        }
    }

    /// The plan of work format `werkvorm` in programme item `index`, joined by position.
    pub fn plan_voor(&self, index: usize, werkvorm: &str) -> Option<&GroepsPlan> {
        self.plannen()
            .iter()
            .find(|p| p.index == index && p.werkvorm == werkvorm)
    }

    /// Every material of the chosen blocks and work formats, merged by name
    /// (case-insensitive), with counts from participants and groups.
    pub fn materialen(&self) -> Vec<Materiaal> {
        let (plan, s) = (self, self.sessie);
        struct Acc {
            wat: String,
            aantal: Option<u32>,
            delen: Vec<String>,
            voor: Vec<String>,
        }
        let n = plan.aantal;
        let mut acc: Vec<Acc> = Vec::new();
        for (index, item) in s.programma.iter().enumerate() {
            let b = &item.bouwsteen;
            let groepen = |wi: usize| plan.groepen_van(index, wi).aantal;
            // Block-level material counted per group uses the block's largest split.
            let blok_groepen = (0..item.werkvormen.len()).map(groepen).max().unwrap_or(1);
            let uses = b
                .benodigdheden
                .iter()
                .map(|m| (m, blok_groepen, b.titel.clone()))
                .chain(item.werkvormen.iter().enumerate().flat_map(|(wi, w)| {
                    let g = groepen(wi);
                    w.benodigdheden.iter().map(move |m| (m, g, w.titel.clone()))
                }));
            // Within one block the block's and its work format's mention of the
            // same thing are the same items on the table: take the larger count.
            // Across blocks counts add up (sheets and cards get used up).
            let mut lokaal: Vec<Acc> = Vec::new();
            for (m, g, bron) in uses {
                let (aantal, deel) = match m.per {
                    None if m.aantal <= 1 => (None, String::new()),
                    None | Some(Per::Bijeenkomst) => (Some(m.aantal), format!("{}", m.aantal)),
                    Some(Per::Deelnemer) => (
                        Some(m.aantal * n),
                        format!("{} per deelnemer × {n} deelnemers", m.aantal),
                    ),
                    Some(Per::Groep) => (
                        Some(m.aantal * g),
                        format!(
                            "{} per groepje × {g} {}",
                            m.aantal,
                            if g == 1 { "groep" } else { "groepjes" }
                        ),
                    ),
                };
                let bron = bron.split_whitespace().collect::<Vec<_>>().join(" ");
                let key = m.wat.trim().to_lowercase();
                match lokaal.iter_mut().find(|a| a.wat.trim().to_lowercase() == key) {
                    Some(e) => {
                        if aantal > e.aantal {
                            e.aantal = aantal;
                            e.delen = vec![deel];
                        }
                        if !e.voor.contains(&bron) {
                            e.voor.push(bron);
                        }
                    }
                    None => lokaal.push(Acc {
                        wat: m.wat.trim().to_string(),
                        aantal,
                        delen: if aantal.is_some() { vec![deel] } else { vec![] },
                        voor: vec![bron],
                    }),
                }
            }
            for l in lokaal {
                let key = l.wat.to_lowercase();
                let e = match acc.iter_mut().find(|a| a.wat.trim().to_lowercase() == key) {
                    Some(e) => e,
                    None => {
                        acc.push(Acc {
                            wat: l.wat.clone(),
                            aantal: None,
                            delen: Vec::new(),
                            voor: Vec::new(),
                        });
                        acc.last_mut().expect("just pushed")
                    }
                };
                if let Some(a) = l.aantal {
                    e.aantal = Some(e.aantal.unwrap_or(0) + a);
                    e.delen.extend(l.delen);
                }
                for bron in l.voor {
                    if !e.voor.contains(&bron) {
                        e.voor.push(bron);
                    }
                }
            }
        }
        // The general materials for the day: one more mention of what a block
        // already asks for (take the larger count), a row of their own otherwise.
        for m in &plan.algemene_benodigdheden {
            let aantal = match m.per {
                None if m.aantal <= 1 => None,
                None | Some(Per::Bijeenkomst) | Some(Per::Groep) => Some(m.aantal),
                Some(Per::Deelnemer) => Some(m.aantal * n),
            };
            let deel = match m.per {
                Some(Per::Deelnemer) => format!("{} per deelnemer × {n} deelnemers", m.aantal),
                _ => format!("{}", m.aantal),
            };
            let key = m.wat.trim().to_lowercase();
            match acc.iter_mut().find(|a| a.wat.trim().to_lowercase() == key) {
                Some(e) => {
                    if aantal > e.aantal {
                        e.aantal = aantal;
                        e.delen = vec![deel];
                    }
                }
                None => acc.push(Acc {
                    wat: m.wat.trim().to_string(),
                    aantal,
                    delen: if aantal.is_some() { vec![deel] } else { vec![] },
                    voor: vec!["Hele bijeenkomst".to_string()],
                }),
            }
        }
        acc.into_iter()
            .map(|a| Materiaal {
                berekening: if a.delen.len() > 1 || a.delen.first().is_some_and(|d| d.contains('×')) {
                    a.delen.join(" + ")
                } else {
                    String::new()
                },
                wat: a.wat,
                aantal: a.aantal,
                voor: nl::opsomming(&a.voor),
            })
            .collect()
    }
}

#[derive(Debug, Clone, Serialize)]
/// A material with its quantity, for the list of materials.
pub struct Materiaal {
    pub wat: String,
    /// `None`: no count needed (e.g. markers).
    pub aantal: Option<u32>,
    /// How the count came about, e.g. "1 per groepje × 4 groepjes".
    pub berekening: String,
    /// The blocks that need it.
    pub voor: String,
}
