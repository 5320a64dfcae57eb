// The format adapters through the installed package: each vendor export in
// tests/fixtures/formats/ (shaped like the vendors' documented examples) is detected as its
// format, mapped to the hierarchy worked out by hand below, and then billtree's own
// resolveOwners must say what the vendor's documents say that export means: who receives
// each customer's invoice and who pays it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import * as billtree from "billtree";
import * as web from "billtree/web";
import { DOCUMENTED_CODES } from "./documented-codes.mjs";

const { FORMATS, detectFormat, fromFormat, resolveOwners, validateHierarchy } = billtree;
const fixtures = process.env.BILLTREE_FIXTURES;
assert.ok(fixtures, "BILLTREE_FIXTURES must point at tests/fixtures");
const read = (file) => readFileSync(join(fixtures, "formats", file), "utf8");

/** Every customer's [invoice owner, payment owner], as resolveOwners computes them. */
function owners(hierarchy) {
  const result = resolveOwners(hierarchy);
  assert.deepEqual(result.issues, []);
  return Object.fromEntries(result.customers.map((c) => [c.customerId, [c.invoiceOwnerId, c.paymentOwnerId]]));
}

/** Reads a fixture as text and as a parsed value (the same result), and checks its detection. */
function load(file, format) {
  const text = read(file);
  assert.deepEqual(detectFormat(text), { format, label: FORMATS.find((f) => f.name === format).label }, file);
  const result = fromFormat(text);
  assert.equal(result.format, format, file);
  if (format !== "csv") assert.deepEqual(fromFormat(JSON.parse(text)), result, `${file}: text and object agree`);
  assert.deepEqual(fromFormat(text, { format }), result, `${file}: named and detected agree`);
  assert.equal(JSON.stringify(fromFormat(text)), JSON.stringify(result), "deterministic");
  assert.deepEqual(validateHierarchy(result.hierarchy, { policy: result.policy }).issues, [], `${file} is valid under its policy`);
  return result;
}

/** Throws a BilltreeError with `code` (and `path`); returns it. */
function refused(call, code, path) {
  let thrown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  assert.ok(billtree.isBilltreeError(thrown), `expected ${code}, got ${thrown}`);
  assert.equal(thrown.code, code, thrown.message);
  assert.ok(DOCUMENTED_CODES.has(thrown.code));
  if (path !== undefined) assert.equal(thrown.details.path, path, thrown.message);
  return thrown;
}

test("FORMATS, fromFormat and detectFormat come from every entry, and need no init()", async () => {
  assert.deepEqual(FORMATS.map((f) => f.name), ["billtree", "chargebee", "fynn", "sequence", "flexprice", "killbill", "payer", "csv"]);
  assert.ok(Object.isFrozen(FORMATS));
  const cjs = createRequire(import.meta.url)("billtree");
  assert.equal(cjs.fromFormat, fromFormat, "import and require share one module");
  // billtree/web before init(): the adapters are plain JS.
  assert.equal(web.detectFormat(read("hierarchy.csv")).format, "csv");
  assert.deepEqual(web.fromFormat(read("chargebee-customers.json")), fromFormat(read("chargebee-customers.json")));
  assert.deepEqual(web.FORMATS, FORMATS);
});

