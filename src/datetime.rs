//! Dates and times as people type them, with one rule for the session file
//! and for `draaiboek nieuw`: a date is `jjjj-mm-dd`, a time `uu:mm` (or
//! `uu:mm:ss`). Anything else that is recognisably a date or a time — the
//! Dutch `11-03-2027`, `11 maart 2027`, `13.30`, `half twee` — is refused with
//! the exact text to write instead, so the two never disagree and nobody has
//! to guess what went wrong.

use chrono::{Datelike, NaiveDate, NaiveTime};

/// Why a typed date or time was not taken, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// One Dutch sentence: what is wrong.
    pub message: String,
    /// The text to write instead (`2027-03-11`, `13:30`), when it is clear.
    pub fix: Option<String>,
}

impl Slip {
    fn new(message: impl Into<String>, fix: Option<String>) -> Self {
        Slip {
            message: message.into(),
            fix,
        }
    }

    /// Message and fix in one line, for prompts and command-line flags.
    pub fn one_line(&self, example_date: bool) -> String {
        match &self.fix {
            Some(f) => format!("{}; schrijf {f}", self.message),
            None if example_date => format!("{}; schrijf jjjj-mm-dd, bijvoorbeeld 2027-03-11", self.message),
            None => format!("{}; schrijf uu:mm, bijvoorbeeld 13:30", self.message),
        }
    }
}

/// The Dutch month names, January first: read here, written by the long
/// dates of [`crate::nl`].
pub const MAANDEN: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS: [&str; 12] = MAANDEN;

const WEEKDAYS: [&str; 14] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "ma",
    "di",
    "wo",
    "do",
    "vr",
    "za",
    "zo",
];

fn month_from_word(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() >= 3 && m.starts_with(&w)) || (w == "mrt" && *m == "maart"))
        .map(|i| i as u32 + 1)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).map_or(31, |d| d.day())
}

/// A date from its parts, or why it does not exist ("februari 2027 heeft 28 dagen").
fn build_date(year: i32, month: u32, day: u32) -> Result<NaiveDate, Slip> {
    if !(1..=12).contains(&month) {
        return Err(Slip::new(
            format!("maand {month} bestaat niet: een jaar heeft 12 maanden"),
            None,
        ));
    }
    let max = days_in_month(year, month);
    if day == 0 || day > max {
        return Err(Slip::new(
            format!(
                "deze datum bestaat niet: {} {year} heeft {max} dagen",
                MONTHS[month as usize - 1]
            ),
            None,
        ));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| Slip::new("deze datum bestaat niet", None))
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// The one accepted form: `jjjj-mm-dd`. Other recognisable dates are refused
/// with the ISO text to write.
pub fn parse_date(input: &str) -> Result<NaiveDate, Slip> {
    let s = input.trim();
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| all_digits(p))
    {
        return build_date(
            parts[0].parse().unwrap_or(0),
            parts[1].parse().unwrap_or(0),
            parts[2].parse().unwrap_or(0),
        );
    }
    match recognise_date(s) {
        Some(Ok(d)) => Err(Slip::new(
            format!("`{s}` is een datum, maar niet in de vorm jaar-maand-dag"),
            Some(d.format("%Y-%m-%d").to_string()),
        )),
        Some(Err(slip)) => Err(slip),
        None => Err(Slip::new(format!("`{s}` is geen datum"), None)),
    }
}

/// Dates in the forms people write: `11-03-2027`, `11/3/2027`, `2027-3-11`,
/// `11 maart 2027`, `donderdag 11 mrt. 2027`. `None` when it is no date at all.
pub fn recognise_date(s: &str) -> Option<Result<NaiveDate, Slip>> {
    let s = s.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    // Numbers separated by -, / or .
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = s.split(sep).map(str::trim).collect();
        if parts.len() == 3 && parts.iter().all(|p| all_digits(p) && p.len() <= 4) {
            let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
            return if parts[0].len() == 4 {
                Some(build_date(n[0] as i32, n[1], n[2]))
            } else if parts[2].len() == 4 {
                Some(build_date(n[2] as i32, n[1], n[0]))
            } else {
                None
            };
        }
    }
    // Words: [weekday[,]] day month year
    let words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .skip_while(|w| WEEKDAYS.contains(&w.trim_end_matches('.')))
        .collect();
    if words.len() == 3 && all_digits(words[0]) && all_digits(words[2]) && words[2].len() == 4 {
        let month = month_from_word(words[1])?;
        return Some(build_date(
            words[2].parse().unwrap_or(0),
            month,
            words[0].parse().unwrap_or(0),
        ));
    }
    None
}

/// The accepted forms: `uu:mm` and `uu:mm:ss`. Other recognisable times are
/// refused with the `uu:mm` text to write.
pub fn parse_time(input: &str) -> Result<NaiveTime, Slip> {
    let s = input.trim();
    let parts: Vec<&str> = s.split(':').collect();
    if (parts.len() == 2 || parts.len() == 3) && parts.iter().all(|p| p.len() == 2 && all_digits(p)) {
        let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(99)).collect();
        return build_time(n[0], n[1], n.get(2).copied().unwrap_or(0));
    }
    match recognise_time(s) {
        Some(Ok(t)) => Err(Slip::new(
            format!("`{s}` is een tijd, maar niet in de vorm uu:mm"),
            Some(t.format("%H:%M").to_string()),
        )),
        Some(Err(slip)) => Err(slip),
        None => Err(Slip::new(format!("`{s}` is geen tijd"), None)),
    }
}

