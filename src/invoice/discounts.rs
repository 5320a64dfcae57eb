//! Discounts, in the pipeline's second step. A discount with a `priceId` comes off the
//! lines of that price whose origin or subscription holder is the discount's customer;
//! one without comes off everything in that customer's section of each invoice,
//! nested sections included (the whole invoice when the customer is its addressee),
//! spread over the sections in proportion to what each can still be discounted, so
//! each section's tax sees its own net. Discounts apply in id order, each on what the
//! ones before left; a percentage rounds half to even; a fixed amount is used up once,
//! across invoices in their order, and never takes a line or section below zero.

use crate::common::customer_ix::CustomerIx;
use crate::common::error::BilltreeError;
use crate::common::order::sort_by;
use crate::common::text::Quoted;
use crate::input::invoicing::DiscountInput;
use crate::invoice::building::Building;
use crate::invoice::building::Draft;
use crate::invoice::catalog::{currency_at, customer_currency};
use crate::invoice::issues::{BillingIssue, BillingIssueCode};
use crate::invoice::model::{AppliedDiscount, LineDiscount};
use crate::money::allocate::{allocate, percent_of};
use crate::money::currency::Currency;
use crate::money::decimal::Money;
use crate::period::billed::Billed;
use rust_decimal::Decimal;

/// A discount, checked.
#[derive(Debug, Clone)]
pub struct Discount<'i> {
    input: &'i DiscountInput,
    customer: CustomerIx,
    off: Off,
    used: bool,
}

#[derive(Debug, Clone, Copy)]
enum Off {
    Percent(Decimal),
    Fixed { currency: Currency, left: i128 },
}

/// Reads the discounts, sorted by id; unknown customers and missing currencies are
/// issues, a discount with both or neither of `percent` and `amount` an error.
pub fn read_discounts<'i>(
    billed: Billed<'_>,
    discounts: &'i [DiscountInput],
    issues: &mut Vec<BillingIssue>,
) -> Result<Vec<Discount<'i>>, BilltreeError> {
    let mut read = Vec::with_capacity(discounts.len());
    for (index, input) in discounts.iter().enumerate() {
        let path = || format!("discounts[{index}]");
        let Some(customer) = billed.hierarchy.find(&input.customer_id) else {
            issues.push(unknown(input));
            continue;
        };
        let off = match (input.percent, input.amount) {
            (Some(percent), None) => {
                if percent.0 > Decimal::ONE_HUNDRED {
                    return Err(BilltreeError::invalid_input(
                        &format!("{}.percent", path()),
                        "is at most 100",
                    ));
                }
                Off::Percent(percent.0)
            }
            (None, Some(amount)) => {
                let currency = match &input.currency {
                    Some(code) => currency_at(code, || format!("{}.currency", path()))?,
                    None => match customer_currency(billed.hierarchy, customer)? {
                        Some(currency) => currency,
                        None => {
                            issues.push(
                                BillingIssue::new(
                                    BillingIssueCode::MissingCurrency,
                                    format!("discount {} is a fixed amount without a currency, and its customer has none; it is not applied", Quoted(&input.id)),
                                )
                                .customer(&input.customer_id),
                            );
                            continue;
                        }
                    },
                };
                Off::Fixed {
                    currency,
                    left: currency.to_minor(amount.0),
                }
            }
            _ => {
                return Err(BilltreeError::invalid_input(
                    &path(),
                    "needs exactly one of percent and amount",
                ));
            }
        };
        read.push(Discount {
            input,
            customer,
            off,
            used: false,
        });
    }
    sort_by(&mut read, |a, b| a.input.id.cmp(&b.input.id));
    Ok(read)
}

fn unknown(input: &DiscountInput) -> BillingIssue {
    let mut issue = BillingIssue::new(
        BillingIssueCode::UnknownCustomer,
        format!(
            "discount {} names {}, which is no customer of the hierarchy; it is not applied",
            Quoted(&input.id),
            Quoted(&input.customer_id)
        ),
    )
    .customer(&input.customer_id);
    issue.field = Some("discounts");
    issue
}

