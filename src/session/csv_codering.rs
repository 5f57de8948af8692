//! The encodings a participant list arrives in, read and written back alike.
//!
//! Dutch Excel saves "CSV (puntkomma)" as Windows-1252 and "Unicode-tekst"
//! as UTF-16 little-endian with a BOM (tab-separated); Outlook and Google
//! write UTF-8, with or without a BOM. The encoding found is kept, so that
//! `draaiboek deelnemer` can write the file back in the same form.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How the bytes of a CSV file were encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codering {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl Codering {
    /// How the encoding is named for the trekker ("zo bewaart Excel …").
    pub fn naam(self) -> &'static str {
        match self {
            Self::Utf8 | Self::Utf8Bom => "UTF-8",
            Self::Utf16Le | Self::Utf16Be => "UTF-16 (Excel \"Unicode-tekst\")",
            Self::Windows1252 => "Windows-1252 (Excel \"CSV (puntkomma)\")",
        }
    }

    /// Whether the text can be written in this encoding without loss.
    pub fn kan(self, text: &str) -> bool {
        match self {
            Self::Windows1252 => !WINDOWS_1252.encode(text).2,
            _ => true,
        }
    }

    /// The bytes of `text` in this encoding, BOM included where the file had one.
    /// Characters Windows-1252 lacks must be refused before (see [`Codering::kan`]).
    pub fn encode(self, text: &str) -> Vec<u8> {
        let utf16 = |le: bool| {
            let mut out = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
            for u in text.encode_utf16() {
                out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            out
        };
        match self {
            Self::Utf8 => text.as_bytes().to_vec(),
            Self::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            Self::Utf16Le => utf16(true),
            Self::Utf16Be => utf16(false),
            Self::Windows1252 => WINDOWS_1252.encode(text).0.into_owned(),
        }
    }
}

/// The text of CSV bytes and their encoding: a UTF-16 or UTF-8 BOM decides;
/// without one, UTF-8 when the bytes are valid UTF-8, else Windows-1252
/// (every byte is a character there, so nothing fails to read).
pub fn decode(bytes: Vec<u8>) -> (String, Codering) {
    if let Some((enc, bom)) = Encoding::for_bom(&bytes) {
        let codering = if enc == UTF_16LE {
            Codering::Utf16Le
        } else if enc == UTF_16BE {
            Codering::Utf16Be
        } else {
            Codering::Utf8Bom
        };
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), codering);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, Codering::Utf8),
        Err(e) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(e.as_bytes());
            (text.into_owned(), Codering::Windows1252)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_reads_back_what_it_wrote() {
        let tekst = "naam\tE-mailadres\r\nFrançoise Müller\tf@x.nl\r\n";
        for c in [
            Codering::Utf8,
            Codering::Utf8Bom,
            Codering::Utf16Le,
            Codering::Utf16Be,
            Codering::Windows1252,
        ] {
            let bytes = c.encode(tekst);
            assert_eq!(decode(bytes.clone()), (tekst.to_string(), c), "{c:?}");
        }
        // Excel's "Unicode-tekst": FF FE, then little-endian code units.
        assert_eq!(&Codering::Utf16Le.encode("n")[..], &[0xFF, 0xFE, b'n', 0]);
        assert!(!Codering::Windows1252.kan("Łukasz"));
        assert!(Codering::Utf16Le.kan("Łukasz"));
    }
}
