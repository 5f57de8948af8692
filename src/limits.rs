//! The numbers of the draaiboek's rules, in one place. Knowledge about
//! blocks and work formats (computed durations, order, retro-planning
//! offsets) lives in the library instead.

/// A verdiepende bijeenkomst lasts at most two hours.
pub const MAX_MINUTEN: u32 = 120;
/// Advised number of participants.
pub const MIN_DEELNEMERS: u32 = 12;
pub const MAX_DEELNEMERS: u32 = 20;
/// Invitations go out at least six weeks ahead.
pub const UITNODIGING_DAGEN: i64 = 42;
/// The e-learning takes about 90–120 minutes.
pub const ELEARNING_MIN: u32 = 90;
pub const ELEARNING_MAX: u32 = 120;
/// Mixed groups hold 3 to 4 people; the group count is `n / 4` rounded up.
pub const GEMENGD_MIN: u32 = 3;
pub const GEMENGD_MAX: u32 = 4;
/// Speeddate groups are threes.
pub const DRIETAL: u32 = 3;

/// The marker `draaiboek nieuw` writes where the trekker still has to fill
/// something in; `controleer` reports every text that still holds it (rule
/// `invulling`), so a starter file can never go out half-finished.
pub const INVUL_MARKER: &str = "VUL IN";
/// The placeholder e-mail address of a starter file: it must look like an
/// address (or the file would not load), so the marker sits in its domain.
pub const INVUL_EMAIL: &str = "naam@vul-in.invalid";

/// Whether a text still holds the fill-in marker (also in the e-mail form).
pub fn is_invulplek(text: &str) -> bool {
    text.contains(INVUL_MARKER) || text.trim().eq_ignore_ascii_case(INVUL_EMAIL)
}
/// Invitations ask for a reply this many days before the session.
pub const AANMELDEN_DAGEN: i64 = 14;
