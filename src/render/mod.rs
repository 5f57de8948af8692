//! Turning a session into documents and terminal text.

pub mod catering;
pub mod context;
pub mod dag;
pub mod filters;
pub mod kaarten;
pub mod markdown;
pub mod templates;
pub mod terminal;

/// Short timing summary of a work format, e.g. "3 rondes × 3 min".
pub fn timing_kort(w: &crate::model::Werkvorm) -> String {
    let t = &w.timing;
    let mut parts = Vec::new();
    if let (Some(r), Some(m)) = (t.rondes, t.minuten_per_ronde) {
        parts.push(format!("{r} rondes × {m} min"));
    } else if let Some(r) = t.rondes {
        parts.push(format!("{r} rondes"));
    }
    if let Some(m) = t.minuten_per_persoon {
        parts.push(format!("{m} min per persoon"));
    }
    if let Some(m) = t.minuten_per_deelnemer {
        parts.push(format!("± {m} min per deelnemer"));
    }
    if let Some(m) = t.voorbereiding_minuten {
        parts.push(format!("{m} min voorbereiden"));
    }
    if let Some(m) = t.individueel_minuten {
        parts.push(format!("{m} min individueel"));
    }
    if let Some(m) = t.minuten_per_beroepsgroep {
        let q = t
            .vragen_minuten_per_beroepsgroep
            .map(|q| format!(" + een paar minuten vragen (ons advies: {q} min)"))
            .unwrap_or_default();
        parts.push(format!("{m} min per beroepsgroep{q}"));
    }
    if let Some(m) = t.plenair_minuten {
        parts.push(format!("{m} min plenair"));
    }
    parts.join(", ")
}
