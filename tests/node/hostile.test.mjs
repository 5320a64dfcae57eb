// The hostile-input corpus: what an attacker or a careless caller would try, through the
// installed package, on every entry point and session method. Each case states the
// exact error code (or what the report must say), and after each one the module must
// still answer: no trap, no engine error, no poisoned state.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import * as billtree from "billtree";
import * as web from "billtree/web";
import { DOCUMENTED_CODES } from "./documented-codes.mjs";

const { HierarchySession, checkMigration, resolveOwners, validateHierarchy } = billtree;
const require = createRequire(import.meta.url);
web.initSync({ module: readFileSync(require.resolve("billtree/web/billtree_bg.wasm")) });

test("the declared error codes are the ones the README documents", () => {
  assert.deepEqual([...DOCUMENTED_CODES].sort(), [
    "AMOUNT_OVERFLOW", "INPUT_TOO_LARGE", "INVALID_INPUT", "INVALID_JSON", "INVALID_POLICY",
    "NOT_A_SESSION", "NOT_INITIALIZED", "OUTPUT_TOO_LARGE", "SESSION_BUSY", "SESSION_FREED", "UNKNOWN_CURRENCY",
    "UNKNOWN_CUSTOMER", "UNKNOWN_FORMAT",
  ]);
});

const SAMPLE = {
  customers: [
    { id: "hq", name: "Holding", tenantId: "t" },
    { id: "eu", name: "Europe", tenantId: "t", parentId: "hq" },
    { id: "de", name: "Germany", tenantId: "t", parentId: "eu" },
    { id: "uk", name: "UK", tenantId: "t", parentId: "hq" },
  ],
};
const SAMPLE_TEXT = JSON.stringify(SAMPLE);
const LONE = "\uD800";

/** The module still answers, correctly, on both builds. */
function assertAlive(api = billtree) {
  const report = api.validateHierarchy(SAMPLE_TEXT);
  assert.equal(report.valid, true);
  assert.equal(report.customerCount, 4);
}

/** Runs `call`, which must throw a BilltreeError with `code` (and `path`, if given). */
function expectError(call, code, path) {
  let thrown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown, `expected ${code}, but the call returned`);
  assert.ok(thrown instanceof Error, `a real Error, not ${String(thrown)}`);
  assert.equal(thrown.name, "BilltreeError", `${thrown.name}: ${thrown.message}`);
  assert.equal(thrown.code, code, thrown.message);
  assert.ok(DOCUMENTED_CODES.has(thrown.code));
  assert.equal(typeof thrown.message, "string");
  assert.ok(thrown.message.length > 0 && thrown.message.length <= 2048, "messages stay short");
  assert.equal(typeof thrown.details, "object");
  if (path !== undefined) assert.equal(thrown.details.path, path, thrown.message);
  return thrown;
}

const cases = [];
/** Registers a case: `run` asserts; the module must still answer afterwards. */
function hostile(name, run) {
  cases.push(name);
  test(`hostile: ${name}`, () => {
    run();
    assertAlive();
  });
}

function circular() {
  const value = { customers: [] };
  value.customers.push(value);
  return value;
}

