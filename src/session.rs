//! Loading a session file and resolving its ids against the library.
//!
//! Every problem is collected (unknown keys, wrong types, impossible dates,
//! unknown ids, bad CSV rows) and reported together, so the trekker can fix
//! the whole file in one go.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics, InputError, SourceFile, did_you_mean};
use crate::library::{self, read_casus};
use crate::model::*;
use crate::reader::{Cx, Table};

mod csv_codering;
mod csv_kolommen;
mod deelnemers_csv;
mod verstuurd;
pub use csv_codering::{Codering, decode as decode_csv_codering};
pub use deelnemers_csv::{
    Inlezing, decode as decode_csv, parse as parse_csv, parse_met_inlezing, separator as csv_separator,
};

/// Read a session file for diagnostics; a missing or unreadable file is itself a diagnostic.
pub fn read_source(path: &Path) -> Result<Arc<SourceFile>, InputError> {
    let bytes = read_bytes(path, crate::reader::MAX_SESSIE_BYTES)?;
    utf8_source(path, bytes)
}

/// The bytes of a regular file of at most `limit` bytes, or a diagnostic
/// that says why not.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    crate::reader::read_regular(path, limit).map_err(|e| {
        let d = Diagnostic::new(format!("kan {} niet lezen: {}", path.display(), e.reason()));
        InputError::one(match e {
            _ if e.not_found() => d.help(
                "controleer de naam en de map; een nieuw sessiebestand maak je met `draaiboek nieuw BESTAND.toml`",
            ),
            crate::reader::ReadFail::NotRegular(_) => d.help("geef het pad van een gewoon tekstbestand"),
            crate::reader::ReadFail::TooLarge(_) => {
                d.help("controleer of dit het goede bestand is; een sessiebestand is een klein tekstbestand")
            }
            _ => d.help("controleer of het bestand bestaat en leesbaar is"),
        })
    })
}

/// Text from bytes that must be UTF-8 (a BOM is dropped); otherwise a
/// diagnostic pointing at the first bad byte.
pub fn utf8_source(path: &Path, bytes: Vec<u8>) -> Result<Arc<SourceFile>, InputError> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.remove(0);
            }
            Ok(SourceFile::new(path, text))
        }
        Err(e) => {
            let file = SourceFile::new(path, String::from_utf8_lossy(e.as_bytes()).into_owned());
            let at = e.utf8_error().valid_up_to();
            Err(InputError::one(
                Diagnostic::new(format!("{} is geen UTF-8-tekst", path.display()))
                    .at(&file, Some(at..at + 1))
                    .label("onleesbaar teken")
                    .help("sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als' → codering UTF-8)"),
            ))
        }
    }
}

/// Load and resolve a session file.
pub fn load(path: &Path, lib: &Bibliotheek) -> Result<Sessie, InputError> {
    let file = read_source(path)?;
    load_source(file, lib)
}

