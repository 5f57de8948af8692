//! `draaiboek groepen`: the group plan of every work format that splits the
//! room, in the terminal, as text or JSON.

use std::path::Path;

use serde::Serialize;

use crate::cli::{Formaat, SessieArgs};
use crate::groups::{self, GroepsPlan, Lid, Menging};
use crate::model::Groepsvorm;
use crate::plan::Planning;
use crate::term::paint;
use crate::{Outcome, Result, nl};

pub fn run(lib_dir: Option<&Path>, args: &SessieArgs, zaad: Option<u64>, formaat: Formaat) -> Result<Outcome> {
    let (lib, sessie) = super::load(lib_dir, &args.sessie)?;
    let zaad = zaad.unwrap_or(0);
    let plan = Planning::new(&sessie, &lib, zaad);
    match formaat {
        Formaat::Json => crate::outln!("{}", json(&plan)),
        Formaat::Tekst => crate::out!(
            "{}",
            crate::term::omloop_tekst(
                &tekst(&plan, zaad, crate::shell::stdout_color()),
                crate::shell::breedte()
            )
        ),
    }
    Ok(Outcome::Ok)
}

/// One plan in the JSON output. Without a participant list `groepen` is
/// empty and `groottes` says how many groups of which size to make.
#[derive(Serialize)]
struct PlanJson<'a> {
    bouwsteen: &'a str,
    werkvorm: &'a str,
    titel: &'a str,
    groepsvorm: Groepsvorm,
    begin: String,
    eind: String,
    deelnemers: u32,
    groottes: &'a [u32],
    groepen: Vec<Vec<&'a str>>,
}

pub fn json(plan: &Planning) -> String {
    let tijden = &plan.tijden;
    let items: Vec<PlanJson> = plan
        .plannen()
        .iter()
        .map(|p| {
            let slot = &tijden.slots[p.index];
            PlanJson {
                bouwsteen: &p.bouwsteen,
                werkvorm: &p.werkvorm,
                titel: &p.werkvorm_titel,
                groepsvorm: p.groepsvorm,
                begin: nl::tijd(slot.begin),
                eind: nl::tijd(slot.eind),
                deelnemers: p.deelnemers,
                groottes: &p.groottes,
                groepen: p
                    .groepen
                    .iter()
                    .map(|g| g.leden.iter().map(|l| l.naam.as_str()).collect())
                    .collect(),
            }
        })
        .collect();
    serde_json::to_string_pretty(&items).expect("group plans serialise")
}

pub fn tekst(plan: &Planning, zaad: u64, color: bool) -> String {
    let sessie = plan.sessie;
    let plannen = plan.plannen();
    let mut out = String::new();
    out.push_str(&paint(
        color,
        "vet",
        &format!(
            "Groepsindeling: {}, {}",
            sessie.bijeenkomst.titel,
            nl::datum_lang(sessie.bijeenkomst.datum)
        ),
    ));
    out.push('\n');
    if plannen.is_empty() {
        out.push_str("\nGeen werkvorm in het programma deelt de groep op: er is geen groepsindeling nodig.\n");
        return out;
    }
    let tijden = &plan.tijden;
    for (k, p) in plannen.iter().enumerate() {
        let slot = &tijden.slots[p.index];
        out.push('\n');
        let kop = format!(
            "{}–{}  {} ({})",
            nl::tijd(slot.begin),
            nl::tijd(slot.eind),
            p.werkvorm_titel,
            p.bouwsteen_titel
        );
        out.push_str(&paint(color, "vet", &kop));
        out.push('\n');
        out.push_str(&format!(
            "{} · {}\n",
            hoofdletter(p.groepsvorm.omschrijving()),
            aantallen(p)
        ));
        if p.groepen.is_empty() {
            out.push_str(&format!("  {}\n", zonder_lijst(p)));
            continue;
        }
        let breedte = format!("Groep {}:", p.groepen.len()).chars().count();
        let keyed = matches!(p.groepsvorm, Groepsvorm::PerBeroep | Groepsvorm::PerOrganisatie);
        for (i, g) in p.groepen.iter().enumerate() {
            let label = format!("Groep {}:", i + 1);
            for (j, lid) in g.leden.iter().enumerate() {
                let links = if j == 0 { label.as_str() } else { "" };
                let alleen = if keyed && g.leden.len() == 1 {
                    " — werkt alleen"
                } else {
                    ""
                };
                out.push_str(&format!("  {links:<breedte$} {}{alleen}\n", persoon(lid)));
            }
        }
        if let Some(m) = &p.menging
            && matches!(
                p.groepsvorm,
                Groepsvorm::Tweetallen | Groepsvorm::Drietallen | Groepsvorm::Gemengd
            )
        {
            let eerder = plannen[..k].iter().any(|x| !x.groepen.is_empty());
            let zonder = p
                .groepen
                .iter()
                .flat_map(|g| &g.leden)
                .filter(|l| l.domein.is_none())
                .count();
            for (i, regel) in menging(m, p.groepen.len(), eerder, zonder).iter().enumerate() {
                let links = if i == 0 { "Menging:" } else { "" };
                out.push_str(&paint(color, "grijs", &format!("  {links:<breedte$} {regel}")));
                out.push('\n');
            }
        }
    }
    out.push_str(&format!(
        "\nEen andere indeling, even goed gemengd: draaiboek groepen {} --zaad {}\n",
        sessie
            .pad
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
        zaad.wrapping_add(1)
    ));
    out
}

