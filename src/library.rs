//! Loading the content library: the built-in one compiled into the binary, or
//! a folder of the same shape given with `--bibliotheek`.
//!
//! Layout: `building-blocks/*.toml`, one bouwsteen per file, and
//! `casuistiek/*.toml`, one casus per file. Every file is read strictly (see
//! `reader`), and every problem in every file is reported in one run.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics, InputError, SourceFile, did_you_mean};
use crate::model::*;
use crate::reader::{Cx, Table, Value, type_name};

/// The built-in library files, embedded at build time by `build.rs`.
const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_library.rs"));

pub const BLOCK_DIR: &str = "building-blocks";
pub const CASE_DIR: &str = "casuistiek";
/// The advised retro-planning; optional in a library of one's own.
pub const PLAN_DIR: &str = "planning";

/// The built-in library as [`builtin_uit_toml`] reads it, saved in
/// postcard's compact serde format (`src/ingebouwde-bibliotheek.bin`, made
/// by a test) and embedded by `build.rs` only when the fingerprint on its
/// first line matches the TOML sources above, so it can never be stale.
/// Reading it costs a twentieth of parsing the TOML, which was most of what
/// `controleer` did.
const VOORGELEZEN: Option<&[u8]> = include!(concat!(env!("OUT_DIR"), "/voorgelezen_library.rs"));

/// The library that ships with `draaiboek`.
pub fn builtin() -> Result<Bibliotheek, InputError> {
    // A file that does not fit the model (impossible once the test that
    // writes it passed) falls back to the TOML rather than failing.
    match VOORGELEZEN.and_then(|b| postcard::from_bytes::<Bibliotheek>(b).ok()) {
        Some(lib) => Ok(lib),
        None => builtin_uit_toml(),
    }
}

/// The built-in library read from its embedded TOML files, like a library folder.
pub fn builtin_uit_toml() -> Result<Bibliotheek, InputError> {
    let files = EMBEDDED
        .iter()
        .map(|(name, text)| SourceFile::new(Path::new(name), text.to_string()))
        .collect();
    load_files(files)
}

/// Fingerprint of the embedded library sources (the same as `build.rs` computes).
fn bron_vingerafdruk() -> String {
    let mut bron = Vec::new();
    for (name, text) in EMBEDDED {
        for part in [name.as_bytes(), text.as_bytes()] {
            bron.extend_from_slice(part);
            bron.push(0);
        }
    }
    format!("{:016x}", crate::fnv::fnv64(&bron))
}

/// The first line of `src/ingebouwde-bibliotheek.bin` (it names the
/// sources it was made from), as `build.rs` expects it.
fn voorgelezen_kop() -> String {
    format!("draaiboek-bibliotheek {}\n", bron_vingerafdruk())
}

/// The bytes of `src/ingebouwde-bibliotheek.bin` for the current sources;
/// the test `ingebouwde_bibliotheek_is_actueel` compares and refreshes it.
pub fn voorgelezen_bytes() -> Result<Vec<u8>, InputError> {
    let lib = builtin_uit_toml()?;
    let mut out = voorgelezen_kop().into_bytes();
    out.extend(postcard::to_allocvec(&lib).map_err(|e| InputError(vec![Diagnostic::new(e.to_string())]))?);
    Ok(out)
}

/// Whether this binary reads the saved library (false: the TOML, at every start).
pub fn voorgelezen_actief() -> bool {
    VOORGELEZEN.is_some()
}

