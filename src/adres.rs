//! The one check for every e-mail address (organiser and participants, in
//! TOML and CSV): strict, because an address ends up in mail headers, in
//! calendar invitations and in `mailto:` links that the whole group gets.
//!
//! An address is `lokaal@domein`: the local part in plain ASCII without
//! spaces, quotes, angle brackets or a query (`?cc=` would add a hidden
//! recipient to a link), the domain as host names are written. A domain in
//! other letters (`bücher.example`) is written in its ASCII form
//! (`xn--bcher-kva.example`, via the `idna` crate), so no raw 8-bit byte
//! reaches a header. Invisible characters (a zero-width space copied from
//! a web page) are refused with their code, never silently kept.

use unicode_normalization::UnicodeNormalization;

/// The longest e-mail address accepted: ` <address>` then still fits on one
/// 78-column mail header line (an address cannot be folded).
pub const MAX_EMAIL_LEN: usize = 75;

/// Why an address is refused: the message and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdresFout {
    pub wat: String,
    pub hulp: String,
    /// A short label for the place in the file.
    pub label: &'static str,
}

fn fout(wat: impl Into<String>, label: &'static str, hulp: impl Into<String>) -> AdresFout {
    AdresFout {
        wat: wat.into(),
        hulp: hulp.into(),
        label,
    }
}

/// Characters that show nothing: zero-width space and joiners, word joiner,
/// BOM, soft hyphen, direction marks and the other format characters.
pub fn onzichtbaar(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{E0000}'..='\u{E007F}')
}

/// The address as it is written everywhere (trimmed, domain in lower-case
/// ASCII), or why it cannot be used.
pub fn adres(invoer: &str) -> Result<String, AdresFout> {
    let s = invoer.trim();
    if let Some(c) = s.chars().find(|&c| onzichtbaar(c) || c.is_control()) {
        return Err(fout(
            format!(
                "het e-mailadres `{}` bevat een onzichtbaar teken (U+{:04X})",
                crate::term::visible(&s.replace(c, "")),
                c as u32
            ),
            "onzichtbaar teken",
            "typ het adres opnieuw in plaats van het te kopiëren; zo'n teken komt vaak mee van een website of uit een pdf",
        ));
    }
    if s.chars().any(char::is_whitespace) {
        return Err(fout(
            format!("`{s}` is geen e-mailadres: er staat een spatie in"),
            "spatie",
            "een e-mailadres heeft geen spaties; staan er twee adressen, zet dan één persoon per regel",
        ));
    }
    if s.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("mailto:")) {
        return Err(fout(
            format!("`{s}` is een link, geen e-mailadres"),
            "link",
            format!("schrijf alleen het adres: {}", s[7..].split('?').next().unwrap_or("")),
        ));
    }
    if let Some(p) = s.find('?') {
        return Err(fout(
            format!("`{s}` is geen gewoon e-mailadres: na het `?` staan extra opdrachten"),
            "geen adres",
            format!(
                "schrijf alleen het adres ({}); een toevoeging als ?cc= zou anderen stil laten meelezen",
                &s[..p]
            ),
        ));
    }
    let Some((lokaal, domein)) = s.rsplit_once('@') else {
        return Err(fout(
            format!("`{s}` lijkt geen e-mailadres: er staat geen @ in"),
            "geen e-mailadres",
            "schrijf het adres als naam@organisatie.nl",
        ));
    };
    if lokaal.is_empty() || lokaal.contains('@') {
        return Err(fout(
            format!("`{s}` lijkt geen e-mailadres"),
            "geen e-mailadres",
            "schrijf het adres als naam@organisatie.nl, met één @",
        ));
    }
    if let Some(c) = lokaal.chars().find(|c| !c.is_ascii()) {
        return Err(fout(
            format!("het e-mailadres `{s}` heeft een `{c}` vóór de @"),
            "niet-ASCII",
            "een concept-mail kan alleen letters zonder accent, cijfers en . _ - + vóór de @ aan; vraag de persoon om een adres zonder accenten",
        ));
    }
    if let Some(c) = lokaal
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "!#$%&'*+-/=^_`{|}~.".contains(*c)))
    {
        return Err(fout(
            format!("het e-mailadres `{s}` heeft een `{c}` vóór de @"),
            "ongeldig teken",
            "schrijf het adres als naam@organisatie.nl, zonder < > , ; : \" ( ) [ ] of \\",
        ));
    }
    if lokaal.starts_with('.') || lokaal.ends_with('.') || lokaal.contains("..") {
        return Err(fout(
            format!("het e-mailadres `{s}` heeft een punt op een verkeerde plek vóór de @"),
            "punt",
            "vóór de @ staat geen punt aan het begin of eind, en nooit twee punten achter elkaar",
        ));
    }
    let domein = domein_ascii(s, domein)?;
    let uit = format!("{lokaal}@{domein}");
    let n = uit.chars().count();
    if n > MAX_EMAIL_LEN {
        return Err(fout(
            format!("dit e-mailadres is {n} tekens lang; een concept-mail kan hoogstens {MAX_EMAIL_LEN} tekens aan"),
            "te lang",
            "gebruik een korter adres van deze persoon (vaak heeft de organisatie ook een kortere vorm)",
        ));
    }
    Ok(uit)
}

