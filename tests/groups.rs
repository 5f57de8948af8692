//! Group plans: sizes, mixing against random splits, determinism, and the
//! `draaiboek groepen` output for the example session.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use draaiboek::groups::{self, GroepsPlan, rng::SplitMix64};
use draaiboek::model::*;

// ------------------------------------------------------------ building sessions

fn werkvorm(id: &str, vorm: Groepsvorm, casussen: CasusBehoefte) -> Werkvorm {
    Werkvorm {
        id: id.into(),
        titel: id.into(),
        onderdeel: None,
        optioneel: false,
        opwarmer: false,
        groepsvorm: vorm,
        casussen,
        bron: Bron::Eigen,
        samenvatting: String::new(),
        voorbereiding: vec![],
        stappen: vec![],
        vragen: vec![],
        vragenblokken: vec![],
        benodigdheden: vec![],
        drukwerk: vec![],
        timing: Timing::default(),
        tips: vec![],
        zaal: vec![],
        techniek: vec![],
    }
}

fn item(id: &str, w: Werkvorm) -> ProgrammaItem {
    ProgrammaItem {
        bouwsteen: Bouwsteen {
            id: id.into(),
            nummer: 1,
            titel: id.into(),
            duur: Duur { min: 20, max: 20 },
            samenvatting: String::new(),
            doelen: vec![],
            benodigdheden: vec![],
            drukwerk: vec![],
            introductie: None,
            achtergrond: None,
            tips: vec![],
            onderdelen: vec![],
            werkvormen: vec![w.clone()],
            plaats: None,
            vast: false,
            quiz: false,
            evaluatievragen: vec![],
        },
        werkvormen: vec![w],
        duur_override: None,
        vragen: None,
        casussen: vec![],
        casus: None,
        notitie: None,
        vragen_minuten: None,
    }
}

fn sessie(deelnemers: Vec<Deelnemer>, vormen: &[Groepsvorm]) -> Sessie {
    Sessie {
        pad: "test.toml".into(),
        bijeenkomst: Bijeenkomst {
            titel: "Test".into(),
            coalitie: "Coalitie".into(),
            datum: NaiveDate::from_ymd_opt(2027, 3, 11).unwrap(),
            begintijd: NaiveTime::from_hms_opt(13, 30, 0).unwrap(),
            locatie: "Zaal".into(),
            uitnodiging: None,
            verwacht_aantal: None,
            elearning_url: ELEARNING_URL.into(),
            aanleiding: None,
            definitie_document: None,
            versie: 0,
            status: SessieStatus::Gepland,
            leerdoelen: vec![],
            evaluatievraag: None,
            accreditatie: false,
            sjablonen: None,
        },
        organisator: Organisator {
            naam: "Trekker".into(),
            functie: None,
            organisatie: None,
            email: "t@example.org".into(),
            telefoon: None,
        },
        informeel: Informeel::default(),
        programma: vormen
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                item(
                    &format!("blok-{i}"),
                    werkvorm(&format!("wv-{i}"), v, CasusBehoefte::Geen),
                )
            })
            .collect(),
        quiz: vec![],
        deelnemers,
        taken: vec![],
        kosten: vec![],
        eigen_casussen: vec![],
        planning: vec![],
        afspraken: vec![],
        verslag: Default::default(),
        verstuurd: vec![],
    }
}

fn persoon(naam: String, functie: &str, organisatie: &str, domein: Domein) -> Deelnemer {
    Deelnemer {
        naam,
        email: None,
        organisatie: Some(organisatie.into()),
        functie: Some(functie.into()),
        domein: Some(domein),
        elearning: true,
        status: DeelnemerStatus::Aangemeld,
        voornaam: None,
        aanhef: None,
        delen: None,
        aanwezig: None,
        id: None,
        herkomst: None,
        prive: Default::default(),
    }
}

