//! What owner resolution produces: for every customer, whose invoice carries its charges
//! and who pays that invoice, or why there is no answer.

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::hierarchy::issue::{BillingField, IssueCode, OwnerRole};
use crate::input::billing::BillingWay;

/// Why an owner is not resolved. Never replaced by a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unresolved {
    /// The customer's own settings break a rule: the issue with this code.
    Issue(IssueCode),
    /// The customer's place in the hierarchy is itself an issue (in or below a parent
    /// cycle, an unknown or self parent), so there is no parent or ancestor to bill.
    BrokenHierarchy,
    /// Its charges follow another customer (a parent it bills to, a named owner or
    /// delegate), and that customer is unresolved.
    Upstream(CustomerIx),
}

/// A resolved owner, or why there is none.
pub type Owner = Result<CustomerIx, Unresolved>;

/// Where a customer's charges go and who pays for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ownership {
    /// Whose invoice carries the customer's charges.
    pub invoice: Owner,
    /// Who pays that invoice.
    pub payment: Owner,
}

/// Where one customer's own settings send its charges, before following anyone else's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// To its own invoice.
    Itself,
    /// To wherever this customer's charges go (a named invoice owner or delegate).
    To(CustomerIx),
    /// To wherever its parent's charges go (`billTo: "parent"`).
    ToParent,
    /// To wherever the top of its hierarchy's charges go (`billTo: "root"`).
    ToRoot,
    /// Nowhere: the settings break a rule or the customer has no place to follow.
    Broken(Unresolved),
}

/// A rule a customer's settings break, found while resolving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerFinding {
    /// The customer whose settings (or owners) break the rule.
    pub customer: CustomerIx,
    /// The rule.
    pub code: IssueCode,
    /// The setting at fault.
    pub setting: Option<BillingField>,
    /// The owner named or reached, where there is one.
    pub owner: Option<CustomerIx>,
    /// Whether that owner receives or pays (archived and cross-tenant owners).
    pub role: Option<OwnerRole>,
    /// An owner id that names no customer.
    pub unknown_id: Option<String>,
    /// The ways given at once (`CONFLICTING_BILLING_SETTINGS`).
    pub ways: Vec<BillingWay>,
    /// The members of a loop of owners, in order (`INVOICE_OWNER_CYCLE`).
    pub loop_members: Vec<CustomerIx>,
}

impl OwnerFinding {
    /// A finding with only the customer, the code and what it names.
    pub fn new(
        customer: CustomerIx,
        code: IssueCode,
        setting: Option<BillingField>,
        owner: Option<CustomerIx>,
    ) -> OwnerFinding {
        OwnerFinding {
            customer,
            code,
            setting,
            owner,
            role: None,
            unknown_id: None,
            ways: Vec::new(),
            loop_members: Vec::new(),
        }
    }
}

/// Every customer's ownership, how each customer's own settings route its charges, and
/// the rules broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owners {
    /// Ownership per customer (shadowed duplicates own themselves: they are out of the
    /// hierarchy and their settings do not count).
    pub of: PerCustomer<Ownership>,
    /// Where each customer's own settings send its charges.
    pub routes: PerCustomer<Route>,
    /// Who pays the invoices addressed to each customer.
    pub payers: PerCustomer<Owner>,
    /// Broken rules, by code, then in input order of their customers.
    pub findings: Vec<OwnerFinding>,
}

impl Owners {
    /// `true` when the customer's charges land on another customer's invoice.
    pub fn is_consolidated(&self, customer: CustomerIx) -> bool {
        matches!(self.of[customer].invoice, Ok(owner) if owner != customer)
    }
}
