//! `draaiboek verstuurd`: record in the session file that the letters `maak`
//! made for the current version went out (to everyone owed one, or to the
//! people named), as a `[[verstuurd]]` table, edited in place (comments,
//! line ends, a BOM and the file's permissions stay).
//!
//! Before it writes, it makes sure the drafts in the output folder are the
//! ones this session makes now (`export::concepten`): what it records as
//! sent must be what the trekker could have sent.

use std::path::Path;

use chrono::NaiveDate;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value, value};

use crate::cli::SessieArgs;
use crate::diag::{Diagnostic, SourceFile};
use crate::export::concepten::{self, Concepten};
use crate::export::{Ontvanger, slug};
use crate::levensloop::{Feiten, Levensloop, Soort, eenregelig, id_van, sleutel};
use crate::plan::Planning;
use crate::{Failure, Outcome, Result, session};

const BOM: &str = "\u{feff}";

const KOP: &str = "# Wat er verstuurd is. `draaiboek verstuurd` schrijft dit; verander het niet met de hand:\n\
# draaiboek leest hier wie welke versie kreeg, en wie dus een wijziging of afzegging moet krijgen.\n";

pub fn run(
    lib_dir: Option<&Path>,
    args: &SessieArgs,
    namen: &[String],
    datum: Option<NaiveDate>,
    uit: Option<&Path>,
) -> Result<Outcome> {
    let pad = &args.sessie;
    let lib = session::load_library(lib_dir)?;
    let origineel = session::read_bytes(pad, crate::reader::MAX_SESSIE_BYTES)?;
    let file = session::utf8_source(pad, origineel.clone())?;
    let sessie = session::load_source(file.clone(), &lib)?;
    let vandaag = super::vandaag(args.vandaag);
    let op = datum.unwrap_or(vandaag);
    let plan = Planning::new(&sessie, &lib, 0);
    let sessiebestand = crate::diag::shell_word(pad);
    let rapport = crate::check::controleer_plan(&plan, &lib, vandaag);
    if rapport.fouten() > 0 {
        crate::errln!(
            "Er is niets vastgelegd: de sessie heeft {} en dan maakt `maak` geen mails om te versturen. Los ze op (zie `draaiboek controleer {sessiebestand}`), maak de documenten opnieuw en verstuur die.",
            if rapport.fouten() == 1 {
                "1 fout".to_string()
            } else {
                format!("{} fouten", rapport.fouten())
            }
        );
        return Ok(Outcome::Findings);
    }
    let ontvangers = crate::export::ontvangers(&plan);
    let gekozen = kies(&ontvangers, namen)?;
    if gekozen.is_empty() {
        crate::outln!(
            "Er is niets vast te leggen: iedereen heeft versie {} van de berichten al (volgens het sessiebestand).",
            sessie.bijeenkomst.versie
        );
        crate::out!(
            "{}",
            crate::term::omloop_tekst(
                &super::stand::tekst(&plan, vandaag, false, &sessiebestand),
                crate::shell::breedte()
            )
        );
        return Ok(Outcome::Ok);
    }
    // The drafts in the folder must be what the session makes now.
    let dir = uit.map_or_else(|| super::maak::standaard_map(pad), Path::to_path_buf);
    let nu = Feiten::van(&plan);
    let concepten = Concepten::lees(&dir);
    let klopt = concepten.as_ref().is_some_and(|c| {
        c.versie == sessie.bijeenkomst.versie
            && c.feiten == nu
            && gekozen.iter().all(|o| {
                c.brieven
                    .iter()
                    .any(|(id, soort, _)| *id == o.brief.id && soort == concepten::soort_id(o.soort()))
            })
    });
    if !klopt {
        let waarom = match concepten {
            None => format!("in {}/ staan geen concept-mails van `draaiboek maak`", dir.display()),
            Some(_) => format!(
                "de concept-mails in {}/ horen niet bij het sessiebestand zoals het nu is",
                dir.display()
            ),
        };
        crate::errln!(
            "Er is niets vastgelegd: {waarom}. Maak ze eerst (opnieuw) met `draaiboek maak {sessiebestand}`, kijk ze na en verstuur die; leg het daarna vast."
        );
        return Ok(Outcome::Findings);
    }
    let tekst = bewerkt(&file.text, &sessie, &plan, &gekozen, op)?;
    // Only a file that loads again is written.
    let nieuw = session::load_source(SourceFile::new(pad, tekst.clone()), &lib).map_err(|mut e| {
        e.0.insert(
            0,
            Diagnostic::new(format!(
                "intern: het vastleggen zou {} ongeldig maken; het bestand is niet veranderd",
                pad.display()
            )),
        );
        Failure::Input(e)
    })?;
    let mut bytes = Vec::with_capacity(tekst.len() + 3);
    if origineel.starts_with(BOM.as_bytes()) {
        bytes.extend_from_slice(BOM.as_bytes());
    }
    bytes.extend_from_slice(tekst.as_bytes());
    crate::write::edit_in_place(pad, &origineel, &bytes)?;
    let (brieven, geschrapt): (Vec<&Ontvanger>, Vec<&Ontvanger>) =
        gekozen.iter().partition(|o| *o.soort() != Soort::Geschrapt);
    if !brieven.is_empty() {
        crate::outln!(
            "Vastgelegd in {}: versie {} is op {} verstuurd aan {}.",
            pad.display(),
            sessie.bijeenkomst.versie,
            crate::nl::datum_lang(op),
            namenlijst(&brieven)
        );
    }
    if !geschrapt.is_empty() {
        crate::outln!(
            "Vastgelegd in {}: de afzegging is op {} verstuurd aan {}.",
            pad.display(),
            crate::nl::datum_lang(op),
            namenlijst(&geschrapt)
        );
    }
    let nieuw_plan = Planning::new(&nieuw, &lib, 0);
    let rest = crate::export::ontvangers(&nieuw_plan);
    crate::out!("{}", super::stand::aan_wie(&rest, &nieuw_plan, vandaag));
    crate::out!(
        "{}",
        crate::term::omloop_tekst(
            &super::stand::tekst(&nieuw_plan, vandaag, false, &sessiebestand),
            crate::shell::breedte()
        )
    );
    Ok(Outcome::Ok)
}

