//! The invoice preview, end to end: read the input against the hierarchy, place every
//! charge on its invoice, then run the totals pipeline invoice by invoice (summarized
//! invoices first, since their totals become summary lines on their owners'
//! invoices), and write each invoice out with its sections, totals and ids.

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::common::error::BilltreeError;
use crate::common::key_map::customer_key;
use crate::common::order::sort_by;
use crate::input::invoicing::BillingInput;
use crate::invoice::adjust::{read_adjustments, Adjustments};
use crate::invoice::building::{Building, Draft, Steps, Target};
use crate::invoice::catalog::read_catalog;
use crate::invoice::discounts::{invoice_discounts, line_discounts, read_discounts, report_unused};
use crate::invoice::issues::{lifecycle_issues, sort_issues};
use crate::invoice::lines::{Overrides, Placer, Prepared, Run};
use crate::invoice::model::{
    AppliedCredit, CreditBalance, Invoice, InvoiceKind, InvoicePreview, Line, LineKind,
    PaymentShare, Section, SubPeriodSummary, Totals,
};
use crate::invoice::usage::{read_usage, report_unpriced};
use crate::money::currency::Currency;
use crate::money::decimal::{Money, Percent};
use crate::period::billed::{segments, Billed, Segment};
use crate::period::dated_rows::DatedRows;
use crate::period::lifecycle::read_lifecycle;
use crate::period::parts::{payer_shares, spans};
use crate::period::timeline::read_timeline;
use std::cmp::Ordering;

/// The order invoices are built and listed in: summarized before consolidated, then by
/// addressee id, currency and owner id.
fn order(billed: Billed<'_>, a: &Target, b: &Target) -> Ordering {
    (a.addressee != a.owner)
        .cmp(&(b.addressee != b.owner))
        .then_with(|| billed.compare_ids(a.addressee, b.addressee))
        .then(a.currency.cmp(&b.currency))
        .then_with(|| billed.compare_ids(a.owner, b.owner))
}

/// Drafts grouped per invoice, in invoice order (drafts keep their order within an
/// invoice), with an empty group for each of `also` that has no drafts.
fn gather(
    billed: Billed<'_>,
    mut drafts: Vec<Draft>,
    mut also: Vec<Target>,
) -> Vec<(Target, Vec<Draft>)> {
    sort_by(&mut drafts, |a, b| order(billed, &a.target, &b.target));
    let mut groups: Vec<(Target, Vec<Draft>)> = Vec::new();
    for draft in drafts {
        match groups.last_mut() {
            Some((target, group)) if *target == draft.target => group.push(draft),
            _ => groups.push((draft.target, vec![draft])),
        }
    }
    also.retain(|target| {
        groups
            .binary_search_by(|(t, _)| order(billed, t, target))
            .is_err()
    });
    if !also.is_empty() {
        groups.extend(also.into_iter().map(|target| (target, Vec::new())));
        sort_by(&mut groups, |a, b| order(billed, &a.0, &b.0));
    }
    groups
}

/// Every invoice of the period, and every problem found.
pub fn preview_invoices(
    billed: Billed<'_>,
    input: &BillingInput,
) -> Result<InvoicePreview, BilltreeError> {
    preview_run(billed, input, Run::default())
}

/// The invoices of one run: the input with the run's overrides laid over it, and only
/// the invoices of the owners in its scope (the issues are then those of that scope).
pub fn preview_run(
    billed: Billed<'_>,
    input: &BillingInput,
    run: Run<'_>,
) -> Result<InvoicePreview, BilltreeError> {
    run_keeping(billed, input, run, None)
}

/// Every invoice of the period, and the input as read for later runs (what a session
/// keeps when it loads a billing input: read once, not twice).
pub fn preview_and_prepare(
    billed: Billed<'_>,
    input: &BillingInput,
) -> Result<(InvoicePreview, Prepared), BilltreeError> {
    let mut kept = None;
    let preview = run_keeping(billed, input, Run::default(), Some(&mut kept))?;
    match kept {
        Some(prepared) => Ok((preview, prepared)),
        None => Err(BilltreeError::invalid_input("", "the input was not read")),
    }
}

