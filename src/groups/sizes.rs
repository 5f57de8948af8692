//! How many groups of which size a work format makes for `n` people.
//!
//! Decisions (the draaiboek gives the target size, not what to do with the
//! people left over):
//! - tweetallen: pairs; with an odd count one group of three (never someone alone).
//! - drietallen: threes; one left over makes one group of four, two left over
//!   make two groups of four. A group of two only where nothing else fits
//!   (2 or 5 people); fewer than five people stay together as one group.
//! - gemengd: ⌈n / 4⌉ groups as equal as possible. For n ≥ 6 every group then
//!   has 3 or 4 people; up to 4 people form one group, 5 make a 3 and a 2
//!   (two groups, so the count matches the ⌈n / 4⌉ of the case-card rule).
//! - plenair: one group; individueel: everyone alone.
//! - per-beroep and per-organisatie follow the participant list, not a size;
//!   without a list the sizes are unknown (empty).

use crate::limits::{DRIETAL, GEMENGD_MAX};
use crate::model::Groepsvorm;

/// Group sizes, largest first; empty for nobody or an unknown split.
pub fn groottes(vorm: Groepsvorm, n: u32) -> Vec<u32> {
    if n == 0 {
        return vec![];
    }
    let mut out = match vorm {
        Groepsvorm::Plenair => vec![n],
        Groepsvorm::Individueel => vec![1; n as usize],
        Groepsvorm::Tweetallen => {
            if n <= 3 {
                vec![n]
            } else {
                let mut v = vec![2; (n / 2) as usize];
                if n % 2 == 1 {
                    v[0] = 3;
                }
                v
            }
        }
        Groepsvorm::Drietallen => drietallen(n),
        Groepsvorm::Gemengd => gelijk_verdeeld(n, n.div_ceil(GEMENGD_MAX)),
        Groepsvorm::PerBeroep | Groepsvorm::PerOrganisatie => vec![],
    };
    out.sort_by_key(|&s| std::cmp::Reverse(s));
    out
}

fn drietallen(n: u32) -> Vec<u32> {
    if n <= DRIETAL + 1 {
        return vec![n];
    }
    if n == 5 {
        return vec![3, 2];
    }
    let drie = vec![DRIETAL; (n / DRIETAL) as usize];
    match n % DRIETAL {
        0 => drie,
        1 => plus_een(drie, 1),
        _ => plus_een(drie, 2),
    }
}

/// Give `k` of the groups one extra person.
fn plus_een(mut v: Vec<u32>, k: usize) -> Vec<u32> {
    for g in v.iter_mut().take(k) {
        *g += 1;
    }
    v
}

/// `g` groups whose sizes differ by at most one.
fn gelijk_verdeeld(n: u32, g: u32) -> Vec<u32> {
    let g = g.max(1);
    (0..g).map(|i| n / g + u32::from(i < n % g)).collect()
}

/// "16 deelnemers: 4 groepjes van 4"; "7 deelnemers: 1 groepje van 4 en 1 groepje van 3".
pub fn omschrijving(n: u32, groottes: &[u32]) -> String {
    let wie = if n == 1 {
        "1 deelnemer".to_string()
    } else {
        format!("{n} deelnemers")
    };
    if groottes.is_empty() {
        return wie;
    }
    let mut delen: Vec<(u32, u32)> = Vec::new();
    for &s in groottes {
        match delen.iter_mut().find(|(size, _)| *size == s) {
            Some((_, count)) => *count += 1,
            None => delen.push((s, 1)),
        }
    }
    delen.sort_by_key(|d| std::cmp::Reverse(d.0));
    let tekst: Vec<String> = delen
        .iter()
        .map(|(size, count)| match count {
            1 => format!("1 groepje van {size}"),
            c => format!("{c} groepjes van {size}"),
        })
        .collect();
    format!("{wie}: {}", crate::nl::opsomming(&tekst))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drietallen_decisions() {
        assert_eq!(groottes(Groepsvorm::Drietallen, 4), vec![4]);
        assert_eq!(groottes(Groepsvorm::Drietallen, 5), vec![3, 2]);
        assert_eq!(groottes(Groepsvorm::Drietallen, 7), vec![4, 3]);
        assert_eq!(groottes(Groepsvorm::Drietallen, 8), vec![4, 4]);
        assert_eq!(groottes(Groepsvorm::Drietallen, 16), vec![4, 3, 3, 3, 3]);
        assert_eq!(groottes(Groepsvorm::Drietallen, 17), vec![4, 4, 3, 3, 3]);
    }

    #[test]
    fn gemengd_decisions() {
        assert_eq!(groottes(Groepsvorm::Gemengd, 5), vec![3, 2]);
        assert_eq!(groottes(Groepsvorm::Gemengd, 6), vec![3, 3]);
        assert_eq!(groottes(Groepsvorm::Gemengd, 16), vec![4, 4, 4, 4]);
        assert_eq!(groottes(Groepsvorm::Gemengd, 18), vec![4, 4, 4, 3, 3]);
    }

    #[test]
    fn tweetallen_never_leave_someone_alone() {
        assert_eq!(groottes(Groepsvorm::Tweetallen, 7), vec![3, 2, 2]);
        assert_eq!(groottes(Groepsvorm::Tweetallen, 3), vec![3]);
    }

    #[test]
    fn sizes_always_add_up() {
        for vorm in [
            Groepsvorm::Plenair,
            Groepsvorm::Individueel,
            Groepsvorm::Tweetallen,
            Groepsvorm::Drietallen,
            Groepsvorm::Gemengd,
        ] {
            for n in 0..200 {
                assert_eq!(groottes(vorm, n).iter().sum::<u32>(), n, "{vorm:?} {n}");
            }
        }
    }

    #[test]
    fn dutch_summary() {
        assert_eq!(omschrijving(16, &[4, 4, 4, 4]), "16 deelnemers: 4 groepjes van 4");
        assert_eq!(
            omschrijving(7, &[4, 3]),
            "7 deelnemers: 1 groepje van 4 en 1 groepje van 3"
        );
    }
}
