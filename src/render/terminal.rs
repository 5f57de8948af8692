//! Plain-text views for the terminal: the timed agenda and one building block
//! in full. Alignment counts `char`s, which is right for Dutch titles (no
//! double-width characters), so no width crate is needed.

use crate::limits::MAX_MINUTEN;
use crate::model::{Benodigdheid, Bouwsteen, CasusBehoefte, Per, Werkvorm};
use crate::{nl, plan};

/// Pad `s` with spaces to `width` characters.
fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

/// The timed agenda at the terminal's width (80 when not a terminal).
pub fn agenda(plan: &plan::Planning) -> String {
    agenda_op_breedte(plan, crate::shell::breedte())
}

/// The timed agenda: one row per block (time range, title, work format,
/// minutes), informal lunch and borrel apart, then the total against 120.
/// When the row is wider than `breedte`, the title and work-format columns
/// wrap at word boundaries within their column.
pub fn agenda_op_breedte(plan: &plan::Planning, breedte: usize) -> String {
    let s = plan.sessie;
    let t = &plan.tijden;
    let b = &s.bijeenkomst;
    let bereik = |a, z| format!("{}–{}", nl::tijd(a), nl::tijd(z));
    // (time, title, work format, minutes)
    let mut rijen: Vec<(String, String, String, u32)> = Vec::new();
    for slot in t.slots.iter().filter(|slot| !slot.voor_begin) {
        let p = &s.programma[slot.index];
        let werkvorm = p
            .werkvormen
            .iter()
            .map(|w| w.titel.as_str())
            .collect::<Vec<_>>()
            .join(" + ");
        rijen.push((
            bereik(slot.begin, slot.eind),
            p.bouwsteen.titel.clone(),
            werkvorm,
            slot.minuten,
        ));
    }
    // Before the start: the inloop, or the lunch that is the inloop.
    let inloop_titel = match (t.lunch, t.slots.iter().find(|slot| slot.voor_begin)) {
        (Some(_), _) => "Inloop met lunch".to_string(),
        (None, Some(slot)) => s.programma[slot.index].bouwsteen.titel.clone(),
        (None, None) => String::new(),
    };
    let lunch = t
        .inloop
        .map(|l| (bereik(l.begin, l.eind), inloop_titel, String::new(), l.minuten));
    let borrel = t
        .borrel
        .map(|l| (bereik(l.begin, l.eind), "Borrel".to_string(), String::new(), l.minuten));
    let alle: Vec<&(String, String, String, u32)> = lunch.iter().chain(&rijen).chain(borrel.iter()).collect();
    let w_tijd = alle.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let mut w_titel = alle.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    let mut w_vorm = alle.iter().map(|r| r.2.chars().count()).max().unwrap_or(0);
    // "  tijd  titel  vorm  nnn min"
    let vast = 2 + w_tijd + 2 + 2 + 2 + 7;
    let ruimte = breedte.saturating_sub(vast).max(24);
    if w_titel + w_vorm > ruimte {
        // Wrap one column when the other can keep its width, else both.
        if ruimte.saturating_sub(w_vorm) >= 16 {
            w_titel = ruimte - w_vorm;
        } else if ruimte.saturating_sub(w_titel) >= 16 {
            w_vorm = ruimte - w_titel;
        } else {
            w_titel = ruimte / 2;
            w_vorm = ruimte - w_titel;
        }
    }
    let regel = |r: &(String, String, String, u32)| {
        // A row without a work format lends that column to its title.
        let eigen = if r.2.is_empty() { w_titel + 2 + w_vorm } else { w_titel };
        let titel = crate::term::omloop(&r.1, eigen, "", "");
        let vorm = crate::term::omloop(&r.2, w_vorm, "", "");
        let mut out = String::new();
        for i in 0..titel.len().max(vorm.len()) {
            let (tijd, minuten) = if i == 0 {
                (r.0.as_str(), format!("{:>3} min", r.3))
            } else {
                ("", String::new())
            };
            let midden = if r.2.is_empty() {
                pad(titel.get(i).map_or("", String::as_str), eigen)
            } else {
                format!(
                    "{}  {}",
                    pad(titel.get(i).map_or("", String::as_str), w_titel),
                    pad(vorm.get(i).map_or("", String::as_str), w_vorm)
                )
            };
            let line = format!("  {}  {midden}  {minuten}", pad(tijd, w_tijd));
            // No trailing spaces when the work-format column is empty.
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    };

    let mut out = String::new();
    for l in [b.titel.clone(), format!("{}, {}", nl::datum_lang(b.datum), b.locatie)] {
        for r in crate::term::omloop(&l, breedte, "", "") {
            out.push_str(&r);
            out.push('\n');
        }
    }
    if let Some(l) = &lunch {
        out.push_str("\nVooraf (informeel, buiten de twee uur):\n");
        out.push_str(&regel(l));
    }
    out.push_str("\nProgramma:\n");
    if rijen.is_empty() {
        out.push_str("  (nog geen bouwstenen; voeg er een toe met `draaiboek voeg-toe`)\n");
    }
    for r in &rijen {
        out.push_str(&regel(r));
    }
    if let Some(l) = &borrel {
        out.push_str("\nNa afloop (informeel, buiten de twee uur):\n");
        out.push_str(&regel(l));
    }
    out.push('\n');
    for l in totaal_regel(t.totaal, t.begin, t.eind, &s.pad).lines() {
        for r in crate::term::omloop(l, breedte, "", "") {
            out.push_str(&r);
            out.push('\n');
        }
    }
    out
}

/// "Totaal: 110 van de 120 minuten (nog 10 minuten ruimte)." plus the clock times.
pub fn totaal_regel(
    totaal: u32,
    begin: chrono::NaiveTime,
    eind: chrono::NaiveTime,
    sessie: &std::path::Path,
) -> String {
    let staart = match totaal.cmp(&MAX_MINUTEN) {
        std::cmp::Ordering::Less => format!("nog {} minuten ruimte", MAX_MINUTEN - totaal),
        std::cmp::Ordering::Equal => "precies vol".to_string(),
        std::cmp::Ordering::Greater => format!(
            "{} minuten te lang: kort een bouwsteen in of haal er een weg; `draaiboek controleer {}` geeft voorstellen",
            totaal - MAX_MINUTEN,
            crate::diag::shell_word(sessie)
        ),
    };
    format!(
        "Totaal: {totaal} van de {MAX_MINUTEN} minuten ({staart}).\nBegin {}, eindtijd {}.\n",
        nl::tijd(begin),
        nl::tijd(eind)
    )
}

fn lijst(out: &mut String, inspring: &str, titel: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push_str(&format!("\n{inspring}{titel}:\n"));
    for i in items {
        out.push_str(&format!("{inspring}  - {i}\n"));
    }
}

fn benodigdheid(m: &Benodigdheid) -> String {
    match m.per {
        Some(Per::Deelnemer) => format!("{} (per deelnemer)", m.wat),
        Some(Per::Groep) => format!("{} (per groepje)", m.wat),
        Some(Per::Bijeenkomst) if m.aantal > 1 => format!("{} ({}×)", m.wat, m.aantal),
        _ => m.wat.clone(),
    }
}

fn tekstblok(out: &mut String, inspring: &str, titel: &str, tekst: &Option<String>) {
    if let Some(t) = tekst.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        out.push_str(&format!("\n{inspring}{titel}:\n"));
        for line in t.lines() {
            out.push_str(&format!("{inspring}  {line}\n"));
        }
    }
}

