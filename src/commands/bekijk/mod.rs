//! `draaiboek bekijk`: a live preview in the browser.
//!
//! One thread answers HTTP on 127.0.0.1 ([`server`]); one thread watches the
//! session file, its CSV, the override templates and an own library
//! ([`volg`]) and renders everything again when one of them changes. Each
//! rendering is a [`Stand`]: what `maak` would write, held in memory, or the
//! exit-2 diagnostics of a session that does not load. The pages themselves
//! are made in [`pagina`]. Nothing is ever written to disk.

mod pagina;
mod server;
mod volg;

use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::check::{Bevinding, Ernst, controleer_plan};
use crate::cli::{SessieArgs, UitvoerFormaat};
use crate::plan::Planning;
use crate::render::context;
use crate::render::templates::Engine;
use crate::write::Uitvoer;
use crate::{Failure, Outcome, Result};

use super::maak::{self, Welke};

/// Where a rendering comes from: the command line, fixed for the run.
#[derive(Debug, Clone)]
pub struct Bron {
    pub lib_dir: Option<PathBuf>,
    pub sessie: PathBuf,
    pub sjablonen: Option<PathBuf>,
    pub vandaag: Option<chrono::NaiveDate>,
}

/// What the pages show for one rendering of the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Inhoud {
    Goed(Goed),
    /// The session (or a template) cannot be used: the message `maak`
    /// would print, with file:line:col.
    Kapot(String),
}

/// A session that loads: its check and every file `maak` would write.
#[derive(Debug, Clone, PartialEq)]
pub struct Goed {
    pub titel: String,
    /// Errors first, then warnings, each in the check's order.
    pub bevindingen: Vec<Bevinding>,
    /// The closing line of `controleer` (minutes, times, participants, deadline).
    pub samenvatting: String,
    pub concept: bool,
    /// Relative path → bytes, exactly as `maak` would write them.
    pub bestanden: BTreeMap<String, Vec<u8>>,
    /// (file-name slug, name) of each invited participant, in the
    /// session's order, for the invitation table.
    pub namen: Vec<(String, String)>,
}

/// One rendering, numbered: a page knows which number it shows, and
/// fetches itself again as soon as the server has a newer one.
#[derive(Debug)]
pub struct Stand {
    pub versie: u64,
    pub inhoud: Inhoud,
    /// The documents of the last rendering that loaded: while the session is
    /// broken, these show the problem instead of "niet gevonden".
    pub bekend: BTreeSet<String>,
    /// The session file as named on the command line, for the page texts.
    pub sessie_naam: String,
}

/// The current [`Stand`], shared by the HTTP threads and the watcher.
pub struct Gedeeld {
    stand: Mutex<Arc<Stand>>,
    veranderd: Condvar,
}

impl Gedeeld {
    pub fn new(stand: Stand) -> Self {
        Gedeeld {
            stand: Mutex::new(Arc::new(stand)),
            veranderd: Condvar::new(),
        }
    }

    pub fn nu(&self) -> Arc<Stand> {
        self.stand.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Put a new rendering in place when it differs from the current one;
    /// wakes every waiting page. Returns the new stand when it changed.
    pub fn vervang(&self, inhoud: Inhoud) -> Option<Arc<Stand>> {
        let mut stand = self.stand.lock().unwrap_or_else(|e| e.into_inner());
        if stand.inhoud == inhoud {
            return None;
        }
        let bekend = match &inhoud {
            Inhoud::Goed(g) => g.bestanden.keys().cloned().collect(),
            Inhoud::Kapot(_) => stand.bekend.clone(),
        };
        let nieuw = Arc::new(Stand {
            versie: stand.versie + 1,
            inhoud,
            bekend,
            sessie_naam: stand.sessie_naam.clone(),
        });
        *stand = nieuw.clone();
        drop(stand);
        self.veranderd.notify_all();
        Some(nieuw)
    }

    /// Wait until the version differs from `versie`, at most `max`.
    /// `Some(new version)` when it changed.
    pub fn wacht(&self, versie: u64, max: Duration) -> Option<u64> {
        let stand = self.stand.lock().unwrap_or_else(|e| e.into_inner());
        let (stand, _) = self
            .veranderd
            .wait_timeout_while(stand, max, |s| s.versie == versie)
            .unwrap_or_else(|e| e.into_inner());
        (stand.versie != versie).then_some(stand.versie)
    }
}

/// Render the session in memory, as `maak` would.
pub fn bouw(bron: &Bron) -> Inhoud {
    match probeer(bron) {
        Ok(goed) => Inhoud::Goed(goed),
        Err(f) => Inhoud::Kapot(crate::report_failure(&f).1),
    }
}

fn probeer(bron: &Bron) -> Result<Goed> {
    let (lib, sessie) = super::load(bron.lib_dir.as_deref(), &bron.sessie)?;
    // As `maak` does it (the start page test compares every byte).
    let mut engine = Engine::for_session(bron.sjablonen.as_deref(), &sessie)?;
    let vandaag = super::vandaag(bron.vandaag);
    let plan = Planning::new(&sessie, &lib, 0);
    // What went out is in the session: the preview shows the same change
    // notices and `versie-ophogen` as `maak` would.
    let rapport = controleer_plan(&plan, &lib, vandaag);
    let ctx = context::build(&plan, &rapport);
    engine.set_base(minijinja::Value::from(minijinja::value::Serde(&ctx)));
    let mut uitvoer = Uitvoer::new("", false);
    maak::alle_bestanden(
        &engine,
        &ctx,
        &plan,
        vandaag,
        UitvoerFormaat::Beide,
        Welke::Alles,
        &mut uitvoer,
    )?;
    // One line, not wrapped to a terminal: the page wraps it.
    let samenvatting = super::controleer::tekst(&rapport, &sessie, false, usize::MAX)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    let mut bevindingen = rapport.bevindingen.clone();
    // Errors first (a stable sort keeps the check's order within each).
    bevindingen.sort_by_key(|b| b.ernst != Ernst::Fout);
    let namen = crate::export::deelnemers_met_slug(&sessie)
        .into_iter()
        .map(|(d, slug)| (slug, d.naam.clone()))
        .collect();
    Ok(Goed {
        titel: sessie.bijeenkomst.titel.clone(),
        bevindingen,
        samenvatting,
        concept: ctx.concept,
        bestanden: uitvoer.into_files()?,
        namen,
    })
}

pub fn run(
    lib_dir: Option<&Path>,
    args: &SessieArgs,
    poort: Option<u16>,
    open: bool,
    sjablonen: Option<&Path>,
) -> Result<Outcome> {
    if !args.sessie.is_file() {
        // The same message as every other command (missing file, a folder …).
        super::load(lib_dir, &args.sessie)?;
    }
    let bron = Bron {
        lib_dir: lib_dir.map(Path::to_path_buf),
        sessie: args.sessie.clone(),
        sjablonen: sjablonen.map(Path::to_path_buf),
        vandaag: args.vandaag,
    };
    let listener = bind(poort)?;
    let adres = listener.local_addr()?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| anyhow::anyhow!("de webserver start niet: {e}"))?;