// --- Hierarchy input, through each entry point that takes one.
const hierarchyEntries = {
  validateHierarchy: (input) => validateHierarchy(input),
  checkMigration: (input) => checkMigration(input, "orb"),
  resolveOwners: (input) => resolveOwners(input),
  "new HierarchySession": (input) => new HierarchySession(input).free(),
};
const badHierarchies = [
  ["undefined", undefined, "INVALID_INPUT"],
  ["null", null, "INVALID_INPUT"],
  ["a number", 42, "INVALID_INPUT"],
  ["a boolean", true, "INVALID_INPUT"],
  ["a function", () => SAMPLE, "INVALID_INPUT"],
  ["a symbol", Symbol("x"), "INVALID_INPUT"],
  ["empty text", "", "INVALID_JSON"],
  ["truncated JSON", SAMPLE_TEXT.slice(0, 40), "INVALID_JSON"],
  ["trailing garbage", SAMPLE_TEXT + "x", "INVALID_JSON"],
  ["customers as an object", { customers: {} }, "INVALID_INPUT", "customers"],
  ["a customer as an array", [["hq", "Holding"]], "INVALID_INPUT", "[0]"],
  ["a numeric id", [{ id: 5, name: "A" }], "INVALID_INPUT", "[0].id"],
  ["a missing name", [{ id: "a" }], "INVALID_INPUT", "[0]"],
  ["a misspelt parentID", [{ id: "a", name: "A", parentID: "b" }], "INVALID_INPUT", "[0].parentID"],
  ["parentId NaN", [{ id: "a", name: "A" }, { id: "b", name: "B", parentId: NaN }], "INVALID_INPUT", "[1].parentId"],
  ["archived Infinity", [{ id: "a", name: "A", archived: Infinity }], "INVALID_INPUT", "[0].archived"],
  ["a BigInt id", [{ id: 10n, name: "A" }], "INVALID_INPUT", "[0].id"],
  ["a circular object", circular(), "INVALID_INPUT"],
  [
    "a getter that throws",
    [{ id: "a", get name() { throw new Error("boom"); } }],
    "INVALID_INPUT",
  ],
  [
    "a Proxy that throws",
    new Proxy({}, { ownKeys() { throw new Error("trap"); } }),
    "INVALID_INPUT",
  ],
  ["a lone surrogate in text", `[{"id":"a","name":"x${LONE}"}]`, "INVALID_INPUT", "[0].name"],
  ["a lone surrogate in an object", [{ id: `a${LONE}`, name: "A" }], "INVALID_INPUT", "[0].id"],
  ["an escaped lone surrogate", '[{"id":"a","name":"\\udc00"}]', "INVALID_INPUT", "[0].name"],
  ["a duplicate field", '[{"id":"a","id":"b","name":"A"}]', "INVALID_INPUT", "[0].id"],
  ["a customer that is null", [null], "INVALID_INPUT", "[0]"],
];
for (const [entry, call] of Object.entries(hierarchyEntries)) {
  for (const [what, input, code, path] of badHierarchies) {
    hostile(`${entry}: ${what} is ${code}`, () => expectError(() => call(input), code, path));
  }
}

// --- Options and policies.
const badOptions = [
  ["options as an array", ["orb"], "INVALID_INPUT"],
  ["options as a string", "orb", "INVALID_INPUT"],
  ["an unknown option", { polcy: "orb" }, "INVALID_INPUT"],
  ["an unknown preset", { policy: "stripe" }, "INVALID_POLICY"],
  ["a policy as an array", { policy: ["orb"] }, "INVALID_INPUT", "policy"],
  ["maxDepth 0", { policy: { maxDepth: 0 } }, "INVALID_POLICY", "maxDepth"],
  ["maxDepth NaN", { policy: { maxDepth: NaN } }, "INVALID_INPUT", "policy.maxDepth"],
  ["maxChildren Infinity", { policy: { maxChildren: Infinity } }, "INVALID_INPUT", "policy.maxChildren"],
  ["maxHierarchySize -Infinity", { policy: { maxHierarchySize: -Infinity } }, "INVALID_INPUT", "policy.maxHierarchySize"],
  ["a negative limit", { policy: { maxDepth: -1 } }, "INVALID_INPUT", "policy.maxDepth"],
  ["a fractional limit", { policy: { maxDepth: 2.5 } }, "INVALID_INPUT", "policy.maxDepth"],
  ["a limit past u32", { policy: { maxDepth: 2 ** 32 } }, "INVALID_INPUT", "policy.maxDepth"],
  ["a BigInt limit", { policy: { maxDepth: 3n } }, "INVALID_INPUT", "policy.maxDepth"],
  ["a 65-character policy name", { policy: { name: "n".repeat(65) } }, "INVALID_POLICY", "name"],
];
for (const [what, options, code, path] of badOptions) {
  hostile(`validateHierarchy: ${what} is ${code}`, () =>
    expectError(() => validateHierarchy(SAMPLE_TEXT, options), code, path));
  hostile(`new HierarchySession: ${what} is ${code}`, () =>
    expectError(() => new HierarchySession(SAMPLE_TEXT, options), code, path));
}
for (const [what, target, code] of [
  ["an array", ["orb"], "INVALID_INPUT"],
  ["a number", 5, "INVALID_INPUT"],
  ["null", null, "INVALID_INPUT"],
  ["an unknown name", "nope", "INVALID_POLICY"],
]) {
  hostile(`checkMigration: a target that is ${what} is ${code}`, () =>
    expectError(() => checkMigration(SAMPLE_TEXT, target), code));
}

