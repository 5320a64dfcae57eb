//! Reading JSON text: the tokens the reader (`input::reader`) is built from, and the
//! path of a position in the text (`customers[3].parentId`) for error messages, found
//! by scanning the text up to that position only when there is an error.

use serde::de::{self, Expected, Unexpected};
use std::fmt;

/// One open container on the way to the position.
enum Frame<'a> {
    Object {
        key: Option<&'a str>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The path of the value being read at byte `offset`: `customers[3].parentId`, `[0].id`,
/// or an empty string at the top level.
pub fn path_at(json: &str, offset: usize) -> String {
    let bytes = json.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut at = 0;
    while at < end {
        match bytes[at] {
            b'"' => {
                let start = at + 1;
                at = start;
                while at < bytes.len() && bytes[at] != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    *key = json.get(start..at.min(bytes.len()));
                }
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, expecting_key }) => {
                    *key = None;
                    *expecting_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        at += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

/// What went wrong while reading, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// What is wrong, in serde's words where serde raised it.
    pub message: String,
    /// The byte offset the error is about: the value that could not be read, or where
    /// the syntax broke. Filled in by the innermost value being read when a visitor
    /// raised the error without knowing where it was.
    pub offset: Option<usize>,
    /// Whether the text is not JSON at all (as opposed to JSON of the wrong shape).
    pub syntax: bool,
}

impl ReadError {
    pub(crate) fn syntax(message: &str, offset: usize) -> ReadError {
        ReadError {
            message: message.to_owned(),
            offset: Some(offset),
            syntax: true,
        }
    }

    pub(crate) fn or_at(mut self, offset: usize) -> ReadError {
        self.offset.get_or_insert(offset);
        self
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(message: T) -> ReadError {
        ReadError {
            message: message.to_string(),
            offset: None,
            syntax: false,
        }
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> ReadError {
        ReadError::custom(format_args!(
            "invalid type: {}, expected {expected}",
            Described(unexpected)
        ))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> ReadError {
        ReadError::custom(format_args!(
            "invalid value: {}, expected {expected}",
            Described(unexpected)
        ))
    }
}

/// serde's description of an unexpected value, in JSON's words (`null`, not `unit
/// value`), and without serde's own formatter: that one prints floating-point numbers,
/// which would pull float formatting into the module for a case that never happens.
struct Described<'a>(Unexpected<'a>);

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(value) => write!(f, "boolean `{value}`"),
            Unexpected::Unsigned(value) => write!(f, "integer `{value}`"),
            Unexpected::Signed(value) => write!(f, "integer `{value}`"),
            Unexpected::Float(_) => f.write_str("floating point number"),
            Unexpected::Char(value) => write!(f, "character `{value}`"),
            Unexpected::Str(value) => write!(f, "string {}", crate::common::text::Quoted(value)),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Option => f.write_str("optional value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

/// Reads one JSON value from `json`.
pub struct Reader<'de> {
    /// The whole text.
    pub(crate) json: &'de [u8],
    /// The same text as `str`, when it is valid UTF-8 (checked once, up front): then a
    /// string is sliced out of it without checking its bytes again.
    pub(crate) text: Option<&'de str>,
    /// The next byte to read.
    pub(crate) at: usize,
    /// Arrays and objects open around the reader.
    pub(crate) depth: u32,
}

/// A JSON string: borrowed from the input when it has no escapes.
pub(crate) enum Text<'de> {
    /// No escapes: a slice of the input.
    Borrowed(&'de str),
    /// With escapes resolved.
    Owned(String),
}

/// A JSON number: integers as integers, anything else as its text.
pub(crate) enum Number<'de> {
    /// A non-negative integer.
    Unsigned(u64),
    /// A negative integer.
    Signed(i64),
    /// Anything else (a fraction, an exponent, too large), as written.
    Other(&'de str),
}

impl<'de> Reader<'de> {
    /// The next byte that is not whitespace, left unread.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        while let Some(&byte) = self.json.get(self.at) {
            if !matches!(byte, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    /// Skips whitespace and returns where the next value starts.
    pub(crate) fn value_start(&mut self) -> usize {
        self.peek();
        self.at
    }

    /// Consumes `byte` (after whitespace) or fails with `message`.
    pub(crate) fn consume(&mut self, byte: u8, message: &str) -> Result<(), ReadError> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.eof_or(message))
        }
    }

    pub(crate) fn eof_or(&self, message: &str) -> ReadError {
        if self.at >= self.json.len() {
            ReadError::syntax("EOF while parsing a value", self.at)
        } else {
            ReadError::syntax(message, self.at)
        }
    }

    /// Consumes the literal `word` (`null`, `true`, `false`).
    pub(crate) fn literal(&mut self, word: &[u8]) -> Result<(), ReadError> {
        match self.json.get(self.at..self.at + word.len()) {
            Some(found) if found == word => {
                self.at += word.len();
                Ok(())
            }
            _ => Err(self.eof_or("expected value")),
        }
    }

    pub(crate) fn string(&mut self) -> Result<Text<'de>, ReadError> {
        let start = self.at;
        self.at += 1;
        let mut owned: Option<Vec<u8>> = None;
        let mut run = self.at;
        loop {
            let Some(&byte) = self.json.get(self.at) else {
                return Err(ReadError::syntax("EOF while parsing a string", self.at));
            };
            match byte {
                b'"' => {
                    let tail = self.json.get(run..self.at).unwrap_or_default();
                    self.at += 1;
                    let checked = self.text.and_then(|text| text.get(run..self.at - 1));
                    return match owned {
                        None => match checked {
                            Some(text) => Ok(Text::Borrowed(text)),
                            None => std::str::from_utf8(tail).map(Text::Borrowed).map_err(|_| {
                                ReadError::syntax("invalid unicode code point", start)
                            }),
                        },
                        Some(mut bytes) => {
                            bytes.extend_from_slice(tail);
                            String::from_utf8(bytes)
                                .map(Text::Owned)
                                .map_err(|_| ReadError::syntax("invalid unicode code point", start))
                        }
                    };
                }
                b'\\' => {
                    let bytes = owned.get_or_insert_with(Vec::new);
                    bytes.extend_from_slice(self.json.get(run..self.at).unwrap_or_default());
                    self.at += 1;
                    let mut utf8 = [0; 4];
                    bytes.extend_from_slice(self.escape(start)?.encode_utf8(&mut utf8).as_bytes());
                    run = self.at;
                }
                0..=0x1f => {
                    return Err(ReadError::syntax(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                        self.at,
                    ))
                }
                _ => {
                    self.at += 1;
                    self.skip_plain();
                }
            }
        }
    }

    /// Skips string bytes that need no attention (not a quote, a backslash or a
    /// control character) eight at a time: ids and names are mostly such bytes, and
    /// looking at each alone made reading a large hierarchy a quarter slower.
    fn skip_plain(&mut self) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        let has_zero_byte = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
        // `first_chunk` gives an array without a copy call: at the module's size
        // setting an 8-byte `copy_from_slice` stayed a call per chunk.
        while let Some(&bytes) = self
            .json
            .get(self.at..)
            .and_then(|rest| rest.first_chunk::<8>())
        {
            let word = u64::from_le_bytes(bytes);
            let special = has_zero_byte(word ^ (ONES * u64::from(b'"')))
                | has_zero_byte(word ^ (ONES * u64::from(b'\\')))
                | (word.wrapping_sub(ONES * 0x20) & !word & HIGHS);
            if special != 0 {
                return;
            }
            self.at += 8;
        }
    }

    /// The character an escape stands for; the backslash is already read.
    pub(crate) fn escape(&mut self, string_start: usize) -> Result<char, ReadError> {
        let Some(&kind) = self.json.get(self.at) else {
            return Err(ReadError::syntax("EOF while parsing a string", self.at));
        };
        self.at += 1;
        Ok(match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                let lone = || {
                    ReadError {
                    message: "a string holds a lone surrogate (half of a UTF-16 pair), which no UTF-8 text can carry".to_owned(),
                    offset: Some(string_start + 1),
                    syntax: false,
                }
                };
                match unit {
                    0xD800..=0xDBFF => {
                        if self.json.get(self.at..self.at + 2) != Some(b"\\u") {
                            return Err(lone());
                        }
                        self.at += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(lone());
                        }
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        char::from_u32(code).ok_or_else(lone)?
                    }
                    0xDC00..=0xDFFF => return Err(lone()),
                    _ => char::from_u32(unit).ok_or_else(lone)?,
                }
            }
            _ => return Err(ReadError::syntax("invalid escape", self.at - 1)),
        })
    }

    pub(crate) fn hex4(&mut self) -> Result<u32, ReadError> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = self
                .json
                .get(self.at)
                .and_then(|&b| char::from(b).to_digit(16))
                .ok_or_else(|| ReadError::syntax("invalid escape", self.at))?;
            value = value * 16 + digit;
            self.at += 1;
        }
        Ok(value)
    }

    pub(crate) fn number(&mut self) -> Result<Number<'de>, ReadError> {
        let start = self.at;
        let digits = |reader: &mut Reader<'de>| {
            let from = reader.at;
            while reader.json.get(reader.at).is_some_and(u8::is_ascii_digit) {
                reader.at += 1;
            }
            reader.at > from
        };
        let negative = self.json.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let int_start = self.at;
        if !digits(self) {
            return Err(self.eof_or("invalid number"));
        }
        if self.json.get(int_start) == Some(&b'0') && self.at - int_start > 1 {
            return Err(ReadError::syntax("invalid number", int_start));
        }
        let mut integer = true;
        if self.json.get(self.at) == Some(&b'.') {
            integer = false;
            self.at += 1;
            if !digits(self) {
                return Err(self.eof_or("invalid number"));
            }
        }
        if matches!(self.json.get(self.at), Some(b'e' | b'E')) {
            integer = false;
            self.at += 1;
            if matches!(self.json.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.eof_or("invalid number"));
            }
        }
        let text = self
            .json
            .get(start..self.at)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or_default();
        Ok(match (integer, negative) {
            (true, false) => text.parse().map_or(Number::Other(text), Number::Unsigned),
            (true, true) => text.parse().map_or(Number::Other(text), Number::Signed),
            (false, _) => Number::Other(text),
        })
    }
}

