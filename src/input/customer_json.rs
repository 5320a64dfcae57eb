//! Reads a hierarchy document from JSON straight into a [`CustomerStore`]: strings are
//! copied from the input into the store's text buffer as they are parsed, so loading
//! allocates per hierarchy, not per customer. The contract is that of
//! [`Customer`](crate::input::customer::Customer): `id` and `name` required, unknown fields
//! refused.

use crate::input::billing::BillingSettings;
use crate::input::customer::IdProblem;
use crate::input::json_text::{ReadError, Reader};
use crate::input::read_json::{ReadJson, Shape};
use crate::input::store::{CustomerStore, Span, StoredCustomer};
use crate::input::store::{MAX_CUSTOMERS, TOO_MANY_CUSTOMERS};
use serde::de::Error as _;
use std::sync::Arc;

/// What a hierarchy document is, for an error about a value that is not one.
const DOCUMENT: &str = "an object with a `customers` array, or an array of customers";

/// Reads a hierarchy document, `{ "customers": [...] }` or the array alone, into `store`.
pub fn read_hierarchy(reader: &mut Reader<'_>, store: &mut CustomerStore) -> Result<(), ReadError> {
    match reader.peek() {
        Some(b'[') => read_customers(reader, store),
        Some(b'{') => {
            let shape = Shape {
                expected: DOCUMENT,
                keys: &["customers"],
                slots: &[],
                names: &[],
                required: &[true],
            };
            reader.object(&shape, |reader, _| read_customers(reader, store))
        }
        _ => Err(reader.wrong_kind(&DOCUMENT)),
    }
}

fn read_customers(reader: &mut Reader<'_>, store: &mut CustomerStore) -> Result<(), ReadError> {
    reader.array(&"an array of customers", |reader| {
        let customer = read_customer(reader, store)?;
        if store.len() == MAX_CUSTOMERS {
            return Err(ReadError::custom(TOO_MANY_CUSTOMERS).or_at(reader.at));
        }
        store
            .push(customer)
            .map_err(|error| ReadError::custom(error).or_at(reader.at))
    })
}

/// A customer's members: its own, then its billing settings, which sit on the customer
/// object itself (as Chargebee and Kill Bill write them).
const CUSTOMER: Shape<'static> = Shape {
    expected: "a customer object",
    keys: &[
        "id",
        "name",
        "tenantId",
        "parentId",
        "archived",
        "currency",
        "invoiceOwnerId",
        "paymentOwnerId",
        "billTo",
        "payer",
        "invoicingDelegateId",
        "parentAccountAccess",
        "childAccountAccess",
    ],
    slots: &[],
    names: &[],
    required: &[true, true],
};

fn read_customer(
    reader: &mut Reader<'_>,
    store: &mut CustomerStore,
) -> Result<StoredCustomer, ReadError> {
    let (mut id, mut name, mut tenant, mut parent_id, mut currency) =
        (None, None, None, None, None);
    let mut archived = false;
    let mut billing = BillingSettings::default();
    reader.object(&CUSTOMER, |reader, slot| {
        match slot {
            0 => id = Some(text(reader, store)?),
            1 => name = Some(text(reader, store)?),
            2 => {
                if !reader.null()? {
                    let tenant_name = reader.text(&"a string")?;
                    tenant = Some(store.intern_tenant(tenant_name.as_str()));
                }
            }
            3 => parent_id = optional_text(reader, store)?,
            4 => archived = Option::<bool>::read_json(reader)?.unwrap_or(false),
            5 => currency = optional_text(reader, store)?,
            6 => billing.invoice_owner_id = owner_id(reader)?,
            7 => billing.payment_owner_id = owner_id(reader)?,
            8 => billing.bill_to = ReadJson::read_json(reader)?,
            9 => billing.payer = ReadJson::read_json(reader)?,
            10 => billing.invoicing_delegate_id = owner_id(reader)?,
            11 => billing.parent_account_access = ReadJson::read_json(reader)?,
            _ => billing.child_account_access = ReadJson::read_json(reader)?,
        }
        Ok(())
    })?;
    let (Some(id), Some(name)) = (id, name) else {
        return Err(reader.missing_field("id"));
    };
    Ok(StoredCustomer {
        id,
        name,
        parent_id,
        currency,
        tenant,
        archived,
        billing: (billing != BillingSettings::default()).then(|| Arc::new(billing)),
    })
}

/// A string copied into the store's text.
fn text(reader: &mut Reader<'_>, store: &mut CustomerStore) -> Result<Span, ReadError> {
    let text = reader.text(&"a string")?;
    store
        .push_text(text.as_str())
        .map_err(|error| ReadError::custom(error).or_at(reader.at))
}

/// A string copied into the store's text, or `null`.
fn optional_text(
    reader: &mut Reader<'_>,
    store: &mut CustomerStore,
) -> Result<Option<Span>, ReadError> {
    if reader.null()? {
        return Ok(None);
    }
    text(reader, store).map(Some)
}

/// An owner id, which must be a possible customer id, or `null`.
fn owner_id(reader: &mut Reader<'_>) -> Result<Option<String>, ReadError> {
    if reader.null()? {
        return Ok(None);
    }
    let id = reader.text(&"a customer id")?;
    match IdProblem::of(id.as_str()) {
        Some(problem) => {
            Err(ReadError::custom(format_args!("an owner id {problem}")).or_at(reader.at))
        }
        None => Ok(Some(id.as_str().to_owned())),
    }
}