test("Chargebee list API: relationship sub-objects, access settings, owners as Chargebee sets invoice.customer_id and the payment source", () => {
  const result = load("chargebee-list.json", "chargebee");
  assert.equal(result.policy, "chargebee");
  const eu = { tenantId: "acme-eu", currency: "EUR" };
  assert.deepEqual(result.hierarchy.customers, [
    { id: "acme-hq", name: "Acme Holdings AG", ...eu },
    {
      id: "acme-de", name: "Acme Deutschland GmbH", ...eu, parentId: "acme-hq", invoiceOwnerId: "acme-hq", paymentOwnerId: "acme-hq",
      // use_default_hierarchy_settings: false, so the record's own settings are in force.
      parentAccountAccess: { portalEditSubscriptions: "yes", portalDownloadInvoices: "yes", sendSubscriptionEmails: true, sendInvoiceEmails: true, sendPaymentEmails: false },
      childAccountAccess: { portalEditSubscriptions: "viewOnly", portalDownloadInvoices: "viewOnly", sendSubscriptionEmails: false, sendInvoiceEmails: false, sendPaymentEmails: false },
    },
    // Its access settings are the site's defaults (use_default_hierarchy_settings: true): not read.
    { id: "acme-de-berlin", name: "Acme Berlin", ...eu, parentId: "acme-de", invoiceOwnerId: "acme-de-berlin", paymentOwnerId: "acme-hq" },
    // Invoice and payment owner itself: billtree's default, left out.
    { id: "acme-fr", name: "Acme France SAS", ...eu, parentId: "acme-hq" },
    { id: "acme-fr-lyon", name: "Luc Moreau", ...eu, parentId: "acme-fr", invoiceOwnerId: "acme-fr", paymentOwnerId: "acme-fr" },
    { id: "acme-legacy", name: "Acme Legacy Ltd", tenantId: "acme-eu", parentId: "acme-hq", archived: true, currency: "GBP" },
  ]);
  assert.deepEqual(owners(result.hierarchy), {
    "acme-hq": ["acme-hq", "acme-hq"],
    "acme-de": ["acme-hq", "acme-hq"], // invoice_owner_id: the holding receives and pays
    "acme-de-berlin": ["acme-de-berlin", "acme-hq"], // its own invoice, the holding's payment source
    "acme-fr": ["acme-fr", "acme-fr"],
    "acme-fr-lyon": ["acme-fr", "acme-fr"],
    "acme-legacy": ["acme-legacy", "acme-legacy"],
  });
  assert.equal(result.notes.length, 2);
  assert.match(result.notes[0], /use_default_hierarchy_settings.*"acme-de-berlin"/);
  assert.match(result.notes[1], /deleted in Chargebee, read as archived: 1 customer \("acme-legacy"\)/);
  // The access settings reach billtree's visibility: acme-hq may download acme-de's invoices.
  const session = new billtree.HierarchySession(result.hierarchy);
  const seen = session.visibility("acme-hq").invoices.find((i) => i.customerId === "acme-de");
  session.free();
  assert.equal(seen.download, true);
});

test("Chargebee plain array: top-level owner fields", () => {
  const result = load("chargebee-customers.json", "chargebee");
  assert.deepEqual(owners(result.hierarchy), {
    northwind: ["northwind", "northwind"],
    "northwind-east": ["northwind", "northwind"],
    "northwind-west": ["northwind-west", "northwind"],
  });
  assert.equal(result.hierarchy.customers[0].currency, "USD");
});

test("Fynn customers and Fynn's hierarchy tree: organizational only, everyone bills and pays for itself", () => {
  const list = load("fynn-customers.json", "fynn");
  assert.equal(list.policy, "fynn");
  const id = (n) => `9a4c1f2e-0b1d-4c3a-9e21-5f6a7b8c9d0${n}`;
  assert.deepEqual(list.hierarchy.customers, [
    { id: id(0), name: "Klinik Musterstadt", currency: "EUR" },
    { id: id(1), name: "Radiology", parentId: id(0), currency: "EUR" },
    { id: id(2), name: "Orthopedics", parentId: id(0), currency: "EUR" },
    { id: id(3), name: "Cardiology", parentId: id(0), archived: true, currency: "EUR" },
    { id: id(4), name: "MRT Unit", parentId: id(1), currency: "EUR" },
  ]);
  for (const [customer, pair] of Object.entries(owners(list.hierarchy))) assert.deepEqual(pair, [customer, customer]);
  assert.match(list.notes[0], /organizational only/);

  const tree = load("fynn-hierarchy.json", "fynn");
  assert.deepEqual(tree.hierarchy.customers, [
    { id: "uuid-100", name: "Klinik Musterstadt" },
    { id: "uuid-101", name: "Radiology", parentId: "uuid-100" },
    { id: "uuid-102", name: "Orthopedics", parentId: "uuid-100" },
    { id: "uuid-103", name: "Sports Medicine", parentId: "uuid-102" },
  ]);
  // Fynn's 3 levels: one more level under Sports Medicine breaks the preset.
  const deeper = [...tree.hierarchy.customers, { id: "uuid-104", name: "Deeper", parentId: "uuid-103" }];
  assert.deepEqual(validateHierarchy(deeper, { policy: tree.policy }).issues.map((i) => i.code), ["DEPTH_EXCEEDED"]);
});

