// Customers with a `payer`: Stripe-style (`payer` names the customer that pays) or
// Metronome-style (`payer: "SELF" | "PARENT"`, also inside `hierarchy_configuration`
// with `parent.customer_id`). A payer other than the customer keeps the customer's own
// invoice and has the payer pay it: billtree's `payer: "parent"` when it is the parent,
// Chargebee's `paymentOwnerId` for a further ancestor (billtree checks it is one).
import { at, envelope, firstText, get, invalid, item, keysOf, noLimits, put, record, tally, text } from "./shared.mjs";

const PARENT_KEYS = ["parent_id", "parentId", "parent_customer_id"];
const BILLTREE_PAYERS = new Set(["self", "parent"]);

/** The `payer` adapter: `score` for detection, `read` to map. */
export default {
  name: "payer",
  label: "Stripe/Metronome payer customers",

  score(value, env, sample) {
    let votes = 0;
    for (const entry of sample) {
      const keys = keysOf(entry);
      // Twice: `payer` decides, where `parent_id` is shared with Chargebee. billtree's own
      // `payer: "self" | "parent"` with camelCase fields is billtree JSON.
      if (keys.includes("hierarchy_configuration")) votes += 2;
      else if (keys.includes("payer") && (!BILLTREE_PAYERS.has(get(entry, "payer")) || keys.some((k) => k.includes("_")))) votes += 2;
    }
    return votes;
  },

  read(value, notes) {
    const env = envelope(value);
    if (!env) throw invalid("", "expected an array of customers with a payer");
    const rows = [];
    let anyParent = false;
    let metronome = false;
    for (let i = 0; i < env.items.length; i++) {
      const path = at(env.base, i);
      const source = item(env.items, i, env.base);
      const id = firstText(source, ["id", "customer_id"], path, "a customer id");
      if (id === undefined) throw invalid(at(path, "id"), "every customer needs an id");
      const config = record(source, "hierarchy_configuration", path);
      const configPath = at(path, "hierarchy_configuration");
      if (config) metronome = true;
      const parentPath = at(configPath, "parent");
      const parentId = firstText(source, PARENT_KEYS, path, "a customer id") ?? text(record(config, "parent", configPath), "customer_id", parentPath, "a customer id");
      const payer = text(source, "payer", path, "SELF, PARENT or a customer id") ?? text(config, "payer", configPath, "SELF, PARENT or a customer id");
      if (parentId !== undefined) anyParent = true;
      const name = firstText(source, ["name", "display_name", "company"], path);
      if (name === undefined) notes.add("unnamed", id, tally("named by their id (no name)", "customer"));
      rows.push({ id, name: name ?? id, parentId, payer, currency: text(source, "currency", path)?.toUpperCase() });
    }
    // With no parent anywhere, the payer relation is the only hierarchy the export has:
    // billtree needs the payer above the customer it pays for, so it becomes the parent.
    if (!anyParent && rows.some((r) => r.payer !== undefined && !isKeyword(r.payer) && r.payer !== r.id)) {
      notes.once("the export names no parents: each customer paid by another is placed under its payer (billtree's payers pay for customers below them)");
    }
    const customers = rows.map((row) => {
      const customer = { id: row.id, name: row.name };
      let parentId = row.parentId;
      const payer = row.payer;
      if (!anyParent && payer !== undefined && !isKeyword(payer) && payer !== row.id) parentId = payer;
      put(customer, "parentId", parentId);
      put(customer, "currency", row.currency);
      if (payer === undefined || payer.toUpperCase() === "SELF" || payer === row.id) return customer;
      if (payer.toUpperCase() === "PARENT" || payer === parentId) customer.payer = "parent";
      else {
        customer.paymentOwnerId = payer;
        notes.add("ancestor-payer", row.id, tally("paid for by a customer other than their parent, read as paymentOwnerId (which must be an ancestor)", "customer"));
      }
      return customer;
    });
    return { hierarchy: { customers }, policy: metronome ? "metronome" : noLimits("payer") };
  },
};

const isKeyword = (payer) => payer.toUpperCase() === "SELF" || payer.toUpperCase() === "PARENT";
