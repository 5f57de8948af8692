//! iCalendar (RFC 5545) written by hand: the invitation for the session and
//! the trekker's retro-planning.
//!
//! Why by hand: the calendar crates stamp `DTSTAMP` with the clock and leave
//! out the `VTIMEZONE` that a `TZID` needs. The few properties needed here are
//! simpler to write than to work around.
//!
//! Choices, so the behaviour can be checked against them:
//! - The event runs from when the doors open (the inloop, or the lunch that is
//!   the inloop) to the end of the borrel (the time a participant has to keep
//!   free); the DESCRIPTION gives the programme's own times.
//! - One UID for the session (see [`uid`]), shared by `bijeenkomst.ics` and
//!   every personal invite: it is one event, sent to each person separately.
//! - `bijeenkomst.ics` uses `METHOD:PUBLISH`: it has no attendees (it is for
//!   the trekker's own calendar or an intranet page), and a `REQUEST` without
//!   an attendee makes Outlook show a meeting nobody is invited to. A
//!   personal invite uses `REQUEST` with the organiser and that participant
//!   only. A cancelled session: `CANCEL` + `STATUS:CANCELLED` in a personal
//!   invite (RFC 5546: ORGANIZER and ATTENDEE), `PUBLISH` + `STATUS:CANCELLED`
//!   with the raised SEQUENCE in the files to import (`bijeenkomst.ics`,
//!   `planning.ics`).
//! - `DTSTAMP` is the invitation moment ([`stempel`]), never the clock.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::model::{Deelnemer, Sessie, SessieStatus};
use crate::plan::{PlanStap, Planning};

pub const TZID: &str = "Europe/Amsterdam";

/// The Dutch time zone in RRULE form (EU rules since 1996): summer time from
/// the last Sunday of March 02:00 (CEST, +0200) to the last Sunday of
/// October 03:00 (CET, +0100).
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Amsterdam",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19810329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19961027T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

const PRODID: &str = "-//draaiboek//Verdiepende bijeenkomst Kansrijke Start//NL";

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("valid month");
    let mut d = first_next - Duration::days(1);
    while d.weekday() != Weekday::Sun {
        d -= Duration::days(1);
    }
    d
}

/// Offset of Dutch local time from UTC, in hours, by the same rule as [`VTIMEZONE`].
pub fn offset_uur(local: NaiveDateTime) -> i64 {
    let y = local.year();
    let zomer_begin = last_sunday(y, 3).and_hms_opt(2, 0, 0).expect("valid");
    let zomer_eind = last_sunday(y, 10).and_hms_opt(3, 0, 0).expect("valid");
    if local >= zomer_begin && local < zomer_eind {
        2
    } else {
        1
    }
}

/// Dutch local time → UTC.
pub fn naar_utc(local: NaiveDateTime) -> NaiveDateTime {
    local - Duration::hours(offset_uur(local))
}

/// The moment the current version is dated, at 09:00 Dutch time: the day it
/// went out (`[[verstuurd]]`), else for a draft `vandaag` (for a first
/// invitation the `uitnodiging` date): so `DTSTAMP` and the mail's `Date`
/// move with each version.
pub fn stempel(s: &Sessie, vandaag: NaiveDate) -> NaiveDateTime {
    om_negen(crate::levensloop::Levensloop::new(s).stempel_datum(vandaag))
}

/// A day at 09:00 Dutch time: when a letter of that day is dated.
pub fn om_negen(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(9, 0, 0).expect("valid"))
}

pub use crate::fnv::fnv128;

/// The session's stable hex id, from `titel`, `coalitie` and `datum`
/// (trimmed, in that order). The same session keeps its UID when anything
/// else changes (time, place, programme, participants) so calendars update
/// the event via `SEQUENCE`. Once invitations went out, `maak` keeps the id
/// it used in the output folder's record (`export::sessie_id`), so a new
/// date or title updates that same event too.
pub fn sessie_hex(s: &Sessie) -> String {
    crate::levensloop::sessie_hex(s)
}

pub fn uid(s: &Sessie) -> String {
    format!("{}@draaiboek", sessie_hex(s))
}

