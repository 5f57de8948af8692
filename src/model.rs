//! The domain types: the content library (bouwstenen, werkvormen, casussen)
//! and a session (bijeenkomst, programma, deelnemers, …).
//!
//! Types are plain data; loading lives in `library` and `session`, rules in
//! `check`, arithmetic on time and groups in `plan`.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// One mechanism for the enums whose values are written as ids in TOML or
/// CSV: the list of ids (for "did you mean"), parsing and the id itself come
/// from one table, so they cannot drift apart.
macro_rules! id_enum {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $variant:ident = $id:literal),+ $(,)? }) => {
        $(#[$m])*
        pub enum $name { $($(#[$vm])* $variant),+ }
        impl $name {
            pub const IDS: &'static [&'static str] = &[$($id),+];
            pub fn from_id(id: &str) -> Option<Self> {
                match id { $($id => Some(Self::$variant),)+ _ => None }
            }
            pub fn as_str(&self) -> &'static str {
                match self { $(Self::$variant => $id),+ }
            }
        }
    };
}

/// A duration in minutes: a single number (`min == max`) or a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duur {
    pub min: u32,
    pub max: u32,
}

impl Duur {
    pub fn contains(&self, minutes: u32) -> bool {
        (self.min..=self.max).contains(&minutes)
    }
}

impl std::fmt::Display for Duur {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.min == self.max {
            write!(f, "{} min", self.min)
        } else {
            write!(f, "{}–{} min", self.min, self.max)
        }
    }
}

id_enum! {
    /// How participants are grouped for a werkvorm.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Groepsvorm {
        /// Everyone together (also a circle).
        Plenair = "plenair",
        Individueel = "individueel",
        Tweetallen = "tweetallen",
        Drietallen = "drietallen",
        /// Mixed groups of 3–4 across domains.
        Gemengd = "gemengd",
        /// One group per profession; a lone professional works alone.
        PerBeroep = "per-beroep",
        /// One group per organisation.
        PerOrganisatie = "per-organisatie",
    }
}

impl Groepsvorm {
    /// Dutch description for documents.
    pub fn omschrijving(&self) -> &'static str {
        match self {
            Self::Plenair => "met de hele groep",
            Self::Individueel => "ieder voor zich",
            Self::Tweetallen => "in tweetallen",
            Self::Drietallen => "in groepjes van drie",
            Self::Gemengd => {
                "in gemengde groepjes, met verschillende domeinen door elkaar (ons voorstel: 3 of 4 per groepje)"
            }
            Self::PerBeroep => "per beroepsgroep (wie als enige van een beroep is, werkt alleen)",
            Self::PerOrganisatie => "per organisatie of praktijk",
        }
    }

    /// Whether this form splits the participants into groups that need a plan.
    pub fn splits(&self) -> bool {
        !matches!(self, Self::Plenair | Self::Individueel)
    }
}

id_enum! {
    /// Whether a werkvorm needs case cards.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum CasusBehoefte {
        Geen = "geen",
        /// Each group gets its own case (`casussen = [...]` in the session).
        PerGroep = "per-groep",
        /// One case for the whole group (`casus = "..."` in the session).
        Een = "een",
    }
}

id_enum! {
    /// Where a piece of content comes from.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Bron {
        /// The draaiboek verdiepende bijeenkomst (Pharos / Augeo, 2026).
        Draaiboek = "draaiboek",
        /// The training module on multidisciplinary collaboration.
        Module = "module",
        /// The research summary "Krachten bundelen".
        Samenvatting = "samenvatting",
        /// Written by the trekker, in a session or an own library.
        Eigen = "eigen",
    }
}

impl Bron {
    pub fn omschrijving(&self) -> &'static str {
        match self {
            Self::Draaiboek => "draaiboek verdiepende bijeenkomst (Pharos, Augeo Foundation)",
            Self::Module => "module multidisciplinaire samenwerking",
            Self::Samenvatting => "samenvatting Krachten bundelen",
            Self::Eigen => "eigen materiaal",
        }
    }
}

