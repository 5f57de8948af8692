//! The documents around the day itself: the attendance list, the evaluation
//! form, the overview of every file (`index.html`) and, after the meeting,
//! the report and the contact list. Each gets a small context of its own,
//! placed next to the shared [`super::context::Context`].

use serde::Serialize;

use crate::model::*;
use crate::nl;
use crate::plan::Planning;

/// One person on the attendance list or the contact list. Never an e-mail
/// address unless the person agreed (`delen = true`).
#[derive(Debug, Clone, Serialize)]
pub struct Persoon {
    pub naam: String,
    pub organisatie: String,
    pub functie: String,
    /// Only with `delen = true`.
    pub email: Option<String>,
    /// Only on the attendance list, and only with `accreditatie = true`.
    pub registratienummer: Option<String>,
}

fn persoon(d: &Deelnemer) -> Persoon {
    Persoon {
        naam: d.naam.trim().to_string(),
        organisatie: d.organisatie.clone().unwrap_or_default(),
        functie: d.functie.clone().unwrap_or_default(),
        email: d.email.clone().filter(|_| d.delen == Some(true)),
        registratienummer: None,
    }
}

/// Sorted by name, case-insensitive, so a name is quick to find on paper.
fn op_naam(mut v: Vec<Persoon>) -> Vec<Persoon> {
    v.sort_by_key(|p| p.naam.to_lowercase());
    v
}

/// The attendance list: one row per counted participant, then empty rows.
#[derive(Debug, Clone, Serialize)]
pub struct Presentielijst {
    pub rijen: Vec<Persoon>,
    pub lege_rijen: usize,
    /// `accreditatie = true`: a column for the registration number.
    pub accreditatie: bool,
}

/// Empty rows for people who come unannounced.
pub const LEGE_RIJEN: usize = 5;

pub fn presentielijst(plan: &Planning) -> Presentielijst {
    let accreditatie = plan.sessie.bijeenkomst.accreditatie;
    let rij = |d: &Deelnemer| Persoon {
        registratienummer: d.prive.registratienummer.clone().filter(|_| accreditatie),
        ..persoon(d)
    };
    Presentielijst {
        rijen: op_naam(plan.getelde_deelnemers().map(rij).collect()),
        lege_rijen: LEGE_RIJEN,
        accreditatie,
    }
}

/// The evaluation form: the closing questions of the programme's blocks, the
/// coalition's own question, and how many forms (one per participant).
#[derive(Debug, Clone, Serialize)]
pub struct Evaluatie {
    pub vragen: Vec<String>,
    pub eigen_vraag: Option<String>,
    pub formulieren: u32,
}

pub fn evaluatie(plan: &Planning) -> Evaluatie {
    let s = plan.sessie;
    Evaluatie {
        vragen: s
            .programma
            .iter()
            .flat_map(|p| p.bouwsteen.evaluatievragen.iter().cloned())
            .collect(),
        eigen_vraag: s.bijeenkomst.evaluatievraag.clone(),
        formulieren: plan.aantal.max(1),
    }
}

