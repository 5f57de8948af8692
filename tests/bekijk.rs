//! `draaiboek bekijk`: the live preview, as a browser and an attacker see
//! it. The server runs as the real binary on a temp copy of an example;
//! requests go over raw TCP (no client that tidies paths), and the live
//! refresh is watched in headless Chromium over the DevTools protocol.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const VANDAAG: &str = "2027-01-15";

/// A running `draaiboek bekijk`; killed when dropped.
struct Bekijk {
    kind: Child,
    poort: u16,
    url: String,
}

impl Bekijk {
    fn start(sessie: &Path, extra: &[&str]) -> Bekijk {
        let mut kind = Command::new(common::bin())
            .arg("bekijk")
            .arg(sessie)
            .args(["--vandaag", VANDAAG])
            .args(extra)
            .env("NO_COLOR", "1")
            .env("RUST_BACKTRACE", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("binary runs");
        let mut eerste = String::new();
        BufReader::new(kind.stdout.take().unwrap())
            .read_line(&mut eerste)
            .unwrap();
        let url = eerste.trim_end().to_string();
        let poort = url
            .strip_prefix("http://127.0.0.1:")
            .and_then(|r| r.strip_suffix('/'))
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("first line is not http://127.0.0.1:PORT/: {eerste:?}"));
        Bekijk { kind, poort, url }
    }

    fn get(&self, pad: &str) -> Antwoord {
        vraag(self.poort, "GET", pad, &format!("127.0.0.1:{}", self.poort))
    }

