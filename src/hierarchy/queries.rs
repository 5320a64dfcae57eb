//! Read-only questions about a loaded hierarchy: its tree, children, path to root,
//! subordinates, and filtered lists.

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::common::error::BilltreeError;
use crate::common::output::OutputBudget;
use crate::hierarchy::loaded::Hierarchy;
use crate::hierarchy::structure::{Structure, Topology};
use crate::input::customer::Customer;
use serde::Serialize;

/// A customer as queries return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CustomerSummary {
    /// The customer's id.
    pub id: String,
    /// The customer's name.
    pub name: String,
    /// The customer's tenant, `null` for none.
    pub tenant_id: Option<String>,
    /// The `parentId` as currently set (it may name no customer: see the report).
    pub parent_id: Option<String>,
    /// Whether the customer is archived.
    pub archived: bool,
    /// 1 for a root; `null` for a customer in or below a cycle.
    pub level: Option<u32>,
    /// Number of direct children.
    pub child_count: u32,
    /// Number of customers below it, at any depth.
    pub subordinate_count: u32,
}

/// A node of [`HierarchyTree`]: a customer, and whether it is the one asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TreeNode {
    /// The customer.
    #[serde(flatten)]
    pub customer: CustomerSummary,
    /// `true` for the customer the tree was asked for.
    pub is_current_customer: bool,
}

/// The whole hierarchy a customer belongs to, from the top.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HierarchyTree {
    /// The root; for a hierarchy caught in a cycle, the cycle's first member.
    pub root_id: String,
    /// The customer the tree was asked for.
    pub current_customer_id: String,
    /// `true` when the hierarchy has no root because its top is a cycle.
    pub in_cycle: bool,
    /// Every customer of the hierarchy in depth-first pre-order (a parent before its
    /// children, siblings in input order). Flat, so depth costs no recursion anywhere:
    /// nest by `parentId` if needed.
    pub nodes: Vec<TreeNode>,
}

/// The direct children of a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChildList {
    /// The parent asked about.
    pub customer_id: String,
    /// Number of direct children.
    pub child_count: u32,
    /// The children in input order, each with its own counts.
    pub children: Vec<CustomerSummary>,
}

/// Filters for [`Query::find`]; the given ones must all hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields = nullable, rename_all = "camelCase"))]
pub struct CustomerFilter {
    /// Only customers that have (`true`) or have no (`false`) children.
    pub is_parent: Option<bool>,
    /// Only customers that have (`true`) or have no (`false`) parent in the hierarchy.
    pub has_parent: Option<bool>,
    /// Only the direct children of this customer.
    pub parent_customer_id: Option<String>,
    /// Only customers whose id or name contains this text, ignoring ASCII case (what a
    /// customer picker sends as the user types; other letters match as typed).
    pub search: Option<String>,
    /// Skip this many matches (for paging).
    pub offset: Option<u32>,
    /// Return at most this many matches.
    pub limit: Option<u32>,
}

/// Whether `haystack` contains `needle`, ignoring ASCII case, byte by byte with no
/// allocation per customer. Other letters match as typed: Unicode case tables would
/// cost the module ~9 KB gzipped for a picker's convenience.
fn contains_ignoring_ascii_case(haystack: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    needle.is_empty()
        || haystack
            .as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle))
}

/// One page of customers matching a [`CustomerFilter`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CustomerPage {
    /// How many customers match, over all pages.
    pub total: u32,
    /// The offset this page starts at.
    pub offset: u32,
    /// The matches on this page, in input order.
    pub customers: Vec<CustomerSummary>,
}

/// Queries over a hierarchy and its analysed structure.
pub struct Query<'a> {
    hierarchy: &'a Hierarchy,
    structure: &'a Structure,
    topology: &'a Topology,
}

impl<'a> Query<'a> {
    /// Queries `hierarchy` as it stands (its committed relations), as analysed into
    /// `structure` and `topology`.
    pub fn new(hierarchy: &'a Hierarchy, structure: &'a Structure, topology: &'a Topology) -> Self {
        Query {
            hierarchy,
            structure,
            topology,
        }
    }

    fn parent_of(&self, customer: CustomerIx) -> Option<CustomerIx> {
        self.hierarchy.relations().parent_of(customer)
    }

    /// Summary of a customer.
    pub fn summary(&self, customer: CustomerIx) -> CustomerSummary {
        let Customer {
            id,
            name,
            tenant_id,
            parent_id,
            archived,
            ..
        } = self.hierarchy.customer(customer);
        CustomerSummary {
            id,
            name,
            tenant_id,
            parent_id,
            archived,
            level: self.structure.level_of(customer),
            child_count: self.structure.child_count[customer],
            subordinate_count: self.topology.subordinates[customer],
        }
    }

    /// Summaries of `customers`, each charged to one result's budget before it is
    /// built.
    fn summaries(
        &self,
        customers: impl IntoIterator<Item = CustomerIx>,
    ) -> Result<Vec<CustomerSummary>, BilltreeError> {
        let mut budget = OutputBudget::new();
        customers
            .into_iter()
            .map(|customer| {
                budget.charge_object(self.hierarchy.strings_of(customer))?;
                Ok(self.summary(customer))
            })
            .collect()
    }

