//! billtree's JSON reader, at the level of values: where a reader starts, entering
//! arrays and objects within a bounded depth, moving from member to member, and the
//! error for a value of the wrong kind. Input types are read from these by
//! `input::read_json`, tokens by `input::json_text`.
//!
//! - Structs are read only from objects, never positionally from arrays.
//! - Numbers are integers or refused: no input takes a fraction (money and quantities
//!   are decimal strings), so a number like `12.5` is an `invalid type` error naming
//!   the number's text, and no floating-point parsing or printing is compiled in.
//! - Errors carry the byte offset of the value they are about, from which
//!   `input::json` names the path (`customers[3].name`), line and column.
//! - Nesting is limited to [`MAX_DEPTH`], so no input can exhaust the stack.
//!
//! It began as a serde `Deserializer` (replacing serde_json's, which every input type
//! was compiled through twice); serde's derive still cost kilobytes per type, so input
//! types now read themselves (`input::read_json`) and serde only words the messages.

use crate::input::json_text::{number_kind, Number, ReadError, Reader, Text};
use crate::input::read_json::ReadJson;
use serde::de::{self, Expected, Unexpected};

/// How deeply arrays and objects may nest (serde_json's limit too).
pub const MAX_DEPTH: u32 = 128;

impl<'de> Reader<'de> {
    /// A reader at the start of `json`.
    pub fn new(json: &'de [u8]) -> Reader<'de> {
        Reader {
            json,
            text: std::str::from_utf8(json).ok(),
            at: 0,
            depth: 0,
        }
    }

    /// Enters an array or object.
    pub(crate) fn descend(&mut self) -> Result<(), ReadError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ReadError::syntax("recursion limit exceeded", self.at));
        }
        self.at += 1;
        Ok(())
    }

    /// The error for a value of the wrong kind at the reader's position.
    pub(crate) fn wrong_kind(&mut self, expected: &dyn Expected) -> ReadError {
        let start = self.value_start();
        let literal =
            |reader: &mut Reader<'de>, word: &[u8], unexpected: Unexpected<'_>| match reader
                .literal(word)
            {
                Ok(()) => de::Error::invalid_type(unexpected, expected),
                Err(error) => error,
            };
        let error = match self.peek() {
            Some(b'n') => literal(self, b"null", Unexpected::Unit),
            Some(b't') => literal(self, b"true", Unexpected::Bool(true)),
            Some(b'f') => literal(self, b"false", Unexpected::Bool(false)),
            // Just inside the bracket, as a visitor refusing the value would be:
            // `input::json` takes the path back to the bracket.
            Some(b'[') => ReadError::or_at(
                de::Error::invalid_type(Unexpected::Seq, expected),
                start + 1,
            ),
            Some(b'{') => ReadError::or_at(
                de::Error::invalid_type(Unexpected::Map, expected),
                start + 1,
            ),
            Some(b'"') => match self.string() {
                Ok(Text::Borrowed(text)) => {
                    de::Error::invalid_type(Unexpected::Str(text), expected)
                }
                Ok(Text::Owned(text)) => de::Error::invalid_type(Unexpected::Str(&text), expected),
                Err(error) => error,
            },
            Some(b'-' | b'0'..=b'9') => match self.number() {
                Ok(number) => number_kind(number, expected),
                Err(error) => error,
            },
            _ => self.eof_or("expected value"),
        };
        // Past the value, where its path is named (at its start, an array element's
        // path would still be its array's).
        error.or_at(self.at)
    }

    /// Moves to the next element or member of an array or object: past the comma
    /// unless it is the first; false at the closing bracket (left unread). Shared by
    /// arrays and objects, and not generic, so it is compiled once.
    pub(crate) fn next_member(
        &mut self,
        first: &mut bool,
        close: u8,
        expected: &str,
    ) -> Result<bool, ReadError> {
        match self.peek() {
            Some(byte) if byte == close => return Ok(false),
            Some(b',') if !*first => {
                self.at += 1;
                if self.peek() == Some(close) {
                    return Err(ReadError::syntax("trailing comma", self.at));
                }
            }
            _ if !*first => return Err(self.eof_or(expected)),
            _ => {}
        }
        *first = false;
        Ok(true)
    }
}

/// Any JSON value as it is, through the same strict reader (numbers integers only),
/// for tools and the reader's own tests; nothing in the module reads one, so it costs
/// no size there. Nesting recurses, at most [`MAX_DEPTH`] deep.
impl ReadJson for serde_json::Value {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        use serde_json::Value;
        const ANY: &str = "any valid JSON value";
        Ok(match reader.peek() {
            Some(b'n') => {
                reader.literal(b"null")?;
                Value::Null
            }
            Some(b't' | b'f') => Value::Bool(bool::read_json(reader)?),
            Some(b'"') => Value::String(String::read_json(reader)?),
            Some(b'-' | b'0'..=b'9') => match reader.number()? {
                Number::Unsigned(n) => Value::from(n),
                Number::Signed(n) => Value::from(n),
                other @ Number::Other(_) => {
                    return Err(number_kind(other, &ANY).or_at(reader.at));
                }
            },
            Some(b'[') => {
                let mut values = Vec::new();
                reader.array(&ANY, |reader| {
                    values.push(Value::read_json(reader)?);
                    Ok(())
                })?;
                Value::Array(values)
            }
            Some(b'{') => {
                let mut map = serde_json::Map::new();
                let mut members = reader.open_object(&ANY)?;
                while let Some(key) = reader.next_key(&mut members)? {
                    let key = key.as_str().to_owned();
                    let value = Value::read_json(reader).map_err(|error| error.or_at(reader.at))?;
                    map.insert(key, value);
                }
                Value::Object(map)
            }
            _ => return Err(reader.eof_or("expected value")),
        })
    }
}
