//! `draaiboek nieuw`: a commented starter session.
//!
//! On a terminal it asks for the essentials (each with a default in
//! [brackets]); every answer is also a flag, so scripts run it unattended.
//! What is not answered becomes a `VUL IN` placeholder that `controleer`
//! reports (rule `invulling`) until it is filled in. The file is written
//! atomically and never over an existing file.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

use crate::cli::NieuwArgs;
use crate::diag::SourceFile;
use crate::limits::{INVUL_EMAIL, INVUL_MARKER, MAX_MINUTEN, UITNODIGING_DAGEN};
use crate::{Failure, Outcome, Result, nl, session};

pub const STANDAARD_BESTAND: &str = "bijeenkomst.toml";
pub const STANDAARD_TITEL: &str = "Verdiepende bijeenkomst Kansrijke Start";
pub const STANDAARD_BEGINTIJD: &str = "13:30";
/// Weeks ahead for the default date: six weeks of invitation time plus two to prepare.
const STANDAARD_WEKEN_VOORUIT: i64 = 8;

/// The answers that go into the file; `None` becomes a placeholder.
#[derive(Debug, Clone, PartialEq)]
pub struct Antwoorden {
    pub titel: String,
    pub coalitie: Option<String>,
    pub datum: NaiveDate,
    pub begintijd: NaiveTime,
    pub locatie: Option<String>,
    pub organisator: Option<String>,
    pub email: Option<String>,
}

/// The first Thursday at least eight weeks after `vandaag`: room for the six
/// weeks of invitation time, on the day many coalitions meet.
pub fn standaard_datum(vandaag: NaiveDate) -> NaiveDate {
    let mut d = vandaag + Duration::weeks(STANDAARD_WEKEN_VOORUIT);
    while d.weekday() != Weekday::Thu {
        d += Duration::days(1);
    }
    d
}

/// A clock time, in exactly the forms the session file takes (`13:30`,
/// `13:30:00`); `13.30` or `half twee` get the text to write instead.
pub fn parse_tijd(s: &str) -> std::result::Result<NaiveTime, String> {
    crate::datetime::parse_time(s).map_err(|slip| slip.one_line(false))
}

/// A date, in exactly the form the session file takes (`2027-03-11`);
/// `11-03-2027` or `11 maart 2027` get the text to write instead.
pub fn parse_datum(s: &str) -> std::result::Result<NaiveDate, String> {
    crate::datetime::parse_date(s).map_err(|slip| slip.one_line(true))
}

fn parse_email(s: &str) -> std::result::Result<String, String> {
    if session::looks_like_email(s) {
        Ok(s.trim().to_string())
    } else {
        Err(format!(
            "`{}` lijkt geen e-mailadres; schrijf naam@organisatie.nl",
            s.trim()
        ))
    }
}

fn tekst(s: &str) -> std::result::Result<String, String> {
    Ok(s.trim().to_string())
}

/// Questions on a terminal; generic over the streams so it can be tested.
pub struct Vrager<R: BufRead, W: Write> {
    pub invoer: R,
    pub uitvoer: W,
}

/// The user closed the input (Ctrl-D): stop without writing anything.
#[derive(Debug)]
pub struct Afgebroken;

impl<R: BufRead, W: Write> Vrager<R, W> {
    /// Ask until the answer parses; an empty answer takes the default
    /// (`None`: the field stays a placeholder).
    fn vraag<T>(
        &mut self,
        label: &str,
        standaard: Option<(&str, T)>,
        parse: impl Fn(&str) -> std::result::Result<T, String>,
    ) -> std::result::Result<Option<T>, Afgebroken> {
        let getoond = standaard.as_ref().map_or("later invullen", |(s, _)| *s).to_string();
        let mut standaard = standaard.map(|(_, v)| v);
        loop {
            let _ = write!(self.uitvoer, "{label} [{getoond}]: ");
            let _ = self.uitvoer.flush();
            let mut line = String::new();
            match self.invoer.read_line(&mut line) {
                Ok(0) | Err(_) => return Err(Afgebroken),
                Ok(_) => {}
            }
            let line = line.trim();
            if line.is_empty() {
                return Ok(standaard.take());
            }
            match parse(line) {
                Ok(v) => return Ok(Some(v)),
                Err(e) => {
                    let _ = writeln!(
                        self.uitvoer,
                        "  {e}. Probeer het nog eens (Enter neemt de waarde tussen [ ])."
                    );
                }
            }
        }
    }

