//! Reading input types straight from billtree's JSON reader, without serde.
//!
//! serde's derived `Deserialize` compiles every reader method once per visitor, so each
//! input type cost kilobytes of the module (the billing input alone ~24 KB gzipped).
//! Here the reader's primitives (open an object, next key, a string, a decimal) are
//! compiled once, and a type's reading is a loop over its keys ([`json_object!`]) or
//! a match on its names ([`json_enum!`]). Messages, and the offsets from which
//! `input::json` names the path, are serde's: a type moves from serde to here without
//! a user seeing the difference.

use crate::common::text::join;
use crate::input::json_text::{number_kind, Number, ReadError, Reader, Text};
use crate::money::decimal::{
    parse_decimal, DecimalKind, DecimalProblem, Money, Percent, Quantity, UnitAmount,
};
use rust_decimal::Decimal;
use serde::de::{Error as _, Expected, Unexpected};

/// A type read from JSON by [`Reader`]'s primitives.
pub trait ReadJson: Sized {
    /// Reads one value at the reader's position.
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError>;
}

/// Reads the member in a slot of an object ([`Reader::object`]). A trait of its own
/// rather than `dyn FnMut`: a `dyn FnMut`'s vtable also holds a `call_once` shim, a
/// second compiled copy of every reader closure.
trait ReadMember<'de> {
    fn read_member(&mut self, reader: &mut Reader<'de>, slot: usize) -> Result<(), ReadError>;
}

impl<'de, F: FnMut(&mut Reader<'de>, usize) -> Result<(), ReadError>> ReadMember<'de> for F {
    fn read_member(&mut self, reader: &mut Reader<'de>, slot: usize) -> Result<(), ReadError> {
        self(reader, slot)
    }
}

/// Reads an element of an array ([`Reader::array`]); a trait for the reason
/// [`ReadMember`] is one.
trait ReadElement<'de> {
    fn read_element(&mut self, reader: &mut Reader<'de>) -> Result<(), ReadError>;
}

impl<'de, F: FnMut(&mut Reader<'de>) -> Result<(), ReadError>> ReadElement<'de> for F {
    fn read_element(&mut self, reader: &mut Reader<'de>) -> Result<(), ReadError> {
        self(reader)
    }
}

/// The members an object type accepts.
pub(crate) struct Shape<'a> {
    /// What the object is, for an error about a value that is not one (`struct
    /// PriceInput`).
    pub expected: &'a str,
    /// Every key accepted, aliases included, in the order errors list them.
    pub keys: &'a [&'a str],
    /// The slot each key fills; empty when each key is its own slot.
    pub slots: &'a [usize],
    /// Each slot's own name, for errors; empty when the keys are the slots.
    pub names: &'a [&'a str],
    /// Whether each slot must be given.
    pub required: &'a [bool],
}

impl Shape<'_> {
    fn slot_name(&self, slot: usize) -> &str {
        let names = if self.names.is_empty() {
            self.keys
        } else {
            self.names
        };
        names.get(slot).copied().unwrap_or_default()
    }
}

/// Where an object's members are read: whether the next is the first.
pub struct Members {
    first: bool,
}

impl Text<'_> {
    /// The text, borrowed from the JSON or unescaped.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Text::Borrowed(text) => text,
            Text::Owned(text) => text,
        }
    }

    fn into_string(self) -> String {
        match self {
            Text::Borrowed(text) => text.to_owned(),
            Text::Owned(text) => text,
        }
    }
}

impl<'de> Reader<'de> {
    /// Enters the object at the reader's position, or refuses what is there as not
    /// `expected` (`struct PriceInput`).
    pub(crate) fn open_object(&mut self, expected: &dyn Expected) -> Result<Members, ReadError> {
        if self.peek() != Some(b'{') {
            return Err(self.wrong_kind(expected));
        }
        self.descend()?;
        Ok(Members { first: true })
    }