test("Sequence customers: roll-up billing, the parent is billed for its children, transitively", () => {
  const result = load("sequence-customers.json", "sequence");
  const [holding, sam, labs, solo] = result.hierarchy.customers.map((c) => c.id);
  assert.deepEqual(result.hierarchy.customers, [
    { id: holding, name: "Credit Now Holdings Inc" },
    { id: sam, name: "Sam Lawford", parentId: holding, billTo: "parent" },
    { id: labs, name: "Credit Now Labs LLC", parentId: sam, billTo: "parent" },
    { id: solo, name: "Solo Analytics Ltd", archived: true },
  ]);
  assert.deepEqual(owners(result.hierarchy), {
    [holding]: [holding, holding],
    [sam]: [holding, holding],
    [labs]: [holding, holding],
    [solo]: [solo, solo],
  });
  assert.deepEqual(result.policy, { name: "sequence", maxDepth: null, maxChildren: null, maxHierarchySize: null });
});

test("Flexprice: inheritance, delegated and grouped invoicing become settings and billing subscriptions", () => {
  const result = load("flexprice-subscriptions.json", "flexprice");
  assert.deepEqual(result.hierarchy.customers, [
    { id: "cus_hq", name: "Global HQ Inc" },
    // Only inherited skeletons: no independent invoice, the parent's customer is invoiced.
    { id: "cus_apac", name: "APAC Team", parentId: "cus_hq", billTo: "parent" },
    { id: "cus_emea", name: "EMEA Team", parentId: "cus_hq", billTo: "parent" },
    { id: "cus_finance", name: "Central Finance" },
    { id: "cus_eng", name: "Engineering", invoicingDelegateId: "cus_finance" },
    { id: "cus_acme", name: "Acme Corp" },
    { id: "cus_acme_labs", name: "Acme Labs", invoicingDelegateId: "cus_acme" },
  ]);
  assert.deepEqual(result.billing, {
    subscriptions: [
      { id: "sub_01parent", customerId: "cus_hq", priceIds: ["price_platform_fee", "price_api_calls"], currency: "USD", rollup: "pooled" },
      { id: "sub_02apac", customerId: "cus_apac", priceIds: [], currency: "USD", parentSubscriptionId: "sub_01parent" },
      { id: "sub_03eng", customerId: "cus_eng", priceIds: ["price_starter"], currency: "USD" },
      { id: "sub_04storage", customerId: "cus_acme", priceIds: ["price_storage_gb"], currency: "USD" },
      { id: "sub_05analytics", customerId: "cus_acme", priceIds: ["price_analytics_seat"], currency: "USD", rollup: "passthrough" },
      { id: "sub_06compute", customerId: "cus_acme_labs", priceIds: ["price_compute_hour"], currency: "USD", rollup: "passthrough" },
      // EMEA's skeleton is not in the export: Flexprice creates it, so does the adapter.
      { id: "sub_01parent/inherited/cus_emea", customerId: "cus_emea", priceIds: [], parentSubscriptionId: "sub_01parent" },
    ],
  });
  assert.deepEqual(owners(result.hierarchy), {
    cus_hq: ["cus_hq", "cus_hq"],
    cus_apac: ["cus_hq", "cus_hq"], // "Invoice: parent customer only", "Wallet: parent customer"
    cus_emea: ["cus_hq", "cus_hq"],
    cus_finance: ["cus_finance", "cus_finance"],
    cus_eng: ["cus_finance", "cus_finance"], // delegated payer receives and pays
    cus_acme: ["cus_acme", "cus_acme"],
    cus_acme_labs: ["cus_acme", "cus_acme"], // grouped onto the anchor's customer's invoice
  });
  assert.equal(result.notes.length, 2);
  assert.match(result.notes[0], /cancelled, left out.*"sub_07old"/);
  assert.match(result.notes[1], /inherited skeletons.*"cus_emea"/);
});

