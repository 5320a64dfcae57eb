// The invoice benchmark's workload written the straightforward way in JavaScript:
// JSON.parse, then decimal.js for every quantity and amount. It computes what billtree's
// totals come to for this workload (owners by `billTo`, usage pooled per subscription
// holder through inherited skeleton subscriptions, graduated tiers priced on the pool,
// each line rounded half to even to the cent), so bench/invoices.mjs can check that the
// three implementations agree before it compares their times. It is a yardstick, not a
// second billing engine: only what the workload uses is here.
import Decimal from "decimal.js";

/** Amount due per invoice owner, as `{ ownerId: "123.45" }`. */
export function invoiceTotals(customersJson, billingJson) {
  const { customers } = JSON.parse(customersJson);
  const billing = JSON.parse(billingJson);

  const byId = new Map(customers.map((c) => [c.id, c]));
  const ownerCache = new Map();
  const invoiceOwner = (id) => {
    const known = ownerCache.get(id);
    if (known !== undefined) return known;
    const customer = byId.get(id);
    let owner = id;
    if (customer.billTo === "parent") owner = invoiceOwner(customer.parentId);
    else if (customer.billTo === "root") {
      let at = customer;
      while (at.parentId) at = byId.get(at.parentId);
      owner = at.id;
    }
    ownerCache.set(id, owner);
    return owner;
  };

  const subscriptions = new Map(billing.subscriptions.map((s) => [s.id, s]));
  // Whose pool a customer's usage joins: its own subscription's holder, or the holder of
  // the subscription its skeleton inherits.
  const poolOf = new Map();
  for (const s of billing.subscriptions) {
    const holder = s.parentSubscriptionId ? subscriptions.get(s.parentSubscriptionId).customerId : s.customerId;
    poolOf.set(s.customerId, holder);
  }

  const start = Date.parse(`${billing.period.start}T00:00:00Z`);
  const end = Date.parse(`${billing.period.end}T00:00:00Z`);
  const pooled = new Map(); // holder -> meter -> Decimal
  for (const row of billing.usage) {
    const at = Date.parse(row.timestamp);
    if (at < start || at >= end) continue;
    const holder = poolOf.get(row.customerId);
    let meters = pooled.get(holder);
    if (!meters) pooled.set(holder, (meters = new Map()));
    meters.set(row.meter, (meters.get(row.meter) ?? new Decimal(0)).plus(row.quantity));
  }

  const prices = new Map(billing.prices.map((p) => [p.id, p]));
  const totals = new Map();
  for (const s of billing.subscriptions) {
    if (s.parentSubscriptionId) continue;
    const owner = invoiceOwner(s.customerId);
    let total = totals.get(owner) ?? new Decimal(0);
    for (const priceId of s.priceIds) {
      const price = prices.get(priceId);
      const quantity = pooled.get(s.customerId)?.get(price.meter) ?? new Decimal(0);
      total = total.plus(graduated(price.tiers, quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN));
    }
    totals.set(owner, total);
  }
  return Object.fromEntries([...totals].map(([owner, total]) => [owner, total.toFixed(2)]));
}

/** Graduated tiers, `upTo` inclusive, the last tier open. */
function graduated(tiers, quantity) {
  let amount = new Decimal(0);
  let below = new Decimal(0);
  for (const tier of tiers) {
    if (quantity.lte(below)) break;
    const top = tier.upTo === undefined ? quantity : Decimal.min(quantity, tier.upTo);
    amount = amount.plus(top.minus(below).times(tier.unitAmount));
    if (tier.upTo === undefined) break;
    below = new Decimal(tier.upTo);
  }
  return amount;
}
