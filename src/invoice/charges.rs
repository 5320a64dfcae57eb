//! One-off charges: each on the invoice of its customer's invoice owner in force on
//! the charge's date (without a date: on the period's last day, when the invoice is
//! issued).

use crate::common::error::BilltreeError;
use crate::common::order::sort_by;
use crate::common::text::Quoted;
use crate::input::invoicing::{BillingInput, ChargeInput};
use crate::invoice::building::Target;
use crate::invoice::catalog::{currency_at, customer_currency};
use crate::invoice::issues::{BillingIssue, BillingIssueCode};
use crate::invoice::lines::Placer;
use crate::invoice::model::{Line, LineKind};
use crate::money::decimal::Money;
use crate::period::dates::read_date;

impl Placer<'_, '_> {
    /// The sub-period a charge's date falls in; the last without a date.
    fn charge_part(&self, index: usize, date: Option<&str>) -> Result<usize, BilltreeError> {
        let last = self.segments.len().saturating_sub(1);
        let Some(text) = date else {
            return Ok(last);
        };
        let path = format!("charges[{index}].date");
        let day = read_date(&path, text)?;
        self.segments
            .iter()
            .position(|segment| segment.part.from <= day && day < segment.part.to)
            .ok_or_else(|| {
                BilltreeError::invalid_input(&path, format_args!("{day} is outside the period"))
            })
    }

    /// One-off charges: each on the invoice of its customer's invoice owner in force on
    /// its date.
    pub fn charges(&mut self, input: &BillingInput) -> Result<(), BilltreeError> {
        let billed = self.billed;
        let mut charges: Vec<(usize, &ChargeInput)> = input.charges.iter().enumerate().collect();
        sort_by(&mut charges, |a, b| a.1.id.cmp(&b.1.id));
        for (index, charge) in charges {
            let Some(customer) = billed.hierarchy.find(&charge.customer_id) else {
                let mut issue = BillingIssue::new(
                    BillingIssueCode::UnknownCustomer,
                    format!("charge {} names {}, which is no customer of the hierarchy; it is not billed", Quoted(&charge.id), Quoted(&charge.customer_id)),
                )
                .customer(&charge.customer_id);
                issue.field = Some("charges");
                self.issues.push(issue);
                continue;
            };
            let part = self.charge_part(index, charge.date.as_deref())?;
            let currency = match &charge.currency {
                Some(code) => currency_at(code, || format!("charges[{index}].currency"))?,
                None => match customer_currency(billed.hierarchy, customer)? {
                    Some(currency) => currency,
                    None => {
                        self.issues.push(
                            BillingIssue::new(
                                BillingIssueCode::MissingCurrency,
                                format!("charge {} has no currency, and neither has its customer; it is not billed", Quoted(&charge.id)),
                            )
                            .customer(&charge.customer_id),
                        );
                        continue;
                    }
                },
            };
            let Some(owner) = self.owner_for(part, customer, currency)? else {
                continue;
            };
            if !self.run.builds(owner) {
                continue;
            }
            let target = Target {
                owner,
                addressee: owner,
                currency,
            };
            let mut line = Line::new(
                LineKind::Charge,
                &charge.customer_id,
                charge.description.clone(),
                Money(currency.round(charge.amount.0)),
            );
            line.charge_id = Some(charge.id.clone());
            self.push(target, customer, None, line);
        }
        Ok(())
    }
}
