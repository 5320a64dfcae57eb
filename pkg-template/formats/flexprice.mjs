// Flexprice subscriptions. Flexprice keeps customers flat: every billing relationship
// lives on a subscription, so the hierarchy is derived from them:
// - consolidated billing: a `parent` subscription whose `inheritance` block lists child
//   customers (by external id), each given an `inherited` skeleton. The child goes under
//   the parent's customer; the skeleton becomes a billtree subscription with
//   `parentSubscriptionId` (its usage pooled into the parent's prices); a child whose
//   every subscription is inherited has "no independent invoice" (`billTo: "parent"`).
// - delegated invoicing: `invoicing_customer_id` / `invoicing_customer_external_id`
//   names who receives and pays: billtree's `invoicingDelegateId`.
// - grouped invoicing: `subscriptions_ids_for_grouped_invoicing` on the anchor (or
//   `grouped_invoicing` children naming `parent_subscription_id`): the child's lines are
//   copied onto the anchor customer's invoice, never merged (`rollup: "passthrough"`; a
//   child of another customer delegates to the anchor's customer).
// Accepted: an array of subscriptions, `{ items }` (the list API), or `{ subscriptions,
// customers? }`; customer records (`id`, `external_id`, `name`) give names and translate
// external ids.
import {
  array, at, envelope, get, invalid, isRecord, item, keysOf, noLimits, oneOf, put, quote, tally, text,
} from "./shared.mjs";

const SIGNATURE = new Set([
  "subscription_type", "inheritance", "invoicing_customer_id", "invoicing_customer_external_id",
  "subscriptions_ids_for_grouped_invoicing", "parent_subscription_id", "plan_id", "external_customer_id",
  "billing_period", "billing_period_count",
]);
const TYPES = ["standalone", "parent", "inherited", "grouped_invoicing"];
const INHERIT = "external_customer_ids_to_inherit_subscription";
const GROUPED = "subscriptions_ids_for_grouped_invoicing";

