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
    majority(&words)
}

/// Per bit, the sign of (#shingles with the bit set − #shingles without it), i.e. the
/// bit is set when more than half of the shingles of `words` have it. With AVX2, a
/// hash's 64 bits go into 64 byte-wide counters in a few vector instructions rather
/// than eight table lookups and adds; the counts are the same either way.
fn majority(words: &[u64]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2 (checked just above), all that function needs.
        return unsafe { avx2::majority(words) };
    }
    let mut counts = BitCounts::default();
    for h in shingles(words) {
        counts.add(h);
    }
    counts.majority()
}

/// The hashes of the word 3-shingles: a shingle's hash from its words' hashes
/// (order-sensitive), then mixed.
#[inline(always)]
fn shingles(words: &[u64]) -> impl Iterator<Item = u64> + '_ {
    words.windows(3).map(|sh| {
        let h = (sh[0] ^ sh[1].rotate_left(21) ^ sh[2].rotate_left(42)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^ (h >> 29)
    })
}

/// The bits set in more than half of `n` hashes, from how many had each bit set.
fn majority_of(wide: &[u32; 64], n: u64) -> u64 {
    wide.iter().enumerate().fold(0u64, |out, (bit, &c)| if 2 * u64::from(c) > n { out | 1 << bit } else { out })
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    /// `super::majority` with the counters in two vectors: byte i of `low` counts bit i
    /// of the hashes, byte i of `high` bit 32 + i. A hash is broadcast, each counter's
    /// byte of it shuffled into place, its bit tested, and the 0/−1 result subtracted.
    #[target_feature(enable = "avx2")]
    pub(super) fn majority(words: &[u64]) -> u64 {
        // (the shuffle picks within each 128-bit half, and each half holds the whole hash)
        let pick_low = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
        let pick_high = _mm256_setr_epi8(4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7);
        // byte k of each 8 selects bit k
        let bit = _mm256_set1_epi64x(0x8040_2010_0804_0201_u64 as i64);
        let (mut low, mut high) = (_mm256_setzero_si256(), _mm256_setzero_si256());
        let mut wide = [0u32; 64];
        let mut n = 0u64;
        for h in super::shingles(words) {
            let v = _mm256_set1_epi64x(h as i64);
            let l = _mm256_and_si256(_mm256_shuffle_epi8(v, pick_low), bit);
            low = _mm256_sub_epi8(low, _mm256_cmpeq_epi8(l, bit));
            let u = _mm256_and_si256(_mm256_shuffle_epi8(v, pick_high), bit);
            high = _mm256_sub_epi8(high, _mm256_cmpeq_epi8(u, bit));
            n += 1;
            // the byte counters go into the wide ones before they can overflow
            if n % 255 == 0 {
                spill(&mut wide, low, high);
                (low, high) = (_mm256_setzero_si256(), _mm256_setzero_si256());
            }
        }
        spill(&mut wide, low, high);
        super::majority_of(&wide, n)
    }

    #[target_feature(enable = "avx2")]
    fn spill(wide: &mut [u32; 64], low: __m256i, high: __m256i) {
        let lanes = [
            _mm256_extract_epi64::<0>(low),
            _mm256_extract_epi64::<1>(low),
            _mm256_extract_epi64::<2>(low),
            _mm256_extract_epi64::<3>(low),
            _mm256_extract_epi64::<0>(high),
            _mm256_extract_epi64::<1>(high),
            _mm256_extract_epi64::<2>(high),
            _mm256_extract_epi64::<3>(high),
        ];
        for (j, &lane) in lanes.iter().enumerate() {
            for k in 0..8 {
                wide[8 * j + k] += ((lane as u64 >> (8 * k)) & 0xff) as u32;
            }
        }
    }
}

/// `SPREAD[b]` has byte k equal to bit k of `b`: one lookup turns 8 bits of a hash into 8
/// byte-wide counters' increments.
static SPREAD: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        let mut k = 0;
        while k < 8 {
            t[b] |= ((b as u64 >> k) & 1) << (8 * k);
            k += 1;
        }
        b += 1;
    }
    t
};

/// How many of the hashes added had each of the 64 bits set. The counting is eight
/// 8-bit counters to a word (`lanes[j]` byte k counts bit 8j + k), so adding a hash is
/// eight lookups and adds with no branch (a bit-sliced counter's carry loop ran a
/// varying number of rounds, and its exit was mispredicted about once a hash); the
/// byte counters go into the wide ones before they can overflow.
struct BitCounts {
    /// The counts of the hashes added since the last spill (`n % 255` of them).
    lanes: [u64; 8],
    wide: [u32; 64],
    n: u64,
}

