//! Who counts: the participants of a session, each person once, and the
//! number the 12–20 rule and the documents reckon with. Below `plan` and
//! `groups`, which both use it.

use crate::model::*;
use crate::vergelijk::vergelijkbaar;

/// Two entries for the same person: the same e-mail address (case and
/// spaces aside) or the same name after [`vergelijkbaar`]. The rule
/// `deelnemer-dubbel` reports them; until then the person counts once.
pub fn zelfde_persoon(a: &Deelnemer, b: &Deelnemer) -> bool {
    let mail = |d: &Deelnemer| {
        d.email
            .as_deref()
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty())
    };
    let naam_a = vergelijkbaar(&a.naam);
    (mail(a).is_some() && mail(a) == mail(b)) || (!naam_a.is_empty() && naam_a == vergelijkbaar(&b.naam))
}

/// Positions in `Sessie::deelnemers` of the people who are counted: those
/// `aangemeld` once anyone has signed up, else everyone not `afgemeld`; a
/// person listed twice ([`zelfde_persoon`]) counts once and gets one seat in
/// the group plans. The one place this rule lives; the count, the checks
/// and the group plans use it.
pub fn getelde_indices(s: &Sessie) -> Vec<usize> {
    let with = |keep: &dyn Fn(DeelnemerStatus) -> bool| -> Vec<usize> {
        // Linear: the same keys as `zelfde_persoon`, in hash sets (lists of
        // thousands of invitees from a CSV).
        let mut mails = std::collections::HashSet::new();
        let mut namen = std::collections::HashSet::new();
        let mut out: Vec<usize> = Vec::new();
        for (i, d) in s.deelnemers.iter().enumerate() {
            if !keep(d.status) {
                continue;
            }
            let mail = d
                .email
                .as_deref()
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty());
            let naam = Some(vergelijkbaar(&d.naam)).filter(|n| !n.is_empty());
            let dubbel =
                mail.as_ref().is_some_and(|m| mails.contains(m)) || naam.as_ref().is_some_and(|n| namen.contains(n));
            mails.extend(mail);
            namen.extend(naam);
            if !dubbel {
                out.push(i);
            }
        }
        out
    };
    let aangemeld = with(&|st| st == DeelnemerStatus::Aangemeld);
    if aangemeld.is_empty() {
        with(&|st| st != DeelnemerStatus::Afgemeld)
    } else {
        aangemeld
    }
}

/// The participant count for the 12–20 rule and for the documents:
/// `verwacht_aantal`, else the counted participants (see [`getelde_indices`]).
/// `getelde`: [`getelde_indices`], which the `Planning` computes once.
pub fn deelnemers_aantal(s: &Sessie, getelde: &[usize]) -> u32 {
    s.bijeenkomst.verwacht_aantal.unwrap_or(getelde.len() as u32)
}
