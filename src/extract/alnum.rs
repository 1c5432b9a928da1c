//! Which bytes of a text are ASCII letters or digits, a 64-byte block at a time, as a
//! bit mask. The gazetteer's scan looks only at word starts; finding them byte by byte
//! cost a branch per byte and a mispredicted one at every word's end, and word starts
//! fall out of the mask with two shifts. Eight bytes are classified at once (`swar`).

use crate::swar::{in_range, splat, TOP};

/// Bit i set when byte i of `x` (little-endian) is an ASCII letter or digit.
#[inline]
fn word_mask(x: u64) -> u64 {
    // the range tests read the low seven bits of each byte; bytes from 0x80 up (UTF-8
    // sequences) are then dropped: they are neither
    let y = x & !TOP;
    let l = y | splat(0x20); // ASCII letters folded to lower case
    gather((in_range(l, b'a', b'z') | in_range(y, b'0', b'9')) & !x)
}

/// The top bits of the eight bytes of `top` (all its other bits clear) as bits 0..8: the
/// products land on distinct bits of the top byte (no carries), which is moved down.
#[inline]
fn gather(top: u64) -> u64 {
    ((top >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// `add(x, shift)` for each eight bytes of `block` (at most 64) as a little-endian
/// word, `shift` being 8 × their place; a last piece shorter than eight is padded with
/// zero bytes, which no mask here counts.
#[inline(always)]
fn each_eight(block: &[u8], mut add: impl FnMut(u64, u32)) {
    debug_assert!(block.len() <= 64);
    let mut chunks = block.chunks_exact(8);
    let mut shift = 0;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        add(u64::from_le_bytes(w), shift);
        shift += 8;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        add(u64::from_le_bytes(w), shift);
    }
}

/// Bit i set when `block[i]` is an ASCII letter or digit; `block` holds at most 64
/// bytes (bits past its end are 0).
#[inline]
pub fn alnum_mask(block: &[u8]) -> u64 {
    let mut mask = 0u64;
    each_eight(block, |x, shift| mask |= word_mask(x) << shift);
    mask
}

/// The tokeniser's three masks of `block` (at most 64 bytes; bits past its end are
/// 0): its ASCII letters and digits, its hyphens and apostrophes (which may join two
/// words' parts), and its apostrophes. One pass, eight bytes at a time.
#[inline]
pub fn token_masks(block: &[u8]) -> (u64, u64, u64) {
    let (mut alnum, mut joiners, mut apostrophes) = (0u64, 0u64, 0u64);
    each_eight(block, |x, shift| {
        // (bytes from 0x80 up are neither, as in `word_mask`)
        let y = x & !TOP;
        let apostrophe = in_range(y, b'\'', b'\'') & !x;
        alnum |= word_mask(x) << shift;
        joiners |= gather(in_range(y, b'-', b'-') & !x | apostrophe) << shift;
        apostrophes |= gather(apostrophe) << shift;
    });
    (alnum, joiners, apostrophes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_byte(block: &[u8]) -> u64 {
        block.iter().enumerate().fold(0, |m, (i, b)| if b.is_ascii_alphanumeric() { m | 1 << i } else { m })
    }

    #[test]
    fn every_byte_value() {
        for b in 0..=255u8 {
            for at in [0, 7, 8, 63] {
                let mut block = [b' '; 64];
                block[at] = b;
                assert_eq!(alnum_mask(&block), by_byte(&block), "byte {b:#x} at {at}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_is_ascii_alphanumeric(block in proptest::collection::vec(proptest::num::u8::ANY, 0..=64)) {
            proptest::prop_assert_eq!(alnum_mask(&block), by_byte(&block));
        }

        #[test]
        fn token_masks_agree_with_the_byte_tests(block in proptest::collection::vec(proptest::sample::select(vec![b'-', b'\'', b'a', b'Z', b'0', b' ', b',', 0x80, 0xAD, 0xA7, 0xFF, 0]), 0..=64)) {
            let of = |f: &dyn Fn(u8) -> bool| block.iter().enumerate().fold(0u64, |m, (i, &b)| if f(b) { m | 1 << i } else { m });
            let want = (by_byte(&block), of(&|b| b == b'-' || b == b'\''), of(&|b| b == b'\''));
            proptest::prop_assert_eq!(token_masks(&block), want);
        }
    }
}
