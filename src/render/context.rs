//! The one context every document template sees, built from the session,
//! the plan and the check results. Texts are formatted here (Dutch dates,
//! times, amounts) so that templates only place them; input text is kept raw
//! and escaped by the template (`| md` in Markdown, autoescape in HTML).
//!
//! Field names are the template API: `draaiboek sjablonen --exporteer` users
//! rely on them, so rename with care.

use serde::Serialize;

use crate::check::{Ernst, Rapport};
use crate::model::*;
use crate::nl;
use crate::plan::{self, Materiaal, Planning};
use crate::render::kaarten::{self, Kaart, Vel};

#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// The session has `fout` findings: documents are drafts.
    pub concept: bool,
    /// The `fout` messages that make it a draft.
    pub fouten: Vec<String>,
    /// `status = "geannuleerd"`: every document says so at the top.
    pub geannuleerd: bool,
    /// The session file as the user typed it, ready for a command line
    /// (`draaiboek controleer {{ sessiebestand }}`).
    pub sessiebestand: String,
    pub titel: String,
    pub coalitie: String,
    /// ISO date (for the `datum_lang`/`datum_kort` filters).
    pub datum: String,
    /// "donderdag 11 maart 2027"
    pub datum_lang: String,
    pub locatie: String,
    pub begintijd: String,
    pub eindtijd: String,
    /// From the start of lunch to the end of the borrel.
    pub dag_begin: String,
    pub dag_eind: String,
    pub totaal_minuten: u32,
    pub max_minuten: u32,
    pub deelnemers_aantal: u32,
    pub aanleiding: Option<String>,
    pub leerdoelen: Vec<String>,
    pub elearning_url: String,
    pub organisator: Organisator,
    /// The inloop before the start (the lunch, when there is one).
    pub inloop: Option<InformeelCtx>,
    pub lunch: Option<InformeelCtx>,
    pub borrel: Option<InformeelCtx>,
    /// The agenda table: lunch, the blocks, borrel.
    pub agenda: Vec<AgendaRegel>,
    /// The blocks in programme order, in full for the draaiboek.
    pub blokken: Vec<Blok>,
    pub planning: Vec<PlanRegel>,
    /// Some dates of the retro-planning follow the program's advice (not the draaiboek).
    pub planning_advies: bool,
    pub zaal: Vec<String>,
    pub techniek: Vec<String>,
    pub meegeven: Vec<String>,
    pub benodigdheden: Vec<Materiaal>,
    /// Food and drink, counted from the people who come.
    pub catering: crate::render::catering::Catering,
    pub kosten: Vec<KostenRegel>,
    pub kosten_totaal: String,
    pub taken_voor: Vec<TaakRegel>,
    pub taken_tijdens: Vec<TaakRegel>,
    pub taken_na: Vec<TaakRegel>,
    pub quiz: Vec<QuizVraag>,
    /// Every case card, in order of use.
    pub kaarten: Vec<Kaart>,
    /// The case cards laid out on A4 sheets of four A6 slots.
    pub kaartvellen: Vec<Vel>,
    pub drukwerk: Drukwerk,
    /// Group plans with names, for groepen.html: each an [`IndelingCtx`]
    /// made into a template value once, shared with the block it belongs to
    /// (`blokken[].werkvormen[].indeling`): with thousands of participants
    /// one copy of every group list, not two or three.
    pub indelingen: Vec<minijinja::Value>,
    /// Some group plan has groups with names in them.
    #[serde(skip)]
    pub met_groepen: bool,
    /// Active participants, for pre-filled name signs.
    pub deelnemers: Vec<Deelnemer>,
    /// Background text for the printed definition (block `kwetsbaarheid`).
    pub definitie: Option<String>,
    /// Where the Erasmus MC / Rotterdam document is (`definitie_document`).
    pub definitie_document: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InformeelCtx {
    pub begin: String,
    pub eind: String,
    pub minuten: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgendaRegel {
    pub begin: String,
    pub eind: String,
    pub titel: String,
    /// Chosen work format(s), "" when the block has none.
    pub werkvorm: String,
    pub minuten: u32,
    /// Lunch or borrel: outside the two hours.
    pub informeel: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Blok {
    pub id: String,
    pub nummer: u32,
    pub titel: String,
    pub begin: String,
    pub eind: String,
    pub minuten: u32,
    pub samenvatting: String,
    pub doelen: Vec<String>,
    pub benodigdheden: Vec<String>,
    pub introductie: Option<String>,
    pub achtergrond: Option<String>,
    pub tips: Vec<String>,
    pub onderdelen: Vec<Onderdeel>,
    pub werkvormen: Vec<WerkvormCtx>,
    /// The quiz belongs to the welcome block.
    pub quiz: bool,
    pub casussen: Vec<CasusRef>,
    pub notitie: Option<String>,
    pub taken: Vec<TaakRegel>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WerkvormCtx {
    pub id: String,
    pub titel: String,
    pub samenvatting: String,
    pub groepsvorm: String,
    pub groepen: u32,
    /// Who sits with whom, from the group plan (an [`IndelingCtx`], shared
    /// with [`Context::indelingen`]).
    pub indeling: Option<minijinja::Value>,
    pub voorbereiding: Vec<String>,
    pub stappen: Vec<String>,
    /// The session's own questions where given, else the work format's.
    pub vragen: Vec<String>,
    pub eigen_vragen: bool,
    pub vragenblokken: Vec<Vragenblok>,
    pub timing: String,
    pub tips: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CasusRef {
    pub nummer: u32,
    pub titel: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanRegel {
    pub datum: String,
    pub datum_lang: String,
    pub wat: String,
    pub toelichting: String,
    pub wie: String,
    /// The date is the program's advice, not the session's own.
    pub advies: bool,
    /// The day is past (before `--vandaag`, the day of the run).
    pub voorbij: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct KostenRegel {
    pub post: String,
    pub bedrag: String,
    pub betaald_uit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaakRegel {
    pub wie: String,
    pub wat: String,
    pub bouwsteen: Option<String>,
}

/// Which print material the programme uses.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Drukwerk {
    pub naambordje: bool,
    pub flipover_kolommen: bool,
    pub kaartenspel: bool,
    pub tijdlijn: bool,
    pub definitie: bool,
    /// Any of the above: `materiaal.html` is written.
    pub iets: bool,
}

/// One group of a plan, for the draaiboek and the table cards.
#[derive(Debug, Clone, Serialize)]
pub struct GroepCtx {
    pub nummer: usize,
    /// The profession or organisation the group is formed around.
    pub naam: Option<String>,
    /// The case card this group works on, if the work format gives one.
    pub casus: Option<CasusRef>,
    pub leden: Vec<LidCtx>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LidCtx {
    pub naam: String,
    /// "functie, organisatie", or whichever of the two is known.
    pub wie: String,
}

/// A group plan of one work format in the programme.
#[derive(Debug, Clone, Serialize)]
pub struct IndelingCtx {
    pub bouwsteen: String,
    pub werkvorm: String,
    pub bouwsteen_titel: String,
    pub werkvorm_titel: String,
    pub begin: String,
    /// "16 deelnemers: 4 groepjes van 4".
    pub omschrijving: String,
    /// Empty without a participant list.
    pub groepen: Vec<GroepCtx>,
}

/// One entry per group plan, in the order of [`Planning::plannen`].
fn indelingen(plan: &Planning) -> Vec<IndelingCtx> {
    plan.plannen()
        .iter()
        .map(|p| {
            let wi = plan.sessie.programma[p.index]
                .werkvormen
                .iter()
                .position(|w| w.id == p.werkvorm)
                .unwrap_or(0);
            (p, plan.casus_per_groep(p.index, wi))
        })
        .map(|(p, casussen)| IndelingCtx {
            begin: plan
                .tijden
                .slots
                .get(p.index)
                .map(|t| nl::tijd(t.begin))
                .unwrap_or_default(),
            omschrijving: crate::groups::omschrijving(p.deelnemers, &p.groottes),
            groepen: p
                .groepen
                .iter()
                .enumerate()
                .map(|(i, g)| GroepCtx {
                    nummer: i + 1,
                    naam: g.naam.clone(),
                    casus: casussen.get(i).copied().flatten().map(|c| CasusRef {
                        nummer: c.nummer,
                        titel: one_line(&c.titel),
                    }),
                    leden: g
                        .leden
                        .iter()
                        .map(|l| LidCtx {
                            naam: l.naam.clone(),
                            wie: [l.functie.clone(), l.organisatie.clone()]
                                .into_iter()
                                .flatten()
                                .collect::<Vec<_>>()
                                .join(", "),
                        })
                        .collect(),
                })
                .collect(),
            bouwsteen: p.bouwsteen.clone(),
            werkvorm: p.werkvorm.clone(),
            bouwsteen_titel: one_line(&p.bouwsteen_titel),
            werkvorm_titel: one_line(&p.werkvorm_titel),
        })
        .collect()
}

/// The errors of the check report, each as one line: a CONCEPT run lists them.
pub fn fouten(rapport: &Rapport) -> Vec<String> {
    rapport
        .bevindingen
        .iter()
        .filter(|b| b.ernst == Ernst::Fout)
        .map(|b| b.op_papier.clone().unwrap_or_else(|| b.melding.clone()))
        .collect()
}

/// The context of every document, from the planning and the check report.
pub fn build(plan: &Planning, rapport: &Rapport) -> Context {
    let s = plan.sessie;
    let tijden = &plan.tijden;
    let t = nl::tijd;
    let fouten = fouten(rapport);
    let informeel = |i: &plan::Informeel| InformeelCtx {
        begin: t(i.begin),
        eind: t(i.eind),
        minuten: i.minuten,
    };
    let taken = |w: Wanneer| {
        s.taken
            .iter()
            .filter(|x| x.wanneer == w)
            .map(|x| taak(s, x))
            .collect::<Vec<_>>()
    };
    let indelingen = indelingen(plan);
    let met_groepen = indelingen.iter().any(|i| !i.groepen.is_empty());
    let indelingen: Vec<minijinja::Value> = indelingen
        .iter()
        .map(|i| minijinja::Value::from(minijinja::value::Serde(i)))
        .collect();
    let (ip, slots) = (&indelingen, &tijden.slots);
    let blokken = s
        .programma
        .iter()
        .zip(slots)
        .map(|(item, slot)| blok(plan, item, slot, ip))
        .collect();
    let (drukwerk, definitie) = drukwerk(s);
    let kaarten = kaarten::kaarten(s);
    let kaartvellen = kaarten::vellen(&kaarten);
    let totaal: f64 = s.kosten.iter().map(|k| k.bedrag).sum();
    let planning = planning(plan, rapport.vandaag);

    Context {
        indelingen,
        met_groepen,
        concept: !fouten.is_empty(),
        fouten,
        geannuleerd: s.bijeenkomst.status == SessieStatus::Geannuleerd,
        sessiebestand: crate::diag::shell_word(&s.pad),
        titel: s.bijeenkomst.titel.clone(),
        coalitie: s.bijeenkomst.coalitie.clone(),
        datum: s.bijeenkomst.datum.to_string(),
        datum_lang: nl::datum_lang(s.bijeenkomst.datum),
        locatie: s.bijeenkomst.locatie.clone(),
        begintijd: t(tijden.begin),
        eindtijd: t(tijden.eind),
        dag_begin: t(tijden.dag_begin()),
        dag_eind: t(tijden.dag_eind()),
        totaal_minuten: tijden.totaal,
        max_minuten: crate::limits::MAX_MINUTEN,
        deelnemers_aantal: plan.aantal,
        aanleiding: s.bijeenkomst.aanleiding.clone(),
        leerdoelen: s.bijeenkomst.leerdoelen.clone(),
        elearning_url: s.bijeenkomst.elearning_url.clone(),
        organisator: s.organisator.clone(),
        inloop: tijden.inloop.as_ref().map(informeel),
        lunch: tijden.lunch.as_ref().map(informeel),
        borrel: tijden.borrel.as_ref().map(informeel),
        agenda: agenda(s, tijden),
        blokken,
        planning_advies: planning.iter().any(|p| p.advies),
        planning,
        zaal: zaal(plan),
        techniek: techniek(s),
        meegeven: meegeven(&drukwerk),
        benodigdheden: plan.materialen(),
        catering: crate::render::catering::catering(plan),
        kosten: s
            .kosten
            .iter()
            .map(|k| KostenRegel {
                post: k.post.clone(),
                bedrag: nl::bedrag(k.bedrag),
                betaald_uit: k.betaald_uit.clone(),
            })
            .collect(),
        kosten_totaal: nl::bedrag(totaal),
        taken_voor: taken(Wanneer::Voor),
        taken_tijdens: taken(Wanneer::Tijdens),
        taken_na: taken(Wanneer::Na),
        quiz: s.quiz.clone(),
        kaarten,
        kaartvellen,
        drukwerk,
        deelnemers: s.actieve_deelnemers().cloned().collect(),
        definitie,
        definitie_document: s.bijeenkomst.definitie_document.clone(),
    }
}

/// The agenda table: the inloop (or inloop with lunch) before the start,
/// the blocks, the borrel.
/// The agenda rows: the inloop (or lunch), the blocks, the borrel, with clock times.
pub fn agenda(s: &Sessie, tijden: &plan::Tijden) -> Vec<AgendaRegel> {
    let t = nl::tijd;
    let informeel = |i: &plan::Informeel, titel: &str| AgendaRegel {
        begin: t(i.begin),
        eind: t(i.eind),
        titel: titel.into(),
        werkvorm: "informeel".into(),
        minuten: i.minuten,
        informeel: true,
    };
    let mut agenda = Vec::new();
    if let Some(l) = &tijden.lunch {
        agenda.push(informeel(l, "Inloop met lunch"));
    }
    for (item, slot) in s.programma.iter().zip(&tijden.slots) {
        if slot.voor_begin {
            // With a lunch, the lunch row above is the inloop.
            if tijden.lunch.is_none() {
                agenda.push(AgendaRegel {
                    werkvorm: String::new(),
                    ..informeel(
                        &plan::Informeel {
                            begin: slot.begin,
                            eind: slot.eind,
                            minuten: slot.minuten,
                        },
                        &one_line(&item.bouwsteen.titel),
                    )
                });
            }
            continue;
        }
        agenda.push(AgendaRegel {
            begin: t(slot.begin),
            eind: t(slot.eind),
            titel: one_line(&item.bouwsteen.titel),
            werkvorm: item
                .werkvormen
                .iter()
                .map(|w| one_line(&w.titel))
                .collect::<Vec<_>>()
                .join(" + "),
            minuten: slot.minuten,
            informeel: false,
        });
    }
    if let Some(b) = &tijden.borrel {
        agenda.push(informeel(b, "Borrel"));
    }
    agenda
}

fn taak(s: &Sessie, x: &Taak) -> TaakRegel {
    TaakRegel {
        wie: x.wie.clone(),
        wat: x.wat.clone(),
        bouwsteen: x.bouwsteen.as_ref().map(|id| {
            s.programma
                .iter()
                .find(|p| &p.bouwsteen.id == id)
                .map_or_else(|| id.clone(), |p| p.bouwsteen.titel.clone())
        }),
    }
}

/// Which print pieces the programme needs (the library's `drukwerk` of its
/// blocks and work formats), and the definition text to print.
fn drukwerk(s: &Sessie) -> (Drukwerk, Option<String>) {
    let mut drukwerk = Drukwerk::default();
    for item in &s.programma {
        let ids = item
            .bouwsteen
            .drukwerk
            .iter()
            .chain(item.werkvormen.iter().flat_map(|w| &w.drukwerk));
        for id in ids {
            match id.as_str() {
                "naambordje" => drukwerk.naambordje = true,
                "flipover-kolommen" => drukwerk.flipover_kolommen = true,
                "kaartenspel" => drukwerk.kaartenspel = true,
                "tijdlijn" => drukwerk.tijdlijn = true,
                "definitie" => drukwerk.definitie = true,
                _ => {}
            }
        }
    }
    let definitie = s
        .programma
        .iter()
        .find(|p| p.bouwsteen.drukwerk.iter().any(|d| d == "definitie"))
        .and_then(|p| p.bouwsteen.achtergrond.clone());
    drukwerk.definitie &= definitie.is_some();
    drukwerk.iets = drukwerk.naambordje
        || drukwerk.flipover_kolommen
        || drukwerk.kaartenspel
        || drukwerk.tijdlijn
        || drukwerk.definitie;
    (drukwerk, definitie)
}

fn planning(plan: &Planning, vandaag: chrono::NaiveDate) -> Vec<PlanRegel> {
    plan.terugplanning
        .iter()
        .map(|p| PlanRegel {
            voorbij: p.datum < vandaag && p.id != "bijeenkomst",
            datum: p.datum.to_string(),
            datum_lang: nl::datum_lang(p.datum),
            wat: p.wat.clone(),
            toelichting: p.toelichting.clone(),
            wie: p.wie.clone(),
            advies: p.advies,
        })
        .collect()
}

/// Table cells and headings cannot hold line breaks.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn blok(plan: &Planning, item: &ProgrammaItem, slot: &plan::Tijdslot, indelingen: &[minijinja::Value]) -> Blok {
    let s = plan.sessie;
    let b = &item.bouwsteen;
    let werkvormen = item
        .werkvormen
        .iter()
        .enumerate()
        .map(|(wi, w)| {
            let eigen = item.vragen.as_ref().filter(|v| !v.is_empty());
            WerkvormCtx {
                id: w.id.clone(),
                titel: one_line(&w.titel),
                samenvatting: w.samenvatting.clone(),
                groepsvorm: w.groepsvorm.omschrijving().to_string(),
                groepen: plan.groepen_van(slot.index, wi).aantal,
                // Joined by programme position, the same order as `Planning::plannen`.
                indeling: plan
                    .plannen()
                    .iter()
                    .position(|p| p.index == slot.index && p.werkvorm == w.id)
                    .and_then(|i| indelingen.get(i))
                    .cloned(),
                voorbereiding: w.voorbereiding.clone(),
                stappen: w.stappen.clone(),
                vragen: eigen.cloned().unwrap_or_else(|| w.vragen.clone()),
                eigen_vragen: eigen.is_some(),
                vragenblokken: w.vragenblokken.clone(),
                timing: super::timing_kort(w),
                tips: w.tips.clone(),
            }
        })
        .collect();
    let mut benodigdheden: Vec<String> = Vec::new();
    for m in b
        .benodigdheden
        .iter()
        .chain(item.werkvormen.iter().flat_map(|w| &w.benodigdheden))
    {
        if !benodigdheden.iter().any(|x| x.eq_ignore_ascii_case(&m.wat)) {
            benodigdheden.push(m.wat.clone());
        }
    }
    Blok {
        id: b.id.clone(),
        nummer: b.nummer,
        titel: one_line(&b.titel),
        begin: nl::tijd(slot.begin),
        eind: nl::tijd(slot.eind),
        minuten: slot.minuten,
        samenvatting: b.samenvatting.clone(),
        doelen: b.doelen.clone(),
        benodigdheden,
        introductie: b.introductie.clone(),
        achtergrond: b.achtergrond.clone(),
        tips: b.tips.clone(),
        onderdelen: b.onderdelen.clone(),
        werkvormen,
        quiz: b.quiz && !s.quiz.is_empty(),
        casussen: item
            .alle_casussen()
            .into_iter()
            .map(|c| CasusRef {
                nummer: c.nummer,
                titel: one_line(&c.titel),
            })
            .collect(),
        notitie: item.notitie.clone(),
        taken: s
            .taken
            .iter()
            .filter(|x| x.bouwsteen.as_deref() == Some(b.id.as_str()))
            .map(|x| taak(s, x))
            .collect(),
    }
}

fn gekozen_werkvormen(s: &Sessie) -> impl Iterator<Item = &Werkvorm> {
    s.programma.iter().flat_map(|p| p.werkvormen.iter())
}

/// The room: size and group tables from the planning, then the notes the
/// library gives for the chosen work formats (`zaal`).
fn zaal(plan: &Planning) -> Vec<String> {
    let s = plan.sessie;
    let n = plan.aantal;
    let mut out = vec![format!(
        "Een ruimte voor ongeveer {n} deelnemers met losse tafels, zodat groepjes apart kunnen zitten."
    )];
    let max_groepen = s
        .programma
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.werkvormen
                .iter()
                .enumerate()
                .filter(|(_, w)| w.groepsvorm.splits())
                .map(move |(wi, _)| plan.groepen_van(i, wi).aantal)
        })
        .max();
    if let Some(g) = max_groepen {
        out.push(format!("Plek voor {g} groepjes tegelijk, met wat afstand ertussen."));
    }
    let kring = "Ruimte om met de hele groep in een kring te staan of te zitten.".to_string();
    if gekozen_werkvormen(s).any(|w| w.groepsvorm == Groepsvorm::Plenair) {
        out.push(kring.clone());
    }
    for w in gekozen_werkvormen(s) {
        for z in &w.zaal {
            if !out.contains(z) {
                out.push(z.clone());
            }
        }
    }
    if gekozen_werkvormen(s).any(|w| w.drukwerk.iter().any(|d| d == "flipover-kolommen")) {
        out.push("Een vrije wand of flipoverstandaards om vellen op te hangen.".into());
    }
    if s.informeel.lunch > 0 || s.informeel.borrel > 0 {
        out.push("Een hoek of tafel voor de lunch en de borrel.".into());
    }
    out
}

/// The equipment every session needs, then what the library says the
/// chosen work formats need (`techniek`).
fn techniek(s: &Sessie) -> Vec<String> {
    let mut out = vec![
        "Beamer of groot scherm, met een aansluiting voor de laptop (HDMI of USB-C).".to_string(),
        "Laptop met de presentatie en de agenda.".to_string(),
    ];
    for w in gekozen_werkvormen(s) {
        for t in &w.techniek {
            if !out.contains(t) {
                out.push(t.clone());
            }
        }
    }
    out
}

fn meegeven(d: &Drukwerk) -> Vec<String> {
    let mut out = Vec::new();
    if d.definitie {
        out.push("De hand-out over kwetsbaarheid, om mee te nemen.".to_string());
    }
    out.push("Na afloop: het verslag met de afspraken, per e-mail.".to_string());
    out
}
