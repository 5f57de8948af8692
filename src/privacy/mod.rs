//! What in the trekker's own case texts could identify a family. Case cards
//! are printed and handed to colleagues from other organisations, so an own
//! case must not name or locate anyone.
//!
//! [`scan`] finds identifiers in one text: each a [`Vondst`] with its
//! [`Soort`] and byte span. Strong kinds (a full name, an address, a BSN, a
//! birth date, a phone number …) point at one person on their own; weak
//! kinds (a date, a small place, a named school or team) only together with
//! other details. The word lists are data, in `woorden/*.txt`.
//!
//! Each concept has its own file: [`namen`], [`adressen`], [`datums`],
//! [`nummers`] (BSN, phone, e-mail, file numbers, licence plates) and
//! [`plekken`] (small places and named institutions).

mod adressen;
pub mod casus;
mod datums;
mod namen;
mod nummers;
mod plekken;
mod tokens;
mod woorden;

use std::ops::Range;

use serde::Serialize;

/// What kind of identifier was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Soort {
    Naam,
    Adres,
    Postcode,
    Huisnummer,
    Bsn,
    Geboortedatum,
    Telefoon,
    Email,
    Dossiernummer,
    Kenteken,
    Datum,
    Plaats,
    Instelling,
}

impl Soort {
    pub const ALLE: &[Soort] = &[
        Soort::Naam,
        Soort::Adres,
        Soort::Postcode,
        Soort::Huisnummer,
        Soort::Bsn,
        Soort::Geboortedatum,
        Soort::Telefoon,
        Soort::Email,
        Soort::Dossiernummer,
        Soort::Kenteken,
        Soort::Datum,
        Soort::Plaats,
        Soort::Instelling,
    ];

    /// The id in test fixtures and JSON: "naam", "adres", …
    pub fn id(self) -> &'static str {
        match self {
            Soort::Naam => "naam",
            Soort::Adres => "adres",
            Soort::Postcode => "postcode",
            Soort::Huisnummer => "huisnummer",
            Soort::Bsn => "bsn",
            Soort::Geboortedatum => "geboortedatum",
            Soort::Telefoon => "telefoon",
            Soort::Email => "email",
            Soort::Dossiernummer => "dossiernummer",
            Soort::Kenteken => "kenteken",
            Soort::Datum => "datum",
            Soort::Plaats => "plaats",
            Soort::Instelling => "instelling",
        }
    }

    pub fn from_id(id: &str) -> Option<Soort> {
        Soort::ALLE.iter().copied().find(|s| s.id() == id)
    }

    /// Points at one person or household on its own.
    pub fn sterk(self) -> bool {
        !matches!(self, Soort::Datum | Soort::Plaats | Soort::Instelling)
    }

    /// What it is, in a Dutch phrase: "een volledige naam".
    pub fn omschrijving(self) -> &'static str {
        match self {
            Soort::Naam => "een achternaam",
            Soort::Adres => "een adres",
            Soort::Postcode => "een postcode",
            Soort::Huisnummer => "een huisnummer",
            Soort::Bsn => "een BSN",
            Soort::Geboortedatum => "een geboortedatum",
            Soort::Telefoon => "een telefoonnummer",
            Soort::Email => "een e-mailadres",
            Soort::Dossiernummer => "een cliënt- of dossiernummer",
            Soort::Kenteken => "een kenteken",
            Soort::Datum => "een datum",
            Soort::Plaats => "een plaatsnaam",
            Soort::Instelling => "een instelling met naam",
        }
    }

    /// How to write it without: what a trekker can put instead.
    pub fn advies(self) -> &'static str {
        match self {
            Soort::Naam => "noem alleen een (verzonnen) voornaam, of de rol: \"de moeder\", \"de huisarts\"",
            Soort::Adres | Soort::Huisnummer => {
                "beschrijf de woonplek zonder straat en nummer, bijvoorbeeld \"in een flat in de wijk\""
            }
            Soort::Postcode => "laat de postcode weg; \"in de wijk\" zegt genoeg",
            Soort::Bsn => "laat het BSN weg: niemand aan tafel heeft het nodig",
            Soort::Geboortedatum => {
                "noem een leeftijd of termijn in plaats van de datum: \"een baby van zes weken\", \"30 weken zwanger\""
            }
            Soort::Telefoon => "laat het telefoonnummer weg",
            Soort::Email => "laat het e-mailadres weg",
            Soort::Dossiernummer => "laat het nummer weg; het zegt aan tafel niemand iets",
            Soort::Kenteken => "laat het kenteken weg; \"een oude auto\" zegt genoeg",
            Soort::Datum => "noem het moment zonder datum: \"bij de intake\", \"in de winter\", \"twee weken later\"",
            Soort::Plaats => "noem de plaats niet: \"in een dorp in de regio\" is genoeg",
            Soort::Instelling => {
                "noem de soort in plaats van de naam: \"de basisschool\", \"de praktijk\", \"het wijkteam\""
            }
        }
    }
}