    /// The next member's key, the reader left on its value; `None` past the closing
    /// brace.
    pub(crate) fn next_key(
        &mut self,
        members: &mut Members,
    ) -> Result<Option<Text<'de>>, ReadError> {
        if !self.next_member(&mut members.first, b'}', "expected `,` or `}`")? {
            self.at += 1;
            self.depth -= 1;
            return Ok(None);
        }
        if self.peek() != Some(b'"') {
            return Err(self.eof_or("key must be a string"));
        }
        let key = self.string()?;
        self.consume(b':', "expected `:`")?;
        Ok(Some(key))
    }

    /// Reads the object at the reader's position member by member: `member` reads the
    /// value of the slot a key names, once; a key not in `shape`, a slot given twice
    /// and a required slot left out are errors. Not generic, so every input type shares
    /// one copy of the loop and its errors.
    #[inline]
    pub(crate) fn object(
        &mut self,
        shape: &Shape<'_>,
        mut member: impl FnMut(&mut Reader<'de>, usize) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        self.object_with(shape, &mut member)
    }

    fn object_with(
        &mut self,
        shape: &Shape<'_>,
        member: &mut dyn ReadMember<'de>,
    ) -> Result<(), ReadError> {
        let mut members = self.open_object(&shape.expected)?;
        let mut seen = 0_u64;
        while let Some(key) = self.next_key(&mut members)? {
            let key = key.as_str();
            let Some(index) = shape.keys.iter().position(|name| *name == key) else {
                return Err(self.unknown_field(key, shape.keys));
            };
            let slot = shape.slots.get(index).copied().unwrap_or(index);
            let bit = 1_u64 << (slot % 64);
            if seen & bit != 0 {
                let name = shape.slot_name(slot);
                return Err(self.custom(format_args!("duplicate field `{name}`")));
            }
            seen |= bit;
            member
                .read_member(self, slot)
                .map_err(|error| error.or_at(self.at))?;
        }
        let missing = (0..shape.required.len()).find(|&slot| {
            shape.required.get(slot) == Some(&true) && seen & (1_u64 << (slot % 64)) == 0
        });
        match missing {
            Some(slot) => Err(self.missing_field(shape.slot_name(slot))),
            None => Ok(()),
        }
    }

    /// A key the type does not have; the path names it.
    pub(crate) fn unknown_field(&self, key: &str, fields: &[&str]) -> ReadError {
        // Just past the key's closing quote, where serde's field visitor fails.
        let at = self
            .json
            .get(..self.at)
            .unwrap_or_default()
            .iter()
            .rposition(|&byte| byte == b':')
            .unwrap_or(self.at);
        let error = match fields {
            [] => ReadError::custom(format_args!("unknown field `{key}`, there are no fields")),
            _ => ReadError::custom(format_args!("unknown field `{key}`, {}", one_of(fields))),
        };
        error.or_at(at)
    }

    /// A required member the object lacked; the path names the object (the reader
    /// stands past its closing brace).
    pub(crate) fn missing_field(&self, name: &str) -> ReadError {
        self.custom(format_args!("missing field `{name}`"))
    }

    /// A string that names none of an enum's variants.
    pub(crate) fn unknown_variant(&self, value: &str, variants: &[&str]) -> ReadError {
        self.custom(format_args!(
            "unknown variant `{value}`, {}",
            one_of(variants)
        ))
    }

    /// An error about what was just read, located where the reader stands.
    fn custom(&self, message: std::fmt::Arguments<'_>) -> ReadError {
        ReadError::custom(message).or_at(self.at)
    }

    /// The string at the reader's position, or an error naming what was `expected`.
    pub(crate) fn text(&mut self, expected: &dyn Expected) -> Result<Text<'de>, ReadError> {
        if self.peek() != Some(b'"') {
            return Err(self.wrong_kind(expected));
        }
        self.string()
    }

    /// Whether the value at the reader's position is `null` (then read).
    pub(crate) fn null(&mut self) -> Result<bool, ReadError> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        self.literal(b"null")?;
        Ok(true)
    }

    /// A decimal string of at most `max_fraction` places (non-negative unless
    /// `negative`); `what` names it in errors (`a quantity`).
    fn decimal(
        &mut self,
        what: &str,
        max_fraction: usize,
        negative: bool,
    ) -> Result<Decimal, ReadError> {
        let text = self.text(&DecimalExpected(what))?;
        let value = parse_decimal(text.as_str(), max_fraction)
            .map_err(|problem| self.custom(format_args!("{what}: {problem}")))?;
        if !negative && value.is_sign_negative() && !value.is_zero() {
            return Err(self.custom(format_args!("{what}: {}", DecimalProblem::Negative)));
        }
        Ok(value)
    }
}

