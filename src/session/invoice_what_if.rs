//! Invoice what-ifs on a session with a loaded billing input: re-parents and billing
//! settings (hierarchy edits), a customer's usage, a roll-up mode; the answer is the
//! invoices that change, each with its totals before and after. Only the invoice
//! owners the change can reach are recomputed (`invoice_scope`); the loaded invoices
//! give the "before".

use crate::common::error::BilltreeError;
use crate::common::key_map::KeyMap;
use crate::hierarchy::edits::HierarchyEdit;
use crate::input::catalog::{ModeChange, SubscriptionAction};
use crate::input::invoicing::{DatedChange, UsageTotal};
use crate::invoice::assemble::preview_run;
use crate::invoice::issues::BillingIssue;
use crate::invoice::lines::{Overrides, Run};
use crate::invoice::model::{Invoice, Totals};
use crate::period::billed::Billed;
use crate::period::dates::{read_date, read_period};
use crate::period::timeline::{read_changes, read_timeline, Dated};
use crate::session::hierarchy_session::Session;
use crate::session::invoice_scope::{affected_owners, Touched};
use serde::Serialize;

/// A what-if on the loaded billing: any of hierarchy edits, usage set per customer and
/// meter, and roll-up modes, previewed together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct InvoiceWhatIf {
    /// Hierarchy edits, as `previewEdits` takes them (re-parent, billing settings…).
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub edits: Vec<HierarchyEdit>,
    /// The customer's usage on the meter for the period becomes `quantity` (its rows
    /// and totals on that meter are set aside).
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub usage: Vec<UsageTotal>,
    /// Roll-up modes set on subscriptions or prices.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub modes: Vec<ModeChange>,
    /// Subscriptions paused, resumed or cancelled on `effectiveDate` (the period's
    /// start when absent), after the billing input's own steps of that day.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub lifecycle: Vec<SubscriptionAction>,
    /// The first day `edits` and `lifecycle` are in force, `YYYY-MM-DD` (UTC): the
    /// period splits there, after the billing input's own changes of that day (and
    /// this what-if's `changes` of that day). Absent: from the period's start, for the
    /// whole period.
    pub effective_date: Option<String>,
    /// More changes, each effective on its own day, in date order: several changes in
    /// one period previewed together (each goes after the billing input's changes of
    /// its day).
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub changes: Vec<DatedChange>,
}

/// An invoice a what-if changes, adds or removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChangedInvoice {
    /// Whom the invoice is addressed to.
    pub customer_id: String,
    /// Its currency.
    pub currency: String,
    /// Its invoice owner.
    pub invoice_owner_id: String,
    /// Totals before; `null` for an invoice the what-if adds.
    pub before: Option<Totals>,
    /// Totals after; `null` for an invoice the what-if removes.
    pub after: Option<Totals>,
    /// The invoice after, whole; `null` when removed.
    pub invoice: Option<Invoice>,
}

/// What a what-if changes on the loaded billing's invoices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct InvoiceWhatIfResult {
    /// The invoices that differ, in invoice order (removed ones where they were).
    pub changed: Vec<ChangedInvoice>,
    /// How many invoices were recomputed: those of the invoice owners the what-if can
    /// reach (the others cannot change).
    pub invoices_recomputed: u32,
    /// How many invoices the loaded billing has.
    pub invoices_before: u32,
    /// Billing issues the what-if brings that the loaded billing does not have (say,
    /// usage no price reads once a customer has moved away from the subscription it
    /// inherited): why an amount went where it did, or nowhere.
    pub introduced_issues: Vec<BillingIssue>,
}

/// An invoice's identity across a what-if: addressee, currency, owner.
fn key(invoice: &Invoice) -> Vec<u8> {
    let parts = [
        &invoice.customer_id,
        &invoice.currency,
        &invoice.invoice_owner_id,
    ];
    let mut key = Vec::with_capacity(parts.iter().map(|p| 4 + p.len()).sum());
    for part in parts {
        // Each part's length first, so no two invoices' keys meet.
        key.extend_from_slice(&(part.len() as u32).to_le_bytes());
        key.extend_from_slice(part.as_bytes());
    }
    key
}