/// Escape a TEXT value (RFC 5545 3.3.11); CR is dropped, other control
/// characters become spaces.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A parameter value such as `CN`: always quoted; a double quote (not
/// allowed inside) becomes a single one, control characters spaces.
pub fn param_value(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| match c {
            '"' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    format!("\"{}\"", clean.trim())
}

/// Fold one content line at 75 octets (continuations start with a space,
/// which counts), never inside a UTF-8 character; ends with CRLF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

fn join(lines: &[String]) -> String {
    lines.iter().map(|l| fold_line(l)).collect()
}

fn local(d: NaiveDate, t: NaiveTime) -> String {
    d.and_time(t).format("%Y%m%dT%H%M%S").to_string()
}

fn utc(dt: NaiveDateTime) -> String {
    naar_utc(dt).format("%Y%m%dT%H%M%SZ").to_string()
}

fn geannuleerd(s: &Sessie) -> bool {
    s.bijeenkomst.status == SessieStatus::Geannuleerd
}

/// Which kind of calendar file.
#[derive(Debug, Clone, Copy)]
pub enum Voor<'a> {
    /// `bijeenkomst.ics`: no attendees.
    Iedereen,
    /// A personal invite for this participant (who has an e-mail address).
    Deelnemer(&'a Deelnemer),
}

/// The `METHOD` of a calendar file for the session.
pub fn method(s: &Sessie, voor: Voor) -> &'static str {
    methode(s, matches!(voor, Voor::Deelnemer(_)))
}

/// [`method`] by kind: a participant's own invite, or the file for everyone.
fn methode(s: &Sessie, deelnemer: bool) -> &'static str {
    methode_voor(geannuleerd(s), deelnemer)
}

/// A cancellation to one attendee is a CANCEL (RFC 5546, with ORGANIZER
/// and ATTENDEE); a file to import has no attendee, so it is a PUBLISH
/// whose event says STATUS:CANCELLED with a raised SEQUENCE.
pub fn methode_voor(annuleer: bool, deelnemer: bool) -> &'static str {
    match (annuleer, deelnemer) {
        (true, true) => "CANCEL",
        (_, false) => "PUBLISH",
        (false, true) => "REQUEST",
    }
}

/// The calendar file for the session; `description` is the plain text
/// shown in the calendar item.
pub fn bijeenkomst(plan: &Planning, voor: Voor, description: &str, vandaag: NaiveDate) -> String {
    bijeenkomst_id(plan, voor, description, vandaag, &sessie_hex(plan.sessie))
}

/// [`bijeenkomst`] with the session id `hex` given: the id recorded in the
/// output folder when invitations went out, so that a changed date or
/// title still updates the same calendar item.
pub fn bijeenkomst_id(plan: &Planning, voor: Voor, description: &str, vandaag: NaiveDate, hex: &str) -> String {
    Kalender::new(
        plan,
        matches!(voor, Voor::Deelnemer(_)),
        geannuleerd(plan.sessie),
        description,
        stempel(plan.sessie, vandaag),
        hex,
    )
    .voor(voor)
}

/// A calendar file of the session cut around the one line that differs per
/// participant (ATTENDEE): made once per run, so that a list of thousands
/// of invitees does not build the same text thousands of times.
#[derive(Debug, Clone)]
pub struct Kalender {
    /// Everything up to and including ORGANIZER, folded, CRLF line ends.
    kop: String,
    /// STATUS to END:VCALENDAR.
    staart: String,
    geannuleerd: bool,
}

impl Kalender {
    /// The frame for participants' own invites (`deelnemer`) or for the
    /// file for everyone; the kind decides METHOD. `annuleer`: the item is
    /// off (for everyone, or for this one participant); `stamp` its DTSTAMP.
    pub fn new(
        plan: &Planning,
        deelnemer: bool,
        annuleer: bool,
        description: &str,
        stamp: NaiveDateTime,
        hex: &str,
    ) -> Self {
        let s = plan.sessie;
        let geannuleerd = |_: &Sessie| annuleer;
        let b = &s.bijeenkomst;
        let t = &plan.tijden;
        let o = &s.organisator;
        let mut lines: Vec<String> = vec![
            "BEGIN:VCALENDAR".into(),
            format!("PRODID:{PRODID}"),
            "VERSION:2.0".into(),
            "CALSCALE:GREGORIAN".into(),
            format!("METHOD:{}", methode_voor(annuleer, deelnemer)),
        ];
        lines.extend(VTIMEZONE.iter().map(|l| l.to_string()));
        lines.extend([
            "BEGIN:VEVENT".into(),
            format!("UID:{hex}@draaiboek"),
            format!("DTSTAMP:{}", utc(stamp)),
            format!("SEQUENCE:{}", b.versie),
            format!("DTSTART;TZID={TZID}:{}", local(b.datum, t.dag_begin())),
            format!("DTEND;TZID={TZID}:{}", local(b.datum, t.dag_eind())),
            format!(
                "SUMMARY:{}",
                escape_text(&if geannuleerd(s) {
                    format!("Gaat niet door: {}", b.titel)
                } else {
                    b.titel.clone()
                })
            ),
            format!("LOCATION:{}", escape_text(&b.locatie)),
            format!("DESCRIPTION:{}", escape_text(description)),
            format!("ORGANIZER;CN={}:mailto:{}", param_value(&o.naam), o.email.trim()),
        ]);
        let staart = [
            format!("STATUS:{}", if geannuleerd(s) { "CANCELLED" } else { "CONFIRMED" }),
            "TRANSP:OPAQUE".into(),
            "CLASS:PUBLIC".into(),
            "END:VEVENT".into(),
            "END:VCALENDAR".into(),
        ];
        Kalender {
            kop: join(&lines),
            staart: join(&staart),
            geannuleerd: geannuleerd(s),
        }
    }