/// One entry of `index.html`: a file (or a folder of personal files).
#[derive(Debug, Clone, Serialize)]
pub struct IndexRegel {
    pub titel: String,
    /// The files it links to, relative to the output folder: a list of
    /// strings the template reads one by one (thousands of invitations are
    /// not copied into template values all at once).
    pub bestanden: minijinja::Value,
    pub waarvoor: String,
    pub wanneer: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexFase {
    pub titel: String,
    pub regels: Vec<IndexRegel>,
}

/// The date of a retro-planning step, in words, if the planning has it.
fn stap_datum(plan: &Planning, id: &str) -> Option<String> {
    plan.terugplanning
        .iter()
        .find(|p| p.id == id)
        .map(|p| nl::datum_lang(p.datum))
}

fn op(datum: Option<String>, anders: &str) -> String {
    datum.map_or_else(|| anders.to_string(), |d| format!("op {d}"))
}

/// Every file `maak` writes, in the order of the trekker's timeline, from
/// the paths actually written (so the overview never names a missing file).
pub fn index(plan: &Planning, paden: &[&str]) -> Vec<IndexFase> {
    let s = plan.sessie;
    let geannuleerd = s.bijeenkomst.status == crate::model::SessieStatus::Geannuleerd;
    let dag = nl::datum_lang(s.bijeenkomst.datum);
    let printdag = "een paar dagen vooraf, bij het printen".to_string();
    // (phase, title, file names or a folder prefix with a suffix, what for, when)
    let regels: Vec<(usize, &str, Vec<String>, String, String)> = vec![
        (
            0,
            "Draaiboek",
            vec!["draaiboek.html".into(), "draaiboek.md".into()],
            "Alles voor jou en de gespreksleider: de voorbereiding met de terugplanning, het programma per bouwsteen en wat er na afloop moet gebeuren.".into(),
            "Meteen: lees het door en deel het met de gespreksleider.".into(),
        ),
        (
            0,
            "Terugplanning in je agenda",
            vec!["planning.ics".into()],
            "Elke stap van de voorbereiding als afspraak in je eigen agenda.".into(),
            "Meteen: open het bestand in je agenda.".into(),
        ),
        (
            0,
            "Agenda-uitnodiging voor jezelf",
            vec!["bijeenkomst.ics".into()],
            "De bijeenkomst zelf, voor je eigen agenda of die van de gespreksleider.".into(),
            "Meteen.".into(),
        ),
        (
            0,
            "Algemene uitnodiging",
            vec!["uitnodiging-algemeen.md".into()],
            "Een uitnodiging zonder naam, voor een nieuwsbrief of een mail aan een team.".into(),
            op(stap_datum(plan, "uitnodigen"), "Als je de uitnodigingen verstuurt."),
        ),
        if geannuleerd {
            (
                0,
                "Afzeggingen",
                vec!["uitnodigingen/".into()],
                "Per genodigde die van de bijeenkomst hoorde een concept-mail dat ze niet doorgaat (.eml, die de afspraak uit de agenda haalt) en dezelfde tekst om te plakken (.txt, .md).".into(),
                "Nu.".into(),
            )
        } else {
            (
                0,
                "Persoonlijke uitnodigingen",
                vec!["uitnodigingen/".into()],
                "Per deelnemer een concept-mail (.eml, met agenda-uitnodiging) en dezelfde tekst om te plakken (.txt, .md).".into(),
                op(stap_datum(plan, "uitnodigen"), "Zes weken vooraf."),
            )
        },
        (
            0,
            "Adressen voor het BCC-veld",
            vec!["adressen.txt".into()],
            "De e-mailadressen van iedereen die nog komt, en per groep, om in één keer te plakken.".into(),
            "Voor een mail aan de hele groep.".into(),
        ),
        (
            0,
            "Herinnering over de e-learning",
            vec!["herinneringen/-elearning.eml".into()],
            "Een concept-mail voor wie de e-learning nog niet heeft gedaan, met de link.".into(),
            op(stap_datum(plan, "herinnering-elearning"), "Twee weken vooraf."),
        ),
        (
            0,
            "Herinnering een week vooraf",
            vec!["herinneringen/-week.eml".into()],
            "Een concept-mail voor wie zich heeft aangemeld: wanneer, waar, het programma en wat je meeneemt.".into(),
            op(stap_datum(plan, "herinnering-week"), "Een week vooraf."),
        ),
        (
            0,
            "Benodigdheden",
            vec!["benodigdheden.html".into(), "benodigdheden.md".into()],
            "Wat je moet regelen en meenemen, met aantallen.".into(),
            "Bij het regelen van de zaal en bij het inpakken.".into(),
        ),
        (
            1,
            "Agenda",
            vec!["agenda.html".into(), "agenda.md".into()],
            "Het programma met kloktijden, om op te hangen of uit te delen.".into(),
            format!("Print hem voor {dag}."),
        ),
        (
            1,
            "Presentielijst",
            vec!["presentielijst.html".into()],
            "Wie er is, met een handtekening, en wie het e-mailadres met de groep wil delen.".into(),
            format!("Print hem; leg hem op {dag} bij de ingang."),
        ),
        (
            1,
            "Casuskaarten",
            vec!["casuskaarten.html".into(), "casuskaarten.md".into()],
            "De casussen van het programma, vier kaarten per A4.".into(),
            printdag.clone(),
        ),
        (
            1,
            "Drukwerk",
            vec!["materiaal.html".into()],
            "Naambordjes en ander materiaal voor de werkvormen.".into(),
            printdag.clone(),
        ),
        (
            1,
            "Tafelkaarten",
            vec!["groepen.html".into()],
            "De groepsindeling per werkvorm, één kaart per tafel.".into(),
            "Print ze als de deelnemerslijst vaststaat.".into(),
        ),
        (
            1,
            "Evaluatieformulier",
            vec!["evaluatie.html".into()],
            "Een kort formulier per deelnemer om de bijeenkomst te beoordelen.".into(),
            format!("Print het; deel het uit aan het eind van {dag}."),
        ),
    ];
    let titels = ["Weken vooraf", "Op de dag", "Na afloop"];
    let mut fasen: Vec<IndexFase> = titels
        .iter()
        .map(|t| IndexFase {
            titel: (*t).to_string(),
            regels: Vec::new(),
        })
        .collect();
    for (fase, titel, patronen, waarvoor, wanneer) in regels {
        let bestanden: Vec<String> = patronen
            .iter()
            .flat_map(|p| match p.split_once('/') {
                // "folder/suffix": every file in that folder ending in suffix.
                Some((map, eind)) => paden
                    .iter()
                    .filter(|x| {
                        x.strip_prefix(map)
                            .and_then(|r| r.strip_prefix('/'))
                            .is_some_and(|r| r.ends_with(eind) && !r.contains('/'))
                    })
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>(),
                None => paden.iter().filter(|x| **x == p).map(|x| x.to_string()).collect(),
            })
            .collect();
        if !bestanden.is_empty() {
            fasen[fase].regels.push(IndexRegel {
                titel: titel.to_string(),
                bestanden: minijinja::Value::from(bestanden),
                waarvoor,
                wanneer,
            });
        }
    }
    fasen[2].regels.push(IndexRegel {
        titel: "Verslag, bedankje en contactlijst".into(),
        bestanden: minijinja::Value::from(Vec::<String>::new()),
        waarvoor: "Na de bijeenkomst: zet bij elke deelnemer aanwezig = true of false en delen = true of false, vul [[afspraken]] en [verslag] in, en maak dan met `draaiboek verslag` het verslag, een bedankmail per aanwezige en de contactlijst.".into(),
        wanneer: op(stap_datum(plan, "verslag"), "in de week na de bijeenkomst (ons advies)."),
    });
    fasen
}

/// A count with its label, for the report's attendance tables.
#[derive(Debug, Clone, Serialize)]
pub struct Telling {
    pub naam: String,
    pub aantal: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct BlokVerslag {
    pub begin: String,
    pub eind: String,
    pub titel: String,
    pub werkvormen: Vec<String>,
    pub casussen: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AfspraakRegel {
    pub wie: String,
    pub wat: String,
    pub wanneer: String,
}

/// The report of the meeting as held.
#[derive(Debug, Clone, Serialize)]
pub struct Verslag {
    /// Before the meeting date: a draft.
    pub concept: bool,
    /// Someone's attendance (`aanwezig`) is recorded.
    pub aanwezigheid_bekend: bool,
    pub aanwezig: usize,
    /// Signed up (not `afgemeld`) but `aanwezig = false`.
    pub niet_gekomen: usize,
    pub afgemeld: usize,
    pub per_domein: Vec<Telling>,
    pub per_organisatie: Vec<Telling>,
    pub programma: Vec<BlokVerslag>,
    pub inzichten: Vec<String>,
    pub afspraken: Vec<AfspraakRegel>,
    pub vervolg: Option<String>,
    /// Those who agreed to share their e-mail address.
    pub contacten: Vec<Persoon>,
}

fn tel(items: impl Iterator<Item = String>) -> Vec<Telling> {
    let mut out: Vec<Telling> = Vec::new();
    for naam in items {
        match out.iter_mut().find(|t| t.naam == naam) {
            Some(t) => t.aantal += 1,
            None => out.push(Telling { naam, aantal: 1 }),
        }
    }
    out.sort_by(|a, b| b.aantal.cmp(&a.aantal).then_with(|| a.naam.cmp(&b.naam)));
    out
}

/// The people who came (`aanwezig = true`).
pub fn aanwezigen(s: &Sessie) -> impl Iterator<Item = &Deelnemer> {
    s.deelnemers.iter().filter(|d| d.aanwezig == Some(true))
}

/// Those who agreed to share their address with the group, not `afgemeld`.
pub fn contacten(s: &Sessie) -> Vec<Persoon> {
    op_naam(
        s.actieve_deelnemers()
            .filter(|d| d.delen == Some(true))
            .map(persoon)
            .collect(),
    )
}

pub fn verslag(plan: &Planning, concept: bool) -> Verslag {
    let s = plan.sessie;
    let er: Vec<&Deelnemer> = aanwezigen(s).collect();
    let onbekend = "onbekend".to_string();
    let programma = s
        .programma
        .iter()
        .zip(&plan.tijden.slots)
        .map(|(item, slot)| BlokVerslag {
            begin: nl::tijd(slot.begin),
            eind: nl::tijd(slot.eind),
            titel: regel(&item.bouwsteen.titel),
            werkvormen: item.werkvormen.iter().map(|w| regel(&w.titel)).collect(),
            casussen: item.alle_casussen().iter().map(|c| regel(&c.titel)).collect(),
        })
        .collect();
    Verslag {
        concept,
        aanwezigheid_bekend: s.deelnemers.iter().any(|d| d.aanwezig.is_some()),
        aanwezig: er.len(),
        niet_gekomen: s.actieve_deelnemers().filter(|d| d.aanwezig == Some(false)).count(),
        afgemeld: s.deelnemers.len() - s.actieve_deelnemers().count(),
        per_domein: tel(er
            .iter()
            .map(|d| d.domein.map_or_else(|| onbekend.clone(), |x| x.as_str().to_string()))),
        per_organisatie: tel(er
            .iter()
            .map(|d| d.organisatie.clone().unwrap_or_else(|| onbekend.clone()))),
        programma,
        inzichten: s.verslag.inzichten.clone(),
        afspraken: s
            .afspraken
            .iter()
            .map(|a| AfspraakRegel {
                wie: a.wie.clone().unwrap_or_default(),
                wat: a.wat.clone(),
                wanneer: a.wanneer.clone().unwrap_or_default(),
            })
            .collect(),
        vervolg: s.verslag.vervolg.clone(),
        contacten: contacten(s),
    }
}

/// A title on one line.
fn regel(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