// --- Session misuse: freed, detached, copied, for every method.
const methodArguments = {
  validate: [],
  policy: [],
  setPolicy: ["fynn"],
  checkMigration: ["orb"],
  tree: ["de"],
  forest: [],
  children: ["hq"],
  pathToRoot: ["de"],
  subordinates: ["hq"],
  findCustomers: [{ isParent: true }],
  previewEdits: [{ op: "archive", customerId: "de" }],
  applyEdits: [{ op: "archive", customerId: "de" }],
  customers: [],
  owners: [],
  ownersOf: ["de"],
  explainOwners: ["de"],
  hierarchyRecords: ["de"],
  ownedBy: ["hq"],
  overdueCascade: ["hq"],
  visibility: ["hq"],
};
test("every session method is covered by the misuse cases", () => {
  const methods = Object.getOwnPropertyNames(HierarchySession.prototype).filter(
    (name) => name !== "constructor" && name !== "free" && name !== "customerCount",
  );
  assert.deepEqual(methods.sort(), Object.keys(methodArguments).sort());
});
for (const [method, args] of Object.entries(methodArguments)) {
  hostile(`${method} after free() is SESSION_FREED, 20,000 times over`, () => {
    const session = new HierarchySession(SAMPLE_TEXT);
    session.free();
    // wasm-bindgen's classes trapped the whole module at the 16,385th such call.
    for (let i = 0; i < 20_000; i++) {
      try {
        session[method](...args);
        assert.fail("a freed session answered");
      } catch (error) {
        if (error.code !== "SESSION_FREED") throw error;
      }
    }
    expectError(() => session[method](...args), "SESSION_FREED");
  });
  hostile(`${method} taken off its object is NOT_A_SESSION`, () => {
    const session = new HierarchySession(SAMPLE_TEXT);
    const detached = session[method];
    expectError(() => detached(...args), "NOT_A_SESSION");
    expectError(() => detached.call({}, ...args), "NOT_A_SESSION");
    session.free();
  });
  hostile(`${method} on a copy of a session is NOT_A_SESSION`, () => {
    const session = new HierarchySession(SAMPLE_TEXT);
    const copy = Object.assign(Object.create(HierarchySession.prototype), session);
    expectError(() => copy[method](...args), "NOT_A_SESSION");
    expectError(() => HierarchySession.prototype[method].call(structuredClone({ ...session }), ...args), "NOT_A_SESSION");
    session.free();
    // The freed original stays freed; the copy stays not-a-session.
    expectError(() => copy[method](...args), "NOT_A_SESSION");
  });
}
hostile("customerCount: freed, detached and copied", () => {
  const session = new HierarchySession(SAMPLE_TEXT);
  assert.equal(session.customerCount, 4);
  const getter = Object.getOwnPropertyDescriptor(HierarchySession.prototype, "customerCount").get;
  expectError(() => getter.call(undefined), "NOT_A_SESSION");
  session.free();
  expectError(() => session.customerCount, "SESSION_FREED");
});
hostile("free() twice, 70,000 times, is harmless", () => {
  const session = new HierarchySession(SAMPLE_TEXT);
  for (let i = 0; i < 70_000; i++) session.free();
  expectError(() => session.validate(), "SESSION_FREED");
});
hostile("free() taken off its object is NOT_A_SESSION", () => {
  const session = new HierarchySession(SAMPLE_TEXT);
  const free = session.free;
  expectError(() => free(), "NOT_A_SESSION");
  assert.equal(session.customerCount, 4, "the session was not freed");
  session.free();
});
hostile("using disposes the session", () => {
  const session = new HierarchySession(SAMPLE_TEXT);
  session[Symbol.dispose]();
  expectError(() => session.forest(), "SESSION_FREED");
});
hostile("a freed session leaves other sessions alone", () => {
  const kept = new HierarchySession(SAMPLE_TEXT);
  const gone = new HierarchySession(SAMPLE_TEXT);
  gone.free();
  for (let i = 0; i < 1000; i++) assert.throws(() => gone.tree("hq"), { code: "SESSION_FREED" });
  assert.equal(kept.tree("de").rootId, "hq");
  kept.free();
});
hostile("the web build: a freed session, 20,000 calls, then everything still answers", () => {
  const session = new web.HierarchySession(SAMPLE_TEXT);
  session.free();
  for (let i = 0; i < 20_000; i++) assert.throws(() => session.validate(), { code: "SESSION_FREED" });
  assertAlive(web);
});

