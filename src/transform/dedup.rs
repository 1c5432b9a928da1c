//! Duplicate detection across everything published: exact copies (same normalised
//! headline and body) and near copies (the same agency story syndicated with small
//! edits, another headline or byline), found with a 64-bit SimHash of the body's word
//! shingles and a banded index, so each article is compared with a handful of
//! candidates, not with every earlier article.

use rustc_hash::FxHashMap;

/// Bits that may differ between two near-duplicate SimHashes.
pub const NEAR_BITS: u32 = 3;

/// SimHash of a text's lower-cased word 3-shingles; 0 for texts too short to judge.
pub fn simhash(text: &str) -> u64 {
    let mut words: Vec<u64> = Vec::with_capacity(text.len() / 6 + 1);
    word_hashes(text, &mut words);
    if words.len() < 20 {
        return 0;
    }
    // Per bit, the sign of (#shingles with the bit set − #shingles without it), i.e. the
    // bit is set when more than half of the shingles have it. The set bits are counted
    // with bit-sliced counters (plane k holds bit k of every position's count), a few
    // word operations per shingle instead of 64 additions.
    let mut planes = [0u64; 32];
    let mut n: u64 = 0;
    for sh in words.windows(3) {
        // a shingle's hash from its words' hashes (order-sensitive), then mixed
        let h = (sh[0] ^ sh[1].rotate_left(21) ^ sh[2].rotate_left(42)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let h = h ^ (h >> 29);
        n += 1;
        let mut carry = h;
        for p in planes.iter_mut() {
            if carry == 0 {
                break;
            }
            let next = *p & carry;
            *p ^= carry;
            carry = next;
        }
    }
    // only the planes a count of `n` can reach hold anything
    let used = &planes[..(64 - n.leading_zeros() as usize).min(planes.len())];
    (0..64).fold(0u64, |out, bit| {
        let ones = used.iter().enumerate().fold(0u64, |c, (k, p)| c | ((p >> bit) & 1) << k);
        if 2 * ones > n {
            out | 1 << bit
        } else {
            out
        }
    })
}

/// ASCII letters and digits lower-cased, other ASCII bytes 0: what the word and
/// sentence hashes keep of ASCII text.
static ALNUM_LOWER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x80 {
        if (b as u8).is_ascii_alphanumeric() {
            t[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// Push `word_hash` of every maximal run of alphanumeric characters of `text` (what
/// `text.split(|c: char| !c.is_alphanumeric())` yields, without the empty pieces).
/// ASCII words, nearly all, are lower-cased into a stack buffer as they are read.
fn word_hashes(text: &str, out: &mut Vec<u64>) {
    if text.is_ascii() {
        return ascii_word_hashes(text, out);
    }
    let bytes = text.as_bytes();
    let mut buf = [0u8; 64];
    let mut len = 0;
    // the current word's start, and whether it is ASCII and short enough for `buf`
    let mut start: Option<usize> = None;
    let mut simple = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (alnum, size) = if b < 0x80 {
            let t = ALNUM_LOWER[b as usize];
            if t != 0 && len < buf.len() {
                buf[len] = t;
                len += 1;
            } else if t != 0 {
                simple = false;
            }
            (t != 0, 1)
        } else {
            match text.get(i..).and_then(|t| t.chars().next()) {
                Some(c) => {
                    let alnum = c.is_alphanumeric();
                    simple &= !alnum;
                    (alnum, c.len_utf8())
                }
                None => break,
            }
        };
        if alnum {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(if simple { word_hash_bytes(&buf[..len]) } else { word_hash(&text[s..i]) });
        }
        if !alnum {
            len = 0;
            simple = true;
        }
        i += size;
    }
    if let Some(s) = start {
        out.push(if simple { word_hash_bytes(&buf[..len]) } else { word_hash(&text[s..]) });
    }
}

/// `word_hashes` of an ASCII text, nearly every text: a word is a run of ASCII letters
/// and digits, so the gaps and the words are each skipped by a tight loop of their own
/// (one unpredictable branch per word instead of one per byte).
fn ascii_word_hashes(text: &str, out: &mut Vec<u64>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && ALNUM_LOWER[bytes[i] as usize] == 0 {
            i += 1;
        }
        if i == bytes.len() {
            return;
        }
        let mut h = WORD_SEED;
        while i < bytes.len() {
            let t = ALNUM_LOWER[bytes[i] as usize];
            if t == 0 {
                break;
            }
            h = word_step(h, t);
            i += 1;
        }
        out.push(word_finish(h));
    }
}

/// The word hash's start value (FNV-1a's offset basis).
const WORD_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte into a word hash (FNV-1a): a word is hashed as it is read, with no copy.
#[inline(always)]
fn word_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// The word hash's last step (MurmurHash3's finaliser), so every bit of it depends on
/// every byte: SimHash counts each bit on its own.
#[inline(always)]
fn word_finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The hash of a lower-cased word's bytes: what `simhash` counts shingles of.
pub fn word_hash_bytes(lower: &[u8]) -> u64 {
    word_finish(lower.iter().fold(WORD_SEED, |h, &b| word_step(h, b)))
}

/// `word_hash_bytes` of a word's lower-cased form; ASCII words are lower-cased on the stack.
fn word_hash(w: &str) -> u64 {
    let b = w.as_bytes();
    if !b.iter().any(|c| c.is_ascii_uppercase() || !c.is_ascii()) {
        return word_hash_bytes(b);
    }
    if b.len() <= 64 && b.is_ascii() {
        let mut buf = [0u8; 64];
        let buf = &mut buf[..b.len()];
        buf.copy_from_slice(b);
        buf.make_ascii_lowercase();
        return word_hash_bytes(buf);
    }
    word_hash_bytes(w.to_lowercase().as_bytes())
}

/// How many sentence hashes a sketch keeps.
pub const SKETCH: usize = 4;

/// The smallest hashes of a text's normalised sentences (a bottom-k sketch): two
/// articles that share most of their sentences share most of these, whatever was added
/// around them (a byline, a credit line, another headline). Zeros when the text has
/// fewer than `SKETCH` sentences.
pub fn sketch<'a>(sentences: impl Iterator<Item = &'a str>) -> [u64; SKETCH] {
    let mut norm: Vec<u8> = Vec::new();
    let mut hs: Vec<u64> = sentences
        .map(|s| {
            // the sentence's alphanumeric characters, lower-cased
            norm.clear();
            let bytes = s.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                // an ASCII run: every byte is written, kept (the length advances) if alphanumeric
                let mut len = norm.len();
                let run = bytes[i..].iter().take_while(|b| b.is_ascii()).count();
                norm.resize(len + run, 0);
                for &b in &bytes[i..i + run] {
                    let t = ALNUM_LOWER[b as usize];
                    norm[len] = t;
                    len += usize::from(t != 0);
                }
                norm.truncate(len);
                i += run;
                let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else { break };
                i += c.len_utf8();
                if c.is_alphanumeric() {
                    let mut tmp = [0u8; 4];
                    for l in c.to_lowercase() {
                        norm.extend_from_slice(l.encode_utf8(&mut tmp).as_bytes());
                    }
                }
            }
            xxhash_rust::xxh3::xxh3_64(&norm)
        })
        .collect();
    hs.sort_unstable();
    hs.dedup();
    let mut out = [0u64; SKETCH];
    if hs.len() >= SKETCH {
        out.copy_from_slice(&hs[..SKETCH]);
    }
    out
}

