// The package as an ES module consumer sees it: import from "billtree" (the Node build)
// and from "billtree/web" (the browser build, initialised from bytes in Node). Both
// builds must give byte-identical reports.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import init, { HierarchySession, checkMigration, init as namedInit, initSync, isBilltreeError, policyPresets, resolveOwners, validateHierarchy } from "billtree";
import * as web from "billtree/web";

const sample = readFileSync(new URL("./sample-hierarchy.json", import.meta.url), "utf8");

test("code written the browser way runs in Node: init() is harmless, however often it is called", async () => {
  assert.equal(init, namedInit);
  assert.equal(await init(), undefined);
  assert.equal(await init({ module_or_path: "ignored.wasm" }), undefined);
  assert.equal(initSync(), undefined);
  assert.equal(typeof HierarchySession, "function");
  // The CommonJS entry is the same module, not a second instance.
  const cjs = createRequire(import.meta.url)("billtree");
  assert.equal(cjs.validateHierarchy, validateHierarchy);
  assert.equal(cjs.init, init);
  assert.equal(validateHierarchy(sample).customerCount, JSON.parse(sample).customers.length);
});

test("billtree/web before init(): every function and the session constructor throw NOT_INITIALIZED", () => {
  const calls = {
    validateHierarchy: () => web.validateHierarchy(sample),
    checkMigration: () => web.checkMigration(sample, "orb"),
    resolveOwners: () => web.resolveOwners(sample),
    policyPresets: () => web.policyPresets(),
    "new HierarchySession": () => new web.HierarchySession(sample),
  };
  for (const [name, call] of Object.entries(calls)) {
    assert.throws(call, (error) => {
      assert.ok(isBilltreeError(error), `${name}: ${error}`);
      assert.equal(error.code, "NOT_INITIALIZED", name);
      assert.match(error.message, new RegExp(`^${name} was called before init\\(\\)`));
      assert.match(error.message, /await init\(\)/);
      return true;
    });
  }
});

test("the sample has its deliberate errors: one in the hierarchy, one in the billing settings", () => {
  const report = validateHierarchy(sample);
  assert.deepEqual(report.issues.map((i) => i.code), ["CROSS_TENANT", "PAYMENT_OWNER_NOT_ANCESTOR"]);
  assert.deepEqual(report.issues[0].customerIds, ["uk-finance", "nordlicht-uk"]);
  assert.deepEqual(report.issues[1].customerIds, ["uk-events", "nordlicht-de"]);
  assert.deepEqual(report.issues[1].details, { setting: "paymentOwnerId", ownerId: "nordlicht-de" });
  assert.deepEqual(validateHierarchy(sample, { policy: "fynn" }).issues.map((i) => i.code), ["DEPTH_EXCEEDED", "CROSS_TENANT", "PAYMENT_OWNER_NOT_ANCESTOR"]);
});

test("the sample's owners: every way of routing invoices, resolved", () => {
  const owners = Object.fromEntries(resolveOwners(sample).customers.map((c) => [c.customerId, [c.invoiceOwnerId, c.paymentOwnerId]]));
  assert.deepEqual(owners["de-rnd-lab"], ["nordlicht-de", "nordlicht-de"], "billTo parent, twice");
  assert.deepEqual(owners["nordlicht-uk"], ["nordlicht-uk", "nordlicht-holding"], "payer parent");
  assert.deepEqual(owners["uk-ops"], ["nordlicht-uk", "nordlicht-holding"], "explicit owner, whose invoice the holding pays");
  assert.deepEqual(owners["nordlicht-nl"], ["nordlicht-holding", "nordlicht-holding"], "billTo root");
  assert.deepEqual(owners["nl-support"], ["nordlicht-de", "nordlicht-de"], "delegated invoicing");
  assert.deepEqual(owners["uk-events"], ["uk-events", null], "the deliberate error");
  const session = new HierarchySession(sample);
  const explanation = session.explainOwners("de-rnd-lab");
  assert.equal(explanation.onAncestorInvoice, true);
  assert.match(explanation.summary, /Materials Lab.*charges land on "Nordlicht Deutschland GmbH"/);
  session.free();
});

test("migration pre-flight and presets", () => {
  const migration = checkMigration(sample, "orb");
  assert.equal(migration.compatible, false);
  assert.deepEqual(migration.wouldBreak.map((i) => i.customerIds[0]), ["de-sales", "de-rnd", "uk-ops", "uk-finance", "uk-events", "nl-support"]);
  assert.equal(policyPresets()[0].name, "chargebee");
});

test("the browser build gives the same bytes as the Node build", () => {
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve("billtree/web/billtree_bg.wasm");
  web.initSync({ module: readFileSync(wasmPath) });
  const fromWeb = JSON.stringify(web.validateHierarchy(sample, { policy: "fynn" }));
  const fromNode = JSON.stringify(validateHierarchy(sample, { policy: "fynn" }));
  assert.equal(fromWeb, fromNode);
  const session = new web.HierarchySession(sample);
  assert.equal(JSON.stringify(session.forest()), JSON.stringify(new HierarchySession(sample).forest()));
  session.free();
});

test("the package is open source: MIT OR Apache-2.0, with both licence texts", async () => {
  const { dirname, join } = await import("node:path");
  const manifestPath = createRequire(import.meta.url).resolve("billtree/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  assert.equal(manifest.license, "MIT OR Apache-2.0");
  const folder = dirname(manifestPath);
  assert.match(readFileSync(join(folder, "LICENSE-MIT"), "utf8"), /Permission is hereby granted, free of charge/);
  assert.match(readFileSync(join(folder, "LICENSE-APACHE"), "utf8"), /Apache License\s+Version 2\.0/);
});

test("isBilltreeError tells billtree's errors from others, including the facade's own", async () => {
  const { isBilltreeError } = await import("billtree");
  let thrown;
  try {
    validateHierarchy("{ not json");
  } catch (error) {
    thrown = error;
  }
  assert.equal(isBilltreeError(thrown), true);
  assert.equal(thrown.code, "INVALID_JSON");
  const session = new HierarchySession(sample);
  const method = session.validate;
  let offObject;
  try {
    method();
  } catch (error) {
    offObject = error;
  }
  session.free();
  assert.equal(isBilltreeError(offObject), true, "the facade's NOT_A_SESSION");
  for (const other of [new Error("x"), new TypeError("y"), { name: "BilltreeError", code: "X", details: {} }, null, undefined, "BilltreeError", 42]) {
    assert.equal(isBilltreeError(other), false, String(other));
  }
  const impostor = Object.assign(new Error("no code"), { name: "BilltreeError" });
  assert.equal(isBilltreeError(impostor), false, "an Error named BilltreeError without a code");
});

test("the package README's preset table is policyPresets(), row for row", async () => {
  const { dirname, join } = await import("node:path");
  const folder = dirname(createRequire(import.meta.url).resolve("billtree/package.json"));
  const readme = readFileSync(join(folder, "README.md"), "utf8");
  const rows = [...readme.matchAll(/^ {2}\| `([a-z0-9]+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => m.slice(1).map((cell) => cell.trim()));
  const shown = (limit) => (limit === null ? "no limit" : String(limit));
  assert.deepEqual(rows, policyPresets().map((p) => [p.name, shown(p.maxDepth), shown(p.maxChildren), shown(p.maxHierarchySize)]));
});
