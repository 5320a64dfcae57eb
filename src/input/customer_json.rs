//! Reads a hierarchy document from JSON straight into a [`CustomerStore`]: strings are
//! copied from the input into the store's text buffer as they are parsed, so loading
//! allocates per hierarchy, not per customer. The contract is that of
//! [`Customer`](crate::input::customer::Customer): `id` and `name` required, unknown fields
//! refused.

use crate::input::billing::BillingSettings;
use crate::input::customer::IdProblem;
use crate::input::limits::{MAX_CUSTOMERS, TOO_MANY_CUSTOMERS};
use crate::input::store::{CustomerStore, Span, StoredCustomer, TenantIx};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::sync::Arc;

/// The whole document: `{ "customers": [...] }` or the bare array.
pub struct HierarchySeed<'s>(pub &'s mut CustomerStore);

impl<'de> DeserializeSeed<'de> for HierarchySeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for HierarchySeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with a `customers` array, or an array of customers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        CustomerListSeed(self.0).visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = false;
        while let Some(key) = map.next_key::<DocumentField>()? {
            match key {
                DocumentField::Customers if seen => {
                    return Err(de::Error::duplicate_field("customers"))
                }
                DocumentField::Customers => {
                    map.next_value_seed(CustomerListSeed(&mut *self.0))?;
                    seen = true;
                }
            }
        }
        if seen {
            Ok(())
        } else {
            Err(de::Error::missing_field("customers"))
        }
    }
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum DocumentField {
    Customers,
}

/// The customer array, refused as soon as it passes [`MAX_CUSTOMERS`].
struct CustomerListSeed<'s>(&'s mut CustomerStore);

impl<'de> DeserializeSeed<'de> for CustomerListSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for CustomerListSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of customers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let store = self.0;
        while let Some(customer) = seq.next_element_seed(CustomerSeed(&mut *store))? {
            if store.len() == MAX_CUSTOMERS {
                return Err(de::Error::custom(TOO_MANY_CUSTOMERS));
            }
            store.push(customer).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum Field {
    Id,
    Name,
    TenantId,
    ParentId,
    Archived,
    Currency,
    InvoiceOwnerId,
    PaymentOwnerId,
    BillTo,
    Payer,
    InvoicingDelegateId,
    ParentAccountAccess,
    ChildAccountAccess,
}

/// One customer object; its strings go into the store as they are read.
struct CustomerSeed<'s>(&'s mut CustomerStore);