    /// The whole hierarchy `customer_id` belongs to, from its root.
    pub fn tree(&self, customer_id: &str) -> Result<HierarchyTree, BilltreeError> {
        let current = self.hierarchy.require(customer_id)?;
        // A shadowed duplicate belongs to no hierarchy: its tree is itself.
        let top = self.structure.anchor[current].unwrap_or(current);
        let order = self.preorder(top);
        let nodes = self
            .summaries(order.iter().copied())?
            .into_iter()
            .zip(order)
            .map(|(customer, position)| TreeNode {
                customer,
                is_current_customer: position == current,
            })
            .collect();
        Ok(HierarchyTree {
            root_id: self.hierarchy.id(top).to_owned(),
            current_customer_id: self.hierarchy.id(current).to_owned(),
            in_cycle: self.structure.level_of(top).is_none(),
            nodes,
        })
    }

    /// Every hierarchy, one after the other: the trees of all roots in input order, then
    /// the parts caught in cycles. Each customer appears once, in pre-order.
    pub fn forest(&self) -> Result<Vec<CustomerSummary>, BilltreeError> {
        let mut seen = self.hierarchy.store().per_customer(false);
        let roots = self
            .hierarchy
            .customers()
            .filter(|&c| self.structure.level_of(c) == Some(1));
        let cycle_heads = self
            .structure
            .cycles
            .iter()
            .filter_map(|c| c.first().copied());
        let mut out = Vec::with_capacity(self.hierarchy.len());
        for top in roots.chain(cycle_heads) {
            self.preorder_into(top, &mut seen, &mut out);
        }
        self.summaries(out)
    }

    /// The direct children of `customer_id`.
    pub fn children(&self, customer_id: &str) -> Result<ChildList, BilltreeError> {
        let customer = self.hierarchy.require(customer_id)?;
        let children = self.summaries(self.topology.children.of(customer).iter().copied())?;
        Ok(ChildList {
            customer_id: self.hierarchy.id(customer).to_owned(),
            child_count: children.len() as u32,
            children,
        })
    }

    /// `customer_id`, its parent, and so on up to the root (or until a cycle repeats).
    pub fn path_to_root(&self, customer_id: &str) -> Result<Vec<CustomerSummary>, BilltreeError> {
        let mut customer = self.hierarchy.require(customer_id)?;
        let mut seen = self.hierarchy.store().per_customer(false);
        let mut path = Vec::new();
        loop {
            seen[customer] = true;
            path.push(customer);
            match self.parent_of(customer) {
                Some(parent) if !seen[parent] => customer = parent,
                _ => break,
            }
        }
        self.summaries(path)
    }

    /// Everyone below `customer_id`, at any depth, in pre-order.
    pub fn subordinates(&self, customer_id: &str) -> Result<Vec<CustomerSummary>, BilltreeError> {
        let customer = self.hierarchy.require(customer_id)?;
        self.summaries(self.preorder(customer).into_iter().skip(1))
    }

    /// Customers matching every given filter, in input order, paged.
    pub fn find(&self, filter: &CustomerFilter) -> Result<CustomerPage, BilltreeError> {
        // A filter on an unknown parent matches nobody, as a list API would answer.
        let parent = filter
            .parent_customer_id
            .as_deref()
            .map(|id| self.hierarchy.find(id));
        let store = self.hierarchy.store();
        let matches = self.hierarchy.customers().filter(|&c| {
            let is_parent = self.structure.child_count[c] > 0;
            let parent_of_c = self.parent_of(c);
            !self.hierarchy.is_shadowed(c)
                && filter.is_parent.is_none_or(|want| want == is_parent)
                && filter
                    .has_parent
                    .is_none_or(|want| want == parent_of_c.is_some())
                && parent.is_none_or(|want| want.is_some() && parent_of_c == want)
                && filter.search.as_deref().is_none_or(|text| {
                    contains_ignoring_ascii_case(self.hierarchy.id(c), text)
                        || contains_ignoring_ascii_case(store.name(c), text)
                })
        });
        let offset = filter.offset.unwrap_or(0);
        let limit = filter.limit.map_or(usize::MAX, |limit| limit as usize);
        let mut total = 0u32;
        let mut page = Vec::new();
        for customer in matches {
            if total >= offset && page.len() < limit {
                page.push(customer);
            }
            total += 1;
        }
        Ok(CustomerPage {
            total,
            offset,
            customers: self.summaries(page)?,
        })
    }

    /// `top` and everyone below it, in pre-order, each customer once (cycles stop).
    pub fn preorder(&self, top: CustomerIx) -> Vec<CustomerIx> {
        let mut seen = self.hierarchy.store().per_customer(false);
        let mut out = Vec::new();
        self.preorder_into(top, &mut seen, &mut out);
        out
    }

    /// Depth-first pre-order with an explicit stack; `seen` stops cycles.
    fn preorder_into(
        &self,
        top: CustomerIx,
        seen: &mut PerCustomer<bool>,
        out: &mut Vec<CustomerIx>,
    ) {
        let mut stack = vec![top];
        while let Some(customer) = stack.pop() {
            if std::mem::replace(&mut seen[customer], true) {
                continue;
            }
            out.push(customer);
            let children = self.topology.children.of(customer);
            stack.extend(children.iter().rev().filter(|&&c| !seen[c]));
        }
    }
}

crate::input::read_json::json_object!(CustomerFilter, "struct CustomerFilter" {
    is_parent: "isParent" default,
    has_parent: "hasParent" default,
    parent_customer_id: "parentCustomerId" default,
    search: "search" default,
    offset: "offset" default,
    limit: "limit" default,
});