// --- Re-entrant calls: a getter inside an argument that calls the same session.
hostile("a getter in previewEdits' argument that applies an edit to the same session", () => {
  const session = new HierarchySession(SAMPLE_TEXT);
  const edit = {
    op: "setParent",
    customerId: "uk",
    get parentId() {
      session.applyEdits({ op: "archive", customerId: "de" });
      return "eu";
    },
  };
  const preview = session.previewEdits(edit);
  assert.deepEqual(preview.events.map((e) => e.type), ["customer.parent.assigned"]);
  assert.equal(session.customers().find((c) => c.id === "de").archived, true);
  session.free();
});
hostile("a getter in applyEdits' argument that frees the session", () => {
  const session = new HierarchySession(SAMPLE_TEXT);
  const edit = {
    op: "archive",
    get customerId() {
      session.free();
      return "de";
    },
  };
  expectError(() => session.applyEdits(edit), "SESSION_FREED");
});
hostile("a toJSON in setPolicy's argument that calls the session", () => {
  const session = new HierarchySession(SAMPLE_TEXT);
  const policy = { toJSON: () => (session.validate(), "fynn") };
  assert.equal(session.setPolicy(policy).policy.name, "fynn");
  session.free();
});

// --- Method arguments.
function withSession(run) {
  const session = new HierarchySession(SAMPLE_TEXT);
  try {
    run(session);
  } finally {
    session.free();
  }
}
const badArguments = [
  ["ownersOf(5)", (s) => s.ownersOf(5), "INVALID_INPUT"],
  ["explainOwners()", (s) => s.explainOwners(), "INVALID_INPUT"],
  ["explainOwners of an unknown id", (s) => s.explainOwners("nobody"), "UNKNOWN_CUSTOMER"],
  ["hierarchyRecords of an object", (s) => s.hierarchyRecords({ id: "hq" }), "INVALID_INPUT"],
  ["ownedBy of a lone surrogate", (s) => s.ownedBy(LONE), "INVALID_INPUT"],
  ["overdueCascade of a lone surrogate", (s) => s.overdueCascade(LONE), "INVALID_INPUT"],
  ["overdueCascade of a number", (s) => s.overdueCascade(5), "INVALID_INPUT"],
  ["visibility of an unknown viewer", (s) => s.visibility("nobody"), "UNKNOWN_CUSTOMER"],
  ["billing settings with a number as owner id", (s) => s.previewEdits({ op: "setBillingSettings", customerId: "uk", settings: { invoiceOwnerId: 7 } }), "INVALID_INPUT", "settings.invoiceOwnerId"],
  ["access settings with an unknown right", (s) => s.previewEdits({ op: "setBillingSettings", customerId: "uk", settings: { parentAccountAccess: { portalDownloadInvoices: "maybe" } } }), "INVALID_INPUT", "settings.parentAccountAccess.portalDownloadInvoices"],
  ["access settings with an unknown field", (s) => s.previewEdits({ op: "setBillingSettings", customerId: "uk", settings: { childAccountAccess: { seeEverything: true } } }), "INVALID_INPUT"],
  ["billTo as an array", (s) => s.previewEdits({ op: "setBillingSettings", customerId: "uk", settings: { billTo: ["parent"] } }), "INVALID_INPUT", "settings.billTo"],
  ["tree(5)", (s) => s.tree(5), "INVALID_INPUT"],
  ["tree(null)", (s) => s.tree(null), "INVALID_INPUT"],
  ["tree()", (s) => s.tree(), "INVALID_INPUT"],
  ["tree of an unknown id", (s) => s.tree("nobody"), "UNKNOWN_CUSTOMER"],
  ["tree of a lone surrogate", (s) => s.tree(LONE), "INVALID_INPUT"],
  ["children of a String object", (s) => s.children(new String("hq")), "INVALID_INPUT"],
  ["children of an array", (s) => s.children(["hq"]), "INVALID_INPUT"],
  ["pathToRoot of an unknown id", (s) => s.pathToRoot("x".repeat(10_000)), "UNKNOWN_CUSTOMER"],
  ["subordinates of a symbol", (s) => s.subordinates(Symbol("hq")), "INVALID_INPUT"],
  ["findCustomers([true])", (s) => s.findCustomers([true]), "INVALID_INPUT"],
  ["findCustomers offset NaN", (s) => s.findCustomers({ offset: NaN }), "INVALID_INPUT", "offset"],
  ["findCustomers limit Infinity", (s) => s.findCustomers({ limit: Infinity }), "INVALID_INPUT", "limit"],
  ["findCustomers limit -1", (s) => s.findCustomers({ limit: -1 }), "INVALID_INPUT", "limit"],
  ["findCustomers isParent 'yes'", (s) => s.findCustomers({ isParent: "yes" }), "INVALID_INPUT", "isParent"],
  ["findCustomers with an unknown filter", (s) => s.findCustomers({ parentId: "hq" }), "INVALID_INPUT"],
  ["an edit as an array", (s) => s.previewEdits(["setParent", "uk", "eu"]), "INVALID_INPUT"],
  ["edits as arrays", (s) => s.previewEdits([["setParent", "uk", "eu"]]), "INVALID_INPUT", "[0]"],
  ["an unknown op", (s) => s.previewEdits({ op: "delete", customerId: "uk" }), "INVALID_INPUT"],
  ["setParent without parentId", (s) => s.previewEdits({ op: "setParent", customerId: "uk" }), "INVALID_INPUT"],
  ["archive with a parentId", (s) => s.previewEdits({ op: "archive", customerId: "uk", parentId: "hq" }), "INVALID_INPUT"],
  ["an edit naming nobody", (s) => s.previewEdits({ op: "archive", customerId: "nobody" }), "UNKNOWN_CUSTOMER"],
  ["parentId NaN in an edit", (s) => s.previewEdits({ op: "setParent", customerId: "uk", parentId: NaN }), "INVALID_INPUT", "parentId"],
  ["100,001 edits", (s) => s.previewEdits(Array.from({ length: 100_001 }, () => ({ op: "archive", customerId: "de" }))), "INPUT_TOO_LARGE"],
  ["undefined edits", (s) => s.applyEdits(undefined), "INVALID_INPUT"],
  ["setPolicy(NaN)", (s) => s.setPolicy(NaN), "INVALID_INPUT"],
  ["setPolicy maxDepth 0", (s) => s.setPolicy({ maxDepth: 0 }), "INVALID_POLICY"],
  ["checkMigration(['orb'])", (s) => s.checkMigration(["orb"]), "INVALID_INPUT"],
];
for (const [what, call, code, path] of badArguments) {
  hostile(`${what} is ${code}`, () => withSession((session) => expectError(() => call(session), code, path)));
}
hostile("applyEdits is all or nothing when the last edit names nobody", () =>
  withSession((session) => {
    const before = JSON.stringify(session.customers());
    expectError(
      () => session.applyEdits([{ op: "removeParent", customerId: "de" }, { op: "archive", customerId: "zz" }]),
      "UNKNOWN_CUSTOMER",
    );
    assert.equal(JSON.stringify(session.customers()), before);
  }));
