//! The built-in content library: it loads cleanly, it holds exactly the facts
//! of the spec (bibliotheek.md), the listings print the spec's JSON shape, and
//! a broken library folder is reported with file:line:col in Dutch.

mod common;

use std::path::Path;

use draaiboek::library;
use draaiboek::model::{Bibliotheek, Bouwsteen, Bron, CasusBehoefte, Groepsvorm, Werkvorm};
use serde_json::Value;

fn lib() -> Bibliotheek {
    match library::builtin() {
        Ok(lib) => lib,
        Err(e) => panic!("de ingebouwde bibliotheek geeft meldingen: {e:?}"),
    }
}

fn block<'a>(lib: &'a Bibliotheek, id: &str) -> &'a Bouwsteen {
    lib.bouwstenen
        .iter()
        .find(|b| b.id == id)
        .unwrap_or_else(|| panic!("bouwsteen {id} ontbreekt"))
}

fn wv<'a>(lib: &'a Bibliotheek, block_id: &str, id: &str) -> &'a Werkvorm {
    block(lib, block_id)
        .werkvorm(id)
        .unwrap_or_else(|| panic!("werkvorm {id} ontbreekt in {block_id}"))
}

/// The work formats of the draaiboek itself (not the optional extras).
fn draaiboek_ids(b: &Bouwsteen) -> Vec<&str> {
    b.werkvormen
        .iter()
        .filter(|w| w.bron == Bron::Draaiboek)
        .map(|w| w.id.as_str())
        .collect()
}

#[test]
fn blocks_have_the_spec_ids_numbers_and_durations() {
    let lib = lib();
    let got: Vec<(&str, u32, u32, u32)> = lib
        .bouwstenen
        .iter()
        .map(|b| (b.id.as_str(), b.nummer, b.duur.min, b.duur.max))
        .collect();
    assert_eq!(
        got,
        vec![
            ("inloop", 1, 15, 15),
            ("welkom", 2, 10, 15),
            ("kennismaking", 3, 20, 20),
            ("kwetsbaarheid", 4, 50, 50),
            ("samenwerking", 5, 45, 45),
            ("communicatie", 6, 45, 45),
            ("afsluiting", 7, 15, 15),
        ]
    );
    for b in &lib.bouwstenen {
        assert!(!b.titel.is_empty() && !b.samenvatting.is_empty(), "{}", b.id);
        assert!(!b.doelen.is_empty(), "{} heeft geen doelen", b.id);
    }
}

#[test]
fn work_formats_per_block_match_the_spec() {
    let lib = lib();
    let expect: &[(&str, &[&str])] = &[
        ("inloop", &[]),
        ("welkom", &[]),
        ("kennismaking", &["speeddate", "bol-wol"]),
        (
            "kwetsbaarheid",
            &["definitie-gesprek", "casus-factoren", "factoren-flipover"],
        ),
        ("samenwerking", &["pitch", "kaartenspel", "rollenspel", "klantreis"]),
        (
            "communicatie",
            &["vragencarrousel", "casuistiek-bespreken", "ervaringen-uitwisselen"],
        ),
        ("afsluiting", &[]),
    ];
    for (id, ids) in expect {
        assert_eq!(draaiboek_ids(block(&lib, id)), *ids, "werkvormen van {id}");
    }
    // Blocks without work formats have none at all: a session need not choose one.
    for id in ["inloop", "welkom", "afsluiting"] {
        assert!(block(&lib, id).werkvormen.is_empty(), "{id}");
    }
}

#[test]
fn extras_from_other_sources_are_optional_and_marked() {
    let lib = lib();
    let extras: Vec<(&str, Bron)> = lib
        .bouwstenen
        .iter()
        .flat_map(|b| &b.werkvormen)
        .filter(|w| w.bron != Bron::Draaiboek)
        .map(|w| (w.id.as_str(), w.bron))
        .collect();
    for (id, bron) in [
        ("marshmallow-challenge", Bron::Module),
        ("successen-obstakels", Bron::Module),
        ("casusanalyse-tweetallen", Bron::Module),
        ("reflectie-voorwaarden", Bron::Samenvatting),
    ] {
        assert!(extras.contains(&(id, bron)), "extra werkvorm {id} ({bron:?}) ontbreekt");
    }
    for b in &lib.bouwstenen {
        for w in b.werkvormen.iter().filter(|w| w.bron != Bron::Draaiboek) {
            assert!(w.optioneel, "{} is een extra en moet optioneel zijn", w.id);
        }
    }
    // The reflection handout covers the eight categories of the summary.
    assert_eq!(wv(&lib, "samenwerking", "reflectie-voorwaarden").vragen.len(), 8);
}

