//! The rules of the draaiboek. Each rule is one function, found by its code
//! in [`RULES`]; the numbers come from [`crate::limits`].

use chrono::NaiveDate;
use serde::Serialize;

use crate::limits::*;
use crate::model::*;
use crate::{nl, plan};

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
}

/// The outcome of `controleer`, in the JSON shape of the spec.
#[derive(Debug, Clone, Serialize)]
pub struct Rapport {
    pub totaal_minuten: u32,
    pub max_minuten: u32,
    pub eindtijd: String,
    pub deelnemers: u32,
    pub uiterste_uitnodigingsdatum: String,
    pub bevindingen: Vec<Bevinding>,
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
    pub tijden: plan::Tijden,
    pub aantal: u32,
}

impl Ctx<'_> {
    fn finding(&self, code: &'static str, ernst: Ernst, melding: String, index: Option<usize>) -> Bevinding {
        Bevinding {
            code,
            ernst,
            melding,
            bouwsteen: index.map(|i| self.sessie.programma[i].bouwsteen.id.clone()),
            index,
        }
    }
}

type Rule = fn(&Ctx) -> Vec<Bevinding>;

/// Every rule, by code.
pub const RULES: &[(&str, Rule)] = &[
    ("max-duur", max_duur),
    ("deelnemers-aantal", deelnemers_aantal),
    ("uitnodiging-termijn", uitnodiging_termijn),
    ("elearning", elearning),
    ("casussen-tekort", casussen_tekort),
    ("casus-ontbreekt", casus_ontbreekt),
    ("werkvorm-ontbreekt", werkvorm_ontbreekt),
    ("werkvorm-te-lang", werkvorm_te_lang),
    ("duur-afwijkend", duur_afwijkend),
    ("bouwsteen-dubbel", bouwsteen_dubbel),
    ("volgorde", volgorde),
    ("datum-verleden", datum_verleden),
    ("domeinen", domeinen),
    ("privacy", privacy),
    ("leerdoelen", leerdoelen),
    ("invulling", invulling),
];