fn werkvorm(out: &mut String, w: &Werkvorm, b: &Bouwsteen) {
    let mut kenmerken = Vec::new();
    if let Some(o) = &w.onderdeel {
        let titel = b
            .onderdelen
            .iter()
            .find(|x| &x.id == o)
            .map_or(o.as_str(), |x| x.titel.as_str());
        kenmerken.push(format!("onderdeel {titel}"));
    }
    if w.opwarmer {
        kenmerken.push("opwarmer".into());
    }
    if w.optioneel {
        kenmerken.push("optioneel".into());
    }
    let kenmerken = if kenmerken.is_empty() {
        String::new()
    } else {
        format!(" ({})", kenmerken.join(", "))
    };
    out.push_str(&format!("\n── Werkvorm: {} [{}]{kenmerken}\n", w.titel, w.id));
    if !w.samenvatting.trim().is_empty() {
        out.push_str(&format!("   {}\n", w.samenvatting.trim()));
    }
    out.push_str(&format!("   Groepsvorm: {}\n", w.groepsvorm.omschrijving()));
    let t = super::timing_kort(w);
    if !t.is_empty() {
        out.push_str(&format!("   Tijd: {t}\n"));
    }
    if let Some(x) = &w.timing.toelichting {
        out.push_str(&format!("   {x}\n"));
    }
    match w.casussen {
        CasusBehoefte::PerGroep => out.push_str("   Casussen: elk groepje een eigen casuskaart (casussen = [...])\n"),
        CasusBehoefte::Een => out.push_str("   Casus: één casus voor de hele groep (casus = \"...\")\n"),
        CasusBehoefte::Geen => {}
    }
    if w.bron != crate::model::Bron::Draaiboek {
        out.push_str(&format!("   Bron: {}\n", w.bron.omschrijving()));
    }
    lijst(out, "   ", "Voorbereiding", &w.voorbereiding);
    if !w.stappen.is_empty() {
        out.push_str("\n   Stappen:\n");
        for (i, s) in w.stappen.iter().enumerate() {
            out.push_str(&format!("     {}. {s}\n", i + 1));
        }
    }
    lijst(out, "   ", "Vragen", &w.vragen);
    for blok in &w.vragenblokken {
        lijst(out, "   ", &blok.titel, &blok.vragen);
    }
    lijst(
        out,
        "   ",
        "Benodigdheden",
        &w.benodigdheden.iter().map(benodigdheid).collect::<Vec<_>>(),
    );
    lijst(out, "   ", "Tips", &w.tips);
}

