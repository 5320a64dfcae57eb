//! Small text helpers for messages. Hand-written instead of `{:?}` and `join` because
//! those pull Debug escaping, Unicode printability tables and generic joining into the
//! wasm module: a few kilobytes for what a message needs.

use std::fmt::{self, Display, Write};

/// The most characters a message quotes from the input (a name, an id, a tenant).
/// Messages are for people; the exact value is in the issue's data. Without a bound,
/// one 2,000,000-character name quoted in a thousand issues needs gigabytes.
pub const MAX_QUOTED_CHARS: usize = 64;

/// A string in double quotes, with quotes, backslashes and control characters escaped
/// (`"a\"b"`, `"tab\u{9}"`), so that odd ids stay visible in messages. Past
/// [`MAX_QUOTED_CHARS`] it is cut: `"first 64 characters…" [2000000 bytes]`.
pub struct Quoted<'a>(pub &'a str);

impl Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        let mut chars = self.0.chars();
        for c in chars.by_ref().take(MAX_QUOTED_CHARS) {
            match c {
                '"' | '\\' => {
                    f.write_char('\\')?;
                    f.write_char(c)?;
                }
                c if c.is_control() => write!(f, "\\u{{{:x}}}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        if chars.next().is_none() {
            return f.write_char('"');
        }
        // Bytes, not characters: counting characters would cost the whole text again
        // for every message that quotes it.
        write!(f, "…\" [{} bytes]", self.0.len())
    }
}

/// `text` cut to at most `max_bytes` (at a character boundary), marked with `…`.
pub fn shorten(mut text: String, max_bytes: usize) -> String {
    if text.len() > max_bytes {
        let mut end = max_bytes.saturating_sub('…'.len_utf8());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

/// The items' text, separated by `separator`.
pub fn join<T: Display>(items: impl IntoIterator<Item = T>, separator: &str) -> String {
    let mut out = String::new();
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push_str(separator);
        }
        let _ = write!(out, "{item}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(Quoted("plain id").to_string(), r#""plain id""#);
        assert_eq!(Quoted("a\"b\\c").to_string(), r#""a\"b\\c""#);
        assert_eq!(Quoted("tab\there\n").to_string(), r#""tab\u{9}here\u{a}""#);
        assert_eq!(Quoted("Müller 😀").to_string(), "\"Müller 😀\"");
    }

    #[test]
    fn long_text_is_cut_with_its_length() {
        let exact = "é".repeat(MAX_QUOTED_CHARS);
        assert_eq!(Quoted(&exact).to_string(), format!("\"{exact}\""));
        let long = "x".repeat(2_000_000);
        assert_eq!(
            Quoted(&long).to_string(),
            format!("\"{}…\" [2000000 bytes]", &long[..MAX_QUOTED_CHARS])
        );
    }

    #[test]
    fn shortens_at_a_character_boundary() {
        assert_eq!(shorten("short".into(), 10), "short");
        let cut = shorten("é".repeat(100), 11);
        assert!(cut.len() <= 11, "{cut}");
        assert_eq!(cut, format!("{}…", "é".repeat(4)));
    }

    #[test]
    fn joins() {
        assert_eq!(join(["a", "b", "c"], ", "), "a, b, c");
        assert_eq!(join(Vec::<String>::new(), ", "), "");
        assert_eq!(join([1, 2], " → "), "1 → 2");
    }
}
