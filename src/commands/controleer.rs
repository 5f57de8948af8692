//! `draaiboek controleer`: rules → findings, as text or JSON.

use std::path::Path;

use crate::check::{Rapport, controleer_met};
use crate::cli::{Formaat, SessieArgs};
use crate::term::paint;
use crate::{Outcome, Result, nl};

/// `uit`: the output folder whose record of earlier invitations the rule
/// `versie-ophogen` reads (default: where `maak` writes).
pub fn run(
    lib_dir: Option<&Path>,
    args: &SessieArgs,
    strikt: bool,
    formaat: Formaat,
    uit: Option<&Path>,
) -> Result<Outcome> {
    let (lib, sessie) = super::load(lib_dir, &args.sessie)?;
    let plan = crate::plan::Planning::new(&sessie, &lib, 0);
    let dir = uit.map_or_else(|| super::maak::standaard_map(&args.sessie), Path::to_path_buf);
    let vorige = crate::export::verzonden::Verzonden::lees(&dir);
    let rapport = controleer_met(&plan, &lib, super::vandaag(args.vandaag), vorige.as_ref());
    match formaat {
        Formaat::Json => println!("{}", serde_json::to_string_pretty(&rapport).expect("report serialises")),
        Formaat::Tekst => print!("{}", tekst(&rapport, &sessie, crate::term::stdout_color())),
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
    let uiterst = nl::datum_lang(r.uiterste_uitnodigingsdatum);
    out.push_str(&format!(
        "{status}: {} van de {} minuten ({} tot {}), {} deelnemers, uitnodigen uiterlijk {}; {fouten}, {waarsch}.\n",
        r.totaal_minuten,
        r.max_minuten,
        nl::tijd(s.bijeenkomst.begintijd),
        nl::tijd(r.eindtijd),
        r.deelnemers,
        uiterst,
    ));
    out
}