/// A run; with `keep`, a copy of the catalog and usage as read (before any price reads
/// the usage) is left there.
fn run_keeping(
    billed: Billed<'_>,
    input: &BillingInput,
    run: Run<'_>,
    keep: Option<&mut Option<Prepared>>,
) -> Result<InvoicePreview, BilltreeError> {
    let mut issues = Vec::new();
    let no_overrides = Overrides::default();
    let overrides = run.overrides.unwrap_or(&no_overrides);
    let read;
    let timeline = match run.timeline {
        Some(timeline) => timeline,
        None => {
            read = read_timeline(billed.hierarchy, billed.relations, None, input, run.dated)?;
            &read
        }
    };
    let segments = segments(billed, timeline);
    let lifecycle = read_lifecycle(&input.subscriptions, timeline);
    lifecycle_issues(&lifecycle, &mut issues);
    // What follows placement (sections, discounts, commitments, tax, credits, payers)
    // reads the hierarchy in force at the period's end, when the invoice is issued.
    let end = segments.last().map_or(billed, |segment| segment.billed);
    // What a session read before holds for the hierarchy as loaded. The catalog serves
    // a first sub-period under that hierarchy; the usage rows, kept with their days,
    // are split at a changed period's dates (unless usage totals or a what-if's usage
    // would need splitting too), only for the customers whose invoices are built.
    // Read once per customer here, not once per customer at every step that asks.
    let covered = run.owners.map(|_| {
        let covers = |customer| {
            segments
                .iter()
                .any(|s| run.covers(s.billed.owners, customer))
        };
        PerCustomer::from_values(billed.hierarchy.customers().map(covers).collect())
    });
    let in_scope = |customer: CustomerIx| covered.as_ref().is_none_or(|covered| covered[customer]);
    let relinked = |prepared: &Prepared, issues: &mut Vec<_>| {
        let mut catalog = prepared.catalog.clone();
        if run.relink_catalog {
            catalog.link_inheritors(billed, input, issues);
        }
        catalog
    };
    let mut rows = keep.is_some().then(DatedRows::default);
    let (catalog, mut usages) = match run.prepared {
        Some(prepared) if !timeline.is_changed() => (
            relinked(prepared, &mut issues),
            vec![prepared.usage.replaced(billed, overrides.usage)],
        ),
        _ => {
            // Linked over the first sub-period's hierarchy: a change on the period's
            // first day leaves no trace of the hierarchy it replaced.
            let first = segments.first().map_or(billed, |segment| segment.billed);
            let as_loaded = segments.first().is_some_and(|s| s.part.state.is_none());
            let catalog = match run.prepared.filter(|_| as_loaded) {
                Some(prepared) => relinked(prepared, &mut issues),
                None => read_catalog(first, input, &mut issues)?,
            };
            let rows_only = input.usage_totals.is_empty() && overrides.usage.is_empty();
            let usages = match run.prepared.filter(|_| rows_only) {
                Some(prepared) => {
                    let count = billed.hierarchy.len();
                    prepared
                        .usage
                        .split(&prepared.rows, timeline, count, in_scope)?
                }
                None => {
                    let kept = rows.as_mut();
                    read_usage(billed, input, overrides.usage, timeline, &mut issues, kept)?
                }
            };
            (catalog, usages)
        }
    };
    if let (Some(keep), Some(usage), Some(rows)) = (keep, usages.first(), rows) {
        *keep = Some(Prepared {
            catalog: catalog.clone(),
            usage: usage.clone(),
            rows,
        });
    }
    // Inherited subscriptions follow the hierarchy of each sub-period: the catalog as
    // read serves the first, a copy re-linked each later one under another hierarchy.
    let mut catalog = catalog;
    catalog.set_modes(overrides.modes);
    catalog.set_lifecycle(&lifecycle);
    let first_state = segments.first().and_then(|segment| segment.part.state);
    let mut catalogs = Vec::with_capacity(segments.len());
    for segment in segments.iter().skip(1) {
        let mut linked = catalog.clone();
        if segment.part.state != first_state {
            linked.link_inheritors(segment.billed, input, &mut issues);
        }
        catalogs.push(linked);
    }
    catalogs.insert(0, catalog);
    let scoped = (run, covered.as_ref());
    let mut placer = Placer::new(&segments, input.currency_policy, scoped, &mut issues)?;
    placer.subscriptions(&catalogs, &mut usages)?;
    placer.charges(input)?;
    let mut drafts = std::mem::take(&mut placer.drafts);
    // A scoped run reads only its owners' usage: what the others leave unread is not
    // a problem of this run. (A pool's members and holder are in scope together.)
    report_unpriced(&usages, billed, in_scope, &mut issues)?;
    let billed = end;
    let mut discounts = read_discounts(billed, &input.discounts, &mut issues)?;
    line_discounts(&mut discounts, &mut drafts)?;
    let mut adjustments = read_adjustments(billed, input, &mut issues)?;

    let commitments: Vec<Target> = adjustments
        .commitments
        .values()
        .map(|&(target, _)| target)
        .filter(|target| run.builds(target.owner))
        .collect();
    let (summarized, consolidated): (Vec<_>, Vec<_>) = gather(billed, drafts, commitments)
        .into_iter()
        .partition(|(t, _)| t.addressee != t.owner);

    let period_key = format!("{}\u{1f}{}", input.period.start, input.period.end);
    let mut invoices = Vec::new();
    let mut buildings: Vec<Building> = summarized
        .into_iter()
        .map(|(t, d)| Building::new(billed, t, d))
        .collect();
    invoice_discounts(&mut discounts, &mut buildings)?;
    // Consolidated drafts first, then the summary lines carried from summarized
    // invoices: the stable sort in `gather` keeps that order within an invoice.
    let mut drafts = Vec::new();
    let mut empty = Vec::new();
    for (target, group) in consolidated {
        if group.is_empty() {
            empty.push(target);
        }
        drafts.extend(group);
    }
    for mut building in buildings {
        adjustments.tax(&mut building)?;
        adjustments.credits(&mut building);
        let target = building.target;
        let invoice = finish(billed, &segments, &adjustments, &period_key, building)?;
        let owner_target = Target {
            addressee: target.owner,
            ..target
        };
        drafts.push(summary_draft(target, owner_target, &invoice)?);
        invoices.push(invoice);
    }
    let mut buildings: Vec<Building> = gather(billed, drafts, empty)
        .into_iter()
        .map(|(t, d)| Building::new(billed, t, d))
        .collect();
    invoice_discounts(&mut discounts, &mut buildings)?;
    for mut building in buildings {
        adjustments.true_up(billed, &mut building)?;
        adjustments.tax(&mut building)?;
        adjustments.credits(&mut building);
        invoices.push(finish(
            billed,
            &segments,
            &adjustments,
            &period_key,
            building,
        )?);
    }
    report_unused(&discounts, &mut issues);
    if run.owners.is_some() {
        // A scoped run's issues are partial: it keeps those about the customers in its
        // scope (a what-if reports those it brings).
        let about_scope = |id: &str| {
            billed
                .hierarchy
                .find(id)
                .is_some_and(|customer| run.covers(billed.owners, customer))
        };
        issues.retain(|issue| issue.customer_id.as_deref().is_some_and(about_scope));
    }
    sort_issues(&mut issues);
    // Sub-periods under the same hierarchy find the same catalog problems.
    issues.dedup();
    let sub_periods = match timeline.is_split() {
        true => timeline
            .parts
            .iter()
            .map(|part| SubPeriodSummary {
                start: part.from.to_string(),
                end: part.to.to_string(),
                days: u32::try_from(part.days).unwrap_or(u32::MAX),
            })
            .collect(),
        false => Vec::new(),
    };
    Ok(InvoicePreview {
        period: input.period.clone(),
        currency_policy: input.currency_policy,
        invoices,
        credits: balances(billed, &adjustments)?,
        issues,
        sub_periods,
        lifecycle: lifecycle.events,
    })
}