/// The library from a folder with `building-blocks/` and `casuistiek/`.
pub fn load_dir(dir: &Path) -> Result<Bibliotheek, InputError> {
    let mut files = Vec::new();
    let mut diags = Diagnostics::default();
    let mut found_any = false;
    for sub in [BLOCK_DIR, CASE_DIR, PLAN_DIR] {
        let path = dir.join(sub);
        let entries = match std::fs::read_dir(&path) {
            Ok(e) => e,
            Err(_) if sub == PLAN_DIR && !path.exists() => continue,
            Err(e) => {
                diags.push(
                    Diagnostic::new(format!(
                        "de map {} kan niet gelezen worden: {}",
                        path.display(),
                        crate::error::io_reason(&e)
                    ))
                    .help(format!(
                        "een bibliotheek is een map met de submappen `{BLOCK_DIR}/` en `{CASE_DIR}/`"
                    )),
                );
                continue;
            }
        };
        found_any = true;
        let mut names: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        names.sort();
        for p in names {
            match crate::reader::read_regular(&p, crate::reader::MAX_BIBLIOTHEEK_BYTES) {
                Ok(bytes) => {
                    match String::from_utf8(bytes) {
                        Ok(text) => files.push(SourceFile::new(&p, text)),
                        Err(_) => diags.push(Diagnostic::new(format!("{} is geen UTF-8-tekst", p.display())).help(
                            "sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als' → codering UTF-8)",
                        )),
                    }
                }
                Err(e) => diags.push(Diagnostic::new(format!(
                    "{} kan niet gelezen worden: {}",
                    p.display(),
                    e.reason()
                ))),
            }
        }
    }
    if !found_any {
        return Err(InputError(diags.0));
    }
    let lib = load_files(files);
    match (lib, diags.is_empty()) {
        (Ok(lib), true) => Ok(lib),
        (Ok(_), false) => Err(InputError(diags.0)),
        (Err(mut e), _) => {
            diags.0.append(&mut e.0);
            Err(InputError(diags.0))
        }
    }
}

/// Read a set of library files; which kind each is follows from its folder.
pub fn load_files(files: Vec<Arc<SourceFile>>) -> Result<Bibliotheek, InputError> {
    let mut diags = Diagnostics::default();
    let mut lib = Bibliotheek::default();
    // id -> file name where first seen, for duplicate reports.
    let mut block_ids: BTreeMap<String, String> = BTreeMap::new();
    let mut wv_ids: BTreeMap<String, String> = BTreeMap::new();
    let mut case_ids: BTreeMap<String, String> = BTreeMap::new();

    for file in files {
        let folder = file.path.parent().and_then(|p| p.file_name());
        let is_case = folder.is_some_and(|n| n == CASE_DIR);
        let is_plan = folder.is_some_and(|n| n == PLAN_DIR);
        let cx = Cx::new(file.clone());
        if is_plan {
            if let Some(doc) = cx.parse() {
                let root = Table::root(&cx, &doc, "de terugplanning");
                read_planning(&root, &mut lib.planning);
                lib.benodigdheden.extend(read_benodigdheden(&root));
                read_beroepen(&root, &mut lib.beroepen);
                root.finish();
            }
            diags.extend(cx.into_diagnostics());
            continue;
        }
        if let Some(doc) = cx.parse() {
            let root = Table::root(&cx, &doc, if is_case { "de casus" } else { "de bouwsteen" });
            if is_case {
                if let Some(c) = read_casus(&root, None, Bron::Draaiboek) {
                    check_dup(&cx, &root, "casus", &c.id, &file.name, &mut case_ids);
                    lib.casussen.push(c);
                }
            } else if let Some(b) = read_bouwsteen(&root) {
                check_dup(&cx, &root, "bouwsteen", &b.id, &file.name, &mut block_ids);
                for (i, w) in b.werkvormen.iter().enumerate() {
                    if let Some(first) = wv_ids.get(&w.id) {
                        cx.error(
                            werkvorm_id_span(&root, i),
                            format!("de werkvorm-id `{}` staat al in {first}", w.id),
                        )
                        .label("dubbele id")
                        .help("geef elke werkvorm een eigen id; ids zijn uniek in de hele bibliotheek")
                        .emit();
                    } else {
                        wv_ids.insert(w.id.clone(), file.name.clone());
                    }
                }
                lib.bouwstenen.push(b);
            }
            root.finish();
        }
        diags.extend(cx.into_diagnostics());
    }
    check_numbers(&lib, &mut diags);
    lib.bouwstenen.sort_by_key(|b| b.nummer);
    lib.casussen.sort_by_key(|c| c.nummer);
    diags.finish(lib)
}