/// Apply every rule; findings in programme order (session-wide first), then by code.
pub fn controleer(sessie: &Sessie, lib: &Bibliotheek, vandaag: NaiveDate) -> Rapport {
    let ctx = Ctx {
        sessie,
        lib,
        vandaag,
        tijden: plan::tijden(sessie),
        aantal: plan::deelnemers_aantal(sessie),
    };
    let mut bevindingen: Vec<Bevinding> = RULES.iter().flat_map(|(_, rule)| rule(&ctx)).collect();
    bevindingen.sort_by(|a, b| (a.index.map(|i| i + 1), a.code).cmp(&(b.index.map(|i| i + 1), b.code)));
    Rapport {
        totaal_minuten: ctx.tijden.totaal,
        max_minuten: MAX_MINUTEN,
        eindtijd: ctx.tijden.eind.format("%H:%M").to_string(),
        deelnemers: ctx.aantal,
        uiterste_uitnodigingsdatum: plan::uiterste_uitnodiging(sessie).to_string(),
        bevindingen,
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
    let totaal = cx.tijden.totaal;
    if totaal <= MAX_MINUTEN {
        return vec![];
    }
    let over = totaal - MAX_MINUTEN;
    let voorstellen = inkort_voorstellen(cx.sessie, over, cx.aantal);
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
    vec![cx.finding("max-duur", Ernst::Fout, melding, None)]
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

/// Every shortening within the advice, each as deep as it may go (`over`
/// caps it: nobody needs to lose more than the overrun).
fn inkortingen(s: &Sessie, over: u32, aantal: u32) -> Vec<Inkorting> {
    let mut out = Vec::new();
    for p in &s.programma {
        let advies = p.bouwsteen.duur;
        let d = p.duur();
        // A work format whose formula needs more than the block's advice (the
        // pitch with many professions) holds the block up; a shorter one frees it.
        let nodig = p
            .werkvormen
            .iter()
            .filter_map(|w| berekende_duur(s, w, aantal).map(|(t, _)| (w, t)))
            .find(|(_, t)| *t > advies.max);
        if let Some((w, t)) = nodig {
            if d > advies.max {
                let gekozen: Vec<&str> = p.werkvormen.iter().map(|w| w.id.as_str()).collect();
                let mut kandidaten: Vec<&Werkvorm> = p
                    .bouwsteen
                    .werkvormen
                    .iter()
                    .filter(|k| !k.opwarmer && !gekozen.contains(&k.id.as_str()) && k.onderdeel == w.onderdeel)
                    .filter(|k| berekende_duur(s, k, aantal).is_none_or(|(kt, _)| kt <= advies.max))
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
/// then a block left out.
pub fn inkort_voorstellen(s: &Sessie, over: u32, aantal: u32) -> Vec<String> {
    let mut out = Vec::new();
    let totaal: u32 = s.programma.iter().map(|p| p.duur()).sum();
    let sessie = crate::diag::shell_word(&s.pad);
    // 1. One block shorter, within the advice.
    let mut kort = inkortingen(s, over, aantal);
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
    let mut los: Vec<&ProgrammaItem> = s
        .programma
        .iter()
        .filter(|p| p.duur() >= over && p.bouwsteen.id != "afsluiting" && p.bouwsteen.id != "welkom")
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
        let mut lang: Vec<&ProgrammaItem> = s
            .programma
            .iter()
            .filter(|p| !["inloop", "welkom", "afsluiting"].contains(&p.bouwsteen.id.as_str()))
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
    let n = cx.aantal;
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
        "deelnemers-aantal",
        Ernst::Waarschuwing,
        format!("{n} deelnemers ({bron}); het advies is {MIN_DEELNEMERS} tot {MAX_DEELNEMERS} deelnemers: {advies}."),
        None,
    )]
}

fn uitnodiging_termijn(cx: &Ctx) -> Vec<Bevinding> {
    let uiterst = plan::uiterste_uitnodiging(cx.sessie);
    let (datum, wat) = match cx.sessie.bijeenkomst.uitnodiging {
        Some(u) => (u, "de uitnodiging staat gepland op"),
        None => (
            cx.vandaag,
            "er is nog geen uitnodigingsdatum (`uitnodiging`) en vandaag is het",
        ),
    };
    if datum <= uiterst {
        return vec![];
    }
    let te_laat = (datum - uiterst).num_days();
    vec![cx.finding(
        "uitnodiging-termijn",
        Ernst::Waarschuwing,
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
    vec![cx.finding(
        "elearning",
        Ernst::Waarschuwing,
        format!(
            "nog zonder e-learning: {}. De e-learning (ongeveer {ELEARNING_MIN}–{ELEARNING_MAX} minuten) is een voorwaarde voor deelname; stuur een herinnering met de link.",
            namen.join(", ")
        ),
        None,
    )]
}

fn casussen_tekort(cx: &Ctx) -> Vec<Bevinding> {
    let mut out = Vec::new();
    for (i, p) in cx.sessie.programma.iter().enumerate() {
        for w in p.werkvormen.iter().filter(|w| w.casussen == CasusBehoefte::PerGroep) {
            // The count of the group plan (groups::plannen makes exactly this many).
            let groepen = crate::groups::aantal_groepen(cx.sessie, w);
            let aantal = crate::groups::deelnemers_voor_plan(cx.sessie);
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
            out.push(cx.finding(
                "casussen-tekort",
                Ernst::Waarschuwing,
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
                out.push(cx.finding(
                    "casus-ontbreekt",
                    Ernst::Fout,
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
            out.push(cx.finding(
                "casus-ontbreekt",
                Ernst::Fout,
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
            out.push(cx.finding("werkvorm-ontbreekt", Ernst::Fout, melding, Some(i)));
        }
    }
    out
}

fn werkvorm_te_lang(cx: &Ctx) -> Vec<Bevinding> {
    let mut out = Vec::new();
    for (i, p) in cx.sessie.programma.iter().enumerate() {
        let blok = p.duur();
        for w in &p.werkvormen {
            let Some((nodig, uitleg)) = berekende_duur(cx.sessie, w, cx.aantal) else {
                continue;
            };
            if nodig <= blok {
                continue;
            }
            let advies = match w.id.as_str() {
                "vragencarrousel" => {
                    "laat niet iedereen een vraag beantwoorden (bijvoorbeeld de helft van de groep), of laat de opwarmer weg"
                }
                "pitch" => {
                    "laat verwante beroepen samen één pitch houden, maak de pitches korter, of kies het kaartenspel"
                }
                _ => "gebruik minder rondes of kies een andere werkvorm",
            };
            out.push(cx.finding(
                "werkvorm-te-lang",
                Ernst::Waarschuwing,
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

/// The computed time of a work format where the draaiboek gives a formula.
pub fn berekende_duur(s: &Sessie, w: &Werkvorm, aantal: u32) -> Option<(u32, String)> {
    match w.id.as_str() {
        "vragencarrousel" => {
            let per = w
                .timing
                .minuten_per_deelnemer
                .unwrap_or(VRAGENCARROUSEL_MIN_PER_DEELNEMER);
            Some((per * aantal, format!("{per} minuten × {aantal} deelnemers")))
        }
        "pitch" => {
            if plan::getelde_deelnemers(s).is_empty() {
                return None;
            }
            let groepen = plan::beroepsgroepen(s).len() as u32;
            let voor = w.timing.voorbereiding_minuten.unwrap_or(PITCH_VOORBEREIDING);
            let per = w.timing.minuten_per_beroepsgroep.unwrap_or(PITCH_PER_BEROEPSGROEP)
                + w.timing
                    .vragen_minuten_per_beroepsgroep
                    .unwrap_or(PITCH_VRAGEN_PER_BEROEPSGROEP);
            Some((
                voor + per * groepen,
                format!("{voor} minuten voorbereiding + {per} minuten × {groepen} beroepsgroepen"),
            ))
        }
        _ => None,
    }
}

fn duur_afwijkend(cx: &Ctx) -> Vec<Bevinding> {
    let mut out = Vec::new();
    for (i, p) in cx.sessie.programma.iter().enumerate() {
        if let Some(d) = p.duur_override
            && !p.bouwsteen.duur.contains(d)
        {
            out.push(cx.finding(
                "duur-afwijkend",
                Ernst::Waarschuwing,
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
            out.push(cx.finding(
                "bouwsteen-dubbel",
                Ernst::Waarschuwing,
                format!("bouwsteen `{}` staat meer dan één keer in het programma; haal de dubbele weg als dat niet de bedoeling is.", p.bouwsteen.id),
                Some(i),
            ));
        }
    }
    out
}

fn volgorde(cx: &Ctx) -> Vec<Bevinding> {
    let prog = &cx.sessie.programma;
    let mut out = Vec::new();
    let advies =
        "de aanbevolen volgorde is: inloop eerst, afsluiting als laatste, de inhoudelijke bouwstenen daartussen";
    for (i, p) in prog.iter().enumerate() {
        if p.bouwsteen.id == "inloop" && i != 0 {
            out.push(cx.finding(
                "volgorde",
                Ernst::Waarschuwing,
                format!("`inloop` staat op plaats {}; {advies}.", i + 1),
                Some(i),
            ));
        }
        if p.bouwsteen.id == "afsluiting" && i + 1 != prog.len() {
            out.push(cx.finding(
                "volgorde",
                Ernst::Waarschuwing,
                format!("`afsluiting` staat op plaats {} van {}; {advies}.", i + 1, prog.len()),
                Some(i),
            ));
        }
    }
    out
}

fn datum_verleden(cx: &Ctx) -> Vec<Bevinding> {
    let d = cx.sessie.bijeenkomst.datum;
    if d >= cx.vandaag {
        return vec![];
    }
    vec![cx.finding(
        "datum-verleden",
        Ernst::Fout,
        format!(
            "de datum van de bijeenkomst, {}, ligt in het verleden (vandaag is {}). Zet de juiste `datum` onder [bijeenkomst].",
            nl::datum_lang(d),
            nl::datum_lang(cx.vandaag)
        ),
        None,
    )]
}

fn domeinen(cx: &Ctx) -> Vec<Bevinding> {
    let mut gezien: Vec<Domein> = cx.sessie.actieve_deelnemers().filter_map(|d| d.domein).collect();
    gezien.sort_by_key(|d| *d as u8);
    gezien.dedup();
    if gezien.len() != 1 {
        return vec![];
    }
    vec![cx.finding(
        "domeinen",
        Ernst::Waarschuwing,
        format!(
            "alle deelnemers met een domein komen uit het {} domein. De bijeenkomst is bedoeld om medisch, sociaal en informeel domein samen te brengen: nodig ook mensen uit de andere domeinen uit.",
            gezien[0].as_str()
        ),
        None,
    )]
}

fn privacy(cx: &Ctx) -> Vec<Bevinding> {
    let mut out = Vec::new();
    for c in &cx.sessie.eigen_casussen {
        let tekst = format!("{} {}", c.titel, c.tekst);
        let gezien = crate::privacy::scan(&tekst);
        if gezien.is_empty() {
            continue;
        }
        let index = cx
            .sessie
            .programma
            .iter()
            .position(|p| p.alle_casussen().iter().any(|x| x.id == c.id));
        out.push(cx.finding(
            "privacy",
            Ernst::Waarschuwing,
            format!(
                "eigen casus `{}` lijkt persoonsgegevens te bevatten: {}. Casuskaarten worden geprint en rondgegeven; maak de casus onherkenbaar zodat geen echt gezin te herleiden is.",
                c.id,
                gezien.join(", ")
            ),
            index,
        ));
    }
    out
}

fn leerdoelen(cx: &Ctx) -> Vec<Bevinding> {
    // A goal that is still the starter file's placeholder is no goal yet.
    if cx.sessie.bijeenkomst.leerdoelen.iter().any(|d| !is_invulplek(d)) {
        return vec![];
    }
    vec![cx.finding(
        "leerdoelen",
        Ernst::Waarschuwing,
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
        "invulling",
        Ernst::Fout,
        format!(
            "nog in te vullen ({INVUL_MARKER}): {}. Vervang de tekst met {INVUL_MARKER} door de echte gegevens.",
            open.join(", ")
        ),
        None,
    )]
}
