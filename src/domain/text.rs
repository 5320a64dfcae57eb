//! Small text helpers for messages. Hand-written instead of `{:?}` and `join` because
//! those pull Debug escaping, Unicode printability tables and generic joining into the
//! wasm module: a few kilobytes for what a message needs.

use std::fmt::{self, Display, Write};

/// A string in double quotes, with quotes, backslashes and control characters escaped
/// (`"a\"b"`, `"tab\u{9}"`), so that odd ids stay visible in messages.
pub struct Quoted<'a>(pub &'a str);

impl Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' | '\\' => {
                    f.write_char('\\')?;
                    f.write_char(c)?;
                }
                c if c.is_control() => write!(f, "\\u{{{:x}}}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
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
    fn joins() {
        assert_eq!(join(["a", "b", "c"], ", "), "a, b, c");
        assert_eq!(join(Vec::<String>::new(), ", "), "");
        assert_eq!(join([1, 2], " → "), "1 → 2");
    }
}