/// Load a session from text already read (for tests and fuzzing).
pub fn load_source(file: Arc<SourceFile>, lib: &Bibliotheek) -> Result<Sessie, InputError> {
    if file.text.trim().is_empty() {
        return Err(InputError::one(
            Diagnostic::new(format!("het sessiebestand {} is leeg", file.path.display()))
                .at(&file, Some(0..0))
                .label("hier begint het bestand")
                .help("maak een sessiebestand met uitleg bij elke regel met `draaiboek nieuw BESTAND.toml`"),
        ));
    }
    let cx = Cx::new(file.clone());
    let Some(doc) = cx.parse() else {
        return Err(InputError(cx.into_diagnostics().0));
    };
    let root = Table::root(&cx, &doc, "het sessiebestand");

    let bijeenkomst = required_table(&root, "bijeenkomst", "titel = \"Verdiepende bijeenkomst …\"", |t| {
        read_bijeenkomst(t, &file.path)
    });
    let organisator = required_table(&root, "organisator", "naam = \"…\"", read_organisator);
    let informeel = read_informeel(&root);
    let planning = read_planning(&root);
    // The session's own cases come first so that programma can refer to them.
    let eigen_casussen = read_eigen_casussen(&root, lib);
    let programma = read_programma(&root, lib, &eigen_casussen);
    let quiz = each(&root, "quiz", read_quiz);
    let mut deelnemers = each(&root, "deelnemers", read_deelnemer);
    let taken = each(&root, "taken", |t| read_taak(t, lib));
    let kosten = each(&root, "kosten", read_kostenpost);
    let afspraken = each(&root, "afspraken", read_afspraak);
    let verslag = read_verslag(&root);
    // Checked by its own reader (which names a newer draaiboek for an
    // unknown key), not by `finish`.
    let zendingen: Vec<_> = root
        .tables("verstuurd")
        .iter()
        .filter_map(verstuurd::read_zending)
        .collect();
    root.finish();

    let mut diags = cx.into_diagnostics();
    if let Some((_, Some((csv_path, span)))) = &bijeenkomst {
        match deelnemers_csv::load(csv_path) {
            Ok(mut list) => deelnemers.append(&mut list),
            Err(csv_diags) => diags.extend(point_at_csv_key(csv_diags, &file, span)),
        }
    }
    if !diags.is_empty() {
        return Err(InputError(diags.0));
    }
    let (Some((bijeenkomst, _)), Some(organisator)) = (bijeenkomst, organisator) else {
        return Err(InputError::one(
            Diagnostic::new("het sessiebestand is onvolledig").in_file(&file),
        ));
    };
    // A version that went out but that the session never reached: the
    // record or `versie` was changed by hand.
    if let Some(z) = zendingen.iter().find(|z| z.versie > bijeenkomst.versie) {
        let start = z.offset;
        return Err(InputError::one(
            Diagnostic::new(format!(
                "volgens [[verstuurd]] op regel {} ging versie {} al uit, maar onder [bijeenkomst] staat `versie = {}`",
                z.regel, z.versie, bijeenkomst.versie
            ))
            .at(&file, Some(start..start))
            .label("deze versie is verstuurd")
            .help(format!(
                "een versie kan niet terug: zet `versie = {}` (of hoger) onder [bijeenkomst]",
                z.versie
            )),
        ));
    }
    Ok(Sessie {
        pad: file.path.clone(),
        bijeenkomst,
        organisator,
        informeel,
        programma,
        quiz,
        deelnemers,
        taken,
        kosten,
        eigen_casussen,
        planning,
        afspraken,
        verslag,
        verstuurd: zendingen,
    })
}

/// One `[[afspraken]]` table: an agreement made at the meeting; `wat` is
/// required, `wanneer` is a date or a text ("voor 1 juni").
fn read_afspraak(t: &Table) -> Option<Afspraak> {
    let wie = non_empty(t.line("wie"));
    let wat = t.req_str("wat");
    let wanneer = match t.get("wanneer").map(|v| v.get_ref()) {
        Some(toml::de::DeValue::Datetime(_)) => t.date("wanneer").map(crate::nl::datum_lang),
        Some(_) => non_empty(t.line("wanneer")),
        None => None,
    };
    Some(Afspraak {
        wie,
        wat: wat?.trim().to_string(),
        wanneer,
    })
}

/// `[verslag]`: insights and the next step, written after the meeting.
fn read_verslag(root: &Table) -> VerslagInvoer {
    let Some(t) = root.table("verslag") else {
        return VerslagInvoer::default();
    };
    let v = VerslagInvoer {
        inzichten: t
            .str_list("inzichten")
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        vervolg: non_empty(t.str("vervolg")),
    };
    t.finish();
    v
}

/// A table that must be there (`[name]`): read it, or report it missing.
fn required_table<T>(
    root: &Table,
    name: &'static str,
    example: &str,
    read: impl FnOnce(&Table) -> Option<T>,
) -> Option<T> {
    match root.table(name) {
        Some(t) => {
            let value = read(&t);
            t.finish();
            value
        }
        None => {
            if !root.has(name) {
                missing_table(root.cx, name, example);
            }
            None
        }
    }
}

/// Every `[[name]]` table read with `read`; the ones that fail are left out
/// (their problems are reported).
fn each<T>(root: &Table, name: &'static str, read: impl Fn(&Table) -> Option<T>) -> Vec<T> {
    root.tables(name)
        .into_iter()
        .filter_map(|t| {
            let value = read(&t);
            t.finish();
            value
        })
        .collect()
}

