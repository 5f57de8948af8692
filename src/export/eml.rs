//! Mail drafts (RFC 5322 + MIME) written by hand: a handful of headers, a
//! text body and one calendar part do not justify a mail crate.
//!
//! The message is a draft (`X-Unsent: 1`): Outlook and Thunderbird open it
//! for editing, so the trekker reviews it and sends it from their own
//! mailbox. Structure (the one Google Calendar sends, which Outlook, Gmail
//! and Apple Mail all show as a meeting request):
//!
//! ```text
//! multipart/mixed
//! ├── multipart/alternative
//! │   ├── text/plain; charset=UTF-8                      (quoted-printable)
//! │   └── text/calendar; method=REQUEST; charset=UTF-8   (base64)
//! └── application/ics; name="uitnodiging.ics", attachment (base64)
//! ```
//!
//! Outlook decides "meeting request or plain attachment" from the
//! `text/calendar` part inside the alternative; the `.ics` attachment is
//! for clients that want a file to open.
//!
//! The calendar part's `method=` matches the ICS `METHOD` (Outlook requires
//! that to offer Accept/Decline).

use chrono::NaiveDateTime;

/// Longest header line we produce before folding (RFC 5322 recommends 78).
const HEADER_WIDTH: usize = 78;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648) without line breaks.
pub fn base64(data: &[u8]) -> String {
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4);
    base64_in(data, &mut out);
    String::from_utf8(out).expect("base64 is ASCII")
}

/// Append the base64 of `data` to `out` (bytes, so no per-character UTF-8 work).
fn base64_in(data: &[u8], out: &mut Vec<u8>) {
    let teken = |n: u32| B64[(n & 63) as usize];
    let mut chunks = data.chunks_exact(3);
    for c in &mut chunks {
        let n = u32::from(c[0]) << 16 | u32::from(c[1]) << 8 | u32::from(c[2]);
        out.extend_from_slice(&[teken(n >> 18), teken(n >> 12), teken(n >> 6), teken(n)]);
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[teken(n >> 18), teken(n >> 12), b'=', b'=']);
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            out.extend_from_slice(&[teken(n >> 18), teken(n >> 12), teken(n >> 6), b'=']);
        }
        _ => {}
    }
}

/// Base64 in lines of 76 characters with CRLF (RFC 2045 6.8).
pub fn base64_lines(data: &[u8]) -> String {
    // 57 input bytes make exactly one 76-character line.
    let mut out = Vec::with_capacity(data.len().div_ceil(57) * 78);
    for regel in data.chunks(57) {
        base64_in(regel, &mut out);
        out.extend_from_slice(b"\r\n");
    }
    String::from_utf8(out).expect("base64 is ASCII")
}