/// Eight professions over three domains, and six organisations (three
/// medical, two social, one informal); colleagues share a domain.
const BEROEPEN: [(&str, Domein); 8] = [
    ("verloskundige", Domein::Medisch),
    ("huisarts", Domein::Medisch),
    ("jeugdverpleegkundige", Domein::Medisch),
    ("kraamverzorgende", Domein::Medisch),
    ("wijkteammedewerker", Domein::Sociaal),
    ("schuldhulpverlener", Domein::Sociaal),
    ("welzijnswerker", Domein::Sociaal),
    ("ervaringsdeskundige", Domein::Informeel),
];

fn organisaties(d: Domein) -> &'static [&'static str] {
    match d {
        Domein::Medisch => &["Praktijk Noord", "Ziekenhuis Oost", "JGZ Regio"],
        Domein::Sociaal => &["Wijkteam Centrum", "Welzijn Stad"],
        Domein::Informeel => &["Stichting Ervaring"],
    }
}

fn gegenereerd(n: usize, zaad: u64) -> Vec<Deelnemer> {
    let mut r = SplitMix64::new(zaad);
    (0..n)
        .map(|i| {
            let (functie, domein) = BEROEPEN[r.below(BEROEPEN.len())];
            let orgs = organisaties(domein);
            persoon(format!("Persoon {i:02}"), functie, orgs[r.below(orgs.len())], domein)
        })
        .collect()
}

// ------------------------------------------------------------ shared checks

/// Every counted participant (signed up, or if nobody has: not cancelled)
/// exactly once; returns the group sizes.
fn placed_once(s: &Sessie, p: &GroepsPlan) -> Vec<usize> {
    let mut seen: Vec<usize> = p.groepen.iter().flat_map(|g| g.leden.iter().map(|l| l.index)).collect();
    seen.sort();
    let any_signed_up = s.deelnemers.iter().any(|d| d.status == DeelnemerStatus::Aangemeld);
    let expected: Vec<usize> = (0..s.deelnemers.len())
        .filter(|&i| match any_signed_up {
            true => s.deelnemers[i].status == DeelnemerStatus::Aangemeld,
            false => s.deelnemers[i].status != DeelnemerStatus::Afgemeld,
        })
        .collect();
    assert_eq!(seen, expected, "{}: niet iedereen precies één keer", p.werkvorm);
    p.groepen.iter().map(|g| g.leden.len()).collect()
}

#[test]
fn sizes_for_every_count_from_6_to_30() {
    for n in 6..=30 {
        let s = sessie(gegenereerd(n, n as u64), &[Groepsvorm::Drietallen, Groepsvorm::Gemengd]);
        let plannen = groups::plannen(&s, 0);
        assert_eq!(plannen.len(), 2);
        let drie = placed_once(&s, &plannen[0]);
        assert!(
            drie.iter().all(|&g| (3..=4).contains(&g)),
            "drietallen bij {n}: {drie:?}"
        );
        assert_eq!(
            drie.iter().filter(|&&g| g == 4).count(),
            n % 3,
            "zo veel mogelijk drietallen bij {n}"
        );
        let gemengd = placed_once(&s, &plannen[1]);
        assert!(
            gemengd.iter().all(|&g| (3..=4).contains(&g)),
            "gemengd bij {n}: {gemengd:?}"
        );
        assert_eq!(gemengd.len(), n.div_ceil(4), "⌈n/4⌉ groepjes bij {n}");
        for p in &plannen {
            assert_eq!(p.groottes.iter().map(|&g| g as usize).collect::<Vec<_>>(), {
                let v: Vec<usize> = p.groepen.iter().map(|g| g.leden.len()).collect();
                v
            });
        }
    }
}

#[test]
fn small_rooms_and_pairs() {
    for n in 1..=5 {
        let s = sessie(
            gegenereerd(n, 1),
            &[Groepsvorm::Drietallen, Groepsvorm::Gemengd, Groepsvorm::Tweetallen],
        );
        for p in groups::plannen(&s, 0) {
            let sizes = placed_once(&s, &p);
            assert!(sizes.iter().all(|&g| g >= 1), "{sizes:?}");
            if n >= 2 {
                assert!(
                    sizes.iter().all(|&g| g >= 2),
                    "{:?} bij {n}: niemand alleen, {sizes:?}",
                    p.groepsvorm
                );
            }
        }
    }
    let s = sessie(gegenereerd(11, 2), &[Groepsvorm::Tweetallen]);
    let mut sizes = placed_once(&s, &groups::plannen(&s, 0)[0]);
    sizes.sort();
    assert_eq!(sizes, vec![2, 2, 2, 2, 3]);
}