/// `[[beroepen]]`: a domain and the functions that belong to it.
fn read_beroepen(root: &Table, out: &mut Vec<(String, Domein)>) {
    for t in root.tables("beroepen") {
        let domein = t.choice("domein", Domein::IDS).and_then(Domein::from_id);
        let functies = t.str_list("functies").unwrap_or_default();
        t.finish();
        if let Some(d) = domein {
            out.extend(
                functies
                    .iter()
                    .map(|f| crate::vergelijk::vergelijkbaar(f))
                    .filter(|f| !f.is_empty())
                    .map(|f| (f, d)),
            );
        }
    }
}

/// `[[stappen]]` of the advised retro-planning.
fn read_planning(root: &Table, out: &mut Vec<Terugplanstap>) {
    for t in root.tables("stappen") {
        let id = read_id(&t);
        let wat = t.req_str("wat");
        let toelichting = t.str("toelichting").unwrap_or_default();
        let wie = t.str("wie").unwrap_or_default();
        let dagen_voor = t.int("dagen_voor");
        if !t.has("dagen_voor") {
            t.cx.error(Some(t.key_span("wat")), "deze stap heeft geen `dagen_voor`")
                .label("dagen_voor ontbreekt")
                .help("zet erbij hoeveel dagen voor de bijeenkomst de stap valt, bijvoorbeeld dagen_voor = 14 (negatief: na de bijeenkomst)")
                .emit();
        }
        let alleen_met_casussen = t.bool("alleen_met_casussen").unwrap_or(false);
        let uitnodiging = t.bool("uitnodiging").unwrap_or(false);
        t.finish();
        if let (Some(id), Some(wat), Some(dagen_voor)) = (id, wat, dagen_voor) {
            out.push(Terugplanstap {
                id,
                wat: wat.trim().to_string(),
                toelichting: toelichting.trim().to_string(),
                wie: wie.trim().to_string(),
                dagen_voor,
                alleen_met_casussen,
                uitnodiging,
            });
        }
    }
}

fn werkvorm_id_span(root: &Table, index: usize) -> Option<std::ops::Range<usize>> {
    let v = root.get("werkvormen")?;
    match v.get_ref() {
        toml::de::DeValue::Array(items) => {
            let item = items.get(index)?;
            match item.get_ref() {
                toml::de::DeValue::Table(t) => t.get("id").map(|v| v.span()),
                _ => Some(item.span()),
            }
        }
        _ => None,
    }
}

fn check_dup(cx: &Cx, root: &Table, kind: &str, id: &str, file: &str, seen: &mut BTreeMap<String, String>) {
    if let Some(first) = seen.get(id) {
        cx.error(
            root.span_of("id"),
            format!("de {kind}-id `{id}` staat ook al in {first}"),
        )
        .label("dubbele id")
        .help(format!(
            "geef elke {kind} een eigen id, of verwijder een van de twee bestanden"
        ))
        .emit();
    } else {
        seen.insert(id.to_string(), file.to_string());
    }
}

fn check_numbers(lib: &Bibliotheek, diags: &mut Diagnostics) {
    let mut seen = BTreeMap::new();
    for b in &lib.bouwstenen {
        if let Some(other) = seen.insert(b.nummer, &b.id) {
            diags.push(
                Diagnostic::new(format!(
                    "de bouwstenen `{other}` en `{}` hebben allebei nummer {}",
                    b.id, b.nummer
                ))
                .help("geef elke bouwsteen een eigen nummer"),
            );
        }
    }
    let mut seen = BTreeMap::new();
    for c in &lib.casussen {
        if let Some(other) = seen.insert(c.nummer, &c.id) {
            diags.push(
                Diagnostic::new(format!(
                    "de casussen `{other}` en `{}` hebben allebei nummer {}",
                    c.id, c.nummer
                ))
                .help("geef elke casus een eigen nummer"),
            );
        }
    }
}

/// An id: lower-case letters, digits and hyphens, so it is safe in TOML,
/// file names and on the command line.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 60
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
}