fn namenlijst(o: &[&Ontvanger]) -> String {
    const MAX: usize = 20;
    let namen: Vec<&str> = o.iter().map(|o| o.deelnemer().naam.as_str()).collect();
    let n = namen.len();
    let wie = if n == 1 {
        "1 persoon".to_string()
    } else {
        format!("{n} personen")
    };
    if n <= MAX {
        format!("{wie} ({})", namen.join(", "))
    } else {
        format!("{wie} ({} en {} anderen)", namen[..MAX].join(", "), n - MAX)
    }
}

/// The letters still to send, or those of the people named (by name, part
/// of it, e-mail address or id); a name that fits no one, or more than one,
/// is unusable input.
fn kies<'o, 'a>(ontvangers: &'o [Ontvanger<'a>], namen: &[String]) -> Result<Vec<&'o Ontvanger<'a>>> {
    if namen.is_empty() {
        return Ok(ontvangers.iter().filter(|o| o.te_sturen()).collect());
    }
    let mut out: Vec<&Ontvanger> = Vec::new();
    for naam in namen {
        let gevouwen = eenregelig(&slug::fold(naam));
        let past = |o: &&Ontvanger| {
            let d = o.deelnemer();
            o.brief.id.eq_ignore_ascii_case(naam.trim())
                || d.email
                    .as_deref()
                    .is_some_and(|e| e.trim().eq_ignore_ascii_case(naam.trim()))
                || eenregelig(&slug::fold(&d.naam)) == gevouwen
        };
        let mut passend: Vec<&Ontvanger> = ontvangers.iter().filter(past).collect();
        if passend.is_empty() && !gevouwen.is_empty() {
            passend = ontvangers
                .iter()
                .filter(|o| eenregelig(&slug::fold(&o.deelnemer().naam)).contains(&gevouwen))
                .collect();
        }
        match passend.as_slice() {
            [o] => {
                if !out.iter().any(|g| g.brief.id == o.brief.id) {
                    out.push(o);
                }
            }
            [] => {
                let alle: Vec<&str> = ontvangers.iter().map(|o| o.deelnemer().naam.as_str()).collect();
                return Err(super::invoerfout(
                    format!("`{naam}` krijgt geen bericht van deze versie (of staat niet in de lijst)"),
                    format!(
                        "{}noem de deelnemer met naam, e-mailadres of id zoals in het sessiebestand",
                        crate::diag::suggest(naam, alle.iter().copied())
                            .map(|s| format!("bedoel je `{s}`? "))
                            .unwrap_or_default()
                    ),
                ));
            }
            meer => {
                let wie: Vec<&str> = meer.iter().map(|o| o.deelnemer().naam.as_str()).collect();
                return Err(super::invoerfout(
                    format!("`{naam}` past bij meer dan één deelnemer: {}", wie.join(", ")),
                    "noem de deelnemer met de hele naam of het e-mailadres".into(),
                ));
            }
        }
    }
    Ok(out)
}

