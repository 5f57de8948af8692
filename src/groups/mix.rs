//! Mixed groups: who sits with whom when the work format only fixes a size.
//!
//! A seeded greedy start followed by a bounded local search of pairwise swaps
//! between groups, minimising a cost per group (lower is better):
//!
//! - `W_COLLEGA` for every two people of the same organisation in one group:
//!   the point of the session is meeting people you do not already work with;
//! - `W_DOMEIN` for every domain a group misses of what it could have
//!   (min(size, domains present in the room)): medical, social and informal
//!   should sit at one table;
//! - `W_HERHAAL` for every pair that already sat together earlier in the
//!   session (per time they did);
//! - `W_BEROEP` for every two people of the same profession in one group.
//!
//! Every swap keeps the group sizes, so sizes decided in `sizes` hold.
//! The work is O(n · groups) for the start and O(iterations · size²) for the
//! search, with the iterations capped, so 2,000 people take well under a second.

use rustc_hash::FxHashMap;

use super::rng::SplitMix64;

const W_COLLEGA: u32 = 10;
const W_DOMEIN: u32 = 6;
const W_HERHAAL: u32 = 4;
const W_BEROEP: u32 = 3;

/// Swap proposals per person, and the cap on the total.
const POGINGEN_PER_PERSOON: usize = 100;
const MAX_POGINGEN: usize = 300_000;
/// Independent starts for small rooms, the best one kept.
const STARTS_KLEIN: usize = 2;
const KLEIN: usize = 200;
/// Groups larger than this are not counted as "sat together" (a whole
/// profession group of thirty has not really met one-to-one).
const MAX_ONTMOETING_GROEP: usize = 10;
/// The greedy start weighs each person against at most this many open groups
/// (all of them up to 512 people), so that very long lists stay linear.
const KANDIDATEN: usize = 128;

/// What the mixing needs to know of one participant.
#[derive(Debug, Clone, Copy, Default)]
pub struct Kenmerken {
    pub organisatie: Option<u32>,
    pub beroep: Option<u32>,
    /// Bit of the domain (1, 2, 4), or 0 when unknown.
    pub domein: u8,
}

/// Who already sat with whom, counted per pair: a dense table for rooms of
/// up to [`DICHT`] people (the search looks pairs up millions of times), a
/// hash map above that. Only looked up, never iterated, so the hash order
/// never reaches any output.
#[derive(Debug, Default, Clone)]
pub struct Ontmoetingen {
    map: FxHashMap<(u32, u32), u32>,
    /// `n × n` counts (pair `a < b` at `a * n + b`) when `n <= DICHT`.
    dicht: Vec<u32>,
    n: usize,
}

/// The largest room kept in a dense table (512² counts: 1 MB).
const DICHT: usize = 512;

impl Ontmoetingen {
    /// For a room of `n` people.
    pub fn voor(n: usize) -> Self {
        Ontmoetingen {
            map: FxHashMap::default(),
            dicht: if n <= DICHT { vec![0; n * n] } else { Vec::new() },
            n,
        }
    }

    fn sleutel(a: usize, b: usize) -> (usize, usize) {
        if a < b { (a, b) } else { (b, a) }
    }

    pub fn keer(&self, a: usize, b: usize) -> u32 {
        let (a, b) = Self::sleutel(a, b);
        if !self.dicht.is_empty() && b < self.n {
            return self.dicht[a * self.n + b];
        }
        self.map.get(&(a as u32, b as u32)).copied().unwrap_or(0)
    }

    /// Record every pair of every group (indices as used in the groups).
    pub fn voeg_toe(&mut self, groepen: &[Vec<usize>]) {
        for g in groepen.iter().filter(|g| g.len() <= MAX_ONTMOETING_GROEP) {
            for (i, &a) in g.iter().enumerate() {
                for &b in &g[i + 1..] {
                    let (a, b) = Self::sleutel(a, b);
                    if !self.dicht.is_empty() && b < self.n {
                        self.dicht[a * self.n + b] += 1;
                    } else {
                        *self.map.entry((a as u32, b as u32)).or_insert(0) += 1;
                    }
                }
            }
        }
    }
}

struct Kosten<'a> {
    mensen: &'a [Kenmerken],
    ontmoet: &'a Ontmoetingen,
    /// Number of distinct domains in the room.
    domeinen: u32,
}