pub fn read_id(t: &Table) -> Option<String> {
    let id = t.req_str("id")?;
    if !valid_id(&id) {
        t.cx.error(t.span_of("id"), format!("`{id}` is geen bruikbare id"))
            .label("ongeldige id")
            .help("gebruik alleen kleine letters, cijfers en streepjes, bijvoorbeeld \"eigen-casus-1\"")
            .emit();
        return None;
    }
    Some(id)
}

/// A case card; `nummer` is given for library cards, assigned for session cards.
pub fn read_casus(t: &Table, nummer: Option<u32>, bron: Bron) -> Option<Casus> {
    let id = read_id(t);
    let nummer = match nummer {
        Some(n) => Some(n),
        None => t.req_uint("nummer", 1..=999),
    };
    let titel = t.req_line("titel");
    let tekst = t.req_str("tekst");
    let bron = match t.has("bron") {
        true => t.choice("bron", Bron::IDS).and_then(Bron::from_id),
        false => Some(bron),
    };
    Some(Casus {
        id: id?,
        nummer: nummer?,
        titel: titel?.trim().to_string(),
        tekst: tekst?.trim().to_string(),
        bron: bron?,
        eigen: None,
    })
}

fn read_duur(t: &Table) -> Option<Duur> {
    let v = t.get("duur");
    let Some(v) = v else {
        t.req_uint("duur", 1..=240);
        return None;
    };
    match v.get_ref() {
        toml::de::DeValue::Table(_) => {
            let d = Table::from_value(t.cx, v, "`duur`")?;
            let min = d.req_uint("min", 1..=240);
            let max = d.req_uint("max", 1..=240);
            d.finish();
            let (min, max) = (min?, max?);
            if min > max {
                t.cx.error(
                    Some(v.span()),
                    format!("de duur loopt van {min} tot {max} minuten: het minimum is groter dan het maximum"),
                )
                .label("min > max")
                .help(format!("draai de getallen om: duur = {{ min = {max}, max = {min} }}"))
                .emit();
                return None;
            }
            Some(Duur { min, max })
        }
        _ => t.req_uint("duur", 1..=240).map(|n| Duur { min: n, max: n }),
    }
}

fn read_benodigdheden(t: &Table) -> Vec<Benodigdheid> {
    let mut out = Vec::new();
    for item in t.items("benodigdheden") {
        if let Some(b) = read_benodigdheid(t.cx, item) {
            out.push(b);
        }
    }
    out
}

fn read_benodigdheid(cx: &Cx, item: &Value) -> Option<Benodigdheid> {
    match item.get_ref() {
        toml::de::DeValue::String(s) => Some(Benodigdheid {
            wat: s.to_string(),
            per: None,
            aantal: 1,
        }),
        toml::de::DeValue::Table(_) => {
            let b = Table::from_value(cx, item, "een benodigdheid")?;
            let wat = b.req_str("wat");
            let per = b.choice("per", Per::IDS).and_then(Per::from_id);
            let aantal = b.uint("aantal", 1..=100).unwrap_or(1);
            b.finish();
            Some(Benodigdheid { wat: wat?, per, aantal })
        }
        other => {
            cx.error(
                Some(item.span()),
                format!(
                    "een benodigdheid is tekst of een tabel {{ wat = \"…\", per = \"groep\" }}, maar dit is {}",
                    type_name(other)
                ),
            )
            .help("schrijf bijvoorbeeld \"Stiften\" of { wat = \"Flipovervel\", per = \"groep\" }")
            .emit();
            None
        }
    }
}

fn read_drukwerk(t: &Table) -> Vec<String> {
    let list = t.str_list("drukwerk").unwrap_or_default();
    let spans = t.item_spans("drukwerk");
    let mut out = Vec::new();
    for (i, d) in list.into_iter().enumerate() {
        if DRUKWERK.contains(&d.as_str()) {
            out.push(d);
        } else {
            t.cx.error(spans.get(i).cloned(), format!("onbekend drukwerk `{d}`"))
                .label("onbekend")
                .help(did_you_mean(&d, DRUKWERK))
                .emit();
        }
    }
    out
}