id_enum! {
    /// What a material's quantity depends on.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Per {
        /// One (or `aantal`) for the whole session.
        Bijeenkomst = "bijeenkomst",
        Deelnemer = "deelnemer",
        Groep = "groep",
    }
}

/// A material, possibly counted per participant or per group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Benodigdheid {
    pub wat: String,
    /// `None`: no quantity (e.g. "stiften").
    pub per: Option<Per>,
    pub aantal: u32,
}

/// Printable material that `maak` can produce in `materiaal.html`.
pub const DRUKWERK: &[&str] = &[
    "naambordje",
    "flipover-kolommen",
    "kaartenspel",
    "tijdlijn",
    "definitie",
];

id_enum! {
    /// Where a block belongs in the programme, as the library says.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Plaats {
        /// The reception before `begintijd` (first in the programme, not part of the two hours).
        VoorBegin = "voor-begin",
        /// First in the programme.
        Eerst = "eerst",
        /// Last in the programme.
        Laatst = "laatst",
    }
}

id_enum! {
    /// The kind of formula behind a work format's computed time.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum BerekeningSoort {
        /// `minuten_per_deelnemer` × the participants counted.
        PerDeelnemer = "per-deelnemer",
        /// `voorbereiding_minuten` + (`minuten_per_beroepsgroep` +
        /// `vragen_minuten_per_beroepsgroep`) × the profession groups.
        PerBeroepsgroep = "per-beroepsgroep",
    }
}

/// A named set of questions (plenary questions, reflection, closing question…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vragenblok {
    pub titel: String,
    pub vragen: Vec<String>,
}

/// Timing facts of a werkvorm; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub rondes: Option<u32>,
    pub minuten_per_ronde: Option<u32>,
    pub minuten_per_persoon: Option<u32>,
    pub minuten_per_deelnemer: Option<u32>,
    pub minuten_per_beroepsgroep: Option<u32>,
    pub vragen_minuten_per_beroepsgroep: Option<u32>,
    pub voorbereiding_minuten: Option<u32>,
    pub individueel_minuten: Option<u32>,
    pub plenair_minuten: Option<u32>,
    /// Free text, e.g. "bij 10 deelnemers ongeveer 20 minuten".
    pub toelichting: Option<String>,
    /// The formula the `werkvorm-te-lang` rule computes, when the library gives one.
    pub berekening: Option<BerekeningSoort>,
    /// What to do when the computed time does not fit the block.
    pub te_lang_advies: Option<String>,
}

