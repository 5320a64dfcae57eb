//! Reading input documents from JSON text, with errors that name the offending path.

use super::customer::Customer;
use super::error::{BilltreeError, ErrorCode};
use super::json_path::{offset_of, path_at};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most customers one hierarchy may hold. Far beyond any real hierarchy, low enough
/// that an absurd input is refused before it exhausts wasm's 4 GiB of memory.
pub const MAX_CUSTOMERS: usize = 5_000_000;

const TOO_MANY_CUSTOMERS: &str = "too many customers";

/// A hierarchy document: `{ "customers": [...] }`, or just the array of customers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HierarchyInput {
    /// Every customer, in any order: parents need not come before their children.
    pub customers: Vec<Customer>,
}

impl<'de> Deserialize<'de> for HierarchyInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HierarchyVisitor)
    }
}

struct HierarchyVisitor;

impl<'de> Visitor<'de> for HierarchyVisitor {
    type Value = HierarchyInput;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with a `customers` array, or an array of customers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<HierarchyInput, A::Error> {
        Ok(HierarchyInput {
            customers: CustomerListVisitor.visit_seq(seq)?.0,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HierarchyInput, A::Error> {
        let mut customers = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "customers" if customers.is_some() => {
                    return Err(de::Error::duplicate_field("customers"))
                }
                "customers" => customers = Some(map.next_value::<CustomerList>()?.0),
                other => return Err(de::Error::unknown_field(other, &["customers"])),
            }
        }
        let customers = customers.ok_or_else(|| de::Error::missing_field("customers"))?;
        Ok(HierarchyInput { customers })
    }
}

/// The customer array, refused as soon as it passes [`MAX_CUSTOMERS`] rather than after
/// it has all been allocated.
struct CustomerList(Vec<Customer>);

impl<'de> Deserialize<'de> for CustomerList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(CustomerListVisitor)
    }
}

struct CustomerListVisitor;

impl<'de> Visitor<'de> for CustomerListVisitor {
    type Value = CustomerList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of customers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CustomerList, A::Error> {
        let hint = seq.size_hint().unwrap_or(0).min(MAX_CUSTOMERS);
        let mut customers = Vec::with_capacity(hint);
        while let Some(customer) = seq.next_element::<Customer>()? {
            if customers.len() == MAX_CUSTOMERS {
                return Err(de::Error::custom(TOO_MANY_CUSTOMERS));
            }
            customers.push(customer);
        }
        Ok(CustomerList(customers))
    }
}

/// Parses a hierarchy document from JSON text.
pub fn parse_hierarchy_json(json: &str) -> Result<HierarchyInput, BilltreeError> {
    from_json_str(json)
}

/// Parses any input type from JSON text; syntax errors are `INVALID_JSON`, shape errors
/// `INVALID_INPUT`, both with the path, line and column.
pub fn from_json_str<T: DeserializeOwned>(json: &str) -> Result<T, BilltreeError> {
    parse_json(json, true)
}

/// Parses JSON text that billtree itself made from a caller's value (the wasm boundary
/// stringifies JS objects so that objects and JSON text meet one contract). Positions in
/// that text mean nothing to the caller, so errors name only the path.
pub fn from_serialized_value<T: DeserializeOwned>(json: &str) -> Result<T, BilltreeError> {
    parse_json(json, false)
}

fn parse_json<T: DeserializeOwned>(json: &str, with_position: bool) -> Result<T, BilltreeError> {
    serde_json::from_str(json).map_err(|error| json_error(json, &error, with_position))
}

fn json_error(json: &str, error: &serde_json::Error, with_position: bool) -> BilltreeError {
    let text = error.to_string();
    let problem = if with_position {
        text.as_str()
    } else {
        // serde_json appends " at line L column C"; drop it.
        text.rsplit_once(" at line ")
            .map_or(text.as_str(), |(problem, _)| problem)
    };
    let mut converted = if error.is_data() {
        let path = path_at(json, offset_of(json, error.line(), error.column()));
        classify(&path, &problem)
    } else {
        BilltreeError::new(ErrorCode::InvalidJson, problem)
    };
    if with_position {
        converted.details.line = u32::try_from(error.line()).ok().filter(|&n| n > 0);
        converted.details.column = u32::try_from(error.column()).ok().filter(|&n| n > 0);
    }
    converted
}

/// Maps a deserialization failure to a contract error, recognising the customer cap.
fn classify(path: &str, error: &impl fmt::Display) -> BilltreeError {
    let text = error.to_string();
    if text.starts_with(TOO_MANY_CUSTOMERS) {
        return BilltreeError::too_large("customers", MAX_CUSTOMERS);
    }
    BilltreeError::invalid_input(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_an_object_or_a_bare_array() {
        let object = parse_hierarchy_json(r#"{"customers":[{"id":"a","name":"A"}]}"#).unwrap();
        let array = parse_hierarchy_json(r#"[{"id":"a","name":"A"}]"#).unwrap();
        assert_eq!(object, array);
        assert_eq!(object.customers[0].parent_id, None);
        assert!(!object.customers[0].archived);
    }

    #[test]
    fn malformed_json_is_invalid_json_with_position() {
        let error = parse_hierarchy_json("{\n  \"customers\": [,]}").unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidJson);
        assert_eq!(error.details.line, Some(2));
        let trailing = parse_hierarchy_json("[] x").unwrap_err();
        assert_eq!(trailing.code, ErrorCode::InvalidJson);
    }

    #[test]
    fn a_number_where_a_string_belongs_names_the_path() {
        let error =
            parse_hierarchy_json(r#"{"customers":[{"id":"a","name":"A"},{"id":7,"name":"B"}]}"#)
                .unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert_eq!(error.details.path.as_deref(), Some("customers[1].id"));
        assert!(
            error.message.contains("expected a string"),
            "{}",
            error.message
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        let error = parse_hierarchy_json(r#"[{"id":"a","name":"A","parentID":"b"}]"#).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains("parentID"), "{}", error.message);
        let error = parse_hierarchy_json(r#"{"customer":[]}"#).unwrap_err();
        assert!(error.message.contains("customer"), "{}", error.message);
        let error = parse_hierarchy_json(r#"{}"#).unwrap_err();
        assert!(error.message.contains("missing field"), "{}", error.message);
    }
}