    /// Ctrl-C: the exit code and what it said on stderr.
    fn stop(mut self) -> (Option<i32>, String) {
        let ok = Command::new("kill")
            .args(["-INT", &self.kind.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
        let begin = Instant::now();
        let status = loop {
            if let Some(s) = self.kind.try_wait().unwrap() {
                break s;
            }
            assert!(
                begin.elapsed() < Duration::from_secs(3),
                "bekijk did not stop within 3 s of Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut err = String::new();
        self.kind.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        (status.code(), err)
    }
}

impl Drop for Bekijk {
    fn drop(&mut self) {
        let _ = self.kind.kill();
        let _ = self.kind.wait();
    }
}

#[derive(Debug)]
struct Antwoord {
    status: u16,
    koppen: String,
    body: Vec<u8>,
}

impl Antwoord {
    fn tekst(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn kop(&self, naam: &str) -> Option<String> {
        self.koppen.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(naam).then(|| v.trim().to_string())
        })
    }
}

/// One HTTP/1.1 request over a raw socket: the path goes out byte for byte.
fn vraag(poort: u16, methode: &str, pad: &str, host: &str) -> Antwoord {
    let mut s = TcpStream::connect(("127.0.0.1", poort)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    // An empty `host` sends no Host header at all.
    let host = if host.is_empty() {
        String::new()
    } else {
        format!("Host: {host}\r\n")
    };
    write!(
        s,
        "{methode} {pad} HTTP/1.1\r\n{host}Connection: close\r\nContent-Length: 0\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let eind = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete answer");
    let koppen = String::from_utf8_lossy(&raw[..eind]).into_owned();
    let status = koppen.split(' ').nth(1).unwrap().parse().unwrap();
    let a = Antwoord {
        status,
        koppen,
        body: raw[eind + 4..].to_vec(),
    };
    // Plain bodies with their length, never chunked (a `curl`-less client
    // and the benchmark read them as they are).
    if methode == "GET" {
        assert_eq!(a.kop("Transfer-Encoding"), None, "{pad}");
        assert_eq!(a.kop("Content-Length"), Some(a.body.len().to_string()), "{pad}");
    }
    a
}

/// The documents `maak` writes for the same session, by relative path.
fn wat_maak_schrijft(sessie: &Path) -> Vec<(String, Vec<u8>)> {
    let uit = tempfile::tempdir().unwrap();
    let o = common::run(
        &[
            "maak",
            sessie.to_str().unwrap(),
            "--vandaag",
            VANDAAG,
            "--uit",
            uit.path().to_str().unwrap(),
        ],
        Path::new("."),
    );
    assert!(o.status.code() == Some(0), "{}", common::stderr(&o));
    common::files(uit.path())
        .into_iter()
        // draaiboek's own bookkeeping: the manifest, the record of what
        // the invitations said and the fingerprint of the input.
        .filter(|(p, _)| {
            !matches!(
                &**p,
                ".draaiboek-manifest" | ".draaiboek-uitnodigingen" | ".draaiboek-invoer"
            )
        })
        .collect()
}

fn zonder_script(html: &str) -> String {
    let begin = html
        .find("<script src=\"/_bekijk/vernieuw.js\"")
        .expect("the refresh script");
    let eind = begin + html[begin..].find("</script>\n").unwrap() + "</script>\n".len();
    format!("{}{}", &html[..begin], &html[eind..])
}

#[test]
fn start_page_links_every_file_maak_writes_byte_for_byte_and_nothing_is_written() {
    let (dir, sessie) = common::example_in_tmp("zeist.toml");
    let voor = common::files(dir.path());
    let maak = wat_maak_schrijft(&sessie);
    assert!(maak.len() > 40, "zeist has 16 invitations: {}", maak.len());

    let server = Bekijk::start(&sessie, &[]);
    let start = server.get("/");
    assert_eq!(start.status, 200);
    assert_eq!(start.kop("Content-Type").as_deref(), Some("text/html; charset=utf-8"));
    let html = start.tekst();
    // The check, as `controleer` says it: summary line and the warning.
    let controle = common::run(
        &["controleer", sessie.to_str().unwrap(), "--vandaag", VANDAAG],
        dir.path(),
    );
    // Its summary paragraph, wrapped to 80 columns there, is one line here
    // (after it, `controleer` says where the meeting stands).
    let uit = common::stdout(&controle);
    let samenvatting = uit.split("\n\n").find(|p| p.starts_with("In orde")).unwrap();
    let samenvatting = samenvatting.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(samenvatting.starts_with("In orde, met aandachtspunten: ") && samenvatting.contains("(13:30 tot "));
    assert!(
        html.contains(&format!("<p class=\"samenvatting\">{samenvatting}</p>")),
        "{samenvatting}\n{html}"
    );
    assert!(html.contains("[elearning]") && html.contains("Sanne Jansen"), "{html}");
    assert!(
        html.contains("<td>Ingrid de Vries</td>"),
        "invitations by name:\n{html}"
    );

    for (rel, bytes) in &maak {
        assert!(
            html.contains(&format!("href=\"/{rel}\"")),
            "no link to {rel} on the start page"
        );
        let doc = server.get(&format!("/{rel}"));
        assert_eq!(doc.status, 200, "{rel}");
        let ruw = server.get(&format!("/_ruw/{rel}"));
        assert_eq!(&ruw.body, bytes, "/_ruw/{rel} differs from what maak writes");
        if rel.ends_with(".html") {
            assert_eq!(zonder_script(&doc.tekst()), String::from_utf8_lossy(bytes), "{rel}");
        } else {
            // Text files come in a readable frame, escaped.
            assert!(doc.tekst().contains("<pre>"), "{rel}");
        }
    }

    let (code, err) = server.stop();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("Gestopt.") && !err.contains("panicked"), "{err}");
    assert_eq!(common::files(dir.path()), voor, "bekijk wrote or changed a file");
}

/// Linux only: the kernel's own table of listening sockets.
#[cfg(target_os = "linux")]
#[test]
fn listens_on_127_0_0_1_only() {
    let (_dir, sessie) = common::example_in_tmp("zeist.toml");
    let server = Bekijk::start(&sessie, &[]);
    assert!(server.url.starts_with("http://127.0.0.1:"));
    // Every listening socket on our port, IPv4 and IPv6, from the kernel.
    let poort_hex = format!(":{:04X}", server.poort);
    let mut gevonden = Vec::new();
    for tabel in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(tekst) = std::fs::read_to_string(tabel) else {
            continue;
        };
        for regel in tekst.lines().skip(1) {
            let velden: Vec<&str> = regel.split_whitespace().collect();
            // local_address, rem_address, st (0A = LISTEN)
            if velden[1].ends_with(&poort_hex) && velden[3] == "0A" {
                gevonden.push(velden[1].to_string());
            }
        }
    }
    assert_eq!(
        gevonden,
        [format!("0100007F{poort_hex}")],
        "listening on more than 127.0.0.1"
    );
}

#[test]
fn only_get_only_known_paths_and_a_strict_csp() {
    let (dir, sessie) = common::example_in_tmp("zeist.toml");
    let voor = common::files(dir.path());
    let server = Bekijk::start(&sessie, &[]);
    for pad in [
        "/../../etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%5c..%5cetc%5cpasswd",
        "/%252e%252e/etc/passwd",
        "//etc/passwd",
        "/agenda.html/../../../etc/passwd",
        "/_ruw/../../etc/passwd",
        "/_ruw//etc/passwd",
        "/zeist.toml",
        "/../zeist.toml",
        "/uitnodigingen/",
        "/uitnodigingen",
        "/_ruw/",
        "/_bekijk/",
        "/.draaiboek-manifest",
        "/%00",
        "/agenda.html%00.txt",
    ] {
        let a = server.get(pad);
        assert_eq!(a.status, 404, "{pad}");
        let t = a.tekst();
        assert!(
            !t.contains("root:") && !t.contains("[bijeenkomst]"),
            "{pad} leaked a file"
        );
    }
    for methode in ["POST", "PUT", "DELETE", "HEAD", "OPTIONS"] {
        let a = vraag(server.poort, methode, "/", &format!("127.0.0.1:{}", server.poort));
        assert_eq!(a.status, 405, "{methode}");
    }
    // A page of another site whose name points at 127.0.0.1 reads nothing.
    let a = vraag(server.poort, "GET", "/", &format!("boos.example:{}", server.poort));
    assert_eq!(a.status, 403);
    assert!(!a.tekst().contains("Ingrid"));
    let a = vraag(server.poort, "GET", "/", &format!("localhost:{}", server.poort));
    assert_eq!(a.status, 200);

    for pad in [
        "/",
        "/agenda.html",
        "/uitnodigingen/ingrid-de-vries.txt",
        "/bestaat-niet",
    ] {
        let a = server.get(pad);
        let csp = a
            .kop("Content-Security-Policy")
            .unwrap_or_else(|| panic!("{pad}: no CSP"));
        let script_src = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        assert_eq!(script_src, "script-src 'self'", "{pad}");
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert_eq!(a.kop("X-Content-Type-Options").as_deref(), Some("nosniff"));
        // No inline script on any page: the only script is the served one.
        let t = a.tekst();
        assert_eq!(t.matches("<script").count(), 1, "{pad}");
        assert!(t.contains("<script src=\"/_bekijk/vernieuw.js\""), "{pad}");
    }
    let js = server.get("/_bekijk/vernieuw.js");
    assert_eq!(js.status, 200);
    assert!(js.kop("Content-Type").unwrap().starts_with("text/javascript"));
    drop(server);
    assert_eq!(common::files(dir.path()), voor);
}

/// Read from an event stream until `needle` shows up, or `max` has passed.
fn lees_tot(s: &mut TcpStream, needle: &str, max: Duration) -> String {
    let begin = Instant::now();
    let mut gelezen = Vec::new();
    let mut buf = [0u8; 4096];
    s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    while begin.elapsed() < max {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => gelezen.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
        if String::from_utf8_lossy(&gelezen).contains(needle) {
            break;
        }
    }
    String::from_utf8_lossy(&gelezen).into_owned()
}

#[test]
fn a_save_is_announced_to_open_pages_and_a_broken_file_shows_where() {
    let (_dir, sessie) = common::example_in_tmp("zeist.toml");
    let server = Bekijk::start(&sessie, &[]);
    let origineel = std::fs::read_to_string(&sessie).unwrap();

    let mut stroom = TcpStream::connect(("127.0.0.1", server.poort)).unwrap();
    write!(
        stroom,
        "GET /_bekijk/gebeurtenissen?versie=1 HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        server.poort
    )
    .unwrap();
    let kop = lees_tot(&mut stroom, "retry:", Duration::from_secs(2));
    assert!(kop.contains("Content-Type: text/event-stream"), "{kop}");

    std::fs::write(
        &sessie,
        origineel.replace("begintijd = 13:30:00", "begintijd = 14:10:00"),
    )
    .unwrap();
    let begin = Instant::now();
    let events = lees_tot(&mut stroom, "event: vernieuw", Duration::from_secs(2));
    assert!(
        events.contains("event: vernieuw\ndata: 2\n"),
        "no event within 2 s: {events:?}"
    );
    assert!(begin.elapsed() < Duration::from_secs(1), "{:?}", begin.elapsed());
    assert!(server.get("/agenda.html").tekst().contains("14:10"));

    // Broken: the start page and a document show the problem with file:line:col.
    let kapot = origineel.replace("begintijd = 13:30:00", "begintyd = 13:30:00");
    let regel = kapot.lines().position(|l| l.starts_with("begintyd")).unwrap() + 1;
    std::fs::write(&sessie, &kapot).unwrap();
    let waar = format!("{}:{regel}:1", sessie.display());
    let begin = Instant::now();
    loop {
        let t = server.get("/agenda.html").tekst();
        if t.contains(&waar) {
            assert!(t.contains("bedoel je `begintijd`?"), "{t}");
            break;
        }
        assert!(
            begin.elapsed() < Duration::from_secs(2),
            "no diagnostic on the page:\n{t}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(server.get("/").tekst().contains(&waar));
    // Paths that never existed stay 404, also while broken.
    assert_eq!(server.get("/../../etc/passwd").status, 404);

    // Fixed again: the documents come back.
    std::fs::write(&sessie, &origineel).unwrap();
    let begin = Instant::now();
    while !server.get("/agenda.html").tekst().contains("<td>13:30–13:40</td>") {
        assert!(begin.elapsed() < Duration::from_secs(2), "the agenda did not come back");
        std::thread::sleep(Duration::from_millis(20));
    }
    let (code, err) = server.stop();
    assert_eq!(code, Some(0));
    assert!(err.contains("is nu niet te gebruiken") && err.contains(&waar), "{err}");
}

#[test]
fn starts_on_a_broken_file_but_not_on_a_missing_one_or_a_taken_port() {
    let (dir, sessie) = common::example_in_tmp("zeist.toml");
    let tekst = std::fs::read_to_string(&sessie).unwrap();
    std::fs::write(&sessie, tekst.replace("[organisator]", "[organisatr]")).unwrap();
    let server = Bekijk::start(&sessie, &[]);
    let t = server.get("/").tekst();
    assert!(
        t.contains("is nu niet te gebruiken") && t.contains("organisator"),
        "{t}"
    );
    assert_eq!(server.get("/agenda.html").status, 404, "no document known yet");

    // The same port again: taken.
    let o = common::run(
        &["bekijk", sessie.to_str().unwrap(), "--poort", &server.poort.to_string()],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = common::stderr(&o);
    assert!(
        err.contains(&format!("poort {} is al in gebruik", server.poort)) && err.contains("--poort"),
        "{err}"
    );

    let o = common::run(&["bekijk", sessie.to_str().unwrap(), "--poort", "acht"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::stderr(&o).contains("`acht` is geen poortnummer"),
        "{}",
        common::stderr(&o)
    );

    let o = common::run(&["bekijk", "bestaat-niet.toml"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::stderr(&o).contains("bestaat-niet.toml"),
        "{}",
        common::stderr(&o)
    );
    assert!(o.stdout.is_empty(), "no address for a file that is not there");
}

#[test]
fn an_override_template_is_watched_too() {
    // Named with --sjablonen, or in the session file (`sjablonen = "…"`).
    for in_sessie in [false, true] {
        let (dir, sessie) = common::example_in_tmp("zeist.toml");
        let sjablonen = dir.path().join("mijn-sjablonen");
        std::fs::create_dir(&sjablonen).unwrap();
        let agenda = std::fs::read_to_string(common::root().join("src/templates/agenda.md.j2")).unwrap();
        std::fs::write(sjablonen.join("agenda.md.j2"), &agenda).unwrap();
        let vlag = sjablonen.to_str().unwrap();
        let server = if in_sessie {
            let tekst = std::fs::read_to_string(&sessie).unwrap();
            let tekst = tekst.replacen("[bijeenkomst]\n", "[bijeenkomst]\nsjablonen = \"mijn-sjablonen\"\n", 1);
            std::fs::write(&sessie, tekst).unwrap();
            Bekijk::start(&sessie, &[])
        } else {
            Bekijk::start(&sessie, &["--sjablonen", vlag])
        };
        assert!(!server.get("/agenda.html").tekst().contains("Tot dan!"));
        std::fs::write(sjablonen.join("agenda.md.j2"), format!("{agenda}\nTot dan!\n")).unwrap();
        let begin = Instant::now();
        while !server.get("/agenda.html").tekst().contains("Tot dan!") {
            assert!(
                begin.elapsed() < Duration::from_secs(2),
                "the template change did not show (in the session file: {in_sessie})"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[derive(Debug)]
struct Stap {
    tekst: String,
    ok: bool,
    ms: u64,
}

/// Run the browser plan in headless Chromium, driven by the test Python.
fn in_browser(server: &Bekijk, sessie: &Path, plan: &str) -> (Vec<Stap>, Vec<String>) {
    let chromium = common::chromium();
    let python = common::python();
    let script: PathBuf = common::root().join("tests/clients/bekijk_browser.py");
    let mut kind = Command::new(python)
        .arg(script)
        .arg(chromium)
        .arg(&server.url)
        .arg(sessie)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    kind.stdin.take().unwrap().write_all(plan.as_bytes()).unwrap();
    let o = kind.wait_with_output().unwrap();
    assert!(o.status.success(), "browser script failed:\n{}", common::stderr(&o));
    let uit: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut stappen = Vec::new();
    let mut meldingen = Vec::new();
    for s in uit.as_array().unwrap() {
        match s["stap"].as_str().unwrap() {
            "ga" | "wacht" | "js" => stappen.push(Stap {
                tekst: s["tekst"].as_str().unwrap().to_string(),
                ok: s["ok"].as_bool().unwrap_or(true),
                ms: s["ms"].as_u64().unwrap_or(0),
            }),
            "meldingen" => {
                meldingen = s["regels"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap().to_string())
                    .collect()
            }
            _ => {}
        }
    }
    (stappen, meldingen)
}

#[test]
#[ignore = "needs the test Python (.venv-test) and Chromium"]
fn in_chromium_the_open_page_follows_every_save() {
    let (_dir, sessie) = common::example_in_tmp("zeist.toml");
    let server = Bekijk::start(&sessie, &[]);
    let regel = std::fs::read_to_string(&sessie)
        .unwrap()
        .lines()
        .position(|l| l.starts_with("begintijd"))
        .unwrap()
        + 1;
    let waar = format!("{}:{regel}:1", sessie.display());
    let plan = serde_json::json!([
        {"ga": "/"},
        {"ga": "/agenda.html"},
        // A mark in the page's scripting context: gone if the page reloads.
        {"js": "window.merkteken = 'blijft'", "lees": "window.merkteken"},
        {"vervang": ["begintijd = 13:30:00", "begintijd = 14:10:00"]},
        {"wacht_tot": "14:10", "binnen": 2.0},
        {"js": "0", "lees": "String(window.merkteken)"},
        {"vervang": ["begintijd = 14:10:00", "begintyd = 14:10:00"]},
        {"wacht_tot": waar, "binnen": 2.0},
        {"vervang": ["begintyd = 14:10:00", "begintijd = 14:10:00"]},
        {"wacht_tot": "14:10", "zonder": "niet te gebruiken", "binnen": 2.0},
        // Every other kind of page, for the policy check at the end.
        {"ga": "/draaiboek.html"},
        {"ga": "/casuskaarten.html"},
        {"ga": "/materiaal.html"},
        {"ga": "/groepen.html"},
        {"ga": "/uitnodigingen/ingrid-de-vries.eml"},
        {"ga": "/bestaat-niet"},
        // An inline script slipped into a page (as injected text would be) must not run.
        {"ga": "/agenda.html"},
        {"js": "var s = document.createElement('script'); s.textContent = 'window.binnen = 1'; document.body.appendChild(s)",
         "lees": "String(window.binnen)"},
    ])
    .to_string();
    let (stappen, meldingen) = in_browser(&server, &sessie, &plan);
    let [start, agenda, _, later, merkteken, kapot, hersteld, rest @ ..] = &stappen[..] else {
        panic!("{stappen:?}")
    };
    let kenmerken = [
        "Draaiboek",
        "Youssef",
        "",
        "Groep",
        "X-Unsent: 1",
        "Deze pagina bestaat niet",
        "14:10",
        "undefined",
    ];
    assert_eq!(rest.len(), kenmerken.len());
    for (stap, kenmerk) in rest.iter().zip(kenmerken) {
        assert!(
            !stap.tekst.trim().is_empty() && stap.tekst.contains(kenmerk),
            "{kenmerk}: {}",
            stap.tekst
        );
    }
    assert!(
        start.tekst.contains("van de 120 minuten (13:30 tot "),
        "{}",
        start.tekst
    );
    assert!(start.tekst.contains("Ingrid de Vries"), "{}", start.tekst);
    assert!(
        agenda.tekst.contains("13:30") && !agenda.tekst.contains("14:10"),
        "{}",
        agenda.tekst
    );
    assert!(later.ok, "the agenda did not show 14:10 within 2 s:\n{}", later.tekst);
    assert!(later.tekst.contains("14:10"));
    assert_eq!(merkteken.tekst, "blijft", "the page was updated in place, not reloaded");
    assert!(kapot.ok, "no diagnostic within 2 s:\n{}", kapot.tekst);
    assert!(kapot.tekst.contains("bedoel je `begintijd`?"), "{}", kapot.tekst);
    assert!(hersteld.ok, "the agenda did not come back:\n{}", hersteld.tekst);
    eprintln!(
        "in Chromium: nieuwe tijd na {} ms, melding na {} ms, hersteld na {} ms",
        later.ms, kapot.ms, hersteld.ms
    );
    // The pages and their own script never tripped the policy; the one
    // inline script we slipped in was blocked by it.
    let csp: Vec<&String> = meldingen
        .iter()
        .filter(|m| m.contains("Content Security Policy"))
        .collect();
    assert_eq!(csp.len(), 1, "{csp:?}");
    assert!(
        csp[0].contains("inline script") && csp[0].contains("blocked"),
        "{csp:?}"
    );
}

#[test]
fn the_participant_csv_is_watched_too() {
    let (dir, sessie) = common::example_in_tmp("communicatie.toml");
    let csv = dir.path().join("communicatie-deelnemers.csv");
    let server = Bekijk::start(&sessie, &[]);
    assert!(server.get("/").tekst().contains("<td>Bram de Jong</td>"));
    let tekst = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, tekst.replace("Bram de Jong", "Bram van Dijk")).unwrap();
    let begin = Instant::now();
    loop {
        let t = server.get("/").tekst();
        if t.contains("<td>Bram van Dijk</td>") {
            assert!(!t.contains("Bram de Jong"));
            break;
        }
        assert!(
            begin.elapsed() < Duration::from_secs(2),
            "the CSV change did not show:\n{t}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(server.get("/uitnodigingen/bram-van-dijk.txt").status, 200);
}

#[test]
fn open_hands_the_address_to_the_browser() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let (dir, sessie) = common::example_in_tmp("zeist.toml");
    // A stand-in for the desktop's xdg-open that notes what it was asked.
    let bin = tempfile::tempdir().unwrap();
    let notitie = bin.path().join("geopend.txt");
    let script = bin.path().join("xdg-open");
    std::fs::write(&script, format!("#!/bin/sh\necho \"$@\" > '{}'\n", notitie.display())).unwrap();
    Command::new("chmod").arg("+x").arg(&script).status().unwrap();
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    let mut kind = Command::new(common::bin())
        .args(["bekijk", sessie.to_str().unwrap(), "--open"])
        .env("PATH", path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut eerste = String::new();
    BufReader::new(kind.stdout.take().unwrap())
        .read_line(&mut eerste)
        .unwrap();
    let begin = Instant::now();
    let geopend = loop {
        let t = std::fs::read_to_string(&notitie).unwrap_or_default();
        if t.ends_with('\n') || begin.elapsed() > Duration::from_secs(3) {
            break t;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = kind.kill();
    let _ = kind.wait();
    assert_eq!(geopend.trim(), eerste.trim());
    drop(dir);
}

#[test]
fn closed_output_does_not_stop_the_server() {
    // `draaiboek bekijk x.toml 2>&1 | head -1`: only the address is read.
    let (_dir, sessie) = common::example_in_tmp("zeist.toml");
    let mut server = Bekijk::start(&sessie, &[]);
    drop(server.kind.stderr.take());
    let tekst = std::fs::read_to_string(&sessie).unwrap();
    for (i, tijd) in ["14:10", "14:20", "14:40", "14:50"].iter().enumerate() {
        std::fs::write(
            &sessie,
            tekst.replace("begintijd = 13:30:00", &format!("begintijd = {tijd}:00")),
        )
        .unwrap();
        let begin = Instant::now();
        while !server.get("/agenda.html").tekst().contains(&format!("<td>{tijd}–")) {
            assert!(
                begin.elapsed() < Duration::from_secs(2),
                "edit {i} did not show: the watcher stopped?"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    assert!(server.kind.try_wait().unwrap().is_none(), "the server ended");
}

#[test]
fn a_request_without_exactly_one_host_header_is_refused() {
    let (_dir, sessie) = common::example_in_tmp("zeist.toml");
    let server = Bekijk::start(&sessie, &[]);
    let goed = format!("127.0.0.1:{}", server.poort);
    assert_eq!(vraag(server.poort, "GET", "/agenda.html", &goed).status, 200);
    for host in [String::new(), format!("{goed}\r\nHost: {goed}")] {
        let a = vraag(server.poort, "GET", "/agenda.html", &host);
        assert_eq!(a.status, 400, "Host {host:?}: {}", a.tekst());
        assert!(a.tekst().contains("precies één Host-kop"), "{}", a.tekst());
        assert!(!a.tekst().contains("Welkom"), "no page without a valid Host");
    }
}

#[test]
fn a_full_stdout_does_not_stop_the_server() {
    // `draaiboek bekijk x.toml --poort N > /dev/full`: the address cannot be
    // shown, the pages are served all the same.
    let (_dir, sessie) = common::example_in_tmp("zeist.toml");
    let poort = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let mut kind = Command::new(common::bin())
        .args(["bekijk", sessie.to_str().unwrap(), "--vandaag", VANDAAG])
        .args(["--poort", &poort.to_string()])
        .env("RUST_BACKTRACE", "0")
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let begin = Instant::now();
    let antwoord = loop {
        if TcpStream::connect(("127.0.0.1", poort)).is_ok() {
            break vraag(poort, "GET", "/agenda.html", &format!("127.0.0.1:{poort}"));
        }
        if let Some(status) = kind.try_wait().unwrap() {
            let mut err = String::new();
            kind.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            panic!("bekijk ended ({status}) with a full stdout: {err}");
        }
        assert!(begin.elapsed() < Duration::from_secs(5), "bekijk did not listen");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(antwoord.tekst().contains("Welkom en uitleg programma"));
    assert!(kind.try_wait().unwrap().is_none(), "the server ended");
    let _ = kind.kill();
    let _ = kind.wait();
}

/// A session opened through a symbolic link in another folder: saving the
/// file it points to refreshes the pages.
#[cfg(unix)]
#[test]
fn a_linked_session_is_followed_to_its_target() {
    let (dir, echt) = common::example_in_tmp("zeist.toml");
    let elders = tempfile::tempdir().unwrap();
    let link = elders.path().join("mijn-sessie.toml");
    std::os::unix::fs::symlink(&echt, &link).unwrap();
    let server = Bekijk::start(&link, &[]);
    assert!(server.get("/agenda.html").tekst().contains("<td>13:30–"));
    let tekst = std::fs::read_to_string(&echt).unwrap();
    std::fs::write(&echt, tekst.replace("begintijd = 13:30:00", "begintijd = 14:10:00")).unwrap();
    let begin = Instant::now();
    while !server.get("/agenda.html").tekst().contains("<td>14:10–") {
        assert!(
            begin.elapsed() < Duration::from_secs(2),
            "saving the link's target did not refresh the pages"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(dir);
}

#[test]
fn an_own_library_is_watched_too() {
    let (dir, sessie) = common::example_in_tmp("zeist.toml");
    let lib = dir.path().join("bibliotheek");
    for map in ["building-blocks", "casuistiek", "planning"] {
        std::fs::create_dir_all(lib.join(map)).unwrap();
        for e in std::fs::read_dir(common::root().join(map)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, lib.join(map).join(p.file_name().unwrap())).unwrap();
        }
    }
    let server = Bekijk::start(&sessie, &["--bibliotheek", lib.to_str().unwrap()]);
    assert!(
        server
            .get("/agenda.html")
            .tekst()
            .contains("Welkom en uitleg programma")
    );
    let welkom = lib.join("building-blocks/02-welkom.toml");
    let tekst = std::fs::read_to_string(&welkom).unwrap();
    std::fs::write(
        &welkom,
        tekst.replacen(
            "titel = \"Welkom en uitleg programma\"",
            "titel = \"Welkom en het programma\"",
            1,
        ),
    )
    .unwrap();
    let begin = Instant::now();
    while !server.get("/agenda.html").tekst().contains("Welkom en het programma") {
        assert!(
            begin.elapsed() < Duration::from_secs(2),
            "the library change did not show"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