hostile("setPolicy that fails keeps the old policy", () =>
  withSession((session) => {
    session.setPolicy("fynn");
    expectError(() => session.setPolicy({ maxDepth: 0 }), "INVALID_POLICY");
    assert.equal(session.policy().name, "fynn");
  }));

// --- Output amplification and size.
hostile("a 2,000,000-character name quoted by 1,000 issues stays small", () => {
  const customers = [{ id: "p", name: "N".repeat(2_000_000), tenantId: "a" }];
  for (let i = 0; i < 1000; i++) customers.push({ id: `c${i}`, name: "C", tenantId: "b", parentId: "p" });
  const text = JSON.stringify(customers);
  const report = validateHierarchy(text, { policy: { maxChildren: null } });
  assert.equal(report.issues.length, 1000);
  assert.ok(report.issues.every((issue) => issue.code === "CROSS_TENANT"));
  assert.ok(JSON.stringify(report).length < 1000 * 600, "each message quotes a bounded prefix");
  assert.match(report.issues[0].message, /N…" \[2000000 bytes\] \("p"\)/);
  const session = new HierarchySession(text, { policy: { maxChildren: null } });
  const preview = session.previewEdits({ op: "archive", customerId: "p" });
  // 1,000 ARCHIVED_PARENT and one ARCHIVED_WITH_ACTIVE_CHILDREN, each quoting the name.
  assert.equal(preview.introducedIssues.length, 1001);
  assert.ok(JSON.stringify(preview).length < 3000 * 600);
  session.free();
  session.free();
});
hostile("a byte-order mark before JSON text is skipped", () => {
  assert.equal(validateHierarchy(`\uFEFF${SAMPLE_TEXT}`).valid, true);
});

// --- The format adapters (pure JS, in every entry): an unknown format or an unmappable
// vendor field is a documented code, never a TypeError, and leaves the module answering.
const badExports = [
  ["an unknown format name", (api) => api.fromFormat("[]", { format: "stripe" }), "UNKNOWN_FORMAT"],
  ["undefined to detect", (api) => api.detectFormat(undefined), "UNKNOWN_FORMAT"],
  ["null", (api) => api.fromFormat(null), "UNKNOWN_FORMAT"],
  ["a symbol", (api) => api.fromFormat(Symbol("x")), "UNKNOWN_FORMAT"],
  ["a function", (api) => api.fromFormat(() => SAMPLE), "UNKNOWN_FORMAT"],
  ["prose", (api) => api.fromFormat("not an export at all"), "UNKNOWN_FORMAT"],
  ["records of no known system", (api) => api.fromFormat([{ foo: 1 }, { bar: 2 }]), "UNKNOWN_FORMAT"],
  ["truncated vendor JSON", (api) => api.fromFormat('{"list": [{"customer": '), "INVALID_JSON"],
  ["options as an array", (api) => api.fromFormat("[]", ["chargebee"]), "INVALID_INPUT", "options"],
  ["a numeric Chargebee parent_id", (api) => api.fromFormat({ list: [{ customer: { id: "a", parent_id: 7 } }] }), "INVALID_INPUT", "list[0].customer.parent_id"],
  ["a Kill Bill flag as text", (api) => api.fromFormat([{ accountId: "a", isPaymentDelegatedToParent: "true" }]), "INVALID_INPUT", "[0].isPaymentDelegatedToParent"],
  ["a getter that throws in a vendor field", (api) => api.fromFormat([{ accountId: "a", get parentAccountId() { throw new Error("boom"); } }]), "INVALID_INPUT", "[0].parentAccountId"],
  ["an unterminated CSV quote", (api) => api.fromFormat('id,name\n"a,A\n'), "INVALID_JSON"],
  ["Flexprice inheritance with a delegate", (api) => api.fromFormat([{ id: "s", customer_id: "c", invoicing_customer_id: "d", inheritance: { external_customer_ids_to_inherit_subscription: ["x"] } }]), "INVALID_INPUT", "[0].invoicing_customer_id"],
];
for (const [what, call, code, path] of badExports) {
  for (const [entry, api] of [["billtree", billtree], ["billtree/web", web]]) {
    hostile(`${entry} formats: ${what} is ${code}`, () => expectError(() => call(api), code, path));
  }
}

test("the corpus holds at least 100 hostile cases", () => {
  assert.ok(cases.length >= 100, `${cases.length} cases`);
});
