//! The period split by the changes effective inside it: sub-periods, each with the
//! hierarchy and the owners in force during it. Every invoice reads the period through
//! this one model; without changes it is one sub-period under the hierarchy as loaded.
//!
//! A change effective on day D holds from D's first instant (00:00 UTC) on: D belongs
//! to the sub-period after the split. Changes must come in date order (the same date:
//! applied in input order); one effective on the period's first day holds for the
//! whole period; one on or after the period's end is not part of it.

use crate::common::error::BilltreeError;
use crate::hierarchy::children::Children;
use crate::hierarchy::edits::apply_edits;
use crate::hierarchy::loaded::{Hierarchy, Relations};
use crate::hierarchy::structure::Structure;
use crate::input::catalog::SubscriptionAction;
use crate::input::edit::HierarchyEdit;
use crate::input::invoicing::{BillingInput, DatedChange};
use crate::owners::incremental::structure_and_owners_after;
use crate::owners::model::Owners;
use crate::owners::resolve::resolve;
use crate::period::dates::{days_between, read_date, read_period, Period};
use chrono::{NaiveDate, NaiveDateTime};

/// The most sub-periods one period may have: 64 distinct change dates in one billing
/// period is more than any billing admin schedules (a month has at most 31), each
/// sub-period holds a hierarchy copy, and a line records the sub-periods it bills as
/// one bit each.
pub const MAX_SUB_PERIODS: usize = 64;

/// The hierarchy as a change leaves it.
#[derive(Debug, Clone)]
pub struct State {
    /// Parents and billing settings.
    pub relations: Relations,
    /// Owners resolved over them.
    pub owners: Owners,
}

/// Part of the period under one hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubPeriod {
    /// First day.
    pub from: NaiveDate,
    /// The day after the last.
    pub to: NaiveDate,
    /// Its days.
    pub days: i64,
    /// The state in force (`Timeline::states`); `None`: the hierarchy as loaded.
    pub state: Option<usize>,
}

/// The period and its sub-periods, in date order, covering it without gaps.
#[derive(Debug, Clone)]
pub struct Timeline<'a> {
    /// The whole period.
    pub period: Period,
    /// Its parts.
    pub parts: Vec<SubPeriod>,
    /// The states changes leave.
    pub states: Vec<State>,
    /// Lifecycle steps, in date order (the same day: in input order), each with the
    /// sub-period it starts.
    pub actions: Vec<TimedAction<'a>>,
}

/// A lifecycle step on the timeline.
#[derive(Debug, Clone, Copy)]
pub struct TimedAction<'a> {
    /// The sub-period it holds from (to the end, or to the subscription's next step).
    pub part: usize,
    /// Its effective day.
    pub from: NaiveDate,
    /// The step.
    pub step: &'a SubscriptionAction,
}

/// Edits effective on a day (a what-if's own dated changes).
#[derive(Debug, Clone, Copy)]
pub struct Dated<'a> {
    /// The first day in force.
    pub from: NaiveDate,
    /// The edits.
    pub edits: &'a [HierarchyEdit],
    /// The lifecycle steps.
    pub lifecycle: &'a [SubscriptionAction],
}

impl Timeline<'_> {
    /// Whether changes split the period (or replaced the hierarchy from its start).
    pub fn is_changed(&self) -> bool {
        !self.states.is_empty() || self.is_split()
    }

    /// Whether there is more than one sub-period.
    pub fn is_split(&self) -> bool {
        self.parts.len() > 1
    }

    /// The sub-period an instant falls in, `None` outside the period.
    pub fn part_at(&self, at: NaiveDateTime) -> Option<usize> {
        self.part_of_day(at.date())
    }

    /// The sub-period a day falls in, `None` outside the period.
    pub fn part_of_day(&self, day: NaiveDate) -> Option<usize> {
        if day < self.period.start || day >= self.period.end {
            return None;
        }
        Some(
            self.parts
                .partition_point(|part| part.from <= day)
                .saturating_sub(1),
        )
    }

    /// Each sub-period's days, as allocation weights.
    pub fn day_weights(&self) -> Vec<i128> {
        self.parts
            .iter()
            .map(|part| i128::from(part.days))
            .collect()
    }
}

/// Refuses a day before the period starts: a change made before the period is part of
/// the hierarchy as given. `path` names the field in the error.
fn check_not_before(period: Period, from: NaiveDate, path: &str) -> Result<(), BilltreeError> {
    match from < period.start {
        true => Err(BilltreeError::invalid_input(
            path,
            format_args!(
                "{from} is before the period starts ({}); a change made before the period is part of the hierarchy as given",
                period.start
            ),
        )),
        false => Ok(()),
    }
}