/// The error for a number where `expected` was.
pub(crate) fn number_kind(number: Number<'_>, expected: &dyn Expected) -> ReadError {
    match number {
        Number::Unsigned(n) => de::Error::invalid_type(Unexpected::Unsigned(n), expected),
        Number::Signed(n) => de::Error::invalid_type(Unexpected::Signed(n), expected),
        Number::Other(text) => de::Error::invalid_type(
            Unexpected::Other(&format!("floating point `{text}`")),
            expected,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_before(json: &str, marker: &str) -> String {
        path_at(json, json.find(marker).unwrap() + marker.len())
    }

    #[test]
    fn names_keys_and_indices() {
        let json = r#"{"customers":[{"id":"a","name":"A"},{"id":7,"name":"B"}]}"#;
        assert_eq!(path_before(json, "7"), "customers[1].id");
        assert_eq!(path_before(json, r#""A""#), "customers[0].name");
        assert_eq!(path_before(json, r#"{"customers":["#), "customers[0]");
        assert_eq!(path_at(json, 0), "");
        assert_eq!(
            path_before(r#"[{"id":"a","x":{"y":[1,2,"#, "2,"),
            "[0].x.y[2]"
        );
    }

    #[test]
    fn strings_with_escapes_and_structural_characters_are_skipped() {
        let json = r#"[{"name":"a \"[{\" b","id":5"#;
        assert_eq!(path_before(json, "5"), "[0].id");
    }
}
