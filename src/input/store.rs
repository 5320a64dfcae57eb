//! Customers stored compactly: every string in one text buffer, each customer a few
//! spans into it, tenants interned to numbers. A million customers are a handful of
//! allocations instead of four million, which is most of what loading costs, natively
//! and even more so in wasm.
//!
//! Spans are made only by [`CustomerStore::push_text`] on the store that holds them,
//! and the text only grows, so a span always lies inside the text: reading one is
//! plain slicing, with no fallback for a span that cannot be.

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::common::error::BilltreeError;
use crate::common::handle_table::HandleTable;
use crate::input::billing::BillingSettings;
use crate::input::customer::Customer;
use std::num::NonZeroU32;
use std::ops::Range;
use std::sync::Arc;

// The limits of one call, which the store enforces as customers arrive.

/// The most customers one hierarchy may hold. Far beyond any real hierarchy, low enough
/// that an absurd input is refused before it exhausts wasm's 4 GiB of memory.
pub const MAX_CUSTOMERS: usize = 5_000_000;

/// The most bytes of JSON one input may take (UTF-8). With the customer cap, it bounds
/// everything an input makes billtree hold, so that loading, validating and answering
/// fit in wasm's 4 GiB together.
pub const MAX_INPUT_BYTES: usize = 512 * 1024 * 1024;

/// Marks the error raised when the customer list passes [`MAX_CUSTOMERS`].
pub(crate) const TOO_MANY_CUSTOMERS: &str = "too many customers";

/// Where one string sits in the text buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn range(self) -> Range<usize> {
        let start = self.start as usize;
        start..start + self.len as usize
    }
}

/// A tenant, interned: equal tenant ids, equal `TenantIx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TenantIx(NonZeroU32);

impl TenantIx {
    fn from_slot(slot: u32) -> TenantIx {
        TenantIx(NonZeroU32::MIN.saturating_add(slot))
    }

    fn slot(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// The customers of one hierarchy, as loaded.
#[derive(Debug, Clone, Default)]
pub struct CustomerStore {
    text: String,
    ids: PerCustomer<Span>,
    names: PerCustomer<Span>,
    parent_ids: PerCustomer<Option<Span>>,
    currencies: PerCustomer<Option<Span>>,
    tenants: PerCustomer<Option<TenantIx>>,
    tenant_names: Vec<String>,
    /// Tenant numbers (`TenantIx` values) by name.
    tenant_numbers: HandleTable,
    archived: PerCustomer<bool>,
    /// Billing settings, for the customers that have any. Shared, not copied, by the
    /// hierarchies and what-if copies built on the store.
    billing: PerCustomer<Option<Arc<BillingSettings>>>,
}

/// One customer's fields on their way into the store, as spans and numbers.
#[derive(Debug, Clone)]
pub struct StoredCustomer {
    /// The id.
    pub id: Span,
    /// The name.
    pub name: Span,
    /// The `parentId` as given.
    pub parent_id: Option<Span>,
    /// The currency.
    pub currency: Option<Span>,
    /// The interned tenant (see [`CustomerStore::intern_tenant`]).
    pub tenant: Option<TenantIx>,
    /// The archived flag as given.
    pub archived: bool,
    /// The billing settings, when any field of them is given.
    pub billing: Option<Arc<BillingSettings>>,
}

impl CustomerStore {
    /// An empty store with room for about `customers` customers and `text` bytes.
    pub fn with_capacity(customers: usize, text: usize) -> CustomerStore {
        CustomerStore {
            text: String::with_capacity(text),
            ids: PerCustomer::with_capacity(customers),
            names: PerCustomer::with_capacity(customers),
            parent_ids: PerCustomer::with_capacity(customers),
            currencies: PerCustomer::with_capacity(customers),
            tenants: PerCustomer::with_capacity(customers),
            archived: PerCustomer::with_capacity(customers),
            billing: PerCustomer::with_capacity(customers),
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
                    .map(|t| store.intern_tenant(t)),
                archived: customer.archived,
                billing: (customer.billing != BillingSettings::default())
                    .then(|| Arc::new(customer.billing.clone())),
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

    /// Appends an optional string.
    pub fn push_optional_text(
        &mut self,
        text: Option<&str>,
    ) -> Result<Option<Span>, BilltreeError> {
        text.map(|text| self.push_text(text)).transpose()
    }

    /// The interned number of a tenant: equal tenant ids, equal numbers.
    pub fn intern_tenant(&mut self, tenant: &str) -> TenantIx {
        // Customers of one tenant usually come together: check the last one first.
        if let Some(&Some(last)) = self.tenants.values().last() {
            if self.tenant_names[last.slot()] == tenant {
                return last;
            }
        }
        let names = &self.tenant_names;
        // The table holds slots of `tenant_names`.
        let name_of = |slot: u32| names[slot as usize].as_bytes();
        // At most one tenant per customer, so the count stays far below u32::MAX.
        let slot = names.len() as u32;
        match self
            .tenant_numbers
            .insert_or_get(tenant.as_bytes(), slot, &name_of)
        {
            Some(known) => TenantIx::from_slot(known),
            None => {
                self.tenant_names.push(tenant.to_owned());
                TenantIx::from_slot(slot)
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
        self.billing.push(customer.billing);
        Ok(())
    }

    fn text(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// Number of customers.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// `true` when there are no customers.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Every customer, in input order.
    pub fn customers(&self) -> impl DoubleEndedIterator<Item = CustomerIx> + Clone {
        CustomerIx::all(self.len())
    }

    /// A value for each customer of this store.
    pub fn per_customer<T: Clone>(&self, value: T) -> PerCustomer<T> {
        PerCustomer::filled(self.len(), value)
    }

    /// The customer's id.
    #[inline]
    pub fn id(&self, customer: CustomerIx) -> &str {
        self.text(self.ids[customer])
    }

    /// The customer's name.
    pub fn name(&self, customer: CustomerIx) -> &str {
        self.text(self.names[customer])
    }

    /// The `parentId` the customer was loaded with.
    pub fn parent_id(&self, customer: CustomerIx) -> Option<&str> {
        self.parent_ids[customer].map(|span| self.text(span))
    }

    /// The customer's currency.
    pub fn currency(&self, customer: CustomerIx) -> Option<&str> {
        self.currencies[customer].map(|span| self.text(span))
    }

    /// The customer's interned tenant.
    #[inline]
    pub fn tenant(&self, customer: CustomerIx) -> Option<TenantIx> {
        self.tenants[customer]
    }

    /// The customer's tenant id.
    pub fn tenant_id(&self, customer: CustomerIx) -> Option<&str> {
        self.tenants[customer].map(|tenant| self.tenant_names[tenant.slot()].as_str())
    }

    /// The billing settings of all customers, as loaded.
    pub fn billing(&self) -> &PerCustomer<Option<Arc<BillingSettings>>> {
        &self.billing
    }

    /// The archived flags of all customers, as loaded.
    pub fn archived_flags(&self) -> &PerCustomer<bool> {
        &self.archived
    }
}