function priceIds(source, path) {
  const lines = array(source, "line_items", path);
  const ids = [];
  for (let k = 0; k < lines.length; k++) {
    const id = text(item(lines, k, at(path, "line_items")), "price_id", at(at(path, "line_items"), k), "a price id");
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

function subscriptionsOf(value) {
  if (isRecord(value) && Array.isArray(get(value, "subscriptions", ""))) {
    return { items: get(value, "subscriptions", ""), base: "subscriptions", customers: get(value, "customers", "") };
  }
  const env = envelope(value);
  if (!env || env.key === "customers") throw invalid("", "expected an array of Flexprice subscriptions, { items: [...] } or { subscriptions: [...], customers?: [...] }");
  return { items: env.items, base: env.base, customers: undefined };
}

/** The `flexprice` adapter: `score` for detection, `read` to map. */
export default {
  name: "flexprice",
  label: "Flexprice subscriptions",

  score(value, env, sample) {
    const list = isRecord(value) && Array.isArray(get(value, "subscriptions")) ? get(value, "subscriptions").slice(0, 200) : sample;
    let votes = 0;
    for (const entry of list) if (keysOf(entry).some((k) => SIGNATURE.has(k))) votes++;
    return votes;
  },

  read(value, notes) {
    const { items, base, customers: customerList } = subscriptionsOf(value);
    const customersPath = "customers";
    // Customers: their records first (in order), then those only subscriptions name.
    const customers = new Map();
    const internalOf = new Map();
    if (customerList !== undefined && customerList !== null) {
      if (!Array.isArray(customerList)) throw invalid(customersPath, "expected an array of Flexprice customers");
      for (let i = 0; i < customerList.length; i++) {
        const path = at(customersPath, i);
        const source = item(customerList, i, customersPath);
        const id = text(source, "id", path, "a customer id") ?? text(source, "external_id", path, "a customer id");
        if (id === undefined) throw invalid(at(path, "id"), "every customer needs an id or an external_id");
        const external = text(source, "external_id", path, "a customer id");
        if (external !== undefined) internalOf.set(external, id);
        const name = text(source, "name", path);
        if (name === undefined) notes.add("unnamed", id, tally("named by their id (no name)", "customer"));
        if (!customers.has(id)) customers.set(id, { id, name: name ?? id });
      }
    }
    // A subscription giving both ids teaches the translation too (no customer records).
    for (let i = 0; i < items.length; i++) {
      const source = item(items, i, base);
      const internal = text(source, "customer_id", at(base, i), "a customer id");
      const external = text(source, "external_customer_id", at(base, i), "a customer id");
      if (internal !== undefined && external !== undefined && !internalOf.has(external)) internalOf.set(external, internal);
    }
    const byExternal = (external) => internalOf.get(external) ?? external;
    const customer = (id) => {
      let found = customers.get(id);
      if (!found) {
        customers.set(id, (found = { id, name: id }));
        notes.add("unlisted", id, tally("named by their id (no customer record in the export)", "customer"));
      }
      return found;
    };

    // Pass 1: every subscription, its holder and what it declares.
    const subs = [];
    const subById = new Map();
    for (let i = 0; i < items.length; i++) {
      const path = at(base, i);
      const source = item(items, i, base);
      const id = text(source, "id", path, "a subscription id");
      if (id === undefined) throw invalid(at(path, "id"), "every subscription needs an id");
      const internal = text(source, "customer_id", path, "a customer id");
      const holder = internal ?? byExternal(text(source, "external_customer_id", path, "a customer id") ?? "");
      if (holder === "") throw invalid(at(path, "customer_id"), "every subscription needs a customer_id or an external_customer_id");
      const status = text(source, "status", path);
      if (status === "cancelled" || status === "canceled") {
        notes.add("cancelled", id, tally("cancelled, left out (nothing of theirs is invoiced; inherited ones follow their parent)", "subscription"));
        continue;
      }
      customer(holder);
      const inheritance = get(source, "inheritance", path);
      const inheritPath = at(at(path, "inheritance"), INHERIT);
      const inherits = isRecord(inheritance) ? array(inheritance, INHERIT, at(path, "inheritance")) : [];
      if (inheritance != null && !isRecord(inheritance)) throw invalid(at(path, "inheritance"), "expected an object { external_customer_ids_to_inherit_subscription: [...] }");
      const delegateInternal = text(source, "invoicing_customer_id", path, "a customer id");
      const delegateExternal = text(source, "invoicing_customer_external_id", path, "a customer id");
      const grouped = array(source, GROUPED, path);
      // Flexprice's own rule: inheritance cannot be combined with either in one request.
      if (inherits.length > 0) {
        for (const [key, given] of [["invoicing_customer_id", delegateInternal], ["invoicing_customer_external_id", delegateExternal], [GROUPED, grouped.length > 0 || undefined]]) {
          if (given !== undefined) throw invalid(at(path, key), `Flexprice does not allow ${key} together with inheritance.${INHERIT} in one subscription: a parent subscription is invoiced to its own customer`);
        }
      }
      if (delegateInternal !== undefined && delegateExternal !== undefined && byExternal(delegateExternal) !== delegateInternal) {
        throw invalid(at(path, "invoicing_customer_external_id"), `${quote(delegateExternal)} is not invoicing_customer_id ${quote(delegateInternal)}`);
      }
      const sub = {
        id, path, holder,
        type: oneOf(source, "subscription_type", path, TYPES),
        parentId: text(source, "parent_subscription_id", path, "a subscription id"),
        delegate: delegateInternal ?? (delegateExternal === undefined ? undefined : byExternal(delegateExternal)),
        inherits: inherits.map((external, k) => {
          if (typeof external !== "string" || external === "") throw invalid(at(inheritPath, k), "expected a customer's external id");
          return byExternal(external);
        }),
        grouped: grouped.map((child, k) => {
          if (typeof child !== "string" || child === "") throw invalid(at(at(path, GROUPED), k), "expected a subscription id");
          return child;
        }),
        priceIds: priceIds(source, path),
        currency: text(source, "currency", path)?.toUpperCase(),
      };
      if ((sub.type === "inherited" || sub.type === "grouped_invoicing") && sub.parentId === undefined) {
        throw invalid(at(path, "parent_subscription_id"), `an ${sub.type} subscription names the subscription it belongs to`);
      }
      if (subById.has(id)) throw invalid(at(path, "id"), `subscription ${quote(id)} appears twice`);
      subById.set(id, sub);
      subs.push(sub);
    }

    // Pass 2: who belongs under whom, and each subscription's relation to its parent.
    const relation = new Map(); // child subscription id → { parent, kind, path }
    const relate = (childId, parent, kind, path) => {
      const known = relation.get(childId);
      if (known && (known.parent !== parent || known.kind !== kind)) {
        throw invalid(path, `subscription ${quote(childId)} is already ${known.kind === "grouped" ? "grouped under" : "inherited from"} ${quote(known.parent.id)} (${known.path})`);
      }
      relation.set(childId, { parent, kind, path });
    };
    for (const sub of subs) {
      if (sub.parentId !== undefined && sub.type !== "standalone" && sub.type !== "parent") {
        const parent = subById.get(sub.parentId);
        if (parent) relate(sub.id, parent, sub.type === "inherited" ? "inherited" : "grouped", at(sub.path, "parent_subscription_id"));
        else notes.add("missing-parent-sub", sub.id, tally("read as standalone (their parent_subscription_id is not in the export)", "subscription"));
      }
      sub.grouped.forEach((childId, k) => {
        const child = subById.get(childId);
        if (!child) return notes.add("missing-grouped", childId, tally(`listed in ${GROUPED} but not in the export`, "subscription"));
        const path = at(at(sub.path, GROUPED), k);
        if (child.inherits.length > 0 || child.grouped.length > 0) throw invalid(path, `${quote(childId)} is itself a parent subscription; Flexprice groups only standalone subscriptions`);
        relate(childId, sub, "grouped", path);
      });
    }
    const skeletons = [];
    const inheritedFrom = new Map(); // child customer → { parent customer, path }
    const addInheritance = (childCustomer, parent, path) => {
      const known = inheritedFrom.get(childCustomer);
      if (known && known.parent !== parent.holder) {
        throw invalid(path, `customer ${quote(childCustomer)} already has an inherited subscription under ${quote(known.parent)} (${known.path}); Flexprice allows one parent per child`);
      }
      if (!known) inheritedFrom.set(childCustomer, { parent: parent.holder, path });
    };
    // Parent subscriptions with skeletons in the export, and which customers hold them.
    const inheritedPairs = new Set();
    const pooled = new Set();
    for (const sub of subs) {
      const rel = relation.get(sub.id);
      if (rel?.kind !== "inherited") continue;
      addInheritance(sub.holder, rel.parent, at(sub.path, "parent_subscription_id"));
      inheritedPairs.add(`${rel.parent.id}\u0000${sub.holder}`);
      pooled.add(rel.parent.id);
    }
    for (const sub of subs) {
      sub.inherits.forEach((childCustomer, k) => {
        const path = at(at(at(sub.path, "inheritance"), INHERIT), k);
        customer(childCustomer);
        addInheritance(childCustomer, sub, path);
        const exists = inheritedPairs.has(`${sub.id}\u0000${childCustomer}`);
        // Flexprice creates the skeletons itself; an export of the request alone lacks them.
        if (!exists) {
          skeletons.push({ id: `${sub.id}/inherited/${childCustomer}`, customerId: childCustomer, priceIds: [], parentSubscriptionId: sub.id });
          notes.add("skeleton", childCustomer, tally("inherited skeletons Flexprice creates, missing from the export, added as <parent subscription>/inherited/<customer>", "customer"));
        }
      });
    }

    // Each customer's billing setting: one way per customer in billtree, so every
    // subscription of a customer must route the same way.
    const routing = new Map(); // customer → { delegate, path }
    for (const sub of subs) {
      const rel = relation.get(sub.id);
      if (rel?.kind === "inherited") continue;
      if (rel?.kind === "grouped" && sub.delegate !== undefined && sub.delegate !== rel.parent.holder) {
        throw invalid(at(sub.path, "invoicing_customer_id"), `${quote(sub.delegate)} contradicts the grouping under ${quote(rel.parent.id)} (${rel.path}), whose invoice goes to ${quote(rel.parent.holder)}`);
      }
      const delegate = rel?.kind === "grouped" ? rel.parent.holder : sub.delegate;
      const route = delegate === sub.holder ? undefined : delegate;
      const path = rel?.kind === "grouped" ? rel.path : at(sub.path, sub.delegate !== undefined ? "invoicing_customer_id" : "id");
      const known = routing.get(sub.holder);
      if (known && known.delegate !== route) {
        throw invalid(path, `customer ${quote(sub.holder)}'s subscriptions are invoiced to different customers (${quote(known.delegate ?? sub.holder)} at ${known.path}, ${quote(route ?? sub.holder)} here): billtree routes a customer's invoices one way`);
      }
      routing.set(sub.holder, { delegate: route, path });
      // Without customer records the payer is known only from here (a reseller may hold
      // no subscription); with them, a payer missing from them is billtree's UNKNOWN_OWNER.
      if (route !== undefined && customerList == null) customer(route);
    }
    for (const [childCustomer, { parent }] of inheritedFrom) {
      const node = customer(childCustomer);
      node.parentId = parent;
      // No subscription of its own: nothing of it is invoiced independently (Flexprice).
      if (!routing.has(childCustomer) && childCustomer !== parent) node.billTo = "parent";
    }
    for (const [holder, { delegate }] of routing) put(customers.get(holder), "invoicingDelegateId", delegate);

    const subscriptions = [];
    for (const sub of subs) {
      const rel = relation.get(sub.id);
      const out = { id: sub.id, customerId: sub.holder, priceIds: sub.priceIds };
      put(out, "currency", sub.currency);
      if (rel?.kind === "inherited") out.parentSubscriptionId = rel.parent.id;
      else if (rel?.kind === "grouped") out.rollup = "passthrough";
      else if (sub.inherits.length > 0 || pooled.has(sub.id)) out.rollup = "pooled";
      subscriptions.push(out);
    }
    subscriptions.push(...skeletons);
    if (subs.some((s) => s.priceIds.length === 0 && relation.get(s.id)?.kind !== "inherited")) {
      notes.once("subscriptions without line_items carry no priceIds: add the plan's prices to the billing input to preview invoices");
    }
    const result = { hierarchy: { customers: [...customers.values()] }, policy: noLimits("flexprice") };
    if (subscriptions.length > 0) result.billing = { subscriptions };
    return result;
  },
};