#[test]
fn cancelled_people_are_left_out() {
    let mut d = gegenereerd(13, 4);
    d[3].status = DeelnemerStatus::Afgemeld;
    let s = sessie(d, &[Groepsvorm::Gemengd]);
    let p = &groups::plannen(&s, 0)[0];
    placed_once(&s, p);
    assert_eq!(p.deelnemers, 12);
    assert_eq!(p.groottes, vec![4, 4, 4]);
}

#[test]
fn per_beroep_and_per_organisatie() {
    let mut d = vec![
        persoon("A".into(), "Huisarts", "Praktijk Noord", Domein::Medisch),
        persoon("B".into(), "wijkteammedewerker", "Wijkteam", Domein::Sociaal),
        persoon("C".into(), " huisarts ", "praktijk noord", Domein::Medisch),
        persoon("D".into(), "verloskundige", "De Wieg", Domein::Medisch),
        persoon("E".into(), "WIJKTEAMMEDEWERKER", "Welzijn", Domein::Sociaal),
    ];
    d.push(Deelnemer {
        functie: None,
        organisatie: None,
        ..persoon("F".into(), "-", "-", Domein::Informeel)
    });
    let s = sessie(d, &[Groepsvorm::PerBeroep, Groepsvorm::PerOrganisatie]);
    let plannen = groups::plannen(&s, 9);
    let namen = |p: &GroepsPlan| -> Vec<Vec<String>> {
        p.groepen
            .iter()
            .map(|g| g.leden.iter().map(|l| l.naam.clone()).collect())
            .collect()
    };
    // Professions case-insensitive; a lone verloskundige alone; no functie: alone.
    assert_eq!(
        namen(&plannen[0]),
        vec![vec!["A", "C"], vec!["B", "E"], vec!["D"], vec!["F"]]
    );
    assert_eq!(plannen[0].groepen[0].naam.as_deref(), Some("Huisarts"));
    assert_eq!(plannen[0].groepen[3].naam, None);
    assert_eq!(
        namen(&plannen[1]),
        vec![vec!["A", "C"], vec!["B"], vec!["D"], vec!["E"], vec!["F"]]
    );
    // The check counts the same groups.
    assert_eq!(groups::aantal_groepen(&s, &s.programma[0].werkvormen[0]), 4);
    assert_eq!(groups::aantal_groepen(&s, &s.programma[1].werkvormen[0]), 5);
}

#[test]
fn without_a_list_the_plan_gives_sizes() {
    let mut s = sessie(
        vec![],
        &[Groepsvorm::Gemengd, Groepsvorm::Drietallen, Groepsvorm::PerBeroep],
    );
    s.bijeenkomst.verwacht_aantal = Some(16);
    let plannen = groups::plannen(&s, 0);
    assert!(plannen.iter().all(|p| p.groepen.is_empty() && p.menging.is_none()));
    assert_eq!(plannen[0].groottes, vec![4, 4, 4, 4]);
    assert_eq!(plannen[1].groottes, vec![4, 3, 3, 3, 3]);
    assert_eq!(plannen[2].groottes, Vec::<u32>::new());
    assert_eq!(
        groups::omschrijving(16, &plannen[0].groottes),
        "16 deelnemers: 4 groepjes van 4"
    );
    // ⌈n/4⌉ for the case-card rule, and everyone alone as the worst case per profession.
    assert_eq!(groups::aantal_groepen(&s, &s.programma[0].werkvormen[0]), 4);
    assert_eq!(groups::aantal_groepen(&s, &s.programma[2].werkvormen[0]), 16);
    assert_eq!(plannen.iter().map(|p| p.aantal).collect::<Vec<_>>(), vec![4, 5, 16]);
    s.bijeenkomst.verwacht_aantal = Some(17);
    assert_eq!(groups::aantal_groepen(&s, &s.programma[0].werkvormen[0]), 5);
}