/// A part of a bouwsteen (e.g. block 5's "aanbod" and "afspraken").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Onderdeel {
    pub id: String,
    pub titel: String,
    pub optioneel: bool,
    pub tekst: String,
    pub vragen: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Werkvorm {
    pub id: String,
    pub titel: String,
    /// The part of the block it belongs to, if the block has parts.
    pub onderdeel: Option<String>,
    pub optioneel: bool,
    /// A warm-up that can be combined with another werkvorm of the block.
    pub opwarmer: bool,
    pub groepsvorm: Groepsvorm,
    pub casussen: CasusBehoefte,
    pub bron: Bron,
    pub samenvatting: String,
    /// Preparation before the day.
    pub voorbereiding: Vec<String>,
    /// The steps during the session, in order.
    pub stappen: Vec<String>,
    /// The main questions (replaceable by the session's `vragen`).
    pub vragen: Vec<String>,
    pub vragenblokken: Vec<Vragenblok>,
    pub benodigdheden: Vec<Benodigdheid>,
    pub drukwerk: Vec<String>,
    pub timing: Timing,
    pub tips: Vec<String>,
    /// Notes for the room (`zaal`) and the technical equipment (`techniek`).
    pub zaal: Vec<String>,
    pub techniek: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bouwsteen {
    pub id: String,
    pub nummer: u32,
    pub titel: String,
    pub duur: Duur,
    pub samenvatting: String,
    pub doelen: Vec<String>,
    pub benodigdheden: Vec<Benodigdheid>,
    pub drukwerk: Vec<String>,
    /// The facilitator's introduction, in the trekker's voice.
    pub introductie: Option<String>,
    /// Background the facilitator needs (e.g. the definition of kwetsbaarheid).
    pub achtergrond: Option<String>,
    pub tips: Vec<String>,
    pub onderdelen: Vec<Onderdeel>,
    pub werkvormen: Vec<Werkvorm>,
    /// Where the block belongs in the programme (`plaats` in the library).
    pub plaats: Option<Plaats>,
    /// A block the programme always keeps (never proposed to drop).
    pub vast: bool,
    /// The block where the welcome quiz of the session is played.
    pub quiz: bool,
    /// Questions for the printed evaluation form (`evaluatievragen`).
    pub evaluatievragen: Vec<String>,
}

impl Bouwsteen {
    /// The reception before the start: not part of the two hours.
    pub fn voor_begin(&self) -> bool {
        self.plaats == Some(Plaats::VoorBegin)
    }

    pub fn werkvorm(&self, id: &str) -> Option<&Werkvorm> {
        self.werkvormen.iter().find(|w| w.id == id)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Casus {
    pub id: String,
    pub nummer: u32,
    pub titel: String,
    pub tekst: String,
    pub bron: Bron,
    /// A case of the session's own: where its texts stand in the session
    /// file and what the trekker marked as checked (not in the library).
    #[serde(skip)]
    pub eigen: Option<std::sync::Arc<EigenCasus>>,
}

/// Where an own case (`[[casus]]`) stands in the session file, for the
/// privacy rule's file, line and column.
#[derive(Debug)]
pub struct EigenCasus {
    pub bron: std::sync::Arc<crate::diag::SourceFile>,
    /// The spans of the values of `titel` and `tekst`.
    pub titel: Option<std::ops::Range<usize>>,
    pub tekst: Option<std::ops::Range<usize>>,
    /// `gecontroleerd = ["…"]`: texts the trekker checked and made
    /// unrecognisable, each with the span of its item.
    pub gecontroleerd: Vec<(String, std::ops::Range<usize>)>,
}

impl PartialEq for EigenCasus {
    fn eq(&self, other: &Self) -> bool {
        self.bron.name == other.bron.name
            && self.titel == other.titel
            && self.tekst == other.tekst
            && self.gecontroleerd == other.gecontroleerd
    }
}

impl Casus {
    /// The first sentence or line, for listings.
    pub fn eerste_regel(&self) -> String {
        let first = self.tekst.trim().lines().next().unwrap_or("").trim();
        match first.find(". ") {
            Some(i) => first[..=i].to_string(),
            None => first.to_string(),
        }
    }
}

/// One step of the advised retro-planning (`planning/*.toml` in the library).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Terugplanstap {
    /// Also the key of the session's `[planning]` table that overrides it.
    pub id: String,
    pub wat: String,
    pub toelichting: String,
    /// Who does it or whom it is for.
    pub wie: String,
    /// Days before the meeting (negative: after).
    pub dagen_voor: i64,
    /// Only when the programme uses case cards.
    pub alleen_met_casussen: bool,
    /// The session's own `uitnodiging` date, when given, sets this step's date.
    pub uitnodiging: bool,
}

/// The whole content library.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bibliotheek {
    pub bouwstenen: Vec<Bouwsteen>,
    pub casussen: Vec<Casus>,
    /// The advised retro-planning, in file order.
    pub planning: Vec<Terugplanstap>,
    /// The general materials for the whole day (the draaiboek's step 3),
    /// whatever the programme: `benodigdheden` in the planning file.
    pub benodigdheden: Vec<Benodigdheid>,
    /// Functions whose domain is known (`planning/beroepen.toml`), as
    /// [`crate::vergelijk::vergelijkbaar`] writes them: for a proposed `domein`.
    pub beroepen: Vec<(String, Domein)>,
}

impl Bibliotheek {
    pub fn bouwsteen(&self, id: &str) -> Option<&Bouwsteen> {
        self.bouwstenen.iter().find(|b| b.id == id)
    }
    pub fn casus(&self, id: &str) -> Option<&Casus> {
        self.casussen.iter().find(|c| c.id == id)
    }
    /// The domain the library knows for a function ("verpleegkundige
    /// POP-poli" → medisch), by its longest known function among its words.
    pub fn domein_van_functie(&self, functie: &str) -> Option<Domein> {
        let woorden = |s: &str| {
            let s = crate::vergelijk::vergelijkbaar(&s.replace(['-', ',', '/', '(', ')'], " "));
            format!(" {s} ")
        };
        let f = woorden(functie);
        self.beroepen
            .iter()
            .filter(|(k, _)| f.contains(&woorden(k)))
            .max_by_key(|(k, _)| k.len())
            .map(|(_, d)| *d)
    }
}

// ---------------------------------------------------------------- session

id_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Domein {
        Medisch = "medisch",
        Sociaal = "sociaal",
        Informeel = "informeel",
    }
}

