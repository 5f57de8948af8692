//! Every rule of `check::REGELS` (documented in docs/regels.md) at its
//! boundaries, table-driven.
//!
//! Each case starts from one valid base session (110 minutes, 16 listed
//! participants from three domains, invitations in time, goals set) and
//! changes one thing; the test asserts which codes appear.

use chrono::NaiveDate;
use draaiboek::check::{Bevinding, Ernst, Rapport, controleer};
use draaiboek::diag::SourceFile;
use draaiboek::library;
use draaiboek::session::load_source;

const VANDAAG: &str = "2026-12-01";

fn base(programma: &str, deelnemers: &str, extra_bijeenkomst: &str) -> String {
    format!(
        r#"
[bijeenkomst]
titel = "Test"
coalitie = "Coalitie Test"
datum = 2027-03-11
begintijd = 13:30:00
locatie = "Zaal 1"
uitnodiging = 2027-01-21
leerdoelen = ["Een gedeelde taal over kwetsbaarheid"]
{extra_bijeenkomst}

[organisator]
naam = "Fatima"
email = "f@example.nl"

{programma}

{deelnemers}
"#
    )
}

const PROGRAMMA: &str = r#"
[[programma]]
bouwsteen = "inloop"
[[programma]]
bouwsteen = "welkom"
duur = 10
[[programma]]
bouwsteen = "kennismaking"
werkvorm = "speeddate"
[[programma]]
bouwsteen = "kwetsbaarheid"
werkvorm = "casus-factoren"
casussen = ["youssef", "kasia-pjotr", "selma", "samira"]
[[programma]]
bouwsteen = "afsluiting"
"#;

/// `n` participants, domains and professions rotating, all with e-learning.
fn deelnemers(n: usize, status: &str) -> String {
    let domeinen = ["medisch", "sociaal", "informeel"];
    (0..n)
        .map(|i| {
            format!(
                "[[deelnemers]]\nnaam = \"Deelnemer {i}\"\nemail = \"d{i}@example.nl\"\nfunctie = \"beroep {}\"\norganisatie = \"Org {}\"\ndomein = \"{}\"\nelearning = true\nstatus = \"{status}\"\n",
                i % 8,
                i % 6,
                domeinen[i % 3]
            )
        })
        .collect()
}

fn check_with(toml: &str, vandaag: &str) -> Rapport {
    let lib = library::builtin().expect("built-in library loads");
    let file = SourceFile::new(std::path::Path::new("test.toml"), toml.to_string());
    let sessie = match load_source(file, &lib) {
        Ok(s) => s,
        Err(e) => panic!("session does not load:\n{e}"),
    };
    controleer(&sessie, &lib, NaiveDate::parse_from_str(vandaag, "%Y-%m-%d").unwrap())
}

fn check(toml: &str) -> Rapport {
    check_with(toml, VANDAAG)
}

/// Check `nu` as a session whose `[[verstuurd]]` says the invitations made
/// from `eerder` went out (to one participant).
fn check_na(eerder: &str, nu: &str) -> Rapport {
    use draaiboek::levensloop::{Feiten, status_tekst};
    let lib = library::builtin().expect("built-in library loads");
    let laad = |t: &str| load_source(SourceFile::new(std::path::Path::new("test.toml"), t.to_string()), &lib).unwrap();
    let a = laad(eerder);
    let f = Feiten::van(&draaiboek::plan::Planning::new(&a, &lib, 0));
    let verstuurd = format!(
        "{nu}\n[[verstuurd]]\nversie = {}\nop = 2027-01-21\ndatum = {}\nbegin = {}\neind = {}\nplaats = \"{}\"\nstatus = \"{}\"\nkalender = \"{}\"\naan = [{{ naam = \"Deelnemer 0\", email = \"d0@example.nl\" }}]\n",
        a.bijeenkomst.versie,
        f.datum,
        f.begin.format("%H:%M:%S"),
        f.eind.format("%H:%M:%S"),
        f.locatie,
        status_tekst(f.status),
        draaiboek::levensloop::sessie_hex(&a),
    );
    let b = laad(&verstuurd);
    let vandaag = NaiveDate::parse_from_str(VANDAAG, "%Y-%m-%d").unwrap();
    controleer(&b, &lib, vandaag)
}

fn codes(r: &Rapport) -> Vec<&'static str> {
    r.bevindingen.iter().map(|b| b.code).collect()
}

fn melding<'a>(r: &'a Rapport, code: &str) -> &'a str {
    &r.bevindingen
        .iter()
        .find(|b| b.code == code)
        .unwrap_or_else(|| panic!("{code} missing in {:?}", codes(r)))
        .melding
}

#[test]
fn base_session_is_clean() {
    let r = check(&base(PROGRAMMA, &deelnemers(16, "aangemeld"), ""));
    assert_eq!(codes(&r), Vec::<&str>::new());
    // The inloop is the quarter of an hour before 13:30: not counted.
    assert_eq!(r.totaal_minuten, 95);
    assert_eq!(r.eindtijd.to_string(), "15:05:00");
    assert_eq!(r.inloop_vanaf.to_string(), "13:15:00");
    assert_eq!(r.deelnemers, 16);
    assert_eq!(r.uiterste_uitnodigingsdatum.to_string(), "2027-01-28");
    // The JSON keeps the strings of the spec.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["eindtijd"], "15:05");
    assert_eq!(json["inloop_vanaf"], "13:15");
    assert_eq!(json["uiterste_uitnodigingsdatum"], "2027-01-28");
}

