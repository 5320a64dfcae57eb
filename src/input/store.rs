//! Customers stored compactly: every string in one text buffer, each customer a few
//! spans into it, tenants interned to numbers. A million customers are a handful of
//! allocations instead of four million, which is most of what loading costs, natively
//! and even more so in wasm.

use crate::common::error::BilltreeError;
use crate::common::handle_table::HandleTable;
use crate::input::customer::Customer;
use crate::input::limits::MAX_CUSTOMERS;

/// Where one string sits in the text buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// No string (an absent optional field).
    pub const ABSENT: Span = Span {
        start: u32::MAX,
        len: 0,
    };
}

/// The customers of one hierarchy, as loaded.
#[derive(Debug, Clone, Default)]
pub struct CustomerStore {
    text: String,
    ids: Vec<Span>,
    names: Vec<Span>,
    parent_ids: Vec<Span>,
    currencies: Vec<Span>,
    /// Interned tenant per customer: 0 for none, otherwise an index into `tenant_names` + 1.
    tenants: Vec<u32>,
    tenant_names: Vec<String>,
    /// Tenant numbers by name.
    tenant_numbers: HandleTable,
    archived: Vec<bool>,
}

/// One customer's fields on their way into the store, as spans and numbers.
#[derive(Debug, Clone, Copy)]
pub struct StoredCustomer {
    /// The id.
    pub id: Span,
    /// The name.
    pub name: Span,
    /// The `parentId` as given, or [`Span::ABSENT`].
    pub parent_id: Span,
    /// The currency, or [`Span::ABSENT`].
    pub currency: Span,
    /// The interned tenant (see [`CustomerStore::intern_tenant`]), 0 for none.
    pub tenant: u32,
    /// The archived flag as given.
    pub archived: bool,
}

impl CustomerStore {
    /// An empty store with room for about `customers` customers and `text` bytes.
    pub fn with_capacity(customers: usize, text: usize) -> CustomerStore {
        CustomerStore {
            text: String::with_capacity(text),
            ids: Vec::with_capacity(customers),
            names: Vec::with_capacity(customers),
            parent_ids: Vec::with_capacity(customers),
            currencies: Vec::with_capacity(customers),
            tenants: Vec::with_capacity(customers),
            archived: Vec::with_capacity(customers),
            ..CustomerStore::default()
        }
    }

    /// Stores owned customers.
    pub fn from_customers(customers: &[Customer]) -> Result<CustomerStore, BilltreeError> {
        let text = customers.iter().map(|c| c.id.len() + c.name.len()).sum();
        let mut store = CustomerStore::with_capacity(customers.len(), text);
        for customer in customers {
            let stored = StoredCustomer {
                id: store.push_text(&customer.id)?,
                name: store.push_text(&customer.name)?,
                parent_id: store.push_optional_text(customer.parent_id.as_deref())?,
                currency: store.push_optional_text(customer.currency.as_deref())?,
                tenant: customer
                    .tenant_id
                    .as_deref()
                    .map_or(0, |t| store.intern_tenant(t)),
                archived: customer.archived,
            };
            store.push(stored)?;
        }
        Ok(store)
    }

    /// Appends a string to the text buffer.
    pub fn push_text(&mut self, text: &str) -> Result<Span, BilltreeError> {
        let too_large = || BilltreeError::too_large("bytes of text", u32::MAX as usize);
        let start = u32::try_from(self.text.len()).map_err(|_| too_large())?;
        let len = u32::try_from(text.len()).map_err(|_| too_large())?;
        start.checked_add(len).ok_or_else(too_large)?;
        self.text.push_str(text);
        Ok(Span { start, len })
    }

    /// Appends an optional string; `None` is `Span::ABSENT`.
    pub fn push_optional_text(&mut self, text: Option<&str>) -> Result<Span, BilltreeError> {
        text.map_or(Ok(Span::ABSENT), |text| self.push_text(text))
    }

    /// The number of a tenant (equal tenants, equal numbers; never 0).
    pub fn intern_tenant(&mut self, tenant: &str) -> u32 {
        // Customers of one tenant usually come together: check the last one first.
        if let Some(&last) = self.tenants.last() {
            let last_name = (last as usize)
                .checked_sub(1)
                .and_then(|i| self.tenant_names.get(i));
            if last_name.is_some_and(|name| name == tenant) {
                return last;
            }
        }
        let names = &self.tenant_names;
        let name_of = |number: u32| {
            (number as usize)
                .checked_sub(1)
                .and_then(|index| names.get(index))
                .map_or(&b""[..], |name| name.as_bytes())
        };
        let number = u32::try_from(names.len() + 1).unwrap_or(u32::MAX);
        let known = self
            .tenant_numbers
            .insert_or_get(tenant.as_bytes(), number, &name_of);
        match known {
            Some(known) => known,
            None => {
                self.tenant_names.push(tenant.to_owned());
                number
            }
        }
    }

    /// Appends a customer whose strings are already in the buffer.
    pub fn push(&mut self, customer: StoredCustomer) -> Result<(), BilltreeError> {
        if self.ids.len() >= MAX_CUSTOMERS {
            return Err(BilltreeError::too_large("customers", MAX_CUSTOMERS));
        }
        self.ids.push(customer.id);
        self.names.push(customer.name);
        self.parent_ids.push(customer.parent_id);
        self.currencies.push(customer.currency);
        self.tenants.push(customer.tenant);
        self.archived.push(customer.archived);
        Ok(())
    }

    /// The text at a span; empty for [`Span::ABSENT`].
    fn text(&self, span: Span) -> &str {
        let start = span.start as usize;
        self.text
            .get(start..start + span.len as usize)
            .unwrap_or("")
    }

    fn optional_text(&self, span: Span) -> Option<&str> {
        (span != Span::ABSENT).then(|| self.text(span))
    }

    /// Number of customers.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// `true` when there are no customers.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The id of the customer at `position`.
    #[inline]
    pub fn id(&self, position: u32) -> &str {
        self.ids
            .get(position as usize)
            .map_or("", |&span| self.text(span))
    }

    /// The name of the customer at `position`.
    pub fn name(&self, position: u32) -> &str {
        self.names
            .get(position as usize)
            .map_or("", |&span| self.text(span))
    }

    /// The `parentId` the customer was loaded with.
    pub fn parent_id(&self, position: u32) -> Option<&str> {
        self.parent_ids
            .get(position as usize)
            .and_then(|&span| self.optional_text(span))
    }

    /// The customer's currency.
    pub fn currency(&self, position: u32) -> Option<&str> {
        self.currencies
            .get(position as usize)
            .and_then(|&span| self.optional_text(span))
    }

    /// The customer's interned tenant (0 for none).
    #[inline]
    pub fn tenant(&self, position: u32) -> u32 {
        self.tenants.get(position as usize).copied().unwrap_or(0)
    }

    /// The customer's tenant id.
    pub fn tenant_id(&self, position: u32) -> Option<&str> {
        let number = self.tenant(position) as usize;
        number
            .checked_sub(1)
            .and_then(|index| self.tenant_names.get(index))
            .map(String::as_str)
    }

    /// The archived flags of all customers, as loaded.
    pub fn archived_flags(&self) -> &[bool] {
        &self.archived
    }
}