#[test]
fn parts_of_welkom_and_samenwerking() {
    let lib = lib();
    let welkom = block(&lib, "welkom");
    let parts: Vec<(&str, bool)> = welkom.onderdelen.iter().map(|o| (o.id.as_str(), o.optioneel)).collect();
    assert_eq!(
        parts,
        [
            ("welkomstwoord", false),
            ("quiz", true),
            ("voorstelrondje", false),
            ("programma", false)
        ]
    );
    let quiz = &welkom.onderdelen[1];
    assert_eq!(quiz.vragen.len(), 5, "de quiz heeft vijf voorbeeldvragen");
    assert!(quiz.tekst.contains("waarstaatjegemeente.nl") && quiz.tekst.contains("regiobeeld.nl"));

    let sw = block(&lib, "samenwerking");
    let parts: Vec<(&str, bool)> = sw.onderdelen.iter().map(|o| (o.id.as_str(), o.optioneel)).collect();
    assert_eq!(parts, [("aanbod", true), ("afspraken", false)]);
    for (id, part, optional) in [
        ("pitch", "aanbod", true),
        ("kaartenspel", "aanbod", true),
        ("rollenspel", "afspraken", false),
        ("klantreis", "afspraken", false),
    ] {
        let w = wv(&lib, "samenwerking", id);
        assert_eq!(w.onderdeel.as_deref(), Some(part), "{id}");
        assert_eq!(w.optioneel, optional, "{id}");
    }
    // Every work format of a block with parts belongs to one of them; no other block has parts.
    for b in &lib.bouwstenen {
        for w in &b.werkvormen {
            match b.onderdelen.is_empty() {
                true => assert_eq!(w.onderdeel, None, "{}", w.id),
                false => assert!(w.onderdeel.is_some(), "{} hoort bij een onderdeel", w.id),
            }
        }
    }
}

#[test]
fn group_forms_case_needs_and_timing_match_the_spec() {
    use CasusBehoefte::*;
    use Groepsvorm::*;
    let lib = lib();
    let expect = [
        ("kennismaking", "speeddate", Drietallen, Geen),
        ("kennismaking", "bol-wol", Plenair, Geen),
        ("kwetsbaarheid", "definitie-gesprek", Gemengd, Geen),
        ("kwetsbaarheid", "casus-factoren", Gemengd, PerGroep),
        ("kwetsbaarheid", "factoren-flipover", Plenair, Geen),
        ("samenwerking", "pitch", PerBeroep, Geen),
        ("samenwerking", "kaartenspel", PerOrganisatie, Geen),
        ("samenwerking", "rollenspel", Plenair, Een),
        ("samenwerking", "klantreis", Plenair, Een),
        ("communicatie", "vragencarrousel", Plenair, Geen),
        ("communicatie", "casuistiek-bespreken", Gemengd, PerGroep),
        ("communicatie", "ervaringen-uitwisselen", Plenair, Geen), // a group conversation with tips to each other
    ];
    for (b, id, vorm, casus) in expect {
        let w = wv(&lib, b, id);
        assert_eq!((w.groepsvorm, w.casussen), (vorm, casus), "{id}");
    }

    let t = &wv(&lib, "kennismaking", "speeddate").timing;
    assert_eq!(
        (t.rondes, t.minuten_per_ronde, t.minuten_per_persoon),
        (Some(3), Some(3), Some(1))
    );
    assert_eq!(wv(&lib, "kennismaking", "speeddate").vragen.len(), 3);

    let bol = wv(&lib, "kennismaking", "bol-wol");
    assert_eq!(bol.vragen.len(), 2);
    assert!(
        bol.benodigdheden
            .iter()
            .any(|m| m.wat.to_lowercase().contains("bol wol"))
    );

    assert_eq!(wv(&lib, "kwetsbaarheid", "definitie-gesprek").vragen.len(), 4);
    let cf = wv(&lib, "kwetsbaarheid", "casus-factoren");
    assert_eq!(cf.timing.plenair_minuten, Some(10));
    assert!(cf.drukwerk.contains(&"flipover-kolommen".to_string()));
    let ff = wv(&lib, "kwetsbaarheid", "factoren-flipover");
    assert_eq!(ff.timing.individueel_minuten, Some(5));
    let titels: Vec<&str> = ff.vragenblokken.iter().map(|v| v.titel.as_str()).collect();
    assert_eq!(titels, ["Verdiepende vragen", "Afsluitende vraag"]);

    let pitch = &wv(&lib, "samenwerking", "pitch").timing;
    assert_eq!(
        (
            pitch.voorbereiding_minuten,
            pitch.minuten_per_beroepsgroep,
            pitch.vragen_minuten_per_beroepsgroep
        ),
        (Some(10), Some(5), Some(2))
    );
    let kaart = wv(&lib, "samenwerking", "kaartenspel");
    assert_eq!(kaart.timing.rondes, Some(2));
    assert!(kaart.drukwerk.contains(&"kaartenspel".to_string()));
    assert!(
        wv(&lib, "samenwerking", "klantreis")
            .drukwerk
            .contains(&"tijdlijn".to_string())
    );

    let carrousel = wv(&lib, "communicatie", "vragencarrousel");
    assert!(carrousel.opwarmer && carrousel.optioneel);
    assert_eq!(carrousel.timing.minuten_per_deelnemer, Some(2));
    let cb = wv(&lib, "communicatie", "casuistiek-bespreken");
    assert_eq!(cb.vragen.len(), 5);
    assert_eq!(cb.vragenblokken.iter().map(|v| v.vragen.len()).collect::<Vec<_>>(), [2]);
    assert_eq!(
        wv(&lib, "communicatie", "ervaringen-uitwisselen").vragenblokken.len(),
        2
    );

    // Only the question carousel is a warm-up.
    for b in &lib.bouwstenen {
        for w in &b.werkvormen {
            assert_eq!(w.opwarmer, w.id == "vragencarrousel", "{}", w.id);
        }
    }
    assert!(block(&lib, "inloop").drukwerk.contains(&"naambordje".to_string()));
    assert!(block(&lib, "kwetsbaarheid").drukwerk.contains(&"definitie".to_string()));
}