test("Flexprice's conflicting-field rules are errors naming the field", () => {
  refused(() => fromFormat(read("flexprice-conflict.json")), "INVALID_INPUT", "[0].invoicing_customer_external_id");
  const parent = { id: "sub_p", customer_id: "cus_hq", inheritance: { external_customer_ids_to_inherit_subscription: ["ext-a"] } };
  refused(() => fromFormat([{ ...parent, subscriptions_ids_for_grouped_invoicing: ["sub_x"] }]), "INVALID_INPUT", "[0].subscriptions_ids_for_grouped_invoicing");
  refused(() => fromFormat([{ ...parent, invoicing_customer_id: "cus_fin" }]), "INVALID_INPUT", "[0].invoicing_customer_id");
  // One parent per child: a customer inherited by two parents' customers.
  const second = { id: "sub_q", customer_id: "cus_other", inheritance: { external_customer_ids_to_inherit_subscription: ["ext-a"] } };
  refused(() => fromFormat([parent, second]), "INVALID_INPUT", "[1].inheritance.external_customer_ids_to_inherit_subscription[0]");
  // billtree routes a customer's invoices one way: two delegates for one customer.
  const delegated = (id, to) => ({ id, customer_id: "cus_eng", subscription_type: "standalone", invoicing_customer_id: to });
  refused(() => fromFormat([delegated("s1", "cus_fin"), delegated("s2", "cus_other")]), "INVALID_INPUT", "[1].invoicing_customer_id");
  refused(() => fromFormat([{ id: "s1", customer_id: "c", subscription_type: "inherited" }]), "INVALID_INPUT", "[0].parent_subscription_id");
  refused(() => fromFormat([{ id: "s1", customer_id: "c", subscription_type: "trial" }]), "INVALID_INPUT", "[0].subscription_type");
});

test("Kill Bill: payment delegated to the parent keeps the child's invoice, the parent pays", () => {
  const result = load("killbill-accounts.json", "killbill");
  const [group, retail, services] = result.hierarchy.customers.map((c) => c.id);
  assert.deepEqual(result.hierarchy.customers, [
    { id: group, name: "Contoso Group", currency: "EUR" },
    { id: retail, name: "Contoso Retail", parentId: group, currency: "EUR", payer: "parent" },
    { id: services, name: "contoso-services", parentId: group, currency: "EUR" },
  ]);
  assert.deepEqual(owners(result.hierarchy), { [group]: [group, group], [retail]: [retail, group], [services]: [services, services] });
  refused(() => fromFormat([{ accountId: "a", isPaymentDelegatedToParent: "yes" }]), "INVALID_INPUT", "[0].isPaymentDelegatedToParent");
});

test("payers: a Stripe-style payer id, and Metronome's hierarchy_configuration with payer PARENT / SELF", () => {
  const stripe = load("payer-customers.json", "payer");
  assert.deepEqual(stripe.hierarchy.customers.map((c) => [c.id, c.parentId, c.payer]), [
    ["cus_Pq1Acme", undefined, undefined],
    ["cus_Pq2AcmeUS", "cus_Pq1Acme", "parent"],
    ["cus_Pq3AcmeCA", "cus_Pq1Acme", "parent"],
    ["cus_Pq4Solo", undefined, undefined],
  ]);
  assert.deepEqual(owners(stripe.hierarchy), {
    cus_Pq1Acme: ["cus_Pq1Acme", "cus_Pq1Acme"],
    cus_Pq2AcmeUS: ["cus_Pq2AcmeUS", "cus_Pq1Acme"],
    cus_Pq3AcmeCA: ["cus_Pq3AcmeCA", "cus_Pq1Acme"],
    cus_Pq4Solo: ["cus_Pq4Solo", "cus_Pq4Solo"],
  });
  assert.match(stripe.notes[0], /names no parents/);

  const metronome = load("metronome-customers.json", "payer");
  assert.equal(metronome.policy, "metronome");
  const [holdings, payments, research] = metronome.hierarchy.customers.map((c) => c.id);
  assert.deepEqual(owners(metronome.hierarchy), {
    [holdings]: [holdings, holdings],
    [payments]: [payments, holdings], // payer PARENT: the parent pays the child's invoice
    [research]: [research, research],
  });
  // A payer further up than the parent: Chargebee's paymentOwnerId, which billtree checks.
  const grand = fromFormat([
    { id: "g", name: "G" }, { id: "p", name: "P", parent_id: "g" }, { id: "c", name: "C", parent_id: "p", payer: "g" },
  ]);
  assert.deepEqual(grand.hierarchy.customers[2], { id: "c", name: "C", parentId: "p", paymentOwnerId: "g" });
  assert.deepEqual(owners(grand.hierarchy).c, ["c", "g"]);
});

