//! Planning from the terminal: `nieuw`, `voeg-toe`, `verwijder`, `agenda`,
//! `bouwstenen --bouwsteen`, completions, man page and Dutch help, as a
//! trekker sees them.
//!
//! The tests use the built-in library, as a trekker does.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::*;

/// Run with the built-in library.
fn draai(args: &[&str], cwd: &Path) -> Output {
    run(args, cwd)
}

fn fixture_in(dir: &Path) -> PathBuf {
    let p = dir.join("sessie.toml");
    std::fs::copy(root().join("tests/fixtures/terminal/commentaar.toml"), &p).unwrap();
    p
}

// ------------------------------------------------------------------ nieuw

#[test]
fn nieuw_unattended_then_controleer_reports_the_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let o = draai(
        &[
            "nieuw",
            "oost.toml",
            "--titel",
            "Bijeenkomst \"Oost\" \\ test",
            "--coalitie",
            "Coalitie Kansrijke Start Oost",
            "--datum",
            "2027-03-11",
            "--begintijd",
            "09:30",
            "--vandaag",
            "2026-12-01",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("oost.toml geschreven"), "{}", stdout(&o));
    let text = std::fs::read_to_string(dir.path().join("oost.toml")).unwrap();
    // The quotes and backslash of the title are escaped, not breaking the file.
    let doc: toml_edit::DocumentMut = text.parse().unwrap();
    assert_eq!(
        doc["bijeenkomst"]["titel"].as_str(),
        Some("Bijeenkomst \"Oost\" \\ test")
    );
    assert!(text.contains("begintijd = 09:30:00"), "{text}");
    // Every key of [bijeenkomst] and [organisator] has a comment line above it.
    let lines: Vec<&str> = text.lines().collect();
    for key in [
        "titel",
        "coalitie",
        "datum",
        "begintijd",
        "locatie",
        "aanleiding",
        "leerdoelen",
        "naam",
    ] {
        let i = lines.iter().position(|l| l.starts_with(&format!("{key} ="))).unwrap();
        assert!(lines[i - 1].starts_with('#'), "geen uitleg boven `{key}`");
    }

    let o = draai(&["controleer", "oost.toml", "--vandaag", "2026-12-01"], dir.path());
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    // The finding with its wrapped continuation lines, as one text.
    let start = out.find("fout[invulling]").expect(&out);
    let invulling: String = out[start..]
        .lines()
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.starts_with("    "))
        .map(|(_, l)| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let invulling = invulling.as_str();
    for key in [
        "bijeenkomst.locatie",
        "bijeenkomst.aanleiding",
        "bijeenkomst.leerdoelen[1]",
        "organisator.naam",
        "organisator.email",
    ] {
        assert!(invulling.contains(&format!("`{key}`")), "{key} ontbreekt: {invulling}");
    }
    // What was given on the command line is not a placeholder.
    assert!(
        !invulling.contains("coalitie") && !invulling.contains("titel"),
        "{invulling}"
    );
    assert!(out.contains("waarschuwing[leerdoelen]"), "{out}");
    assert!(out.contains("95 van de 120 minuten (09:30 tot 11:05)"), "{out}");

    // Fill in the placeholders: no fout is left, so the programme itself is valid.
    let filled = text
        .replace("\"VUL IN: adres en zaal\"", "\"Buurthuis Oost\"")
        .replace(
            "\"VUL IN: waarom organiseren jullie deze bijeenkomst?\"",
            "\"Samen sterker\"",
        )
        .replace(
            "\"VUL IN: wat weten of kunnen de deelnemers na afloop?\"",
            "\"Een gedeelde taal\"",
        )
        .replace("\"VUL IN: je naam\"", "\"Fatima\"")
        .replace("\"naam@vul-in.invalid\"", "\"f@oost.example\"");
    assert!(
        !filled.lines().any(|l| !l.starts_with('#') && l.contains("VUL IN")),
        "{filled}"
    );
    std::fs::write(dir.path().join("oost.toml"), filled).unwrap();
    let o = draai(
        &["controleer", "oost.toml", "--vandaag", "2026-12-01", "--strikt"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn nieuw_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["nieuw", "--niet-interactief", "--vandaag", "2026-06-01"];
    let o = draai(&args, dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = dir.path().join("bijeenkomst.toml");
    std::fs::write(&path, "# mijn eigen werk\n").unwrap();
    let o = draai(&["nieuw", "--titel", "Anders", "--vandaag", "2026-06-01"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bijeenkomst.toml bestaat al"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mijn eigen werk\n");
    // No temp file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn nieuw_default_date_and_bad_flags() {
    let dir = tempfile::tempdir().unwrap();
    // 2026-06-01 + 8 weeks = Monday 2026-07-27 → Thursday 2026-07-30.
    let o = draai(&["nieuw", "a.toml", "--vandaag", "2026-06-01"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.path().join("a.toml")).unwrap();
    assert!(text.contains("datum = 2026-07-30"), "{text}");
    assert!(text.contains("# uitnodiging = 2026-06-18"), "{text}");

    let o = draai(&["nieuw", "b.toml", "--begintijd", "half twee"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`half twee` is een tijd, maar niet in de vorm uu:mm; schrijf 13:30"),
        "{}",
        stderr(&o)
    );
    let o = draai(&["nieuw", "b.toml", "--email", "fatima"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("lijkt geen e-mailadres"), "{}", stderr(&o));
    assert!(!dir.path().join("b.toml").exists());
}

/// `nieuw` without any flag loads against the built-in library.
#[test]
fn nieuw_is_valid_against_the_builtin_library() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["nieuw", "--vandaag", "2026-06-01"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(
        &["controleer", "bijeenkomst.toml", "--vandaag", "2026-06-01"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("fout[invulling]"));
}

// ------------------------------------------------------------ interactive

struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }
    fn scherm(&self) -> String {
        stdout(&self.cmd(&["capture-pane", "-p", "-t", "t", "-S", "-100"]))
    }
    /// Wait until the screen shows `tekst`.
    fn wacht(&self, tekst: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.scherm();
            if s.contains(tekst) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "wacht op {tekst:?}; scherm:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    fn typ(&self, regel: &str) {
        self.cmd(&["send-keys", "-t", "t", "-l", regel]);
        self.cmd(&["send-keys", "-t", "t", "Enter"]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

#[test]
#[ignore = "needs tmux"]
fn nieuw_asks_on_a_terminal_and_reasks_bad_answers() {
    need("tmux", which("tmux"));
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux {
        socket: dir.path().join("tmux.sock"),
    };
    let script = format!(
        "cd '{}' && NO_COLOR=1 '{}' nieuw zuid.toml --vandaag 2026-06-01; echo KLAAR=$?; sleep 60",
        dir.path().display(),
        bin().display(),
    );
    let o = tmux.cmd(&["new-session", "-d", "-s", "t", "-x", "200", "-y", "60", &script]);
    assert!(o.status.success(), "{}", stderr(&o));

    tmux.wacht("Titel [Verdiepende bijeenkomst Kansrijke Start]:");
    tmux.typ("Bijeenkomst \"Zuid\"");
    tmux.wacht("Naam van de coalitie [later invullen]:");
    tmux.typ("Coalitie Zuid");
    tmux.wacht("Datum (jjjj-mm-dd) [2026-07-30]:");
    tmux.typ("volgende week");
    tmux.wacht("`volgende week` is geen datum");
    tmux.typ("2027-04-15");
    tmux.wacht("Begintijd (uu:mm) [13:30]:");
    tmux.typ("");
    tmux.wacht("Locatie (adres en zaal) [later invullen]:");
    tmux.typ("Wijkcentrum Zuid, zaal 3");
    tmux.wacht("Jouw naam (organisator) [later invullen]:");
    tmux.typ("Anouk de Boer");
    tmux.wacht("Jouw e-mailadres [later invullen]:");
    tmux.typ("anouk");
    tmux.wacht("lijkt geen e-mailadres");
    tmux.typ("a.deboer@zuid.example");
    let scherm = tmux.wacht("KLAAR=");
    assert!(scherm.contains("KLAAR=0"), "{scherm}");

    let text = std::fs::read_to_string(dir.path().join("zuid.toml")).unwrap();
    let doc: toml_edit::DocumentMut = text.parse().unwrap();
    let b = &doc["bijeenkomst"];
    assert_eq!(b["titel"].as_str(), Some("Bijeenkomst \"Zuid\""), "{text}");
    assert_eq!(b["coalitie"].as_str(), Some("Coalitie Zuid"));
    assert_eq!(
        b["datum"].as_datetime().map(|d| d.to_string()).as_deref(),
        Some("2027-04-15")
    );
    assert_eq!(
        b["begintijd"].as_datetime().map(|d| d.to_string()).as_deref(),
        Some("13:30:00")
    );
    assert_eq!(b["locatie"].as_str(), Some("Wijkcentrum Zuid, zaal 3"));
    assert_eq!(doc["organisator"]["naam"].as_str(), Some("Anouk de Boer"));
    assert_eq!(doc["organisator"]["email"].as_str(), Some("a.deboer@zuid.example"));
}

// ---------------------------------------------------- voeg-toe / verwijder

#[test]
fn voeg_toe_keeps_every_byte_outside_the_new_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_in(dir.path());
    let before = std::fs::read_to_string(&path).unwrap();
    let o = draai(
        &[
            "voeg-toe",
            "sessie.toml",
            "samenwerking",
            "--werkvorm",
            "pitch",
            "--werkvorm",
            "klantreis",
            "--na",
            "kwetsbaarheid",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read_to_string(&path).unwrap();
    golden("voeg-toe.toml", &after);
    let nieuw =
        "[[programma]]\nbouwsteen = \"samenwerking\"\nwerkvormen = [\"pitch\", \"klantreis\"]\ncasus = \"geloof\"\n\n";
    assert_eq!(
        after.replacen(nieuw, "", 1),
        before,
        "buiten het nieuwe blok is iets veranderd"
    );
    let out = stdout(&o);
    assert!(out.contains("toegevoegd, na `kwetsbaarheid`"), "{out}");
    assert!(
        out.contains("Totaal: 140 van de 120 minuten (20 minuten te lang"),
        "{out}"
    );

    // Default place: before the afsluiting.
    let o = draai(
        &[
            "voeg-toe",
            "sessie.toml",
            "communicatie",
            "--werkvorm",
            "ervaringen-uitwisselen",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&path).unwrap();
    let comm = text.find("bouwsteen = \"communicatie\"").unwrap();
    let afsl = text.find("# De afsluiting, altijd als laatste.").unwrap();
    let samen = text.find("bouwsteen = \"samenwerking\"").unwrap();
    assert!(samen < comm && comm < afsl, "{text}");
}

#[test]
fn verwijder_keeps_every_byte_outside_the_removed_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_in(dir.path());
    let before = std::fs::read_to_string(&path).unwrap();
    let o = draai(&["verwijder", "sessie.toml", "kennismaking"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read_to_string(&path).unwrap();
    golden("verwijder.toml", &after);
    let weg = "\n\n[[programma]]\n# onder de kop\nbouwsteen = \"kennismaking\"\nwerkvorm = \"speeddate\"\n";
    assert_eq!(before.replacen(weg, "", 1), after);
    assert!(stdout(&o).contains("Totaal: 75 van de 120 minuten"), "{}", stdout(&o));

    // The comment block above the first block introduces the programme: it stays.
    let o = draai(&["verwijder", "sessie.toml", "inloop"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("# Dit blok commentaar hoort bij het hele programma.\n\n# Direct boven het welkom.\n[[programma]]\nbouwsteen = \"welkom\""), "{text}");
}

#[test]
fn a_failed_edit_leaves_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_in(dir.path());
    let before = std::fs::read(&path).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["voeg-toe", "sessie.toml", "samenwerkin", "--werkvorm", "pitch"],
            "bedoel je `samenwerking`?",
        ),
        (
            &["voeg-toe", "sessie.toml", "samenwerking", "--werkvorm", "klantrijs"],
            "bedoel je `klantreis`?",
        ),
        (
            &["voeg-toe", "sessie.toml", "samenwerking", "--werkvorm", "speeddate"],
            "`speeddate` hoort bij bouwsteen `kennismaking`",
        ),
        (&["voeg-toe", "sessie.toml", "samenwerking"], "heeft een werkvorm nodig"),
        (
            &["voeg-toe", "sessie.toml", "samenwerking", "--werkvorm", "pitch"],
            "heeft een werkvorm nodig",
        ),
        (
            &[
                "voeg-toe",
                "sessie.toml",
                "communicatie",
                "--werkvorm",
                "casuistiek-bespreken",
                "--na",
                "communicatie",
            ],
            "`communicatie` staat niet in het programma",
        ),
        // Valid ids, but two choices for one part: the reload refuses it.
        (
            &[
                "voeg-toe",
                "sessie.toml",
                "samenwerking",
                "--werkvorm",
                "pitch",
                "--werkvorm",
                "kaartenspel",
                "--werkvorm",
                "klantreis",
            ],
            "het bestand is niet veranderd",
        ),
        (
            &["verwijder", "sessie.toml", "samenwerking"],
            "in het programma: `inloop`, `welkom`, `kennismaking`, `kwetsbaarheid`, `afsluiting`",
        ),
        (
            &["verwijder", "sessie.toml", "kwetsbaarhied"],
            "bedoel je `kwetsbaarheid`?",
        ),
    ];
    for (args, want) in cases {
        let o = draai(args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
        assert_eq!(std::fs::read(&path).unwrap(), before, "{args:?} veranderde het bestand");
    }
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "tijdelijke bestanden achtergebleven: {names:?}");
}

// ------------------------------------------------------------- agenda

#[test]
fn agenda_shows_aligned_times_informal_time_apart_and_the_total() {
    let dir = tempfile::tempdir().unwrap();
    fixture_in(dir.path());
    let o = draai(&["agenda", "sessie.toml"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    golden("agenda.txt", &stdout(&o));
    let out = stdout(&o);
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.ends_with(" min") && l.starts_with("  "))
        .collect();
    // The lunch is the inloop: one row before 13:30, not two arrivals in a row.
    assert_eq!(rows.len(), 6, "{out}");
    assert!(!out.contains("Inloop en ontvangst"), "{out}");
    // Aligned: every row has its minutes in the same column.
    let width = rows[0].chars().count();
    assert!(rows.iter().all(|r| r.chars().count() == width), "{out}");
    assert!(
        out.contains("Vooraf (informeel, buiten de twee uur):\n  13:00–13:30  Inloop met lunch"),
        "{out}"
    );
    assert!(
        out.contains("Na afloop (informeel, buiten de twee uur):\n  15:05–15:20  Borrel"),
        "{out}"
    );
    assert!(out.contains("Totaal: 95 van de 120 minuten"), "{out}");
    assert!(out.contains("Begin 13:30, eindtijd 15:05"), "{out}");
}

#[test]
fn bouwsteen_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let o = draai(&["bouwstenen", "--bouwsteen", "kwetsbaarheid"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "4. Gezamenlijke definitie van kwetsbaarheid [kwetsbaarheid] — 50 min",
        "Doelen:\n  - De deelnemers kennen de definitie van kwetsbaarheid",
        "Geprint document met de definitie en het stroomschema (per groepje)",
        "── Werkvorm: Factoren zoeken in een casus [casus-factoren]",
        "Groepsvorm: in gemengde groepjes, met verschillende domeinen door elkaar (ons",
        "Tijd: 10 min plenair",
        "Casussen: elk groepje een eigen casuskaart",
        "Voorbereiding:\n     - Verzamel casuïstiek",
        "     4. Gebruik de laatste 10 minuten voor een korte plenaire terugkoppeling",
        "Vragen:\n     - Letten we meer op medische of meer op sociale risicofactoren?",
        "Benodigdheden:\n     - Flipovervel met drie kolommen (per groepje)",
        "draaiboek voeg-toe SESSIE.toml kwetsbaarheid --werkvorm definitie-gesprek",
    ] {
        assert!(out.contains(want), "{want:?} ontbreekt in:\n{out}");
    }
    let o = draai(&["bouwstenen", "--bouwsteen", "kwetsbaarhied"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bedoel je `kwetsbaarheid`?"));
}

// ------------------------------------------------- shell, man and help

#[test]
fn bash_completion_completes_subcommands() {
    let bash = need("bash", which("bash"));
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["completions", "bash"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let script = dir.path().join("draaiboek.bash");
    std::fs::write(&script, &o.stdout).unwrap();
    let probe = format!(
        "source '{}'\nCOMP_WORDS=(draaiboek contr)\nCOMP_CWORD=1\nCOMP_LINE='draaiboek contr'\nCOMP_POINT=${{#COMP_LINE}}\n\
         _draaiboek draaiboek contr draaiboek\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let o = Command::new(bash).arg("--norc").arg("-c").arg(probe).output().unwrap();
    let got = stdout(&o);
    assert!(
        got.lines().any(|l| l.trim() == "controleer"),
        "COMPREPLY: {got:?} {}",
        stderr(&o)
    );
    assert!(!got.lines().any(|l| l.trim() == "maak"), "{got:?}");
}

#[test]
fn other_shells_and_man_page() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let o = run(&["completions", shell], dir.path());
        assert_eq!(o.status.code(), Some(0), "{shell}");
        assert!(stdout(&o).contains("voeg-toe"), "{shell}");
    }
    let o = run(&["man"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let man = stdout(&o);
    assert!(
        man.starts_with(".ie") || man.contains(".TH draaiboek"),
        "{}",
        &man[..200.min(man.len())]
    );
    assert!(man.contains("voeg\\-toe") || man.contains("voeg-toe"));
}

#[test]
fn every_command_helps_in_dutch_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let subs = [
        "controleer",
        "maak",
        "kaarten",
        "bouwstenen",
        "casussen",
        "agenda",
        "uitnodiging",
        "groepen",
        "nieuw",
        "voeg-toe",
        "verwijder",
        "sjablonen",
        "completions",
        "man",
    ];
    for sub in subs {
        let o = run(&[sub, "--help"], dir.path());
        assert_eq!(o.status.code(), Some(0), "{sub}");
        let h = stdout(&o);
        assert!(h.contains("\nVoorbeeld"), "{sub}: geen voorbeeld\n{h}");
        assert!(h.contains(&format!("draaiboek {sub}")), "{sub}");
        for en in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Print help",
            "[default:",
            "[possible",
            "[OPTIONS]",
        ] {
            assert!(!h.contains(en), "{sub}: {en:?} in\n{h}");
        }
    }
    let o = run(&["contr", "x.toml"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bedoel je `controleer`?"), "{}", stderr(&o));
    let o = run(&["--version"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("draaiboek "));
}

#[test]
fn voeg_toe_then_verwijder_gives_back_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_in(dir.path());
    let before = std::fs::read(&path).unwrap();
    let o = draai(
        &[
            "voeg-toe",
            "sessie.toml",
            "communicatie",
            "--werkvorm",
            "ervaringen-uitwisselen",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_ne!(std::fs::read(&path).unwrap(), before);
    let o = draai(&["verwijder", "sessie.toml", "communicatie"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

// ------------------------------------------- closed pipes and a full disk

/// Every command that prints, with what it needs: (name, args, the work it
/// does, its normal exit code). `{s}` is the session file, `{d}` a fresh path.
const PRINTERS: &[(&str, &[&str], i32)] = &[
    ("controleer", &["controleer", "{s}", "--vandaag", "2027-01-15"], 0),
    (
        "controleer json",
        &["controleer", "{s}", "--formaat", "json", "--vandaag", "2027-01-15"],
        0,
    ),
    ("agenda", &["agenda", "{s}"], 0),
    ("groepen", &["groepen", "{s}"], 0),
    ("groepen json", &["groepen", "{s}", "--formaat", "json"], 0),
    ("uitnodiging", &["uitnodiging", "{s}", "--vandaag", "2027-01-15"], 0),
    ("bouwstenen", &["bouwstenen"], 0),
    ("bouwsteen", &["bouwstenen", "--bouwsteen", "kwetsbaarheid"], 0),
    ("bouwstenen json", &["bouwstenen", "--formaat", "json"], 0),
    ("casussen", &["casussen"], 0),
    ("casussen json", &["casussen", "--formaat", "json"], 0),
    ("sjablonen", &["sjablonen"], 0),
    ("regels", &["regels"], 0),
    ("regels json", &["regels", "--formaat", "json"], 0),
    ("sjablonen exporteer", &["sjablonen", "--exporteer", "{d}"], 0),
    ("completions", &["completions", "bash"], 0),
    ("man", &["man"], 0),
    ("help", &["--help"], 0),
    ("maak help", &["maak", "--help"], 0),
    ("version", &["--version"], 0),
    ("maak", &["maak", "{s}", "--uit", "{d}", "--vandaag", "2027-01-15"], 0),
    ("kaarten", &["kaarten", "{s}", "--uit", "{d}"], 0),
    (
        "verslag",
        &["verslag", "{s}", "--uit", "{d}", "--vandaag", "2027-12-31"],
        0,
    ),
    // `geval` makes the drafts first, so there is something to record.
    ("verstuurd", &["verstuurd", "{s}", "--vandaag", "2027-01-15"], 0),
    ("verwijder", &["verwijder", "{s}", "kennismaking"], 0),
    (
        "voeg-toe",
        &[
            "voeg-toe",
            "{s}",
            "communicatie",
            "--werkvorm",
            "ervaringen-uitwisselen",
        ],
        0,
    ),
    (
        "nieuw",
        &[
            "nieuw",
            "{d}",
            "--niet-interactief",
            "--datum",
            "2027-03-11",
            "--vandaag",
            "2027-01-15",
        ],
        0,
    ),
];

/// Every command of the command line is in [`PRINTERS`], so a command added
/// later is held to the same pipe promises; `bekijk`, a server, is tested
/// with a closed and a full stdout in `tests/bekijk.rs`.
#[test]
fn every_command_is_tested_with_a_closed_pipe_and_a_full_disk() {
    use clap::CommandFactory;
    let getest: Vec<&str> = PRINTERS.iter().map(|(_, args, _)| args[0]).collect();
    let ontbreekt: Vec<String> = draaiboek::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "bekijk" && !getest.contains(&n.as_str()))
        .collect();
    assert!(ontbreekt.is_empty(), "not in PRINTERS: {ontbreekt:?}");
}

struct Geval {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    sessie: PathBuf,
    nieuw: PathBuf,
    args: Vec<String>,
}

fn geval(args: &[&str]) -> Geval {
    let (tmp, sessie) = example_in_tmp("zeist.toml");
    let dir = tmp.path().to_path_buf();
    let nieuw = dir.join("nieuw-pad.toml");
    if args[0] == "verstuurd" {
        // `verstuurd` records drafts that `maak` made: make them first.
        let o = Command::new(bin())
            .args(["maak", sessie.to_str().unwrap(), "--vandaag", "2027-01-15"])
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "maak before verstuurd: {}", stderr(&o));
    }
    let args = args
        .iter()
        .map(|a| {
            a.replace("{s}", sessie.to_str().unwrap())
                .replace("{d}", nieuw.to_str().unwrap())
        })
        .collect();
    Geval {
        _tmp: tmp,
        dir,
        sessie,
        nieuw,
        args,
    }
}

impl Geval {
    /// What the command changed on disk: the session file and the new path.
    fn sporen(&self) -> (Vec<u8>, bool) {
        (std::fs::read(&self.sessie).unwrap(), self.nieuw.exists())
    }
}

#[test]
fn a_closed_pipe_ends_every_command_quietly_with_the_status_of_its_work() {
    for (naam, args, code) in PRINTERS {
        let g = geval(args);
        // The reader is gone before the command writes: `| true` after a pause.
        let o = Command::new("bash")
            .arg("-c")
            .arg(r#"(sleep 0.1; exec "$@") | true; exit "${PIPESTATUS[0]}""#)
            .arg("bash")
            .arg(bin())
            .args(&g.args)
            .current_dir(&g.dir)
            .env("NO_COLOR", "1")
            .env("RUST_BACKTRACE", "0")
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(*code), "{naam}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{naam}: {err}"
        );
        // The work is done all the same.
        let (sessie, nieuw) = g.sporen();
        match *naam {
            "maak" | "kaarten" | "verslag" => assert!(g.nieuw.join(".draaiboek-manifest").exists(), "{naam}"),
            "nieuw" | "sjablonen exporteer" => assert!(nieuw, "{naam}"),
            "verstuurd" => assert!(
                String::from_utf8(sessie.clone()).unwrap().contains("[[verstuurd]]"),
                "{naam}"
            ),
            "verwijder" => assert!(
                !String::from_utf8(sessie).unwrap().contains("\"kennismaking\""),
                "{naam}"
            ),
            "voeg-toe" => assert!(
                String::from_utf8(sessie).unwrap().contains("ervaringen-uitwisselen"),
                "{naam}"
            ),
            _ => {}
        }
    }
}

#[test]
fn head_dash_1_gets_the_first_line_and_the_command_its_own_status() {
    let (tmp, sessie) = example_in_tmp("zeist.toml");
    let o = Command::new("bash")
        .arg("-c")
        .arg(r#""$@" | head -1; exit "${PIPESTATUS[0]}""#)
        .arg("bash")
        .arg(bin())
        .args(["bouwstenen", "--formaat", "json"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "[\n");
    drop(sessie);
}

#[test]
fn a_full_disk_on_stdout_is_an_error_with_exit_2() {
    for (naam, args, _) in PRINTERS {
        let g = geval(args);
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let o = Command::new(bin())
            .args(&g.args)
            .current_dir(&g.dir)
            .env("NO_COLOR", "1")
            .env("RUST_BACKTRACE", "0")
            .stdout(full)
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{naam}: {err}");
        assert!(
            err.contains("de uitvoer kan niet geschreven worden: de schijf is vol"),
            "{naam}: {err}"
        );
        assert!(!err.contains("panicked"), "{naam}: {err}");
    }
}

/// A command run inside the process, its output captured by the one writer,
/// says exactly what the binary says on a pipe.
#[test]
fn a_command_run_in_process_writes_what_the_binary_writes() {
    let (tmp, sessie) = example_in_tmp("zeist.toml");
    let args = ["controleer", sessie.to_str().unwrap(), "--vandaag", "2027-01-15"];
    let cli = draaiboek::cli_errors::parse(std::iter::once("draaiboek").chain(args)).unwrap();
    let (uitkomst, gevangen) = draaiboek::shell::capture(|| draaiboek::run(cli));
    assert!(matches!(uitkomst, Ok(draaiboek::Outcome::Ok)));
    let o = draai(&args, tmp.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(!gevangen.stdout.is_empty());
    assert_eq!(gevangen.stdout_text(), stdout(&o));
    assert_eq!(gevangen.stderr_text(), stderr(&o));

    // A failure is reported in-process as the binary reports it.
    let cli = draaiboek::cli_errors::parse(["draaiboek", "agenda", "bestaat-niet.toml"]).unwrap();
    let (uitkomst, gevangen) = draaiboek::shell::capture(|| draaiboek::run(cli));
    let (code, melding) = draaiboek::report_failure(&uitkomst.unwrap_err());
    assert_eq!(code, std::process::ExitCode::from(2));
    assert!(gevangen.stdout.is_empty());
    let o = draai(&["agenda", "bestaat-niet.toml"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(melding, stderr(&o));
}
