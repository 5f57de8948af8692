//! Plain-text views for the terminal.

use crate::model::{Bouwsteen, Bron, CasusBehoefte, Werkvorm};

/// A titled bullet list, indented by `indent`; nothing when empty.
fn list(out: &mut String, indent: &str, title: &str, items: &[String]) {
    if !items.is_empty() {
        out.push_str(&format!("\n{indent}{title}:\n"));
        for i in items {
            out.push_str(&format!("{indent}  - {i}\n"));
        }
    }
}

/// A titled block of running text (kept as written, each line indented).
fn text(out: &mut String, indent: &str, title: &str, body: Option<&str>) {
    if let Some(body) = body.filter(|b| !b.trim().is_empty()) {
        out.push_str(&format!("\n{indent}{title}:\n"));
        for line in body.trim().lines() {
            let line = format!("{indent}  {line}");
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}

/// One block in full: everything a trekker needs to run it without the source
/// document — goals, materials, introduction, background, every part and work
/// format with preparation, steps, timing, questions and tips.
pub fn bouwsteen_volledig(b: &Bouwsteen) -> String {
    let mut out = format!("{}. {} [{}] — {}\n", b.nummer, b.titel, b.id, b.duur);
    if !b.samenvatting.is_empty() {
        out.push_str(&format!("\n{}\n", b.samenvatting));
    }
    list(&mut out, "", "Doelen", &b.doelen);
    list(
        &mut out,
        "",
        "Benodigdheden",
        &b.benodigdheden.iter().map(|m| m.wat.clone()).collect::<Vec<_>>(),
    );
    text(
        &mut out,
        "",
        "Introductie voor de gespreksleider",
        b.introductie.as_deref(),
    );
    text(&mut out, "", "Achtergrond", b.achtergrond.as_deref());
    list(&mut out, "", "Tips", &b.tips);
    for o in &b.onderdelen {
        out.push_str(&format!(
            "\nOnderdeel {}{}\n",
            o.titel,
            if o.optioneel { " (optioneel)" } else { "" }
        ));
        if !o.tekst.is_empty() {
            out.push_str(&format!("  {}\n", o.tekst));
        }
        list(&mut out, "  ", "Vragen", &o.vragen);
    }
    for w in &b.werkvormen {
        werkvorm(&mut out, w);
    }
    out
}

fn werkvorm(out: &mut String, w: &Werkvorm) {
    let mut marks = Vec::new();
    if let Some(o) = &w.onderdeel {
        marks.push(format!("onderdeel {o}"));
    }
    if w.opwarmer {
        marks.push("opwarmer".to_string());
    }
    if w.optioneel {
        marks.push("optioneel".to_string());
    }
    if w.bron != Bron::Draaiboek {
        marks.push(format!("extra, uit de {}", w.bron.omschrijving()));
    }
    let marks = match marks.is_empty() {
        true => String::new(),
        false => format!(" ({})", marks.join("; ")),
    };
    out.push_str(&format!("\nWerkvorm: {} [{}]{marks}\n", w.titel, w.id));
    if !w.samenvatting.is_empty() {
        out.push_str(&format!("  {}\n", w.samenvatting));
    }
    out.push_str(&format!("  Groepsvorm: {}\n", w.groepsvorm.omschrijving()));
    match w.casussen {
        CasusBehoefte::Geen => {}
        CasusBehoefte::PerGroep => out.push_str("  Casussen: elk groepje een eigen casuskaart\n"),
        CasusBehoefte::Een => out.push_str("  Casussen: één casus voor de hele groep\n"),
    }
    let t = crate::commands::timing_kort(w);
    if !t.is_empty() {
        out.push_str(&format!("  Tijd: {t}\n"));
    }
    if let Some(toelichting) = &w.timing.toelichting {
        out.push_str(&format!("  ({toelichting})\n"));
    }
    list(out, "  ", "Voorbereiding", &w.voorbereiding);
    if !w.stappen.is_empty() {
        out.push_str("\n  Stappen:\n");
        for (i, s) in w.stappen.iter().enumerate() {
            out.push_str(&format!("  {}. {s}\n", i + 1));
        }
    }
    list(out, "  ", "Vragen", &w.vragen);
    for blok in &w.vragenblokken {
        list(out, "  ", &blok.titel, &blok.vragen);
    }
    list(
        out,
        "  ",
        "Extra benodigdheden",
        &w.benodigdheden.iter().map(|m| m.wat.clone()).collect::<Vec<_>>(),
    );
    list(out, "  ", "Tips", &w.tips);
}