/// What a decimal field expects. The refused value is named before it ("invalid type:
/// integer `12`, expected …"): a JSON number never reaches exact arithmetic.
struct DecimalExpected<'a>(&'a str);

impl Expected for DecimalExpected<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} as a decimal string such as \"12.50\" (a JSON number cannot hold every decimal exactly)",
            self.0
        )
    }
}

/// serde's list of what was expected: "expected `a`", "expected `a` or `b`",
/// "expected one of `a`, `b`, `c`".
fn one_of(names: &[&str]) -> String {
    let quoted = names.iter().map(|name| format!("`{name}`"));
    match names {
        [_] | [_, _] => format!("expected {}", join(quoted, " or ")),
        _ => format!("expected one of {}", join(quoted, ", ")),
    }
}

impl ReadJson for String {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        Ok(reader.text(&"a string")?.into_string())
    }
}

impl ReadJson for bool {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        let value = match reader.peek() {
            Some(b't') => true,
            Some(b'f') => false,
            _ => return Err(reader.wrong_kind(&"a boolean")),
        };
        reader.literal(if value { b"true" } else { b"false" })?;
        Ok(value)
    }
}

impl ReadJson for u32 {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        let expected = &"u32";
        if !matches!(reader.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(reader.wrong_kind(expected));
        }
        let read = match reader.number()? {
            Number::Unsigned(n) => u32::try_from(n)
                .map_err(|_| ReadError::invalid_value(Unexpected::Unsigned(n), expected)),
            Number::Signed(n) => Err(ReadError::invalid_value(Unexpected::Signed(n), expected)),
            other @ Number::Other(_) => Err(number_kind(other, expected)),
        };
        read.map_err(|error| error.or_at(reader.at))
    }
}

impl<T: ReadJson> ReadJson for Option<T> {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        if reader.null()? {
            return Ok(None);
        }
        T::read_json(reader).map(Some)
    }
}

impl<T: ReadJson> ReadJson for Vec<T> {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        let mut values = Vec::new();
        reader.array(&"a sequence", |reader| {
            values.push(T::read_json(reader)?);
            Ok(())
        })?;
        Ok(values)
    }
}

impl<'de> Reader<'de> {
    /// Reads the array at the reader's position, `element` reading each element. Not
    /// generic, so every list type shares one copy of the loop.
    #[inline]
    pub(crate) fn array(
        &mut self,
        expected: &dyn Expected,
        mut element: impl FnMut(&mut Reader<'de>) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        self.array_with(expected, &mut element)
    }

    fn array_with(
        &mut self,
        expected: &dyn Expected,
        element: &mut dyn ReadElement<'de>,
    ) -> Result<(), ReadError> {
        if self.peek() != Some(b'[') {
            return Err(self.wrong_kind(expected));
        }
        self.descend()?;
        let mut first = true;
        while self.next_member(&mut first, b']', "expected `,` or `]`")? {
            element.read_element(self)?;
        }
        self.at += 1;
        self.depth -= 1;
        Ok(())
    }
}

/// Implements [`ReadJson`] for decimal-text types, by their [`DecimalKind`].
macro_rules! json_decimal {
    ($($type:ident),*) => {$(
        impl ReadJson for $type {
            fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
                reader
                    .decimal($type::WHAT, $type::MAX_FRACTION, $type::NEGATIVE)
                    .map($type)
            }
        }
    )*};
}

