//! Words with their place in the text, and what punctuation stands around
//! them: the detectors look at a few words in a row, never across a comma
//! or a full stop.

/// One word of the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    /// Byte offsets of `w` in the text.
    pub s: usize,
    pub e: usize,
    /// The word without the punctuation around it ("Haan" of "Haan.",
    /// "J" of "J.", "19" of "(19)").
    pub w: &'a str,
    /// Punctuation right before the word: `(`, a quote.
    pub voor: &'a str,
    /// Punctuation right after the word: `.`, `,`, `)`.
    pub na: &'a str,
    /// The first word of a sentence (or of the text).
    pub zinbegin: bool,
}

impl Tok<'_> {
    /// Nothing but spaces between this word and the next.
    pub fn los(&self) -> bool {
        self.na.is_empty()
    }
    /// Starts with a capital letter.
    pub fn hoofdletter(&self) -> bool {
        self.w.chars().next().is_some_and(char::is_uppercase)
    }
    pub fn cijfers(&self) -> bool {
        !self.w.is_empty() && self.w.bytes().all(|b| b.is_ascii_digit())
    }
    /// Ends a sentence: a full stop (not of an initial), `!` or `?`.
    pub fn zinseinde(&self) -> bool {
        self.na.contains(['.', '!', '?', ':'])
    }
}

const VOOR: &[char] = &['(', '[', '{', '"', '“', '‘', '«', '„', '\'', '*', '-', '–', '—', '•'];
const NA: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '}', '"', '”', '’', '»', '\'', '*', '…',
];

/// The words of `text`, in order.
pub(crate) fn tokens<'a>(text: &'a str) -> Vec<Tok<'a>> {
    let mut out: Vec<Tok> = Vec::new();
    let mut begin = None;
    let mut alinea = true;
    let push = |s: usize, e: usize, out: &mut Vec<Tok<'a>>, alinea: bool| {
        let chunk = &text[s..e];
        // "'t" and "'s-Hertogenbosch" keep their apostrophe.
        let kern_s = if chunk.starts_with("'t") || chunk.starts_with("'s") {
            0
        } else {
            chunk.len() - chunk.trim_start_matches(VOOR).len()
        };
        let na_tekst = &chunk[kern_s..];
        let kern_e = kern_s + na_tekst.trim_end_matches(NA).len();
        if kern_e <= kern_s {
            return;
        }
        let zinbegin = alinea || out.last().is_none_or(|t: &Tok| t.zinseinde());
        out.push(Tok {
            s: s + kern_s,
            e: s + kern_e,
            w: &text[s + kern_s..s + kern_e],
            voor: &chunk[..kern_s],
            na: &chunk[kern_e..],
            zinbegin,
        });
    };
    let mut regels_leeg = 0;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(b) = begin.take() {
                let n = out.len();
                push(b, i, &mut out, alinea);
                if out.len() > n {
                    alinea = false;
                }
                regels_leeg = 0;
            }
            if c == '\n' {
                regels_leeg += 1;
                if regels_leeg >= 2 {
                    alinea = true;
                }
            }
        } else if begin.is_none() {
            begin = Some(i);
        }
    }
    if let Some(b) = begin {
        push(b, text.len(), &mut out, alinea);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::tokens;

    #[test]
    fn words_keep_their_punctuation_apart() {
        let t = tokens("Dewi de Haan (19) woont in 't dorp. J. Jansen");
        let w: Vec<&str> = t.iter().map(|t| t.w).collect();
        assert_eq!(
            w,
            ["Dewi", "de", "Haan", "19", "woont", "in", "'t", "dorp", "J", "Jansen"]
        );
        assert_eq!(t[3].voor, "(");
        assert_eq!(t[3].na, ")");
        assert!(t[0].zinbegin && t[8].zinbegin && !t[1].zinbegin);
        assert_eq!(&"Dewi de Haan (19) woont"[t[2].s..t[2].e], "Haan");
    }
}