fn read_informeel(root: &Table) -> Informeel {
    root.table("informeel")
        .map(|t| {
            let i = Informeel {
                lunch: t.uint("lunch", 0..=180).unwrap_or(0),
                borrel: t.uint("borrel", 0..=180).unwrap_or(0),
            };
            t.finish();
            i
        })
        .unwrap_or_default()
}

/// The session's own `[[casus]]` tables, numbered after the library's; an
/// id that is taken (by the library or earlier in the file) is an error.
fn read_eigen_casussen(root: &Table, lib: &Bibliotheek) -> Vec<Casus> {
    let first_nr = lib.casussen.iter().map(|c| c.nummer).max().unwrap_or(0) + 1;
    let mut eigen_casussen = Vec::new();
    // Ids seen so far: a set, so 100,000 own cases load in linear time.
    let mut eigen_ids = std::collections::HashSet::new();
    for (i, t) in root.tables("casus").into_iter().enumerate() {
        let gecontroleerd: Vec<(String, std::ops::Range<usize>)> = t
            .str_list("gecontroleerd")
            .unwrap_or_default()
            .into_iter()
            .zip(t.item_spans("gecontroleerd"))
            .collect();
        if let Some(mut c) = read_casus(&t, Some(first_nr + i as u32), Bron::Eigen) {
            c.eigen = Some(Arc::new(EigenCasus {
                bron: t.cx.file.clone(),
                titel: t.span_of("titel"),
                tekst: t.span_of("tekst"),
                gecontroleerd,
            }));
            if lib.casus(&c.id).is_some() {
                t.cx.error(
                    t.span_of("id"),
                    format!("de casus-id `{}` bestaat al in de bibliotheek", c.id),
                )
                .label("bezet")
                .help(format!("kies een andere id, bijvoorbeeld \"eigen-{}\"", c.id))
                .emit();
            } else if eigen_ids.contains(&c.id) {
                t.cx.error(
                    t.span_of("id"),
                    format!("de casus-id `{}` staat twee keer in dit bestand", c.id),
                )
                .label("dubbel")
                .help("geef elke eigen casus een eigen id")
                .emit();
            } else {
                eigen_ids.insert(c.id.clone());
                eigen_casussen.push(c);
            }
        }
        t.finish();
    }
    eigen_casussen
}

fn read_programma(root: &Table, lib: &Bibliotheek, eigen: &[Casus]) -> Vec<ProgrammaItem> {
    let programma = each(root, "programma", |t| read_programma_item(t, lib, eigen));
    if !root.has("programma") {
        root.cx
            .error(None, "het sessiebestand heeft geen programma")
            .help("voeg bouwstenen toe met [[programma]] en bouwsteen = \"…\", of met `draaiboek voeg-toe`")
            .emit();
    }
    programma
}

fn read_quiz(t: &Table) -> Option<QuizVraag> {
    t.req_str("vraag").map(|vraag| QuizVraag {
        vraag,
        antwoord: non_empty(t.str("antwoord")),
        bron: non_empty(t.str("bron")),
    })
}

fn read_taak(t: &Table, lib: &Bibliotheek) -> Option<Taak> {
    let wie = t.req_line("wie");
    let wat = t.req_str("wat");
    let wanneer = if t.has("wanneer") {
        t.choice("wanneer", Wanneer::IDS).and_then(Wanneer::from_id)
    } else {
        Some(Wanneer::Voor)
    };
    let bouwsteen = t.str("bouwsteen");
    if let Some(b) = &bouwsteen
        && lib.bouwsteen(b).is_none()
    {
        unknown_block(t, "bouwsteen", b, lib);
    }
    Some(Taak {
        wie: wie?,
        wat: wat?,
        wanneer: wanneer?,
        bouwsteen,
    })
}

fn read_kostenpost(t: &Table) -> Option<Kostenpost> {
    let post = t.req_line("post");
    let bedrag = if t.has("bedrag") {
        t.money("bedrag")
    } else {
        t.req_str("bedrag");
        None
    };
    let betaald_uit = non_empty(t.line("betaald_uit"));
    Some(Kostenpost {
        post: post?,
        bedrag: bedrag?,
        betaald_uit,
    })
}