#[test]
fn same_seed_same_plan_other_seed_other_valid_plan() {
    let vormen = [Groepsvorm::Drietallen, Groepsvorm::Gemengd, Groepsvorm::Gemengd];
    let s = sessie(gegenereerd(18, 11), &vormen);
    let a = groups::plannen(&s, 0);
    assert_eq!(a, groups::plannen(&s, 0));
    assert_eq!(a, groups::plannen(&s.clone(), 0));
    let b = groups::plannen(&s, 1);
    assert_ne!(a, b, "een ander zaad geeft een andere indeling");
    for p in a.iter().chain(&b) {
        let sizes = placed_once(&s, p);
        assert!(sizes.iter().all(|&g| (3..=4).contains(&g)));
        let minimum = minste_collegaparen(&s.deelnemers, sizes.len());
        assert_eq!(p.menging.as_ref().unwrap().collegaparen, minimum, "{p:?}");
    }
}

/// Colleague pairs that cannot be avoided: each organisation spread as evenly
/// as possible over `groepen` groups.
fn minste_collegaparen(d: &[Deelnemer], groepen: usize) -> u32 {
    let mut per_org: std::collections::BTreeMap<&str, usize> = Default::default();
    for x in d {
        *per_org.entry(x.organisatie.as_deref().unwrap()).or_default() += 1;
    }
    let paren = |k: usize| (k * k.saturating_sub(1) / 2) as u32;
    per_org
        .values()
        .map(|&c| {
            let (q, r) = (c / groepen, c % groepen);
            r as u32 * paren(q + 1) + (groepen - r) as u32 * paren(q)
        })
        .sum()
}

// ------------------------------------------------------------ against random

#[derive(Default, Debug)]
struct Maat {
    domeinen_per_groep: f64,
    herhaalparen: f64,
    collegaparen: f64,
}

/// Measured from the groups alone, independent of the library's own cost.
fn meet(d: &[Deelnemer], blokken: &[Vec<Vec<usize>>]) -> Maat {
    let mut eerder: BTreeSet<(usize, usize)> = BTreeSet::new();
    let (mut domeinen, mut groepen, mut herhaal, mut collega) = (0usize, 0usize, 0usize, 0usize);
    for blok in blokken {
        let mut nu = Vec::new();
        for g in blok {
            groepen += 1;
            domeinen += g
                .iter()
                .filter_map(|&i| d[i].domein)
                .map(|x| x as u8)
                .collect::<BTreeSet<_>>()
                .len();
            for (k, &a) in g.iter().enumerate() {
                for &b in &g[k + 1..] {
                    let pair = (a.min(b), a.max(b));
                    herhaal += usize::from(eerder.contains(&pair));
                    collega += usize::from(d[a].organisatie == d[b].organisatie);
                    nu.push(pair);
                }
            }
        }
        eerder.extend(nu);
    }
    Maat {
        domeinen_per_groep: domeinen as f64 / groepen as f64,
        herhaalparen: herhaal as f64,
        collegaparen: collega as f64,
    }
}

fn willekeurig(n: usize, groottes: &[Vec<usize>], r: &mut SplitMix64) -> Vec<Vec<Vec<usize>>> {
    groottes
        .iter()
        .map(|sizes| {
            let mut v: Vec<usize> = (0..n).collect();
            r.shuffle(&mut v);
            let mut out = Vec::new();
            let mut start = 0;
            for &s in sizes {
                out.push(v[start..start + s].to_vec());
                start += s;
            }
            out
        })
        .collect()
}

