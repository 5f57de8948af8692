//! The rules of the draaiboek as one typed list, [`REGELS`]: code,
//! severity, a one-line explanation and the check. `controleer` runs them,
//! `draaiboek regels` lists them, and a test keeps the list equal to the
//! table in the spec. Numbers come from [`crate::limits`], knowledge about
//! blocks and work formats from the library, derived facts from the
//! [`Planning`].

use chrono::{NaiveDate, NaiveTime};
use serde::{Serialize, Serializer};

use crate::levensloop::{Feiten, Levensloop, Staat};
use crate::limits::*;
use crate::model::*;
use crate::nl;
use crate::plan::Planning;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ernst {
    Fout,
    Waarschuwing,
}

impl Ernst {
    pub fn as_str(&self) -> &'static str {
        match self {
            Ernst::Fout => "fout",
            Ernst::Waarschuwing => "waarschuwing",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bevinding {
    pub code: &'static str,
    pub ernst: Ernst,
    pub melding: String,
    pub bouwsteen: Option<String>,
    /// Position in the programme, for ordering (not in the JSON).
    #[serde(skip)]
    pub index: Option<usize>,
    /// The file, line and column the finding is about, when it is about a
    /// spot in the session file (an own case's text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plek: Option<crate::diag::Plek>,
    /// The message as the printed documents may repeat it, when it differs
    /// (a privacy finding does not repeat the name it found).
    #[serde(skip)]
    pub op_papier: Option<String>,
}

fn hhmm<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.format("%H:%M").to_string())
}

/// The outcome of `controleer`, in the JSON shape of the spec.
#[derive(Debug, Clone, Serialize)]
pub struct Rapport {
    pub totaal_minuten: u32,
    pub max_minuten: u32,
    /// `begintijd` + `totaal_minuten`; "15:25" in the JSON.
    #[serde(serialize_with = "hhmm")]
    pub eindtijd: NaiveTime,
    pub deelnemers: u32,
    /// "2027-01-28" in the JSON.
    pub uiterste_uitnodigingsdatum: NaiveDate,
    /// When the doors open: the start of the inloop (or lunch), else `begintijd`.
    #[serde(serialize_with = "hhmm")]
    pub inloop_vanaf: NaiveTime,
    pub bevindingen: Vec<Bevinding>,
    /// The day the check was made for (`--vandaag`): the documents mark the
    /// retro-planning's steps before it as past.
    #[serde(skip)]
    pub vandaag: NaiveDate,
}

impl Rapport {
    pub fn fouten(&self) -> usize {
        self.bevindingen.iter().filter(|b| b.ernst == Ernst::Fout).count()
    }
    pub fn waarschuwingen(&self) -> usize {
        self.bevindingen
            .iter()
            .filter(|b| b.ernst == Ernst::Waarschuwing)
            .count()
    }
}

/// What a rule sees.
pub struct Ctx<'a> {
    pub sessie: &'a Sessie,
    pub lib: &'a Bibliotheek,
    pub vandaag: NaiveDate,
    pub plan: &'a Planning<'a>,
    /// The privacy scan of the own cases, shared by `privacy` and
    /// `privacy-signaal` (made on first use).
    pub privacy: std::sync::OnceLock<Vec<crate::privacy::casus::Melding>>,
}

