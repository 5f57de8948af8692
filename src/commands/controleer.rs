//! `draaiboek controleer`: rules → findings, as text or JSON.

use std::path::Path;

use crate::check::{Rapport, controleer_plan};
use crate::cli::{Formaat, SessieArgs};
use crate::term::paint;
use crate::{Outcome, Result, nl};

/// The rules' findings, then (as text) where the meeting stands and what
/// to do next.
pub fn run(lib_dir: Option<&Path>, args: &SessieArgs, strikt: bool, formaat: Formaat) -> Result<Outcome> {
    let (lib, sessie) = super::load(lib_dir, &args.sessie)?;
    let plan = crate::plan::Planning::new(&sessie, &lib, 0);
    let vandaag = super::vandaag(args.vandaag);
    let rapport = controleer_plan(&plan, &lib, vandaag);
    match formaat {
        Formaat::Json => crate::outln!("{}", serde_json::to_string_pretty(&rapport).expect("report serialises")),
        Formaat::Tekst => {
            crate::out!(
                "{}",
                tekst(&rapport, &sessie, crate::shell::stdout_color(), crate::shell::breedte())
            );
            let stand = super::stand::tekst(
                &plan,
                vandaag,
                rapport.fouten() > 0,
                &crate::diag::shell_word(&sessie.pad),
            );
            crate::out!("\n{}", crate::term::omloop_tekst(&stand, crate::shell::breedte()));
        }
    }
    let uitkomst = outcome(&rapport, strikt);
    // The process ends right after this: freeing the library and the
    // session piece by piece would only cost time (a tenth of a run), the
    // system takes the memory back at once (rustc does the same).
    std::mem::forget(rapport);
    std::mem::forget(plan);
    std::mem::forget((lib, sessie));
    Ok(uitkomst)
}

pub fn outcome(r: &Rapport, strikt: bool) -> Outcome {
    if r.fouten() > 0 || (strikt && r.waarschuwingen() > 0) {
        Outcome::Findings
    } else {
        Outcome::Ok
    }
}

/// One paragraph per finding (severity first; errors before warnings),
/// wrapped at word boundaries to `breedte` columns with a hanging indent,
/// then a summary.
pub fn tekst(r: &Rapport, s: &crate::model::Sessie, color: bool, breedte: usize) -> String {
    let mut out = String::new();
    let mut bevindingen: Vec<_> = r.bevindingen.iter().collect();
    bevindingen.sort_by_key(|b| b.ernst != crate::check::Ernst::Fout);
    for b in bevindingen {
        let waar = b.bouwsteen.as_ref().map(|id| format!(" [{id}]")).unwrap_or_default();
        let plat = format!("{}[{}]{waar}: {}", b.ernst.as_str(), b.code, b.melding);
        let regels = crate::term::omloop(&plat, breedte, "", "    ");
        for (i, regel) in regels.iter().enumerate() {
            if i == 0 {
                let rest = &regel[b.ernst.as_str().len()..];
                out.push_str(&paint(color, b.ernst.as_str(), b.ernst.as_str()));
                out.push_str(rest);
            } else {
                out.push_str(regel);
            }
            out.push('\n');
        }
        // The spot in the session file, as in a diagnostic.
        if let Some(p) = &b.plek {
            out.push_str(&p.toon("    "));
            out.push('\n');
        }
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
    let samenvatting = format!(
        "{}: {} van de {} minuten ({} tot {}), {} deelnemers, uitnodigen uiterlijk {}; {fouten}, {waarsch}.",
        status_plat(r),
        r.totaal_minuten,
        r.max_minuten,
        nl::tijd(s.bijeenkomst.begintijd),
        nl::tijd(r.eindtijd),
        r.deelnemers,
        uiterst,
    );
    // Wrap the plain text, then put the (maybe coloured) status in front.
    let regels = crate::term::omloop(&samenvatting, breedte, "", "");
    for (i, regel) in regels.iter().enumerate() {
        if i == 0 {
            out.push_str(&status);
            out.push_str(&regel[status_plat(r).len()..]);
        } else {
            out.push_str(regel);
        }
        out.push('\n');
    }
    out
}

fn status_plat(r: &Rapport) -> &'static str {
    if r.fouten() > 0 {
        "Niet in orde"
    } else if r.waarschuwingen() > 0 {
        "In orde, met aandachtspunten"
    } else {
        "In orde"
    }
}
