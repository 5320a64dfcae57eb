// The package as an ES module consumer sees it: import from "billtree" (the Node build)
// and from "billtree/web" (the browser build, initialised from bytes in Node). Both
// builds must give byte-identical reports.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import billtree, { HierarchySession, checkMigration, policyPresets, validateHierarchy } from "billtree";
import * as web from "billtree/web";

const sample = readFileSync(new URL("./sample-hierarchy.json", import.meta.url), "utf8");

test("named and default imports are the same functions", () => {
  assert.equal(billtree.validateHierarchy, validateHierarchy);
  assert.equal(typeof HierarchySession, "function");
});

test("the sample has its one deliberate error", () => {
  const report = validateHierarchy(sample);
  assert.deepEqual(report.issues.map((i) => i.code), ["CROSS_TENANT"]);
  assert.deepEqual(report.issues[0].customerIds, ["uk-finance", "nordlicht-uk"]);
  assert.deepEqual(validateHierarchy(sample, { policy: "fynn" }).issues.map((i) => i.code), ["DEPTH_EXCEEDED", "CROSS_TENANT"]);
});

test("migration pre-flight and presets", () => {
  const migration = checkMigration(sample, "orb");
  assert.equal(migration.compatible, false);
  assert.deepEqual(migration.wouldBreak.map((i) => i.customerIds[0]), ["de-sales", "de-rnd", "uk-ops", "uk-finance", "nl-support"]);
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