/// The domain in lower-case ASCII: as given, or its `xn--` form.
fn domein_ascii(s: &str, domein: &str) -> Result<String, AdresFout> {
    let ongeldig = |wat: &str| {
        fout(
            format!("het e-mailadres `{s}` heeft {wat} na de @"),
            "ongeldig domein",
            "na de @ staat de naam van de organisatie met een punt, zoals ggd.nl of gemeente-zeist.nl",
        )
    };
    let ascii = if domein.is_ascii() {
        domein.to_ascii_lowercase()
    } else {
        let nfc: String = domein.nfc().collect();
        idna::domain_to_ascii_cow(nfc.as_bytes(), idna::AsciiDenyList::URL)
            .map_err(|_| ongeldig("een domeinnaam die niet bestaan kan"))?
            .into_owned()
    };
    if !ascii.contains('.') {
        return Err(ongeldig("geen punt"));
    }
    for label in ascii.split('.') {
        if label.is_empty() {
            return Err(ongeldig("een punt op een verkeerde plek"));
        }
        if let Some(c) = label.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-')) {
            return Err(ongeldig(&format!("een `{c}`")));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(ongeldig("een streepje aan het begin of eind van een deel"));
        }
    }
    Ok(ascii)
}

/// Text as it is compared (and kept): composed (NFC), invisible
/// characters removed. Plain ASCII comes back as it is.
pub fn schoon(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    s.chars().filter(|&c| !onzichtbaar(c)).nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_addresses_come_back_in_their_header_form() {
        for (in_, uit) in [
            ("i.devries@ggd.example", "i.devries@ggd.example"),
            ("  Jan.Bos@Gemeente-Zeist.NL ", "Jan.Bos@gemeente-zeist.nl"),
            ("a+b@x.nl", "a+b@x.nl"),
            ("info@bücher.example", "info@xn--bcher-kva.example"),
            // A decomposed ü (u + combining diaeresis) is the same domain.
            ("info@bu\u{308}cher.example", "info@xn--bcher-kva.example"),
        ] {
            assert_eq!(adres(in_).as_deref(), Ok(uit), "{in_}");
        }
    }

    #[test]
    fn dangerous_and_broken_addresses_are_refused_with_the_reason() {
        for (in_, label) in [
            ("x@y.example?cc=all@z.example&body=hoi", "geen adres"),
            ("mailto:x@y.example", "link"),
            ("ingrid\u{200B}@x.nl", "onzichtbaar teken"),
            ("ingrid@x.nl\u{FEFF}", "onzichtbaar teken"),
            ("ingrid@x\u{7}.nl", "onzichtbaar teken"),
            ("in grid@x.nl", "spatie"),
            ("a@b.nl,c@d.nl", "geen e-mailadres"),
            ("a@b,c.nl", "ongeldig domein"),
            ("é@x.nl", "niet-ASCII"),
            ("\"Ingrid\" <i@x.nl>", "spatie"),
            ("<i@x.nl>", "ongeldig teken"),
            ("inés@x.nl", "niet-ASCII"),
            ("geen-adres", "geen e-mailadres"),
            ("a@@x.nl", "geen e-mailadres"),
            ("a@localhost", "ongeldig domein"),
            ("a@x..nl", "ongeldig domein"),
            ("a@-x.nl", "ongeldig domein"),
            (".a@x.nl", "punt"),
        ] {
            let e = adres(in_).expect_err(in_);
            assert_eq!(e.label, label, "{in_}: {e:?}");
            assert!(!e.wat.contains('\u{200B}') && !e.wat.contains('\u{7}'), "{e:?}");
        }
        let lang = format!("{}@x.nl", "a".repeat(80));
        assert_eq!(adres(&lang).unwrap_err().label, "te lang");
    }

    #[test]
    fn clean_text_is_composed_without_invisible_characters() {
        assert_eq!(schoon("Ing\u{200B}rid"), "Ingrid");
        assert_eq!(schoon("Ro\u{308}mer"), "Römer");
        assert_eq!(schoon("Jan de Vries"), "Jan de Vries");
    }
}