/// The rule a finding belongs to, found in [`REGELS`] by [`code!`] while
/// compiling: an unknown code does not build, so no finding can have a code
/// without a rule (and a severity nobody chose).
#[derive(Clone, Copy)]
struct Code(&'static Regel);

/// The position in [`REGELS`] of the rule with this code (for [`code!`]).
const fn zoek(code: &str) -> Option<usize> {
    let mut i = 0;
    while i < REGELS.len() {
        let (a, b) = (REGELS[i].code.as_bytes(), code.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

/// The [`Code`] of a rule; an unknown code is a compile error.
macro_rules! code {
    ($c:literal) => {{
        const REGEL: &Regel = match zoek($c) {
            Some(i) => &REGELS[i],
            None => panic!(concat!("no rule in check::REGELS has the code ", $c)),
        };
        Code(REGEL)
    }};
}

impl Ctx<'_> {
    fn finding(&self, code: Code, melding: String, index: Option<usize>) -> Bevinding {
        let Code(regel) = code;
        Bevinding {
            code: regel.code,
            ernst: regel.ernst,
            melding,
            bouwsteen: index.map(|i| self.sessie.programma[i].bouwsteen.id.clone()),
            index,
            plek: None,
            op_papier: None,
        }
    }
}

/// One rule: its code, severity, what it checks (Dutch, one line) and the check.
#[derive(Clone, Copy)]
pub struct Regel {
    pub code: &'static str,
    pub ernst: Ernst,
    pub uitleg: &'static str,
    pub check: fn(&Ctx) -> Vec<Bevinding>,
}

impl Serialize for Regel {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Regel", 3)?;
        st.serialize_field("code", self.code)?;
        st.serialize_field("ernst", &self.ernst)?;
        st.serialize_field("uitleg", self.uitleg)?;
        st.end()
    }
}

const fn r(code: &'static str, ernst: Ernst, uitleg: &'static str, check: fn(&Ctx) -> Vec<Bevinding>) -> Regel {
    Regel {
        code,
        ernst,
        uitleg,
        check,
    }
}

use Ernst::{Fout, Waarschuwing};

/// Every rule, in the order of the spec's table.
pub const REGELS: &[Regel] = &[
    r(
        "max-duur",
        Fout,
        "Het programma duurt vanaf de begintijd langer dan 120 minuten (de inloop telt niet mee).",
        max_duur,
    ),
    r(
        "deelnemers-aantal",
        Waarschuwing,
        "Er zijn minder dan 12 of meer dan 20 deelnemers.",
        deelnemers_aantal,
    ),
    r(
        "uitnodiging-termijn",
        Waarschuwing,
        "De uitnodiging gaat later dan zes weken voor de bijeenkomst de deur uit.",
        uitnodiging_termijn,
    ),
    r(
        "elearning",
        Waarschuwing,
        "Een deelnemer heeft de e-learning nog niet gedaan.",
        elearning,
    ),
    r(
        "casussen-tekort",
        Waarschuwing,
        "Een werkvorm geeft elk groepje een eigen casus, maar er zijn minder casussen dan groepjes.",
        casussen_tekort,
    ),
    r(
        "casus-ontbreekt",
        Fout,
        "Een werkvorm speelt rond een casus, maar er is geen casus gekozen.",
        casus_ontbreekt,
    ),
    r(
        "werkvorm-ontbreekt",
        Fout,
        "Een bouwsteen met werkvormen heeft nog geen werkvorm.",
        werkvorm_ontbreekt,
    ),
    r(
        "werkvorm-te-lang",
        Waarschuwing,
        "De berekende tijd van een werkvorm is langer dan de tijd van de bouwsteen.",
        werkvorm_te_lang,
    ),
    r(
        "duur-afwijkend",
        Waarschuwing,
        "Een eigen duur valt buiten wat het draaiboek voor de bouwsteen aanraadt.",
        duur_afwijkend,
    ),
    r(
        "bouwsteen-dubbel",
        Waarschuwing,
        "Dezelfde bouwsteen staat twee keer in het programma.",
        bouwsteen_dubbel,
    ),
    r(
        "volgorde",
        Waarschuwing,
        "Een bouwsteen die eerst of als laatste hoort, staat ergens anders.",
        volgorde,
    ),
    r(
        "datum-verleden",
        Fout,
        "De datum van de bijeenkomst is al voorbij, en er is nog niets verstuurd.",
        datum_verleden,
    ),
    r(
        "domeinen",
        Waarschuwing,
        "Alle deelnemers komen uit hetzelfde domein, of van deelnemers is het domein niet bekend.",
        domeinen,
    ),
    r(
        "privacy",
        Fout,
        "Een eigen casus noemt iets waarmee je iemand herkent: een achternaam, adres, postcode, geboortedatum, BSN, telefoonnummer, e-mailadres, dossiernummer of kenteken.",
        privacy,
    ),
    r(
        "privacy-signaal",
        Waarschuwing,
        "Een eigen casus noemt een datum, een kleine plaats of een instelling met naam, of iets dat als gecontroleerd is gemarkeerd.",
        privacy_signaal,
    ),
    r("leerdoelen", Waarschuwing, "Er zijn nog geen leerdoelen.", leerdoelen),
    r(
        "invulling",
        Fout,
        "Een tekst bevat nog VUL IN uit het startbestand.",
        invulling,
    ),
    r(
        "deelnemer-dubbel",
        Fout,
        "Twee deelnemers hebben hetzelfde e-mailadres of dezelfde naam.",
        deelnemer_dubbel,
    ),
    r(
        "geen-email",
        Waarschuwing,
        "Een deelnemer heeft geen e-mailadres.",
        geen_email,
    ),
    r(
        "uitnodiging-na-datum",
        Fout,
        "De uitnodigingsdatum valt op of na de datum van de bijeenkomst.",
        uitnodiging_na_datum,
    ),
    r(
        "over-middernacht",
        Fout,
        "Het programma met inloop, lunch of borrel loopt door na middernacht.",
        over_middernacht,
    ),
    r(
        "aantal-afwijkend",
        Waarschuwing,
        "Het verwachte aantal wijkt af van het aantal deelnemers in de lijst.",
        aantal_afwijkend,
    ),
    r(
        "versie-ophogen",
        Fout,
        "Datum, tijd, plaats of status is veranderd sinds de verstuurde versie, maar `versie` is niet verhoogd.",
        versie_ophogen,
    ),
];

/// The rule with this code.
pub fn regel(code: &str) -> Option<&'static Regel> {
    REGELS.iter().find(|r| r.code == code)
}

/// [`controleer_plan`] for a session whose planning is not needed elsewhere.
pub fn controleer(sessie: &Sessie, lib: &Bibliotheek, vandaag: NaiveDate) -> Rapport {
    controleer_plan(&Planning::new(sessie, lib, 0), lib, vandaag)
}

/// Apply every rule; findings in programme order (session-wide first), then
/// by code. What went out (`[[verstuurd]]` in the session) is part of the
/// session: `versie-ophogen` and `datum-verleden` read it.
pub fn controleer_plan(plan: &Planning, lib: &Bibliotheek, vandaag: NaiveDate) -> Rapport {
    let ctx = Ctx {
        sessie: plan.sessie,
        lib,
        vandaag,
        plan,
        privacy: std::sync::OnceLock::new(),
    };
    let mut bevindingen: Vec<Bevinding> = REGELS
        .iter()
        .flat_map(|r| {
            let gevonden = (r.check)(&ctx);
            // A rule reports under its own code only, so the list stays the truth.
            debug_assert!(gevonden.iter().all(|b| b.code == r.code), "{}", r.code);
            gevonden
        })
        .collect();
    bevindingen.sort_by(|a, b| (a.index.map(|i| i + 1), a.code).cmp(&(b.index.map(|i| i + 1), b.code)));
    Rapport {
        totaal_minuten: plan.tijden.totaal,
        max_minuten: MAX_MINUTEN,
        eindtijd: plan.tijden.eind,
        deelnemers: plan.aantal,
        uiterste_uitnodigingsdatum: plan.uiterste_uitnodiging,
        inloop_vanaf: plan.tijden.dag_begin(),
        bevindingen,
        vandaag,
    }
}

fn minuten(n: u32) -> String {
    if n == 1 {
        "1 minuut".into()
    } else {
        format!("{n} minuten")
    }
}

fn dagen(n: i64) -> String {
    if n == 1 { "1 dag".into() } else { format!("{n} dagen") }
}

// ------------------------------------------------------------------ rules

fn max_duur(cx: &Ctx) -> Vec<Bevinding> {
    let totaal = cx.plan.tijden.totaal;
    if totaal <= MAX_MINUTEN {
        return vec![];
    }
    let over = totaal - MAX_MINUTEN;
    let voorstellen = inkort_voorstellen(cx, over);
    let mut melding = format!(
        "het programma duurt {} en mag maximaal {} duren: {} te lang.",
        minuten(totaal),
        minuten(MAX_MINUTEN),
        minuten(over)
    );
    if voorstellen.is_empty() {
        melding.push_str(" Kort een of meer bouwstenen in met `duur` of laat een bouwsteen weg.");
    } else {
        melding.push_str(" Zo past het: ");
        melding.push_str(&voorstellen.join("; of "));
        melding.push('.');
    }
    vec![cx.finding(code!("max-duur"), melding, None)]
}

/// One way to make a block shorter without leaving the draaiboek's advice:
/// a range at its upper bound (welkom 15 → 10), a `duur` above the advice,
/// or a work format that needs more time than the block has.
struct Inkorting {
    id: String,
    van: u32,
    naar: u32,
    advies: Duur,
    /// The `duur` line is already in the file.
    heeft_duur: bool,
    /// A shorter work format instead of the one chosen: (old, new, one of a list).
    werkvorm: Option<(String, String, bool)>,
}

impl Inkorting {
    fn winst(&self) -> u32 {
        self.van - self.naar
    }

    /// Smallest fix first: a changed number before another work format.
    fn soort(&self) -> u8 {
        match (&self.werkvorm, self.van > self.advies.max) {
            (None, true) => 0,
            (None, false) => 1,
            (Some(_), _) => 2,
        }
    }

    /// The exact edit, in words a trekker can follow in the session file.
    fn regel(&self) -> String {
        let id = &self.id;
        let duur = if self.heeft_duur {
            if self.werkvorm.is_some() && self.naar == self.advies.max {
                format!("haal de regel `duur = {}` weg", self.van)
            } else {
                format!("verander `duur = {}` in `duur = {}`", self.van, self.naar)
            }
        } else {
            format!("zet onder `bouwsteen = \"{id}\"` de regel `duur = {}`", self.naar)
        };
        let advies = if self.advies.contains(self.naar) {
            format!("binnen het advies van {}", self.advies)
        } else {
            format!("het draaiboek adviseert {}", self.advies)
        };
        match &self.werkvorm {
            Some((oud, nieuw, false)) => format!(
                "kies in `{id}` een werkvorm die in {} past, bijvoorbeeld `{nieuw}` in plaats van `{oud}` ({} → {} min): \
                 zet `werkvorm = \"{nieuw}\"` en {duur}",
                minuten(self.naar),
                self.van,
                self.naar
            ),
            Some((oud, nieuw, true)) => format!(
                "kies in `{id}` een werkvorm die in {} past, bijvoorbeeld `{nieuw}` in plaats van `{oud}` ({} → {} min): \
                 vervang in `werkvormen` \"{oud}\" door \"{nieuw}\" en {duur}",
                minuten(self.naar),
                self.van,
                self.naar
            ),
            None => format!(
                "kort `{id}` in van {} naar {} min ({advies}): {duur}",
                self.van, self.naar
            ),
        }
    }
}

/// Every shortening within the advice of the blocks that count (not the
/// inloop before the start), each as deep as it may go: `over` caps it,
/// nobody needs to lose more than the overrun.
fn inkortingen(cx: &Ctx, telt: &[&ProgrammaItem], over: u32) -> Vec<Inkorting> {
    let mut out = Vec::new();
    for p in telt.iter().copied() {
        let advies = p.bouwsteen.duur;
        let d = p.duur();
        // A work format whose formula needs more than the block's advice (the
        // pitch with many professions) holds the block up; a shorter one frees it.
        let nodig = p
            .werkvormen
            .iter()
            .filter_map(|w| berekende_duur(cx.plan, p, w).map(|(t, _)| (w, t)))
            .find(|(_, t)| *t > advies.max);
        if let Some((w, t)) = nodig {
            if d > advies.max {
                let gekozen: Vec<&str> = p.werkvormen.iter().map(|w| w.id.as_str()).collect();
                let mut kandidaten: Vec<&Werkvorm> = p
                    .bouwsteen
                    .werkvormen
                    .iter()
                    .filter(|k| !k.opwarmer && !gekozen.contains(&k.id.as_str()) && k.onderdeel == w.onderdeel)
                    .filter(|k| berekende_duur(cx.plan, p, k).is_none_or(|(kt, _)| kt <= advies.max))
                    .collect();
                kandidaten.sort_by_key(|k| k.optioneel);
                if let Some(k) = kandidaten.first() {
                    out.push(Inkorting {
                        id: p.bouwsteen.id.clone(),
                        van: d,
                        naar: advies.max,
                        advies,
                        heeft_duur: p.duur_override.is_some(),
                        werkvorm: Some((w.id.clone(), k.id.clone(), p.werkvormen.len() > 1)),
                    });
                }
            }
            // The same format can still lose what it does not need.
            let vloer = advies.min.max(t.min(d));
            if d > vloer {
                out.push(Inkorting {
                    id: p.bouwsteen.id.clone(),
                    van: d,
                    naar: vloer.max(d.saturating_sub(over)),
                    advies,
                    heeft_duur: p.duur_override.is_some(),
                    werkvorm: None,
                });
            }
            continue;
        }
        if d > advies.min {
            out.push(Inkorting {
                id: p.bouwsteen.id.clone(),
                van: d,
                naar: advies.min.max(d.saturating_sub(over)),
                advies,
                heeft_duur: p.duur_override.is_some(),
                werkvorm: None,
            });
        }
    }
    out
}

/// Concrete ways to save `over` minutes, smallest fix first: one block
/// shortened within the draaiboek's advice, then several together, and only
/// then a block left out. The inloop before the start saves nothing; a
/// block the library marks `vast` is never proposed to drop.
fn inkort_voorstellen(cx: &Ctx, over: u32) -> Vec<String> {
    let mut out = Vec::new();
    let totaal = cx.plan.tijden.totaal;
    let sessie = crate::diag::shell_word(&cx.sessie.pad);
    let telt: Vec<&ProgrammaItem> = cx
        .plan
        .tijden
        .slots
        .iter()
        .filter(|t| !t.voor_begin)
        .map(|t| &cx.sessie.programma[t.index])
        .collect();
    // 1. One block shorter, within the advice.
    let mut kort = inkortingen(cx, &telt, over);
    let mut genoeg: Vec<&Inkorting> = kort.iter().filter(|k| k.winst() >= over).collect();
    genoeg.sort_by_key(|k| (k.soort(), k.winst()));
    let mut gezien: Vec<&str> = Vec::new();
    for k in genoeg {
        if gezien.len() < 3 && !gezien.contains(&k.id.as_str()) {
            gezien.push(&k.id);
            out.push(k.regel());
        }
    }
    // 2. Several blocks shorter together: the largest savings first, one edit per block.
    if out.is_empty() {
        kort.sort_by_key(|k| (std::cmp::Reverse(k.winst()), k.soort()));
        let mut nog = over;
        let mut stappen = Vec::new();
        let mut blokken: Vec<String> = Vec::new();
        for mut k in kort {
            if nog == 0 || blokken.contains(&k.id) {
                continue;
            }
            if k.werkvorm.is_none() && k.winst() > nog {
                k.naar = k.van - nog;
            }
            nog = nog.saturating_sub(k.winst());
            blokken.push(k.id.clone());
            stappen.push(k.regel());
        }
        if nog == 0 && stappen.len() > 1 {
            out.push(format!("doe samen: {}", stappen.join(", en ")));
        }
    }
    let kort_gevonden = !out.is_empty();
    // 3. Drop one block that saves enough; smallest sufficient first.
    let mut los: Vec<&ProgrammaItem> = telt
        .iter()
        .copied()
        .filter(|p| p.duur() >= over && !p.bouwsteen.vast)
        .collect();
    los.sort_by_key(|p| (p.duur(), p.bouwsteen.nummer));
    let mut weg = Vec::new();
    for p in los {
        if weg.len() >= if kort_gevonden { 1 } else { 3 } || weg.contains(&p.bouwsteen.id) {
            continue;
        }
        weg.push(p.bouwsteen.id.clone());
        out.push(format!(
            "laat `{}` ({}, {} min) weg (totaal {} min): `draaiboek verwijder {sessie} {}`",
            p.bouwsteen.id,
            p.bouwsteen.titel,
            p.duur(),
            totaal - p.duur(),
            p.bouwsteen.id
        ));
    }
    // 4. No single block suffices: the two longest content blocks together.
    if out.is_empty() {
        let mut lang: Vec<&ProgrammaItem> = telt
            .iter()
            .copied()
            .filter(|p| !p.bouwsteen.vast && p.bouwsteen.plaats.is_none())
            .collect();
        lang.sort_by_key(|p| std::cmp::Reverse(p.duur()));
        if lang.len() >= 2 && lang[0].duur() + lang[1].duur() >= over {
            out.push(format!(
                "laat `{}` en `{}` weg (samen {} min, totaal {} min)",
                lang[0].bouwsteen.id,
                lang[1].bouwsteen.id,
                lang[0].duur() + lang[1].duur(),
                totaal - lang[0].duur() - lang[1].duur()
            ));
        }
    }
    out
}

fn deelnemers_aantal(cx: &Ctx) -> Vec<Bevinding> {
    let n = cx.plan.aantal;
    if (MIN_DEELNEMERS..=MAX_DEELNEMERS).contains(&n) {
        return vec![];
    }
    let bron = if cx.sessie.bijeenkomst.verwacht_aantal.is_some() {
        "verwacht"
    } else {
        "geteld"
    };
    let advies = if n < MIN_DEELNEMERS {
        "nodig meer mensen uit, zo breed mogelijk over het medisch, sociaal en informeel domein"
    } else {
        "bij meer dan 20 wordt uitwisselen lastig: overweeg een tweede bijeenkomst"
    };
    vec![cx.finding(
        code!("deelnemers-aantal"),
        format!("{n} deelnemers ({bron}); het advies is {MIN_DEELNEMERS} tot {MAX_DEELNEMERS} deelnemers: {advies}."),
        None,
    )]
}

fn uitnodiging_termijn(cx: &Ctx) -> Vec<Bevinding> {
    let uiterst = cx.plan.uiterste_uitnodiging;
    let l = Levensloop::new(cx.sessie);
    let verplaatst = l.laatste().filter(|z| z.feiten.datum != cx.sessie.bijeenkomst.datum);
    let (datum, wat) = match (l.staat(cx.vandaag), verplaatst) {
        // What went out went out; after the day or a cancellation there is
        // nothing to invite to.
        (Staat::Gehouden | Staat::Geannuleerd, _) => return vec![],
        // A new date: the notice about it is the invitation that counts.
        (Staat::Gewijzigd | Staat::Verplaatst, Some(_)) => (
            l.concept_datum(cx.vandaag),
            "de bijeenkomst is verplaatst; het bericht daarover gaat op zijn vroegst uit op",
        ),
        // Sent, the date unchanged: the invitations already went out.
        (Staat::Verstuurd | Staat::Gewijzigd | Staat::Verplaatst, _) => return vec![],
        _ => match cx.sessie.bijeenkomst.uitnodiging {
            Some(u) => (u, "de uitnodiging staat gepland op"),
            None => (
                cx.vandaag,
                "er is nog geen uitnodigingsdatum (`uitnodiging`) en vandaag is het",
            ),
        },
    };
    // On or after the meeting date is `uitnodiging-na-datum`, a fout.
    if datum <= uiterst || datum >= cx.sessie.bijeenkomst.datum {
        return vec![];
    }
    let te_laat = (datum - uiterst).num_days();
    vec![cx.finding(code!("uitnodiging-termijn"),
        format!(
            "{wat} {}, {} na de uiterste datum {} (zes weken voor de bijeenkomst). Nodig zo snel mogelijk persoonlijk uit, of kies een latere datum voor de bijeenkomst.",
            nl::datum_lang(datum),
            dagen(te_laat),
            nl::datum_lang(uiterst)
        ),
        None,
    )]
}

fn elearning(cx: &Ctx) -> Vec<Bevinding> {
    let namen: Vec<&str> = cx
        .sessie
        .actieve_deelnemers()
        .filter(|d| !d.elearning)
        .map(|d| d.naam.as_str())
        .collect();
    if namen.is_empty() {
        return vec![];
    }
    vec![cx.finding(code!("elearning"),
        format!(
            "nog zonder e-learning: {}. De e-learning (ongeveer {ELEARNING_MIN}–{ELEARNING_MAX} minuten) is een voorwaarde voor deelname. `draaiboek maak` zet voor wie een e-mailadres heeft een herinnering met de link klaar in `herinneringen/`.",
            namen.join(", ")
        ),
        None,
    )]
}

fn casussen_tekort(cx: &Ctx) -> Vec<Bevinding> {
    let mut out = Vec::new();
    for (i, p) in cx.sessie.programma.iter().enumerate() {
        for (wi, w) in p.werkvormen.iter().enumerate() {
            if w.casussen != CasusBehoefte::PerGroep {
                continue;
            }
            // The count of the group plan (which makes exactly this many).
            let g = cx.plan.groepen_van(i, wi);
            let (groepen, aantal) = (g.aantal, g.deelnemers);
            let n = p.casussen.len() as u32;
            if n >= groepen {
                continue;
            }
            let gebruikt: Vec<&str> = p.casussen.iter().map(|c| c.id.as_str()).collect();
            let extra: Vec<String> = cx
                .lib
                .casussen
                .iter()
                .chain(&cx.sessie.eigen_casussen)
                .filter(|c| !gebruikt.contains(&c.id.as_str()))
                .take((groepen - n) as usize)
                .map(|c| format!("`{}`", c.id))
                .collect();
            let hoe = match w.groepsvorm {
                Groepsvorm::Gemengd => {
                    format!("{aantal} deelnemers in groepjes van {GEMENGD_MIN} à {GEMENGD_MAX}")
                }
                _ => format!("{aantal} deelnemers"),
            };
            out.push(cx.finding(code!("casussen-tekort"),
                format!(
                    "werkvorm `{}` geeft elk groepje een eigen casus: {hoe} zijn {groepen} groepjes, maar er {} {}. Voeg toe aan `casussen`: {}.",
                    w.id,
                    if n == 1 { "is" } else { "zijn" },
                    if n == 1 { "1 casus".to_string() } else { format!("{n} casussen") },
                    if extra.is_empty() { "een eigen casus met [[casus]]".to_string() } else { extra.join(", ") }
                ),
                Some(i),
            ));
        }
    }
    out
}

fn casus_ontbreekt(cx: &Ctx) -> Vec<Bevinding> {
    let mut out = Vec::new();
    for (i, p) in cx.sessie.programma.iter().enumerate() {
        for w in p.werkvormen.iter().filter(|w| w.casussen == CasusBehoefte::Een) {
            if p.casus.is_none() {
                out.push(cx.finding(code!("casus-ontbreekt"),
                    format!(
                        "werkvorm `{}` in bouwsteen `{}` speelt rond één casus, maar er is er geen gekozen. Zet bij deze bouwsteen bijvoorbeeld casus = \"{}\".",
                        w.id,
                        p.bouwsteen.id,
                        cx.lib.casussen.first().map_or("…", |c| c.id.as_str())
                    ),
                    Some(i),
                ));
            }
        }
        if p.werkvormen.iter().any(|w| w.casussen == CasusBehoefte::PerGroep) && p.casussen.is_empty() {
            out.push(cx.finding(code!("casus-ontbreekt"),
                format!(
                    "bouwsteen `{}` geeft elk groepje een eigen casus, maar `casussen` is leeg. Kies casussen met casussen = [\"…\", \"…\"] (zie `draaiboek casussen`).",
                    p.bouwsteen.id
                ),
                Some(i),
            ));
        }
    }
    out
}

fn werkvorm_ontbreekt(cx: &Ctx) -> Vec<Bevinding> {
    let mut out = Vec::new();
    for (i, p) in cx.sessie.programma.iter().enumerate() {
        let b = &p.bouwsteen;
        if b.werkvormen.is_empty() {
            continue;
        }
        // Every required part needs a choice; a block without parts needs a
        // main format (a warm-up alone is not enough).
        let open_slots: Vec<Option<&str>> = if b.onderdelen.is_empty() {
            let has_main = p.werkvormen.iter().any(|w| !w.opwarmer);
            if has_main { vec![] } else { vec![None] }
        } else {
            b.onderdelen
                .iter()
                .filter(|o| !o.optioneel && b.werkvormen.iter().any(|w| w.onderdeel.as_deref() == Some(&o.id)))
                .filter(|o| !p.werkvormen.iter().any(|w| w.onderdeel.as_deref() == Some(&o.id)))
                .map(|o| Some(o.id.as_str()))
                .collect()
        };
        if !open_slots.is_empty() {
            let keuzes = |slot: Option<&str>| -> Vec<String> {
                b.werkvormen
                    .iter()
                    .filter(|w| !w.opwarmer && w.onderdeel.as_deref() == slot)
                    .map(|w| format!("`{}`", w.id))
                    .collect()
            };
            let melding = if p.werkvormen.is_empty() && b.onderdelen.is_empty() {
                let k = keuzes(None);
                format!(
                    "bouwsteen `{}` heeft een werkvorm nodig; kies uit {}. Schrijf bijvoorbeeld werkvorm = \"{}\".",
                    b.id,
                    crate::nl::opsomming(&k),
                    k.first().map_or("…", |s| s.trim_matches('`'))
                )
            } else if b.onderdelen.is_empty() {
                format!(
                    "bouwsteen `{}` heeft naast de opwarmer nog een werkvorm nodig: {}.",
                    b.id,
                    keuzes(None).join(" of ")
                )
            } else {
                let delen: Vec<String> = open_slots
                    .iter()
                    .map(|slot| format!("onderdeel `{}` ({})", slot.unwrap_or(""), keuzes(*slot).join(" of ")))
                    .collect();
                format!(
                    "bouwsteen `{}` heeft een werkvorm nodig voor {}; schrijf bijvoorbeeld werkvormen = [\"{}\"].",
                    b.id,
                    delen.join(" en "),
                    keuzes(open_slots[0]).first().map_or("…", |s| s.trim_matches('`'))
                )
            };
            out.push(cx.finding(code!("werkvorm-ontbreekt"), melding, Some(i)));
        }
    }
    out
}

fn werkvorm_te_lang(cx: &Ctx) -> Vec<Bevinding> {
    let mut out = Vec::new();
    for (i, p) in cx.sessie.programma.iter().enumerate() {
        let blok = p.duur();
        for w in &p.werkvormen {
            let Some((nodig, uitleg)) = berekende_duur(cx.plan, p, w) else {
                continue;
            };
            if nodig <= blok {
                continue;
            }
            let mut advies = w
                .timing
                .te_lang_advies
                .clone()
                .unwrap_or_else(|| "gebruik minder rondes of kies een andere werkvorm".into());
            // The minutes of questions per profession group are our assumption: say so.
            if w.timing.berekening == Some(BerekeningSoort::PerBeroepsgroep)
                && p.vragen_minuten.is_none()
                && let Some(v) = w.timing.vragen_minuten_per_beroepsgroep
            {
                advies.push_str(&format!(
                    ". Wij rekenen met {} voor vragen per beroepsgroep; een andere tijd zet je bij deze bouwsteen met `vragen_minuten_per_beroepsgroep`",
                    minuten(v)
                ));
            }
            out.push(cx.finding(
                code!("werkvorm-te-lang"),
                format!(
                    "werkvorm `{}` kost {} ({uitleg}), maar bouwsteen `{}` heeft {}: {advies}.",
                    w.id,
                    minuten(nodig),
                    p.bouwsteen.id,
                    minuten(blok)
                ),
                Some(i),
            ));
        }
    }
    out
}

/// The computed time of a work format whose library entry gives a formula
/// (`berekening` in its `[werkvormen.timing]`), with how it was computed.
pub fn berekende_duur(plan: &Planning, item: &ProgrammaItem, w: &Werkvorm) -> Option<(u32, String)> {
    let t = &w.timing;
    match t.berekening? {
        BerekeningSoort::PerDeelnemer => {
            let per = t.minuten_per_deelnemer?;
            let n = plan.aantal;
            Some((per * n, format!("{per} minuten × {n} deelnemers")))
        }
        BerekeningSoort::PerBeroepsgroep => {
            if plan.getelde.is_empty() {
                return None;
            }
            let groepen = plan.beroepsgroepen.len() as u32;
            let voor = t.voorbereiding_minuten?;
            let vragen = item.vragen_minuten.or(t.vragen_minuten_per_beroepsgroep)?;
            let per = t.minuten_per_beroepsgroep? + vragen;
            Some((
                voor + per * groepen,
                format!("{voor} minuten voorbereiding + {per} minuten × {groepen} beroepsgroepen"),
            ))
        }
    }
}

fn duur_afwijkend(cx: &Ctx) -> Vec<Bevinding> {
    let mut out = Vec::new();
    for (i, p) in cx.sessie.programma.iter().enumerate() {
        if let Some(d) = p.duur_override
            && !p.bouwsteen.duur.contains(d)
        {
            out.push(cx.finding(
                code!("duur-afwijkend"),
                format!(
                    "bouwsteen `{}` staat op {}, het draaiboek adviseert {}.",
                    p.bouwsteen.id,
                    minuten(d),
                    p.bouwsteen.duur.to_string().replace(" min", " minuten")
                ),
                Some(i),
            ));
        }
    }
    out
}

fn bouwsteen_dubbel(cx: &Ctx) -> Vec<Bevinding> {
    let mut out = Vec::new();
    for (i, p) in cx.sessie.programma.iter().enumerate() {
        if cx.sessie.programma[..i]
            .iter()
            .any(|q| q.bouwsteen.id == p.bouwsteen.id)
        {
            out.push(cx.finding(code!("bouwsteen-dubbel"),
                format!("bouwsteen `{}` staat meer dan één keer in het programma; haal de dubbele weg als dat niet de bedoeling is.", p.bouwsteen.id),
                Some(i),
            ));
        }
    }
    out
}

/// Blocks the library places first (`plaats = "eerst"` or `"voor-begin"`)
/// or last (`plaats = "laatst"`).
fn volgorde(cx: &Ctx) -> Vec<Bevinding> {
    let prog = &cx.sessie.programma;
    let ids = |keep: &dyn Fn(Plaats) -> bool| -> Vec<String> {
        cx.lib
            .bouwstenen
            .iter()
            .filter(|b| b.plaats.is_some_and(keep))
            .map(|b| b.id.clone())
            .collect()
    };
    let eerst = ids(&|p| p != Plaats::Laatst);
    let laatst = ids(&|p| p == Plaats::Laatst);
    let mut delen = Vec::new();
    if !eerst.is_empty() {
        delen.push(format!("{} eerst", eerst.join(" en ")));
    }
    if !laatst.is_empty() {
        delen.push(format!("{} als laatste", laatst.join(" en ")));
    }
    delen.push("de inhoudelijke bouwstenen daartussen".to_string());
    let advies = format!("de aanbevolen volgorde is: {}", delen.join(", "));
    let mut out = Vec::new();
    for (i, p) in prog.iter().enumerate() {
        match p.bouwsteen.plaats {
            Some(Plaats::Eerst | Plaats::VoorBegin) if i != 0 => out.push(cx.finding(
                code!("volgorde"),
                format!("`{}` staat op plaats {}; {advies}.", p.bouwsteen.id, i + 1),
                Some(i),
            )),
            Some(Plaats::Laatst) if i + 1 != prog.len() => out.push(cx.finding(
                code!("volgorde"),
                format!(
                    "`{}` staat op plaats {} van {}; {advies}.",
                    p.bouwsteen.id,
                    i + 1,
                    prog.len()
                ),
                Some(i),
            )),
            _ => {}
        }
    }
    out
}

fn datum_verleden(cx: &Ctx) -> Vec<Bevinding> {
    let d = cx.sessie.bijeenkomst.datum;
    // Once something went out, a date in the past is a meeting held (or
    // cancelled): `maak` and `controleer` say so and point to `verslag`.
    if d >= cx.vandaag || Levensloop::new(cx.sessie).iets_verstuurd() {
        return vec![];
    }
    vec![cx.finding(code!("datum-verleden"),
        format!(
            "de datum van de bijeenkomst, {}, ligt in het verleden (vandaag is {}) en er is nog niets verstuurd. Zet de juiste `datum` onder [bijeenkomst]. Is de bijeenkomst al geweest? Leg dan vast wat er verstuurd is met `draaiboek verstuurd {} --datum JJJJ-MM-DD` en maak het verslag met `draaiboek verslag`.",
            nl::datum_lang(d),
            nl::datum_lang(cx.vandaag),
            crate::diag::shell_word(&cx.sessie.pad)
        ),
        None,
    )]
}

fn domeinen(cx: &Ctx) -> Vec<Bevinding> {
    let mut out: Vec<Bevinding> = domein_ontbreekt(cx).into_iter().collect();
    out.extend(een_domein(cx));
    out
}

fn een_domein(cx: &Ctx) -> Vec<Bevinding> {
    let mut gezien: Vec<Domein> = cx.sessie.actieve_deelnemers().filter_map(|d| d.domein).collect();
    gezien.sort_by_key(|d| *d as u8);
    gezien.dedup();
    if gezien.len() != 1 {
        return vec![];
    }
    vec![cx.finding(code!("domeinen"),
        format!(
            "alle deelnemers met een domein komen uit het {} domein. De bijeenkomst is bedoeld om medisch, sociaal en informeel domein samen te brengen: nodig ook mensen uit de andere domeinen uit.",
            gezien[0].as_str()
        ),
        None,
    )]
}

/// Participants without a domain: the groups cannot be mixed by domain and
/// `domeinen` cannot judge the mix. Where the library knows the function's
/// domain, a proposal (never applied by itself).
fn domein_ontbreekt(cx: &Ctx) -> Option<Bevinding> {
    let zonder: Vec<&Deelnemer> = cx.sessie.actieve_deelnemers().filter(|d| d.domein.is_none()).collect();
    if zonder.is_empty() {
        return None;
    }
    let namen: Vec<&str> = zonder.iter().take(6).map(|d| d.naam.as_str()).collect();
    let meer = if zonder.len() > namen.len() {
        format!(" en {} anderen", zonder.len() - namen.len())
    } else {
        String::new()
    };
    let voorstellen: Vec<String> = zonder
        .iter()
        .filter_map(|d| {
            let f = d.functie.as_deref()?;
            let dom = cx.lib.domein_van_functie(f)?;
            Some(format!("{} ({f}) → {}", d.naam, dom.as_str()))
        })
        .collect();
    let mut melding = format!(
        "{} zonder domein: {}{meer}. Zonder domein kunnen de groepjes niet op domein gemengd worden en ziet draaiboek niet of alle domeinen er zijn. Zet bij elke deelnemer domein = \"medisch\", \"sociaal\" of \"informeel\" (in een CSV-bestand: een kolom `domein`).",
        if zonder.len() == 1 {
            "1 deelnemer".to_string()
        } else {
            format!("{} deelnemers", zonder.len())
        },
        namen.join(", ")
    );
    if !voorstellen.is_empty() {
        melding.push_str(&format!(
            " Voorstel op grond van de functie (controleer het zelf): {}.",
            voorstellen.join("; ")
        ));
    }
    Some(cx.finding(code!("domeinen"), melding, None))
}

/// Strong identifiers in the session's own cases (`crate::privacy`).
fn privacy(cx: &Ctx) -> Vec<Bevinding> {
    privacy_meldingen(cx, true)
}

/// Weak signals in own cases, and what the trekker marked as checked.
fn privacy_signaal(cx: &Ctx) -> Vec<Bevinding> {
    privacy_meldingen(cx, false)
}

fn privacy_meldingen(cx: &Ctx, fout: bool) -> Vec<Bevinding> {
    if cx.sessie.eigen_casussen.is_empty() {
        return vec![];
    }
    let code = if fout {
        code!("privacy")
    } else {
        code!("privacy-signaal")
    };
    cx.privacy
        .get_or_init(|| crate::privacy::casus::meldingen(cx.sessie))
        .iter()
        .filter(|m| m.fout == fout)
        .cloned()
        .map(|m| {
            let index = cx
                .sessie
                .programma
                .iter()
                .position(|p| p.alle_casussen().iter().any(|x| x.id == m.casus));
            Bevinding {
                plek: m.plek,
                op_papier: Some(m.op_papier),
                ..cx.finding(code, m.melding, index)
            }
        })
        .collect()
}

fn leerdoelen(cx: &Ctx) -> Vec<Bevinding> {
    // A goal that is still the starter file's placeholder is no goal yet.
    if cx.sessie.bijeenkomst.leerdoelen.iter().any(|d| !is_invulplek(d)) {
        return vec![];
    }
    vec![cx.finding(code!("leerdoelen"),
        "er zijn nog geen leerdoelen. Het programma volgt uit de leerdoelen die je met de coalitie afspreekt: zet ze onder [bijeenkomst] als leerdoelen = [\"…\"].".into(),
        None,
    )]
}

/// Texts that still hold the `VUL IN` marker of `draaiboek nieuw`: a fout,
/// because the text would otherwise end up in invitations and on the agenda.
fn invulling(cx: &Ctx) -> Vec<Bevinding> {
    let s = cx.sessie;
    let b = &s.bijeenkomst;
    let o = &s.organisator;
    // In file order, so the trekker can work down the file.
    let mut velden: Vec<(String, &str)> = vec![
        ("bijeenkomst.titel".into(), &b.titel),
        ("bijeenkomst.coalitie".into(), &b.coalitie),
        ("bijeenkomst.locatie".into(), &b.locatie),
    ];
    if let Some(a) = &b.aanleiding {
        velden.push(("bijeenkomst.aanleiding".into(), a));
    }
    for (i, d) in b.leerdoelen.iter().enumerate() {
        velden.push((format!("bijeenkomst.leerdoelen[{}]", i + 1), d));
    }
    velden.push(("organisator.naam".into(), &o.naam));
    velden.push(("organisator.email".into(), &o.email));
    for (k, v) in [
        ("organisator.functie", &o.functie),
        ("organisator.organisatie", &o.organisatie),
        ("organisator.telefoon", &o.telefoon),
    ] {
        if let Some(v) = v {
            velden.push((k.into(), v));
        }
    }
    for (i, q) in s.quiz.iter().enumerate() {
        velden.push((format!("quiz[{}].vraag", i + 1), &q.vraag));
        if let Some(a) = &q.antwoord {
            velden.push((format!("quiz[{}].antwoord", i + 1), a));
        }
    }
    let open: Vec<String> = velden
        .iter()
        .filter(|(_, v)| is_invulplek(v))
        .map(|(k, _)| format!("`{k}`"))
        .collect();
    if open.is_empty() {
        return vec![];
    }
    vec![cx.finding(
        code!("invulling"),
        format!(
            "nog in te vullen ({INVUL_MARKER}): {}. Vervang de tekst met {INVUL_MARKER} door de echte gegevens.",
            open.join(", ")
        ),
        None,
    )]
}

use crate::vergelijk::vergelijkbaar;

fn waar(d: &Deelnemer) -> String {
    d.herkomst.as_ref().map_or_else(String::new, |h| format!(" ({h})"))
}

fn deelnemer_dubbel(cx: &Ctx) -> Vec<Bevinding> {
    use std::collections::HashMap;
    let lijst = &cx.sessie.deelnemers;
    let mut out = Vec::new();
    // The first entry per address and per name: linear, also for a CSV of thousands.
    let mut per_mail: HashMap<String, usize> = HashMap::new();
    let mut per_naam: HashMap<String, usize> = HashMap::new();
    for (j, b) in lijst.iter().enumerate() {
        let mail_b = b.email.as_deref().map(|e| e.trim().to_lowercase());
        let naam_b = vergelijkbaar(&b.naam);
        // Report each entry once, against the first entry it repeats.
        let i_mail = mail_b.as_ref().and_then(|m| per_mail.get(m)).copied();
        let i_naam = (!naam_b.is_empty()).then(|| per_naam.get(&naam_b)).flatten().copied();
        let eerder = match (i_mail, i_naam) {
            (Some(i), n) if n.is_none_or(|n| i <= n) => Some((
                &lijst[i],
                format!("hetzelfde e-mailadres ({})", mail_b.as_deref().unwrap_or("")),
            )),
            (_, Some(n)) => Some((&lijst[n], "dezelfde naam".to_string())),
            _ => None,
        };
        if let Some(m) = mail_b {
            per_mail.entry(m).or_insert(j);
        }
        if !naam_b.is_empty() {
            per_naam.entry(naam_b).or_insert(j);
        }
        if let Some((a, wat)) = eerder {
            out.push(cx.finding(
                code!("deelnemer-dubbel"),
                format!(
                    "\"{}\"{} en \"{}\"{} hebben {wat}: zo krijgt iemand twee uitnodigingen en telt twee keer mee. Haal een van de twee weg, of maak het verschil duidelijk.",
                    a.naam,
                    waar(a),
                    b.naam,
                    waar(b)
                ),
                None,
            ));
        }
    }
    out
}

fn geen_email(cx: &Ctx) -> Vec<Bevinding> {
    let namen: Vec<&str> = cx
        .sessie
        .actieve_deelnemers()
        .filter(|d| d.email.as_deref().is_none_or(|e| e.trim().is_empty()))
        .map(|d| d.naam.as_str())
        .collect();
    if namen.is_empty() {
        return vec![];
    }
    vec![cx.finding(
        code!("geen-email"),
        format!(
            "zonder e-mailadres: {}. De uitnodiging staat als tekst in `uitnodigingen/`: print die of stuur die zelf door, of vul het e-mailadres aan in de lijst.",
            namen.join(", ")
        ),
        None,
    )]
}

fn uitnodiging_na_datum(cx: &Ctx) -> Vec<Bevinding> {
    let b = &cx.sessie.bijeenkomst;
    match b.uitnodiging {
        Some(u) if u >= b.datum => vec![cx.finding(
            code!("uitnodiging-na-datum"),
            format!(
                "de uitnodiging staat op {}, maar de bijeenkomst is op {}: de uitnodiging moet ruim voor de bijeenkomst de deur uit. Zet `uitnodiging` onder [bijeenkomst] op een eerdere datum.",
                nl::datum_lang(u),
                nl::datum_lang(b.datum)
            ),
            None,
        )],
        _ => vec![],
    }
}

fn over_middernacht(cx: &Ctx) -> Vec<Bevinding> {
    let t = &cx.plan.tijden;
    if !t.over_middernacht() {
        return vec![];
    }
    vec![cx.finding(
        code!("over-middernacht"),
        format!(
            "de dag loopt van {} tot {} en gaat zo over middernacht heen. Kies een eerdere `begintijd` of maak het programma, de lunch of de borrel korter.",
            nl::tijd(t.dag_begin()),
            nl::tijd(t.dag_eind())
        ),
        None,
    )]
}

fn aantal_afwijkend(cx: &Ctx) -> Vec<Bevinding> {
    let Some(verwacht) = cx.sessie.bijeenkomst.verwacht_aantal else {
        return vec![];
    };
    let geteld = cx.plan.getelde.len() as u32;
    if cx.sessie.deelnemers.is_empty() || geteld == verwacht {
        return vec![];
    }
    vec![cx.finding(
        code!("aantal-afwijkend"),
        format!(
            "`verwacht_aantal` is {verwacht}, maar de lijst telt {geteld} deelnemers. De documenten rekenen met {verwacht} (`verwacht_aantal`); pas het getal aan of haal het weg als de lijst klopt."
        ),
        None,
    )]
}

fn versie_ophogen(cx: &Ctx) -> Vec<Bevinding> {
    let Some(laatste) = Levensloop::new(cx.sessie).laatste() else {
        // Nothing went out: drafts may change freely.
        return vec![];
    };
    let versie = cx.sessie.bijeenkomst.versie;
    let wijzigingen = crate::levensloop::verschil(&laatste.feiten, &Feiten::van(cx.plan));
    if versie > laatste.versie || wijzigingen.is_empty() {
        return vec![];
    }
    let wat: Vec<String> = wijzigingen
        .iter()
        .map(|w| format!("{}: {} → {}", w.wat, w.oud, w.nieuw))
        .collect();
    // `versie` is at most MAX_VERSIE (the session loader's range), so one more never overflows.
    let volgende = laatste.versie.saturating_add(1);
    let advies = if volgende > crate::levensloop::MAX_VERSIE {
        format!(
            "`versie` kan niet hoger dan {}: maak voor deze bijeenkomst een nieuw sessiebestand.",
            crate::levensloop::MAX_VERSIE
        )
    } else {
        format!(
            "Zet `versie = {volgende}` onder [bijeenkomst]: dan worden de uitnodigingen wijzigingsberichten aan wie versie {} kreeg en werken agenda's de afspraak bij.",
            laatste.versie
        )
    };
    vec![cx.finding(
        code!("versie-ophogen"),
        format!(
            "versie {} is verstuurd (op {}), en sindsdien is er iets veranderd dat de genodigden moeten weten ({}), maar `versie` is {versie}. {advies}",
            laatste.versie,
            nl::datum_lang(laatste.op),
            wat.join("; "),
        ),
        None,
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `code!` finds every rule by its code and nothing else; an unknown
    /// code (`code!("bestaat-niet")`) stops the build with a message.
    #[test]
    fn every_rule_code_is_found_and_an_unknown_one_is_not() {
        for (i, r) in REGELS.iter().enumerate() {
            assert_eq!(zoek(r.code), Some(i), "{}", r.code);
        }
        assert_eq!(zoek("bestaat-niet"), None);
        assert_eq!(zoek("max-duu"), None);
        assert_eq!(zoek(""), None);
        let Code(r) = code!("geen-email");
        assert_eq!((r.code, r.ernst), ("geen-email", Ernst::Waarschuwing));
    }
}
