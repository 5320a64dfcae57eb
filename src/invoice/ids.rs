//! Deterministic ids: UUID v5 (SHA-1, RFC 9562) over a line's or an invoice's content,
//! in a namespace of billtree's own, so the same input yields the same ids in Rust, in
//! Node and in the browser, and a changed line gets a new id.

use crate::invoice::model::{Invoice, Line};
use uuid::Uuid;

/// billtree's namespace: UUID v5 of "billtree.preview" in the URL namespace.
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

    /// The id.
    pub fn id(&self) -> String {
        Uuid::new_v5(&NAMESPACE, &self.0).hyphenated().to_string()
    }
}

/// A line's id: its invoice (owner, addressee, currency), origin, what it bills and
/// its amounts.
pub fn line_id(invoice_key: &str, line: &Line) -> String {
    let mut content = Content::default();
    content
        .field("line")
        .field(invoice_key)
        .field(&line.customer_id)
        .field(&line.description)
        .optional(line.subscription_id.as_deref())
        .optional(line.price_id.as_deref())
        .optional(line.charge_id.as_deref())
        .optional(line.summarized_invoice_id.as_deref())
        .field(&line.amount.0.to_string());
    if let Some(quantity) = line.quantity {
        content.field(&quantity.0.to_string());
    }
    for discount in &line.discounts {
        content
            .field(&discount.discount_id)
            .field(&discount.amount.0.to_string());
    }
    let kind = [line.kind as u8 + b'0'];
    content.field(std::str::from_utf8(&kind).unwrap_or_default());
    content.id()
}

/// An invoice's id: whom and what it bills, its line ids and its amount due.
pub fn invoice_id(invoice_key: &str, period: &str, invoice: &Invoice) -> String {
    let mut content = Content::default();
    content
        .field("invoice")
        .field(invoice_key)
        .field(period)
        .field(&invoice.totals.amount_due.0.to_string());
    for section in &invoice.sections {
        for line in &section.lines {
            content.field(&line.id);
        }
    }
    content.id()
}