/// Quoted-printable (RFC 2045 6.7) of text whose lines end in `\n` or
/// `\r\n`; output lines end in CRLF and are at most 76 characters.
pub fn quoted_printable(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out: Vec<u8> = Vec::with_capacity(text.len() + text.len() / 8 + 16);
    // Lines end at "\n"; a "\r" right before it belongs to the line end. A
    // final line end gives no empty last line.
    let body = text
        .strip_suffix('\n')
        .map_or(text, |t| t.strip_suffix('\r').unwrap_or(t));
    let mut regels = body.split('\n').peekable();
    while let Some(regel) = regels.next() {
        let regel = if regels.peek().is_some() {
            regel.strip_suffix('\r').unwrap_or(regel)
        } else {
            regel
        };
        let bytes = regel.as_bytes();
        // A byte stays as it is: printable ASCII but "=", or a space or tab
        // that does not end the line.
        let blijft = |i: usize| {
            let b = bytes[i];
            (b == b' ' || b == b'\t') && i + 1 != bytes.len() || (33..=126).contains(&b) && b != b'='
        };
        // Most lines need no encoding at all: short, every byte staying, not
        // starting with "." or "F".
        if bytes.len() <= 76 && bytes.first().is_none_or(|b| *b != b'.' && *b != b'F') && (0..bytes.len()).all(blijft) {
            out.extend_from_slice(bytes);
            out.extend_from_slice(b"\r\n");
            continue;
        }
        // Leave room for the soft break "=" unless a byte ends the line.
        let grens = |i: usize| if i + 1 == bytes.len() { 76 } else { 75 };
        let mut width = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // Keep "." and "From " at a line start safe from old mail software.
            let plain = blijft(i) && !(width == 0 && (b == b'.' || b == b'F'));
            if plain {
                // Copy the run of bytes that stay, as far as it fits on this line.
                let mut j = i;
                while j < bytes.len() && blijft(j) && width + (j - i) < grens(j) {
                    j += 1;
                }
                if j > i {
                    out.extend_from_slice(&bytes[i..j]);
                    width += j - i;
                    i = j;
                    continue;
                }
            }
            let len = if plain { 1 } else { 3 };
            if width + len > grens(i) {
                out.extend_from_slice(b"=\r\n");
                width = 0;
            }
            if plain {
                out.push(b);
            } else {
                out.extend_from_slice(&[b'=', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
            }
            width += len;
            i += 1;
        }
        out.extend_from_slice(b"\r\n");
    }
    String::from_utf8(out).expect("quoted-printable is ASCII")
}

/// Text safe for a header: control characters (CR, LF, tab …) become single
/// spaces, so input can never add a header line.
pub fn header_safe(s: &str) -> String {
    // Printable ASCII with single spaces between words is already safe.
    let gewoon = s.bytes().all(|b| (0x21..=0x7e).contains(&b) || b == b' ');
    if gewoon && !s.starts_with(' ') && !s.ends_with(' ') && !s.contains("  ") {
        return s.to_string();
    }
    let replaced: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// RFC 2047 encoded-words (`=?UTF-8?B?…?=`), each at most 68 characters and
/// never splitting a character, separated by spaces (which decoders drop
/// between encoded-words, and where [`fold`] may break the line).
pub fn encoded_words(s: &str) -> String {
    // 42 bytes → 56 base64 characters → a 68-character word, which fits on a
    // 78-column line even after "Subject: " (RFC 2047 allows up to 75).
    const MAX_BYTES: usize = 42;
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in s.chars() {
        if chunk.len() + c.len_utf8() > MAX_BYTES {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| format!("=?UTF-8?B?{}?=", base64(w.as_bytes())))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The longest word a header keeps plain: a longer one could not be folded
/// into 78 columns, so it is written as encoded-words (RFC 2047), which can.
const LONG_WORD: usize = 60;

fn has_long_word(s: &str) -> bool {
    s.split(' ').any(|w| w.len() > LONG_WORD)
}

/// An unstructured header value (Subject): plain when ASCII with words that
/// fit on a line, else encoded-words.
pub fn unstructured(s: &str) -> String {
    let s = header_safe(s);
    if s.is_ascii() && !has_long_word(&s) {
        s
    } else {
        encoded_words(&s)
    }
}

/// An address with display name: `"Name" <addr>` when the name is ASCII
/// (quoted, `\` and `"` escaped), a [`phrase`] with encoded-words otherwise.
pub fn mailbox(name: &str, addr: &str) -> String {
    let name = header_safe(name);
    let addr = header_safe(addr);
    if name.is_empty() {
        format!("<{addr}>")
    } else if name.is_ascii() && !has_long_word(&name) {
        let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{quoted}\" <{addr}>")
    } else {
        format!("{} <{addr}>", phrase(&name))
    }
}

/// A non-ASCII display name as a phrase: plain words stay plain, each run of
/// words that need encoding becomes encoded-words. Keeping runs together
/// matters: between two encoded-words RFC 2047 decoders drop the space,
/// while Python's address parser keeps it, so a split at a space or inside
/// a word would read differently in different programs. Only a run longer
/// than one encoded-word (42 bytes) is still split.
pub fn phrase(name: &str) -> String {
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/?^_`{|}~".contains(c);
    let mut groups: Vec<(bool, String)> = Vec::new();
    for word in name.split(' ').filter(|w| !w.is_empty()) {
        let plain = word.chars().all(atext) && word.len() <= LONG_WORD;
        match groups.last_mut() {
            Some((false, run)) if !plain => {
                run.push(' ');
                run.push_str(word);
            }
            _ => groups.push((plain, word.to_string())),
        }
    }
    groups
        .iter()
        .map(|(plain, text)| if *plain { text.clone() } else { encoded_words(text) })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `Name: value` folded at spaces so each line stays within 78 characters
/// where the words allow; continuation lines start with a space. Ends in CRLF.
pub fn fold(name: &str, value: &str) -> String {
    let mut out = format!("{name}:");
    let mut width = out.len();
    for word in value.split(' ').filter(|w| !w.is_empty()) {
        if width + 1 + word.len() > HEADER_WIDTH && width > name.len() + 1 {
            out.push_str("\r\n");
            width = 0;
        }
        out.push(' ');
        out.push_str(word);
        width += 1 + word.len();
    }
    out.push_str("\r\n");
    out
}

/// RFC 5322 date: `Thu, 21 Jan 2027 09:00:00 +0100` (English names, as the RFC requires).
pub fn date(local: NaiveDateTime, offset_hours: i64) -> String {
    format!("{} {:+03}00", local.format("%a, %d %b %Y %H:%M:%S"), offset_hours)
}

/// Everything one draft needs.
pub struct Concept<'a> {
    pub van: (&'a str, &'a str),
    pub aan: (&'a str, &'a str),
    pub onderwerp: &'a str,
    pub datum: String,
    pub message_id: String,
    pub tekst: &'a str,
    pub ics: &'a str,
    /// `REQUEST` or `CANCEL`, equal to the ICS `METHOD`.
    pub method: &'a str,
}

/// The headers every draft shares (From, To, Subject, Date, Message-ID,
/// MIME-Version and `X-Unsent: 1`), folded, CRLF line ends.
fn kopregels(van: (&str, &str), aan: (&str, &str), onderwerp: &str, datum: &str, message_id: &str) -> String {
    let mut m = String::new();
    m.push_str(&fold("From", &mailbox(van.0, van.1)));
    m.push_str(&fold("To", &mailbox(aan.0, aan.1)));
    m.push_str(&fold("Subject", &unstructured(onderwerp)));
    m.push_str(&fold("Date", datum));
    m.push_str(&fold("Message-ID", message_id));
    m.push_str("MIME-Version: 1.0\r\n");
    m.push_str("X-Unsent: 1\r\n");
    m
}

/// The whole message, CRLF line ends.
pub fn bericht(c: &Concept) -> Vec<u8> {
    // "=_" cannot occur in quoted-printable or base64 text, so the boundary
    // never collides with a body.
    // At most 70 characters (RFC 2046).
    // The two boundaries differ before the hash, so neither is a prefix of
    // the other (some parsers compare prefixes).
    let h = super::ics::fnv128(c.message_id.as_bytes());
    let boundary = format!("=_draaiboek_m_{h:032x}");
    let mut m = kopregels(c.van, c.aan, c.onderwerp, &c.datum, &c.message_id);
    m.push_str(&fold(
        "Content-Type",
        &format!("multipart/mixed; boundary=\"{boundary}\""),
    ));
    m.push_str("\r\n");
    m.push_str("Dit bericht bestaat uit meerdere delen (MIME).\r\n");
    let alt = format!("=_draaiboek_a_{h:032x}");
    // The invite goes in twice: shown inline, and as an attachment.
    let ics = base64_lines(c.ics.as_bytes());
    m.push_str(&format!("\r\n--{boundary}\r\n"));
    m.push_str(&fold(
        "Content-Type",
        &format!("multipart/alternative; boundary=\"{alt}\""),
    ));
    m.push_str(&format!("\r\n--{alt}\r\n"));
    m.push_str("Content-Type: text/plain; charset=UTF-8\r\n");
    m.push_str("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    m.push_str(&quoted_printable(c.tekst));
    m.push_str(&format!("\r\n--{alt}\r\n"));
    m.push_str(&fold(
        "Content-Type",
        &format!("text/calendar; method={}; charset=UTF-8", c.method),
    ));
    m.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
    m.push_str(&ics);
    m.push_str(&format!("\r\n--{alt}--\r\n"));
    m.push_str(&format!("\r\n--{boundary}\r\n"));
    m.push_str("Content-Type: application/ics; name=\"uitnodiging.ics\"\r\n");
    m.push_str("Content-Disposition: attachment; filename=\"uitnodiging.ics\"\r\n");
    m.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
    m.push_str(&ics);
    m.push_str(&format!("\r\n--{boundary}--\r\n"));
    m.into_bytes()
}

/// A mail draft with only a text: reminders and thank-you mails.
pub struct Tekstmail<'a> {
    pub van: (&'a str, &'a str),
    pub aan: (&'a str, &'a str),
    pub onderwerp: &'a str,
    pub datum: String,
    pub message_id: String,
    pub tekst: &'a str,
}

/// The whole single-part message (`text/plain`, quoted-printable), CRLF
/// line ends, with the same headers as [`bericht`].
pub fn tekstbericht(c: &Tekstmail) -> Vec<u8> {
    let mut m = kopregels(c.van, c.aan, c.onderwerp, &c.datum, &c.message_id);
    m.push_str("Content-Type: text/plain; charset=UTF-8\r\n");
    m.push_str("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    m.push_str(&quoted_printable(c.tekst));
    m.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }

    #[test]
    fn encoded_words_stay_short_and_whole() {
        let s = "Uitnodiging: Verdiepende bijeenkomst Kansrijke Start – Chantal Römer, Mehmet Yılmaz 😀";
        let e = encoded_words(s);
        for w in e.split(' ') {
            assert!(w.len() <= 75 && w.starts_with("=?UTF-8?B?") && w.ends_with("?="), "{w}");
        }
    }

    #[test]
    fn headers_cannot_be_injected() {
        let f = fold("Subject", &unstructured("Hallo\r\nBcc: iedereen@example.nl"));
        assert_eq!(f, "Subject: Hallo Bcc: iedereen@example.nl\r\n");
        assert_eq!(mailbox("Jan \"de\" Bos", "j@x.nl"), "\"Jan \\\"de\\\" Bos\" <j@x.nl>");
    }

    /// The first, straightforward version: the reference the faster one
    /// must equal byte for byte.
    fn qp_referentie(text: &str) -> String {
        let mut out = String::new();
        let normalized = text.replace("\r\n", "\n");
        let mut lines: Vec<&str> = normalized.split('\n').collect();
        if normalized.ends_with('\n') {
            lines.pop();
        }
        for line in lines {
            let bytes = line.as_bytes();
            let mut width = 0;
            for (i, &b) in bytes.iter().enumerate() {
                let last = i + 1 == bytes.len();
                let plain = (b == b' ' || b == b'\t') && !last || (33..=126).contains(&b) && b != b'=';
                let plain = plain && !(width == 0 && (b == b'.' || b == b'F'));
                let len = if plain { 1 } else { 3 };
                if width + len > if last { 76 } else { 75 } {
                    out.push_str("=\r\n");
                    width = 0;
                }
                if plain {
                    out.push(b as char);
                } else {
                    out.push_str(&format!("={b:02X}"));
                }
                width += len;
            }
            out.push_str("\r\n");
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn quoted_printable_equals_the_reference(text in "(([a-zé=. \\t\\r\\nF]|From ){0,60}[a-z .F=]{0,100}){0,4}") {
            proptest::prop_assert_eq!(quoted_printable(&text), qp_referentie(&text));
        }

        #[test]
        fn base64_lines_decode_to_the_input(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let lines = base64_lines(&data);
            let joined: String = lines.split("\r\n").collect();
            proptest::prop_assert!(lines.split("\r\n").all(|l| l.len() <= 76));
            proptest::prop_assert_eq!(joined, base64(&data));
        }
    }

    #[test]
    fn quoted_printable_edge_cases() {
        for t in [
            "", "\n", "a\r", "a\r\n", "a\r\r\n", "a\r\r\nb", "\r\n\r\n", " \n\t", "=", ".", "From x",
        ] {
            assert_eq!(quoted_printable(t), qp_referentie(t), "{t:?}");
        }
    }

    #[test]
    fn quoted_printable_lines_are_short_and_encode_utf8() {
        let qp = quoted_printable(&format!(
            "Beste Chantal Römer,\n\n{}\n",
            "één twee drie = vier ".repeat(10)
        ));
        for l in qp.split("\r\n") {
            assert!(l.len() <= 76, "{l}");
        }
        assert!(qp.starts_with("Beste Chantal R=C3=B6mer,\r\n\r\n"));
        assert!(qp.contains("=3D"));
    }

    #[test]
    fn date_has_sign_and_two_digit_offset() {
        let d = chrono::NaiveDate::from_ymd_opt(2027, 1, 21)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        assert_eq!(date(d, 1), "Thu, 21 Jan 2027 09:00:00 +0100");
    }

    #[test]
    fn phrases_keep_plain_words_and_encode_runs_whole() {
        assert_eq!(phrase("Mehmet Yılmaz"), format!("Mehmet {}", encoded_words("Yılmaz")));
        assert_eq!(
            phrase("Chantal Römer van Ærø"),
            format!("Chantal {} van {}", encoded_words("Römer"), encoded_words("Ærø"))
        );
        assert_eq!(phrase("Zoë \"Jo\" Ñu"), encoded_words("Zoë \"Jo\" Ñu"));
    }
}
