//! billtree's JSON reader: a serde `Deserializer` over UTF-8 bytes, written for the
//! contract of billtree's inputs rather than for JSON in general.
//!
//! - Structs are read only from objects, never positionally from arrays (serde's
//!   derived structs accept both, so `["orb"]` as options would select Orb).
//! - Numbers are integers or refused: no input takes a fraction (money and quantities
//!   are decimal strings), so a number like `12.5` is an `invalid type` error naming
//!   the number's text, and no floating-point parsing or printing is compiled in.
//! - Errors carry the byte offset of the value they are about, from which
//!   `input::json` names the path (`customers[3].name`), line and column.
//! - Nesting is limited to [`MAX_DEPTH`], so no input can exhaust the stack.
//!
//! serde_json's deserializer did all this behind a wrapper that re-implemented every
//! deserializer method; each input type was compiled through both, which cost about
//! a sixth of the module's size. (Output is still written by serde_json: a writer of our
//! own measured 3 KB larger.)
//!
//! billtree's own input types no longer go through serde at all (`input::read_json`
//! reads them with the primitives here, for a fraction of the size); this
//! `Deserializer` stays for reading any JSON value as it is (`serde_json::Value`, for
//! tools and the reader's own tests), which the module never links.

use crate::input::json_text::{number_kind, Number, Text};
use crate::input::json_text::{ReadError, Reader};
use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{
    self, DeserializeSeed, EnumAccess, Expected, MapAccess, SeqAccess, Unexpected, VariantAccess,
    Visitor,
};
use std::fmt;

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

    /// Reads the whole text as one value of type `T` (through `seed`), refusing
    /// anything after it.
    pub fn read<T: DeserializeSeed<'de>>(json: &'de [u8], seed: T) -> Result<T::Value, ReadError> {
        let mut reader = Reader::new(json);
        let value = seed.deserialize(&mut reader);
        let value = reader.located(value)?;
        if reader.peek().is_some() {
            return Err(ReadError::syntax("trailing characters", reader.at));
        }
        Ok(value)
    }

    /// Gives an error raised by a visitor, which does not know where it is, the
    /// reader's position: just past what the visitor saw (as serde_json does).
    pub(crate) fn located<T>(&self, result: Result<T, ReadError>) -> Result<T, ReadError> {
        result.map_err(|error| error.or_at(self.at))
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

    /// Locates an error a map or sequence visitor raised itself (a missing field, a
    /// duplicate): past the closing bracket when the reader stands on it, so the path
    /// names the object rather than its last member.
    fn located_in<V>(&self, result: Result<V, ReadError>) -> Result<V, ReadError> {
        let at = match self.json.get(self.at) {
            Some(b'}' | b']') => self.at + 1,
            _ => self.at,
        };
        result.map_err(|error| error.or_at(at))
    }
}

/// Deserializer methods whose visitor is handed whatever the JSON holds (serde's own
/// macro for this names the float types, which the core never mentions).
macro_rules! forward_to_any {
    ($($method:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
            self.deserialize_any(visitor)
        }
    )*};
}

/// Deserializer methods for integers: only a JSON integer is handed to the visitor,
/// anything else is refused here, so a visitor is compiled with one path, not all.
macro_rules! integers {
    ($($method:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
            let result = match self.peek() {
                Some(b'-' | b'0'..=b'9') => match self.number()? {
                    Number::Unsigned(n) => visitor.visit_u64(n),
                    Number::Signed(n) => visitor.visit_i64(n),
                    other @ Number::Other(_) => Err(number_kind(other, &Expecting(&visitor))),
                },
                _ => Err(self.wrong_kind(&Expecting(&visitor))),
            };
            self.located(result)
        }
    )*};
}

/// Deserializer methods for text: only a JSON string is handed to the visitor.
macro_rules! strings {
    ($($method:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
            let result = match self.peek() {
                Some(b'"') => match self.string()? {
                    Text::Borrowed(text) => visitor.visit_borrowed_str(text),
                    Text::Owned(text) => visitor.visit_string(text),
                },
                _ => Err(self.wrong_kind(&Expecting(&visitor))),
            };
            self.located(result)
        }
    )*};
}

/// The `Expected` of a visitor, as a trait object (one instance of the error paths).
struct Expecting<'a, V>(&'a V);

