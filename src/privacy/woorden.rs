//! The word lists the scan knows, compiled in from `woorden/*.txt`: one
//! word (or a few words with spaces) per line, lower case, `#` for a note.
//! Knowledge lives in those files, not in the code.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Every list, parsed once.
pub(crate) struct Woorden {
    pub voornamen: HashSet<&'static str>,
    pub tussenvoegsels: HashSet<&'static str>,
    pub titels: HashSet<&'static str>,
    pub rollen: HashSet<&'static str>,
    pub straten: Vec<&'static str>,
    pub straatvoorwoorden: HashSet<&'static str>,
    pub maanden: HashSet<&'static str>,
    pub geboorte: HashSet<&'static str>,
    pub instellingen: Vec<&'static str>,
    pub organisaties: HashSet<&'static str>,
    pub gewoon: HashSet<&'static str>,
    pub grote_plaatsen: HashSet<&'static str>,
    pub eenheden: HashSet<&'static str>,
}

fn lijst(tekst: &'static str) -> impl Iterator<Item = &'static str> {
    tekst
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

pub(crate) fn woorden() -> &'static Woorden {
    static W: OnceLock<Woorden> = OnceLock::new();
    W.get_or_init(|| {
        // Longest ending first, so "dwarsstraat" wins over "straat".
        let mut straten: Vec<&str> = lijst(include_str!("woorden/straten.txt")).collect();
        straten.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        let mut instellingen: Vec<&str> = lijst(include_str!("woorden/instellingen.txt")).collect();
        instellingen.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        Woorden {
            voornamen: lijst(include_str!("woorden/voornamen.txt")).collect(),
            tussenvoegsels: lijst(include_str!("woorden/tussenvoegsels.txt")).collect(),
            titels: lijst(include_str!("woorden/titels.txt")).collect(),
            rollen: lijst(include_str!("woorden/rollen.txt")).collect(),
            straten,
            straatvoorwoorden: lijst(include_str!("woorden/straatvoorwoorden.txt")).collect(),
            maanden: lijst(include_str!("woorden/maanden.txt")).collect(),
            geboorte: lijst(include_str!("woorden/geboorte.txt")).collect(),
            instellingen,
            organisaties: lijst(include_str!("woorden/organisaties.txt")).collect(),
            gewoon: lijst(include_str!("woorden/gewone-woorden.txt")).collect(),
            grote_plaatsen: lijst(include_str!("woorden/grote-plaatsen.txt")).collect(),
            eenheden: lijst(include_str!("woorden/eenheden.txt")).collect(),
        }
    })
}

impl Woorden {
    pub fn voornaam(&self, w: &str) -> bool {
        self.voornamen.contains(w.to_lowercase().as_str())
    }
    pub fn tussenvoegsel(&self, w: &str) -> bool {
        self.tussenvoegsels.contains(w.to_lowercase().as_str())
    }
    pub fn titel(&self, w: &str) -> bool {
        self.titels.contains(w.to_lowercase().trim_end_matches('.'))
    }
    pub fn maand(&self, w: &str) -> bool {
        self.maanden.contains(w.to_lowercase().trim_end_matches('.'))
    }
    pub fn gewoon(&self, w: &str) -> bool {
        self.gewoon.contains(w.to_lowercase().as_str())
    }
    pub fn organisatie(&self, w: &str) -> bool {
        self.organisaties.contains(w.to_lowercase().as_str())
    }
    pub fn eenheid(&self, w: &str) -> bool {
        self.eenheden.contains(w.to_lowercase().as_str())
    }
    pub fn groot(&self, naam: &str) -> bool {
        self.grote_plaatsen.contains(naam.to_lowercase().as_str())
    }
    /// The kind of institution a word is or ends in ("huisartsenpraktijk" → "praktijk").
    pub fn instelling(&self, w: &str) -> Option<&'static str> {
        let lower = w.to_lowercase();
        self.instellingen.iter().copied().find(|s| lower.ends_with(s))
    }
    /// The street word itself, as the whole name: "Markt", "Singel", "Dam".
    pub fn straatwoord(&self, w: &str) -> bool {
        self.straten.contains(&w.to_lowercase().as_str())
    }
    /// A street name: ends in a street word and has something before it
    /// ("Vrouwenpolder", not "Polder").
    pub fn straat(&self, w: &str) -> bool {
        let lower = w.to_lowercase();
        self.straten
            .iter()
            .any(|s| lower.ends_with(s) && lower.chars().count() >= s.chars().count() + 2)
    }
}