test("CSV: byte-order mark, CRLF, quoted commas, doubled quotes and line breaks; the owner columns", () => {
  const result = load("hierarchy.csv", "csv");
  const tenant = { tenantId: "globex" };
  assert.deepEqual(result.hierarchy.customers, [
    { id: "globex", name: "Globex Corporation", ...tenant, currency: "USD" },
    { id: "globex-eu", name: "Globex Europe, Ltd.", parentId: "globex", invoiceOwnerId: "globex", paymentOwnerId: "globex", ...tenant, currency: "EUR" },
    { id: "globex-eu-de", name: "Globex Deutschland GmbH", parentId: "globex-eu", paymentOwnerId: "globex", ...tenant, currency: "EUR" },
    { id: "globex-apac", name: 'Globex "APAC" Pte. Ltd.', parentId: "globex", ...tenant, currency: "SGD" },
    { id: "globex-old", name: "Globex Legacy", parentId: "globex-apac", ...tenant, currency: "USD", archived: true },
  ]);
  assert.deepEqual(owners(result.hierarchy), {
    globex: ["globex", "globex"],
    "globex-eu": ["globex", "globex"],
    "globex-eu-de": ["globex-eu-de", "globex"],
    "globex-apac": ["globex-apac", "globex-apac"],
    "globex-old": ["globex-old", "globex-old"],
  });
  assert.deepEqual(result.notes, ['columns billtree does not read were ignored: "notes"']);
  // Semicolons (spreadsheets in much of Europe), LF, camelCase headers.
  assert.deepEqual(fromFormat("id;Name;parentId\nhq;HQ;\neu;\"Europe; West\";hq\n").hierarchy.customers, [
    { id: "hq", name: "HQ" }, { id: "eu", name: "Europe; West", parentId: "hq" },
  ]);
  const unterminated = refused(() => fromFormat('id,name\nhq,"Holding\n'), "INVALID_JSON");
  assert.deepEqual(unterminated.details, { line: 2, column: 4 });
  const badFlag = refused(() => fromFormat("id,name,archived\nhq,HQ,maybe\n"), "INVALID_INPUT", "rows[0].archived");
  assert.equal(badFlag.details.line, 2);
  assert.equal(badFlag.details.column, 7);
  refused(() => fromFormat("name,parent_id\nHQ,\n", { format: "csv" }), "INVALID_INPUT", "header");
  refused(() => fromFormat("id,name\nhq,HQ,extra\n"), "INVALID_INPUT", "rows[0]");
});

test("billtree's own JSON is a format too, passed through untouched", () => {
  const sample = readFileSync(new URL("./sample-hierarchy.json", import.meta.url), "utf8");
  const result = fromFormat(sample);
  assert.equal(result.format, "billtree");
  assert.deepEqual(result.hierarchy, JSON.parse(sample));
  assert.equal(result.policy, "chargebee");
  assert.deepEqual(result.notes, []);
  assert.equal(detectFormat([{ id: "a", name: "A", payer: "parent" }]).format, "billtree");
  assert.equal(detectFormat({ customers: [] }).format, "billtree");
});