/// The articles seen so far, by content hash and by SimHash band.
#[derive(Debug, Default)]
pub struct Dedup {
    exact: FxHashMap<String, String>,
    bands: [FxHashMap<u16, Vec<(u64, u32)>>; 4],
    ids: Vec<String>,
    /// Sentence hash → the articles (indexes into `ids`, ascending) whose sketch has it.
    sentences: FxHashMap<u64, Vec<u32>>,
}

impl Dedup {
    /// Make room for `n` more articles (saves rehashing while they are checked).
    pub fn reserve(&mut self, n: usize) {
        self.exact.reserve(n);
        self.ids.reserve(n);
        self.sentences.reserve(n.saturating_mul(SKETCH));
        for band in self.bands.iter_mut() {
            band.reserve(n.min(1 << 16).saturating_sub(band.len()));
        }
    }

    /// The earliest article that shares at least `SKETCH - 1` of the sentence hashes in
    /// `sk` (which are distinct). Such an article is missing from at most one hash's
    /// list of articles, so it is in one of the two shortest lists: only those are
    /// walked, in article order, and the others binary-searched (every list is in
    /// article order). A common sentence ("REUTER") has a list as long as the run,
    /// which walking every list made quadratic.
    fn sharing_sketch(&self, sk: &[u64; SKETCH]) -> Option<u32> {
        let mut lists: Vec<&[u32]> = sk.iter().map(|h| self.sentences.get(h).map_or(&[][..], Vec::as_slice)).collect();
        lists.sort_by_key(|l| l.len());
        let (mut a, mut b) = (lists[0], lists[1]);
        loop {
            let next = match (a.first(), b.first()) {
                (Some(&x), Some(&y)) => x.min(y),
                (Some(&x), None) | (None, Some(&x)) => x,
                (None, None) => return None,
            };
            a = a.strip_prefix(&[next]).unwrap_or(a);
            b = b.strip_prefix(&[next]).unwrap_or(b);
            if lists.iter().filter(|l| l.binary_search(&next).is_ok()).count() >= SKETCH - 1 {
                return Some(next);
            }
        }
    }