impl<'de, V: Visitor<'de>> Expected for Expecting<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let result = match self.peek() {
            Some(b'n') => self.literal(b"null").and_then(|()| visitor.visit_unit()),
            Some(b't') => self
                .literal(b"true")
                .and_then(|()| visitor.visit_bool(true)),
            Some(b'f') => self
                .literal(b"false")
                .and_then(|()| visitor.visit_bool(false)),
            Some(b'"') => match self.string()? {
                Text::Borrowed(text) => visitor.visit_borrowed_str(text),
                Text::Owned(text) => visitor.visit_string(text),
            },
            Some(b'-' | b'0'..=b'9') => match self.number()? {
                Number::Unsigned(n) => visitor.visit_u64(n),
                Number::Signed(n) => visitor.visit_i64(n),
                other @ Number::Other(_) => Err(number_kind(other, &Expecting(&visitor))),
            },
            Some(b'[') => self.deserialize_seq(visitor),
            Some(b'{') => self.deserialize_map(visitor),
            _ => Err(self.eof_or("expected value")),
        };
        self.located(result)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        if self.peek() != Some(b'[') {
            return Err(self.wrong_kind(&Expecting(&visitor)));
        }
        self.descend()?;
        let value = visitor.visit_seq(Elements {
            reader: &mut *self,
            first: true,
        });
        let value = self.located_in(value)?;
        self.consume(b']', "expected `,` or `]`")?;
        self.depth -= 1;
        Ok(value)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        if self.peek() != Some(b'{') {
            return Err(self.wrong_kind(&Expecting(&visitor)));
        }
        self.descend()?;
        let value = visitor.visit_map(Entries {
            reader: &mut *self,
            first: true,
        });
        let value = self.located_in(value)?;
        self.consume(b'}', "expected `,` or `}`")?;
        self.depth -= 1;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        match self.peek() {
            Some(b'"') => match self.string()? {
                Text::Borrowed(text) => visitor.visit_enum(BorrowedStrDeserializer::new(text)),
                Text::Owned(text) => visitor.visit_enum(StringDeserializer::new(text)),
            },
            Some(b'{') => {
                self.descend()?;
                let value = visitor.visit_enum(Variant { reader: &mut *self })?;
                self.consume(b'}', "expected `}`")?;
                self.depth -= 1;
                Ok(value)
            }
            _ => Err(self.wrong_kind(&Expecting(&visitor))),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_any(visitor)
    }

    forward_to_any!(
        deserialize_i128,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_bytes,
        deserialize_byte_buf,
    );

    integers!(
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
    );

    strings!(
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_identifier,
    );

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let result = match self.peek() {
            Some(b't') => self
                .literal(b"true")
                .and_then(|()| visitor.visit_bool(true)),
            Some(b'f') => self
                .literal(b"false")
                .and_then(|()| visitor.visit_bool(false)),
            _ => Err(self.wrong_kind(&Expecting(&visitor))),
        };
        self.located(result)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let result = match self.peek() {
            Some(b'n') => self.literal(b"null").and_then(|()| visitor.visit_unit()),
            _ => Err(self.wrong_kind(&Expecting(&visitor))),
        };
        self.located(result)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }
}

/// The elements of an array.
struct Elements<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        let reader = &mut *self.reader;
        if !reader.next_member(&mut self.first, b']', "expected `,` or `]`")? {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *reader);
        reader.located(value).map(Some)
    }
}

/// The members of an object.
struct Entries<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        let reader = &mut *self.reader;
        if !reader.next_member(&mut self.first, b'}', "expected `,` or `}`")? {
            return Ok(None);
        }
        if reader.peek() != Some(b'"') {
            return Err(reader.eof_or("key must be a string"));
        }
        let key = match reader.string()? {
            Text::Borrowed(text) => seed.deserialize(BorrowedStrDeserializer::new(text)),
            Text::Owned(text) => seed.deserialize(StringDeserializer::new(text)),
        };
        let key = reader.located(key)?;
        reader.consume(b':', "expected `:`")?;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        let reader = &mut *self.reader;
        let value = seed.deserialize(&mut *reader);
        reader.located(value)
    }
}

/// An enum written as an object with one member: `{ "variant": value }`.
struct Variant<'r, 'de> {
    reader: &'r mut Reader<'de>,
}

impl<'de> EnumAccess<'de> for Variant<'_, 'de> {
    type Error = ReadError;
    type Variant = Self;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self), ReadError> {
        let mut entries = Entries {
            reader: &mut *self.reader,
            first: true,
        };
        match entries.next_key_seed(seed)? {
            Some(variant) => Ok((variant, self)),
            None => Err(de::Error::invalid_length(0, &"an object with one member")),
        }
    }
}

impl<'de> VariantAccess<'de> for Variant<'_, 'de> {
    type Error = ReadError;

    fn unit_variant(self) -> Result<(), ReadError> {
        de::Deserialize::deserialize(&mut *self.reader)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, ReadError> {
        seed.deserialize(&mut *self.reader)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        de::Deserializer::deserialize_seq(&mut *self.reader, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        de::Deserializer::deserialize_map(&mut *self.reader, visitor)
    }
}