/// Dated changes as given (a billing input's, or a what-if's): each date read, not
/// before the period, and in date order; errors name `changes[i].effectiveDate`.
pub fn read_changes(
    period: Period,
    changes: &[DatedChange],
) -> Result<Vec<Dated<'_>>, BilltreeError> {
    let mut dated: Vec<Dated<'_>> = Vec::with_capacity(changes.len() + 1);
    for (index, change) in changes.iter().enumerate() {
        let path = format!("changes[{index}].effectiveDate");
        let from = read_date(&path, &change.effective_date)?;
        check_not_before(period, from, &path)?;
        if let Some(previous) = dated.last() {
            if from < previous.from {
                return Err(BilltreeError::invalid_input(
                    &path,
                    format_args!(
                        "changes must be in date order: {from} comes after changes[{}] of {}",
                        index - 1,
                        previous.from
                    ),
                ));
            }
        }
        dated.push(Dated {
            from,
            edits: &change.edits,
            lifecycle: &change.lifecycle,
        });
    }
    Ok(dated)
}

/// The input's changes (and `extra`, a what-if's, each after the input's changes of
/// its day and the `extra` before it of that day) laid over the loaded hierarchy: the
/// period's sub-periods and their states. `resolved`, where the caller has them: the
/// structure, owners and children of `loaded`, from which the first state's owners are
/// updated instead of resolved from scratch (a session's what-if).
pub fn read_timeline<'a>(
    hierarchy: &Hierarchy,
    loaded: &Relations,
    resolved: Option<(&Structure, &Owners, &Children)>,
    input: &'a BillingInput,
    extra: &[Dated<'a>],
) -> Result<Timeline<'a>, BilltreeError> {
    let period = read_period(input)?;
    let mut dated = read_changes(period, &input.changes)?;
    for extra in extra {
        check_not_before(period, extra.from, "effectiveDate")?;
        let at = dated.partition_point(|change| change.from <= extra.from);
        dated.insert(at, *extra);
    }
    dated.retain(|change| change.from < period.end);
    let mut timeline = Timeline {
        period,
        parts: vec![SubPeriod {
            from: period.start,
            to: period.end,
            days: days_between(period.start, period.end),
            state: None,
        }],
        states: Vec::new(),
        actions: Vec::new(),
    };
    let mut at = 0;
    while at < dated.len() {
        let from = dated[at].from;
        let first = at;
        while at < dated.len() && dated[at].from == from {
            at += 1;
        }
        let today = &dated[first..at];
        let count = timeline.parts.len();
        let Some(last) = timeline.parts.last().copied() else {
            break;
        };
        // A day with lifecycle steps only keeps the hierarchy (and its owners) in force;
        // a day with edits makes them over the latest state (one copy per such day).
        let state = match today.iter().any(|change| !change.edits.is_empty()) {
            true => {
                let latest = timeline.states.last().map(|state| &state.relations);
                let base = match latest {
                    Some(_) => None,
                    None => resolved.map(|(structure, owners, children)| {
                        (loaded, structure, owners, Some(children))
                    }),
                };
                let mut relations = latest.unwrap_or(loaded).clone();
                for change in today {
                    apply_edits(hierarchy, &mut relations, change.edits)?;
                }
                let owners = match base {
                    Some(base) => structure_and_owners_after(hierarchy, base, &relations).1,
                    None => {
                        let structure = Structure::analyze(hierarchy, &relations);
                        resolve(hierarchy, &relations, &structure)
                    }
                };
                timeline.states.push(State { relations, owners });
                Some(timeline.states.len() - 1)
            }
            false => last.state,
        };
        let steps = today.iter().flat_map(|change| change.lifecycle);
        if from == last.from {
            if let Some(last) = timeline.parts.last_mut() {
                last.state = state;
            }
            let part = count - 1;
            timeline
                .actions
                .extend(steps.map(|step| TimedAction { part, from, step }));
            continue;
        }
        if count >= MAX_SUB_PERIODS {
            return Err(BilltreeError::too_large(
                "sub-periods (distinct change dates)",
                MAX_SUB_PERIODS,
            ));
        }
        if let Some(last) = timeline.parts.last_mut() {
            last.to = from;
            last.days = days_between(last.from, from);
        }
        timeline.parts.push(SubPeriod {
            from,
            to: period.end,
            days: days_between(from, period.end),
            state,
        });
        let part = count;
        timeline
            .actions
            .extend(steps.map(|step| TimedAction { part, from, step }));
    }
    Ok(timeline)
}
