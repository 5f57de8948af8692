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
use crate::plan;
use crate::render::kaarten::{self, Kaart, Vel};

#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// The session has `fout` findings: documents are drafts.
    pub concept: bool,
    /// The `fout` messages that make it a draft.
    pub fouten: Vec<String>,
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
    pub lunch: Option<InformeelCtx>,
    pub borrel: Option<InformeelCtx>,
    /// The agenda table: lunch, the blocks, borrel.
    pub agenda: Vec<AgendaRegel>,
    /// The blocks in programme order, in full for the draaiboek.
    pub blokken: Vec<Blok>,
    pub planning: Vec<PlanRegel>,
    pub zaal: Vec<String>,
    pub techniek: Vec<String>,
    pub meegeven: Vec<String>,
    pub benodigdheden: Vec<Materiaal>,
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
    /// Group plans with names, for groepen.html.
    pub indelingen: Vec<IndelingCtx>,
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
    /// Who sits with whom, from the group plan.
    pub indeling: Option<IndelingCtx>,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct Materiaal {
    pub wat: String,
    /// `None`: no count needed (e.g. markers).
    pub aantal: Option<u32>,
    /// How the count came about, e.g. "1 per groepje × 4 groepjes".
    pub berekening: String,
    /// The blocks that need it.
    pub voor: String,
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

/// The group count for a work format: the same count the group plan makes
/// and `casussen-tekort` checks, so materials, cards and plan agree.
pub fn groepen(s: &Sessie, w: &Werkvorm) -> u32 {
    crate::groups::aantal_groepen(s, w)
}

/// One group of a plan, for the draaiboek and the table cards.
#[derive(Debug, Clone, Serialize)]
pub struct GroepCtx {
    pub nummer: usize,
    /// The profession or organisation the group is formed around.
    pub naam: Option<String>,
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

fn indelingen(s: &Sessie, tijden: &plan::Tijden, zaad: u64) -> Vec<IndelingCtx> {
    crate::groups::plannen(s, zaad)
        .into_iter()
        .map(|p| IndelingCtx {
            begin: tijden.slots.get(p.index).map(|t| nl::tijd(t.begin)).unwrap_or_default(),
            omschrijving: crate::groups::omschrijving(p.deelnemers, &p.groottes),
            groepen: p
                .groepen
                .iter()
                .enumerate()
                .map(|(i, g)| GroepCtx {
                    nummer: i + 1,
                    naam: g.naam.clone(),
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
            bouwsteen: p.bouwsteen,
            werkvorm: p.werkvorm,
            bouwsteen_titel: one_line(&p.bouwsteen_titel),
            werkvorm_titel: one_line(&p.werkvorm_titel),
        })
        .collect()
}

pub fn build(s: &Sessie, rapport: &Rapport, zaad: u64) -> Context {
    let tijden = plan::tijden(s);
    let t = nl::tijd;
    let fouten: Vec<String> = rapport
        .bevindingen
        .iter()
        .filter(|b| b.ernst == Ernst::Fout)
        .map(|b| b.melding.clone())
        .collect();
    let informeel = |i: &plan::Informeel| InformeelCtx {
        begin: t(i.begin),
        eind: t(i.eind),
        minuten: i.minuten,
    };

    let mut agenda = Vec::new();
    if let Some(l) = &tijden.lunch {
        agenda.push(AgendaRegel {
            begin: t(l.begin),
            eind: t(l.eind),
            titel: "Inloop met lunch".into(),
            werkvorm: "informeel".into(),
            minuten: l.minuten,
            informeel: true,
        });
    }
    for (item, slot) in s.programma.iter().zip(&tijden.slots) {
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
        agenda.push(AgendaRegel {
            begin: t(b.begin),
            eind: t(b.eind),
            titel: "Borrel".into(),
            werkvorm: "informeel".into(),
            minuten: b.minuten,
            informeel: true,
        });
    }

    let taak = |x: &Taak| TaakRegel {
        wie: x.wie.clone(),
        wat: x.wat.clone(),
        bouwsteen: x.bouwsteen.as_ref().map(|id| {
            s.programma
                .iter()
                .find(|p| &p.bouwsteen.id == id)
                .map_or_else(|| id.clone(), |p| p.bouwsteen.titel.clone())
        }),
    };
    let taken = |w: Wanneer| s.taken.iter().filter(|x| x.wanneer == w).map(taak).collect::<Vec<_>>();

    let indelingen = indelingen(s, &tijden, zaad);
    let blokken = s
        .programma
        .iter()
        .zip(&tijden.slots)
        .map(|(item, slot)| blok(s, item, slot, &taak, &indelingen))
        .collect();

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

    let kaarten = kaarten::kaarten(s);
    let kaartvellen = kaarten::vellen(&kaarten);
    let totaal: f64 = s.kosten.iter().map(|k| k.bedrag).sum();

    Context {
        indelingen,
        concept: !fouten.is_empty(),
        fouten,
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
        deelnemers_aantal: plan::deelnemers_aantal(s),
        aanleiding: s.bijeenkomst.aanleiding.clone(),
        leerdoelen: s.bijeenkomst.leerdoelen.clone(),
        elearning_url: s.bijeenkomst.elearning_url.clone(),
        organisator: s.organisator.clone(),
        lunch: tijden.lunch.as_ref().map(informeel),
        borrel: tijden.borrel.as_ref().map(informeel),
        agenda,
        blokken,
        planning: plan::retroplanning(s)
            .into_iter()
            .map(|p| PlanRegel {
                datum: p.datum.to_string(),
                datum_lang: nl::datum_lang(p.datum),
                wat: p.wat,
                toelichting: p.toelichting,
            })
            .collect(),
        zaal: zaal(s),
        techniek: techniek(s),
        meegeven: meegeven(&drukwerk),
        benodigdheden: benodigdheden(s),
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

/// Table cells and headings cannot hold line breaks.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn blok(
    s: &Sessie,
    item: &ProgrammaItem,
    slot: &plan::Tijdslot,
    taak: &dyn Fn(&Taak) -> TaakRegel,
    indelingen: &[IndelingCtx],
) -> Blok {
    let b = &item.bouwsteen;
    let werkvormen = item
        .werkvormen
        .iter()
        .map(|w| {
            let eigen = item.vragen.as_ref().filter(|v| !v.is_empty());
            WerkvormCtx {
                id: w.id.clone(),
                titel: one_line(&w.titel),
                samenvatting: w.samenvatting.clone(),
                groepsvorm: w.groepsvorm.omschrijving().to_string(),
                groepen: groepen(s, w),
                indeling: indelingen
                    .iter()
                    .find(|p| p.bouwsteen == b.id && p.werkvorm == w.id && p.begin == nl::tijd(slot.begin))
                    .cloned(),
                voorbereiding: w.voorbereiding.clone(),
                stappen: w.stappen.clone(),
                vragen: eigen.cloned().unwrap_or_else(|| w.vragen.clone()),
                eigen_vragen: eigen.is_some(),
                vragenblokken: w.vragenblokken.clone(),
                timing: crate::commands::timing_kort(w),
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
        quiz: b.id == "welkom" && !s.quiz.is_empty(),
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
            .map(taak)
            .collect(),
    }
}

fn uses_werkvorm(s: &Sessie, id: &str) -> bool {
    s.programma.iter().any(|p| p.werkvormen.iter().any(|w| w.id == id))
}

fn zaal(s: &Sessie) -> Vec<String> {
    let n = plan::deelnemers_aantal(s);
    let mut out = vec![format!(
        "Een ruimte voor ongeveer {n} deelnemers met losse tafels, zodat groepjes apart kunnen zitten."
    )];
    let vormen: Vec<Groepsvorm> = s
        .programma
        .iter()
        .flat_map(|p| p.werkvormen.iter().map(|w| w.groepsvorm))
        .collect();
    let max_groepen = s
        .programma
        .iter()
        .flat_map(|p| p.werkvormen.iter())
        .filter(|w| w.groepsvorm.splits())
        .map(|w| groepen(s, w))
        .max();
    if let Some(g) = max_groepen {
        out.push(format!("Plek voor {g} groepjes tegelijk, met wat afstand ertussen."));
    }
    if vormen.contains(&Groepsvorm::Plenair) || uses_werkvorm(s, "bol-wol") {
        out.push("Ruimte om met de hele groep in een kring te staan of te zitten.".into());
    }
    if s.programma.iter().any(|p| {
        p.werkvormen
            .iter()
            .any(|w| w.drukwerk.iter().any(|d| d == "flipover-kolommen"))
    }) {
        out.push("Een vrije wand of flipoverstandaards om vellen op te hangen.".into());
    }
    if s.informeel.lunch > 0 || s.informeel.borrel > 0 {
        out.push("Een hoek of tafel voor de lunch en de borrel.".into());
    }
    out
}

fn techniek(s: &Sessie) -> Vec<String> {
    let mut out = vec![
        "Beamer of groot scherm, met een aansluiting voor de laptop (HDMI of USB-C).".to_string(),
        "Laptop met de presentatie en de agenda.".to_string(),
    ];
    if uses_werkvorm(s, "vragencarrousel") {
        out.push(
            "Voor de vragencarrousel: een computer met scherm en een werkende internetverbinding (test vooraf).".into(),
        );
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

/// Every material of the chosen blocks and work formats, merged by name
/// (case-insensitive), with counts from participants and groups.
pub fn benodigdheden(s: &Sessie) -> Vec<Materiaal> {
    struct Acc {
        wat: String,
        aantal: Option<u32>,
        delen: Vec<String>,
        voor: Vec<String>,
    }
    let n = plan::deelnemers_aantal(s);
    let mut acc: Vec<Acc> = Vec::new();
    for item in &s.programma {
        let b = &item.bouwsteen;
        // Block-level material counted per group uses the block's largest split.
        let blok_groepen = item.werkvormen.iter().map(|w| groepen(s, w)).max().unwrap_or(1);
        let uses = b
            .benodigdheden
            .iter()
            .map(|m| (m, blok_groepen, b.titel.clone()))
            .chain(
                item.werkvormen
                    .iter()
                    .flat_map(|w| w.benodigdheden.iter().map(move |m| (m, groepen(s, w), w.titel.clone()))),
            );
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
            let bron = one_line(&bron);
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
