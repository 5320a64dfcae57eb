//! The pipeline's later steps on one invoice: the minimum-commitment true-up, tax per
//! section, and credits. Tax: each section's net times its customer's rate, exactly;
//! the invoice's tax is that sum rounded once (half to even), handed back to the
//! sections by largest remainder so they add up to it. Credits: a customer's balance
//! covers its own section and the sections nested in it, deepest holders first, never
//! a sibling's or a parent's; balances are used invoice by invoice, summarized
//! invoices first (so a child's credit reduces its summary line).

use crate::common::customer_ix::CustomerIx;
use crate::common::error::BilltreeError;
use crate::common::key_map::{customer_key, pair, KeyMap};
use crate::common::text::Quoted;
use crate::input::invoicing::BillingInput;
use crate::invoice::building::Building;
use crate::invoice::building::{Draft, Target};
use crate::invoice::catalog::{currency_at, customer_currency};
use crate::invoice::issues::{BillingIssue, BillingIssueCode};
use crate::invoice::model::{Line, LineKind};
use crate::money::allocate::round_parts;
use crate::money::currency::Currency;
use crate::money::decimal::Money;
use crate::money::exact::Exact;
use crate::period::billed::Billed;
use rust_decimal::Decimal;

/// Tax rates, credit balances and commitments, read against the hierarchy.
#[derive(Debug, Default)]
pub struct Adjustments {
    /// Tax percent per customer.
    pub tax: KeyMap<[u8; 4], Decimal>,
    /// Credit balance per holder and currency.
    pub credits: KeyMap<[u8; 8], Balance>,
    /// Minimum per committed owner and currency, minor units.
    pub commitments: KeyMap<[u8; 12], (Target, i128)>,
}

/// A credit balance of one holder in one currency, in minor units.
#[derive(Debug, Clone)]
pub struct Balance {
    /// Who holds it.
    pub holder: CustomerIx,
    /// Its currency.
    pub currency: Currency,
    /// Before this period's invoices.
    pub before: i128,
    /// Left after them.
    pub left: i128,
}

fn unknown(id: &str, field: &'static str) -> BillingIssue {
    let mut issue = BillingIssue::new(
        BillingIssueCode::UnknownCustomer,
        format!(
            "{field}: no customer has the id {}; the entry is ignored",
            Quoted(id)
        ),
    )
    .customer(id);
    issue.field = Some(field);
    issue
}

fn currency_of(
    billed: Billed<'_>,
    path: &str,
    code: Option<&str>,
    customer: CustomerIx,
) -> Result<Option<Currency>, BilltreeError> {
    match code {
        Some(code) => currency_at(code, || path.to_owned()).map(Some),
        None => customer_currency(billed.hierarchy, customer),
    }
}

fn no_currency(what: &str, id: &str) -> BillingIssue {
    BillingIssue::new(
        BillingIssueCode::MissingCurrency,
        format!(
            "{what} of {} has no currency, and neither has its customer; it is ignored",
            Quoted(id)
        ),
    )
    .customer(id)
}

