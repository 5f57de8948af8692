//! Participant lists as the trekker has them: exports made the way Outlook
//! (Dutch and English), Excel ("CSV (puntkomma)" and "Unicode-tekst"),
//! Google Contacts and Microsoft Forms write them. The generator below
//! writes their headers, quoting, separators, line ends and encodings;
//! the people in it are made up.

mod common;

use std::path::Path;

use draaiboek::session::Codering;

/// One made-up person as an address book holds her.
struct Persoon {
    titel: &'static str,
    voornaam: &'static str,
    midden: &'static str,
    achternaam: &'static str,
    bedrijf: &'static str,
    afdeling: &'static str,
    functie: &'static str,
    email: &'static str,
    notitie: &'static str,
}

const MENSEN: &[Persoon] = &[
    Persoon {
        titel: "Dr.",
        voornaam: "Annemarie",
        midden: "de",
        achternaam: "Boer-Visser",
        bedrijf: "Verloskundigenpraktijk Zuid",
        afdeling: "",
        functie: "verloskundige",
        email: "a.deboer@vlp-zuid.example",
        notitie: "Belt liever dan dat ze mailt.\r\nWoensdag vrij.",
    },
    Persoon {
        titel: "",
        voornaam: "Françoise",
        midden: "",
        achternaam: "Müller",
        bedrijf: "GGD Regio",
        afdeling: "JGZ",
        functie: "jeugdarts",
        email: "f.muller@ggd.example",
        notitie: "",
    },
    Persoon {
        titel: "",
        voornaam: "Jan",
        midden: "van der",
        achternaam: "Berg",
        bedrijf: "Sociaal wijkteam, Noord",
        afdeling: "",
        functie: "wijkteammedewerker",
        email: "j.vdberg@wijkteam.example",
        notitie: "",
    },
];

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Outlook's contact export: every field quoted, commas, CRLF, a notes
/// field over two lines; Dutch Outlook writes Windows-1252.
fn outlook(nl: bool) -> Vec<u8> {
    let kop: &[&str] = if nl {
        &[
            "Titel",
            "Voornaam",
            "Middelste naam",
            "Achternaam",
            "Achtervoegsel",
            "Bedrijf",
            "Afdeling",
            "Functie",
            "Werkadres, straat",
            "Werkadres, plaats",
            "Telefoon werk",
            "Mobiele telefoon",
            "Opmerkingen",
            "E-mailadres",
            "E-mailtype",
            "Weergavenaam voor e-mail",
            "E-mailadres 2",
        ]
    } else {
        &[
            "Title",
            "First Name",
            "Middle Name",
            "Last Name",
            "Suffix",
            "Company",
            "Department",
            "Job Title",
            "Business Street",
            "Business City",
            "Business Phone",
            "Mobile Phone",
            "Notes",
            "E-mail Address",
            "E-mail Type",
            "E-mail Display Name",
            "E-mail 2 Address",
        ]
    };
    let mut t = kop.iter().map(|k| quote(k)).collect::<Vec<_>>().join(",");
    t.push_str("\r\n");
    for p in MENSEN {
        let weergave = format!("{} {} ({})", p.voornaam, p.achternaam, p.email);
        let velden = [
            p.titel,
            p.voornaam,
            p.midden,
            p.achternaam,
            "",
            p.bedrijf,
            p.afdeling,
            p.functie,
            "Dorpsstraat 1",
            "Zeist",
            "030-1234567",
            "",
            p.notitie,
            p.email,
            "SMTP",
            &weergave,
            "",
        ];
        t.push_str(&velden.iter().map(|v| quote(v)).collect::<Vec<_>>().join(","));
        t.push_str("\r\n");
    }
    if nl {
        Codering::Windows1252.encode(&t)
    } else {
        t.into_bytes()
    }
}