    /// Ask every essential the flags did not give.
    pub fn vul_aan(&mut self, mut a: Vraagstart, vandaag: NaiveDate) -> std::result::Result<Antwoorden, Afgebroken> {
        let _ = writeln!(
            self.uitvoer,
            "Een nieuwe bijeenkomst. Druk op Enter om de waarde tussen [ ] te nemen;\n\
             wat je nu niet weet, vul je later in het bestand in.\n"
        );
        if a.titel.is_none() {
            a.titel = self.vraag("Titel", Some((STANDAARD_TITEL, STANDAARD_TITEL.to_string())), tekst)?;
        }
        if a.coalitie.is_none() {
            a.coalitie = self.vraag("Naam van de coalitie", None, tekst)?;
        }
        if a.datum.is_none() {
            let d = standaard_datum(vandaag);
            let getoond = d.to_string();
            let na_vandaag = |s: &str| {
                let d = parse_datum(s)?;
                if d < vandaag {
                    return Err(format!("{} ligt in het verleden", nl::datum_lang(d)));
                }
                Ok(d)
            };
            a.datum = self.vraag("Datum (jjjj-mm-dd)", Some((&getoond, d)), na_vandaag)?;
            if let Some(d) = a.datum
                && d - Duration::days(UITNODIGING_DAGEN) < vandaag
            {
                let _ = writeln!(
                    self.uitvoer,
                    "  Let op: dat is minder dan zes weken vanaf vandaag; uitnodigen gaat dan krap."
                );
            }
        }
        if a.begintijd.is_none() {
            let t = parse_tijd(STANDAARD_BEGINTIJD).expect("valid default");
            a.begintijd = self.vraag("Begintijd (uu:mm)", Some((STANDAARD_BEGINTIJD, t)), parse_tijd)?;
        }
        if a.locatie.is_none() {
            a.locatie = self.vraag("Locatie (adres en zaal)", None, tekst)?;
        }
        if a.organisator.is_none() {
            a.organisator = self.vraag("Jouw naam (organisator)", None, tekst)?;
        }
        if a.email.is_none() {
            a.email = self.vraag("Jouw e-mailadres", None, parse_email)?;
        }
        Ok(a.af(vandaag))
    }
}

/// Answers gathered so far (flags first, then questions).
#[derive(Debug, Default, Clone)]
pub struct Vraagstart {
    pub titel: Option<String>,
    pub coalitie: Option<String>,
    pub datum: Option<NaiveDate>,
    pub begintijd: Option<NaiveTime>,
    pub locatie: Option<String>,
    pub organisator: Option<String>,
    pub email: Option<String>,
}

impl Vraagstart {
    fn af(self, vandaag: NaiveDate) -> Antwoorden {
        let leeg = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        Antwoorden {
            titel: leeg(self.titel).unwrap_or_else(|| STANDAARD_TITEL.to_string()),
            coalitie: leeg(self.coalitie),
            datum: self.datum.unwrap_or_else(|| standaard_datum(vandaag)),
            begintijd: self
                .begintijd
                .unwrap_or_else(|| parse_tijd(STANDAARD_BEGINTIJD).expect("valid default")),
            locatie: leeg(self.locatie),
            organisator: leeg(self.organisator),
            email: leeg(self.email),
        }
    }
}