/// Welkom + kwetsbaarheid + samenwerking + afsluiting at 10 + 50 + 45 + 15.
fn programma_120(welkom: u32, inloop: bool) -> String {
    let inloop = if inloop {
        "[[programma]]\nbouwsteen = \"inloop\"\n"
    } else {
        ""
    };
    format!(
        "{inloop}[[programma]]\nbouwsteen = \"welkom\"\nduur = {welkom}\n[[programma]]\nbouwsteen = \"kwetsbaarheid\"\nwerkvorm = \"casus-factoren\"\ncasussen = [\"youssef\", \"kasia-pjotr\", \"selma\", \"samira\"]\n[[programma]]\nbouwsteen = \"samenwerking\"\nwerkvorm = \"klantreis\"\ncasus = \"selma\"\n[[programma]]\nbouwsteen = \"afsluiting\"\n"
    )
}

#[test]
fn max_duur_counts_from_begintijd_without_the_inloop() {
    for inloop in [false, true] {
        for (welkom, totaal, fires) in [(10, 120, false), (11, 121, true)] {
            let r = check(&base(&programma_120(welkom, inloop), &deelnemers(16, "aangemeld"), ""));
            assert_eq!(r.totaal_minuten, totaal, "inloop {inloop}");
            assert_eq!(
                codes(&r).contains(&"max-duur"),
                fires,
                "inloop {inloop}, {totaal}: {:?}",
                codes(&r)
            );
            // The programme starts at 13:30 either way; the doors open earlier with an inloop.
            let eind = if totaal == 120 { "15:30:00" } else { "15:31:00" };
            assert_eq!(r.eindtijd.to_string(), eind);
            let open = if inloop { "13:15:00" } else { "13:30:00" };
            assert_eq!(r.inloop_vanaf.to_string(), open);
        }
    }
    // With a lunch, the lunch is the inloop: doors open `lunch` minutes before.
    let toml = base(&programma_120(10, true), &deelnemers(16, "aangemeld"), "")
        .replace("[organisator]", "[informeel]\nlunch = 45\n\n[organisator]");
    let r = check(&toml);
    assert_eq!(
        (r.totaal_minuten, r.inloop_vanaf.to_string()),
        (120, "12:45:00".to_string())
    );
}

#[test]
fn max_duur_says_how_much_over_and_how_to_fit() {
    let prog =
        format!("{PROGRAMMA}\n[[programma]]\nbouwsteen = \"communicatie\"\nwerkvorm = \"ervaringen-uitwisselen\"\n");
    let r = check(&base(&prog, &deelnemers(16, "aangemeld"), ""));
    let m = melding(&r, "max-duur");
    assert!(m.contains("140 minuten"), "{m}");
    assert!(m.contains("120 minuten"), "{m}");
    assert!(m.contains("20 minuten te lang"), "{m}");
    // Dropping the 45-minute communicatie block or the 50-minute kwetsbaarheid block fits.
    assert!(m.contains("laat `communicatie`"), "{m}");
    assert!(m.contains("totaal 95 min"), "{m}");
    assert_eq!(r.bevindingen[0].ernst, Ernst::Fout);
}

#[test]
fn participant_count_boundaries() {
    for (n, fires) in [(11, true), (12, false), (20, false), (21, true)] {
        let r = check(&base(PROGRAMMA, "", &format!("verwacht_aantal = {n}")));
        assert_eq!(r.deelnemers, n);
        assert_eq!(codes(&r).contains(&"deelnemers-aantal"), fires, "{n}: {:?}", codes(&r));
        if fires {
            let m = melding(&r, "deelnemers-aantal");
            assert!(m.contains(&n.to_string()) && m.contains("12 tot 20"), "{m}");
        }
    }
}

#[test]
fn verwacht_aantal_overrides_the_list() {
    let r = check(&base(PROGRAMMA, &deelnemers(16, "aangemeld"), "verwacht_aantal = 25"));
    assert_eq!(r.deelnemers, 25);
    assert!(codes(&r).contains(&"deelnemers-aantal"));
}

#[test]
fn afgemeld_is_not_counted() {
    let list = format!(
        "{}{}",
        deelnemers(12, "aangemeld"),
        deelnemers(3, "afgemeld").replace("Deelnemer", "Afmelder")
    );
    let r = check(&base(PROGRAMMA, &list, ""));
    assert_eq!(r.deelnemers, 12);
    assert!(!codes(&r).contains(&"deelnemers-aantal"));

    let list = format!(
        "{}{}",
        deelnemers(11, "aangemeld"),
        deelnemers(5, "afgemeld").replace("Deelnemer", "Afmelder")
    );
    let r = check(&base(PROGRAMMA, &list, ""));
    assert_eq!(r.deelnemers, 11);
    assert!(codes(&r).contains(&"deelnemers-aantal"));
}

#[test]
fn without_answers_everyone_not_cancelled_counts() {
    let list = format!(
        "{}{}",
        deelnemers(13, "uitgenodigd"),
        deelnemers(2, "afgemeld").replace("Deelnemer", "Afmelder")
    );
    let r = check(&base(PROGRAMMA, &list, ""));
    assert_eq!(r.deelnemers, 13);
}

#[test]
fn invitation_at_42_and_41_days() {
    for (datum, fires) in [("2027-01-28", false), ("2027-01-29", true)] {
        let toml = base(PROGRAMMA, &deelnemers(16, "aangemeld"), "")
            .replace("uitnodiging = 2027-01-21", &format!("uitnodiging = {datum}"));
        let r = check(&toml);
        assert_eq!(codes(&r).contains(&"uitnodiging-termijn"), fires, "{datum}");
        if fires {
            let m = melding(&r, "uitnodiging-termijn");
            assert!(m.contains("28 januari 2027") && m.contains("1 dag"), "{m}");
        }
    }
}

#[test]
fn without_invitation_date_today_decides() {
    let toml = base(PROGRAMMA, &deelnemers(16, "aangemeld"), "").replace("uitnodiging = 2027-01-21\n", "");
    assert!(!codes(&check_with(&toml, "2027-01-28")).contains(&"uitnodiging-termijn"));
    let r = check_with(&toml, "2027-02-02");
    assert!(melding(&r, "uitnodiging-termijn").contains("5 dagen"));
}