fn overflow() -> BilltreeError {
    BilltreeError::overflow("an invoice total")
}

fn money(currency: Currency, minor: i128) -> Result<Money, BilltreeError> {
    currency.amount_of(minor).map(Money).ok_or_else(overflow)
}

/// The pipeline's steps as amounts.
fn totals(currency: Currency, steps: &Steps, credits: i128) -> Result<Totals, BilltreeError> {
    Ok(Totals {
        lines: money(currency, steps.lines)?,
        discounts: money(currency, steps.discounts)?,
        true_up: money(currency, steps.true_up)?,
        net: money(currency, steps.net())?,
        tax: money(currency, steps.tax)?,
        carried: money(currency, steps.carried)?,
        total: money(currency, steps.total())?,
        credits: money(currency, credits)?,
        amount_due: money(currency, steps.total() - credits)?,
    })
}

/// The line a summarized invoice becomes on its owner's invoice.
fn summary_draft(
    summarized: Target,
    owner: Target,
    invoice: &Invoice,
) -> Result<Draft, BilltreeError> {
    let amount = invoice.totals.amount_due;
    Ok(Draft {
        target: owner,
        section: summarized.addressee,
        holder: None,
        line: Line {
            summarized_invoice_id: Some(invoice.id.clone()),
            ..Line::new(
                LineKind::Summary,
                &invoice.customer_id,
                format!("Invoice of {} (summary)", invoice.customer_id),
                amount,
            )
        },
        minor: summarized.currency.to_minor(amount.0),
        discounted: 0,
    })
}