/// Flags → answers, validating the ones that have a format.
fn uit_flags(args: &NieuwArgs) -> Result<Vraagstart> {
    let begintijd = match &args.begintijd {
        Some(t) => Some(parse_tijd(t).map_err(|e| super::invoerfout(e, "bijvoorbeeld --begintijd 13:30".into()))?),
        None => None,
    };
    let email = match args.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => {
            Some(parse_email(e).map_err(|m| super::invoerfout(m, "bijvoorbeeld --email naam@gemeente.nl".into()))?)
        }
        None => None,
    };
    Ok(Vraagstart {
        titel: args.titel.clone(),
        coalitie: args.coalitie.clone(),
        datum: args.datum,
        begintijd,
        locatie: args.locatie.clone(),
        organisator: args.organisator.clone(),
        email,
    })
}

/// A TOML string, escaped by toml_edit so quotes or backslashes in a title
/// cannot break the file.
fn toml_str(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_string()
}

fn of_invullen(v: &Option<String>, wat: &str) -> String {
    toml_str(v.as_deref().unwrap_or(&format!("{INVUL_MARKER}: {wat}")))
}

/// The starter file: a comment on every key, a valid programme of 110 minutes.
pub fn sjabloon(a: &Antwoorden) -> String {
    let uiterst = a.datum - Duration::days(UITNODIGING_DAGEN);
    let email = toml_str(a.email.as_deref().unwrap_or(INVUL_EMAIL));
    format!(
        r#"# Sessiebestand voor een verdiepende bijeenkomst Kansrijke Start,
# gemaakt met `draaiboek nieuw`. Regels die met # beginnen zijn uitleg;
# die mag je laten staan of weghalen.
#
# Waar {marker} staat, moet je nog iets invullen. `draaiboek controleer`
# meldt die plekken, tot alles is ingevuld.

[bijeenkomst]
# De titel: bovenaan de agenda en in de uitnodiging.
titel = {titel}
# De naam van jullie lokale coalitie Kansrijke Start.
coalitie = {coalitie}
# De dag van de bijeenkomst (jaar-maand-dag).
datum = {datum}
# Hoe laat het programma begint (uur:minuut:seconde). Het duurt hoogstens twee uur.
begintijd = {begintijd}
# Waar het is: adres en zaal, zoals deelnemers het in hun agenda zien.
locatie = {locatie}
# Het aantal deelnemers dat je verwacht (advies: 12 tot 20). Staan de
# deelnemers hieronder in [[deelnemers]], haal deze regel dan weg: dan telt
# draaiboek de aanmeldingen zelf.
verwacht_aantal = 16
# Waarom deze bijeenkomst, in je eigen woorden. Dit komt in de uitnodiging.
aanleiding = {aanleiding}
# Wat de deelnemers na afloop weten of kunnen. Spreek dit af met de coalitie:
# het programma volgt uit deze leerdoelen.
leerdoelen = [
  {leerdoel},
]
# De dag waarop de uitnodiging verstuurd wordt. Uiterlijk {uiterst_lang}
# (zes weken vooraf). Haal het # weg zodra je de datum weet:
# uitnodiging = {uiterst}
# Waar het document van het Erasmus MC en de gemeente Rotterdam staat, met de
# vier gradaties van kwetsbaarheid en het stroomschema (een pad of webadres).
# De hand-out voor de deelnemers noemt het. Haal het # weg en vul in:
# definitie_document = "..."
# Kunnen de deelnemers accreditatiepunten krijgen? Dan krijgt de
# presentielijst een kolom voor het registratienummer (BIG of kwaliteitsregister):
# accreditatie = true

[organisator]
# Jij, de trekker: je naam en e-mailadres staan onder elke uitnodiging.
naam = {naam}
email = {email}
# Functie, organisatie en telefoon zijn niet verplicht. Haal het # weg om ze te gebruiken:
# functie = "Projectleider Kansrijke Start"
# organisatie = "Gemeente ..."
# telefoon = "06 ..."

# Informele tijd buiten de twee uur, in minuten: een lunch vóór de begintijd
# en een borrel na afloop. Haal de # weg om ze te gebruiken:
# [informeel]
# lunch = 30
# borrel = 30

# Het programma: de bouwstenen in volgorde, samen hoogstens {max} minuten.
# Dit voorbeeld duurt 110 minuten. Alle bouwstenen en werkvormen zie je met
# `draaiboek bouwstenen`; wijzigen kan met `draaiboek voeg-toe` en
# `draaiboek verwijder`, en `draaiboek agenda` toont de kloktijden.

[[programma]]
# Binnenkomen, naambordje maken, iets te drinken (15 minuten).
bouwsteen = "inloop"

[[programma]]
# Welkom en uitleg van het programma.
bouwsteen = "welkom"
# De duur in minuten; geadviseerd is 10 tot 15.
duur = 10

[[programma]]
# Nadere kennismaking (20 minuten).
bouwsteen = "kennismaking"
# In groepjes van drie, drie korte rondes. Een andere keuze is "bol-wol".
werkvorm = "speeddate"

[[programma]]
# De definitie van kwetsbaarheid bespreken (50 minuten).
bouwsteen = "kwetsbaarheid"
# Elk groepje bespreekt een andere casus. Andere keuzes:
# "definitie-gesprek" of "factoren-flipover".
werkvorm = "casus-factoren"
# De casuskaarten, één per groepje (alle casussen: `draaiboek casussen`).
casussen = ["youssef", "kasia-pjotr", "selma", "samira"]

[[programma]]
# Afsluiting: hoe gaan we verder? (15 minuten)
bouwsteen = "afsluiting"

# Een quiz met cijfers over jullie gemeente, bij het welkom (niet verplicht).
# Haal de # weg en vul in; herhaal het blok voor elke vraag:
# [[quiz]]
# vraag = "Hoeveel kinderen zijn er vorig jaar in onze gemeente geboren?"
# antwoord = "..."
# bron = "waarstaatjegemeente.nl"

# Een eigen casus uit jullie praktijk (niet verplicht). De kaarten gaan
# geprint rond bij collega's van andere organisaties: schrijf zo dat niemand
# het gezin herkent. Een voornaam met leeftijd mag ("Dewi (19)"); een
# achternaam, adres, geboortedatum of BSN niet. `draaiboek controleer` wijst
# aan wat er toch in staat. Is iets verzonnen of al onherkenbaar gemaakt, zet
# het dan in `gecontroleerd`; draaiboek noemt het dan bij elke controle.
# Zet de id ook bij `casussen` van de bouwsteen waar de casus speelt.
# [[casus]]
# id = "eigen-1"
# titel = "..."
# tekst = "..."
# gecontroleerd = []        # bijvoorbeeld ["Dewi de Haan"] als die naam verzonnen is

# De deelnemers: één blok per persoon. Of houd ze bij in een spreadsheet en
# zet onder [bijeenkomst]: deelnemers_csv = "deelnemers.csv"
# [[deelnemers]]
# naam = "..."
# email = "..."
# organisatie = "..."
# functie = "..."
# domein = "medisch"        # medisch, sociaal of informeel
# elearning = false         # zet op true als de e-learning gedaan is
# status = "uitgenodigd"    # uitgenodigd, aangemeld of afgemeld
# dieet = "vegetarisch"     # alleen voor jou: telt mee in de benodigdheden
# registratienummer = "..." # BIG of kwaliteitsregister, alleen voor de presentielijst

# Wie doet wat, en wat kost het (niet verplicht):
# [[taken]]
# wie = "..."
# wat = "Casuskaarten printen"
# wanneer = "voor"          # voor, tijdens of na
#
# [[kosten]]
# post = "Zaalhuur"
# bedrag = 0.00
"#,
        marker = INVUL_MARKER,
        titel = toml_str(&a.titel),
        coalitie = of_invullen(&a.coalitie, "naam van de coalitie"),
        datum = a.datum,
        begintijd = a.begintijd.format("%H:%M:%S"),
        locatie = of_invullen(&a.locatie, "adres en zaal"),
        aanleiding = toml_str(&format!("{INVUL_MARKER}: waarom organiseren jullie deze bijeenkomst?")),
        leerdoel = toml_str(&format!("{INVUL_MARKER}: wat weten of kunnen de deelnemers na afloop?")),
        uiterst_lang = nl::datum_lang(uiterst),
        uiterst = uiterst,
        naam = of_invullen(&a.organisator, "je naam"),
        email = email,
        max = MAX_MINUTEN,
    )
}