fn build_time(h: u32, m: u32, s: u32) -> Result<NaiveTime, Slip> {
    if h > 23 {
        return Err(Slip::new(
            format!("{h} uur bestaat niet: uren lopen van 00 tot en met 23"),
            None,
        ));
    }
    if m > 59 || s > 59 {
        return Err(Slip::new(
            "deze tijd bestaat niet: minuten lopen van 00 tot en met 59",
            None,
        ));
    }
    NaiveTime::from_hms_opt(h, m, s).ok_or_else(|| Slip::new("deze tijd bestaat niet", None))
}

const HOUR_WORDS: [&str; 12] = [
    "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf",
];

/// An hour said in words: "twee" → 14 (a meeting at two is in the afternoon;
/// one to seven are read as 13 to 19, eight to twelve as they are).
fn hour_word(w: &str) -> Option<u32> {
    let w = w.replace(['é', 'è'], "e");
    let n = match HOUR_WORDS.iter().position(|h| *h == w) {
        Some(i) => i as u32 + 1,
        None if all_digits(&w) && w.len() <= 2 => w.parse().ok()?,
        None => return None,
    };
    Some(if (1..=7).contains(&n) { n + 12 } else { n })
}

/// Times in the forms people write: `13.30`, `9:15`, `1330`, `13u30`,
/// `13 uur`, `half twee`, `kwart over één`, `kwart voor twee`.
pub fn recognise_time(s: &str) -> Option<Result<NaiveTime, Slip>> {
    let s = s.trim().trim_matches(|c| c == '"' || c == '\'').trim().to_lowercase();
    let s = s.strip_suffix(" uur").map(str::to_string).unwrap_or(s);
    // Digits with . : u or h between hours and minutes.
    for sep in ['.', ':', 'u', 'h'] {
        if let Some((h, m)) = s.split_once(sep) {
            let (h, m) = (h.trim(), m.trim());
            let m = if m.is_empty() { "00" } else { m };
            if all_digits(h) && h.len() <= 2 && all_digits(m) && m.len() == 2 {
                return Some(build_time(h.parse().ok()?, m.parse().ok()?, 0));
            }
        }
    }
    if all_digits(&s) {
        return match s.len() {
            1 | 2 => Some(build_time(s.parse().ok()?, 0, 0)),
            3 | 4 => {
                let (h, m) = s.split_at(s.len() - 2);
                Some(build_time(h.parse().ok()?, m.parse().ok()?, 0))
            }
            _ => None,
        };
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let at = |h: u32, m: u32| Some(build_time(h % 24, m, 0));
    match words.as_slice() {
        ["half", h] => {
            let h = hour_word(h)?;
            at(h + 23, 30)
        }
        ["kwart", "over", h] => at(hour_word(h)?, 15),
        ["kwart", "voor", h] => at(hour_word(h)? + 23, 45),
        [h] => at(hour_word(h)?, 0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn only_iso_dates_are_taken_and_the_rest_gets_the_iso_text() {
        assert_eq!(parse_date("2027-03-11").unwrap(), d("2027-03-11"));
        for typed in [
            "11-03-2027",
            "11/3/2027",
            "2027-3-11",
            "11 maart 2027",
            "donderdag 11 mrt. 2027",
            "11.03.2027",
        ] {
            let slip = parse_date(typed).unwrap_err();
            assert_eq!(slip.fix.as_deref(), Some("2027-03-11"), "{typed}");
        }
    }

    #[test]
    fn an_impossible_date_says_why() {
        let slip = parse_date("2027-02-29").unwrap_err();
        assert!(
            slip.message.contains("februari 2027 heeft 28 dagen"),
            "{}",
            slip.message
        );
        let slip = parse_date("30-02-2028").unwrap_err();
        assert!(
            slip.message.contains("februari 2028 heeft 29 dagen"),
            "{}",
            slip.message
        );
        assert!(parse_date("2027-13-01").unwrap_err().message.contains("12 maanden"));
        assert_eq!(parse_date("morgen").unwrap_err().fix, None);
    }

    #[test]
    fn only_clock_times_are_taken_and_the_rest_gets_uu_mm() {
        assert_eq!(
            parse_time("13:30").unwrap(),
            NaiveTime::from_hms_opt(13, 30, 0).unwrap()
        );
        assert_eq!(
            parse_time("13:30:00").unwrap(),
            NaiveTime::from_hms_opt(13, 30, 0).unwrap()
        );
        for (typed, fix) in [
            ("13.30", "13:30"),
            ("1330", "13:30"),
            ("13u30", "13:30"),
            ("half twee", "13:30"),
            ("kwart over één", "13:15"),
            ("kwart voor twee", "13:45"),
            ("9:15", "09:15"),
            ("9.15 uur", "09:15"),
            ("half tien", "09:30"),
        ] {
            assert_eq!(parse_time(typed).unwrap_err().fix.as_deref(), Some(fix), "{typed}");
        }
        assert!(parse_time("25:00").unwrap_err().message.contains("00 tot en met 23"));
        assert_eq!(parse_time("na de lunch").unwrap_err().fix, None);
    }
}