impl Session {
    /// What `what_if` would change on the loaded billing's invoices; the session does
    /// not change. `INVALID_INPUT` when no billing input is loaded.
    pub fn invoice_what_if(
        &self,
        what_if: &InvoiceWhatIf,
    ) -> Result<InvoiceWhatIfResult, BilltreeError> {
        let loaded = self.loaded_billing()?;
        let period = read_period(loaded.input())?;
        let mut dated = read_changes(period, &what_if.changes)?;
        match &what_if.effective_date {
            Some(text) => dated.push(Dated {
                from: read_date("effectiveDate", text)?,
                edits: &what_if.edits,
                lifecycle: &what_if.lifecycle,
            }),
            // Undated edits replace the hierarchy (below); undated steps hold from the
            // period's first day.
            None if !what_if.lifecycle.is_empty() => dated.push(Dated {
                from: period.start,
                edits: &[],
                lifecycle: &what_if.lifecycle,
            }),
            None => {}
        }
        let edited = match what_if.edits.is_empty() || what_if.effective_date.is_some() {
            true => None,
            false => Some(self.edited(&what_if.edits)?),
        };
        let before = self.billed();
        let after = match &edited {
            Some((relations, owners)) => Billed {
                hierarchy: before.hierarchy,
                relations,
                owners,
            },
            None => before,
        };
        let input = loaded.input();
        // The what-if's changes over the loaded input's: its sub-periods and the
        // hierarchy in force in each, read once for the scope and the run.
        let timeline = match dated.is_empty() && input.changes.is_empty() {
            true => None,
            false => {
                // The session's structure, owners and children, for a first state
                // updated from them (edited relations have no children listed).
                let resolved = match edited {
                    Some(_) => None,
                    None => Some((&self.structure, &self.owners, &self.topology.children)),
                };
                Some(read_timeline(
                    after.hierarchy,
                    after.relations,
                    resolved,
                    input,
                    &dated,
                )?)
            }
        };
        // Each hierarchy the period is billed under: the one after the undated edits,
        // and those the dated changes leave.
        let mut states = Vec::new();
        if edited.is_some() {
            states.push(after);
        }
        if let Some(timeline) = &timeline {
            states.extend(timeline.states.iter().map(|state| Billed {
                hierarchy: before.hierarchy,
                relations: &state.relations,
                owners: &state.owners,
            }));
        }
        // Customers a lifecycle step reaches: the holders of the subscriptions it
        // pauses, resumes or cancels (the holders of inherited skeletons follow as
        // members of the holder's pools).
        let steps = dated.iter().flat_map(|change| change.lifecycle);
        let holders = steps.filter_map(|step| {
            input
                .subscriptions
                .iter()
                .find(|s| s.id == step.subscription_id)
                .map(|s| s.customer_id.as_str())
        });
        let touched = Touched {
            customers: what_if
                .usage
                .iter()
                .map(|u| u.customer_id.as_str())
                .chain(holders)
                .collect(),
            modes: &what_if.modes,
            states: &states,
        };
        // Changes the loaded input makes in time would have to be told apart from the
        // what-if's in every sub-period: such what-ifs recompute every invoice.
        let scope = input
            .changes
            .is_empty()
            .then(|| affected_owners(before, input, loaded.pool_members(), &touched));
        let overrides = Overrides {
            usage: &what_if.usage,
            modes: &what_if.modes,
        };
        let run = Run {
            overrides: Some(&overrides),
            owners: scope.as_ref(),
            prepared: Some(loaded.prepared()),
            relink_catalog: edited.is_some(),
            dated: &dated,
            timeline: timeline.as_ref(),
        };
        let fresh = preview_run(after, input, run)?;
        let in_scope = |invoice: &Invoice| {
            before
                .hierarchy
                .find(&invoice.invoice_owner_id)
                .is_some_and(|owner| scope.as_ref().is_none_or(|scope| scope[owner]))
        };
        let old: Vec<&Invoice> = loaded
            .preview()
            .invoices
            .iter()
            .filter(|i| in_scope(i))
            .collect();
        let had = &loaded.preview().issues;
        let introduced_issues = fresh
            .issues
            .iter()
            .filter(|issue| !had.contains(issue))
            .cloned()
            .collect();
        let recomputed = fresh.invoices.len();
        Ok(InvoiceWhatIfResult {
            introduced_issues,
            changed: differences(&old, fresh.invoices),
            invoices_recomputed: u32::try_from(recomputed).unwrap_or(u32::MAX),
            invoices_before: u32::try_from(loaded.preview().invoices.len()).unwrap_or(u32::MAX),
        })
    }
}

/// Invoices that differ between `old` and `new` (both in invoice order, at most one
/// invoice per key): changed and added ones in `new`'s order, removed ones after. The
/// new invoices move into the answer (one can have thousands of sections).
fn differences(old: &[&Invoice], new: Vec<Invoice>) -> Vec<ChangedInvoice> {
    let mut changed = Vec::new();
    let mut matched = vec![false; old.len()];
    let mut positions: KeyMap<Vec<u8>, usize> = KeyMap::with_capacity(old.len());
    for (at, invoice) in old.iter().enumerate() {
        positions.insert(key(invoice), at);
    }
    for invoice in new {
        let before = positions.get(key(&invoice)).copied();
        if let Some(at) = before {
            matched[at] = true;
            if *old[at] == invoice {
                continue;
            }
        }
        changed.push(ChangedInvoice {
            customer_id: invoice.customer_id.clone(),
            currency: invoice.currency.clone(),
            invoice_owner_id: invoice.invoice_owner_id.clone(),
            before: before.map(|at| old[at].totals.clone()),
            after: Some(invoice.totals.clone()),
            invoice: Some(invoice),
        });
    }
    for (invoice, _) in old.iter().zip(&matched).filter(|(_, seen)| !**seen) {
        changed.push(ChangedInvoice {
            customer_id: invoice.customer_id.clone(),
            currency: invoice.currency.clone(),
            invoice_owner_id: invoice.invoice_owner_id.clone(),
            before: Some(invoice.totals.clone()),
            after: None,
            invoice: None,
        });
    }
    changed
}

crate::input::read_json::json_object!(InvoiceWhatIf, "struct InvoiceWhatIf" {
    edits: "edits" default,
    usage: "usage" default,
    modes: "modes" default,
    lifecycle: "lifecycle" default,
    effective_date: "effectiveDate" default,
    changes: "changes" default,
});