#[test]
fn every_work_format_has_steps_and_a_summary() {
    let lib = lib();
    for b in &lib.bouwstenen {
        for w in &b.werkvormen {
            assert!(w.stappen.len() >= 2, "{} heeft te weinig stappen", w.id);
            assert!(!w.samenvatting.is_empty(), "{} heeft geen samenvatting", w.id);
        }
    }
}

#[test]
fn eight_cases_with_the_fixed_ids() {
    let lib = lib();
    let got: Vec<(u32, &str)> = lib.casussen.iter().map(|c| (c.nummer, c.id.as_str())).collect();
    assert_eq!(
        got,
        [
            (1, "youssef"),
            (2, "geloof"),
            (3, "kasia-pjotr"),
            (4, "selma"),
            (5, "saskia"),
            (6, "naomi-vaccinatie"),
            (7, "naomi-kinderwens"),
            (8, "samira"),
        ]
    );
    for c in &lib.casussen {
        assert!(c.tekst.len() > 100, "casus {} is te kort", c.id);
        assert_eq!(c.bron, Bron::Draaiboek);
    }
    // A few facts that must survive the rewording.
    let tekst = |id: &str| lib.casussen.iter().find(|c| c.id == id).unwrap().tekst.clone();
    assert!(tekst("youssef").contains("tolk"));
    assert!(tekst("kasia-pjotr").contains("6 weken"));
    assert!(tekst("selma").contains("22"));
    assert!(tekst("saskia").contains("28") && tekst("saskia").contains("spiraaltje"));
    assert!(tekst("naomi-vaccinatie").contains("14 maanden"));
    assert!(tekst("samira").contains("36 weken") && tekst("samira").contains("azc"));
}

fn json_of(args: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = common::run(args, dir.path());
    assert!(out.status.success(), "{args:?}: {}", common::stderr(&out));
    serde_json::from_slice(&out.stdout).expect("geldige JSON")
}