/// Dutch Excel, "CSV (puntkomma)": Windows-1252, `;`, CRLF, quotes only
/// where needed, and the empty rows Excel leaves as `;;;;;;`.
fn excel_puntkomma() -> Vec<u8> {
    let mut t = String::from(
        "Voornaam;Tussenvoegsel;Achternaam;E-mailadres;Organisatie;Functie;E-learning gedaan;Opmerkingen\r\n",
    );
    for p in MENSEN {
        let org = if p.bedrijf.contains(';') {
            quote(p.bedrijf)
        } else {
            p.bedrijf.to_string()
        };
        t.push_str(&format!(
            "{};{};{};{};{org};{};ja;\r\n",
            p.voornaam, p.midden, p.achternaam, p.email, p.functie
        ));
    }
    t.push_str(";;;;;;;\r\n;;;;;;;\r\n");
    Codering::Windows1252.encode(&t)
}

/// Dutch Excel, "Unicode-tekst": UTF-16 little-endian with a BOM, tabs, CRLF.
fn excel_unicode() -> Vec<u8> {
    let mut t = String::from("Voornaam\tAchternaam\tE-mailadres\tBedrijf\tFunctie\tDomein\r\n");
    for p in MENSEN {
        let achternaam = [p.midden, p.achternaam]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        // Excel quotes a cell that holds a comma or a quote.
        let bedrijf = if p.bedrijf.contains(',') {
            quote(p.bedrijf)
        } else {
            p.bedrijf.to_string()
        };
        t.push_str(&format!(
            "{}\t{achternaam}\t{}\t{bedrijf}\t{}\tmedisch\r\n",
            p.voornaam, p.email, p.functie
        ));
    }
    t.push_str("\t\t\t\t\t\r\n");
    Codering::Utf16Le.encode(&t)
}

/// Google Contacts ("Google CSV"): UTF-8, commas, quotes where needed.
fn google() -> Vec<u8> {
    let mut t = String::from(
        "First Name,Middle Name,Last Name,Phonetic First Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n",
    );
    for p in MENSEN {
        let veld = |s: &str| {
            if s.contains([',', '"', '\n']) {
                quote(s)
            } else {
                s.to_string()
            }
        };
        t.push_str(&format!(
            "{},{},{},,{},,,,{},{},{},,{},* myContacts,* Work,{},Work,030-1234567\n",
            veld(p.voornaam),
            veld(p.midden),
            veld(p.achternaam),
            veld(p.titel),
            veld(p.bedrijf),
            veld(p.functie),
            veld(p.afdeling),
            veld(p.notitie),
            p.email
        ));
    }
    t.into_bytes()
}

/// Microsoft Forms' responses, saved from Excel as CSV UTF-8 (with a BOM).
fn forms() -> Vec<u8> {
    let mut t = String::from("\u{feff}ID;Begintijd;Tijd van voltooien;E-mail;Naam;Wat is je functie?\r\n");
    for (i, p) in MENSEN.iter().enumerate() {
        t.push_str(&format!(
            "{};1-3-2027 10:0{i};1-3-2027 10:1{i};{};{} {}{};{}\r\n",
            i + 1,
            p.email,
            p.voornaam,
            if p.midden.is_empty() {
                String::new()
            } else {
                format!("{} ", p.midden)
            },
            p.achternaam,
            p.functie
        ));
    }
    t.into_bytes()
}

fn in_map(csv: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sessie.toml"), common::SESSIE_MET_CSV).unwrap();
    std::fs::write(dir.path().join("deelnemers.csv"), csv).unwrap();
    dir
}

fn laad(dir: &Path) -> draaiboek::model::Sessie {
    let lib = draaiboek::library::builtin().unwrap();
    draaiboek::session::load(&dir.join("sessie.toml"), &lib).unwrap()
}

fn controleer(dir: &Path) -> (Option<i32>, String) {
    let o = common::run(&["controleer", "sessie.toml", "--vandaag", "2027-01-10"], dir);
    (o.status.code(), common::stderr(&o))
}

