//! The HTTP side of `bekijk`: only GET, only the known paths, every answer
//! with a Content-Security-Policy that allows no script but our own
//! refresh script, and one long-lived event stream per open page.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server};

use super::Gedeeld;
use super::pagina::{self, Antwoord, SCRIPT};

/// The path of the event stream the refresh script listens to.
pub const GEBEURTENISSEN: &str = "/_bekijk/gebeurtenissen";

/// No scripts but ours (served from this server, never inline), no
/// network but this server, inline styles for the documents' own CSS.
pub const CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; \
style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
frame-ancestors 'none'";

const VERNIEUW_JS: &str = include_str!("vernieuw.js");

/// A quiet line to the open pages now and then, so that a closed page
/// ends its thread.
const PING: Duration = Duration::from_secs(15);

/// Answer requests until `stop` is set (Ctrl-C).
pub fn serve(server: &Server, gedeeld: &Arc<Gedeeld>, poort: u16, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match server.recv_timeout(Duration::from_millis(100)) {
            Ok(Some(req)) => {
                let gedeeld = gedeeld.clone();
                std::thread::spawn(move || beantwoord(req, &gedeeld, poort));
            }
            Ok(None) => {}
            Err(e) => {
                super::meld(&format!("De webserver is gestopt: {e}\n"));
                break;
            }
        }
    }
}

fn beantwoord(req: Request, gedeeld: &Gedeeld, poort: u16) {
    if *req.method() != Method::Get {
        let a = Antwoord::tekst(405, "Alleen bekijken (GET) is mogelijk.\n");
        let _ = req.respond(response(a).with_header(header("Allow", "GET")));
        return;
    }
    let hosts: Vec<String> = req
        .headers()
        .iter()
        .filter(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
        .collect();
    let [host] = &hosts[..] else {
        // HTTP/1.1 asks for exactly one `Host` (RFC 9112, 3.2); without one
        // the server cannot tell which name the page was asked under.
        let a = Antwoord::tekst(400, "Ongeldig verzoek: er hoort precies één Host-kop in te staan.\n");
        let _ = req.respond(response(a));
        return;
    };
    if !host_klopt(host, poort) {
        // Another site that points its name at 127.0.0.1 (DNS rebinding)
        // must not read the participants' names.
        let a = Antwoord::tekst(403, "Deze pagina is alleen te bekijken via 127.0.0.1 of localhost.\n");
        let _ = req.respond(response(a));
        return;
    }
    let (pad, query) = match req.url().split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (req.url().to_string(), String::new()),
    };
    match pad.as_str() {
        SCRIPT => {
            let a = Antwoord {
                status: 200,
                soort: "text/javascript; charset=utf-8",
                body: VERNIEUW_JS.as_bytes().to_vec(),
            };
            let _ = req.respond(response(a));
        }
        GEBEURTENISSEN => gebeurtenissen(req, gedeeld, versie_uit(&query)),
        _ => {
            let a = pagina::antwoord(&gedeeld.nu(), &pad);
            let _ = req.respond(response(a));
        }
    }
}

/// The `Host` header (lower case) names this server.
fn host_klopt(host: &str, poort: u16) -> bool {
    host == format!("127.0.0.1:{poort}") || host == format!("localhost:{poort}")
}

fn versie_uit(query: &str) -> u64 {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("versie="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Server-sent events: a `vernieuw` event with the new version each time
/// the server has a rendering newer than the page's; the page fetches itself
/// again and keeps listening. A comment line now and then finds closed pages.
fn gebeurtenissen(req: Request, gedeeld: &Gedeeld, mut versie: u64) {
    let mut w = req.into_writer();
    let kop = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
         Content-Security-Policy: {CSP}\r\nConnection: close\r\n\r\n\
         retry: 500\n\n"
    );
    if w.write_all(kop.as_bytes()).and_then(|_| w.flush()).is_err() {
        return;
    }
    loop {
        let bericht = match gedeeld.wacht(versie, PING) {
            Some(nieuw) => {
                versie = nieuw;
                format!("event: vernieuw\ndata: {nieuw}\n\n")
            }
            None => ": nog actueel\n\n".to_string(),
        };
        if w.write_all(bericht.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
}

fn header(naam: &str, waarde: &str) -> Header {
    Header::from_bytes(naam.as_bytes(), waarde.as_bytes()).expect("ASCII header")
}

fn response(a: Antwoord) -> Response<std::io::Cursor<Vec<u8>>> {
    // Always a Content-Length: tiny_http would switch to chunked transfer
    // above 32 KB, which the draaiboek and 20 invitations exceed.
    Response::from_data(a.body)
        .with_chunked_threshold(usize::MAX)
        .with_status_code(a.status)
        .with_header(header("Content-Type", a.soort))
        .with_header(header("Content-Security-Policy", CSP))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("Referrer-Policy", "no-referrer"))
}