#[test]
fn elearning_names_who_has_not() {
    let list = deelnemers(16, "aangemeld").replacen("elearning = true", "elearning = false", 2);
    let r = check(&base(PROGRAMMA, &list, ""));
    let m = melding(&r, "elearning");
    assert!(
        m.contains("Deelnemer 0") && m.contains("Deelnemer 1") && !m.contains("Deelnemer 2"),
        "{m}"
    );
    assert!(m.contains("90–120 minuten"), "{m}");
    // A cancelled participant without e-learning is no concern.
    let list = format!(
        "{}{}",
        deelnemers(16, "aangemeld"),
        deelnemers(1, "afgemeld").replace("elearning = true", "elearning = false")
    );
    assert!(!codes(&check(&base(PROGRAMMA, &list, ""))).contains(&"elearning"));
}

#[test]
fn casussen_tekort_counts_mixed_groups_of_four() {
    // 16 → 4 groups: 4 cases fine, 3 short; 17 → 5 groups: 4 short.
    for (n, cases, fires) in [(16u32, 4, false), (16, 3, true), (17, 4, true), (12, 3, false)] {
        let ids = ["youssef", "kasia-pjotr", "selma", "samira"][..cases]
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let prog = PROGRAMMA.replace(
            "casussen = [\"youssef\", \"kasia-pjotr\", \"selma\", \"samira\"]",
            &format!("casussen = [{ids}]"),
        );
        let r = check(&base(&prog, "", &format!("verwacht_aantal = {n}")));
        assert_eq!(
            codes(&r).contains(&"casussen-tekort"),
            fires,
            "{n} people, {cases} cases: {:?}",
            codes(&r)
        );
        if fires {
            let m = melding(&r, "casussen-tekort");
            let groups = n.div_ceil(4);
            assert!(m.contains(&format!("{groups} groepjes")), "{m}");
            assert!(m.contains("`"), "suggests ids: {m}");
            assert_eq!(
                r.bevindingen
                    .iter()
                    .find(|b| b.code == "casussen-tekort")
                    .unwrap()
                    .bouwsteen
                    .as_deref(),
                Some("kwetsbaarheid")
            );
        }
    }
}

#[test]
fn single_case_formats_need_a_case() {
    let prog = PROGRAMMA.replace(
        "[[programma]]\nbouwsteen = \"afsluiting\"",
        "[[programma]]\nbouwsteen = \"samenwerking\"\nwerkvorm = \"rollenspel\"\n[[programma]]\nbouwsteen = \"afsluiting\"",
    );
    let r = check(&base(&prog, &deelnemers(16, "aangemeld"), ""));
    let b = r
        .bevindingen
        .iter()
        .find(|b| b.code == "casus-ontbreekt")
        .expect("casus-ontbreekt");
    assert_eq!(b.ernst, Ernst::Fout);
    assert_eq!(b.bouwsteen.as_deref(), Some("samenwerking"));
    let with_case = prog.replace(
        "werkvorm = \"rollenspel\"",
        "werkvorm = \"rollenspel\"\ncasus = \"saskia\"",
    );
    assert!(!codes(&check(&base(&with_case, &deelnemers(16, "aangemeld"), ""))).contains(&"casus-ontbreekt"));
}

#[test]
fn block_with_work_formats_needs_one() {
    let prog = PROGRAMMA.replace("werkvorm = \"speeddate\"\n", "");
    let r = check(&base(&prog, &deelnemers(16, "aangemeld"), ""));
    let m = melding(&r, "werkvorm-ontbreekt");
    assert!(
        m.contains("kennismaking") && m.contains("speeddate") && m.contains("bol-wol"),
        "{m}"
    );
}

#[test]
fn vragencarrousel_two_minutes_per_participant() {
    let prog = r#"
[[programma]]
bouwsteen = "communicatie"
werkvormen = ["vragencarrousel", "ervaringen-uitwisselen"]
"#;
    for (n, fires) in [(22, false), (23, true)] {
        let r = check(&base(prog, "", &format!("verwacht_aantal = {n}")));
        assert_eq!(codes(&r).contains(&"werkvorm-te-lang"), fires, "{n}");
        if fires {
            let m = melding(&r, "werkvorm-te-lang");
            assert!(m.contains("46 minuten") && m.contains("45 minuten"), "{m}");
        }
    }
}

