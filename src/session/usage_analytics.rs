//! Usage analytics on a session's loaded billing (Flexprice's analytics with
//! `include_children`): a customer's usage per meter, and with `includeChildren` that
//! of every customer below it, over the whole period or a run of its sub-periods.
//!
//! The usage is the invoices' own: read by the same code, split into the same
//! sub-periods, each sub-period's usage counted for the customers below the customer
//! in that sub-period's hierarchy and shown with the invoice owner it was billed to.
//! So the quantities always add up to the ones the invoice lines and their breakdowns
//! show.

use crate::common::customer_ix::CustomerIx;
use crate::common::error::BilltreeError;
use crate::common::order::sort_by;
use crate::common::output::OutputBudget;
use crate::hierarchy::loaded::strictly_below;
use crate::input::invoicing::PeriodInput;
use crate::invoice::usage::read_usage;
use crate::money::decimal::Quantity;
use crate::money::exact::Exact;
use crate::period::billed::segments;
use crate::period::dates::{read_date, span};
use crate::period::timeline::read_timeline;
use crate::session::hierarchy_session::Session;
use rust_decimal::Decimal;
use serde::Serialize;

/// What to count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct UsageQuery {
    /// The customer.
    pub customer_id: String,
    /// Also every customer below it (in the hierarchy in force in each sub-period).
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub include_children: bool,
    /// The first day counted, `YYYY-MM-DD`: the start of a sub-period (the period's
    /// start when absent).
    pub from: Option<String>,
    /// The day after the last counted: the end of a sub-period (the period's end when
    /// absent).
    pub to: Option<String>,
}

/// One customer's usage on a meter in one sub-period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UsageInPart {
    /// The sub-period.
    pub period: PeriodInput,
    /// How much.
    pub quantity: Quantity,
    /// Whose invoice it was billed to then; `null` while unresolved.
    pub invoice_owner_id: Option<String>,
}

/// One customer's usage on a meter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CustomerUsage {
    /// The customer.
    pub customer_id: String,
    /// Its usage over the window.
    pub quantity: Quantity,
    /// Per sub-period with usage, in date order.
    pub parts: Vec<UsageInPart>,
}

/// Usage on one meter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MeterUsage {
    /// The meter.
    pub meter: String,
    /// Everyone's usage summed.
    pub quantity: Quantity,
    /// Per customer with usage, by id.
    pub customers: Vec<CustomerUsage>,
}

/// The answer to a [`UsageQuery`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UsageAnalytics {
    /// The customer asked about.
    pub customer_id: String,
    /// Whether the customers below it are counted.
    pub include_children: bool,
    /// The days counted.
    pub window: PeriodInput,
    /// Per meter with usage, by name.
    pub meters: Vec<MeterUsage>,
}