fn hoofdletter(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// "16 deelnemers: 4 groepjes van 4", or for professions and organisations
/// "16 deelnemers in 12 groepjes (9 werken alleen)".
fn aantallen(p: &GroepsPlan) -> String {
    let keyed = matches!(p.groepsvorm, Groepsvorm::PerBeroep | Groepsvorm::PerOrganisatie);
    if !keyed || p.groepen.is_empty() {
        return groups::omschrijving(p.deelnemers, &p.groottes);
    }
    let alleen = p.groottes.iter().filter(|&&s| s == 1).count();
    let groepjes = match p.groepen.len() {
        1 => "1 groepje".to_string(),
        n => format!("{n} groepjes"),
    };
    let extra = match alleen {
        0 => String::new(),
        1 => " (1 werkt alleen)".to_string(),
        n => format!(" ({n} werken alleen)"),
    };
    format!("{} in {groepjes}{extra}", groups::omschrijving(p.deelnemers, &[]))
}

fn zonder_lijst(p: &GroepsPlan) -> String {
    if p.deelnemers == 0 {
        return "Nog geen deelnemers bekend: zet `verwacht_aantal` onder [bijeenkomst] of voeg de deelnemers toe."
            .into();
    }
    match p.groepsvorm {
        Groepsvorm::PerBeroep => "Hoeveel groepjes het worden, hangt af van de beroepen: zet de deelnemers met hun `functie` in het sessiebestand.".into(),
        Groepsvorm::PerOrganisatie => "Hoeveel groepjes het worden, hangt af van de organisaties: zet de deelnemers met hun `organisatie` in het sessiebestand.".into(),
        _ => "Nog geen deelnemerslijst: wie bij wie zit, volgt zodra de deelnemers in het sessiebestand staan.".into(),
    }
}

/// "Ingrid de Vries (verloskundige, De Wieg)"; no empty brackets.
fn persoon(l: &Lid) -> String {
    let extra: Vec<&str> = [l.functie.as_deref(), l.organisatie.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect();
    if extra.is_empty() {
        l.naam.clone()
    } else {
        format!("{} ({})", l.naam, extra.join(", "))
    }
}

/// One line per aspect: domains, colleagues, earlier pairs.
fn menging(m: &Menging, groepjes: usize, eerder: bool, zonder_domein: usize) -> Vec<String> {
    let mut delen = Vec::new();
    if m.domeinen_aanwezig > 1 && groepjes > 0 {
        let gemiddeld = m.domeinen_totaal as f64 / groepjes as f64;
        let gem = format!("{gemiddeld:.1}").replace('.', ",");
        delen.push(format!(
            "gemiddeld {gem} van de {} domeinen per groepje ({} van de {groepjes} zo gemengd als het kan)",
            m.domeinen_aanwezig, m.groepjes_volledig_gemengd
        ));
    }
    if zonder_domein > 0 {
        delen.push(format!(
            "{zonder_domein} {} zonder domein, niet meegeteld in de menging (zie `draaiboek controleer`)",
            if zonder_domein == 1 { "deelnemer" } else { "deelnemers" }
        ));
    }
    delen.push(match m.collegaparen {
        0 => "geen collega's van dezelfde organisatie bij elkaar".into(),
        1 => "1 keer twee collega's van dezelfde organisatie bij elkaar".into(),
        n => format!("{n} keer twee collega's van dezelfde organisatie bij elkaar"),
    });
    if eerder {
        delen.push(match m.herhaalparen {
            0 => "niemand zit opnieuw bij iemand uit een eerder groepje".into(),
            1 => "1 tweetal zat eerder al samen".into(),
            n => format!("{n} tweetallen zaten eerder al samen"),
        });
    }
    delen
}
