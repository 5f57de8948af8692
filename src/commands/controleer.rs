//! `draaiboek controleer`: rules → findings, as text or JSON.

use std::path::Path;

use crate::check::{Rapport, controleer};
use crate::cli::{Formaat, SessieArgs};
use crate::term::paint;
use crate::{Outcome, Result, nl};

pub fn run(lib_dir: Option<&Path>, args: &SessieArgs, strikt: bool, formaat: Formaat) -> Result<Outcome> {
    let (lib, sessie) = super::load(lib_dir, &args.sessie)?;
    let rapport = controleer(&sessie, &lib, super::vandaag(args.vandaag));
    match formaat {
        Formaat::Json => crate::outln!("{}", serde_json::to_string_pretty(&rapport).expect("report serialises")),
        Formaat::Tekst => crate::out!("{}", tekst(&rapport, &sessie, crate::term::stdout_color())),
    }
    Ok(outcome(&rapport, strikt))
}

pub fn outcome(r: &Rapport, strikt: bool) -> Outcome {
    if r.fouten() > 0 || (strikt && r.waarschuwingen() > 0) {
        Outcome::Findings
    } else {
        Outcome::Ok
    }
}

/// One line per finding (severity first), then a summary line.
pub fn tekst(r: &Rapport, s: &crate::model::Sessie, color: bool) -> String {
    let mut out = String::new();
    for b in &r.bevindingen {
        let ernst = paint(color, b.ernst.as_str(), b.ernst.as_str());
        let waar = b.bouwsteen.as_ref().map(|id| format!(" [{id}]")).unwrap_or_default();
        out.push_str(&format!("{ernst}[{}]{waar}: {}\n", b.code, b.melding));
    }
    if !r.bevindingen.is_empty() {
        out.push('\n');
    }
    let status = if r.fouten() > 0 {
        paint(color, "fout", "Niet in orde")
    } else if r.waarschuwingen() > 0 {
        paint(color, "waarschuwing", "In orde, met aandachtspunten")
    } else {
        paint(color, "ok", "In orde")
    };
    let fouten = match r.fouten() {
        1 => "1 fout".to_string(),
        n => format!("{n} fouten"),
    };
    let waarsch = match r.waarschuwingen() {
        1 => "1 waarschuwing".to_string(),
        n => format!("{n} waarschuwingen"),
    };
    let uiterst = chrono::NaiveDate::parse_from_str(&r.uiterste_uitnodigingsdatum, "%Y-%m-%d")
        .map(nl::datum_lang)
        .unwrap_or_default();
    out.push_str(&format!(
        "{status}: {} van de {} minuten ({} tot {}), {} deelnemers, uitnodigen uiterlijk {}; {fouten}, {waarsch}.\n",
        r.totaal_minuten,
        r.max_minuten,
        nl::tijd(s.bijeenkomst.begintijd),
        r.eindtijd,
        r.deelnemers,
        uiterst,
    ));
    out
}