/// Writes an invoice out: sections depth-first with own and nested totals, line ids,
/// then the invoice's id over all of it.
fn finish(
    billed: Billed<'_>,
    segments: &[Segment<'_>],
    adjustments: &Adjustments,
    period_key: &str,
    building: Building,
) -> Result<Invoice, BilltreeError> {
    let Building {
        target,
        tree,
        drafts,
        steps,
        credits,
        discounts,
        ..
    } = building;
    let currency = target.currency;
    let key = format!(
        "{}\u{1f}{}\u{1f}{}",
        billed.id(target.owner),
        billed.id(target.addressee),
        currency
    );
    let count = tree.order.len();
    // Nested totals, children before parents (reverse depth-first order).
    let mut nested: Vec<Steps> = steps.clone();
    let mut nested_credits = credits.clone();
    for at in (1..count).rev() {
        if let Some(parent) = tree.parent[at] {
            let child = nested[at];
            nested[parent] = nested[parent].plus(&child);
            nested_credits[parent] += nested_credits[at];
        }
    }
    let mut sections = Vec::with_capacity(count);
    let mut applied = Vec::new();
    for (at, (customer, section_drafts)) in tree.order.iter().zip(drafts).enumerate() {
        let mut lines: Vec<Line> = section_drafts.into_iter().map(|d| d.line).collect();
        for line in &mut lines {
            line.id = line.content_id(&key);
        }
        if credits[at] > 0 {
            applied.push(AppliedCredit {
                customer_id: billed.id(*customer).to_owned(),
                amount: money(currency, credits[at])?,
            });
        }
        sections.push(Section {
            customer_id: billed.id(*customer).to_owned(),
            name: billed.hierarchy.store().name(*customer).to_owned(),
            depth: tree.depth[at],
            parent_customer_id: tree.parent[at].map(|p| billed.id(tree.order[p]).to_owned()),
            tax_percent: Percent(
                adjustments
                    .tax
                    .get(customer_key(*customer))
                    .copied()
                    .unwrap_or_default(),
            ),
            lines,
            own: totals(currency, &steps[at], 0)?,
            totals: totals(currency, &nested[at], nested_credits[at])?,
        });
    }
    let whole = nested.first().copied().unwrap_or_default();
    let whole_credits = nested_credits.first().copied().unwrap_or_default();
    let payer = billed.owners.payers[target.owner].ok();
    let mut invoice = Invoice {
        id: String::new(),
        kind: if target.addressee == target.owner {
            InvoiceKind::Consolidated
        } else {
            InvoiceKind::Summarized
        },
        customer_id: billed.id(target.addressee).to_owned(),
        invoice_owner_id: billed.id(target.owner).to_owned(),
        payer_id: payer.map(|p| billed.id(p).to_owned()),
        currency: currency.code().to_owned(),
        minor_units: currency.minor_units(),
        sections,
        discounts,
        credits: applied,
        totals: totals(currency, &whole, whole_credits)?,
        payments: payer_shares(segments, target.owner, whole.total() - whole_credits)?
            .into_iter()
            .map(|(payer, parts, minor)| {
                Ok(PaymentShare {
                    payer_id: payer.map(|p| billed.id(p).to_owned()),
                    periods: spans(segments, parts),
                    amount: money(currency, minor)?,
                })
            })
            .collect::<Result<_, BilltreeError>>()?,
    };
    invoice.id = invoice.content_id(&key, period_key);
    Ok(invoice)
}

/// Every credit balance: before, used, left.
fn balances(
    billed: Billed<'_>,
    adjustments: &Adjustments,
) -> Result<Vec<CreditBalance>, BilltreeError> {
    let mut balances = adjustments
        .credits
        .values()
        .map(|balance| {
            let currency = balance.currency;
            Ok(CreditBalance {
                customer_id: billed.id(balance.holder).to_owned(),
                currency: currency.code().to_owned(),
                before: money(currency, balance.before)?,
                applied: money(currency, balance.before - balance.left)?,
                remaining: money(currency, balance.left)?,
            })
        })
        .collect::<Result<Vec<_>, BilltreeError>>()?;
    sort_by(&mut balances, |a, b| {
        (&a.customer_id, &a.currency).cmp(&(&b.customer_id, &b.currency))
    });
    Ok(balances)
}
