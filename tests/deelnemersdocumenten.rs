//! What participants get in their hands (the hand-out on vulnerability in
//! `materiaal.html`, the case cards, the invitations) speaks to them, never
//! to the facilitator; and the hand-out says where the Erasmus MC / Rotterdam
//! document is when the session names it (`definitie_document`).

mod common;

use std::path::Path;

use common::*;

const VANDAAG: &str = "2026-12-01";

/// Phrases that only make sense addressed to the facilitator: instructions
/// for printing, preparing and running a work format. Lowercase.
const BEGELEIDERSZINNEN: &[&str] = &[
    "print een",
    "print op",
    "exemplaren voor",
    "voor de groepjes",
    "per groepje",
    "verdeel de deelnemers",
    "vraag de deelnemers",
    "vraag iedereen",
    "laat de deelnemers",
    "laat iedere",
    "laat elk",
    "laat het groepje",
    "laat de groepjes",
    "geef elk groepje",
    "geef iedere deelnemer",
    "leg op elke tafel",
    "leg uit",
    "hang ",
    "zorg voor",
    "zorg dat elk",
    "gespreksleider",
    "in je eigen woorden",
    "(optioneel)",
    "sessiebestand",
    "draaiboek",
];

fn maak(session: &Path) -> std::path::PathBuf {
    let s = session.display().to_string();
    let o = run(&["maak", s.as_str(), "--vandaag", VANDAAG], session.parent().unwrap());
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    session.with_extension("")
}

/// The text of an HTML fragment: tags dropped, the few entities minijinja
/// writes decoded.
fn tekst(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of `html` from the element that starts with `open` to the next `close`.
fn stukken<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        let from = &rest[i..];
        let end = from.find(close).map_or(from.len(), |j| j + close.len());
        out.push(&from[..end]);
        rest = &from[end..];
    }
    out
}

fn handout(dir: &Path) -> String {
    let html = std::fs::read_to_string(dir.join("materiaal.html")).unwrap();
    let delen = stukken(
        &html,
        "<section class=\"pagina\" aria-label=\"Definitie van kwetsbaarheid\">",
        "</section>",
    );
    assert_eq!(delen.len(), 1, "precies één hand-out over kwetsbaarheid");
    tekst(delen[0])
}

/// Every participant-facing text of one output folder, with a name for messages.
fn deelnemersteksten(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if dir.join("materiaal.html").exists() {
        let html = std::fs::read_to_string(dir.join("materiaal.html")).unwrap();
        for d in stukken(
            &html,
            "<section class=\"pagina\" aria-label=\"Definitie van kwetsbaarheid\">",
            "</section>",
        ) {
            out.push(("materiaal.html (hand-out)".to_string(), tekst(d)));
        }
    }
    let kaarten = std::fs::read_to_string(dir.join("casuskaarten.html")).unwrap();
    for (i, k) in stukken(&kaarten, "<article", "</article>").into_iter().enumerate() {
        out.push((format!("casuskaarten.html, kaart {}", i + 1), tekst(k)));
    }
    let md = std::fs::read_to_string(dir.join("casuskaarten.md")).unwrap();
    for (i, k) in md.split("\n## ").skip(1).enumerate() {
        out.push((format!("casuskaarten.md, casus {}", i + 1), k.to_string()));
    }
    for (rel, bytes) in files(dir) {
        let is_invitation = rel.starts_with("uitnodiging") && (rel.ends_with(".md") || rel.ends_with(".txt"));
        if is_invitation {
            out.push((rel, String::from_utf8(bytes).unwrap()));
        }
    }
    out
}

#[test]
fn participant_documents_hold_no_facilitator_instructions() {
    let mut gezien = 0;
    for example in ["zeist.toml", "samenwerking.toml", "communicatie.toml"] {
        let (_tmp, session) = example_in_tmp(example);
        let dir = maak(&session);
        let teksten = deelnemersteksten(&dir);
        assert!(
            teksten.iter().any(|(n, _)| n.starts_with("uitnodiging")),
            "{example}: geen uitnodigingen"
        );
        for (naam, t) in &teksten {
            let klein = t.to_lowercase();
            for zin in BEGELEIDERSZINNEN {
                assert!(
                    !klein.contains(zin),
                    "{example}: {naam} bevat een aanwijzing voor de gespreksleider ({zin:?}):\n{t}"
                );
            }
        }
        gezien += teksten.len();
    }
    assert!(gezien > 50, "te weinig teksten bekeken: {gezien}");
}

#[test]
fn handout_is_the_definition_as_a_list_and_points_to_the_document() {
    let (_tmp, session) = example_in_tmp("zeist.toml");
    let dir = maak(&session);
    let zonder = handout(&dir);
    // What the draaiboek says about the definition, and nothing about printing.
    for feit in [
        "gemeente Rotterdam",
        "Erasmus MC",
        "(aanstaande) ouder",
        "(nog ongeboren) kind",
        "elkaars invloed groter maken",
        "vier gradaties",
        "stroomschema",
    ] {
        assert!(zonder.contains(feit), "hand-out mist {feit:?}:\n{zonder}");
    }
    assert!(!zonder.contains("Risicofactoren zijn er in twee soorten"), "{zonder}");
    assert!(!zonder.contains("Hier vind je dat document"), "{zonder}");
    let html = std::fs::read_to_string(dir.join("materiaal.html")).unwrap();
    let deel = stukken(
        &html,
        "<section class=\"pagina\" aria-label=\"Definitie van kwetsbaarheid\">",
        "</section>",
    )[0];
    assert_eq!(deel.matches("<li>").count(), 4, "twee lijsten van twee punten:\n{deel}");

    // With the key: a URL becomes a link, a path is printed as it is.
    for (waarde, link) in [
        ("https://example.org/definitie-kwetsbaarheid.pdf", true),
        ("G:/Kansrijke Start/Definitie kwetsbaarheid Erasmus MC.pdf", false),
    ] {
        let toml = std::fs::read_to_string(&session).unwrap();
        let (_tmp2, s2) = example_in_tmp("zeist.toml");
        let toml = toml.replacen(
            "[bijeenkomst]\n",
            &format!("[bijeenkomst]\ndefinitie_document = \"{waarde}\"\n"),
            1,
        );
        std::fs::write(&s2, toml).unwrap();
        let dir2 = maak(&s2);
        let met = handout(&dir2);
        assert!(met.contains(&format!("Hier vind je dat document: {waarde}")), "{met}");
        let html = std::fs::read_to_string(dir2.join("materiaal.html")).unwrap();
        assert_eq!(html.contains("<a href=\"https:"), link, "{waarde}");
        // The draaiboek and the materials list name it for the facilitator too.
        for doc in ["draaiboek.md", "benodigdheden.md"] {
            let md = std::fs::read_to_string(dir2.join(doc)).unwrap();
            assert!(md.contains(&waarde.replace('_', "\\_")), "{doc} noemt {waarde} niet");
        }
    }
}
