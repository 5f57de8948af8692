//! Which column of a participant list means what: one table of the names
//! Outlook (Dutch and English), Excel, Google Contacts and Microsoft Forms
//! give their columns, and draaiboek's own names.
//!
//! A header is compared without case, spaces and punctuation, so
//! `E-mail Address`, `e-mailadres` and `E-mail 1 - Value` are found alike.
//! A new field (a column of another helper) is one more row here.

/// draaiboek's own column names, in the order they are suggested.
pub const FIELDS: &[&str] = &[
    "naam",
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "roepnaam",
    "titel",
    "aanhef",
    "email",
    "organisatie",
    "afdeling",
    "functie",
    "domein",
    "elearning",
    "status",
    "delen",
    "aanwezig",
    "dieet",
    "registratienummer",
];

/// Header (compared by [`sleutel`]) → field. Each field's own name is
/// found without being listed.
const KOLOMMEN: &[(&str, &str)] = &[
    // The whole name: Microsoft Forms (`Naam`/`Name`), old Google (`Name`).
    ("name", "naam"),
    ("volledigenaam", "naam"),
    ("fullname", "naam"),
    // Name parts: Outlook NL/EN, Google (old: Given/Additional/Family Name).
    ("firstname", "voornaam"),
    ("givenname", "voornaam"),
    ("middelstenaam", "tussenvoegsel"),
    ("middlename", "tussenvoegsel"),
    ("additionalname", "tussenvoegsel"),
    ("tussenvoegsels", "tussenvoegsel"),
    ("lastname", "achternaam"),
    ("familyname", "achternaam"),
    ("surname", "achternaam"),
    ("bijnaam", "roepnaam"),
    ("nickname", "roepnaam"),
    ("title", "titel"),
    ("nameprefix", "titel"),
    ("aanspreektitel", "titel"),
    ("salutation", "aanhef"),
    // The address: Outlook NL `E-mailadres`, EN `E-mail Address`, Google
    // `E-mail 1 - Value`, Forms `E-mail`.
    ("emailadres", "email"),
    ("mail", "email"),
    ("mailadres", "email"),
    ("emailaddress", "email"),
    ("email1value", "email"),
    // Organisation and function: Outlook `Bedrijf`/`Company`, `Functie`/`Job
    // Title`; Google `Organization Name`/`Organization 1 - Name` and `- Title`.
    ("bedrijf", "organisatie"),
    ("company", "organisatie"),
    ("organization", "organisatie"),
    ("organisation", "organisatie"),
    ("organizationname", "organisatie"),
    ("organization1name", "organisatie"),
    ("werkgever", "organisatie"),
    ("department", "afdeling"),
    ("organizationdepartment", "afdeling"),
    ("organization1department", "afdeling"),
    ("jobtitle", "functie"),
    ("organizationtitle", "functie"),
    ("organization1title", "functie"),
    ("beroep", "functie"),
    ("domain", "domein"),
    ("elearninggedaan", "elearning"),
    ("elearninggevolgd", "elearning"),
    ("emaildelen", "delen"),
    ("adresdelen", "delen"),
    ("aanwezigheid", "aanwezig"),
    ("dieetwens", "dieet"),
    ("dieetwensen", "dieet"),
    ("big", "registratienummer"),
    ("bignummer", "registratienummer"),
    ("bigregistratie", "registratienummer"),
    ("registernummer", "registratienummer"),
];

/// A header as it is compared: lower case, letters and digits only.
pub fn sleutel(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The field a header names, if draaiboek uses it.
pub fn field_for(header: &str) -> Option<&'static str> {
    let key = sleutel(header);
    FIELDS
        .iter()
        .copied()
        .find(|f| *f == key)
        .or_else(|| KOLOMMEN.iter().find(|(k, _)| *k == key).map(|(_, f)| *f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_of_common_exports_are_known() {
        for (kop, veld) in [
            ("Voornaam", "voornaam"),
            ("Middelste naam", "tussenvoegsel"),
            ("Achternaam", "achternaam"),
            ("E-mailadres", "email"),
            ("Bedrijf", "organisatie"),
            ("Afdeling", "afdeling"),
            ("Functie", "functie"),
            ("Titel", "titel"),
            ("First Name", "voornaam"),
            ("Middle Name", "tussenvoegsel"),
            ("Last Name", "achternaam"),
            ("E-mail Address", "email"),
            ("Company", "organisatie"),
            ("Job Title", "functie"),
            ("Given Name", "voornaam"),
            ("Family Name", "achternaam"),
            ("E-mail 1 - Value", "email"),
            ("Organization 1 - Name", "organisatie"),
            ("E-mail", "email"),
            ("Naam", "naam"),
            ("E-learning gedaan", "elearning"),
        ] {
            assert_eq!(field_for(kop), Some(veld), "{kop}");
        }
        for kop in [
            "Opmerkingen",
            "E-mail 2 Address",
            "Telefoon werk",
            "ID",
            "Achtervoegsel",
        ] {
            assert_eq!(field_for(kop), None, "{kop}");
        }
    }

    #[test]
    fn every_row_names_a_field() {
        for (k, f) in KOLOMMEN {
            assert!(FIELDS.contains(f), "{k} → {f}");
            assert_eq!(sleutel(k), *k, "keys are written as they are compared");
        }
    }
}
