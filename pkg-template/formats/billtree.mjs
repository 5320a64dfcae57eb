// billtree's own JSON (`{ customers: [...] }` or the array), a format like the others so
// detection covers it. Passed through untouched: the module validates every field itself.
import { envelope, get, invalid, isRecord, keysOf } from "./shared.mjs";

const KEYS = new Set([
  "id", "name", "tenantId", "parentId", "archived", "currency", "invoiceOwnerId", "paymentOwnerId", "billTo", "payer",
  "invoicingDelegateId", "parentAccountAccess", "childAccountAccess",
]);
const WAYS = { billTo: new Set(["self", "parent", "root", null]), payer: new Set(["self", "parent", null]) };

/** The `billtree` adapter: detection score and a pass-through read. */
export default {
  name: "billtree",
  label: "billtree JSON",

  // All or nothing: billtree refuses unknown fields, so one record that does not fit
  // means the export is some other system's, however many plain `{ id, name }` roots it has.
  score(value, env, sample) {
    if (!env || (env.key !== "" && env.key !== "customers")) return 0;
    if (isRecord(value) && keysOf(value).length !== 1) return 0;
    for (const entry of sample) {
      const keys = keysOf(entry);
      if (!keys.includes("id") || !keys.every((k) => KEYS.has(k))) return 0;
      if (keys.some((k) => WAYS[k] && !WAYS[k].has(get(entry, k)))) return 0;
    }
    return sample.length;
  },

  read(value) {
    if (Array.isArray(value)) return { hierarchy: { customers: value }, policy: "chargebee" };
    if (isRecord(value) && envelope(value)?.key === "customers") return { hierarchy: value, policy: "chargebee" };
    throw invalid("customers", "expected { customers: [...] } or an array of customers");
  },
};