#[test]
fn plans_beat_random_splits() {
    let vormen = [Groepsvorm::Drietallen, Groepsvorm::Gemengd, Groepsvorm::Gemengd];
    for n in [16, 20] {
        let d = gegenereerd(n, 2026 + n as u64);
        let s = sessie(d.clone(), &vormen);
        let plannen = groups::plannen(&s, 0);
        let blokken: Vec<Vec<Vec<usize>>> = plannen
            .iter()
            .map(|p| {
                p.groepen
                    .iter()
                    .map(|g| g.leden.iter().map(|l| l.index).collect())
                    .collect()
            })
            .collect();
        let plan = meet(&d, &blokken);
        let groottes: Vec<Vec<usize>> = blokken.iter().map(|b| b.iter().map(|g| g.len()).collect()).collect();
        let mut r = SplitMix64::new(99);
        let mut som = Maat::default();
        const RONDES: usize = 1000;
        for _ in 0..RONDES {
            let m = meet(&d, &willekeurig(n, &groottes, &mut r));
            som.domeinen_per_groep += m.domeinen_per_groep / RONDES as f64;
            som.herhaalparen += m.herhaalparen / RONDES as f64;
            som.collegaparen += m.collegaparen / RONDES as f64;
        }
        // Upper bound: a domain reaches at most as many groups as it has people.
        let mut per_domein = [0usize; 3];
        for x in &d {
            per_domein[x.domein.unwrap() as usize] += 1;
        }
        let groepjes: usize = groottes.iter().map(|b| b.len()).sum();
        let max_domeinen = groottes
            .iter()
            .map(|b| per_domein.iter().map(|&c| c.min(b.len())).sum::<usize>())
            .sum::<usize>() as f64
            / groepjes as f64;
        let minimum: u32 = groottes.iter().map(|b| minste_collegaparen(&d, b.len())).sum();
        eprintln!(
            "n={n} (domeinen {per_domein:?}): plan {:.2} domeinen/groepje (hoogst haalbaar {max_domeinen:.2}), \
             {} herhaalparen, {} collegaparen (onvermijdelijk {minimum}); \
             willekeurig (gemiddelde van {RONDES}) {:.2} domeinen/groepje, {:.2} herhaalparen, {:.2} collegaparen",
            plan.domeinen_per_groep,
            plan.herhaalparen,
            plan.collegaparen,
            som.domeinen_per_groep,
            som.herhaalparen,
            som.collegaparen
        );
        assert!(plan.domeinen_per_groep > som.domeinen_per_groep, "{plan:?} vs {som:?}");
        // For these rooms the plan also reaches the bounds.
        assert!(plan.domeinen_per_groep >= max_domeinen - 1e-9, "{plan:?}");
        assert_eq!(plan.collegaparen, minimum as f64, "{plan:?}");
        assert!(plan.herhaalparen < som.herhaalparen, "{plan:?} vs {som:?}");
        assert!(plan.collegaparen < som.collegaparen, "{plan:?} vs {som:?}");
    }
}

#[test]
fn large_rooms_stay_fast_and_valid() {
    let s = sessie(gegenereerd(2000, 5), &[Groepsvorm::Gemengd, Groepsvorm::Drietallen]);
    let t = std::time::Instant::now();
    let plannen = groups::plannen(&s, 0);
    let duur = t.elapsed();
    eprintln!("2000 deelnemers, 2 blokken: {duur:?}");
    for p in &plannen {
        let sizes = placed_once(&s, p);
        assert!(sizes.iter().all(|&g| (3..=4).contains(&g)));
    }
    // Generous: a debug build on a shared machine.
    assert!(duur.as_secs() < 20, "{duur:?}");
}

// ------------------------------------------------------------ the check

#[test]
fn casussen_tekort_counts_the_plans_groups() {
    let mut s = sessie(gegenereerd(14, 3), &[]);
    let mut it = item(
        "kwetsbaarheid",
        werkvorm("casus-factoren", Groepsvorm::Gemengd, CasusBehoefte::PerGroep),
    );
    let casus = |id: &str| Casus {
        id: id.into(),
        nummer: 1,
        titel: id.into(),
        tekst: "x".into(),
        bron: Bron::Eigen,
        eigen: None,
    };
    it.casussen = vec![casus("a"), casus("b"), casus("c")];
    s.programma.push(it);
    let lib = Bibliotheek::default();
    let vandaag = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let tekort = |s: &Sessie| {
        draaiboek::check::controleer(s, &lib, vandaag)
            .bevindingen
            .into_iter()
            .filter(|b| b.code == "casussen-tekort")
            .map(|b| b.melding)
            .collect::<Vec<_>>()
    };
    // 14 people: 4 groups (4+4+3+3) and 3 cases.
    let m = tekort(&s);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].contains("14 deelnemers in groepjes van 3 à 4 zijn 4 groepjes"),
        "{}",
        m[0]
    );
    assert_eq!(groups::plannen(&s, 0)[0].groepen.len(), 4);
    // Two cancel: 12 people, 3 groups, enough cases.
    s.deelnemers[0].status = DeelnemerStatus::Afgemeld;
    s.deelnemers[1].status = DeelnemerStatus::Afgemeld;
    assert!(tekort(&s).is_empty());
    // No list: ⌈verwacht_aantal / 4⌉.
    s.deelnemers.clear();
    s.bijeenkomst.verwacht_aantal = Some(13);
    assert_eq!(tekort(&s).len(), 1);
}

