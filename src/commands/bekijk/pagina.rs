//! The pages of `bekijk`: the start page, the documents (as `maak` would
//! write them, plus the refresh script), text files in a readable frame,
//! and the problem page while the session does not load.
//!
//! A path is looked up, after percent-decoding, as an exact key among the
//! rendered files: nothing here ever touches the file system, so `..`,
//! encoded or not, can only miss.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Goed, Inhoud, Stand};
use crate::check::Ernst;

/// The path of the refresh script, which every page loads. It starts with
/// `_`, which no document name does.
pub const SCRIPT: &str = "/_bekijk/vernieuw.js";

/// Raw files live under this prefix (`/_ruw/agenda.md`), without a frame.
const RUW: &str = "_ruw/";

pub struct Antwoord {
    pub status: u16,
    pub soort: &'static str,
    pub body: Vec<u8>,
}

impl Antwoord {
    pub fn tekst(status: u16, tekst: &str) -> Antwoord {
        Antwoord {
            status,
            soort: "text/plain; charset=utf-8",
            body: tekst.as_bytes().to_vec(),
        }
    }

    fn html(status: u16, html: String) -> Antwoord {
        Antwoord {
            status,
            soort: "text/html; charset=utf-8",
            body: html.into_bytes(),
        }
    }
}

/// The answer for a GET of `pad` (the URL path, still percent-encoded).
pub fn antwoord(stand: &Stand, pad: &str) -> Antwoord {
    let Some(pad) = decodeer(pad) else {
        return niet_gevonden(stand);
    };
    if pad == "/" {
        return match &stand.inhoud {
            Inhoud::Goed(g) => Antwoord::html(200, start(stand, g)),
            Inhoud::Kapot(melding) => Antwoord::html(200, kapot(stand, melding, None)),
        };
    }
    let Some(rel) = pad.strip_prefix('/') else {
        return niet_gevonden(stand);
    };
    let (ruw, rel) = match rel.strip_prefix(RUW) {
        Some(r) => (true, r),
        None => (false, rel),
    };
    match &stand.inhoud {
        Inhoud::Goed(g) => match g.bestanden.get(rel) {
            Some(bytes) if ruw => Antwoord {
                status: 200,
                soort: "text/plain; charset=utf-8",
                body: bytes.clone(),
            },
            Some(bytes) if rel.ends_with(".html") => Antwoord::html(200, met_script(bytes, stand.versie)),
            Some(bytes) => Antwoord::html(200, tekstpagina(stand, rel, bytes)),
            None => niet_gevonden(stand),
        },
        Inhoud::Kapot(melding) if stand.bekend.contains(rel) => Antwoord::html(200, kapot(stand, melding, Some(rel))),
        Inhoud::Kapot(_) => niet_gevonden(stand),
    }
}

/// `%XX` decoded; `None` for a broken escape or bytes that are not UTF-8.
fn decodeer(pad: &str) -> Option<String> {
    let b = pad.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped, with each `quoted` part as code (the check quotes keys and commands so).
fn met_code(s: &str) -> String {
    let delen: Vec<&str> = s.split('`').collect();
    if delen.len() % 2 == 0 {
        return esc(s);
    }
    delen
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(d))
            } else {
                esc(d)
            }
        })
        .collect()
}

fn script_tag(versie: u64) -> String {
    format!("<script src=\"{SCRIPT}\" data-versie=\"{versie}\"></script>")
}

/// A document as `maak` writes it, with the refresh script before `</body>`.
fn met_script(bytes: &[u8], versie: u64) -> String {
    let html = String::from_utf8_lossy(bytes);
    let tag = script_tag(versie);
    match html.to_ascii_lowercase().rfind("</body>") {
        Some(i) => format!("{}{tag}\n{}", &html[..i], &html[i..]),
        None => format!("{html}{tag}\n"),
    }
}

