//! Catering and accreditation: `benodigdheden` counts food and drink from the
//! registered people and lists dietary wishes; with `accreditatie = true` the
//! attendance list has a registration-number column. Both counts are checked
//! against Python (tomllib, csv) reading the session file on its own, and
//! neither a dietary wish nor a registration number appears in anything a
//! participant receives.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::Value;

/// Dietary wishes and registration numbers in both the CSV and the TOML,
/// spelled in different cases, with `accreditatie = true`.
fn sessie_met_wensen() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, session) = example_in_tmp("communicatie.toml");
    let csv_path = tmp.path().join("communicatie-deelnemers.csv");
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let wensen = [
        "Glutenvrij",
        "",
        "veganistisch",
        "glutenvrij",
        "",
        "Notenallergie",
        "Veganistisch",
    ];
    let mut out = String::new();
    for (i, line) in csv.lines().enumerate() {
        if i == 0 {
            out.push_str(&format!("{line};dieet;BIG-nummer\n"));
            continue;
        }
        let wens = wensen.get(i - 1).copied().unwrap_or("");
        let nummer = if i % 3 == 0 {
            String::new()
        } else {
            format!("9{:010}", 7_130_000 + i)
        };
        out.push_str(&format!("{line};{wens};{nummer}\n"));
    }
    std::fs::write(&csv_path, out).unwrap();
    let toml = std::fs::read_to_string(&session).unwrap();
    let toml = toml.replacen("[bijeenkomst]\n", "[bijeenkomst]\naccreditatie = true\n", 1)
        + "\n[[deelnemers]]\nnaam = \"Yara Koster\"\nemail = \"y.koster@kraamzorg.example\"\n\
           organisatie = \"Kraamzorg Oost\"\nfunctie = \"kraamverzorgende\"\ndomein = \"medisch\"\n\
           elearning = true\nstatus = \"aangemeld\"\ndieet = \"halal, lactosevrij\"\n\
           registratienummer = \"KR-55501234\"\n\
           \n[[deelnemers]]\nnaam = \"Olaf Brink\"\nemail = \"o.brink@wijkteam.example\"\n\
           domein = \"sociaal\"\nstatus = \"afgemeld\"\ndieet = \"pescotariër\"\nregistratienummer = \"SKJ-777000111\"\n";
    std::fs::write(&session, toml).unwrap();
    (tmp, session)
}

/// What Python reads from the session and its CSV, independently of draaiboek:
/// the registered people, their wishes counted case-insensitively, and every
/// wish and number written anywhere.
const TEL: &str = r#"
import csv, json, sys, tomllib, pathlib
pad = pathlib.Path(sys.argv[1])
s = tomllib.loads(pad.read_text(encoding="utf-8"))
mensen = [dict(d) for d in s.get("deelnemers", [])]
b = s["bijeenkomst"]
if "deelnemers_csv" in b:
    tekst = (pad.parent / b["deelnemers_csv"]).read_text(encoding="utf-8-sig")
    for rij in csv.DictReader(tekst.splitlines(), delimiter=";"):
        mensen.append({"naam": rij["naam"], "email": rij["email"], "status": rij["status"],
                       "dieet": rij["dieet"], "registratienummer": rij["BIG-nummer"]})
aangemeld = [m for m in mensen if m.get("status") == "aangemeld"]
wensen = {}
eerste = {}
for m in aangemeld:
    w = (m.get("dieet") or "").strip()
    if w:
        eerste.setdefault(w.lower(), w)
        wensen[w.lower()] = wensen.get(w.lower(), 0) + 1
print(json.dumps({
    "personen": len(aangemeld) + 1,
    "lunch": s.get("informeel", {}).get("lunch", 0) > 0,
    "wensen": {eerste[k]: n for k, n in wensen.items()},
    "nummers": {m["naam"]: m.get("registratienummer") or "" for m in aangemeld},
    "geheim": sorted({v for m in mensen for v in (m.get("dieet"), m.get("registratienummer")) if v}),
}))
"#;