    /// The whole file for `voor`: with an ATTENDEE line for a participant
    /// with an e-mail address.
    pub fn voor(&self, voor: Voor) -> String {
        let mut out = String::with_capacity(self.kop.len() + self.staart.len() + 200);
        out.push_str(&self.kop);
        if let Voor::Deelnemer(d) = voor
            && let Some(email) = &d.email
        {
            let rsvp = if self.geannuleerd { "FALSE" } else { "TRUE" };
            out.push_str(&fold_line(&format!(
                "ATTENDEE;CN={};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP={rsvp}:mailto:{}",
                param_value(&d.naam),
                email.trim()
            )));
        }
        out.push_str(&self.staart);
        out
    }
}

/// The retro-planning as all-day events (what Outlook, Google and Apple
/// all import; VTODO is ignored by Google). For a cancelled session the
/// file cancels its items (`METHOD:PUBLISH`, `STATUS:CANCELLED`, the same
/// UIDs with the session's `versie` as SEQUENCE). Each step's UID is the session
/// id plus the step's own slug, so re-importing updates instead of
/// duplicating, and a step that comes or goes does not shift the others.
pub fn planning(s: &Sessie, stappen: &[PlanStap], vandaag: NaiveDate) -> String {
    planning_id(s, stappen, vandaag, &sessie_hex(s))
}

/// [`planning`] with the session id `hex` given (see [`bijeenkomst_id`]).
pub fn planning_id(s: &Sessie, stappen: &[PlanStap], vandaag: NaiveDate, hex: &str) -> String {
    let stamp = utc(stempel(s, vandaag));
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        format!("PRODID:{PRODID}"),
        "VERSION:2.0".into(),
        "CALSCALE:GREGORIAN".into(),
        // A file to import: PUBLISH, also when it cancels (STATUS per event).
        "METHOD:PUBLISH".into(),
        format!(
            "X-WR-CALNAME:{}",
            escape_text(&format!("Voorbereiding {}", s.bijeenkomst.titel))
        ),
    ];
    let slugs = super::slug::unique_slugs(stappen.iter().map(|p| p.wat.as_str()));
    for (stap, slug) in stappen.iter().zip(slugs) {
        lines.extend([
            "BEGIN:VEVENT".into(),
            format!("UID:{hex}-{slug}@draaiboek"),
            format!("DTSTAMP:{stamp}"),
            format!("SEQUENCE:{}", s.bijeenkomst.versie),
            format!("DTSTART;VALUE=DATE:{}", stap.datum.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", (stap.datum + Duration::days(1)).format("%Y%m%d")),
            format!(
                "SUMMARY:{}",
                escape_text(&if geannuleerd(s) {
                    format!("Vervalt: {}", stap.wat)
                } else {
                    stap.wat.clone()
                })
            ),
            format!("DESCRIPTION:{}", escape_text(&stap.toelichting)),
            "TRANSP:TRANSPARENT".into(),
        ]);
        if geannuleerd(s) {
            // The meeting is off: calendars that imported the steps drop them.
            lines.push("STATUS:CANCELLED".into());
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    join(&lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn summer_time_follows_the_eu_rule() {
        assert_eq!(offset_uur(dt(2027, 3, 28, 1, 59)), 1);
        assert_eq!(offset_uur(dt(2027, 3, 28, 13, 30)), 2);
        assert_eq!(offset_uur(dt(2027, 10, 31, 2, 59)), 2);
        assert_eq!(offset_uur(dt(2027, 10, 31, 13, 30)), 1);
        assert_eq!(offset_uur(dt(2027, 1, 21, 9, 0)), 1);
        assert_eq!(offset_uur(dt(2027, 7, 1, 9, 0)), 2);
    }

    #[test]
    fn folding_keeps_utf8_whole_and_lines_short() {
        let line = format!("DESCRIPTION:{}", "Römer ı ß € 😀 ".repeat(20));
        let folded = fold_line(&line);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a,b;c\\d\r\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(param_value("Jan \"Tiger\" Bos; arts"), "\"Jan 'Tiger' Bos; arts\"");
    }
}
