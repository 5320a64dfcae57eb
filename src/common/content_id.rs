//! Deterministic ids: UUID v5 (SHA-1, RFC 9562) over content, in a namespace of
//! billtree's own, so the same input yields the same ids in Rust, in Node and in the
//! browser, and changed content gets a new id.

use uuid::Uuid;

/// billtree's namespace for content ids.
const NAMESPACE: Uuid = Uuid::from_u128(0x5c1d_0b3e_7a4f_5e2b_9c1a_d3e4_f5a6_b7c8);

/// Content as bytes, fields separated by a byte that no JSON string field holds
/// unescaped, so that `("ab", "c")` and `("a", "bc")` differ.
#[derive(Default)]
pub struct Content(Vec<u8>);

impl Content {
    /// Adds one field.
    pub fn field(&mut self, text: &str) -> &mut Content {
        self.0.extend_from_slice(text.as_bytes());
        self.0.push(0x1f);
        self
    }

    /// Adds an optional field (absent and empty differ).
    pub fn optional(&mut self, text: Option<&str>) -> &mut Content {
        match text {
            Some(text) => self.field(text),
            None => {
                self.0.push(0x1e);
                self
            }
        }
    }

    /// Adds a small tag (an enum's discriminant).
    pub fn tag(&mut self, tag: u8) -> &mut Content {
        self.0.extend_from_slice(&[tag, 0x1f]);
        self
    }

    /// The id.
    pub fn id(&self) -> String {
        Uuid::new_v5(&NAMESPACE, &self.0).hyphenated().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_content_and_fields_stay_apart() {
        let id = |fields: &[&str]| {
            let mut content = Content::default();
            fields.iter().for_each(|f| {
                content.field(f);
            });
            content.id()
        };
        assert_eq!(id(&["a", "b"]), id(&["a", "b"]));
        assert_ne!(id(&["ab", "c"]), id(&["a", "bc"]));
        let mut absent = Content::default();
        absent.optional(None);
        let mut empty = Content::default();
        empty.optional(Some(""));
        assert_ne!(absent.id(), empty.id());
        assert_eq!(id(&["x"]).len(), 36);
        assert_eq!(&id(&["x"])[14..15], "5", "a version 5 UUID");
    }
}