fn python_telling(python: &Path, session: &Path) -> Value {
    let o = Command::new(python)
        .args(["-c", TEL, &session.display().to_string()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The rows of the Markdown table that follows the line `kop` (a header row).
fn tabel(md: &str, kop: &str) -> Vec<(String, String)> {
    md.lines()
        .skip_while(|l| *l != kop)
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cellen: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (cellen[0].to_string(), cellen[1].to_string())
        })
        .collect()
}

/// Text as HTML shows it escaped.
fn html_tekst(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn catering_en_dieetwensen_kloppen_met_een_eigen_telling() {
    let python = python();
    let (tmp, session) = sessie_met_wensen();
    let o = run(
        &["maak", &session.display().to_string(), "--vandaag", "2026-12-01"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = session.with_extension("");
    let want = python_telling(&python, &session);
    let md = std::fs::read_to_string(dir.join("benodigdheden.md")).unwrap();

    let personen = want["personen"].as_u64().unwrap().to_string();
    let eten = tabel(&md, "| Wat | Aantal |");
    assert_eq!(
        eten,
        vec![
            ("Koffie, thee en water".to_string(), personen.clone()),
            ("Lunch bij de inloop (12:30–13:00)".to_string(), personen.clone()),
        ],
        "{md}"
    );
    assert!(want["lunch"].as_bool().unwrap());
    assert!(md.contains(&format!("samen {personen} personen")), "{md}");

    let mut wensen: Vec<(String, String)> = want["wensen"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(w, n)| (w.clone(), n.to_string()))
        .collect();
    let mut gekregen = tabel(&md, "| Dieetwens | Aantal |");
    wensen.sort();
    gekregen.sort();
    assert_eq!(gekregen, wensen, "{md}");
    // The one who cancelled is not counted, nor is her wish listed.
    assert!(!md.contains("pescotariër"), "{md}");
    // The old single line is gone.
    assert!(!md.contains("Catering (koffie"), "{md}");
}

#[test]
#[ignore = "needs the test Python (.venv-test, made by .ci/run)"]
fn presentielijst_heeft_de_registratienummers_en_niets_anders_verraadt_ze() {
    let python = python();
    let (tmp, session) = sessie_met_wensen();
    let s = session.display().to_string();
    let o = run(&["maak", &s, "--vandaag", "2026-12-01"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = session.with_extension("");
    let want = python_telling(&python, &session);

    // Every registered person's row carries exactly their number (or an empty cell).
    let html = std::fs::read_to_string(dir.join("presentielijst.html")).unwrap();
    assert!(html.contains(">BIG- of registernummer</th>"), "{html}");
    let nummers = want["nummers"].as_object().unwrap();
    assert!(nummers.len() > 10);
    for (naam, nummer) in nummers {
        let rij = html
            .lines()
            .find(|l| l.contains(&format!("<td>{}</td>", html_tekst(naam))))
            .unwrap_or_else(|| panic!("{naam} staat niet op de presentielijst"));
        assert!(
            rij.contains(&format!("<td class=\"registratie\">{}</td>", nummer.as_str().unwrap())),
            "{naam}: {rij}"
        );
    }

    // After the meeting too: the thank-you mails and the contact list.
    let na = std::fs::read_to_string(&session).unwrap().replace(
        "status = \"aangemeld\"\ndieet",
        "status = \"aangemeld\"\naanwezig = true\ndelen = true\ndieet",
    );
    std::fs::write(&session, na).unwrap();
    let o = run(&["verslag", &s, "--vandaag", "2027-05-21"], tmp.path());
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));

    let geheim: Vec<String> = want["geheim"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert!(geheim.len() >= 8, "{geheim:?}");
    let mut bekeken = 0;
    for (pad, bytes) in files(&dir) {
        let tekst = String::from_utf8_lossy(&bytes);
        // The trekker's own lists: the materials may name wishes, the
        // attendance list the numbers; nothing else may hold either.
        let toegestaan: &[&str] = match pad.as_str() {
            "benodigdheden.md" | "benodigdheden.html" => &["dieet"],
            "presentielijst.html" => &["nummer"],
            _ => &[],
        };
        bekeken += 1;
        for g in &geheim {
            let is_nummer = g.chars().any(|c| c.is_ascii_digit());
            let mag = toegestaan.contains(&if is_nummer { "nummer" } else { "dieet" });
            if !mag {
                assert!(!tekst.contains(g.as_str()), "{pad} bevat {g:?}");
            }
        }
    }
    let namen: Vec<String> = files(&dir).into_iter().map(|(p, _)| p).collect();
    assert!(namen.iter().any(|p| p.ends_with(".eml")), "{namen:?}");
    assert!(namen.iter().any(|p| p.ends_with(".ics")), "{namen:?}");
    assert!(namen.iter().any(|p| p.contains("bedank")), "{namen:?}");
    assert!(bekeken > 40);
}

#[test]
fn zonder_accreditatie_geen_kolom_en_zonder_aanmeldingen_een_schatting() {
    let (tmp, session) = example_in_tmp("zeist.toml");
    let o = run(
        &["maak", &session.display().to_string(), "--vandaag", "2026-12-01"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = session.with_extension("");
    let html = std::fs::read_to_string(dir.join("presentielijst.html")).unwrap();
    assert!(!html.contains("registernummer"));
    let md = std::fs::read_to_string(dir.join("benodigdheden.md")).unwrap();
    assert!(md.contains("## Catering"), "{md}");
    assert!(md.contains("| Koffie, thee en water |"), "{md}");
}