fn bestaat_al(pad: &Path) -> Failure {
    let stam = pad
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bijeenkomst".into());
    super::invoerfout(
        format!(
            "{} bestaat al; draaiboek overschrijft nooit een bestaand bestand",
            pad.display()
        ),
        format!(
            "kies een andere naam, bijvoorbeeld `draaiboek nieuw {stam}-2.toml`, of pas het bestaande bestand aan \
             (met `draaiboek voeg-toe` en `draaiboek verwijder`)"
        ),
    )
}

pub fn run(lib_dir: Option<&Path>, args: &NieuwArgs) -> Result<Outcome> {
    let pad: PathBuf = args.bestand.clone().unwrap_or_else(|| PathBuf::from(STANDAARD_BESTAND));
    // Fail before asking anything; the final write checks again without a race.
    if pad.symlink_metadata().is_ok() {
        return Err(bestaat_al(&pad));
    }
    let lib = session::load_library(lib_dir)?;
    let vandaag = super::vandaag(args.vandaag);
    let start = uit_flags(args)?;
    let interactief = !args.niet_interactief && std::io::stdin().is_terminal();
    let antwoorden = if interactief {
        let mut v = Vrager {
            invoer: std::io::stdin().lock(),
            uitvoer: crate::shell::ErrWriter,
        };
        v.vul_aan(start, vandaag).map_err(|_| {
            super::invoerfout(
                "afgebroken; er is geen bestand geschreven".into(),
                "start opnieuw met `draaiboek nieuw`, of geef alles mee als opties (zie `draaiboek nieuw --help`)"
                    .into(),
            )
        })?
    } else {
        start.af(vandaag)
    };
    let tekst = sjabloon(&antwoorden);

    // The starter must load; if it does not, that is our bug, not the user's.
    let sessie = session::load_source(SourceFile::new(&pad, tekst.clone()), &lib).map_err(|e| {
        Failure::Other(anyhow::anyhow!(
            "het nieuwe sessiebestand klopt niet met de bibliotheek (dit is een fout in draaiboek):\n{}",
            e.render(false)
        ))
    })?;
    if !crate::write::write_new(&pad, tekst.as_bytes())? {
        return Err(bestaat_al(&pad));
    }

    crate::outln!("{} geschreven.\n", pad.display());
    crate::out!(
        "{}",
        crate::render::terminal::agenda(&crate::plan::Planning::new(&sessie, &lib, 0))
    );
    let open: Vec<&str> = [
        ("coalitie", antwoorden.coalitie.is_none()),
        ("locatie", antwoorden.locatie.is_none()),
        ("naam van de organisator", antwoorden.organisator.is_none()),
        ("e-mailadres", antwoorden.email.is_none()),
        ("aanleiding", true),
        ("leerdoelen", true),
    ]
    .into_iter()
    .filter_map(|(k, open)| open.then_some(k))
    .collect();
    crate::outln!(
        "\nNog in te vullen (gemarkeerd met {INVUL_MARKER}): {}.\nDaarna: draaiboek controleer {}",
        nl::opsomming(&open.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
        pad.display()
    );
    Ok(Outcome::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn default_date_is_a_thursday_at_least_eight_weeks_ahead() {
        // 2026-06-01 is a Monday; +56 days = Monday 2026-07-27; next Thursday 2026-07-30.
        assert_eq!(standaard_datum(d("2026-06-01")), d("2026-07-30"));
        // Already a Thursday after exactly eight weeks: that day.
        assert_eq!(standaard_datum(d("2026-06-04")), d("2026-07-30"));
    }

    #[test]
    fn times_and_dates_as_the_session_file_takes_them() {
        for s in ["13:30", " 13:30:00 "] {
            assert_eq!(
                parse_tijd(s).unwrap(),
                NaiveTime::from_hms_opt(13, 30, 0).unwrap(),
                "{s}"
            );
        }
        for s in ["13.30", "1330", "half twee"] {
            assert!(parse_tijd(s).unwrap_err().ends_with("schrijf 13:30"), "{s}");
        }
        assert!(parse_tijd("25:00").unwrap_err().contains("25 uur bestaat niet"));
        assert_eq!(parse_datum("2027-03-11").unwrap(), d("2027-03-11"));
        for s in ["11-03-2027", "11 maart 2027", "2027-3-11"] {
            assert!(parse_datum(s).unwrap_err().ends_with("schrijf 2027-03-11"), "{s}");
        }
        assert!(
            parse_datum("2027-02-29")
                .unwrap_err()
                .contains("februari 2027 heeft 28 dagen")
        );
    }

    #[test]
    fn questions_reask_on_bad_input_and_take_defaults() {
        let input = "\nCoalitie \"Noord\"\n11-03-2027\n2020-03-11\n2027-03-11\n25:00\n9.15\n09:15\nZaal 1\nFatima\ngeen-adres\nf@x.nl\n";
        let mut out = Vec::new();
        let mut v = Vrager {
            invoer: input.as_bytes(),
            uitvoer: &mut out,
        };
        let a = v.vul_aan(Vraagstart::default(), d("2026-06-01")).unwrap();
        let shown = String::from_utf8(out).unwrap();
        assert_eq!(a.titel, STANDAARD_TITEL);
        assert_eq!(a.coalitie.as_deref(), Some("Coalitie \"Noord\""));
        assert_eq!(a.datum, d("2027-03-11"));
        assert_eq!(a.begintijd, NaiveTime::from_hms_opt(9, 15, 0).unwrap());
        assert_eq!(a.email.as_deref(), Some("f@x.nl"));
        assert!(shown.contains("Datum (jjjj-mm-dd) [2026-07-30]"), "{shown}");
        assert!(shown.contains("ligt in het verleden"), "{shown}");
        assert!(
            shown.contains("`11-03-2027` is een datum, maar niet in de vorm jaar-maand-dag; schrijf 2027-03-11"),
            "{shown}"
        );
        assert!(shown.contains("25 uur bestaat niet"), "{shown}");
        assert!(shown.contains("schrijf 09:15"), "{shown}");
        assert!(shown.contains("lijkt geen e-mailadres"), "{shown}");
    }

    #[test]
    fn end_of_input_aborts() {
        let mut v = Vrager {
            invoer: "Titel\n".as_bytes(),
            uitvoer: Vec::new(),
        };
        assert!(v.vul_aan(Vraagstart::default(), d("2026-06-01")).is_err());
    }

    #[test]
    fn quotes_in_answers_stay_inside_the_string() {
        let a = Vraagstart {
            titel: Some("Titel met \"aanhalingstekens\" en \\ backslash\nen regel".into()),
            ..Default::default()
        }
        .af(d("2026-06-01"));
        let text = sjabloon(&a);
        let doc: toml_edit::DocumentMut = text.parse().expect("valid TOML");
        assert_eq!(doc["bijeenkomst"]["titel"].as_str(), Some(a.titel.as_str()));
        assert_eq!(
            doc["bijeenkomst"]["coalitie"].as_str(),
            Some("VUL IN: naam van de coalitie")
        );
    }
}