#[test]
fn bouwstenen_json_has_the_spec_shape() {
    let json = json_of(&["bouwstenen", "--formaat", "json"]);
    let blocks = json.as_array().expect("een lijst");
    assert_eq!(blocks.len(), 7);
    for (i, b) in blocks.iter().enumerate() {
        assert_eq!(b["nummer"].as_u64(), Some(i as u64 + 1), "nummervolgorde");
        assert!(b["id"].is_string() && b["titel"].is_string());
        let (min, max) = (b["duur_min"].as_u64().unwrap(), b["duur_max"].as_u64().unwrap());
        assert!(min <= max);
        let has_parts = b["id"] == "samenwerking";
        for w in b["werkvormen"].as_array().expect("werkvormen is een lijst") {
            assert!(w["id"].is_string() && w["titel"].is_string() && w["optioneel"].is_boolean());
            match has_parts {
                true => assert!(w["onderdeel"].is_string(), "{w}"),
                false => assert!(w["onderdeel"].is_null(), "{w}"),
            }
        }
    }
    let by_id = |id: &str| blocks.iter().find(|b| b["id"] == id).unwrap();
    assert_eq!(
        (
            by_id("kwetsbaarheid")["duur_min"].as_u64(),
            by_id("kwetsbaarheid")["duur_max"].as_u64()
        ),
        (Some(50), Some(50))
    );
    assert_eq!(
        (
            by_id("welkom")["duur_min"].as_u64(),
            by_id("welkom")["duur_max"].as_u64()
        ),
        (Some(10), Some(15))
    );
    let pitch = &by_id("samenwerking")["werkvormen"][0];
    assert_eq!(pitch["id"], "pitch");
    assert_eq!(pitch["onderdeel"], "aanbod");
    assert_eq!(pitch["optioneel"], true);
}

#[test]
fn casussen_json_has_the_spec_shape() {
    let json = json_of(&["casussen", "--formaat", "json"]);
    let cases = json.as_array().expect("een lijst");
    assert_eq!(cases.len(), 8);
    for (i, c) in cases.iter().enumerate() {
        assert_eq!(c["nummer"].as_u64(), Some(i as u64 + 1));
        for key in ["id", "titel", "tekst"] {
            assert!(c[key].as_str().is_some_and(|s| !s.is_empty()), "{key} in {c}");
        }
    }
    assert_eq!(cases[0]["id"], "youssef");
    assert_eq!(cases[7]["id"], "samira");
}

/// A copy of the real library in a temp dir, to break one file in.
fn library_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in [library::BLOCK_DIR, library::CASE_DIR, library::PLAN_DIR] {
        let to = dir.path().join(sub);
        std::fs::create_dir(&to).unwrap();
        for e in std::fs::read_dir(common::root().join(sub)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// Replace the first occurrence of `from` in a library file (which must hold it).
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} bevat {from:?} niet");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Run `bouwstenen` on a broken library: exit 2, and the stderr.
fn broken(dir: &Path) -> String {
    let out = common::run(&["--bibliotheek", dir.to_str().unwrap(), "bouwstenen"], dir);
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(2), "exit code; stderr:\n{err}");
    assert!(out.stdout.is_empty(), "geen lijst bij een kapotte bibliotheek");
    err
}