impl<'de> DeserializeSeed<'de> for CustomerSeed<'_> {
    type Value = StoredCustomer;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<StoredCustomer, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CustomerSeed<'_> {
    type Value = StoredCustomer;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a customer object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StoredCustomer, A::Error> {
        let store = self.0;
        let (mut id, mut name, mut tenant, mut parent_id, mut archived, mut currency) =
            (None, None, None, None, None, None);
        // Billing settings: each slot is Some once its field was read (null or not).
        let mut billing = BillingSettings::default();
        let mut billing_seen = [false; 7];
        while let Some(field) = map.next_key::<Field>()? {
            let (slot_taken, field_name) = match field {
                Field::Id => (id.is_some(), "id"),
                Field::Name => (name.is_some(), "name"),
                Field::TenantId => (tenant.is_some(), "tenantId"),
                Field::ParentId => (parent_id.is_some(), "parentId"),
                Field::Archived => (archived.is_some(), "archived"),
                Field::Currency => (currency.is_some(), "currency"),
                Field::InvoiceOwnerId => (billing_seen[0], "invoiceOwnerId"),
                Field::PaymentOwnerId => (billing_seen[1], "paymentOwnerId"),
                Field::BillTo => (billing_seen[2], "billTo"),
                Field::Payer => (billing_seen[3], "payer"),
                Field::InvoicingDelegateId => (billing_seen[4], "invoicingDelegateId"),
                Field::ParentAccountAccess => (billing_seen[5], "parentAccountAccess"),
                Field::ChildAccountAccess => (billing_seen[6], "childAccountAccess"),
            };
            if slot_taken {
                return Err(de::Error::duplicate_field(field_name));
            }
            match field {
                Field::Id => id = Some(map.next_value_seed(Text(&mut *store))?),
                Field::Name => name = Some(map.next_value_seed(Text(&mut *store))?),
                Field::ParentId => {
                    parent_id = Some(map.next_value_seed(Optional(Text(&mut *store)))?)
                }
                Field::Currency => {
                    currency = Some(map.next_value_seed(Optional(Text(&mut *store)))?)
                }
                Field::TenantId => {
                    tenant = Some(map.next_value_seed(Optional(Tenant(&mut *store)))?)
                }
                Field::Archived => archived = Some(map.next_value::<Option<bool>>()?),
                Field::InvoiceOwnerId => {
                    billing_seen[0] = true;
                    billing.invoice_owner_id = map.next_value_seed(Optional(OwnerId))?;
                }
                Field::PaymentOwnerId => {
                    billing_seen[1] = true;
                    billing.payment_owner_id = map.next_value_seed(Optional(OwnerId))?;
                }
                Field::BillTo => {
                    billing_seen[2] = true;
                    billing.bill_to = map.next_value()?;
                }
                Field::Payer => {
                    billing_seen[3] = true;
                    billing.payer = map.next_value()?;
                }
                Field::InvoicingDelegateId => {
                    billing_seen[4] = true;
                    billing.invoicing_delegate_id = map.next_value_seed(Optional(OwnerId))?;
                }
                Field::ParentAccountAccess => {
                    billing_seen[5] = true;
                    billing.parent_account_access = map.next_value()?;
                }
                Field::ChildAccountAccess => {
                    billing_seen[6] = true;
                    billing.child_account_access = map.next_value()?;
                }
            }
        }
        Ok(StoredCustomer {
            id: id.ok_or_else(|| de::Error::missing_field("id"))?,
            name: name.ok_or_else(|| de::Error::missing_field("name"))?,
            parent_id: parent_id.flatten(),
            currency: currency.flatten(),
            tenant: tenant.flatten(),
            archived: archived.flatten().unwrap_or(false),
            billing: (billing != BillingSettings::default()).then(|| Arc::new(billing)),
        })
    }
}

/// A customer id in a billing setting: a string that can be an id. Naming a customer
/// that does not exist is an issue found later; a value that cannot be an id is refused
/// here, inside `visit_str`, so the error points at the value itself.
struct OwnerId;

impl<'de> DeserializeSeed<'de> for OwnerId {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for OwnerId {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a customer id")
    }

    fn visit_str<E: de::Error>(self, id: &str) -> Result<String, E> {
        match IdProblem::of(id) {
            Some(problem) => Err(E::custom(format!("an owner id {problem}"))),
            None => Ok(id.to_owned()),
        }
    }
}

/// A string, appended to the store's text buffer.
struct Text<'s>(&'s mut CustomerStore);

impl<'de> DeserializeSeed<'de> for Text<'_> {
    type Value = Span;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Span, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Text<'_> {
    type Value = Span;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Span, E> {
        self.0.push_text(text).map_err(E::custom)
    }
}

/// A tenant id, interned.
struct Tenant<'s>(&'s mut CustomerStore);

impl<'de> DeserializeSeed<'de> for Tenant<'_> {
    type Value = TenantIx;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<TenantIx, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Tenant<'_> {
    type Value = TenantIx;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, tenant: &str) -> Result<TenantIx, E> {
        Ok(self.0.intern_tenant(tenant))
    }
}

/// `null` (or absent) or the inner value.
struct Optional<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Optional<S> {
    type Value = Option<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Optional<S> {
    type Value = Option<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(deserializer).map(Some)
    }
}
