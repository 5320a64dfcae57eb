// Fynn and Sequence customers: camelCase records with a parent reference (Fynn
// `parentCustomerId`, Sequence `parentId`). What the parent means for billing differs:
// Fynn's hierarchy is "purely organizational … it does not affect invoicing or payment
// processing", so every customer keeps billing and paying for itself; Sequence relates
// customers "to bill a parent customer for their child customer's usage" (roll-up
// billing), so a Sequence child's charges go to its parent's invoice (`billTo: "parent"`).
import {
  array, at, bool, envelope, firstText, get, invalid, isRecord, item, keysOf, noLimits, plural, put, tally, text,
} from "./shared.mjs";

const FYNN_SIGNATURE = new Set(["parentCustomerId", "customerNumber", "isCurrentCustomer", "companyName", "activeSubscriptionCount"]);
const SEQUENCE_SIGNATURE = new Set(["legalName", "contactName", "customerAliases", "billingEmails", "paymentReference", "archivedAt"]);

function countVotes(sample, signature) {
  let votes = 0;
  for (const entry of sample) if (keysOf(entry).some((k) => signature.has(k))) votes++;
  return votes;
}

function records(value, what) {
  const env = envelope(value);
  if (!env) throw invalid("", `expected an array of ${what}, or { items } / { data } holding one`);
  return env;
}

function nameFrom(source, path, keys, id, notes) {
  const name = firstText(source, keys, path);
  if (name !== undefined) return name;
  const person = [text(source, "firstName", path), text(source, "lastName", path)].filter(Boolean).join(" ");
  if (person) return person;
  notes.add("unnamed", id, tally("named by their id (no name)", "customer"));
  return id;
}

function fynnCustomer(source, path, parentId, notes) {
  const id = text(source, "id", path, "a customer id");
  if (id === undefined) throw invalid(at(path, "id"), "every customer needs an id");
  const customer = { id, name: nameFrom(source, path, ["name", "companyName", "customerNumber"], id, notes) };
  put(customer, "parentId", parentId);
  const status = text(source, "status", path);
  if (status?.toLowerCase() === "archived" || bool(source, "archived", path) === true || bool(source, "isArchived", path) === true) {
    customer.archived = true;
  }
  put(customer, "currency", firstText(source, ["currencyCode", "currency"], path)?.toUpperCase());
  return customer;
}

const FYNN_NOTE =
  "Fynn's hierarchy is organizational only (its docs: it does not affect invoicing or payment), so every customer bills and pays for itself; Fynn's 3-level limit is the policy";

/** The `fynn` adapter: customers with `parentCustomerId`, or the hierarchy tree. */
export const fynn = {
  name: "fynn",
  label: "Fynn customers",

  score(value, env, sample) {
    if (isRecord(get(value, "root"))) return 1_000_000;
    return countVotes(sample, FYNN_SIGNATURE);
  },

  read(value, notes) {
    notes.once(FYNN_NOTE);
    const root = get(value, "root", "");
    if (isRecord(root)) return { hierarchy: { customers: readTree(root, notes) }, policy: "fynn" };
    const env = records(value, "Fynn customers");
    const customers = [];
    for (let i = 0; i < env.items.length; i++) {
      const path = at(env.base, i);
      const source = item(env.items, i, env.base);
      customers.push(fynnCustomer(source, path, text(source, "parentCustomerId", path, "a customer id"), notes));
    }
    return { hierarchy: { customers }, policy: "fynn" };
  },
};

// Fynn's `GET /customers/{id}/hierarchy`: the tree from the root, children nested. Walked
// with an explicit stack (pre-order, so output follows the document), never recursion:
// the input decides the depth.
function readTree(root, notes) {
  const customers = [];
  const stack = [{ node: root, path: "root", parentId: undefined }];
  while (stack.length > 0) {
    const { node, path, parentId } = stack.pop();
    if (!isRecord(node)) throw invalid(path, "expected a customer object");
    const customer = fynnCustomer(node, path, parentId, notes);
    customers.push(customer);
    const children = array(node, "children", path);
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({ node: children[i], path: at(at(path, "children"), i), parentId: customer.id });
    }
  }
  return customers;
}

/** The `sequence` adapter: customers with `parentId`, children rolled up. */
export const sequence = {
  name: "sequence",
  label: "Sequence customers",

  score(value, env, sample) {
    return countVotes(sample, SEQUENCE_SIGNATURE);
  },

  read(value, notes) {
    const env = records(value, "Sequence customers");
    const customers = [];
    let children = 0;
    for (let i = 0; i < env.items.length; i++) {
      const path = at(env.base, i);
      const source = item(env.items, i, env.base);
      const id = text(source, "id", path, "a customer id");
      if (id === undefined) throw invalid(at(path, "id"), "every customer needs an id");
      const customer = { id, name: nameFrom(source, path, ["legalName", "contactName", "name"], id, notes) };
      put(customer, "parentId", text(source, "parentId", path, "a customer id"));
      // Sequence archives by stamping the time.
      if (get(source, "archivedAt", path) != null || bool(source, "archived", path) === true) customer.archived = true;
      put(customer, "currency", text(source, "currency", path)?.toUpperCase());
      if (customer.parentId !== undefined) {
        customer.billTo = "parent";
        children++;
      }
      customers.push(customer);
    }
    if (children > 0) {
      notes.once(`Sequence roll-up billing: the charges of ${plural(children, "child customer")} go to their parent's invoice (billTo "parent", followed up the tree); Sequence documents no hierarchy limits, so the policy has none`);
    }
    return { hierarchy: { customers }, policy: noLimits("sequence") };
  },
};