const CSS: &str = "
:root { --inkt: #1d2433; --zacht: #5b6475; --lijn: #d9dde5; --accent: #1f5f8b; --fout: #b3261e; --let: #8a5a00; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f5f8; color: var(--inkt); font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
.live { margin: 0 0 1rem; font-size: 0.9rem; color: var(--zacht); }
.live strong { color: #1a7f37; }
h1 { font-size: 1.7rem; margin: 0 0 0.75rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--lijn); }
a { color: var(--accent); }
code { font-size: 0.92em; }
.samenvatting { font-weight: 600; }
.concept { padding: 0.7rem 1rem; background: #fdecea; border-left: 5px solid var(--fout); }
ul.bevindingen { list-style: none; padding: 0; }
ul.bevindingen li { margin: 0.5rem 0; padding: 0.55rem 0.8rem; background: #fff; border-left: 5px solid var(--let); }
ul.bevindingen li.fout { border-left-color: var(--fout); }
.ernst { font-weight: 700; text-transform: uppercase; font-size: 0.8rem; letter-spacing: 0.04em; margin-right: 0.4rem; }
li.fout .ernst { color: var(--fout); }
li.waarschuwing .ernst { color: var(--let); }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 0.45rem 0.7rem; border-bottom: 1px solid var(--lijn); vertical-align: top; }
th { font-size: 0.9rem; }
td.uitleg { color: var(--zacht); }
.geen { color: var(--zacht); font-style: italic; }
pre { background: #fff; border: 1px solid var(--lijn); padding: 1rem; overflow-x: auto; white-space: pre-wrap; font-size: 0.9rem; }
pre.melding { border-left: 5px solid var(--fout); }
";

fn pagina(titel: &str, versie: u64, inhoud: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{inhoud}</main>\n{}\n</body>\n</html>\n",
        esc(titel),
        script_tag(versie)
    )
}

fn live_regel(stand: &Stand) -> String {
    format!(
        "<p class=\"live\"><strong>● Live</strong> voorbeeld van <code>{}</code>: deze pagina ververst zichzelf \
         als je het bestand bewaart. Er wordt niets opgeslagen; voor de echte bestanden gebruik je \
         <code>draaiboek maak</code>.</p>\n",
        esc(&stand.sessie_naam)
    )
}

/// Title and what a top-level document is for, in the order of the output
/// folder's overview.
const DOCUMENTEN: &[(&str, &str, &str)] = &[
    ("index", "Overzicht", "alle bestanden, met wanneer je ze gebruikt"),
    ("agenda", "Agenda", "het programma met kloktijden, voor de deelnemers"),
    (
        "draaiboek",
        "Draaiboek",
        "voor de gespreksleider: de voorbereiding, elke bouwsteen stap voor stap, en wat er na afloop moet gebeuren",
    ),
    ("benodigdheden", "Benodigdheden", "wat je meeneemt, met aantallen"),
    (
        "casuskaarten",
        "Casuskaarten",
        "de casussen om te printen, vier op een A4",
    ),
    (
        "materiaal",
        "Ander drukwerk",
        "lege kaarten, koppen voor de flip-over, naambordjes",
    ),
    (
        "groepen",
        "Groepsindeling",
        "tafelkaarten met wie bij wie zit, per werkvorm",
    ),
    (
        "presentielijst",
        "Presentielijst",
        "wie er is, met een handtekening, en wie het e-mailadres wil delen",
    ),
    (
        "evaluatie",
        "Evaluatieformulier",
        "een formulier per deelnemer om de bijeenkomst te beoordelen",
    ),
];

/// What a file for everyone is for.
const ALGEMEEN: &[(&str, &str)] = &[
    (
        "uitnodiging-algemeen.md",
        "de uitnodiging zonder naam, voor een nieuwsbrief of een website",
    ),
    ("bijeenkomst.ics", "de bijeenkomst als afspraak voor je eigen agenda"),
    (
        "planning.ics",
        "de voorbereiding als reeks afspraken, teruggeteld vanaf de datum",
    ),
    ("adressen.txt", "de e-mailadressen, om te plakken in het BCC-veld"),
];

fn stam(pad: &str) -> &str {
    pad.rsplit_once('.').map_or(pad, |(s, _)| s)
}

fn link(pad: &str, tekst: &str) -> String {
    format!("<a href=\"/{}\">{}</a>", esc(pad), esc(tekst))
}

fn start(stand: &Stand, g: &Goed) -> String {
    let mut h = live_regel(stand);
    let _ = writeln!(h, "<h1>{}</h1>", esc(&g.titel));
    if g.concept {
        h.push_str(
            "<p class=\"concept\"><strong>CONCEPT.</strong> De sessie heeft nog fouten. Zolang die er zijn, \
             staat er CONCEPT op de documenten en maakt draaiboek geen concept-mails en agenda-uitnodigingen.</p>\n",
        );
    }

    h.push_str("<h2>Controle</h2>\n");
    let _ = writeln!(h, "<p class=\"samenvatting\">{}</p>", esc(&g.samenvatting));
    if g.bevindingen.is_empty() {
        h.push_str("<p>Geen fouten en geen waarschuwingen.</p>\n");
    } else {
        h.push_str("<ul class=\"bevindingen\">\n");
        for b in &g.bevindingen {
            let klasse = b.ernst.as_str();
            let ernst = match b.ernst {
                Ernst::Fout => "fout",
                Ernst::Waarschuwing => "let op",
            };
            let waar = b
                .bouwsteen
                .as_ref()
                .map(|id| format!(" <code>{}</code>", esc(id)))
                .unwrap_or_default();
            let _ = writeln!(
                h,
                "<li class=\"{klasse}\"><span class=\"ernst\">{ernst}</span><code>[{}]</code>{waar}: {}</li>",
                esc(b.code),
                met_code(&b.melding)
            );
        }
        h.push_str("</ul>\n");
    }

    let (boven, mappen) = verdeel(&g.bestanden);
    h.push_str("<h2>Documenten</h2>\n<table>\n<tr><th>Document</th><th>Waarvoor</th><th>Ook als</th></tr>\n");
    let mut html_stammen: Vec<&str> = boven.iter().filter(|p| p.ends_with(".html")).map(|p| stam(p)).collect();
    let volgorde = |s: &str| DOCUMENTEN.iter().position(|(d, _, _)| *d == s).unwrap_or(usize::MAX);
    html_stammen.sort_by_key(|s| (volgorde(s), s.to_string()));
    for s in &html_stammen {
        let (titel, uitleg) = DOCUMENTEN
            .iter()
            .find(|(d, _, _)| d == s)
            .map_or((*s, ""), |(_, t, u)| (*t, *u));
        let md = format!("{s}.md");
        let ook = if boven.contains(&md.as_str()) {
            link(&md, &md)
        } else {
            String::new()
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"uitleg\">{}</td><td>{ook}</td></tr>",
            link(&format!("{s}.html"), titel),
            esc(uitleg)
        );
    }
    h.push_str("</table>\n");

    let mut overig: Vec<&str> = boven
        .iter()
        .copied()
        .filter(|p| !html_stammen.contains(&stam(p)))
        .collect();
    overig.sort_by_key(|p| (ALGEMEEN.iter().position(|(n, _)| n == p).unwrap_or(usize::MAX), *p));
    if !overig.is_empty() {
        h.push_str("<h2>Voor iedereen</h2>\n<table>\n<tr><th>Bestand</th><th>Waarvoor</th></tr>\n");
        for p in overig {
            let uitleg = ALGEMEEN.iter().find(|(n, _)| *n == p).map_or("", |(_, u)| *u);
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"uitleg\">{}</td></tr>",
                link(p, p),
                esc(uitleg)
            );
        }
        h.push_str("</table>\n");
    }

    for (map, paden) in &mappen {
        if *map == "uitnodigingen" {
            h.push_str(&uitnodigingen(g, paden));
        } else {
            let _ = writeln!(h, "<h2>{}/</h2>\n<ul>", esc(map));
            for p in paden {
                let _ = writeln!(h, "<li>{}</li>", link(p, p));
            }
            h.push_str("</ul>\n");
        }
    }
    pagina(&format!("Live: {}", g.titel), stand.versie, &h)
}

/// Top-level files, and the files per sub-folder, each in path order.
fn verdeel(bestanden: &BTreeMap<String, Vec<u8>>) -> (Vec<&str>, BTreeMap<&str, Vec<&str>>) {
    let mut boven = Vec::new();
    let mut mappen: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for p in bestanden.keys() {
        match p.split_once('/') {
            Some((map, _)) => mappen.entry(map).or_default().push(p),
            None => boven.push(p.as_str()),
        }
    }
    (boven, mappen)
}

/// One row per participant: the invitation text, its Markdown, the mail draft.
fn uitnodigingen(g: &Goed, paden: &[&str]) -> String {
    let mut per_slug: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for p in paden {
        let naam = p.strip_prefix("uitnodigingen/").unwrap_or(p);
        per_slug.entry(stam(naam)).or_default().push(p);
    }
    // In the order of the participant list; a file without a participant
    // (none today) still gets its row, under its file name.
    let mut rijen: Vec<(&str, &str)> = g
        .namen
        .iter()
        .filter(|(slug, _)| per_slug.contains_key(slug.as_str()))
        .map(|(slug, naam)| (naam.as_str(), slug.as_str()))
        .collect();
    for slug in per_slug.keys() {
        if !rijen.iter().any(|(_, s)| s == slug) {
            rijen.push((slug, slug));
        }
    }
    let mut h = format!(
        "<h2>Uitnodigingen per deelnemer ({})</h2>\n<table>\n\
         <tr><th>Deelnemer</th><th>Uitnodiging</th><th>Markdown</th><th>Concept-mail</th></tr>\n",
        rijen.len()
    );
    for (naam, slug) in rijen {
        let pad = |ext: &str| format!("uitnodigingen/{slug}.{ext}");
        let heeft = |ext: &str| per_slug[slug].contains(&pad(ext).as_str());
        let cel = |ext: &str, tekst: &str| {
            if heeft(ext) {
                link(&pad(ext), tekst)
            } else {
                String::new()
            }
        };
        let mail = if heeft("eml") {
            link(&pad("eml"), "mail met agenda-uitnodiging")
        } else if g.concept {
            "<span class=\"geen\">pas als er geen fouten meer zijn</span>".to_string()
        } else {
            "<span class=\"geen\">geen e-mailadres</span>".to_string()
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{mail}</td></tr>",
            esc(naam),
            cel("txt", "tekst voor de mail"),
            cel("md", "Markdown"),
        );
    }
    h.push_str("</table>\n");
    h
}

/// A text file (Markdown, plain text, mail, calendar) in a readable frame.
fn tekstpagina(stand: &Stand, rel: &str, bytes: &[u8]) -> String {
    let uitleg = match rel.rsplit_once('.').map(|(_, e)| e) {
        Some("eml") => format!(
            "De concept-mail zoals je mailprogramma hem opent, met de agenda-uitnodiging als bijlage. \
             Hieronder staat de bron; de leesbare tekst vind je in {}.",
            link(&format!("{}.txt", stam(rel)), &format!("{}.txt", stam(rel)))
        ),
        Some("ics") => "Een agenda-afspraak in het iCalendar-formaat; je agenda-programma leest dit bestand.".into(),
        Some("md") => "Markdown: platte tekst met opmaaktekens, voor een website of nieuwsbrief.".into(),
        _ => "Platte tekst, om in een mail te plakken.".into(),
    };
    let h = format!(
        "{}<p><a href=\"/\">← Overzicht</a> · <a href=\"/{RUW}{}\">alleen de tekst</a></p>\n\
         <h1>{}</h1>\n<p>{uitleg}</p>\n<pre>{}</pre>\n",
        live_regel(stand),
        esc(rel),
        esc(rel),
        esc(&String::from_utf8_lossy(bytes))
    );
    pagina(rel, stand.versie, &h)
}

/// The session does not load: what is wrong, where, and how to fix it.
fn kapot(stand: &Stand, melding: &str, document: Option<&str>) -> String {
    let terug = match document {
        Some(d) => format!("daarna zie je {} weer", esc(d)),
        None => "daarna zie je de controle en de documenten weer".to_string(),
    };
    let h = format!(
        "{}<h1>{} is nu niet te gebruiken</h1>\n\
         <p>Los het probleem hieronder op en bewaar het bestand. Deze pagina ververst zichzelf; {terug}.</p>\n\
         <pre class=\"melding\">{}</pre>\n",
        live_regel(stand),
        esc(&stand.sessie_naam),
        esc(melding)
    );
    pagina(&format!("Probleem in {}", stand.sessie_naam), stand.versie, &h)
}

fn niet_gevonden(stand: &Stand) -> Antwoord {
    let h = format!(
        "{}<h1>Deze pagina bestaat niet</h1>\n<p>Kies een document in het <a href=\"/\">overzicht</a>.</p>\n",
        live_regel(stand)
    );
    Antwoord::html(404, pagina("Niet gevonden", stand.versie, &h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stand(inhoud: Inhoud) -> Stand {
        let bekend = match &inhoud {
            Inhoud::Goed(g) => g.bestanden.keys().cloned().collect(),
            Inhoud::Kapot(_) => ["agenda.html".to_string()].into(),
        };
        Stand {
            versie: 7,
            inhoud,
            bekend,
            sessie_naam: "zeist.toml".into(),
        }
    }

    fn goed() -> Goed {
        Goed {
            titel: "Bijeenkomst <Zeist>".into(),
            bevindingen: vec![],
            samenvatting: "In orde".into(),
            concept: false,
            bestanden: [
                ("agenda.html", "<html><body><p>agenda</p></body></html>"),
                ("agenda.md", "# agenda"),
                ("uitnodigingen/ingrid.txt", "Beste Ingrid <&>"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect(),
            namen: vec![("ingrid".to_string(), "Ingrid de Vries".to_string())],
        }
    }

    #[test]
    fn only_known_paths_answer() {
        let s = stand(Inhoud::Goed(goed()));
        for pad in [
            "/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2fetc%2fpasswd",
            "//etc/passwd",
            "/uitnodigingen/",
            "/uitnodigingen",
            "/_ruw/../agenda.md",
            "/%zz",
            "/%c3",
            "agenda.html",
        ] {
            assert_eq!(antwoord(&s, pad).status, 404, "{pad}");
        }
        assert_eq!(antwoord(&s, "/agenda.html").status, 200);
        assert_eq!(antwoord(&s, "/%61genda.html").status, 200);
    }

    #[test]
    fn documents_get_the_script_and_texts_are_escaped() {
        let s = stand(Inhoud::Goed(goed()));
        let doc = String::from_utf8(antwoord(&s, "/agenda.html").body).unwrap();
        assert!(doc.contains("<p>agenda</p><script src=\"/_bekijk/vernieuw.js\" data-versie=\"7\"></script>"));
        let txt = String::from_utf8(antwoord(&s, "/uitnodigingen/ingrid.txt").body).unwrap();
        assert!(txt.contains("Beste Ingrid &lt;&amp;&gt;"), "{txt}");
        let ruw = antwoord(&s, "/_ruw/uitnodigingen/ingrid.txt");
        assert_eq!(ruw.body, b"Beste Ingrid <&>");
        assert!(ruw.soort.starts_with("text/plain"));
        let start = String::from_utf8(antwoord(&s, "/").body).unwrap();
        assert!(start.contains("Bijeenkomst &lt;Zeist&gt;"));
        assert!(start.contains("<td>Ingrid de Vries</td>"), "{start}");
    }

    #[test]
    fn a_broken_session_shows_its_message_on_known_pages() {
        let s = stand(Inhoud::Kapot("fout: iets\n --> zeist.toml:3:1\n".into()));
        for pad in ["/", "/agenda.html"] {
            let a = antwoord(&s, pad);
            assert_eq!(a.status, 200);
            assert!(String::from_utf8(a.body).unwrap().contains("zeist.toml:3:1"));
        }
        assert_eq!(antwoord(&s, "/draaiboek.html").status, 404);
    }
}