/// One block in full, so the trekker can choose without the PDF: goal,
/// materials, introduction, parts, and every work format with group form,
/// timing, steps, questions, preparation and tips.
/// A block in full; `sessie` (when given) is the file the "add it" command names.
pub fn bouwsteen_volledig(b: &Bouwsteen, sessie: Option<&std::path::Path>) -> String {
    let bestand = sessie.map_or_else(|| "SESSIE.toml".to_string(), crate::diag::shell_word);
    let mut out = format!("{}. {} [{}] — {}\n", b.nummer, b.titel, b.id, b.duur);
    if !b.samenvatting.trim().is_empty() {
        out.push_str(&format!("\n{}\n", b.samenvatting.trim()));
    }
    lijst(&mut out, "", "Doelen", &b.doelen);
    lijst(
        &mut out,
        "",
        "Benodigdheden",
        &b.benodigdheden.iter().map(benodigdheid).collect::<Vec<_>>(),
    );
    tekstblok(&mut out, "", "Introductie voor de gespreksleider", &b.introductie);
    tekstblok(&mut out, "", "Achtergrond", &b.achtergrond);
    for o in &b.onderdelen {
        out.push_str(&format!(
            "\nOnderdeel {}{}\n",
            o.titel,
            if o.optioneel { " (optioneel)" } else { "" }
        ));
        if !o.tekst.trim().is_empty() {
            out.push_str(&format!("  {}\n", o.tekst.trim()));
        }
        lijst(&mut out, "  ", "Vragen", &o.vragen);
    }
    for w in &b.werkvormen {
        werkvorm(&mut out, w, b);
    }
    lijst(&mut out, "", "Tips", &b.tips);
    if !b.werkvormen.is_empty() {
        let eerste = &b
            .werkvormen
            .iter()
            .find(|w| !w.optioneel && !w.opwarmer)
            .unwrap_or(&b.werkvormen[0])
            .id;
        out.push_str(&format!(
            "\nToevoegen aan je programma:\n  draaiboek voeg-toe {bestand} {} --werkvorm {eerste}\n",
            b.id
        ));
    } else {
        out.push_str(&format!(
            "\nToevoegen aan je programma:\n  draaiboek voeg-toe {bestand} {}\n",
            b.id
        ));
    }
    out
}
