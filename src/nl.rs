//! Dutch formatting: long dates, times, amounts. chrono's locale support
//! would pull in a large crate for twelve month names.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

use crate::datetime::MAANDEN;

pub fn weekdag(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "maandag",
        Weekday::Tue => "dinsdag",
        Weekday::Wed => "woensdag",
        Weekday::Thu => "donderdag",
        Weekday::Fri => "vrijdag",
        Weekday::Sat => "zaterdag",
        Weekday::Sun => "zondag",
    }
}

/// The one way a date is read from text: `jjjj-mm-dd` (see [`crate::datetime`],
/// which also says what to write instead of `11-03-2027`).
pub fn parse_datum(s: &str) -> Option<NaiveDate> {
    crate::datetime::parse_date(s).ok()
}

/// The one way a clock time is read from text: `13:30` or `13:30:00`.
pub fn parse_tijd(s: &str) -> Option<chrono::NaiveTime> {
    crate::datetime::parse_time(s).ok()
}

/// "donderdag 11 maart 2027"
pub fn datum_lang(d: NaiveDate) -> String {
    format!(
        "{} {} {} {}",
        weekdag(d),
        d.day(),
        MAANDEN[d.month0() as usize],
        d.year()
    )
}

/// "11 maart 2027"
pub fn datum_kort(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MAANDEN[d.month0() as usize], d.year())
}

/// "13:30"
pub fn tijd(t: NaiveTime) -> String {
    // What `%H:%M` gives, without parsing a format string on every call.
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "€ 1.175,50"
pub fn bedrag(x: f64) -> String {
    let cents = (x * 100.0).round() as i64;
    let (euros, cents) = (cents / 100, (cents % 100).abs());
    let digits = euros.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if euros < 0 { "-" } else { "" };
    format!("€ {sign}{grouped},{cents:02}")
}

/// "a, b en c"
pub fn opsomming(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} en {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_is_what_chrono_writes_for_every_minute() {
        for m in 0..24 * 60 {
            let t = NaiveTime::from_hms_opt(m / 60, m % 60, 59).unwrap();
            assert_eq!(tijd(t), t.format("%H:%M").to_string());
        }
    }

    #[test]
    fn long_date_is_dutch() {
        assert_eq!(
            datum_lang(NaiveDate::from_ymd_opt(2027, 3, 11).unwrap()),
            "donderdag 11 maart 2027"
        );
    }

    #[test]
    fn amounts_use_dutch_separators() {
        assert_eq!(bedrag(1175.5), "€ 1.175,50");
        assert_eq!(bedrag(40.0), "€ 40,00");
    }

    #[test]
    fn lists_end_with_en() {
        assert_eq!(opsomming(&["a".into(), "b".into(), "c".into()]), "a, b en c");
    }
}