id_enum! {
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "lowercase")]
    pub enum DeelnemerStatus {
        #[default]
        Uitgenodigd = "uitgenodigd",
        Aangemeld = "aangemeld",
        Afgemeld = "afgemeld",
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Deelnemer {
    pub naam: String,
    pub email: Option<String>,
    pub organisatie: Option<String>,
    pub functie: Option<String>,
    pub domein: Option<Domein>,
    pub elearning: bool,
    pub status: DeelnemerStatus,
    /// The first name for the salutation, when given separately.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voornaam: Option<String>,
    /// The trekker's own salutation ("Geachte mevrouw De Boer", or just a
    /// name after "Beste"); wins over the rule in [`crate::aanhef`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aanhef: Option<String>,
    /// Agrees to share the e-mail address with the group (`None`: not asked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delen: Option<bool>,
    /// After the meeting: came or not (`None`: not recorded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aanwezig: Option<bool>,
    /// Her own identity (`id`), when the session gives one: see
    /// `levensloop::id_van`.
    #[serde(skip)]
    pub id: Option<String>,
    /// Where the entry was written, for messages about it.
    #[serde(skip)]
    pub herkomst: Option<Herkomst>,
    /// For the trekker only (catering, attendance list): never serialized,
    /// so no template a participant receives can show it.
    #[serde(skip)]
    pub prive: Prive,
}

/// What a participant tells the trekker alone: a dietary wish and the
/// registration number (BIG or a quality register) for accreditation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prive {
    pub dieet: Option<String>,
    pub registratienummer: Option<String>,
}

/// The file and line (TOML line or CSV row) an entry comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Herkomst {
    pub bestand: String,
    pub regel: usize,
}