    /// `None` if the article is new (and remember it), else the id of the article it copies.
    pub fn check(&mut self, article_id: &str, content_hash: &str, sim: u64, sk: [u64; SKETCH]) -> Option<String> {
        if let Some(first) = self.exact.get(content_hash) {
            return Some(first.clone());
        }
        if sk[0] != 0 {
            if let Some(idx) = self.sharing_sketch(&sk) {
                return Some(self.ids[idx as usize].clone());
            }
        }
        if sim != 0 {
            for (b, band) in self.bands.iter().enumerate() {
                let key = (sim >> (16 * b)) as u16;
                if let Some(cands) = band.get(&key) {
                    if let Some((_, idx)) = cands.iter().find(|(h, _)| (h ^ sim).count_ones() <= NEAR_BITS) {
                        return Some(self.ids[*idx as usize].clone());
                    }
                }
            }
        }
        self.exact.insert(content_hash.to_owned(), article_id.to_owned());
        if sim != 0 || sk[0] != 0 {
            let idx = self.ids.len() as u32;
            self.ids.push(article_id.to_owned());
            if sim != 0 {
                for (b, band) in self.bands.iter_mut().enumerate() {
                    band.entry((sim >> (16 * b)) as u16).or_default().push((sim, idx));
                }
            }
            if sk[0] != 0 {
                for h in sk {
                    self.sentences.entry(h).or_default().push(idx);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The central bank raised its main interest rate by half a point on Thursday, \
        citing inflation that has stayed above its target for two years, and said further increases \
        were possible if prices kept rising in the coming months across the economy. The governor told \
        reporters that wage growth and energy costs were the main worries, while exporters warned that a \
        stronger currency would hurt sales abroad. Markets had expected a smaller move, and bond yields \
        rose sharply after the announcement, with the currency gaining against the dollar and the euro. Economists said the \
        bank would probably pause in the summer. The next policy meeting is due in six weeks.";

    #[test]
    fn exact_and_near_copies_are_found() {
        let sk = |t: &str| sketch(t.split(". "));
        let mut d = Dedup::default();
        assert_eq!(d.check("a", "h1", simhash(STORY), sk(STORY)), None);
        assert_eq!(d.check("b", "h1", simhash(STORY), sk(STORY)), Some("a".into()));
        // the same story syndicated with a byline added
        let edited = format!("By Staff Reporter. {STORY}");
        assert_eq!(d.check("c", "h2", simhash(&edited), sk(&edited)), Some("a".into()));
        let other = "Farmers in the south harvested a record wheat crop this summer after heavy rains \
            filled reservoirs, and exporters expect shipments to North Africa to double next season as \
            prices fall on world markets and freight costs ease.";
        assert_eq!(d.check("d", "h3", simhash(other), sk(other)), None);
    }
}