// ------------------------------------------------------------ CLI goldens

use common::golden;

fn groepen(extra: &[&str]) -> std::process::Output {
    groepen_van("examples/zeist.toml", extra)
}

fn groepen_van(sessie: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["groepen", sessie, "--vandaag", "2026-12-01"];
    args.extend_from_slice(extra);
    common::run(&args, &common::root())
}

#[test]
fn golden_text_for_zeist() {
    let o = groepen(&[]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    golden("groepen-zeist.txt", &common::stdout(&o));
}

#[test]
fn golden_json_for_zeist() {
    let o = groepen(&["--formaat", "json"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let out = common::stdout(&o);
    golden("groepen-zeist.json", &out);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let plannen = v.as_array().unwrap();
    assert_eq!(plannen.len(), 2);
    assert_eq!(plannen[0]["bouwsteen"], "kennismaking");
    assert_eq!(plannen[0]["werkvorm"], "speeddate");
    assert_eq!(plannen[1]["werkvorm"], "casus-factoren");
    // Marieke Peters cancelled: 16 of the 17 are placed, each once per plan.
    for p in plannen {
        let mut namen: Vec<&str> = p["groepen"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g.as_array().unwrap().iter().map(|n| n.as_str().unwrap()))
            .collect();
        namen.sort();
        let uniek = namen.len();
        namen.dedup();
        assert_eq!((uniek, namen.len()), (16, 16));
        assert!(!namen.contains(&"Marieke Peters"));
    }
}

/// Every group form at once: professions, organisations, pairs, and a
/// participant without functie or organisatie (alone, no empty brackets).
#[test]
fn golden_text_for_every_group_form() {
    let o = groepen_van("tests/fixtures/groepen-alle-vormen.toml", &[]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let out = common::stdout(&o);
    golden("groepen-alle-vormen.txt", &out);
    assert!(out.contains("Gast zonder gegevens — werkt alleen"), "{out}");
    assert!(!out.contains("()"), "{out}");
    assert!(
        out.contains("17 deelnemers: 1 groepje van 3 en 7 groepjes van 2"),
        "{out}"
    );
}

#[test]
fn zaad_changes_the_plan_not_its_shape() {
    let a = common::stdout(&groepen(&["--formaat", "json"]));
    let b = common::stdout(&groepen(&["--formaat", "json", "--zaad", "7"]));
    assert_ne!(a, b);
    let va: serde_json::Value = serde_json::from_str(&a).unwrap();
    let vb: serde_json::Value = serde_json::from_str(&b).unwrap();
    for (x, y) in va.as_array().unwrap().iter().zip(vb.as_array().unwrap()) {
        let mut gx: Vec<u64> = x["groottes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        let mut gy: Vec<u64> = y["groottes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        gx.sort();
        gy.sort();
        assert_eq!(gx, gy);
    }
}

#[test]
fn without_participants_the_cli_gives_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::root().join("examples/zeist.toml")).unwrap();
    let cut = text.find("[[deelnemers]]").unwrap();
    let rest = &text[cut..];
    let taken = rest.find("[[taken]]").unwrap();
    let zonder = format!("{}{}", &text[..cut], &rest[taken..]).replace(
        "uitnodiging = 2027-01-21",
        "uitnodiging = 2027-01-21\nverwacht_aantal = 18",
    );
    let pad = dir.path().join("leeg.toml");
    std::fs::write(&pad, zonder).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["groepen", pad.to_str().unwrap()];
        args.extend_from_slice(extra);
        common::run(&args, Path::new(dir.path()))
    };
    let o = run(&[]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    // Wrapped to 80 columns: compare the words, not the line breaks.
    let out = common::stdout(&o).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(out.contains("18 deelnemers: 6 groepjes van 3"), "{out}");
    assert!(
        out.contains("18 deelnemers: 3 groepjes van 4 en 2 groepjes van 3"),
        "{out}"
    );
    assert!(!out.contains("Groep 1:"), "{out}");
    let v: serde_json::Value = serde_json::from_str(&common::stdout(&run(&["--formaat", "json"]))).unwrap();
    assert_eq!(v[1]["groottes"], serde_json::json!([4, 4, 4, 3, 3]));
    assert_eq!(v[1]["groepen"], serde_json::json!([]));
}

// ------------------------------------------------------------ any input

mod robust {
    use super::*;
    use proptest::prelude::*;

    const VORMEN: [Groepsvorm; 7] = [
        Groepsvorm::Plenair,
        Groepsvorm::Individueel,
        Groepsvorm::Tweetallen,
        Groepsvorm::Drietallen,
        Groepsvorm::Gemengd,
        Groepsvorm::PerBeroep,
        Groepsvorm::PerOrganisatie,
    ];

    fn deelnemer() -> impl Strategy<Value = Deelnemer> {
        (
            prop::option::of(prop::sample::select(vec![
                "Huisarts",
                "huisarts ",
                "",
                "Wijkteam",
                "  ",
            ])),
            prop::option::of(prop::sample::select(vec!["A", "a", "B", "", "C"])),
            prop::option::of(0usize..3),
            0usize..3,
        )
            .prop_map(|(f, o, d, st)| Deelnemer {
                naam: "x".into(),
                email: None,
                organisatie: o.map(str::to_string),
                functie: f.map(str::to_string),
                domein: d.map(|i| [Domein::Medisch, Domein::Sociaal, Domein::Informeel][i]),
                elearning: true,
                status: [
                    DeelnemerStatus::Uitgenodigd,
                    DeelnemerStatus::Aangemeld,
                    DeelnemerStatus::Afgemeld,
                ][st],
                voornaam: None,
                aanhef: None,
                delen: None,
                aanwezig: None,
                id: None,
                herkomst: None,
                prive: Default::default(),
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_room_gets_a_valid_plan(
            d in prop::collection::vec(deelnemer(), 0..40),
            vormen in prop::collection::vec(0usize..7, 0..5),
            verwacht in prop::option::of(0u32..60),
            zaad in any::<u64>(),
        ) {
            let vormen: Vec<Groepsvorm> = vormen.into_iter().map(|i| VORMEN[i]).collect();
            // Different people (one person listed twice counts once).
            let mut d = d;
            for (i, x) in d.iter_mut().enumerate() {
                x.naam = format!("x{i}");
            }
            let mut s = sessie(d, &vormen);
            s.bijeenkomst.verwacht_aantal = verwacht;
            let plannen = groups::plannen(&s, zaad);
            prop_assert_eq!(plannen.len(), vormen.iter().filter(|v| v.splits()).count());
            let actief = s.actieve_deelnemers().count();
            for p in &plannen {
                let w = &s.programma[p.index].werkvormen[0];
                prop_assert_eq!(groups::aantal_groepen(&s, w), p.aantal);
                if actief > 0 {
                    prop_assert_eq!(p.aantal as usize, p.groepen.len().max(1));
                }
                if actief > 0 {
                    placed_once(&s, p);
                    prop_assert!(p.groepen.iter().all(|g| !g.leden.is_empty()));
                } else {
                    prop_assert!(p.groepen.is_empty());
                }
            }
            let lib = Bibliotheek::default();
            let plan = draaiboek::plan::Planning::new(&s, &lib, zaad);
            prop_assert_eq!(plan.plannen(), &plannen[..]);
            let text = draaiboek::commands::groepen_tekst(&plan, zaad, false);
            prop_assert!(!text.contains("()"));
        }
    }
}