impl std::fmt::Display for Herkomst {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.bestand, self.regel)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SessieStatus {
    Gepland,
    Geannuleerd,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bijeenkomst {
    pub titel: String,
    pub coalitie: String,
    pub datum: NaiveDate,
    pub begintijd: NaiveTime,
    pub locatie: String,
    pub uitnodiging: Option<NaiveDate>,
    pub verwacht_aantal: Option<u32>,
    pub elearning_url: String,
    pub aanleiding: Option<String>,
    /// Where the Erasmus MC / Rotterdam definition document with the four
    /// gradations and the flow chart is: a path or a URL, as given.
    pub definitie_document: Option<String>,
    pub versie: u32,
    pub status: SessieStatus,
    pub leerdoelen: Vec<String>,
    /// The coalition's own question for the evaluation form.
    pub evaluatievraag: Option<String>,
    /// `accreditatie = true`: the attendance list asks for registration numbers.
    pub accreditatie: bool,
    /// The trekker's own templates (`sjablonen = "mijn-sjablonen"`), relative
    /// to the session file; every command that renders uses them.
    #[serde(skip)]
    pub sjablonen: Option<std::path::PathBuf>,
}

/// The e-learning's own page. The draaiboek prints it as
/// "kansrijkestart.nl/bijtscholing", a slip for "bijscholing" (the Dutch word).
pub const ELEARNING_URL: &str = "https://www.kansrijkestart.nl/bijscholing";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisator {
    pub naam: String,
    pub functie: Option<String>,
    pub organisatie: Option<String>,
    pub email: String,
    pub telefoon: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Informeel {
    /// Minutes of lunch before `begintijd`.
    pub lunch: u32,
    /// Minutes of borrel after the programme.
    pub borrel: u32,
}

/// One `[[programma]]` entry as written; ids resolved against the library.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgrammaItem {
    pub bouwsteen: Bouwsteen,
    pub werkvormen: Vec<Werkvorm>,
    /// The `duur` override, if any.
    pub duur_override: Option<u32>,
    /// The session's own questions, replacing the werkvorm's.
    pub vragen: Option<Vec<String>>,
    /// Cases for werkvormen that give each group its own case.
    pub casussen: Vec<Casus>,
    /// The single case for rollenspel / klantreis.
    pub casus: Option<Casus>,
    /// Free notes of the trekker for this block.
    pub notitie: Option<String>,
    /// `vragen_minuten_per_beroepsgroep` for this block: overrides the
    /// library's assumption of the minutes of questions per profession group.
    pub vragen_minuten: Option<u32>,
}

impl ProgrammaItem {
    /// Minutes this block takes: the override, else the upper bound.
    pub fn duur(&self) -> u32 {
        self.duur_override.unwrap_or(self.bouwsteen.duur.max)
    }
    /// Every case this block uses, `casussen` first.
    pub fn alle_casussen(&self) -> Vec<&Casus> {
        self.casussen.iter().chain(self.casus.iter()).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuizVraag {
    pub vraag: String,
    pub antwoord: Option<String>,
    pub bron: Option<String>,
}

id_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Wanneer {
        Voor = "voor",
        Tijdens = "tijdens",
        Na = "na",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Taak {
    pub wie: String,
    pub wat: String,
    pub wanneer: Wanneer,
    pub bouwsteen: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kostenpost {
    pub post: String,
    pub bedrag: f64,
    pub betaald_uit: Option<String>,
}

/// An agreement made at the meeting (`[[afspraken]]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Afspraak {
    pub wie: Option<String>,
    pub wat: String,
    /// A date or a text ("voor 1 juni"), as written.
    pub wanneer: Option<String>,
}

/// What the trekker writes down after the meeting (`[verslag]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VerslagInvoer {
    pub inzichten: Vec<String>,
    pub vervolg: Option<String>,
}

/// A loaded, resolved session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sessie {
    /// Path of the session file.
    #[serde(skip)]
    pub pad: std::path::PathBuf,
    pub bijeenkomst: Bijeenkomst,
    pub organisator: Organisator,
    pub informeel: Informeel,
    pub programma: Vec<ProgrammaItem>,
    pub quiz: Vec<QuizVraag>,
    pub deelnemers: Vec<Deelnemer>,
    pub taken: Vec<Taak>,
    pub kosten: Vec<Kostenpost>,
    /// The session's own case cards (`[[casus]]`).
    pub eigen_casussen: Vec<Casus>,
    /// `[planning]`: the trekker's own days-before for retro-planning steps
    /// (step id → days), overriding the library's advice.
    pub planning: Vec<(String, i64)>,
    /// After the meeting: the agreements made (`[[afspraken]]`).
    pub afspraken: Vec<Afspraak>,
    /// After the meeting: insights and the next step (`[verslag]`).
    pub verslag: VerslagInvoer,
    /// What went out (`[[verstuurd]]`, written by `draaiboek verstuurd`).
    #[serde(skip)]
    pub verstuurd: Vec<crate::levensloop::Zending>,
}

impl Sessie {
    /// Participants who have not cancelled, in file order.
    pub fn actieve_deelnemers(&self) -> impl Iterator<Item = &Deelnemer> {
        self.deelnemers.iter().filter(|d| d.status != DeelnemerStatus::Afgemeld)
    }
}