impl Session {
    /// The usage `query` asks for, from the loaded billing input. `INVALID_INPUT` when
    /// no billing input is loaded, or a window bound is not a sub-period's.
    pub fn usage_analytics(&self, query: &UsageQuery) -> Result<UsageAnalytics, BilltreeError> {
        let loaded = self.loaded_billing()?;
        let customer = self.hierarchy.require(&query.customer_id)?;
        let input = loaded.input();
        let billed = self.billed();
        let timeline = read_timeline(billed.hierarchy, billed.relations, None, input, &[])?;
        let segments = segments(billed, &timeline);
        let usages = read_usage(billed, input, &[], &timeline, &mut Vec::new(), None)?;
        let bound = |path: &str, text: &Option<String>, starts: bool| {
            let Some(text) = text else {
                return Ok(match starts {
                    true => 0,
                    false => timeline.parts.len(),
                });
            };
            let day = read_date(path, text)?;
            let found = match starts {
                true => timeline.parts.iter().position(|part| part.from == day),
                false => timeline
                    .parts
                    .iter()
                    .position(|part| part.to == day)
                    .map(|at| at + 1),
            };
            found.ok_or_else(|| {
                let days: Vec<String> = timeline
                    .parts
                    .iter()
                    .map(|part| if starts { part.from } else { part.to }.to_string())
                    .collect();
                BilltreeError::invalid_input(
                    path,
                    format_args!(
                        "{day} does not {} a sub-period of the period (they {} on {}); analytics count whole sub-periods, as the invoices bill them",
                        if starts { "start" } else { "end" },
                        if starts { "start" } else { "end" },
                        days.join(", ")
                    ),
                )
            })
        };
        let first = bound("from", &query.from, true)?;
        let end = bound("to", &query.to, false)?;
        if end <= first {
            return Err(BilltreeError::invalid_input(
                "to",
                "the window ends before it starts",
            ));
        }
        // Every (meter, customer, sub-period) with usage, then in output order: by
        // meter, customer id and sub-period (one stable sort, no maps).
        let mut found: Vec<(&str, CustomerIx, usize, Decimal)> = Vec::new();
        for part in first..end {
            let (Some(segment), Some(usage)) = (segments.get(part), usages.get(part)) else {
                continue;
            };
            let mut members = vec![customer];
            if query.include_children {
                let relations = segment.billed.relations;
                let below = strictly_below(billed.hierarchy, relations, customer);
                members.extend(below.iter().filter(|(_, is)| **is).map(|(at, _)| at));
            }
            for member in members {
                let used = usage.of(member).filter(|(_, quantity)| !quantity.is_zero());
                found.extend(used.map(|(meter, quantity)| (meter, member, part, quantity)));
            }
        }
        sort_by(&mut found, |a, b| {
            a.0.cmp(b.0)
                .then_with(|| billed.compare_ids(a.1, b.1))
                .then(a.2.cmp(&b.2))
        });
        let overflow = || BilltreeError::overflow("a usage sum");
        let mut budget = OutputBudget::new();
        let mut answer: Vec<MeterUsage> = Vec::new();
        for (meter, member, part, quantity) in found {
            let id = billed.id(member);
            let Some(segment) = segments.get(part) else {
                continue;
            };
            let owner = segment.billed.owners.of[member].invoice.ok();
            let owner_id = owner.map(|owner| segment.billed.id(owner).to_owned());
            budget.charge_object([id].into_iter().chain(owner_id.as_deref()))?;
            if answer.last().is_none_or(|last| last.meter != meter) {
                answer.push(MeterUsage {
                    meter: meter.to_owned(),
                    quantity: Quantity(Decimal::ZERO),
                    customers: Vec::new(),
                });
            }
            let Some(at_meter) = answer.last_mut() else {
                continue;
            };
            at_meter.quantity.0 = at_meter.quantity.0.plus(quantity).ok_or_else(overflow)?;
            if at_meter
                .customers
                .last()
                .is_none_or(|last| last.customer_id != id)
            {
                at_meter.customers.push(CustomerUsage {
                    customer_id: id.to_owned(),
                    quantity: Quantity(Decimal::ZERO),
                    parts: Vec::new(),
                });
            }
            let Some(at_customer) = at_meter.customers.last_mut() else {
                continue;
            };
            at_customer.quantity.0 = at_customer.quantity.0.plus(quantity).ok_or_else(overflow)?;
            at_customer.parts.push(UsageInPart {
                period: span(segment.part.from, segment.part.to),
                quantity: Quantity(quantity),
                invoice_owner_id: owner_id,
            });
        }
        // Both bounds name existing sub-periods (checked above).
        let window = match (timeline.parts.get(first), timeline.parts.get(end - 1)) {
            (Some(a), Some(b)) => span(a.from, b.to),
            _ => span(timeline.period.start, timeline.period.end),
        };
        Ok(UsageAnalytics {
            customer_id: query.customer_id.clone(),
            include_children: query.include_children,
            window,
            meters: answer,
        })
    }
}

crate::input::read_json::json_object!(UsageQuery, "struct UsageQuery" {
    customer_id: "customerId" required,
    include_children: "includeChildren" default,
    from: "from" default,
    to: "to" default,
});