#[test]
fn pitch_ten_plus_seven_per_profession() {
    let prog = r#"
[[programma]]
bouwsteen = "samenwerking"
werkvormen = ["pitch", "klantreis"]
casus = "selma"
"#;
    // deelnemers() rotates 8 professions; 5 professions → 45 ok, 6 → 52 too long.
    for (beroepen, fires) in [(5, false), (6, true)] {
        let list = deelnemers(16, "aangemeld")
            .lines()
            .map(|l| {
                if let Some(rest) = l.strip_prefix("functie = \"beroep ") {
                    let k: usize = rest.trim_end_matches('"').parse().unwrap();
                    format!("functie = \"BEROEP {}\"", k % beroepen)
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let r = check(&base(prog, &list, ""));
        assert_eq!(
            codes(&r).contains(&"werkvorm-te-lang"),
            fires,
            "{beroepen}: {:?}",
            codes(&r)
        );
        if fires {
            assert!(melding(&r, "werkvorm-te-lang").contains("52 minuten"));
        }
    }
}

#[test]
fn range_block_without_duur_counts_upper_bound() {
    let prog = PROGRAMMA.replace("bouwsteen = \"welkom\"\nduur = 10\n", "bouwsteen = \"welkom\"\n");
    let r = check(&base(&prog, &deelnemers(16, "aangemeld"), ""));
    assert_eq!(r.totaal_minuten, 100);
    assert!(!codes(&r).contains(&"duur-afwijkend"));
}

#[test]
fn duur_outside_advice() {
    for (duur, fires) in [(9, true), (10, false), (15, false), (16, true)] {
        let prog = PROGRAMMA.replace("duur = 10", &format!("duur = {duur}"));
        let r = check(&base(&prog, &deelnemers(16, "aangemeld"), ""));
        assert_eq!(codes(&r).contains(&"duur-afwijkend"), fires, "{duur}");
    }
}

#[test]
fn double_block_and_order() {
    let prog = format!(
        "[[programma]]\nbouwsteen = \"welkom\"\n{PROGRAMMA}\n[[programma]]\nbouwsteen = \"kennismaking\"\nwerkvorm = \"bol-wol\"\n"
    );
    let r = check(&base(&prog, &deelnemers(16, "aangemeld"), ""));
    let c = codes(&r);
    assert!(c.contains(&"bouwsteen-dubbel"));
    assert_eq!(c.iter().filter(|x| **x == "volgorde").count(), 2, "{c:?}");
}

#[test]
fn date_in_the_past_is_an_error() {
    let r = check_with(&base(PROGRAMMA, &deelnemers(16, "aangemeld"), ""), "2027-03-12");
    let b = r.bevindingen.iter().find(|b| b.code == "datum-verleden").unwrap();
    assert_eq!(b.ernst, Ernst::Fout);
    assert!(b.melding.contains("11 maart 2027"));
    assert!(
        !codes(&check_with(
            &base(PROGRAMMA, &deelnemers(16, "aangemeld"), ""),
            "2027-03-11"
        ))
        .contains(&"datum-verleden")
    );
}

#[test]
fn one_domain_is_not_multidisciplinary() {
    let list = deelnemers(16, "aangemeld")
        .replace("\"sociaal\"", "\"medisch\"")
        .replace("\"informeel\"", "\"medisch\"");
    assert!(codes(&check(&base(PROGRAMMA, &list, ""))).contains(&"domeinen"));
}

#[test]
fn own_case_with_personal_data() {
    let own = r#"
[[casus]]
id = "eigen-1"
titel = "Moeder in de Kerkstraat"
tekst = "Moeder woont Kerkstraat 12 en is bereikbaar op 06-12345678."
"#;
    let prog = PROGRAMMA.replace("\"samira\"]", "\"samira\", \"eigen-1\"]");
    let r = check(&base(&format!("{prog}\n{own}"), &deelnemers(16, "aangemeld"), ""));
    let privacy: Vec<&Bevinding> = r.bevindingen.iter().filter(|b| b.code == "privacy").collect();
    assert_eq!(privacy.len(), 2, "{privacy:#?}");
    assert!(
        privacy
            .iter()
            .all(|b| b.ernst == Ernst::Fout && b.melding.contains("eigen-1"))
    );
    assert!(
        privacy[0].melding.contains("een adres, \"Kerkstraat 12\""),
        "{}",
        privacy[0].melding
    );
    assert!(
        privacy[1].melding.contains("een telefoonnummer, \"06-12345678\""),
        "{}",
        privacy[1].melding
    );
    // Each names the spot in the session file.
    let plek = privacy[0].plek.as_ref().expect("a place in the file");
    assert!(plek.bestand.ends_with(".toml") && plek.kolom > 1, "{plek:?}");
    // The built-in cases are never flagged.
    let schoon = check(&base(PROGRAMMA, &deelnemers(16, "aangemeld"), ""));
    assert!(!codes(&schoon).iter().any(|c| c.starts_with("privacy")));
}

#[test]
fn no_learning_goals() {
    let toml = base(PROGRAMMA, &deelnemers(16, "aangemeld"), "")
        .replace("leerdoelen = [\"Een gedeelde taal over kwetsbaarheid\"]", "");
    assert!(codes(&check(&toml)).contains(&"leerdoelen"));
}

#[test]
fn findings_come_in_programme_order_then_by_code() {
    let prog = format!("{PROGRAMMA}\n[[programma]]\nbouwsteen = \"inloop\"\nduur = 30\n");
    let list = deelnemers(16, "aangemeld").replacen("elearning = true", "elearning = false", 1);
    let r = check(&base(&prog, &list, ""));
    let order: Vec<(Option<String>, &str)> = r.bevindingen.iter().map(|b| (b.bouwsteen.clone(), b.code)).collect();
    let mut sorted = order.clone();
    let pos = |b: &Option<String>| b.as_ref().map_or(0, |_| 1);
    sorted.sort_by(|a, b| (pos(&a.0), a.1).cmp(&(pos(&b.0), b.1)));
    assert_eq!(order.first().map(|x| x.1), Some("elearning"));
    assert!(order.iter().any(|x| x.1 == "max-duur"));
    assert!(order.iter().rposition(|x| x.0.is_none()) < order.iter().position(|x| x.0.is_some()));
}

/// The repository's own rule documentation, made by `draaiboek regels --formaat markdown`.
fn docs_regels() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join("docs/regels.md")).expect("docs/regels.md is readable")
}

/// The codes of the table in `docs/regels.md`, in its order.
fn spec_codes() -> Vec<String> {
    docs_regels()
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(code, _)| code.to_string()))
        .collect()
}

/// `docs/regels.md` is what the program says: regenerate it with
/// `cargo run -q -- regels --formaat markdown > docs/regels.md` when a rule changes.
#[test]
fn docs_regels_is_what_the_program_says() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_draaiboek"))
        .args(["regels", "--formaat", "markdown"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        md,
        docs_regels(),
        "docs/regels.md is out of date: cargo run -q -- regels --formaat markdown > docs/regels.md"
    );
    // One table row per rule, each with its severity and its explanation.
    for r in draaiboek::check::REGELS {
        let rij = format!("| `{}` | {} | {} |", r.code, r.ernst.as_str(), r.uitleg);
        assert!(md.lines().any(|l| l == rij), "{rij}");
    }
}