impl Kosten<'_> {
    /// The cost of one pair sitting together.
    fn paar(&self, a: usize, b: usize) -> u32 {
        let (pa, pb) = (&self.mensen[a], &self.mensen[b]);
        let mut c = W_HERHAAL * self.ontmoet.keer(a, b);
        if pa.organisatie.is_some() && pa.organisatie == pb.organisatie {
            c += W_COLLEGA;
        }
        if pa.beroep.is_some() && pa.beroep == pb.beroep {
            c += W_BEROEP;
        }
        c
    }

    /// The cost of the domains a group of `len` people with domain bits `mask` misses.
    fn domein_straf(&self, len: usize, mask: u8) -> u32 {
        let haalbaar = (len as u32).min(self.domeinen);
        W_DOMEIN * haalbaar.saturating_sub(mask.count_ones())
    }

    fn groep(&self, leden: &[usize]) -> u32 {
        let mut c = 0;
        let mut mask = 0u8;
        for (i, &a) in leden.iter().enumerate() {
            mask |= self.mensen[a].domein;
            for &b in &leden[i + 1..] {
                c += self.paar(a, b);
            }
        }
        c + self.domein_straf(leden.len(), mask)
    }

    /// What adding `nieuw` to `leden` adds to its cost: its pairs, and the
    /// change in missed domains (exactly `groep` after minus before, which
    /// can be negative).
    fn erbij(&self, leden: &[usize], nieuw: usize) -> i32 {
        let (mut paren, mut mask) = (0u32, 0u8);
        for &x in leden {
            paren += self.paar(nieuw, x);
            mask |= self.mensen[x].domein;
        }
        let oud = self.domein_straf(leden.len(), mask);
        let na = self.domein_straf(leden.len() + 1, mask | self.mensen[nieuw].domein);
        paren as i32 + na as i32 - oud as i32
    }

    /// The cost of `leden` (which costs `nu`) with `uit` replaced by `in_`:
    /// only the pairs of the two people change, so this is linear in the
    /// group size, and exactly [`groep`](Self::groep) of the new group.
    fn groep_met_wissel(&self, leden: &[usize], nu: u32, uit: usize, in_: usize) -> u32 {
        let (mut weg, mut erbij, mut rest) = (0u32, 0u32, 0u8);
        for &x in leden.iter().filter(|&&x| x != uit) {
            weg += self.paar(uit, x);
            erbij += self.paar(in_, x);
            rest |= self.mensen[x].domein;
        }
        let oud = self.domein_straf(leden.len(), rest | self.mensen[uit].domein);
        let nieuw = self.domein_straf(leden.len(), rest | self.mensen[in_].domein);
        nu - weg - oud + erbij + nieuw
    }
}

/// Split `mensen` (indices 0..n) into groups of the given sizes.
pub fn verdeel(
    mensen: &[Kenmerken],
    groottes: &[u32],
    ontmoet: &Ontmoetingen,
    rng: &mut SplitMix64,
) -> Vec<Vec<usize>> {
    let n = mensen.len();
    debug_assert_eq!(groottes.iter().sum::<u32>() as usize, n);
    let domeinen = mensen.iter().fold(0u8, |m, p| m | p.domein).count_ones();
    let kosten = Kosten {
        mensen,
        ontmoet,
        domeinen,
    };
    let starts = if n <= KLEIN { STARTS_KLEIN } else { 1 };
    let pogingen = (n * POGINGEN_PER_PERSOON).min(MAX_POGINGEN) / starts;
    let mut best: Option<(u32, Vec<Vec<usize>>)> = None;
    for _ in 0..starts {
        let mut groepen = gretig(&kosten, groottes, rng);
        let totaal = zoek(&kosten, &mut groepen, pogingen, rng);
        if best.as_ref().is_none_or(|(b, _)| totaal < *b) {
            best = Some((totaal, groepen));
        }
    }
    let mut groepen = best.map(|(_, g)| g).unwrap_or_default();
    for g in &mut groepen {
        g.sort_unstable();
    }
    groepen.sort_by_key(|g| g.first().copied());
    groepen
}

/// Greedy start: people of the rarest domain first (in seeded order), each
/// into the open group where they add the least cost.
fn gretig(k: &Kosten, groottes: &[u32], rng: &mut SplitMix64) -> Vec<Vec<usize>> {
    let n = k.mensen.len();
    let mut volgorde: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut volgorde);
    let mut per_domein = [0usize; 8];
    for p in k.mensen {
        per_domein[p.domein as usize & 7] += 1;
    }
    // Unknown domain (0) last: it cannot add diversity.
    volgorde.sort_by_key(|&i| match k.mensen[i].domein {
        0 => usize::MAX,
        d => per_domein[d as usize & 7],
    });
    let mut groepen: Vec<Vec<usize>> = groottes.iter().map(|&s| Vec::with_capacity(s as usize)).collect();
    // Groups with room left, in index order; a window of them is weighed.
    let mut open: Vec<usize> = (0..groepen.len()).filter(|&gi| groottes[gi] > 0).collect();
    let mut begin = 0usize;
    for i in volgorde {
        if open.is_empty() {
            break;
        }
        let mut keuze: Option<(i64, usize, usize)> = None;
        for j in 0..open.len().min(KANDIDATEN) {
            let gi = open[(begin + j) % open.len()];
            let g = &groepen[gi];
            let extra = i64::from(k.erbij(g, i));
            let sleutel = (extra, g.len(), gi);
            if keuze.is_none_or(|c| sleutel < c) {
                keuze = Some(sleutel);
            }
        }
        if let Some((_, _, gi)) = keuze {
            groepen[gi].push(i);
            if groepen[gi].len() >= groottes[gi] as usize {
                open.retain(|&x| x != gi);
            }
        }
        begin = begin.wrapping_add(1) % open.len().max(1);
    }
    groepen
}

