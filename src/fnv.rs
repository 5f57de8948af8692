//! FNV-1a, the one stable hash of the program: the same value across Rust
//! versions and machines (std's `DefaultHasher` does not promise that). Two
//! widths of the same algorithm: 128 bits for calendar UIDs and mail ids,
//! 64 bits for the output manifest (enough to notice a hand edit; no
//! security boundary, so no crate for it).

macro_rules! fnv1a {
    ($(#[$m:meta])* $name:ident, $t:ty, $basis:expr, $prime:expr) => {
        $(#[$m])*
        pub fn $name(data: &[u8]) -> $t {
            data.iter().fold($basis, |h: $t, b| (h ^ <$t>::from(*b)).wrapping_mul($prime))
        }
    };
}

fnv1a!(
    /// FNV-1a, 64 bits.
    fnv64,
    u64,
    0xcbf2_9ce4_8422_2325,
    0x0000_0100_0000_01b3
);
/// The state [`fnv64`] starts from.
pub const FNV64_BEGIN: u64 = 0xcbf2_9ce4_8422_2325;

/// [`fnv64`] over bytes that come in parts: `fnv64_verder(fnv64_verder(FNV64_BEGIN, a), b)`
/// is `fnv64` of `a` followed by `b`.
pub fn fnv64_verder(h: u64, data: &[u8]) -> u64 {
    data.iter()
        .fold(h, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}

fnv1a!(
    /// FNV-1a, 128 bits.
    fnv128,
    u128,
    0x6c62272e07bb014262b821756295c58d,
    0x0000000001000000000000000000013B
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // Fixed: changing them would duplicate every invitation already sent
        // and make every written file look edited by hand.
        assert_eq!(fnv64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv64(b"a"), 0xaf63dc4c8601ec8c);
        let tekst = b"een tekst in drie stukken";
        let in_stukken = [&tekst[..3], &tekst[3..11], &tekst[11..]]
            .iter()
            .fold(FNV64_BEGIN, |h, stuk| fnv64_verder(h, stuk));
        assert_eq!(in_stukken, fnv64(tekst));
        assert_eq!(format!("{:032x}", fnv128(b"")), "6c62272e07bb014262b821756295c58d");
        assert_eq!(format!("{:032x}", fnv128(b"a")), "d228cb696f1a8caf78912b704e4a8964");
    }
}
