//! Reading `[[verstuurd]]`: what `draaiboek verstuurd` recorded in the
//! session file (see `levensloop`). It decides who gets which mail, so it
//! is read strictly: a damaged table, a version the session never reached,
//! or a key this draaiboek does not know (a newer draaiboek wrote it) stops
//! the run with the line shown.

use crate::levensloop::{Feiten, Geadresseerde, MAX_VERSIE, Zending};
use crate::model::SessieStatus;
use crate::reader::Table;

const SLEUTELS: &[&str] = &[
    "versie",
    "op",
    "datum",
    "begin",
    "eind",
    "plaats",
    "status",
    "kalender",
    "verwijderd",
    "aan",
];

/// Say so when a key is unknown: most likely a newer draaiboek wrote it.
fn nieuwer(t: &Table, sleutels: &[&str], waar: &str) {
    for (key, span) in t.keys_with_spans() {
        if !sleutels.contains(&key.as_str()) {
            t.cx.error(
                Some(span),
                format!("onbekende sleutel `{key}` in {waar}"),
            )
            .label("kent deze draaiboek niet")
            .help(format!(
                "{waar} schrijft draaiboek zelf (`draaiboek verstuurd`). Staat deze sleutel er niet met de hand, dan schreef een nieuwere versie van draaiboek hem: werk draaiboek bij. Toegestaan: {}",
                sleutels.join(", ")
            ))
            .emit();
        }
    }
}

pub(super) fn read_zending(t: &Table) -> Option<Zending> {
    nieuwer(t, SLEUTELS, "[[verstuurd]]");
    let versie = t.req_uint("versie", 0..=i64::from(MAX_VERSIE));
    let op = t.req_date("op");
    let datum = t.req_date("datum");
    let begin = t.req_time("begin");
    let eind = t.req_time("eind");
    let plaats = t.req_line("plaats");
    let status = t.choice("status", &["gepland", "geannuleerd"]).map(|s| match s {
        "geannuleerd" => SessieStatus::Geannuleerd,
        _ => SessieStatus::Gepland,
    });
    if !t.has("status") {
        t.cx.error(Some(t.span.clone()), "`status` ontbreekt in [[verstuurd]]")
            .label("hier")
            .help("schrijf status = \"gepland\" of \"geannuleerd\": wat de verstuurde berichten zeiden")
            .emit();
    }
    let kalender = t.req_line("kalender").and_then(|k| {
        let k = k.trim().to_ascii_lowercase();
        if k.len() == 32 && k.bytes().all(|b| b.is_ascii_hexdigit()) {
            Some(k)
        } else {
            t.cx.error(t.span_of("kalender"), format!("`kalender` = \"{k}\" is geen agenda-id"))
                .label("verwacht 32 hexadecimale tekens")
                .help("draaiboek schrijft deze waarde zelf; zet de regel terug zoals `draaiboek verstuurd` hem schreef")
                .emit();
            None
        }
    });
    let verwijderd = t.bool("verwijderd").unwrap_or(false);
    let mut aan = Vec::new();
    let mut ok = true;
    for (i, v) in t.items("aan").into_iter().enumerate() {
        let waar = format!("ontvanger nr. {} in [[verstuurd]]", i + 1);
        let Some(g) = Table::from_value(t.cx, v, waar.clone()) else {
            ok = false;
            continue;
        };
        nieuwer(&g, &["naam", "email", "id"], &waar);
        let naam = g.req_line("naam");
        let email = g.line("email").map(|e| e.trim().to_string()).filter(|e| !e.is_empty());
        let id = g
            .line("id")
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty())
            .or_else(|| email.as_ref().map(|e| e.to_lowercase()));
        let (Some(naam), Some(id)) = (naam, id) else {
            if g.has("naam") {
                g.cx.error(Some(g.span.clone()), format!("{waar} heeft geen `email` en geen `id`"))
                    .label("wie is dit?")
                    .help("draaiboek herkent een deelnemer aan haar `id` of e-mailadres; zet de regel terug zoals `draaiboek verstuurd` hem schreef")
                    .emit();
            }
            ok = false;
            continue;
        };
        if aan.iter().any(|a: &Geadresseerde| a.id == id) {
            g.cx.error(
                Some(g.span.clone()),
                format!("`{id}` staat twee keer in hetzelfde [[verstuurd]]-blok"),
            )
            .label("dubbel")
            .help("haal één van de twee weg")
            .emit();
            ok = false;
            continue;
        }
        aan.push(Geadresseerde {
            id,
            naam: crate::levensloop::eenregelig(&naam),
            email,
        });
    }
    let regel = t.cx.file.line_col(t.span.start).0;
    Some(Zending {
        versie: versie?,
        op: op?,
        feiten: Feiten {
            datum: datum?,
            begin: begin?,
            eind: eind?,
            locatie: crate::levensloop::eenregelig(&plaats?),
            status: status?,
        },
        kalender: kalender?,
        verwijderd,
        aan: if ok { aan } else { return None },
        regel,
        offset: t.span.start,
    })
}