/// Local search: swap two people of different groups when that does not make
/// things worse (sideways moves let it walk across plateaus). Half of the
/// proposals start from a group that still costs something. Returns the total cost.
fn zoek(k: &Kosten, groepen: &mut [Vec<usize>], pogingen: usize, rng: &mut SplitMix64) -> u32 {
    let g = groepen.len();
    let mut kosten: Vec<u32> = groepen.iter().map(|x| k.groep(x)).collect();
    if g < 2 {
        return kosten.iter().sum();
    }
    for poging in 0..pogingen {
        let ga = if poging % 2 == 0 {
            // A group with a cost, if there is one (sampled, not scanned, to stay O(1)).
            let mut gekozen = rng.below(g);
            for _ in 0..4 {
                if kosten[gekozen] > 0 {
                    break;
                }
                gekozen = rng.below(g);
            }
            gekozen
        } else {
            rng.below(g)
        };
        let mut gb = rng.below(g - 1);
        if gb >= ga {
            gb += 1;
        }
        if groepen[ga].is_empty() || groepen[gb].is_empty() {
            continue;
        }
        let a = groepen[ga][rng.below(groepen[ga].len())];
        let b = groepen[gb][rng.below(groepen[gb].len())];
        let na = k.groep_met_wissel(&groepen[ga], kosten[ga], a, b);
        let nb = k.groep_met_wissel(&groepen[gb], kosten[gb], b, a);
        if na + nb <= kosten[ga] + kosten[gb] {
            for x in groepen[ga].iter_mut().filter(|x| **x == a) {
                *x = b;
            }
            for x in groepen[gb].iter_mut().filter(|x| **x == b) {
                *x = a;
            }
            kosten[ga] = na;
            kosten[gb] = nb;
        }
    }
    kosten.iter().sum()
}

#[cfg(test)]
mod tests {

    #[test]
    fn dense_table_and_hash_map_count_alike() {
        let groepen = vec![vec![0, 3, 5], vec![1, 2], vec![5, 0], vec![7, 6, 4, 2]];
        let mut dicht = Ontmoetingen::voor(8);
        let mut map = Ontmoetingen::default();
        dicht.voeg_toe(&groepen);
        map.voeg_toe(&groepen);
        assert!(!dicht.dicht.is_empty() && map.dicht.is_empty());
        for a in 0..8 {
            for b in 0..8 {
                assert_eq!(dicht.keer(a, b), map.keer(a, b), "{a} {b}");
            }
        }
        assert_eq!(dicht.keer(5, 0), 2);
        assert_eq!(dicht.keer(2, 6), 1);
    }

    use super::*;

    fn mens(org: u32, beroep: u32, domein: u8) -> Kenmerken {
        Kenmerken {
            organisatie: Some(org),
            beroep: Some(beroep),
            domein,
        }
    }

    #[test]
    fn colleagues_are_kept_apart_and_domains_mixed() {
        // Four organisations of three colleagues; the first three each in one
        // domain, the last one spread over all three: a perfect plan exists.
        let mensen: Vec<Kenmerken> = (0..12)
            .map(|i| {
                let org = (i / 3) as u32;
                let domein = if org < 3 { 1u8 << org } else { 1u8 << (i % 3) };
                mens(org, i as u32, domein)
            })
            .collect();
        let groepen = verdeel(
            &mensen,
            &[3, 3, 3, 3],
            &Ontmoetingen::default(),
            &mut SplitMix64::new(1),
        );
        for g in &groepen {
            let orgs: std::collections::BTreeSet<_> = g.iter().map(|&i| mensen[i].organisatie).collect();
            assert_eq!(orgs.len(), g.len(), "collega's samen in {g:?}");
            let mask = g.iter().fold(0u8, |m, &i| m | mensen[i].domein);
            assert_eq!(mask.count_ones(), 3, "niet gemengd: {g:?}");
        }
    }

    #[test]
    fn earlier_pairs_are_avoided_when_possible() {
        let mensen = vec![Kenmerken::default(); 9];
        let mut ontmoet = Ontmoetingen::default();
        let eerst = vec![vec![0, 1, 2], vec![3, 4, 5], vec![6, 7, 8]];
        ontmoet.voeg_toe(&eerst);
        let daarna = verdeel(&mensen, &[3, 3, 3], &ontmoet, &mut SplitMix64::new(5));
        let herhaald: u32 = daarna
            .iter()
            .map(|g| {
                let mut c = 0;
                for (i, &a) in g.iter().enumerate() {
                    for &b in &g[i + 1..] {
                        c += ontmoet.keer(a, b);
                    }
                }
                c
            })
            .sum();
        assert_eq!(herhaald, 0, "{daarna:?}");
    }
}