/// The session text with the new `[[verstuurd]]` tables (one for the
/// version's letters, one for cancellations to people taken off the list),
/// and an `id` next to each chosen participant in the file who has no
/// address and no id yet.
fn bewerkt(
    tekst: &str,
    sessie: &crate::model::Sessie,
    plan: &Planning,
    gekozen: &[&Ontvanger],
    op: NaiveDate,
) -> Result<String> {
    let tekst = tekst.strip_prefix(BOM).unwrap_or(tekst);
    let mut doc: DocumentMut = tekst
        .parse()
        .map_err(|e| Failure::Other(anyhow::anyhow!("{} is geen geldige TOML: {e}", sessie.pad.display())))?;
    let l = Levensloop::new(sessie);
    // Identities for the chosen who have none (no address, no id): written
    // next to their name, so a corrected name later still finds them.
    let mut bezet: std::collections::HashSet<String> = sessie.deelnemers.iter().map(sleutel).collect();
    for z in l.zendingen {
        bezet.extend(z.aan.iter().map(|g| g.id.clone()));
    }
    let mut nieuwe_ids: std::collections::HashMap<String, String> = Default::default();
    let in_toml = doc
        .get("deelnemers")
        .and_then(Item::as_array_of_tables)
        .map_or(0, |a| a.len());
    for (i, d) in sessie.deelnemers.iter().enumerate() {
        if id_van(d).is_some() || !gekozen.iter().any(|o| o.brief.id == sleutel(d)) {
            continue;
        }
        if i >= in_toml {
            // A CSV row without address or id keeps a stand-in from its name.
            crate::errln!(
                "Let op: {} staat zonder e-mailadres in het CSV-bestand. draaiboek herkent haar aan haar naam; verbeter je die later, zet haar dan met `id = \"{}\"` in het sessiebestand, of geef haar een e-mailadres.",
                d.naam,
                sleutel(d)
            );
            continue;
        }
        let mut id = slug::slug(&d.naam);
        if id.is_empty() {
            id = format!("deelnemer-{:08x}", crate::fnv::fnv64(d.naam.as_bytes()) as u32);
        }
        let basis = id.clone();
        let mut n = 2;
        while bezet.contains(&id) {
            id = format!("{basis}-{n}");
            n += 1;
        }
        bezet.insert(id.clone());
        nieuwe_ids.insert(sleutel(d), id.clone());
        if let Some(t) = doc
            .get_mut("deelnemers")
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|a| a.get_mut(i))
        {
            t.insert("id", value(id));
        }
    }
    let nu = Feiten::van(plan);
    let kalender = l.kalender();
    let (brieven, geschrapt): (Vec<&&Ontvanger>, Vec<&&Ontvanger>) =
        gekozen.iter().partition(|o| *o.soort() != Soort::Geschrapt);
    let eerste = !doc.contains_key("verstuurd");
    let mut tabellen = Vec::new();
    for (groep, verwijderd) in [(brieven, false), (geschrapt, true)] {
        if groep.is_empty() {
            continue;
        }
        let mut t = Table::new();
        t.insert("versie", value(i64::from(sessie.bijeenkomst.versie)));
        t.insert("op", value(toml_datum(op)));
        t.insert("datum", value(toml_datum(nu.datum)));
        t.insert("begin", value(toml_tijd(nu.begin)));
        t.insert("eind", value(toml_tijd(nu.eind)));
        t.insert("plaats", value(nu.locatie.clone()));
        t.insert("status", value(crate::levensloop::status_tekst(nu.status)));
        if verwijderd {
            t.insert("verwijderd", value(true));
        }
        t.insert("kalender", value(kalender.clone()));
        let mut aan = Array::new();
        for o in groep {
            let d = o.deelnemer();
            let id = nieuwe_ids
                .get(&o.brief.id)
                .cloned()
                .unwrap_or_else(|| o.brief.id.clone());
            let mut g = InlineTable::new();
            g.insert("naam", eenregelig(&d.naam).into());
            if let Some(e) = d.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                g.insert("email", e.into());
            }
            if d.email.as_deref().is_none_or(|e| e.trim().to_lowercase() != id) {
                g.insert("id", id.into());
            }
            let mut v = Value::InlineTable(g);
            v.decor_mut().set_prefix("\n    ");
            aan.push_formatted(v);
        }
        aan.set_trailing_comma(true);
        aan.set_trailing("\n");
        t.insert("aan", value(aan));
        tabellen.push(t);
    }
    let lijst = doc
        .entry("verstuurd")
        .or_insert(Item::ArrayOfTables(Default::default()))
        .as_array_of_tables_mut()
        .ok_or_else(|| {
            super::invoerfout(
                format!(
                    "`verstuurd` in {} is geen lijst van [[verstuurd]]-blokken",
                    sessie.pad.display()
                ),
                "haal de sleutel `verstuurd` weg of zet hem terug zoals draaiboek hem schreef".into(),
            )
        })?;
    for (i, mut t) in tabellen.into_iter().enumerate() {
        let prefix = if eerste && i == 0 {
            format!("\n{KOP}")
        } else {
            "\n".to_string()
        };
        t.decor_mut().set_prefix(prefix);
        lijst.push(t);
    }
    Ok(doc.to_string())
}

fn toml_datum(d: NaiveDate) -> toml_edit::Datetime {
    use chrono::Datelike;
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

fn toml_tijd(t: chrono::NaiveTime) -> toml_edit::Datetime {
    use chrono::Timelike;
    toml_edit::Datetime {
        date: None,
        time: Some(toml_edit::Time {
            hour: t.hour() as u8,
            minute: t.minute() as u8,
            second: Some(t.second() as u8),
            nanosecond: None,
        }),
        offset: None,
    }
}