/// One identifier in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vondst {
    pub soort: Soort,
    /// Byte offsets in the scanned text.
    pub span: Range<usize>,
    /// The text without it, when the scan can write that itself
    /// ("Dewi (19)" for "Dewi de Haan (19)"): (instead of, write).
    pub herschreven: Option<(String, String)>,
}

impl Vondst {
    pub(crate) fn new(soort: Soort, span: Range<usize>) -> Self {
        Vondst {
            soort,
            span,
            herschreven: None,
        }
    }

    /// The identifier as it stands in `text`.
    pub fn tekst<'a>(&self, text: &'a str) -> &'a str {
        &text[self.span.clone()]
    }
}

/// Every identifier in `text`, in text order; where two overlap, the
/// stronger (then the longer) one stays.
pub fn scan(text: &str) -> Vec<Vondst> {
    let toks = tokens::tokens(text);
    let w = woorden::woorden();
    let mut alle = Vec::new();
    nummers::zoek(text, &toks, w, &mut alle);
    datums::zoek(text, &toks, w, &mut alle);
    adressen::zoek(text, &toks, w, &mut alle);
    namen::zoek(text, &toks, w, &mut alle);
    plekken::zoek(text, &toks, w, &mut alle);
    alle.sort_by_key(|v: &Vondst| (!v.soort.sterk(), std::cmp::Reverse(v.span.len()), v.span.start));
    let mut out: Vec<Vondst> = Vec::new();
    for v in alle {
        if !out
            .iter()
            .any(|o| o.span.start < v.span.end && v.span.start < o.span.end)
        {
            out.push(v);
        }
    }
    out.sort_by_key(|v| v.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn soorten(text: &str) -> Vec<(Soort, String)> {
        scan(text)
            .iter()
            .map(|v| (v.soort, v.tekst(text).to_string()))
            .collect()
    }

    #[test]
    fn the_case_from_the_issue() {
        let t = "Dewi de Haan (19) is 30 weken zwanger en woont in de flat aan de Vrouwenpolder 23 in \
                 Heechterp-Schieringen. Bij de kraamintake op 12 januari zegt Dewi dat het goed gaat.";
        let s = soorten(t);
        assert!(s.contains(&(Soort::Naam, "Dewi de Haan".into())), "{s:?}");
        assert!(s.contains(&(Soort::Adres, "Vrouwenpolder 23".into())), "{s:?}");
        assert!(s.contains(&(Soort::Plaats, "Heechterp-Schieringen".into())), "{s:?}");
        assert!(s.contains(&(Soort::Datum, "12 januari".into())), "{s:?}");
        assert_eq!(s.len(), 4, "{s:?}");
        let naam = &scan(t)[0];
        assert_eq!(naam.herschreven, Some(("Dewi de Haan (19)".into(), "Dewi (19)".into())));
    }

    #[test]
    fn finds_each_kind() {
        let t = "Moeder, geboren 12-04-1995, woont Dorpsstraat 12b, 3512 AB. BSN 123456782, \
                 bel 06-12345678 of mail a.b@voorbeeld.nl. Dossier CL-20931, auto 12-ABC-3.";
        let s: Vec<Soort> = scan(t).iter().map(|v| v.soort).collect();
        for k in [
            Soort::Geboortedatum,
            Soort::Adres,
            Soort::Postcode,
            Soort::Bsn,
            Soort::Telefoon,
            Soort::Email,
            Soort::Dossiernummer,
            Soort::Kenteken,
        ] {
            assert!(s.contains(&k), "{k:?} ontbreekt in {s:?}");
        }
    }

    #[test]
    fn plain_case_text_is_clean() {
        assert!(scan("Naomi (26) komt met haar zoontje van 14 maanden op het consultatiebureau.").is_empty());
        assert!(scan("Selma is 22 jaar en zwanger. Op het spreekuur zegt ze dat het goed gaat.").is_empty());
    }
}