fn unused(discount: &Discount<'_>) -> BillingIssue {
    let mut issue = BillingIssue::new(
        BillingIssueCode::DiscountUnused,
        format!(
            "discount {} applies to no line of this period's invoices",
            Quoted(&discount.input.id)
        ),
    )
    .customer(&discount.input.customer_id);
    if let Some(price) = &discount.input.price_id {
        issue = issue.price(price);
    }
    issue
}

fn overflow() -> BilltreeError {
    BilltreeError::overflow("a discount")
}

/// Takes each price discount off its lines.
pub fn line_discounts(
    discounts: &mut [Discount<'_>],
    drafts: &mut [Draft],
) -> Result<(), BilltreeError> {
    for discount in discounts.iter_mut() {
        let Some(price_id) = discount.input.price_id.as_deref() else {
            continue;
        };
        let customer = discount.customer;
        let matching: Vec<usize> = (0..drafts.len())
            .filter(|i| {
                let draft = &drafts[*i];
                draft.line.price_id.as_deref() == Some(price_id)
                    && (draft.section == customer || draft.holder == Some(customer))
                    && draft.minor > draft.discounted
                    && match discount.off {
                        Off::Percent(_) => true,
                        Off::Fixed { currency, .. } => draft.target.currency == currency,
                    }
            })
            .collect();
        let cuts: Vec<i128> = match &mut discount.off {
            Off::Percent(percent) => matching
                .iter()
                .map(|i| {
                    let draft = &drafts[*i];
                    percent_of(draft.minor, *percent)
                        .map(|cut| cut.min(draft.minor - draft.discounted))
                })
                .collect::<Option<_>>()
                .ok_or_else(overflow)?,
            Off::Fixed { left, .. } => {
                let room: Vec<i128> = matching
                    .iter()
                    .map(|i| drafts[*i].minor - drafts[*i].discounted)
                    .collect();
                let cut = (*left).min(room.iter().sum());
                *left -= cut;
                allocate(cut, &room).ok_or_else(overflow)?
            }
        };
        if cuts.iter().all(|c| *c == 0) {
            continue;
        }
        discount.used = true;
        for (i, cut) in matching.into_iter().zip(cuts) {
            let draft = &mut drafts[i];
            draft.discounted += cut;
            draft.line.discounts.push(LineDiscount {
                discount_id: discount.input.id.clone(),
                amount: Money(draft.target.currency.amount_of(cut).ok_or_else(overflow)?),
            });
        }
    }
    Ok(())
}

/// Takes each discount without a price off its customer's sections, invoice by invoice.
pub fn invoice_discounts(
    discounts: &mut [Discount<'_>],
    invoices: &mut [Building],
) -> Result<(), BilltreeError> {
    for discount in discounts.iter_mut() {
        if discount.input.price_id.is_some() {
            continue;
        }
        for invoice in invoices.iter_mut() {
            let Some(top) = invoice.section_of(discount.customer) else {
                continue;
            };
            let range = invoice.subtree(top);
            let room: Vec<i128> = invoice.steps[range.clone()]
                .iter()
                .map(|s| s.discountable())
                .collect();
            let base: i128 = room.iter().sum();
            let cut = match &mut discount.off {
                Off::Percent(percent) => percent_of(base, *percent).ok_or_else(overflow)?.min(base),
                Off::Fixed { currency, left } => {
                    if *currency != invoice.target.currency {
                        continue;
                    }
                    let cut = (*left).min(base);
                    *left -= cut;
                    cut
                }
            };
            if cut <= 0 {
                continue;
            }
            let parts = allocate(cut, &room).ok_or_else(overflow)?;
            for (steps, part) in invoice.steps[range].iter_mut().zip(parts) {
                steps.discounts += part;
            }
            invoice.discounts.push(AppliedDiscount {
                discount_id: discount.input.id.clone(),
                customer_id: discount.input.customer_id.clone(),
                amount: Money(
                    invoice
                        .target
                        .currency
                        .amount_of(cut)
                        .ok_or_else(overflow)?,
                ),
            });
            discount.used = true;
        }
    }
    Ok(())
}

/// `DISCOUNT_UNUSED` for each discount that took nothing off.
pub fn report_unused(discounts: &[Discount<'_>], issues: &mut Vec<BillingIssue>) {
    issues.extend(discounts.iter().filter(|d| !d.used).map(unused));
}