impl Default for BitCounts {
    fn default() -> Self {
        BitCounts { lanes: [0; 8], wide: [0; 64], n: 0 }
    }
}

impl BitCounts {
    #[inline]
    fn add(&mut self, h: u64) {
        for (j, lane) in self.lanes.iter_mut().enumerate() {
            *lane += SPREAD[((h >> (8 * j)) & 0xff) as usize];
        }
        self.n += 1;
        if self.n % 255 == 0 {
            self.spill();
        }
    }

    fn spill(&mut self) {
        for (j, lane) in self.lanes.iter_mut().enumerate() {
            for k in 0..8 {
                self.wide[8 * j + k] += ((*lane >> (8 * k)) & 0xff) as u32;
            }
            *lane = 0;
        }
    }

    /// The bits set in more than half of the hashes added.
    fn majority(mut self) -> u64 {
        self.spill();
        majority_of(&self.wide, self.n)
    }
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
/// and digits. The text is cut in two at a gap between words, and the halves are hashed
/// side by side in one loop with no branch on the bytes. A word's hash is a chain of
/// multiplies, one per byte; a loop that branched at each word's end (an unpredictable
/// branch a word) ran one chain at a time, and here the processor runs two at once. Each
/// half's words go to its own stretch of `raw` (unfinished), then in order to `out`.
fn ascii_word_hashes(text: &str, out: &mut Vec<u64>) {
    let bytes = text.as_bytes();
    let mut mid = bytes.len() / 2;
    while mid < bytes.len() && ALNUM_LOWER[bytes[mid] as usize] != 0 {
        mid += 1;
    }
    let (front, back) = bytes.split_at(mid);
    // a piece of length L holds at most L / 2 + 1 words (each but a first one follows a gap)
    let (room_front, room_back) = (front.len() / 2 + 1, back.len() / 2 + 1);
    RAW.with_borrow_mut(|raw| {
        // (kept from call to call, not zeroed for each text)
        if raw.len() < room_front + room_back {
            raw.resize(room_front + room_back, 0);
        }
        let (raw_front, raw_back) = raw.split_at_mut(room_front);
        let (mut f, mut k) = (Stream::default(), Stream::default());
        let common = front.len().min(back.len());
        for (&x, &y) in front.iter().zip(back) {
            f.step(x, raw_front);
            k.step(y, raw_back);
        }
        for &x in &front[common..] {
            f.step(x, raw_front);
        }
        for &y in &back[common..] {
            k.step(y, raw_back);
        }
        // a word running to the end of its piece
        f.step(b' ', raw_front);
        k.step(b' ', raw_back);
        out.extend(raw_front[..f.at].iter().chain(&raw_back[..k.at]).map(|&h| word_finish(h)));
    });
}

thread_local! {
    /// `ascii_word_hashes`' unfinished word hashes: a thread's room, reused by its calls.
    static RAW: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// One piece of `ascii_word_hashes`' text: the hash of the word being read, and how
/// many words of the piece have ended.
struct Stream {
    h: u64,
    at: usize,
    in_word: bool,
}

impl Default for Stream {
    fn default() -> Self {
        Stream { h: WORD_SEED, at: 0, in_word: false }
    }
}

impl Stream {
    /// One byte, the same work whatever it is: the hash so far is stored at `at` each
    /// time, and `at` moves on only when a word has just ended there, so it stays.
    #[inline(always)]
    fn step(&mut self, b: u8, raw: &mut [u64]) {
        let t = ALNUM_LOWER[b as usize];
        let alnum = t != 0;
        raw[self.at] = self.h;
        self.at += usize::from(self.in_word & !alnum);
        self.h = std::hint::select_unpredictable(alnum, word_step(self.h, t), WORD_SEED);
        self.in_word = alnum;
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

/// Append the alphanumeric bytes of an ASCII run, lower-cased: every byte is written and
/// kept (the length advances) if alphanumeric, with no branch per byte.
fn push_alnum_lower(norm: &mut Vec<u8>, ascii: &[u8]) {
    let mut len = norm.len();
    norm.resize(len + ascii.len(), 0);
    for &b in ascii {
        let t = ALNUM_LOWER[b as usize];
        norm[len] = t;
        len += usize::from(t != 0);
    }
    norm.truncate(len);
}

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
            if s.is_ascii() {
                // nearly every sentence: one run, the whole of it, without counting it first
                push_alnum_lower(&mut norm, bytes);
                return xxhash_rust::xxh3::xxh3_64(&norm);
            }
            let mut i = 0;
            while i < bytes.len() {
                let run = bytes[i..].iter().take_while(|b| b.is_ascii()).count();
                push_alnum_lower(&mut norm, &bytes[i..i + run]);
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

/// Where the articles under one key (a sentence hash, a SimHash band value) are: the one
/// article's index itself, or, with `MANY` set, the position of their list in
/// `Lists::many`. Most keys are met once, so most need no list at all; and a 4-byte
/// slot keeps the tables small, which is what checking costs on a fresh run: every
/// table page is touched (and faulted in) once.
type Slot = u32;

/// The bit of a `Slot` that says "a list": article indexes stay below it.
const MANY: u32 = 1 << 31;

/// A `Slot` of no article (the band tables are indexed directly, every value has one).
const EMPTY: Slot = u32::MAX;

/// The lists of keys met by more than one article, each in article order.
#[derive(Debug, Default)]
struct Lists {
    many: Vec<Vec<u32>>,
}

impl Lists {
    /// The articles in `slot`, ascending.
    fn get<'a>(&'a self, slot: &'a Slot) -> &'a [u32] {
        match *slot {
            EMPTY => &[],
            s if s & MANY == 0 => std::slice::from_ref(slot),
            s => &self.many[(s & !MANY) as usize],
        }
    }

    /// Add article `idx` (above every article already there) to `slot`.
    fn push(&mut self, slot: &mut Slot, idx: u32) {
        match *slot {
            EMPTY => *slot = idx,
            s if s & MANY == 0 => {
                let pos = self.many.len() as u32;
                assert!(pos < EMPTY & !MANY, "too many shared keys for the duplicate index");
                self.many.push(vec![s, idx]);
                *slot = MANY | pos;
            }
            s => self.many[(s & !MANY) as usize].push(idx),
        }
    }
}

/// Lower-case hex digits → their value; every other byte → 0xFF.
static HEX_DIGIT: [u8; 256] = {
    let mut t = [0xFFu8; 256];
    let mut d = 0;
    while d < 16 {
        t[b"0123456789abcdef"[d] as usize] = d as u8;
        d += 1;
    }
    t
};

/// The number a content hash of 32 lower-case hex digits spells (what
/// `parse::hash_content` makes), as two halves; `None` for any other text. Only
/// lower-case digits are taken, so distinct texts never give the same number.
fn hex128(s: &str) -> Option<[u64; 2]> {
    let b: &[u8; 32] = s.as_bytes().try_into().ok()?;
    // a table lookup per digit, no branch: a bad byte sets a high bit in `bad`
    let mut bad = 0u8;
    let mut half = |digits: &[u8]| {
        digits.iter().fold(0u64, |v, &c| {
            let d = HEX_DIGIT[c as usize];
            bad |= d;
            v << 4 | u64::from(d & 0xF)
        })
    };
    let n = [half(&b[..16]), half(&b[16..])];
    (bad & 0xF0 == 0).then_some(n)
}

/// The articles seen so far, by content hash and by SimHash band.
#[derive(Debug, Default)]
pub struct Dedup {
    /// Content hash (as its 128-bit number) → the first article with it (index into the
    /// ids). Keyed by the number, not the text: no `String` per article, and a 16-byte
    /// key hashes and compares in a few instructions (two `u64`s, not a `u128`, whose
    /// 16-byte alignment would pad every entry to 32 bytes).
    exact: FxHashMap<[u64; 2], u32>,
    /// Content hashes that are not 32 lower-case hex digits (never made by `parse`).
    exact_text: FxHashMap<Box<str>, u32>,
    /// The articles by each 16-bit band of their SimHash: band `b`, value `v` at
    /// `b << 16 | v`, indexed directly (4 × 65536 slots, made at the first SimHash).
    bands: Vec<Slot>,
    /// The SimHash of each article remembered (0 for none), for the band candidates.
    sims: Vec<u64>,
    /// The ids of the articles remembered, end to end; `id_ends[i]` is where the i-th
    /// ends (one allocation for all of them, not a `String` each).
    id_text: String,
    id_ends: Vec<usize>,
    /// Sentence hash → the articles (ascending indexes) whose sketch has it.
    sentences: FxHashMap<u64, Slot>,
    /// The lists behind the slots of `bands` and `sentences`.
    lists: Lists,
}

impl Dedup {
    /// Make room for `n` more articles, `sketched` of them with a sentence sketch (saves
    /// rehashing while they are checked; sized by the sketched ones, not all, the
    /// sentence table is half as large on news wires, where many stories are too short
    /// for a sketch, and each page of it costs a page fault on a fresh run).
    pub fn reserve(&mut self, n: usize, sketched: usize) {
        self.exact.reserve(n);
        self.id_ends.reserve(n);
        self.sims.reserve(n);
        self.sentences.reserve(sketched.saturating_mul(SKETCH));
    }

    /// The id of the article `check_index` named.
    pub fn id(&self, index: u32) -> &str {
        let i = index as usize;
        let start = if i == 0 { 0 } else { self.id_ends[i - 1] };
        &self.id_text[start..self.id_ends[i]]
    }

    /// The earliest article that shares at least `SKETCH - 1` of the sentence hashes in
    /// `sk` (which are distinct). Such an article is missing from at most one hash's
    /// list of articles, so it is in one of the two shortest lists: only those are
    /// walked, in article order, and the others binary-searched (every list is in
    /// article order). A common sentence ("REUTER") has a list as long as the run,
    /// which walking every list made quadratic.
    fn sharing_sketch(&self, sk: &[u64; SKETCH]) -> Option<u32> {
        let mut lists: [&[u32]; SKETCH] = sk.map(|h| self.sentences.get(&h).map_or(&[][..], |slot| self.lists.get(slot)));
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
    pub fn check(&mut self, article_id: &str, content_hash: &str, sim: u64, sk: [u64; SKETCH]) -> Option<&str> {
        self.check_index(article_id, content_hash, sim, sk).map(|i| self.id(i))
    }

    /// `check`, naming the article copied by its index (see `id`): the caller can go on
    /// checking without copying the id out first.
    pub fn check_index(&mut self, article_id: &str, content_hash: &str, sim: u64, sk: [u64; SKETCH]) -> Option<u32> {
        let hex = hex128(content_hash);
        let first = match hex {
            Some(h) => self.exact.get(&h),
            None => self.exact_text.get(content_hash),
        };
        if let Some(&first) = first {
            return Some(first);
        }
        if sk[0] != 0 {
            if let Some(idx) = self.sharing_sketch(&sk) {
                return Some(idx);
            }
        }
        if sim != 0 && !self.bands.is_empty() {
            for b in 0..4 {
                let cands = self.lists.get(&self.bands[band_slot(b, sim)]);
                if let Some(&idx) = cands.iter().find(|&&i| (self.sims[i as usize] ^ sim).count_ones() <= NEAR_BITS) {
                    return Some(idx);
                }
            }
        }
        let idx = self.id_ends.len() as u32;
        assert!(idx < MANY, "too many articles for the duplicate index");
        self.id_text.push_str(article_id);
        self.id_ends.push(self.id_text.len());
        self.sims.push(sim);
        match hex {
            Some(h) => self.exact.insert(h, idx),
            None => self.exact_text.insert(content_hash.into(), idx),
        };
        if sim != 0 {
            if self.bands.is_empty() {
                self.bands = vec![EMPTY; 4 << 16];
            }
            for b in 0..4 {
                self.lists.push(&mut self.bands[band_slot(b, sim)], idx);
            }
        }
        if sk[0] != 0 {
            for h in sk {
                self.lists.push(self.sentences.entry(h).or_insert(EMPTY), idx);
            }
        }
        None
    }
}

/// The slot of band `b` (16 bits) of SimHash `sim` in `Dedup::bands`.
fn band_slot(b: usize, sim: u64) -> usize {
    b << 16 | ((sim >> (16 * b)) as u16) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte-lane counters set the bits a position-by-position count sets (up to
        /// 600 hashes: the byte lanes spill into the wide counters on the way).
        #[test]
        fn majority_is_the_bitwise_count(hs in proptest::collection::vec(proptest::num::u64::ANY, 0..600)) {
            let mut counts = BitCounts::default();
            for &h in &hs {
                counts.add(h);
            }
            let n = hs.len() as u64;
            let expect = (0..64).fold(0u64, |out, bit| {
                let ones = hs.iter().filter(|h| (*h >> bit) & 1 == 1).count() as u64;
                if 2 * ones > n { out | 1 << bit } else { out }
            });
            proptest::prop_assert_eq!(counts.majority(), expect);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(3000))]
        /// The word hashes are those of the text's alphanumeric runs, lower-cased: for
        /// ASCII texts (words across 64-byte blocks, at a text's ends) and others.
        #[test]
        fn word_hashes_are_the_split_words(
            pieces in proptest::collection::vec("([A-Za-z0-9]{1,9}|[A-Z]{60,140}|[ .,;:'()\\-]{1,3}|\n|é|Ü|’|\u{a0}|\u{1F600})", 0..60),
            ascii_only in proptest::bool::ANY,
        ) {
            let pieces: Vec<String> = if ascii_only { pieces.into_iter().filter(|p| p.is_ascii()).collect() } else { pieces };
            let text = pieces.concat();
            let mut got = Vec::new();
            word_hashes(&text, &mut got);
            let expect: Vec<u64> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| word_hash_bytes(w.to_lowercase().as_bytes()))
                .collect();
            proptest::prop_assert_eq!(got, expect, "{:?}", text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// The vector counting gives the table counting's bits, past a byte counter's
        /// 255 too, and with hashes that agree on some bits (a real text's shingles).
        #[test]
        fn vector_counts_are_the_table_counts(
            words in proptest::collection::vec(proptest::prelude::any::<u64>(), 3..1200),
            fixed in proptest::prelude::any::<u64>(),
        ) {
            let words: Vec<u64> = words.iter().enumerate().map(|(i, &w)| if i % 3 == 0 { w | fixed } else { w }).collect();
            let mut counts = BitCounts::default();
            for h in shingles(&words) {
                counts.add(h);
            }
            proptest::prop_assert_eq!(majority(&words), counts.majority());
        }
    }

    #[test]
    fn majority_counts_past_a_byte() {
        // 300 hashes with bit 5 set and 299 without: the lanes overflow a byte unless spilled
        let mut counts = BitCounts::default();
        for i in 0..599u64 {
            counts.add(if i < 300 { 1 << 5 | 1 << 40 } else { 1 << 40 });
        }
        assert_eq!(counts.majority(), 1 << 5 | 1 << 40);
    }

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

    #[test]
    fn hex_hashes_are_read_as_numbers_and_nothing_else_is() {
        let h = "0123456789abcdef00112233445566ff";
        assert_eq!(hex128(h), Some([0x0123_4567_89ab_cdef, 0x0011_2233_4455_66ff]));
        assert_eq!(hex128(&"f".repeat(32)), Some([u64::MAX, u64::MAX]));
        // upper case, a sign, a wrong length or another byte would make two texts one number
        for bad in ["0123456789ABCDEF00112233445566ff", "+123456789abcdef00112233445566ff", "0123456789abcdef00112233445566f", "h1", "", "0123456789abcdef00112233445566fg"] {
            assert_eq!(hex128(bad), None, "{bad}");
        }
    }

    #[test]
    fn copies_name_the_first_article_by_either_key_and_through_shared_lists() {
        let mut d = Dedup::default();
        let (h1, h2) = ("00000000000000000000000000000001", "0000000000000000000000000000000a");
        // an exact copy by hex hash, and by a text key that only differs in case
        assert_eq!(d.check("a", h1, 0, [0; SKETCH]), None);
        assert_eq!(d.check("b", &h2.to_uppercase(), 0, [0; SKETCH]), None);
        assert_eq!(d.check("c", h1, 0, [0; SKETCH]), Some("a"));
        assert_eq!(d.check("d", h2, 0, [0; SKETCH]), None);
        assert_eq!(d.check("e", &h2.to_uppercase(), 0, [0; SKETCH]), Some("b"));
        assert_eq!(d.check("f", h2, 0, [0; SKETCH]), Some("d"));
        // articles sharing a common sentence (a list of many) and a SimHash band of many
        let sim = 0xFFFF_0000_0000_0000u64;
        assert_eq!(d.check("g", "x1", sim | 0xFF, [1, 10, 11, 12]), None);
        assert_eq!(d.check("h", "x2", sim | 0xFF00, [1, 20, 21, 22]), None);
        assert_eq!(d.check("i", "x3", sim | 0xFF_0000, [1, 30, 31, 32]), None);
        // three of h's four sentences: h (the only one sharing them), not g
        assert_eq!(d.check("j", "x4", 0, [1, 20, 21, 99]), Some("h"));
        // within 3 bits of i's SimHash only: found in the band list g, h and i share
        assert_eq!(d.check("k", "x5", sim | 0xFF_0000 | 0b111 << 40, [0; SKETCH]), Some("i"));
        // ids of every length, end to end
        let long = "z".repeat(300);
        assert_eq!(d.check(&long, "x6", 0, [0; SKETCH]), None);
        assert_eq!(d.check("l", "x6", 0, [0; SKETCH]), Some(long.as_str()));
        assert_eq!(d.check("", "x7", 0, [0; SKETCH]), None);
        assert_eq!(d.check("m", "x7", 0, [0; SKETCH]), Some(""));
    }
}
