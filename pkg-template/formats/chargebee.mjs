// Chargebee customers: a plain array of customer objects, or the list API's
// `{ "list": [{ "customer": {...} }], "next_offset": ... }`. The hierarchy fields sit on the
// customer or in its `relationship` sub-object (the customer resource nests them there).
import {
  at, bool, envelope, firstText, get, invalid, isRecord, item, keysOf, put, quote, record, tally, text,
} from "./shared.mjs";

const HIERARCHY_KEYS = ["parent_id", "invoice_owner_id", "payment_owner_id"];
const SIGNATURE = new Set([
  ...HIERARCHY_KEYS, "relationship", "use_default_hierarchy_settings", "parent_account_access", "child_account_access",
  "first_name", "last_name", "company", "auto_collection", "net_term_days", "preferred_currency_code",
  "business_entity_id", "allow_direct_debit", "pii_cleared", "card_status", "promotional_credits", "resource_version",
]);

// Chargebee's names on each side, and billtree's. The parent side speaks of the child's
// subscriptions and invoices; billtree reads both sides with the same names.
const ACCESS = {
  parent_account_access: ["portal_edit_child_subscriptions", "portal_download_child_invoices"],
  child_account_access: ["portal_edit_subscriptions", "portal_download_invoices"],
};
const EMAILS = [
  ["send_subscription_emails", "sendSubscriptionEmails"],
  ["send_invoice_emails", "sendInvoiceEmails"],
  ["send_payment_emails", "sendPaymentEmails"],
];
const ACCESS_VALUES = { yes: "yes", view_only: "viewOnly", viewonly: "viewOnly", no: "no" };

function accessValue(object, key, path) {
  const value = text(object, key, path);
  if (value === undefined) return undefined;
  const mapped = ACCESS_VALUES[value.toLowerCase()];
  if (mapped === undefined) throw invalid(at(path, key), `${quote(value)} is not yes, view_only or no`, { expected: ["yes", "view_only", "no"] });
  return mapped;
}

function access(customer, key, path, notes, id) {
  const raw = get(customer, key, path);
  if (raw === undefined || raw === null) return undefined;
  const [editKey, downloadKey] = ACCESS[key];
  // The seed documents the parameter as "an enumerated string": one value for the
  // whole side, which billtree reads as both portal rights.
  if (typeof raw === "string") {
    const value = accessValue(customer, key, path);
    notes.add(`${key}-string`, id, tally(`${key} given as one value, read as both portal rights (${editKey}, ${downloadKey}), emails at billtree's defaults`, "customer"));
    return { portalEditSubscriptions: value, portalDownloadInvoices: value };
  }
  const object = record(customer, key, path);
  const where = at(path, key);
  const result = {};
  put(result, "portalEditSubscriptions", accessValue(object, editKey, where));
  put(result, "portalDownloadInvoices", accessValue(object, downloadKey, where));
  for (const [from, to] of EMAILS) put(result, to, bool(object, from, where));
  return result;
}

/** One hierarchy field, from the customer or its `relationship`; both must agree. */
function relationField(customer, relationship, key, path) {
  const top = text(customer, key, path, "a customer id");
  const nested = text(relationship, key, at(path, "relationship"), "a customer id");
  if (top !== undefined && nested !== undefined && top !== nested) {
    throw invalid(at(at(path, "relationship"), key), `${quote(nested)} contradicts ${key} ${quote(top)} on the customer itself`);
  }
  return top ?? nested;
}

function nameOf(customer, path) {
  const company = text(customer, "company", path);
  if (company !== undefined) return company;
  const person = [text(customer, "first_name", path), text(customer, "last_name", path)].filter(Boolean).join(" ");
  return person || undefined;
}

/** The `chargebee` adapter: `score` for detection, `read` to map. */
export default {
  name: "chargebee",
  label: "Chargebee customers",

  score(value, env, sample) {
    let votes = 0;
    for (const entry of sample) {
      const customer = env.key === "list" && isRecord(entry) && isRecord(get(entry, "customer")) ? get(entry, "customer") : entry;
      if (customer !== entry) votes += 2;
      const keys = keysOf(customer);
      if (keys.includes("payer") || keys.includes("hierarchy_configuration")) continue;
      if (get(customer, "object") === "customer" || keys.some((k) => SIGNATURE.has(k))) votes++;
    }
    return votes;
  },

  read(value, notes) {
    const env = envelope(value);
    if (!env) throw invalid("", "expected an array of Chargebee customers or the list API's { list: [{ customer }] }");
    if (env.key === "list" && get(value, "next_offset") != null) {
      notes.once("the export is one page of Chargebee's list API (next_offset is set): customers on later pages are missing, so their children show as UNKNOWN_PARENT");
    }
    const customers = [];
    for (let i = 0; i < env.items.length; i++) {
      let path = at(env.base, i);
      let source = item(env.items, i, env.base);
      // The list API wraps each customer with its card and other resources.
      if (env.key === "list" && isRecord(get(source, "customer", path))) {
        source = get(source, "customer", path);
        path = at(path, "customer");
      }
      customers.push(readCustomer(source, path, notes));
    }
    return { hierarchy: { customers }, policy: "chargebee" };
  },
};

function readCustomer(source, path, notes) {
  const id = text(source, "id", path, "a customer id");
  if (id === undefined) throw invalid(at(path, "id"), "every customer needs an id");
  const relationship = record(source, "relationship", path);
  const customer = { id, name: nameOf(source, path) ?? id };
  if (customer.name === id) notes.add("unnamed", id, tally("named by their id (no company, first_name or last_name)", "customer"));
  put(customer, "tenantId", text(source, "business_entity_id", path));
  put(customer, "parentId", relationField(source, relationship, "parent_id", path));
  if (bool(source, "deleted", path) === true) {
    customer.archived = true;
    notes.add("deleted", id, tally("deleted in Chargebee, read as archived", "customer"));
  }
  put(customer, "currency", firstText(source, ["preferred_currency_code", "currency_code"], path)?.toUpperCase());
  const invoiceOwnerId = relationField(source, relationship, "invoice_owner_id", path);
  const paymentOwnerId = relationField(source, relationship, "payment_owner_id", path);
  // Chargebee's records always name both owners, the customer itself included; "itself
  // for both" is billtree's default, so it is left out rather than spelled out.
  if ((invoiceOwnerId ?? id) !== id || (paymentOwnerId ?? id) !== id) {
    put(customer, "invoiceOwnerId", invoiceOwnerId);
    put(customer, "paymentOwnerId", paymentOwnerId);
  }
  if (get(source, "parent_account_access", path) == null && get(source, "child_account_access", path) == null) return customer;
  // default=true: Chargebee then applies the site's settings from its Billing UI, which
  // the export does not carry, so the record's own values are not what is in force.
  if (bool(source, "use_default_hierarchy_settings", path) !== false) {
    notes.add("default-access", id, tally("parent_account_access / child_account_access not read: use_default_hierarchy_settings is true or absent, so Chargebee applies its site-wide settings (not in the export) and billtree its defaults", "customer"));
    return customer;
  }
  const parentAccess = access(source, "parent_account_access", path, notes, id);
  const childAccess = access(source, "child_account_access", path, notes, id);
  put(customer, "parentAccountAccess", parentAccess);
  put(customer, "childAccountAccess", childAccess);
  return customer;
}