#[test]
fn outlook_contacts_dutch_and_english_are_read_whole() {
    for (nl, ongebruikt) in [(true, "`Opmerkingen`"), (false, "`Notes`")] {
        let dir = in_map(&outlook(nl));
        let (code, err) = controleer(dir.path());
        assert_ne!(code, Some(2), "{err}");
        // Every unused column named once, in one note; nothing is an error.
        assert_eq!(err.matches(ongebruikt).count(), 1, "{err}");
        assert!(!err.contains("fout:"), "{err}");
        assert!(err.contains("3 regels gaf 3 deelnemers"), "{err}");
        assert_eq!(err.contains("Windows-1252"), nl, "{err}");
        let s = laad(dir.path());
        let d = &s.deelnemers;
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].naam, "Annemarie de Boer-Visser");
        assert_eq!(d[0].voornaam.as_deref(), Some("Annemarie"));
        assert_eq!(d[0].email.as_deref(), Some("a.deboer@vlp-zuid.example"));
        assert_eq!(d[0].functie.as_deref(), Some("verloskundige"));
        assert_eq!(d[1].naam, "Françoise Müller");
        assert_eq!(d[1].organisatie.as_deref(), Some("GGD Regio, JGZ"));
        assert_eq!(d[2].naam, "Jan van der Berg");
        assert_eq!(d[2].organisatie.as_deref(), Some("Sociaal wijkteam, Noord"));
    }
}

#[test]
fn excel_semicolon_csv_skips_its_empty_rows_and_says_so() {
    let dir = in_map(&excel_puntkomma());
    let (code, err) = controleer(dir.path());
    assert_ne!(code, Some(2), "{err}");
    assert!(
        err.contains("gelezen als Windows-1252")
            && err.contains("3 regels gaf 3 deelnemers; 2 lege regels overgeslagen"),
        "{err}"
    );
    assert!(err.contains("Niet gebruikt: `Opmerkingen`"), "{err}");
    let s = laad(dir.path());
    assert_eq!(s.deelnemers.len(), 3);
    assert!(s.deelnemers.iter().all(|d| d.elearning));
    assert_eq!(s.deelnemers[1].naam, "Françoise Müller");
}

#[test]
fn excel_unicode_text_is_read_as_utf16_with_tabs() {
    let bytes = excel_unicode();
    assert_eq!(&bytes[..2], &[0xFF, 0xFE]);
    let dir = in_map(&bytes);
    let (code, err) = controleer(dir.path());
    assert_ne!(code, Some(2), "{err}");
    assert!(err.contains("gelezen als UTF-16"), "{err}");
    assert!(!err.contains('\u{0}') && !err.contains("ÿþ"), "{err}");
    let s = laad(dir.path());
    let namen: Vec<&str> = s.deelnemers.iter().map(|d| d.naam.as_str()).collect();
    assert_eq!(
        namen,
        ["Annemarie de Boer-Visser", "Françoise Müller", "Jan van der Berg"]
    );
    assert_eq!(s.deelnemers[2].organisatie.as_deref(), Some("Sociaal wijkteam, Noord"));
}

#[test]
fn google_contacts_are_read() {
    let dir = in_map(&google());
    let (code, err) = controleer(dir.path());
    assert_ne!(code, Some(2), "{err}");
    assert!(err.contains("`Labels`") && !err.contains("`E-mail 1 - Value`"), "{err}");
    let s = laad(dir.path());
    assert_eq!(s.deelnemers.len(), 3);
    assert_eq!(s.deelnemers[0].email.as_deref(), Some("a.deboer@vlp-zuid.example"));
    assert_eq!(s.deelnemers[1].organisatie.as_deref(), Some("GGD Regio, JGZ"));
    assert_eq!(s.deelnemers[2].functie.as_deref(), Some("wijkteammedewerker"));
}

#[test]
fn microsoft_forms_responses_are_read() {
    let dir = in_map(&forms());
    let (code, err) = controleer(dir.path());
    assert_ne!(code, Some(2), "{err}");
    assert!(
        err.contains("`Wat is je functie?`") && err.contains("`Begintijd`"),
        "{err}"
    );
    let s = laad(dir.path());
    assert_eq!(s.deelnemers[2].naam, "Jan van der Berg");
    assert_eq!(s.deelnemers[2].email.as_deref(), Some("j.vdberg@wijkteam.example"));
}

#[test]
fn a_header_one_column_short_is_one_error_at_the_header() {
    let mut t = String::from("naam;email;organisatie\n");
    for i in 0..18 {
        t.push_str(&format!("Persoon {i};p{i}@x.example;Org;arts\n"));
    }
    let dir = in_map(t.as_bytes());
    let (code, err) = controleer(dir.path());
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(err.matches("fout:").count(), 1, "{err}");
    assert!(
        err.contains("deelnemers.csv:1:1") && err.contains("18 regels hebben er meer"),
        "{err}"
    );
}

