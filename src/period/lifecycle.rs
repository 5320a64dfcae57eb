//! Subscriptions paused, resumed and cancelled inside the period (Flexprice's
//! lifecycle): which sub-periods each subscription bills in, the inherited
//! subscriptions a parent subscription's step cascades to, and the steps refused.
//!
//! A subscription is active from the period's start. `pause` stops an active one,
//! `resume` restarts a paused one, `cancel` ends an active or paused one for good; a
//! step that does not fit the subscription's state at its date is refused and changes
//! nothing. An inherited (skeleton) subscription has no life of its own: its parent
//! subscription's steps cascade to it, and a step naming it is refused.

use crate::common::key_map::KeyMap;
use crate::common::order::sort_by;
use crate::input::catalog::{LifecycleAction, SubscriptionInput};
use crate::period::parts::Fed;
use crate::period::timeline::Timeline;
use serde::Serialize;

/// An inherited subscription a step cascades to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct InheritedSubscription {
    /// The inherited subscription.
    pub subscription_id: String,
    /// The child holding it.
    pub customer_id: String,
}

/// A lifecycle step as applied: the subscription, the day, and the children it
/// reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LifecycleEvent {
    /// The subscription.
    pub subscription_id: String,
    /// Its holder.
    pub customer_id: String,
    /// What happened.
    pub action: LifecycleAction,
    /// The first day in force, `YYYY-MM-DD`.
    pub effective_date: String,
    /// The inherited subscriptions that follow it, by subscription id.
    pub inherited: Vec<InheritedSubscription>,
}

/// Why a step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No subscription has the id.
    Unknown,
    /// The subscription is inherited: only its parent subscription's steps reach it.
    Inherited,
    /// The step does not fit the state the subscription is in at its date.
    NotApplicable(Status),
}

/// Where a subscription stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Billing.
    Active,
    /// Paused: not billing until resumed.
    Paused,
    /// Cancelled: not billing again.
    Cancelled,
}

impl Status {
    /// The state, as a message says it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Paused => "paused",
            Status::Cancelled => "cancelled",
        }
    }
}

/// A refused step.
#[derive(Debug, Clone)]
pub struct RefusedStep {
    /// The subscription id given.
    pub subscription_id: String,
    /// The step.
    pub action: LifecycleAction,
    /// Its day, `YYYY-MM-DD`.
    pub effective_date: String,
    /// Why.
    pub refusal: Refusal,
    /// The holder, when the subscription exists.
    pub customer_id: Option<String>,
}

/// The period's lifecycle steps, applied.
#[derive(Debug, Clone, Default)]
pub struct Lifecycle {
    /// The sub-periods each stepped subscription bills in (bit `p`: sub-period `p`),
    /// by subscription id; a subscription not listed bills in every one.
    pub active: KeyMap<String, u64>,
    /// The steps applied, in date order.
    pub events: Vec<LifecycleEvent>,
    /// The steps refused, in date order.
    pub refused: Vec<RefusedStep>,
}

impl Lifecycle {
    /// The sub-periods the subscription `id` bills in.
    pub fn active_parts(&self, id: &str) -> Fed {
        Fed(self.active.get(id).copied().unwrap_or(u64::MAX))
    }
}

/// Applies the timeline's lifecycle steps to the input's subscriptions.
pub fn read_lifecycle(subscriptions: &[SubscriptionInput], timeline: &Timeline<'_>) -> Lifecycle {
    let mut lifecycle = Lifecycle::default();
    if timeline.actions.is_empty() {
        return lifecycle;
    }
    let mut by_id: KeyMap<&str, &SubscriptionInput> = KeyMap::with_capacity(subscriptions.len());
    for subscription in subscriptions {
        by_id.insert(&subscription.id, subscription);
    }
    // Each stepped subscription's state after its steps so far.
    let mut states: KeyMap<&str, Status> = KeyMap::default();
    let parts = timeline.parts.len();
    for timed in &timeline.actions {
        let id = timed.step.subscription_id.as_str();
        let action = timed.step.action;
        let effective_date = timed.from.to_string();
        let refuse = |refusal, customer_id: Option<&str>| RefusedStep {
            subscription_id: id.to_owned(),
            action,
            effective_date: effective_date.clone(),
            refusal,
            customer_id: customer_id.map(str::to_owned),
        };
        let Some(&subscription) = by_id.get(id) else {
            lifecycle.refused.push(refuse(Refusal::Unknown, None));
            continue;
        };
        if subscription.parent_subscription_id.is_some() {
            let holder = Some(subscription.customer_id.as_str());
            lifecycle.refused.push(refuse(Refusal::Inherited, holder));
            continue;
        }
        let status = states.get(id).copied().unwrap_or(Status::Active);
        let next = match (action, status) {
            (LifecycleAction::Pause, Status::Active) => Status::Paused,
            (LifecycleAction::Resume, Status::Paused) => Status::Active,
            (LifecycleAction::Cancel, Status::Active | Status::Paused) => Status::Cancelled,
            _ => {
                let holder = Some(subscription.customer_id.as_str());
                lifecycle
                    .refused
                    .push(refuse(Refusal::NotApplicable(status), holder));
                continue;
            }
        };
        // The new state holds from the step's sub-period to the end (until a later step).
        let mask = lifecycle.active.or_insert(id.to_owned(), u64::MAX);
        if next != Status::Active {
            *mask &= !Fed::between(timed.part, parts).0;
        } else {
            *mask |= Fed::between(timed.part, parts).0;
        }
        states.insert(id, next);
        let mut inherited: Vec<InheritedSubscription> = subscriptions
            .iter()
            .filter(|child| child.parent_subscription_id.as_deref() == Some(id))
            .map(|child| InheritedSubscription {
                subscription_id: child.id.clone(),
                customer_id: child.customer_id.clone(),
            })
            .collect();
        sort_by(&mut inherited, |a, b| {
            a.subscription_id.cmp(&b.subscription_id)
        });
        lifecycle.events.push(LifecycleEvent {
            subscription_id: id.to_owned(),
            customer_id: subscription.customer_id.clone(),
            action,
            effective_date,
            inherited,
        });
    }
    lifecycle
}