fn read_vragenblokken(t: &Table) -> Vec<Vragenblok> {
    t.tables("vragenblokken")
        .into_iter()
        .filter_map(|b| {
            let titel = b.req_str("titel");
            let vragen = b.str_list("vragen").unwrap_or_default();
            b.finish();
            Some(Vragenblok { titel: titel?, vragen })
        })
        .collect()
}

fn read_timing(t: &Table) -> Timing {
    let Some(tt) = t.table("timing") else {
        return Timing::default();
    };
    let m = 0..=240;
    let timing = Timing {
        rondes: tt.uint("rondes", 1..=20),
        minuten_per_ronde: tt.uint("minuten_per_ronde", m.clone()),
        minuten_per_persoon: tt.uint("minuten_per_persoon", m.clone()),
        minuten_per_deelnemer: tt.uint("minuten_per_deelnemer", m.clone()),
        minuten_per_beroepsgroep: tt.uint("minuten_per_beroepsgroep", m.clone()),
        vragen_minuten_per_beroepsgroep: tt.uint("vragen_minuten_per_beroepsgroep", m.clone()),
        voorbereiding_minuten: tt.uint("voorbereiding_minuten", m.clone()),
        individueel_minuten: tt.uint("individueel_minuten", m.clone()),
        plenair_minuten: tt.uint("plenair_minuten", m),
        toelichting: tt.str("toelichting"),
        berekening: if tt.has("berekening") {
            tt.choice("berekening", BerekeningSoort::IDS)
                .and_then(BerekeningSoort::from_id)
        } else {
            None
        },
        te_lang_advies: tt.str("te_lang_advies"),
    };
    // A formula needs its numbers: say which one is missing.
    let nodig: &[(&str, Option<u32>)] = match timing.berekening {
        Some(BerekeningSoort::PerDeelnemer) => &[("minuten_per_deelnemer", timing.minuten_per_deelnemer)],
        Some(BerekeningSoort::PerBeroepsgroep) => &[
            ("voorbereiding_minuten", timing.voorbereiding_minuten),
            ("minuten_per_beroepsgroep", timing.minuten_per_beroepsgroep),
            (
                "vragen_minuten_per_beroepsgroep",
                timing.vragen_minuten_per_beroepsgroep,
            ),
        ],
        None => &[],
    };
    for (key, waarde) in nodig {
        if waarde.is_none() {
            tt.cx
                .error(
                    tt.span_of("berekening"),
                    format!(
                        "de berekening `{}` heeft `{key}` nodig",
                        timing.berekening.map_or("", |b| b.as_str())
                    ),
                )
                .label(format!("{key} ontbreekt"))
                .help(format!("zet in dezelfde [werkvormen.timing] bijvoorbeeld {key} = 2"))
                .emit();
        }
    }
    tt.finish();
    timing
}