#[test]
fn rule_list_equals_the_documented_table() {
    let spec = spec_codes();
    assert!(spec.len() >= 20, "{spec:?}");
    let ours: Vec<String> = draaiboek::check::REGELS.iter().map(|r| r.code.to_string()).collect();
    assert_eq!(ours, spec);
    // And the command shows exactly this list, in this order, in Dutch.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_draaiboek"))
        .args(["regels", "--formaat", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lijst = json.as_array().unwrap();
    let codes: Vec<&str> = lijst.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(codes, spec);
    for r in lijst {
        assert_eq!(r.as_object().unwrap().len(), 3, "{r}");
        assert!(["fout", "waarschuwing"].contains(&r["ernst"].as_str().unwrap()), "{r}");
        assert!(r["uitleg"].as_str().unwrap().ends_with('.'), "{r}");
    }
    let tekst = std::process::Command::new(env!("CARGO_BIN_EXE_draaiboek"))
        .arg("regels")
        .output()
        .unwrap();
    let tekst = String::from_utf8(tekst.stdout).unwrap();
    assert_eq!(tekst.lines().count(), spec.len());
    assert!(tekst.contains("over-middernacht") && tekst.contains("fout"), "{tekst}");
}

#[test]
fn required_part_and_warm_up_alone_are_not_enough() {
    let only_pitch = "[[programma]]\nbouwsteen = \"samenwerking\"\nwerkvorm = \"pitch\"\n";
    let r = check(&base(only_pitch, &deelnemers(16, "aangemeld"), ""));
    let m = melding(&r, "werkvorm-ontbreekt");
    assert!(
        m.contains("afspraken") && m.contains("rollenspel") && m.contains("klantreis"),
        "{m}"
    );

    let only_warm_up = "[[programma]]\nbouwsteen = \"communicatie\"\nwerkvorm = \"vragencarrousel\"\n";
    let m = melding(
        &check(&base(only_warm_up, &deelnemers(16, "aangemeld"), "")),
        "werkvorm-ontbreekt",
    )
    .to_string();
    assert!(m.contains("opwarmer") && m.contains("casuistiek-bespreken"), "{m}");

    // Part 1 of samenwerking is optional: part 2 alone is fine.
    let only_part_two = "[[programma]]\nbouwsteen = \"samenwerking\"\nwerkvorm = \"klantreis\"\ncasus = \"selma\"\n";
    assert!(!codes(&check(&base(only_part_two, &deelnemers(16, "aangemeld"), ""))).contains(&"werkvorm-ontbreekt"));
}

// ------------------------------------------------- the rules of issue 12, at their boundaries

/// The base session with its participant list replaced by `lijst`.
fn met_lijst(lijst: &str) -> Rapport {
    check(&base(PROGRAMMA, lijst, ""))
}

fn persoon(naam: &str, email: Option<&str>, status: &str) -> String {
    let email = email.map(|e| format!("email = \"{e}\"\n")).unwrap_or_default();
    format!(
        "[[deelnemers]]\nnaam = \"{naam}\"\n{email}functie = \"arts\"\ndomein = \"medisch\"\nelearning = true\nstatus = \"{status}\"\n"
    )
}

#[test]
fn deelnemer_dubbel_by_address_and_by_name() {
    let rest = deelnemers(14, "aangemeld");
    // (first, second, fires)
    let cases = [
        (("Jan Bos", "jan@x.nl"), ("Jan Bos", "jan@x.nl"), true),
        (("Jan Bos", "jan@x.nl"), ("J. Bos", " JAN@X.NL "), true),
        (("Jan Bos", "jan@x.nl"), ("Piet Bos", "jan@x.nl "), true),
        (("Françoise Müller", "f@x.nl"), ("francoise  muller", "fm@y.nl"), true),
        (("Jan Bos", "jan@x.nl"), ("Jan Bosman", "bosman@x.nl"), false),
        (("Jan Bos", "jan@x.nl"), ("Jan Bos", "jan.bos@x.nl"), true),
        (("Anna de Wit", "anna@x.nl"), ("Anna de With", "with@x.nl"), false),
    ];
    for ((n1, e1), (n2, e2), fires) in cases {
        let lijst = format!(
            "{}{}{rest}",
            persoon(n1, Some(e1), "aangemeld"),
            persoon(n2, Some(e2), "aangemeld")
        );
        let r = met_lijst(&lijst);
        assert_eq!(
            codes(&r).contains(&"deelnemer-dubbel"),
            fires,
            "{n1} / {n2}: {:?}",
            codes(&r)
        );
        if fires {
            let m = melding(&r, "deelnemer-dubbel");
            assert!(m.contains(n1) && m.contains(n2), "{m}");
            assert_eq!(
                r.bevindingen
                    .iter()
                    .find(|b| b.code == "deelnemer-dubbel")
                    .unwrap()
                    .ernst,
                Ernst::Fout
            );
        }
    }
}

#[test]
fn deelnemer_dubbel_names_file_and_line_in_toml_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lijst.csv"),
        "naam;email;functie;domein;elearning;status\nPiet Post;piet@x.nl;arts;medisch;ja;aangemeld\nFrancoise  Muller;fm@y.nl;arts;medisch;ja;aangemeld\n",
    )
    .unwrap();
    let toml = base(
        PROGRAMMA,
        &persoon("Françoise Müller", Some("f@x.nl"), "aangemeld"),
        "deelnemers_csv = \"lijst.csv\"",
    );
    let pad = dir.path().join("sessie.toml");
    std::fs::write(&pad, &toml).unwrap();
    let lib = library::builtin().unwrap();
    let s = draaiboek::session::load(&pad, &lib).unwrap();
    let r = controleer(&s, &lib, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    let m = melding(&r, "deelnemer-dubbel");
    let regel = toml.lines().position(|l| l == "naam = \"Françoise Müller\"").unwrap() + 1;
    assert!(m.contains(&format!("sessie.toml:{regel}")), "TOML line {regel}: {m}");
    assert!(m.contains("lijst.csv:3"), "CSV row: {m}");
}

#[test]
fn geen_email_for_those_who_have_not_cancelled() {
    let rest = deelnemers(14, "aangemeld");
    for (status, fires) in [("aangemeld", true), ("uitgenodigd", true), ("afgemeld", false)] {
        // With someone aangemeld, an uitgenodigd person is not counted but still gets an invitation.
        let r = met_lijst(&format!("{}{rest}", persoon("Zonder Adres", None, status)));
        assert_eq!(codes(&r).contains(&"geen-email"), fires, "{status}");
        if fires {
            let m = melding(&r, "geen-email");
            assert!(m.contains("Zonder Adres") && m.contains("uitnodigingen/"), "{m}");
        }
    }
}

#[test]
fn uitnodiging_na_datum_on_or_after_the_meeting() {
    // The meeting is on 2027-03-11.
    for (datum, fires) in [("2027-03-10", false), ("2027-03-11", true), ("2027-03-12", true)] {
        let toml = base(PROGRAMMA, &deelnemers(16, "aangemeld"), "")
            .replace("uitnodiging = 2027-01-21", &format!("uitnodiging = {datum}"));
        let r = check(&toml);
        assert_eq!(
            codes(&r).contains(&"uitnodiging-na-datum"),
            fires,
            "{datum}: {:?}",
            codes(&r)
        );
        if fires {
            let m = melding(&r, "uitnodiging-na-datum");
            assert!(m.contains("11 maart 2027"), "{m}");
            // No longer only a warning: one fout, and no second finding about the same date.
            assert!(!codes(&r).contains(&"uitnodiging-termijn"), "{:?}", codes(&r));
        } else {
            assert!(
                codes(&r).contains(&"uitnodiging-termijn"),
                "the day before is far too late"
            );
        }
    }
}

#[test]
fn over_middernacht_at_2359_and_0000() {
    // The base programme lasts 95 minutes from begintijd.
    for (begin, borrel, fires) in [
        ("22:24:00", 0, false),  // ends 23:59
        ("22:25:00", 0, true),   // ends 00:00
        ("21:54:00", 30, false), // borrel until 23:59
        ("21:55:00", 30, true),  // borrel until 00:00
        ("00:15:00", 0, false),  // the inloop opens at 00:00
        ("00:14:00", 0, true),   // the inloop opens at 23:59 the day before
    ] {
        let toml = base(PROGRAMMA, &deelnemers(16, "aangemeld"), "")
            .replace("begintijd = 13:30:00", &format!("begintijd = {begin}"))
            .replace(
                "[organisator]",
                &format!("[informeel]\nborrel = {borrel}\n\n[organisator]"),
            );
        let r = check(&toml);
        assert_eq!(
            codes(&r).contains(&"over-middernacht"),
            fires,
            "{begin} + borrel {borrel}: {:?}",
            codes(&r)
        );
        if fires {
            assert_eq!(r.fouten(), 1, "{:?}", codes(&r));
        }
    }
}

#[test]
fn aantal_afwijkend_when_expected_and_listed_differ() {
    for (verwacht, fires) in [(16, false), (15, true), (17, true)] {
        let r = check(&base(
            PROGRAMMA,
            &deelnemers(16, "aangemeld"),
            &format!("verwacht_aantal = {verwacht}"),
        ));
        assert_eq!(codes(&r).contains(&"aantal-afwijkend"), fires, "{verwacht}");
        if fires {
            let m = melding(&r, "aantal-afwijkend");
            assert!(m.contains(&verwacht.to_string()) && m.contains("16"), "{m}");
            assert!(m.contains("De documenten rekenen met"), "{m}");
        }
    }
    // Without a list there is nothing to compare.
    assert!(!codes(&check(&base(PROGRAMMA, "", "verwacht_aantal = 16"))).contains(&"aantal-afwijkend"));
}

// ------------------------------------------------- retro-planning and formula overrides

fn planning_voor(toml: &str) -> Vec<draaiboek::plan::PlanStap> {
    let lib = library::builtin().unwrap();
    let s = load_source(
        SourceFile::new(std::path::Path::new("test.toml"), toml.to_string()),
        &lib,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    draaiboek::plan::terugplanning(&s, &lib)
}

#[test]
fn no_retro_planning_step_falls_on_a_weekend() {
    use chrono::{Datelike, Weekday};
    let mut datum = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    while datum.year() == 2027 {
        if !matches!(datum.weekday(), Weekday::Sat | Weekday::Sun) {
            let toml = base(PROGRAMMA, "", "")
                .replace("datum = 2027-03-11", &format!("datum = {datum}"))
                .replace("uitnodiging = 2027-01-21\n", "");
            let stappen = planning_voor(&toml);
            assert!(stappen.len() >= 9, "{datum}");
            for s in &stappen {
                assert!(
                    !matches!(s.datum.weekday(), Weekday::Sat | Weekday::Sun),
                    "{datum}: {} op {}",
                    s.wat,
                    s.datum
                );
            }
            // The reminders issue 13 writes the mails for are there.
            for id in ["herinnering-elearning", "herinnering-week"] {
                assert!(stappen.iter().any(|s| s.id == id), "{id}");
            }
        }
        datum = datum.succ_opt().unwrap();
    }
}

#[test]
fn planning_table_overrides_the_advice() {
    // Meeting Thursday 2027-03-11; no invitation date of its own.
    let zonder = base(PROGRAMMA, "", "").replace("uitnodiging = 2027-01-21\n", "");
    let stap = |stappen: &[draaiboek::plan::PlanStap], id: &str| stappen.iter().find(|s| s.id == id).unwrap().clone();
    let advies = planning_voor(&zonder);
    let u = stap(&advies, "uitnodigen");
    assert_eq!((u.datum.to_string(), u.advies), ("2027-01-28".to_string(), true));
    let eigen = planning_voor(&zonder.replace(
        "[organisator]",
        "[planning]\nuitnodigen = 56\nherinnering_elearning = 10\nherinnering_week = 6\n\n[organisator]",
    ));
    let u = stap(&eigen, "uitnodigen");
    assert_eq!((u.datum.to_string(), u.advies), ("2027-01-14".to_string(), false));
    assert_eq!(stap(&eigen, "herinnering-elearning").datum.to_string(), "2027-03-01");
    // 6 days before a Thursday is a Friday.
    assert_eq!(stap(&eigen, "herinnering-week").datum.to_string(), "2027-03-05");
    // 56 + 1 days before falls on a Saturday: the Friday before.
    let za = planning_voor(&zonder.replace("[organisator]", "[planning]\nuitnodigen = 61\n\n[organisator]"));
    assert_eq!(stap(&za, "uitnodigen").datum.to_string(), "2027-01-08");
    // The session's own invitation date wins.
    let u = stap(&planning_voor(&base(PROGRAMMA, "", "")), "uitnodigen");
    assert_eq!((u.datum.to_string(), u.advies), ("2027-01-21".to_string(), false));
}

#[test]
fn pitch_questions_per_profession_are_an_assumption_a_session_can_change() {
    // 6 professions: 10 + (5 + 2) × 6 = 52 > 45; with 1 minute of questions 10 + 6 × 6 = 46; with 0, 40.
    let list = deelnemers(16, "aangemeld")
        .lines()
        .map(|l| match l.strip_prefix("functie = \"beroep ") {
            Some(rest) => format!(
                "functie = \"b{}\"",
                rest.trim_end_matches('"').parse::<usize>().unwrap() % 6
            ),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    for (vragen, minuten) in [(None, Some(52)), (Some(1), Some(46)), (Some(0), None)] {
        let extra = vragen
            .map(|v| format!("vragen_minuten_per_beroepsgroep = {v}\n"))
            .unwrap_or_default();
        let prog = format!(
            "[[programma]]\nbouwsteen = \"samenwerking\"\nwerkvormen = [\"pitch\", \"klantreis\"]\ncasus = \"selma\"\n{extra}"
        );
        let r = check(&base(&prog, &list, ""));
        match minuten {
            Some(m) => assert!(
                melding(&r, "werkvorm-te-lang").contains(&format!("{m} minuten")),
                "{vragen:?}"
            ),
            None => assert!(!codes(&r).contains(&"werkvorm-te-lang"), "{vragen:?}"),
        }
    }
}

#[test]
fn planning_gives_each_group_its_own_case() {
    let lib = library::builtin().unwrap();
    for (casussen, verwacht) in [
        (
            "[\"youssef\", \"kasia-pjotr\", \"selma\", \"samira\"]",
            vec![Some(1), Some(3), Some(4), Some(8)],
        ),
        (
            "[\"youssef\", \"selma\", \"samira\"]",
            vec![Some(1), Some(4), Some(8), None],
        ),
    ] {
        let toml = base(
            &PROGRAMMA.replace("[\"youssef\", \"kasia-pjotr\", \"selma\", \"samira\"]", casussen),
            &deelnemers(16, "aangemeld"),
            "",
        );
        let s = load_source(SourceFile::new(std::path::Path::new("t.toml"), toml), &lib).unwrap();
        let plan = draaiboek::plan::Planning::new(&s, &lib, 0);
        // Item 3 is kwetsbaarheid with casus-factoren: 16 people in mixed groups of 4.
        let per_groep: Vec<Option<u32>> = plan.casus_per_groep(3, 0).iter().map(|c| c.map(|c| c.nummer)).collect();
        assert_eq!(per_groep, verwacht);
        assert_eq!(plan.plan_voor(3, "casus-factoren").unwrap().groepen.len(), 4);
    }
}

/// Every rule of the list can fire: one small change to the clean base
/// session per rule, and together they reach exactly the codes of `REGELS`.
#[test]
fn every_listed_rule_can_fire() {
    let lijst = deelnemers(16, "aangemeld");
    let schoon = base(PROGRAMMA, &lijst, "");
    let met_prog = |prog: &str| base(prog, &lijst, "");
    let pitch =
        "[[programma]]\nbouwsteen = \"samenwerking\"\nwerkvormen = [\"pitch\", \"klantreis\"]\ncasus = \"selma\"\n";
    let eigen = "[[casus]]\nid = \"eigen-1\"\ntitel = \"Eigen\"\ntekst = \"Bel 06-12345678.\"\n";
    let gevallen: Vec<(&str, String, &str)> = vec![
        ("max-duur", met_prog(&programma_120(11, true)), VANDAAG),
        (
            "deelnemers-aantal",
            base(PROGRAMMA, "", "verwacht_aantal = 11"),
            VANDAAG,
        ),
        (
            "uitnodiging-termijn",
            schoon.replace("uitnodiging = 2027-01-21", "uitnodiging = 2027-02-01"),
            VANDAAG,
        ),
        (
            "elearning",
            schoon.replacen("elearning = true", "elearning = false", 1),
            VANDAAG,
        ),
        (
            "casussen-tekort",
            schoon.replace("\"kasia-pjotr\", \"selma\", \"samira\"", "\"selma\""),
            VANDAAG,
        ),
        (
            "casus-ontbreekt",
            met_prog(&pitch.replace("casus = \"selma\"\n", "")),
            VANDAAG,
        ),
        (
            "werkvorm-ontbreekt",
            schoon.replace("werkvorm = \"speeddate\"\n", ""),
            VANDAAG,
        ),
        ("werkvorm-te-lang", met_prog(pitch), VANDAAG),
        ("duur-afwijkend", schoon.replace("duur = 10", "duur = 30"), VANDAAG),
        (
            "bouwsteen-dubbel",
            met_prog(&format!("{PROGRAMMA}[[programma]]\nbouwsteen = \"welkom\"\n")),
            VANDAAG,
        ),
        (
            "volgorde",
            met_prog(&format!("{PROGRAMMA}[[programma]]\nbouwsteen = \"welkom\"\n")),
            VANDAAG,
        ),
        ("datum-verleden", schoon.clone(), "2027-03-12"),
        (
            "domeinen",
            schoon
                .replace("\"sociaal\"", "\"medisch\"")
                .replace("\"informeel\"", "\"medisch\""),
            VANDAAG,
        ),
        (
            "privacy",
            met_prog(&format!(
                "{}\n{eigen}",
                PROGRAMMA.replace("\"samira\"]", "\"samira\", \"eigen-1\"]")
            )),
            VANDAAG,
        ),
        (
            "privacy-signaal",
            met_prog(&format!(
                "{}\n{}",
                PROGRAMMA.replace("\"samira\"]", "\"samira\", \"eigen-1\"]"),
                eigen.replace("Bel 06-12345678.", "Op 12 januari belt ze.")
            )),
            VANDAAG,
        ),
        (
            "leerdoelen",
            schoon.replace("leerdoelen = [\"Een gedeelde taal over kwetsbaarheid\"]", ""),
            VANDAAG,
        ),
        (
            "invulling",
            schoon.replace("titel = \"Test\"", "titel = \"VUL IN\""),
            VANDAAG,
        ),
        (
            "deelnemer-dubbel",
            schoon.replace("naam = \"Deelnemer 1\"", "naam = \"Deelnemer 0\""),
            VANDAAG,
        ),
        (
            "geen-email",
            schoon.replacen("email = \"d0@example.nl\"\n", "", 1),
            VANDAAG,
        ),
        (
            "uitnodiging-na-datum",
            schoon.replace("uitnodiging = 2027-01-21", "uitnodiging = 2027-03-11"),
            VANDAAG,
        ),
        (
            "over-middernacht",
            schoon.replace("begintijd = 13:30:00", "begintijd = 23:00:00"),
            VANDAAG,
        ),
        (
            "aantal-afwijkend",
            base(PROGRAMMA, &lijst, "verwacht_aantal = 15"),
            VANDAAG,
        ),
    ];
    let mut bereikt = Vec::new();
    for (code, toml, vandaag) in &gevallen {
        let r = check_with(toml, vandaag);
        assert!(codes(&r).contains(code), "{code} vuurt niet: {:?}", codes(&r));
        bereikt.push(code.to_string());
    }
    // The one rule that also reads the output folder's record.
    let later = schoon.replace("begintijd = 13:30:00", "begintijd = 14:00:00");
    assert!(codes(&check_na(&schoon, &later)).contains(&"versie-ophogen"));
    bereikt.push("versie-ophogen".into());
    let lijst: Vec<String> = draaiboek::check::REGELS.iter().map(|r| r.code.to_string()).collect();
    assert_eq!(bereikt, lijst);
}

#[test]
fn versie_ophogen_for_each_fact_that_invitees_must_hear_about() {
    let lijst = deelnemers(16, "aangemeld");
    let schoon = base(PROGRAMMA, &lijst, "");
    let met_versie = |t: &str, v: u32| {
        t.replace(
            "uitnodiging = 2027-01-21",
            &format!("uitnodiging = 2027-01-21\nversie = {v}"),
        )
    };
    // (change, what the message must show)
    let wijzigingen: Vec<(String, &str)> = vec![
        (
            schoon.replace("datum = 2027-03-11", "datum = 2027-03-18"),
            "datum: donderdag 11 maart 2027 → donderdag 18 maart 2027",
        ),
        (schoon.replace("begintijd = 13:30:00", "begintijd = 13:31:00"), "tijd: "),
        (
            schoon.replace("[organisator]", "[informeel]\nborrel = 30\n\n[organisator]"),
            "tijd: ",
        ),
        (schoon.replace("locatie = \"", "locatie = \"Zaal 2, "), "plaats: "),
        (
            schoon.replace(
                "uitnodiging = 2027-01-21",
                "uitnodiging = 2027-01-21\nstatus = \"geannuleerd\"",
            ),
            "status: gepland → geannuleerd",
        ),
    ];
    for (nu, toont) in &wijzigingen {
        let r = check_na(&schoon, nu);
        let m = melding(&r, "versie-ophogen");
        assert!(m.contains(toont) && m.contains("`versie = 1`"), "{m}");
        assert_eq!(
            r.bevindingen.iter().find(|b| b.code == "versie-ophogen").unwrap().ernst,
            Ernst::Fout
        );
        // One step up is enough; the record's own version is not.
        assert!(!codes(&check_na(&schoon, &met_versie(nu, 1))).contains(&"versie-ophogen"));
        let r = check_na(&met_versie(&schoon, 3), &met_versie(nu, 3));
        assert!(melding(&r, "versie-ophogen").contains("`versie = 4`"));
    }
    // No change that reaches the invitation's facts: no finding, whatever the version.
    for nu in [
        schoon.clone(),
        schoon.replace("leerdoelen = [\"Een gedeelde taal over kwetsbaarheid\"]", ""),
        met_versie(&schoon, 0),
    ] {
        assert!(!codes(&check_na(&schoon, &nu)).contains(&"versie-ophogen"));
    }
    // Without a record (nothing written yet) the rule is silent.
    assert!(!codes(&check(&wijzigingen[0].0)).contains(&"versie-ophogen"));
}
