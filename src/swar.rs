//! Byte tests on eight bytes at once, in a `u64` (SIMD within a register), for the hot
//! loops that read ASCII text: the gazetteer's word starts (`extract::alnum`), the
//! content hash (`parse`) and the tokeniser's lower case (`extract::words`). Plain
//! integer arithmetic: no `unsafe`, no per-architecture code.

/// The byte `b` in every byte of a word.
pub const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The top bit of every byte.
pub const TOP: u64 = splat(0x80);

/// The top bit of each byte of `x` that lies in `lo..=hi`, for words whose bytes are all
/// below 0x80 (the caller masks the others out; `1 <= lo <= hi < 0x7f`). Adding
/// `0x80 - lo` sets a byte's top bit exactly when it is at least `lo`, adding
/// `0x80 - (hi + 1)` exactly when it is above `hi`; the sums stay below 0x100, so no byte
/// carries into the next.
#[inline]
pub fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    x.wrapping_add(splat(0x80 - lo)) & !x.wrapping_add(splat(0x80 - (hi + 1))) & TOP
}

/// `x` with its ASCII capitals lower-cased, for words whose bytes are all below 0x80:
/// a capital's top-bit flag, moved down two bits, is the 0x20 that lower-cases it.
#[inline]
pub fn ascii_lower(x: u64) -> u64 {
    x | in_range(x, b'A', b'Z') >> 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_range_is_the_byte_test_at_every_lane() {
        for (lo, hi) in [(b' ', b' '), (0x09, 0x0D), (b'A', b'Z'), (b'a', b'z'), (b'0', b'9'), (1, 0x7E)] {
            for b in 0..0x80u8 {
                for lane in 0..8 {
                    // the byte under test among neighbours at both ends of the range
                    let mut w = [lo, hi, lo.saturating_sub(1), hi + 1, 0, 0x7F, b'x', b' '];
                    w[lane] = b;
                    let got = in_range(u64::from_le_bytes(w), lo, hi);
                    let want = w.iter().enumerate().fold(0u64, |m, (k, &c)| if (lo..=hi).contains(&c) { m | 0x80 << (8 * k) } else { m });
                    assert_eq!(got, want, "byte {b:#x} in lane {lane}, range {lo:#x}..={hi:#x}");
                }
            }
        }
    }

    #[test]
    fn ascii_lower_is_the_bytewise_lower_case() {
        for b in 0..0x80u8 {
            for lane in 0..8 {
                let mut w = *b"Az@[`{0Z";
                w[lane] = b;
                let mut want = w;
                want.make_ascii_lowercase();
                assert_eq!(ascii_lower(u64::from_le_bytes(w)).to_le_bytes(), want, "byte {b:#x} in lane {lane}");
            }
        }
    }
}