json_decimal!(Money, Quantity, Percent, UnitAmount);

/// Implements [`ReadJson`] for a struct read from a JSON object: each member by its
/// JSON name, `required` (a missing one is an error) or `default` (absent gives the
/// type's default) or `present` (an `Option` that is `Some` whenever the key is given,
/// even as `null`); any other key is an error, as is a key given twice.
macro_rules! json_object {
    ($type:ident, $expected:literal { $($field:ident: $name:literal $kind:ident),* $(,)? }) => {
        impl $crate::input::read_json::ReadJson for $type {
            fn read_json(
                reader: &mut $crate::input::json_text::Reader<'_>,
            ) -> Result<Self, $crate::input::json_text::ReadError> {
                use $crate::input::read_json::ReadJson;
                const FIELDS: &[&str] = &[$($name),*];
                $(let mut $field = None;)*
                const REQUIRED: &[bool] = &[$($crate::input::read_json::json_object!(@required $kind)),*];
                let shape = $crate::input::read_json::Shape {
                    expected: $expected,
                    keys: FIELDS,
                    slots: &[],
                    names: &[],
                    required: REQUIRED,
                };
                reader.object(&shape, |reader, index| {
                    let mut _at = 0_usize;
                    $(
                        if index == _at {
                            $field = Some($crate::input::read_json::json_object!(@read reader, $kind));
                        }
                        _at += 1;
                    )*
                    Ok(())
                })?;
                Ok($type { $($field: $crate::input::read_json::json_object!(@take reader, $field, $name, $kind),)* })
            }
        }
    };
    (@required required) => { true };
    (@required default) => { false };
    (@required present) => { false };
    (@read $reader:ident, present) => { Some(ReadJson::read_json($reader)?) };
    (@read $reader:ident, $kind:ident) => { ReadJson::read_json($reader)? };
    (@take $reader:ident, $field:ident, $name:literal, required) => {
        match $field {
            Some(value) => value,
            None => return Err($reader.missing_field($name)),
        }
    };
    (@take $reader:ident, $field:ident, $name:literal, $kind:ident) => {
        $field.unwrap_or_default()
    };
}

/// Implements [`ReadJson`] for an enum of unit variants read from their JSON names
/// (and aliases after `|`).
macro_rules! json_enum {
    ($type:ident, $expected:literal { $($variant:ident: $name:literal $(| $alias:literal)*),* $(,)? }) => {
        impl $crate::input::read_json::ReadJson for $type {
            fn read_json(
                reader: &mut $crate::input::json_text::Reader<'_>,
            ) -> Result<Self, $crate::input::json_text::ReadError> {
                const VARIANTS: &[&str] = &[$($name, $($alias,)*)*];
                let text = reader.text(&$expected)?;
                match text.as_str() {
                    $($name $(| $alias)* => Ok($type::$variant),)*
                    other => Err(reader.unknown_variant(other, VARIANTS)),
                }
            }
        }
    };
}

impl<'de> Reader<'de> {
    /// Reads the whole text as one `T`, refusing anything after it.
    pub(crate) fn read_whole<T: ReadJson>(json: &'de [u8]) -> Result<T, ReadError> {
        Reader::read_document(json, T::read_json)
    }

    /// Reads the whole text with `read`, refusing anything after what it read.
    pub(crate) fn read_document<T>(
        json: &'de [u8],
        read: impl FnOnce(&mut Reader<'de>) -> Result<T, ReadError>,
    ) -> Result<T, ReadError> {
        let mut reader = Reader::new(json);
        let value = read(&mut reader).map_err(|error| error.or_at(reader.at))?;
        if reader.peek().is_some() {
            return Err(ReadError::syntax("trailing characters", reader.at));
        }
        Ok(value)
    }
}

pub(crate) use {json_enum, json_object};
