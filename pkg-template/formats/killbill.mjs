// Kill Bill accounts (`GET /1.0/kb/accounts/pagination` and the account JSON). Payment
// delegated to the parent keeps the child's own invoice and has the parent pay it: that
// is billtree's `payer: "parent"`.
import { at, bool, envelope, invalid, item, keysOf, noLimits, plural, put, tally, text } from "./shared.mjs";

const SIGNATURE = new Set(["accountId", "parentAccountId", "isPaymentDelegatedToParent", "externalKey", "billCycleDayLocal"]);

/** The `killbill` adapter: `score` for detection, `read` to map. */
export default {
  name: "killbill",
  label: "Kill Bill accounts",

  score(value, env, sample) {
    let votes = 0;
    for (const entry of sample) if (keysOf(entry).some((k) => SIGNATURE.has(k))) votes++;
    return votes;
  },

  read(value, notes) {
    const env = envelope(value);
    if (!env) throw invalid("", "expected an array of Kill Bill accounts");
    const customers = [];
    let delegated = 0;
    for (let i = 0; i < env.items.length; i++) {
      const path = at(env.base, i);
      const source = item(env.items, i, env.base);
      const id = text(source, "accountId", path, "an account id");
      if (id === undefined) throw invalid(at(path, "accountId"), "every account needs an accountId");
      const externalKey = text(source, "externalKey", path);
      const name = text(source, "name", path) ?? externalKey;
      if (name === undefined) {
        notes.add("unnamed", id, tally("named by their accountId (no name, no externalKey)", "account"));
      } else if (name === externalKey && text(source, "name", path) === undefined) {
        notes.add("named-by-key", id, tally("named by their externalKey (no name)", "account"));
      }
      const customer = { id, name: name ?? id };
      put(customer, "parentId", text(source, "parentAccountId", path, "an account id"));
      put(customer, "currency", text(source, "currency", path)?.toUpperCase());
      if (bool(source, "isPaymentDelegatedToParent", path) === true) {
        customer.payer = "parent";
        delegated++;
      }
      customers.push(customer);
    }
    notes.once("accounts are identified by accountId (what parentAccountId refers to); externalKey is not kept, billtree has no field for it");
    if (delegated > 0) {
      notes.once(`payment delegated to the parent (${plural(delegated, "account")}): each keeps its own invoice and the parent pays it (payer "parent"); Kill Bill's one summary line per child on the parent's invoice is the "summary" roll-up mode, set on subscriptions in the billing input`);
    }
    return { hierarchy: { customers }, policy: noLimits("killbill") };
  },
};
