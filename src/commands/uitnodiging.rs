//! `draaiboek uitnodiging`: one invitation as plain text on stdout, for
//! pasting into a mail.

use std::path::Path;

use crate::cli::SessieArgs;
use crate::diag::{Diagnostic, InputError};
use crate::export::{slug, uitnodiging};
use crate::model::{Deelnemer, DeelnemerStatus, Sessie};
use crate::render::templates::Engine;
use crate::{Outcome, Result};

pub fn run(
    lib_dir: Option<&Path>,
    args: &SessieArgs,
    deelnemer: Option<&str>,
    sjablonen: Option<&Path>,
) -> Result<Outcome> {
    let (lib, sessie) = super::load(lib_dir, &args.sessie)?;
    let plan = crate::plan::Planning::new(&sessie, &lib, 0);
    let mut engine = Engine::for_session(sjablonen, &sessie)?;
    let vandaag = super::vandaag(args.vandaag);
    // The same context as in `maak`, so a template that uses the programme works here too.
    let rapport = crate::check::controleer_plan(&plan, &lib, vandaag);
    let ctx = crate::render::context::build(&plan, &rapport);
    engine.set_base(minijinja::Value::from(minijinja::value::Serde(&ctx)));
    let d = match deelnemer {
        None => None,
        Some(zoek) => Some(zoek_deelnemer(&sessie, zoek)?),
    };
    crate::out!("{}", uitnodiging::tekst_met_onderwerp(&plan, &engine, d, vandaag)?);
    Ok(Outcome::Ok)
}

/// A folded name with single spaces, for comparing ("Yılmaz" ~ "yilmaz").
fn vorm(s: &str) -> String {
    slug::fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The one participant whose name contains `zoek` (case and accents
/// ignored); no match or several is an input error naming the candidates.
pub fn zoek_deelnemer<'a>(s: &'a Sessie, zoek: &str) -> std::result::Result<&'a Deelnemer, InputError> {
    let z = vorm(zoek);
    let hits: Vec<&Deelnemer> = if z.is_empty() {
        Vec::new()
    } else {
        s.deelnemers.iter().filter(|d| vorm(&d.naam).contains(&z)).collect()
    };
    // An exact name wins over names that merely contain it ("Jan Bos" vs "Jan Bosman").
    let exact: Vec<&Deelnemer> = hits.iter().copied().filter(|d| vorm(&d.naam) == z).collect();
    let hits = if exact.len() == 1 { exact } else { hits };
    match hits.as_slice() {
        [d] if d.status == DeelnemerStatus::Afgemeld => Err(InputError::one(
            Diagnostic::new(format!("{} heeft zich afgemeld en krijgt geen uitnodiging", d.naam))
                .help("zet de status van deze deelnemer op \"uitgenodigd\" of \"aangemeld\" als dat niet klopt"),
        )),
        [d] => Ok(d),
        [] => {
            let nearest = s
                .deelnemers
                .iter()
                .map(|d| (strsim::jaro_winkler(&vorm(&d.naam), &z), &d.naam))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let help = match nearest {
                Some((_, naam)) => format!("bedoel je \"{naam}\"?"),
                None => "het sessiebestand heeft nog geen deelnemers; voeg ze toe met [[deelnemers]]".into(),
            };
            Err(InputError::one(
                Diagnostic::new(format!("geen deelnemer gevonden met \"{}\" in de naam", zoek.trim())).help(help),
            ))
        }
        many => Err(InputError::one(
            Diagnostic::new(format!(
                "\"{}\" past bij {} deelnemers: {}",
                zoek.trim(),
                many.len(),
                many.iter().map(|d| d.naam.as_str()).collect::<Vec<_>>().join(", ")
            ))
            .help("geef een groter deel van de naam, bijvoorbeeld voor- en achternaam"),
        )),
    }
}