/// Reads tax rates, credits and commitments.
pub fn read_adjustments(
    billed: Billed<'_>,
    input: &BillingInput,
    issues: &mut Vec<BillingIssue>,
) -> Result<Adjustments, BilltreeError> {
    let mut adjustments = Adjustments::default();
    for (index, rate) in input.tax_rates.iter().enumerate() {
        let Some(customer) = billed.hierarchy.find(&rate.customer_id) else {
            issues.push(unknown(&rate.customer_id, "taxRates"));
            continue;
        };
        if !adjustments
            .tax
            .add_new(customer_key(customer), rate.percent.0)
        {
            return Err(BilltreeError::invalid_input(
                &format!("taxRates[{index}].customerId"),
                format_args!("{} has two tax rates", Quoted(&rate.customer_id)),
            ));
        }
    }
    for (index, credit) in input.credits.iter().enumerate() {
        let Some(customer) = billed.hierarchy.find(&credit.customer_id) else {
            issues.push(unknown(&credit.customer_id, "credits"));
            continue;
        };
        let path = format!("credits[{index}].currency");
        let Some(currency) = currency_of(billed, &path, credit.currency.as_deref(), customer)?
        else {
            issues.push(no_currency("a credit", &credit.customer_id));
            continue;
        };
        let amount = currency.to_minor(credit.amount.0);
        let key = pair(customer.position(), currency.key());
        let empty = Balance {
            holder: customer,
            currency,
            before: 0,
            left: 0,
        };
        let balance = adjustments.credits.or_insert(key, empty);
        balance.before = balance
            .before
            .checked_add(amount)
            .ok_or_else(|| BilltreeError::overflow("a credit balance"))?;
        balance.left = balance.before;
    }
    for (index, commitment) in input.commitments.iter().enumerate() {
        let Some(customer) = billed.hierarchy.find(&commitment.customer_id) else {
            issues.push(unknown(&commitment.customer_id, "commitments"));
            continue;
        };
        let path = format!("commitments[{index}].currency");
        let Some(currency) = currency_of(billed, &path, commitment.currency.as_deref(), customer)?
        else {
            issues.push(no_currency("a commitment", &commitment.customer_id));
            continue;
        };
        if billed.owners.of[customer].invoice != Ok(customer) {
            issues.push(
                BillingIssue::new(
                    BillingIssueCode::CommitmentNotAtOwner,
                    format!(
                        "{} has a minimum commitment but its charges go to another customer's invoice; commitments apply at the invoice owner, so it is ignored",
                        billed.hierarchy.who(customer)
                    ),
                )
                .customer(&commitment.customer_id),
            );
            continue;
        }
        let target = Target {
            owner: customer,
            addressee: customer,
            currency,
        };
        let (_, minimum) = adjustments.commitments.or_insert(target.key(), (target, 0));
        *minimum = minimum
            .checked_add(currency.to_minor(commitment.minimum.0))
            .ok_or_else(|| BilltreeError::overflow("a commitment"))?;
    }
    Ok(adjustments)
}

impl Adjustments {
    /// Adds the true-up line when the invoice's net is below its owner's commitment.
    pub fn true_up(&self, billed: Billed<'_>, invoice: &mut Building) -> Result<(), BilltreeError> {
        let Some(&(_, minimum)) = self.commitments.get(invoice.target.key()) else {
            return Ok(());
        };
        let net = invoice.sum().net();
        if net >= minimum {
            return Ok(());
        }
        let currency = invoice.target.currency;
        let overflow = || BilltreeError::overflow("a true-up");
        let missing = minimum - net;
        let addressee = invoice.target.addressee;
        let description = format!(
            "Minimum commitment true-up (minimum {})",
            currency.amount_of(minimum).ok_or_else(overflow)?
        );
        let amount = Money(currency.amount_of(missing).ok_or_else(overflow)?);
        let line = Line::new(LineKind::TrueUp, billed.id(addressee), description, amount);
        invoice.add(Draft {
            target: invoice.target,
            section: addressee,
            holder: None,
            line,
            minor: missing,
            discounted: 0,
        });
        Ok(())
    }

    /// Tax per section, summing to the invoice's once-rounded tax.
    pub fn tax(&self, invoice: &mut Building) -> Result<(), BilltreeError> {
        let overflow = || BilltreeError::overflow("tax");
        let exact: Vec<Decimal> = invoice
            .tree
            .order
            .iter()
            .zip(&invoice.steps)
            .map(|(customer, steps)| {
                let rate = self
                    .tax
                    .get(customer_key(*customer))
                    .copied()
                    .unwrap_or_default();
                let net = Decimal::try_from_i128_with_scale(steps.net(), 0).ok()?;
                let mut tax = net.times(rate)?;
                tax.set_scale(tax.scale() + 2).ok()?;
                Some(tax)
            })
            .collect::<Option<_>>()
            .ok_or_else(overflow)?;
        let parts = round_parts(&exact).ok_or_else(overflow)?;
        for (steps, tax) in invoice.steps.iter_mut().zip(parts) {
            steps.tax = tax;
        }
        Ok(())
    }

    /// Applies credit balances, deepest sections first.
    pub fn credits(&mut self, invoice: &mut Building) {
        let count = invoice.tree.order.len();
        let mut subtree_total = vec![0i128; count];
        let mut subtree_credits = vec![0i128; count];
        for at in (0..count).rev() {
            subtree_total[at] += invoice.steps[at].total();
            let key = pair(
                invoice.tree.order[at].position(),
                invoice.target.currency.key(),
            );
            if let Some(Balance { left, .. }) = self.credits.get_mut(key) {
                let due = subtree_total[at] - subtree_credits[at];
                let applied = (*left).min(due).max(0);
                *left -= applied;
                invoice.credits[at] = applied;
                subtree_credits[at] += applied;
            }
            if let Some(parent) = invoice.tree.parent[at] {
                subtree_total[parent] += subtree_total[at];
                subtree_credits[parent] += subtree_credits[at];
            }
        }
    }
}