#[test]
fn the_real_library_folder_loads_like_the_builtin_one() {
    let dir = library_copy();
    let out = common::run(
        &["--bibliotheek", dir.path().to_str().unwrap(), "bouwstenen"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(common::stdout(&out).contains("[samenwerking]"));
}

#[test]
fn toml_syntax_error_is_located() {
    let dir = library_copy();
    edit(
        dir.path(),
        "building-blocks/03-kennismaking.toml",
        "duur = 20",
        "duur = = 20",
    );
    let err = broken(dir.path());
    assert!(err.contains("building-blocks/03-kennismaking.toml:4:"), "{err}");
    assert!(err.contains("de TOML-opmaak klopt hier niet"), "{err}");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let dir = library_copy();
    edit(
        dir.path(),
        "building-blocks/03-kennismaking.toml",
        "\ntitel = ",
        "\ntitl = ",
    );
    let err = broken(dir.path());
    assert!(err.contains("building-blocks/03-kennismaking.toml:3:1"), "{err}");
    assert!(err.contains("onbekende sleutel `titl`"), "{err}");
    assert!(err.contains("bedoel je `titel`?"), "{err}");
    // The other keys of the block are not reported as unknown because of it.
    assert!(!err.contains("onbekende sleutel `doelen`"), "{err}");
}

#[test]
fn duplicate_case_id_across_files() {
    let dir = library_copy();
    let copy = dir.path().join("casuistiek/09-kopie.toml");
    std::fs::copy(dir.path().join("casuistiek/01-youssef.toml"), &copy).unwrap();
    edit(dir.path(), "casuistiek/09-kopie.toml", "nummer = 1", "nummer = 9");
    let err = broken(dir.path());
    assert!(err.contains("casuistiek/09-kopie.toml:1:6"), "{err}");
    assert!(err.contains("de casus-id `youssef` staat ook al in"), "{err}");
    assert!(err.contains("01-youssef.toml"), "{err}");
}

#[test]
fn duplicate_work_format_id_across_blocks() {
    let dir = library_copy();
    edit(
        dir.path(),
        "building-blocks/06-communicatie.toml",
        "id = \"vragencarrousel\"",
        "id = \"speeddate\"",
    );
    let err = broken(dir.path());
    assert!(err.contains("building-blocks/06-communicatie.toml:"), "{err}");
    assert!(err.contains("de werkvorm-id `speeddate` staat al in"), "{err}");
}

#[test]
fn duration_min_above_max() {
    let dir = library_copy();
    edit(
        dir.path(),
        "building-blocks/02-welkom.toml",
        "{ min = 10, max = 15 }",
        "{ min = 15, max = 10 }",
    );
    let err = broken(dir.path());
    assert!(err.contains("building-blocks/02-welkom.toml:4:8"), "{err}");
    assert!(err.contains("het minimum is groter dan het maximum"), "{err}");
    assert!(err.contains("duur = { min = 10, max = 15 }"), "the fix is shown: {err}");
    assert!(!err.contains("onbekende sleutel"), "no follow-up noise: {err}");
}

#[test]
fn work_format_part_that_the_block_lacks() {
    let dir = library_copy();
    edit(
        dir.path(),
        "building-blocks/05-samenwerking.toml",
        "onderdeel = \"aanbod\"",
        "onderdeel = \"aanbot\"",
    );
    let err = broken(dir.path());
    assert!(err.contains("building-blocks/05-samenwerking.toml:"), "{err}");
    assert!(err.contains("de werkvorm verwijst naar onderdeel `aanbot`"), "{err}");
    assert!(err.contains("bedoel je `aanbod`?"), "{err}");

    let dir = library_copy();
    edit(
        dir.path(),
        "building-blocks/03-kennismaking.toml",
        "groepsvorm = \"drietallen\"",
        "groepsvorm = \"drietallen\"\nonderdeel = \"aanbod\"",
    );
    let err = broken(dir.path());
    assert!(err.contains("deze bouwsteen heeft geen [[onderdelen]]"), "{err}");
}

#[test]
fn two_broken_files_give_two_errors_in_one_run() {
    let dir = library_copy();
    edit(
        dir.path(),
        "building-blocks/03-kennismaking.toml",
        "\ntitel = ",
        "\ntitl = ",
    );
    edit(
        dir.path(),
        "building-blocks/02-welkom.toml",
        "{ min = 10, max = 15 }",
        "{ min = 15, max = 10 }",
    );
    let err = broken(dir.path());
    assert!(err.contains("building-blocks/02-welkom.toml:4:8"), "{err}");
    assert!(err.contains("building-blocks/03-kennismaking.toml:3:1"), "{err}");
    assert!(
        err.matches("\nfout: ").count() + usize::from(err.starts_with("fout: ")) >= 2,
        "{err}"
    );
}

#[test]
fn one_block_in_full_shows_everything_needed_to_run_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::run(&["bouwstenen", "--bouwsteen", "kwetsbaarheid"], dir.path());
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    for part in [
        "Introductie voor de gespreksleider:",
        "Achtergrond:",
        "Erasmus MC",
        "Voorbereiding:",
        "Stappen:",
        "Verdiepende vragen:",
        "Afsluitende vraag:",
        "Casussen: elk groepje een eigen casuskaart",
        "Tijd: 10 min plenair",
    ] {
        assert!(text.contains(part), "{part:?} ontbreekt in:\n{text}");
    }
    let out = common::run(&["bouwstenen", "--bouwsteen", "welkom"], dir.path());
    let text = common::stdout(&out);
    assert!(text.contains("regiobeeld.nl") && text.contains("Vragen:"), "{text}");
    let out = common::run(&["bouwstenen", "--bouwsteen", "samenwerking"], dir.path());
    let text = common::stdout(&out);
    assert!(
        text.contains("Bron: module multidisciplinaire samenwerking")
            && text.contains("Bron: samenvatting Krachten bundelen"),
        "{text}"
    );
}

/// The group plan makes threes and, when the count does not divide, one or
/// two fours (groups::sizes). The speeddate's steps must then say how a
/// foursome plays a round, and that longest round must fit the block.
#[test]
fn speeddate_steps_fit_every_group_size_the_plan_makes() {
    let lib = lib();
    let w = wv(&lib, "kennismaking", "speeddate");
    let per_persoon = w.timing.minuten_per_persoon.unwrap();
    let rondes = w.timing.rondes.unwrap();
    let stappen = w.stappen.join(" ");
    let mut groottes = std::collections::BTreeSet::new();
    for n in 6..=20 {
        groottes.extend(draaiboek::groups::groottes(Groepsvorm::Drietallen, n));
    }
    assert_eq!(groottes.into_iter().collect::<Vec<_>>(), [3, 4]);
    assert!(stappen.contains("3 minuten in een groepje van drie"), "{stappen}");
    assert!(
        stappen.contains("een groepje van vier krijgt 4 minuten (ons advies"),
        "{stappen}"
    );
    assert!(!stappen.contains("alle drie aan de beurt"), "{stappen}");
    assert!(rondes * 4 * per_persoon <= block(&lib, "kennismaking").duur.max);
}

// ------------------------------------------------- the library decides, not the code

/// Every block, work format and case id of the built-in library, renamed.
const HERNOEMD: &[(&str, &str)] = &[
    ("inloop", "ontvangst"),
    ("welkom", "opening"),
    ("kennismaking", "kennismaken"),
    ("speeddate", "snelgesprek"),
    ("bol-wol", "bal-touw"),
    ("marshmallow-challenge", "toren-bouwen"),
    ("kwetsbaarheid", "kwetsbaar"),
    ("definitie-gesprek", "definitie-praten"),
    ("casus-factoren", "factoren-zoeken"),
    ("factoren-flipover", "factoren-vel"),
    ("samenwerking", "samen-werken"),
    ("pitch", "voorstelronde"),
    ("kaartenspel", "kaartspel"),
    ("rollenspel", "naspelen"),
    ("klantreis", "reis-van-het-gezin"),
    ("successen-obstakels", "wat-werkt"),
    ("casusanalyse-tweetallen", "casus-in-paren"),
    ("reflectie-voorwaarden", "voorwaarden"),
    ("communicatie", "gesprek"),
    ("vragencarrousel", "vragenrondje"),
    ("casuistiek-bespreken", "casus-bespreken"),
    ("ervaringen-uitwisselen", "ervaringen-delen"),
    ("afsluiting", "slot"),
    ("youssef", "c1"),
    ("geloof", "c2"),
    ("kasia-pjotr", "c3"),
    ("selma", "c4"),
    ("saskia", "c5"),
    ("naomi-vaccinatie", "c6"),
    ("naomi-kinderwens", "c7"),
    ("samira", "c8"),
];

/// A copy of the library with every id of [`HERNOEMD`] renamed (only the
/// `id = "…"` lines; nothing else in the files changes).
fn renamed_library() -> tempfile::TempDir {
    let dir = library_copy();
    let mut renamed = 0;
    for sub in [library::BLOCK_DIR, library::CASE_DIR] {
        for e in std::fs::read_dir(dir.path().join(sub)).unwrap() {
            let p = e.unwrap().path();
            let mut text = std::fs::read_to_string(&p).unwrap();
            for (old, new) in HERNOEMD {
                let from = format!("\nid = \"{old}\"\n");
                if text.starts_with(&from[1..]) || text.contains(&from) {
                    text = format!("\n{text}").replacen(&from, &format!("\nid = \"{new}\"\n"), 1)[1..].to_string();
                    renamed += 1;
                }
            }
            std::fs::write(&p, text).unwrap();
        }
    }
    assert_eq!(renamed, HERNOEMD.len(), "every id was found once");
    dir
}

/// A session that misplaces the closing block, has a long pitch (8
/// professions: 10 + 7 × 8 = 66 > 45 minutes) and a long question carousel
/// (2 × 25 = 50 > 45 minutes), written with the ids `ids` maps to.
fn sessie_met(ids: &dyn Fn(&str) -> String) -> String {
    let mut s = format!(
        "[bijeenkomst]\ntitel = \"Test\"\ncoalitie = \"Coalitie\"\ndatum = 2027-03-11\nbegintijd = 13:30:00\nlocatie = \"Zaal\"\nuitnodiging = 2027-01-21\nleerdoelen = [\"Samen\"]\n\n[organisator]\nnaam = \"Fatima\"\nemail = \"f@example.nl\"\n\n\
[[programma]]\nbouwsteen = \"{}\"\n\n[[programma]]\nbouwsteen = \"{}\"\nduur = 10\n\n\
[[programma]]\nbouwsteen = \"{}\"\n\n\
[[programma]]\nbouwsteen = \"{}\"\nwerkvormen = [\"{}\", \"{}\"]\ncasus = \"{}\"\n\n\
[[programma]]\nbouwsteen = \"{}\"\nwerkvormen = [\"{}\", \"{}\"]\ncasussen = [\"{}\", \"{}\", \"{}\", \"{}\", \"{}\", \"{}\", \"{}\"]\n\n",
        ids("inloop"),
        ids("welkom"),
        ids("afsluiting"),
        ids("samenwerking"),
        ids("pitch"),
        ids("klantreis"),
        ids("selma"),
        ids("communicatie"),
        ids("vragencarrousel"),
        ids("casuistiek-bespreken"),
        ids("youssef"),
        ids("geloof"),
        ids("kasia-pjotr"),
        ids("saskia"),
        ids("naomi-vaccinatie"),
        ids("naomi-kinderwens"),
        ids("samira"),
    );
    let domeinen = ["medisch", "sociaal", "informeel"];
    for i in 0..25 {
        s.push_str(&format!(
            "[[deelnemers]]\nnaam = \"Deelnemer {i}\"\nemail = \"d{i}@example.nl\"\nfunctie = \"beroep {}\"\norganisatie = \"Org {}\"\ndomein = \"{}\"\nelearning = true\nstatus = \"aangemeld\"\n\n",
            i % 8,
            i % 6,
            domeinen[i % 3]
        ));
    }
    s
}

fn nieuwe_id(old: &str) -> String {
    HERNOEMD
        .iter()
        .find(|(o, _)| *o == old)
        .map_or(old, |(_, n)| n)
        .to_string()
}

/// `controleer --formaat json` with an optional library folder.
fn controleer_json(lib: Option<&Path>, sessie: &str, dir: &Path) -> Value {
    let pad = dir.join("sessie.toml");
    std::fs::write(&pad, sessie).unwrap();
    let mut args: Vec<&str> = Vec::new();
    let lib_str = lib.map(|l| l.to_str().unwrap().to_string());
    if let Some(l) = &lib_str {
        args.extend(["--bibliotheek", l.as_str()]);
    }
    args.extend([
        "controleer",
        pad.to_str().unwrap(),
        "--vandaag",
        "2026-12-01",
        "--formaat",
        "json",
    ]);
    let out = common::run(&args, dir);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", common::stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_library_with_every_id_renamed_keeps_every_rule_timing_and_print_piece() {
    let lib = renamed_library();
    let werk = tempfile::tempdir().unwrap();
    let origineel = controleer_json(None, &sessie_met(&|id| id.to_string()), werk.path());
    let hernoemd = controleer_json(Some(lib.path()), &sessie_met(&nieuwe_id), werk.path());

    let codes = |r: &Value| -> Vec<(String, String)> {
        r["bevindingen"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["code"].as_str().unwrap().to_string(),
                    b["bouwsteen"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let verwacht = vec![
        ("volgorde".to_string(), nieuwe_id("afsluiting")),
        ("werkvorm-te-lang".to_string(), nieuwe_id("samenwerking")),
        ("werkvorm-te-lang".to_string(), nieuwe_id("communicatie")),
        ("deelnemers-aantal".to_string(), String::new()),
    ];
    for v in &verwacht {
        assert!(codes(&hernoemd).contains(v), "{v:?} ontbreekt: {:?}", codes(&hernoemd));
    }
    // The same findings as with the built-in library, block for block.
    let terug: Vec<(String, String)> = codes(&hernoemd)
        .into_iter()
        .map(|(c, b)| {
            (
                c,
                HERNOEMD
                    .iter()
                    .find(|(_, n)| *n == b)
                    .map_or(b.clone(), |(o, _)| o.to_string()),
            )
        })
        .collect();
    assert_eq!(terug, codes(&origineel));
    // The timings: the inloop is still before the start, the totals agree.
    for key in ["totaal_minuten", "eindtijd", "inloop_vanaf", "deelnemers"] {
        assert_eq!(hernoemd[key], origineel[key], "{key}");
    }
    assert_eq!(hernoemd["inloop_vanaf"], "13:15");
    assert_eq!(hernoemd["totaal_minuten"], 10 + 15 + 45 + 45);
    let meldingen = hernoemd["bevindingen"].to_string();
    assert!(
        meldingen.contains("10 minuten voorbereiding + 7 minuten × 8 beroepsgroepen"),
        "{meldingen}"
    );
    assert!(meldingen.contains("2 minuten × 25 deelnemers"), "{meldingen}");
    assert!(
        meldingen.contains("kies het kaartenspel"),
        "the library's own advice: {meldingen}"
    );
    assert!(meldingen.contains("ontvangst eerst, slot als laatste"), "{meldingen}");

    // The first block misplaced: the library's `plaats` still decides.
    let verkeerd = sessie_met(&nieuwe_id).replacen(
        "[[programma]]\nbouwsteen = \"ontvangst\"\n\n[[programma]]\nbouwsteen = \"opening\"\nduur = 10\n",
        "[[programma]]\nbouwsteen = \"opening\"\nduur = 10\n\n[[programma]]\nbouwsteen = \"ontvangst\"\n",
        1,
    );
    let r = controleer_json(Some(lib.path()), &verkeerd, werk.path());
    assert!(
        codes(&r).contains(&("volgorde".to_string(), "ontvangst".to_string())),
        "{:?}",
        codes(&r)
    );

    // And `maak` still writes the print pieces, the retro-planning and the agenda.
    let pad = werk.path().join("sessie.toml");
    std::fs::write(&pad, sessie_met(&nieuwe_id)).unwrap();
    let uit = werk.path().join("uit");
    let out = common::run(
        &[
            "--bibliotheek",
            lib.path().to_str().unwrap(),
            "maak",
            pad.to_str().unwrap(),
            "--uit",
            uit.to_str().unwrap(),
            "--vandaag",
            "2026-12-01",
        ],
        werk.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let materiaal = std::fs::read_to_string(uit.join("materiaal.html")).expect("materiaal.html");
    assert!(
        materiaal.contains("aria-label=\"Naambordjes"),
        "name signs of the reception block"
    );
    assert!(uit.join("casuskaarten.html").exists());
    let agenda = std::fs::read_to_string(uit.join("agenda.md")).unwrap();
    assert!(agenda.contains("| 13:15–13:30 | *Inloop en ontvangst* |"), "{agenda}");
    let draaiboek = std::fs::read_to_string(uit.join("draaiboek.md")).unwrap();
    assert!(
        draaiboek.contains("Uitnodigingen versturen") && draaiboek.contains("ons advies"),
        "{draaiboek}"
    );
    assert!(
        draaiboek.contains("internetverbinding"),
        "the carousel's technical note"
    );
}

#[test]
fn a_formula_without_its_numbers_is_reported_in_dutch() {
    let dir = library_copy();
    edit(
        dir.path(),
        "building-blocks/06-communicatie.toml",
        "minuten_per_deelnemer = 2\n",
        "",
    );
    edit(
        dir.path(),
        "building-blocks/01-inloop.toml",
        "plaats = \"voor-begin\"",
        "plaats = \"voorbegin\"",
    );
    let err = broken(dir.path());
    assert!(
        err.contains("de berekening `per-deelnemer` heeft `minuten_per_deelnemer` nodig"),
        "{err}"
    );
    assert!(err.contains("06-communicatie.toml:"), "{err}");
    assert!(err.contains("voor-begin"), "nearest valid value: {err}");
    assert!(err.contains("01-inloop.toml:5:"), "{err}");
}

/// The built-in library is embedded twice: as TOML (the source) and as what
/// the loader made of it (postcard), which starts faster. That file must be exactly
/// what the loader reads from the TOML now, and the binary must use it.
/// `DRAAIBOEK_VERVERS=1` rewrites it after a change to the library.
#[test]
fn ingebouwde_bibliotheek_is_actueel() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ingebouwde-bibliotheek.bin");
    let want = library::voorgelezen_bytes().expect("the built-in library loads");
    if std::env::var_os("DRAAIBOEK_VERVERS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is not what the library TOML gives; refresh it with \
         DRAAIBOEK_VERVERS=1 cargo test --test library ingebouwde_bibliotheek_is_actueel",
        path.display()
    );
    assert!(
        library::voorgelezen_actief(),
        "the build did not embed the saved library"
    );
    assert_eq!(library::builtin().unwrap(), library::builtin_uit_toml().unwrap());
}
