//! Plain-text views for the terminal.

use crate::model::Bouwsteen;

/// One block in full: goal, materials, each work format with steps and timing.
pub fn bouwsteen_volledig(b: &Bouwsteen) -> String {
    let mut out = format!("{}. {} [{}] — {}\n", b.nummer, b.titel, b.id, b.duur);
    if !b.samenvatting.is_empty() {
        out.push_str(&format!("\n{}\n", b.samenvatting));
    }
    let list = |out: &mut String, title: &str, items: &[String]| {
        if !items.is_empty() {
            out.push_str(&format!("\n{title}:\n"));
            for i in items {
                out.push_str(&format!("  - {i}\n"));
            }
        }
    };
    list(&mut out, "Doelen", &b.doelen);
    list(
        &mut out,
        "Benodigdheden",
        &b.benodigdheden.iter().map(|m| m.wat.clone()).collect::<Vec<_>>(),
    );
    for o in &b.onderdelen {
        out.push_str(&format!(
            "\nOnderdeel {}{}\n",
            o.titel,
            if o.optioneel { " (optioneel)" } else { "" }
        ));
        if !o.tekst.is_empty() {
            out.push_str(&format!("  {}\n", o.tekst));
        }
    }
    for w in &b.werkvormen {
        out.push_str(&format!("\nWerkvorm: {} [{}]\n", w.titel, w.id));
        out.push_str(&format!("  Groepsvorm: {}\n", w.groepsvorm.omschrijving()));
        let t = crate::commands::timing_kort(w);
        if !t.is_empty() {
            out.push_str(&format!("  Tijd: {t}\n"));
        }
        for (i, s) in w.stappen.iter().enumerate() {
            out.push_str(&format!("  {}. {s}\n", i + 1));
        }
        list(&mut out, "  Vragen", &w.vragen);
    }
    out
}
