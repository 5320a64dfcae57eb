//! The overdue cascade (Kill Bill): when a payer is overdue, the customers whose
//! services that affects are those whose invoices it pays: the customers its own
//! invoice carries (consolidated onto it) and the customers that keep their own
//! invoice but delegated its payment to it. A customer below it that pays for itself
//! (or is paid by someone else) is not affected, and the answer says so.

use crate::common::customer_ix::CustomerIx;
use crate::common::error::BilltreeError;
use crate::common::output::OutputBudget;
use crate::hierarchy::loaded::Hierarchy;
use crate::owners::model::Owners;
use serde::Serialize;

/// Why an overdue payer affects a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum OverdueReach {
    /// The customer's charges are on an invoice the payer pays (its own, or one it
    /// pays for another owner).
    Consolidated,
    /// The customer keeps its own invoice and the payer pays it (payment delegated).
    DelegatedPayment,
}

/// A customer an overdue payer affects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OverdueAffected {
    /// The customer.
    pub customer_id: String,
    /// Whose invoice carries its charges.
    pub invoice_owner_id: String,
    /// How the payer reaches it.
    pub reach: OverdueReach,
}

/// What a payer's overdue state would reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OverdueCascade {
    /// The overdue payer.
    pub payer_id: String,
    /// Every other customer whose invoice it pays, in input order.
    pub affected: Vec<OverdueAffected>,
    /// The customers below it that it does not pay for (they pay for themselves, or
    /// another customer pays, or their payer is unresolved), in input order.
    pub not_affected: Vec<String>,
}

/// The customers `payer`'s overdue state reaches, and those of `subtree` (the payer
/// and everyone below it) it does not.
pub fn overdue_cascade(
    hierarchy: &Hierarchy,
    owners: &Owners,
    payer: CustomerIx,
    subtree: &[CustomerIx],
) -> Result<OverdueCascade, BilltreeError> {
    let mut below = hierarchy.store().per_customer(false);
    for &customer in subtree {
        below[customer] = true;
    }
    let mut budget = OutputBudget::new();
    let mut affected = Vec::new();
    let mut not_affected = Vec::new();
    for (customer, of) in owners.of.iter() {
        if customer == payer {
            continue;
        }
        let id = hierarchy.id(customer);
        match (of.payment, of.invoice) {
            (Ok(pays), Ok(invoice_owner)) if pays == payer => {
                budget.charge_object([id, hierarchy.id(invoice_owner)])?;
                affected.push(OverdueAffected {
                    customer_id: id.to_owned(),
                    invoice_owner_id: hierarchy.id(invoice_owner).to_owned(),
                    reach: match invoice_owner == customer {
                        true => OverdueReach::DelegatedPayment,
                        false => OverdueReach::Consolidated,
                    },
                });
            }
            _ if below[customer] => {
                budget.charge_object([id])?;
                not_affected.push(id.to_owned());
            }
            _ => {}
        }
    }
    Ok(OverdueCascade {
        payer_id: hierarchy.id(payer).to_owned(),
        affected,
        not_affected,
    })
}