/// Problems of the CSV file; a CSV that cannot be read at all points at the
/// `deelnemers_csv` key in the session.
fn point_at_csv_key(mut diags: Diagnostics, file: &Arc<SourceFile>, span: &std::ops::Range<usize>) -> Diagnostics {
    if let Some(first) = diags.0.first_mut()
        && first.file.is_none()
    {
        first.file = Some(file.clone());
        first.span = Some(span.clone());
    }
    diags
}

/// The keys of `[planning]`: the steps of the library's retro-planning that
/// a session may move, in days before the meeting.
pub const PLANNING_SLEUTELS: &[&str] = &["uitnodigen", "herinnering_elearning", "herinnering_week"];

/// `[planning]`: the trekker's own days-before, overriding the advice.
fn read_planning(root: &Table) -> Vec<(String, i64)> {
    let Some(t) = root.table("planning") else {
        return Vec::new();
    };
    let out = PLANNING_SLEUTELS
        .iter()
        .filter_map(|&k| t.uint(k, 0..=365).map(|d| (k.to_string(), i64::from(d))))
        .collect();
    t.finish();
    out
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn missing_table(cx: &Cx, name: &str, example: &str) {
    cx.error(None, format!("het sessiebestand mist de tabel [{name}]"))
        .help(format!(
            "voeg toe:\n[{name}]\n{example}\n(zie `draaiboek nieuw` voor een compleet voorbeeld)"
        ))
        .emit();
}

type CsvRef = Option<(PathBuf, std::ops::Range<usize>)>;

fn read_bijeenkomst(t: &Table, session_path: &Path) -> Option<(Bijeenkomst, CsvRef)> {
    let titel = t.req_line("titel");
    let coalitie = t.req_line("coalitie");
    let datum = t.req_date("datum");
    let begintijd = t.req_time("begintijd");
    let locatie = t.req_line("locatie");
    let uitnodiging = t.date("uitnodiging");
    let verwacht_aantal = t.uint("verwacht_aantal", 1..=10_000);
    let elearning_url = non_empty(t.line("elearning_url")).unwrap_or_else(|| ELEARNING_URL.to_string());
    let aanleiding = non_empty(t.str("aanleiding"));
    let definitie_document = non_empty(t.str("definitie_document"));
    let evaluatievraag = non_empty(t.line("evaluatievraag"));
    let accreditatie = t.bool("accreditatie").unwrap_or(false);
    let versie = t.uint("versie", 0..=10_000).unwrap_or(0);
    let status = if t.has("status") {
        t.choice("status", &["gepland", "geannuleerd"]).map(|s| match s {
            "geannuleerd" => SessieStatus::Geannuleerd,
            _ => SessieStatus::Gepland,
        })
    } else {
        Some(SessieStatus::Gepland)
    };
    let leerdoelen = t
        .str_list("leerdoelen")
        .unwrap_or_default()
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect();
    let csv = t.line("deelnemers_csv").map(|p| {
        let rel = PathBuf::from(p.trim());
        let path = if rel.is_absolute() {
            rel
        } else {
            session_path.parent().unwrap_or(Path::new(".")).join(rel)
        };
        (path, t.span_of("deelnemers_csv").unwrap_or(0..0))
    });
    let sjablonen = t.str("sjablonen").and_then(|p| {
        let rel = PathBuf::from(p.trim());
        let path = if rel.is_absolute() {
            rel
        } else {
            session_path.parent().unwrap_or(Path::new(".")).join(&rel)
        };
        if path.is_dir() {
            return Some(path);
        }
        let waar = if path.exists() {
            "is geen map"
        } else {
            "bestaat niet"
        };
        t.cx.error(
            t.span_of("sjablonen"),
            format!("de sjablonenmap {} {waar}", path.display()),
        )
        .label("deze map is er niet")
        .help(format!(
            "de map telt vanaf de map van het sessiebestand; maak hem met `draaiboek sjablonen --exporteer {}`, of verbeter de naam",
            crate::diag::shell_word(&path)
        ))
        .emit();
        None
    });
    Some((
        Bijeenkomst {
            titel: titel?,
            coalitie: coalitie?,
            datum: datum?,
            begintijd: begintijd?,
            locatie: locatie?,
            uitnodiging,
            verwacht_aantal,
            elearning_url,
            aanleiding,
            definitie_document,
            versie,
            status: status?,
            leerdoelen,
            evaluatievraag,
            accreditatie,
            sjablonen,
        },
        csv,
    ))
}

fn read_organisator(t: &Table) -> Option<Organisator> {
    let naam = t.req_line("naam");
    let email = t
        .req_line("email")
        .and_then(|e| checked_email(t, &e, "schrijf het adres als naam@organisatie.nl"));
    // Every key is read before a bad one ends the table: an unread key
    // would be reported as unknown.
    let functie = non_empty(t.line("functie"));
    let organisatie = non_empty(t.line("organisatie"));
    let telefoon = non_empty(t.line("telefoon"));
    Some(Organisator {
        naam: naam?,
        functie,
        organisatie,
        email: email?,
        telefoon,
    })
}

/// An `email` key through the one address check ([`crate::adres`]): the
/// address as it is written in headers, or an error at the key.
fn checked_email(t: &Table, e: &str, hulp_extra: &str) -> Option<String> {
    match crate::adres::adres(e) {
        Ok(a) => Some(a),
        Err(f) => {
            t.cx.error(t.span_of("email"), f.wat)
                .label(f.label)
                .help(format!("{} ({hulp_extra})", f.hulp))
                .emit();
            None
        }
    }
}

/// The longest e-mail address accepted (see [`crate::adres`]).
pub const MAX_EMAIL_LEN: usize = crate::adres::MAX_EMAIL_LEN;

/// A deliberately loose check for a question on the terminal; the session
/// itself uses the strict one ([`crate::adres::adres`]).
pub fn looks_like_email(s: &str) -> bool {
    crate::adres::adres(s).is_ok()
}

fn read_deelnemer(t: &Table) -> Option<Deelnemer> {
    let naam = t.req_line("naam");
    let email = non_empty(t.line("email"));
    let email_ok = email.as_deref().map(|e| checked_email(t, e, "of laat `email` weg"));
    let domein = if t.has("domein") {
        t.choice("domein", Domein::IDS).and_then(Domein::from_id).map(Some)
    } else {
        Some(None)
    };
    let status = if t.has("status") {
        t.choice("status", DeelnemerStatus::IDS)
            .and_then(DeelnemerStatus::from_id)
    } else {
        Some(DeelnemerStatus::Uitgenodigd)
    };
    let elearning = t.bool("elearning").unwrap_or(false);
    let regel = t.cx.file.line_col(t.key_span("naam").start).0;
    let schoon = |s: Option<String>| s.map(|s| crate::adres::schoon(&s));
    // Every key is read before a bad one ends the table: an unread key
    // would be reported as unknown.
    let organisatie = schoon(non_empty(t.line("organisatie")));
    let functie = schoon(non_empty(t.line("functie")));
    let voornaam = schoon(non_empty(t.line("voornaam")));
    let aanhef = schoon(non_empty(t.line("aanhef")));
    let delen = t.bool("delen");
    let aanwezig = t.bool("aanwezig");
    Some(Deelnemer {
        naam: crate::adres::schoon(naam?.trim()),
        email: match email_ok {
            None => None,
            Some(e) => Some(e?),
        },
        organisatie,
        functie,
        domein: domein?,
        elearning,
        status: status?,
        voornaam,
        aanhef,
        delen,
        aanwezig,
        id: non_empty(t.line("id")).map(|i| i.trim().to_string()),
        herkomst: Some(Herkomst {
            bestand: t.cx.file.name.clone(),
            regel,
        }),
        prive: Prive {
            dieet: non_empty(t.line("dieet")),
            registratienummer: non_empty(t.line("registratienummer")),
        },
    })
}

fn unknown_block(t: &Table, key: &'static str, id: &str, lib: &Bibliotheek) {
    let ids: Vec<&str> = lib.bouwstenen.iter().map(|b| b.id.as_str()).collect();
    t.cx.error(t.span_of(key), format!("onbekende bouwsteen `{id}`"))
        .label("onbekende id")
        .help(format!(
            "{} (alle bouwstenen: `draaiboek bouwstenen`)",
            did_you_mean(id, &ids)
        ))
        .emit();
}

fn read_programma_item(t: &Table, lib: &Bibliotheek, eigen: &[Casus]) -> Option<ProgrammaItem> {
    let id = t.req_line("bouwsteen")?;
    let Some(b) = lib.bouwsteen(id.trim()) else {
        unknown_block(t, "bouwsteen", &id, lib);
        // Still mark the other keys as known so they are not reported too.
        for k in [
            "werkvorm",
            "werkvormen",
            "duur",
            "vragen",
            "casussen",
            "casus",
            "notitie",
            "vragen_minuten_per_beroepsgroep",
        ] {
            t.get(k);
        }
        return None;
    };
    let (gekozen, werkvormen) = read_werkvormen(t, b, lib);
    let duur_override = t.uint("duur", 1..=240);
    let vragen = t
        .str_list("vragen")
        .map(|v| v.into_iter().filter(|q| !q.trim().is_empty()).collect::<Vec<_>>());
    let notitie = non_empty(t.str("notitie"));
    let vragen_minuten = t.uint("vragen_minuten_per_beroepsgroep", 0..=30);
    let (casussen, casus) = read_item_casussen(t, lib, eigen);
    // Only judge the case keys against a complete choice of work formats.
    if gekozen == werkvormen.len() {
        check_case_keys(t, b, &werkvormen);
    } else {
        return None;
    }
    Some(ProgrammaItem {
        bouwsteen: b.clone(),
        werkvormen,
        duur_override,
        vragen,
        casussen,
        casus,
        notitie,
        vragen_minuten,
    })
}

/// The chosen work formats (`werkvorm = "x"` or `werkvormen = ["x", "y"]`),
/// in the library's order; also how many were written, so the caller can
/// tell whether every choice was valid.
fn read_werkvormen(t: &Table, b: &Bouwsteen, lib: &Bibliotheek) -> (usize, Vec<Werkvorm>) {
    // Work formats: `werkvorm = "x"` or `werkvormen = ["x", "y"]`.
    let mut chosen: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    if let Some(w) = t.line("werkvorm") {
        chosen.push((w, t.span_of("werkvorm").unwrap_or(0..0)));
    }
    if let Some(ws) = t.str_list("werkvormen") {
        let spans = t.item_spans("werkvormen");
        for (i, w) in ws.into_iter().enumerate() {
            chosen.push((w, spans.get(i).cloned().unwrap_or(0..0)));
        }
    }
    let mut werkvormen: Vec<Werkvorm> = Vec::new();
    let wv_ids: Vec<&str> = b.werkvormen.iter().map(|w| w.id.as_str()).collect();
    for (w, span) in &chosen {
        let w = w.trim();
        match b.werkvorm(w) {
            Some(wv) => {
                if werkvormen.iter().any(|x| x.id == wv.id) {
                    t.cx.error(
                        Some(span.clone()),
                        format!("de werkvorm `{w}` staat twee keer bij bouwsteen `{}`", b.id),
                    )
                    .label("dubbel")
                    .help("noem elke werkvorm één keer")
                    .emit();
                    continue;
                }
                if let Some(clash) = werkvormen.iter().find(|x| same_slot(x, wv)) {
                    let slot = match &wv.onderdeel {
                        Some(o) => format!("uit onderdeel `{o}`"),
                        None => "als hoofdwerkvorm".to_string(),
                    };
                    t.cx.error(
                        Some(span.clone()),
                        format!(
                            "bouwsteen `{}` heeft al werkvorm `{}` {slot}; kies er één",
                            b.id, clash.id
                        ),
                    )
                    .label("tweede keuze")
                    .help(format!(
                        "laat `{}` of `{}` weg; per onderdeel past één werkvorm in de tijd van de bouwsteen",
                        clash.id, wv.id
                    ))
                    .emit();
                    continue;
                }
                werkvormen.push(wv.clone());
            }
            None => {
                let elsewhere = lib.bouwstenen.iter().find(|o| o.werkvorm(w).is_some());
                let help = if wv_ids.is_empty() {
                    format!("bouwsteen `{}` heeft geen werkvormen: laat `werkvorm` weg", b.id)
                } else if let Some(o) = elsewhere {
                    format!(
                        "`{w}` hoort bij bouwsteen `{}`; bij `{}` kun je kiezen uit: {}",
                        o.id,
                        b.id,
                        crate::diag::join_ticks(&wv_ids)
                    )
                } else {
                    did_you_mean(w, &wv_ids)
                };
                t.cx.error(
                    Some(span.clone()),
                    format!("bouwsteen `{}` heeft geen werkvorm `{w}`", b.id),
                )
                .label("onbekende werkvorm")
                .help(help)
                .emit();
            }
        }
    }
    // Keep the library's order (part 1 before part 2, warm-up first).
    werkvormen.sort_by_key(|w| b.werkvormen.iter().position(|x| x.id == w.id));

    (chosen.len(), werkvormen)
}

/// `casussen = [...]` and `casus = "..."`, resolved against the library and
/// the session's own cases.
fn read_item_casussen(t: &Table, lib: &Bibliotheek, eigen: &[Casus]) -> (Vec<Casus>, Option<Casus>) {
    let all_case_ids: Vec<&str> = lib.casussen.iter().chain(eigen).map(|c| c.id.as_str()).collect();
    let find_case = |id: &str, span: Option<std::ops::Range<usize>>| -> Option<Casus> {
        let id = id.trim();
        match lib.casus(id).or_else(|| eigen.iter().find(|c| c.id == id)) {
            Some(c) => Some(c.clone()),
            None => {
                t.cx.error(span, format!("onbekende casus `{id}`"))
                    .label("onbekende id")
                    .help(format!(
                        "{} (alle casussen: `draaiboek casussen`; een eigen casus voeg je toe met [[casus]])",
                        did_you_mean(id, &all_case_ids)
                    ))
                    .emit();
                None
            }
        }
    };
    let mut casussen = Vec::new();
    if let Some(ids) = t.str_list("casussen") {
        let spans = t.item_spans("casussen");
        for (i, id) in ids.iter().enumerate() {
            if let Some(c) = find_case(id, spans.get(i).cloned()) {
                if casussen.iter().any(|x: &Casus| x.id == c.id) {
                    t.cx.error(
                        spans.get(i).cloned(),
                        format!("casus `{}` staat twee keer in de lijst", c.id),
                    )
                    .label("dubbel")
                    .help("elk groepje krijgt een andere casus: noem elke casus één keer")
                    .emit();
                } else {
                    casussen.push(c);
                }
            }
        }
    }
    let casus = t.str("casus").and_then(|id| find_case(&id, t.span_of("casus")));

    (casussen, casus)
}

/// Cases given where the chosen work formats use none, or in the wrong key.
fn check_case_keys(t: &Table, b: &Bouwsteen, werkvormen: &[Werkvorm]) {
    let needs_per_group = werkvormen.iter().any(|w| w.casussen == CasusBehoefte::PerGroep);
    let needs_one = werkvormen.iter().any(|w| w.casussen == CasusBehoefte::Een);
    if t.has("casussen") && !needs_per_group && !werkvormen.is_empty() {
        let help = if needs_one {
            "deze werkvorm gebruikt één casus voor de hele groep: schrijf casus = \"…\"".to_string()
        } else {
            "de gekozen werkvorm gebruikt geen casussen: laat `casussen` weg of kies een werkvorm met casussen"
                .to_string()
        };
        t.cx.error(
            t.span_of("casussen"),
            format!("bij bouwsteen `{}` worden geen casussen per groep gebruikt", b.id),
        )
        .label("niet gebruikt")
        .help(help)
        .emit();
    }
    if t.has("casus") && !needs_one && !werkvormen.is_empty() {
        let help = if needs_per_group {
            "deze werkvorm geeft elk groepje een eigen casus: schrijf casussen = [\"…\", \"…\"]".to_string()
        } else {
            "de gekozen werkvorm gebruikt geen casus: laat `casus` weg".to_string()
        };
        t.cx.error(
            t.span_of("casus"),
            format!("bij bouwsteen `{}` wordt geen losse casus gebruikt", b.id),
        )
        .label("niet gebruikt")
        .help(help)
        .emit();
    }
}

/// Two work formats compete for the same slot of a block: the same part, or
/// (in a block without parts) both a main format; a warm-up has its own slot.
fn same_slot(a: &Werkvorm, b: &Werkvorm) -> bool {
    a.onderdeel == b.onderdeel && a.opwarmer == b.opwarmer
}

/// Load the library for a command: `--bibliotheek DIR` or the built-in one.
pub fn load_library(dir: Option<&Path>) -> Result<Bibliotheek, InputError> {
    match dir {
        Some(d) => library::load_dir(d),
        None => library::builtin(),
    }
}