test("detection: unknown and ambiguous input is UNKNOWN_FORMAT listing the formats; malformed JSON is INVALID_JSON", () => {
  const names = FORMATS.map((f) => f.name);
  for (const input of [null, undefined, 42, true, "", "hello world", "name,email\nA,a@x\n", [1, 2], [{ foo: 1 }], { items: [] }, { data: [{ sku: "A-1" }] }]) {
    const error = refused(() => fromFormat(input), "UNKNOWN_FORMAT");
    assert.deepEqual(error.details.expected, names);
  }
  // billtree-shaped input with a typo stays billtree's, so the module names the field.
  const typo = { customers: [{ id: "a", name: "A", parentID: "b" }] };
  assert.equal(detectFormat(typo).format, "billtree");
  refused(() => validateHierarchy(fromFormat(typo).hierarchy), "INVALID_INPUT", "customers[0].parentID");
  // A record that is half Kill Bill, half Fynn: no guess.
  refused(() => detectFormat([{ accountId: "a", parentCustomerId: "b" }]), "UNKNOWN_FORMAT");
  refused(() => fromFormat("[]", { format: "stripe" }), "UNKNOWN_FORMAT");
  refused(() => fromFormat("[]", ["chargebee"]), "INVALID_INPUT", "options");
  refused(() => fromFormat("[]", { format: 7 }), "INVALID_INPUT", "format");
  const broken = refused(() => fromFormat('{\n  "list": [\n    {"customer": }\n  ]\n}'), "INVALID_JSON");
  assert.equal(broken.details.line, 3);
  refused(() => fromFormat("id,name\nhq,HQ\n", { format: "chargebee" }), "INVALID_JSON");
});

test("hostile values are BilltreeErrors at their vendor path, never a TypeError", () => {
  refused(() => fromFormat({ list: [{ customer: { id: "a", parent_id: 7 } }] }), "INVALID_INPUT", "list[0].customer.parent_id");
  refused(() => fromFormat({ list: [{ customer: { id: "a", parent_id: "x", relationship: { parent_id: "y" } } }] }), "INVALID_INPUT", "list[0].customer.relationship.parent_id");
  refused(
    () => fromFormat({ list: [{ customer: { id: "a", use_default_hierarchy_settings: false, child_account_access: { portal_download_invoices: "sometimes" } } }] }),
    "INVALID_INPUT", "list[0].customer.child_account_access.portal_download_invoices",
  );
  refused(() => fromFormat([{ id: "a", get parent_id() { throw new Error("boom"); } }], { format: "chargebee" }), "INVALID_INPUT", "[0].parent_id");
  refused(() => fromFormat([null, { id: "b" }], { format: "chargebee" }), "INVALID_INPUT", "[0]");
  refused(() => fromFormat([{ accountId: ["a"] }]), "INVALID_INPUT", "[0].accountId");
  refused(() => fromFormat({ root: { id: "r", name: "R", children: [{ id: 5 }] } }), "INVALID_INPUT", "root.children[0].id");
  refused(() => fromFormat(new Proxy({}, { getOwnPropertyDescriptor() { throw new Error("trap"); } })), "INVALID_INPUT");
  // Prototype keys are data, never the prototype.
  const polluted = fromFormat('{"list":[{"customer":{"id":"a","__proto__":{"parent_id":"evil"},"constructor":1}}]}');
  assert.deepEqual(polluted.hierarchy.customers, [{ id: "a", name: "a" }]);
  assert.deepEqual(fromFormat([{ id: "__proto__", company: "P" }, { id: "c", company: "C", parent_id: "__proto__" }]).hierarchy.customers[1].parentId, "__proto__");
  // Depth the input decides costs no recursion: a Fynn tree 100,000 levels deep.
  const depth = 100_000;
  let tree = "";
  for (let i = 0; i < depth; i++) tree += `{"id":"n${i}","name":"N","children":[`;
  tree = `{"root":${tree}${"]}".repeat(depth)}}`;
  assert.equal(fromFormat(tree).hierarchy.customers.length, depth);
});

test("100,000 Chargebee customers convert (time printed, not asserted)", () => {
  const list = [];
  for (let i = 0; i < 100_000; i++) {
    const parent = i === 0 ? {} : { relationship: { parent_id: `c${(i - 1) >> 3}`, invoice_owner_id: `c${(i - 1) >> 3}`, payment_owner_id: `c${(i - 1) >> 3}` } };
    list.push({ customer: { id: `c${i}`, company: `Company ${i}`, object: "customer", ...parent } });
  }
  const text = JSON.stringify({ list });
  const started = performance.now();
  const result = fromFormat(text);
  const elapsed = performance.now() - started;
  assert.equal(result.hierarchy.customers.length, 100_000);
  console.log(`100,000 Chargebee customers converted in ${elapsed.toFixed(0)} ms`);
  const report = validateHierarchy(result.hierarchy, { policy: { maxChildren: null, maxDepth: null } });
  assert.equal(report.customerCount, 100_000);
  assert.deepEqual(report.issues, []);
});