fn read_werkvorm(w: &Table, onderdelen: &[Onderdeel]) -> Option<Werkvorm> {
    let id = read_id(w);
    let titel = w.req_str("titel");
    let onderdeel = w.str("onderdeel");
    if let Some(o) = &onderdeel
        && !onderdelen.iter().any(|x| &x.id == o)
    {
        let ids: Vec<&str> = onderdelen.iter().map(|x| x.id.as_str()).collect();
        let help = if ids.is_empty() {
            "deze bouwsteen heeft geen [[onderdelen]]: laat `onderdeel` weg of voeg het onderdeel toe".to_string()
        } else {
            did_you_mean(o, &ids)
        };
        w.cx.error(
            w.span_of("onderdeel"),
            format!("de werkvorm verwijst naar onderdeel `{o}`, maar de bouwsteen heeft dat onderdeel niet"),
        )
        .label("onbekend onderdeel")
        .help(help)
        .emit();
    }
    let groepsvorm = if w.has("groepsvorm") {
        w.choice("groepsvorm", Groepsvorm::IDS).and_then(Groepsvorm::from_id)
    } else {
        Some(Groepsvorm::Plenair)
    };
    let casussen = if w.has("casussen") {
        w.choice("casussen", CasusBehoefte::IDS)
            .and_then(CasusBehoefte::from_id)
    } else {
        Some(CasusBehoefte::Geen)
    };
    let bron = if w.has("bron") {
        w.choice("bron", Bron::IDS).and_then(Bron::from_id)
    } else {
        Some(Bron::Draaiboek)
    };
    // Read every key before any `?`, so that one bad value does not leave the
    // keys after it unread (and then reported as unknown).
    let optioneel = w.bool("optioneel").unwrap_or(false);
    let opwarmer = w.bool("opwarmer").unwrap_or(false);
    let samenvatting = w.str("samenvatting").unwrap_or_default();
    let voorbereiding = w.str_list("voorbereiding").unwrap_or_default();
    let stappen = w.str_list("stappen").unwrap_or_default();
    let vragen = w.str_list("vragen").unwrap_or_default();
    let vragenblokken = read_vragenblokken(w);
    let benodigdheden = read_benodigdheden(w);
    let drukwerk = read_drukwerk(w);
    let timing = read_timing(w);
    let tips = w.str_list("tips").unwrap_or_default();
    let zaal = w.str_list("zaal").unwrap_or_default();
    let techniek = w.str_list("techniek").unwrap_or_default();
    let wv = Werkvorm {
        id: id?,
        titel: titel?,
        onderdeel,
        optioneel,
        opwarmer,
        groepsvorm: groepsvorm?,
        casussen: casussen?,
        bron: bron?,
        samenvatting,
        voorbereiding,
        stappen,
        vragen,
        vragenblokken,
        benodigdheden,
        drukwerk,
        timing,
        tips,
        zaal,
        techniek,
    };
    Some(wv)
}

fn read_bouwsteen(t: &Table) -> Option<Bouwsteen> {
    let id = read_id(t);
    let nummer = t.req_uint("nummer", 1..=99);
    let titel = t.req_str("titel");
    let duur = read_duur(t);
    let onderdelen: Vec<Onderdeel> = t
        .tables("onderdelen")
        .into_iter()
        .filter_map(|o| {
            let id = read_id(&o);
            let titel = o.req_str("titel");
            let optioneel = o.bool("optioneel").unwrap_or(false);
            let tekst = o.str("tekst").unwrap_or_default();
            let vragen = o.str_list("vragen").unwrap_or_default();
            o.finish();
            Some(Onderdeel {
                id: id?,
                titel: titel?,
                optioneel,
                tekst,
                vragen,
            })
        })
        .collect();
    let werkvormen = t
        .tables("werkvormen")
        .into_iter()
        .filter_map(|w| {
            let r = read_werkvorm(&w, &onderdelen);
            w.finish();
            r
        })
        .collect();
    // As in `read_werkvorm`: read all keys first, then give up on a bad one.
    let samenvatting = t.str("samenvatting").unwrap_or_default();
    let doelen = t.str_list("doelen").unwrap_or_default();
    let benodigdheden = read_benodigdheden(t);
    let drukwerk = read_drukwerk(t);
    let introductie = t.str("introductie");
    let achtergrond = t.str("achtergrond");
    let tips = t.str_list("tips").unwrap_or_default();
    let plaats = if t.has("plaats") {
        t.choice("plaats", Plaats::IDS).and_then(Plaats::from_id)
    } else {
        None
    };
    let vast = t.bool("vast").unwrap_or(false);
    let quiz = t.bool("quiz").unwrap_or(false);
    let evaluatievragen = t.str_list("evaluatievragen").unwrap_or_default();
    Some(Bouwsteen {
        id: id?,
        nummer: nummer?,
        titel: titel?,
        duur: duur?,
        samenvatting,
        doelen,
        benodigdheden,
        drukwerk,
        introductie,
        achtergrond,
        tips,
        onderdelen,
        werkvormen,
        plaats,
        vast,
        quiz,
        evaluatievragen,
    })
}