    let inhoud = bouw(&bron);
    let gedeeld = Arc::new(Gedeeld::new(Stand {
        versie: 1,
        bekend: match &inhoud {
            Inhoud::Goed(g) => g.bestanden.keys().cloned().collect(),
            Inhoud::Kapot(_) => BTreeSet::new(),
        },
        inhoud,
        sessie_naam: args.sessie.display().to_string(),
    }));

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst))
            .map_err(|e| anyhow::anyhow!("Ctrl-C kan niet opgevangen worden: {e}"))?;
    }
    volg::start(bron.clone(), gedeeld.clone())?;

    let url = format!("http://{adres}/");
    // A closed or full stdout must not stop the server: the address is a courtesy.
    let _ = crate::shell::out(format!(
        "{url}\nOpen dit adres in je browser. Bewaar je {} (of de CSV of een sjabloon), dan verversen de pagina's zichzelf. Stoppen: Ctrl-C.\n",
        args.sessie.display()
    ));
    if let Inhoud::Kapot(melding) = &gedeeld.nu().inhoud {
        meld(melding);
    }
    if open {
        open_browser(&url);
    }
    server::serve(&server, &gedeeld, adres.port(), &stop);
    meld("Gestopt.\n");
    Ok(Outcome::Ok)
}

/// A line for the terminal. A closed or full stderr (`2>&1 | head`) must
/// not stop the server, so unlike `eprint!` this never panics.
pub fn meld(tekst: &str) {
    crate::shell::err(tekst);
}

/// Listen on 127.0.0.1 only: the pages hold names and e-mail addresses.
fn bind(poort: Option<u16>) -> Result<TcpListener> {
    let n = poort.unwrap_or(0);
    TcpListener::bind(("127.0.0.1", n)).map_err(|e| -> Failure {
        use std::io::ErrorKind::*;
        let (melding, hulp) = match e.kind() {
            AddrInUse => (
                format!("poort {n} is al in gebruik door een ander programma"),
                "kies een ander nummer met --poort, of laat --poort weg: dan kiest draaiboek zelf een vrije poort"
                    .to_string(),
            ),
            PermissionDenied => (
                format!("poort {n} mag alleen de beheerder gebruiken"),
                "kies een nummer boven 1024 met --poort, of laat --poort weg".to_string(),
            ),
            _ => (
                format!(
                    "de webserver kan niet luisteren op 127.0.0.1:{n}: {}",
                    crate::error::io_reason(&e)
                ),
                "laat --poort weg: dan kiest draaiboek zelf een vrije poort".to_string(),
            ),
        };
        super::invoerfout(melding, hulp)
    })
}

/// Open `url` in the default browser, without waiting for it.
fn open_browser(url: &str) {
    let (prog, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let gestart = std::process::Command::new(prog)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match gestart {
        // Reap it when it ends, so that no zombie stays behind.
        Ok(mut kind) => {
            std::thread::spawn(move || kind.wait());
        }
        Err(_) => meld(&format!(
            "De browser kon niet geopend worden ({prog} ontbreekt); open het adres zelf.\n"
        )),
    }
}