#[test]
fn an_address_with_a_query_or_an_invisible_character_is_refused() {
    for (adres, wat) in [
        ("x@y.example?cc=iedereen@z.example&body=hoi", "extra opdrachten"),
        ("ingrid\u{200B}@x.example", "onzichtbaar teken (U+200B)"),
        ("mailto:ingrid@x.example", "een link"),
    ] {
        let dir = in_map(format!("naam;email\nIngrid;{adres}\n").as_bytes());
        let (code, err) = controleer(dir.path());
        assert_eq!(code, Some(2), "{adres}: {err}");
        assert!(err.contains(wat) && err.contains("deelnemers.csv:2:"), "{err}");
        assert!(
            !err.contains('\u{200B}'),
            "the invisible character is not printed: {err:?}"
        );
    }
}

#[test]
fn a_zero_width_space_in_a_name_does_not_hide_a_duplicate() {
    let dir = in_map("naam;email\nIngrid de Vries;i@x.example\nIngrid\u{200B} de Vries;i2@x.example\nRo\u{308}mer;r@x.example\nRömer;r2@x.example\n".as_bytes());
    let (code, err) = controleer(dir.path());
    assert_ne!(code, Some(2), "{err}");
    let o = common::run(&["controleer", "sessie.toml", "--vandaag", "2027-01-10"], dir.path());
    let out = common::stdout(&o);
    assert_eq!(out.matches("dezelfde naam").count(), 2, "{out}");
    let s = laad(dir.path());
    assert_eq!(s.deelnemers[1].naam, "Ingrid de Vries");
    assert_eq!(s.deelnemers[2].naam, "Römer");
}

#[test]
fn an_international_domain_is_written_in_its_ascii_form() {
    let dir = in_map("naam;email\nIngrid;ingrid@bücher.example\n".as_bytes());
    let s = laad(dir.path());
    assert_eq!(s.deelnemers[0].email.as_deref(), Some("ingrid@xn--bcher-kva.example"));
}

#[test]
fn without_a_domain_controleer_warns_and_proposes_from_the_function() {
    let dir = in_map(&outlook(false));
    let o = common::run(&["controleer", "sessie.toml", "--vandaag", "2027-01-10"], dir.path());
    let out = common::stdout(&o).replace("\n    ", " ");
    assert!(
        out.contains("waarschuwing[domeinen]: 3 deelnemers zonder domein"),
        "{out}"
    );
    assert!(out.contains("een kolom `domein`"), "{out}");
    assert!(
        out.contains("Voorstel op grond van de functie (controleer het zelf): Annemarie de Boer-Visser (verloskundige) → medisch; Françoise Müller (jeugdarts) → medisch; Jan van der Berg (wijkteammedewerker) → sociaal."),
        "{out}"
    );
    // The proposal is not applied: the participants still have no domain.
    assert!(laad(dir.path()).deelnemers.iter().all(|d| d.domein.is_none()));
    // With a domain column the warning is gone.
    let dir = in_map(&excel_unicode());
    let o = common::run(&["controleer", "sessie.toml", "--vandaag", "2027-01-10"], dir.path());
    assert!(!common::stdout(&o).contains("zonder domein"), "{}", common::stdout(&o));
}

#[test]
fn the_library_knows_functions_by_their_words() {
    use draaiboek::model::Domein;
    let lib = draaiboek::library::builtin().unwrap();
    for (f, d) in [
        ("Verpleegkundige POP-poli", Some(Domein::Medisch)),
        ("jeugdverpleegkundige", Some(Domein::Medisch)),
        ("Pedagogisch medewerker", Some(Domein::Sociaal)),
        ("ervaringsdeskundige", Some(Domein::Informeel)),
        ("coördinator vrijwilligers", Some(Domein::Informeel)),
        ("Huisartsenpraktijk", None),
        ("secretaresse", None),
    ] {
        assert_eq!(lib.domein_van_functie(f), d, "{f}");
    }
}
