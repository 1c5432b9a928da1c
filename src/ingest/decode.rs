//! Bytes → text. Wire archives arrive as UTF-8, UTF-16 with a BOM, or Windows-1252 from
//! older systems; all are decoded rather than rejected. Binary data is an error.

use crate::model::ErrorKind;
use std::borrow::Cow;

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub kind: ErrorKind,
    pub message: String,
}

/// Decode bytes as text: BOM-marked UTF-8/UTF-16 first, then plain UTF-8, then Windows-1252.
/// Input with NUL bytes outside UTF-16 is treated as binary. Valid UTF-8, nearly all
/// input, is borrowed, not copied: a JSON line goes straight to the parser.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8_or_cp1252(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes).map(Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes).map(Cow::Owned);
    }
    if looks_like_bomless_utf16le(bytes) {
        return utf16(bytes, u16::from_le_bytes).map(Cow::Owned);
    }
    if memchr::memchr(0, bytes).is_some() {
        return Err(DecodeError {
            kind: ErrorKind::Binary,
            message: "binary data (NUL bytes), not text".into(),
        });
    }
    utf8_or_cp1252(bytes)
}

fn looks_like_bomless_utf16le(bytes: &[u8]) -> bool {
    // ASCII text in UTF-16LE has a NUL in every odd byte.
    let n = bytes.len().min(256) & !1;
    n >= 8 && bytes[..n].chunks(2).all(|c| c[1] == 0 && c[0] != 0)
}

fn utf8_or_cp1252(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(_) => {
            if control_ratio(bytes) > 0.05 {
                return Err(DecodeError {
                    kind: ErrorKind::Binary,
                    message: "binary data (control bytes), not text".into(),
                });
            }
            Ok(Cow::Owned(bytes.iter().map(|&b| cp1252(b)).collect()))
        }
    }
}

fn control_ratio(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let n = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    n as f64 / bytes.len() as f64
}

fn utf16(bytes: &[u8], conv: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    let units = bytes.chunks_exact(2).map(|c| conv([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| DecodeError {
            kind: ErrorKind::Decode,
            message: format!("invalid UTF-16: {e}"),
        })
}

/// Windows-1252 byte to char (the 0x80–0x9F block differs from Latin-1).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{9D}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        assert_eq!(decode("Côte d'Ivoire".as_bytes()).unwrap(), "Côte d'Ivoire");
    }

    #[test]
    fn cp1252_is_decoded() {
        // "Caracas’ efforts" with a Windows-1252 right single quote (0x92)
        let bytes = b"Caracas\x92 efforts \x80";
        assert_eq!(decode(bytes).unwrap(), "Caracas’ efforts €");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Türkiye".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap(), "Türkiye");
    }

    #[test]
    fn binary_is_rejected() {
        let err = decode(&[0x7F, 0x45, 0x4C, 0x46, 0, 1, 2, 0, 0, 0xFF]).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Binary);
    }
}
