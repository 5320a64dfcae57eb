// Runs the shared JSON fixtures (tests/fixtures) against the installed package, the same
// files tests/fixture_cases.rs runs natively: wasm and native meet one set of
// expectations. Each case also runs with the hierarchy given as JSON text and as an
// object, which must give identical results.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as billtree from "billtree";

const { HierarchySession } = billtree;

const fixtures = process.env.BILLTREE_FIXTURES;
assert.ok(fixtures, "BILLTREE_FIXTURES must point at tests/fixtures");

function customersOf(testCase, file) {
  const customers = [...(testCase.customers ?? file.customers ?? [])];
  for (const group of testCase.generatedChildren ?? file.generatedChildren ?? []) {
    for (let i = 1; i <= group.count; i++) {
      customers.push({ id: `${group.idPrefix}${i}`, name: `Generated ${i}`, parentId: group.parentId });
    }
  }
  return customers;
}

/** `expected` is a subset of `actual`, as in tests/fixture_cases.rs. */
function checkSubset(actual, expected, path) {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path} is not an array`);
    assert.equal(actual.length, expected.length, `${path} length: ${JSON.stringify(actual)}`);
    expected.forEach((want, i) => checkSubset(actual[i], want, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object", `${path} is not an object`);
    for (const [key, want] of Object.entries(expected)) {
      assert.ok(key in actual, `${path}.${key} is missing`);
      checkSubset(actual[key], want, `${path}.${key}`);
    }
  } else {
    assert.deepEqual(actual, expected, `${path}`);
  }
}

function runCase(file, testCase, asText) {
  const customers = customersOf(testCase, file);
  const policy = testCase.policy ?? file.policy;
  const input = asText ? JSON.stringify({ customers }) : { customers };
  const session = new HierarchySession(input, policy === undefined ? undefined : { policy });
  const results = [];
  try {
    testCase.steps.forEach((step, index) => {
      const label = `${testCase.name} / step ${index} (${step.call})`;
      let result;
      try {
        result = step.args === undefined ? session[step.call]() : session[step.call](step.args);
      } catch (error) {
        assert.ok(step.expectError, `${label}: unexpected ${error.code}: ${error.message}`);
        assert.ok(error instanceof Error, `${label}: a real Error`);
        assert.equal(error.name, "BilltreeError", label);
        assert.equal(error.code, step.expectError, `${label}: ${error.message}`);
        results.push({ error: error.code });
        return;
      }
      assert.ok(!step.expectError, `${label}: expected ${step.expectError}, got ${JSON.stringify(result)}`);
      checkSubset(result, step.expect, label);
      results.push(result);
    });
  } finally {
    session.free();
  }
  return results;
}

// Fixture files whose calls the package does not export yet: they run natively
// (tests/fixture_cases.rs) until then. This cannot be forgotten: once the package
// exports the call, the file must leave this list (the test below fails otherwise).
const NATIVE_ONLY = new Map([
  ["invoices.json", "previewInvoices"],
  ["billing_session.json", "previewInvoices"],
  ["periods.json", "previewInvoices"],
]);

const files = readdirSync(fixtures).filter((name) => name.endsWith(".json")).sort();
assert.ok(files.length >= 4, `fixture files found: ${files}`);

test("native-only fixture files are exactly those whose calls the package lacks", () => {
  for (const [name, call] of NATIVE_ONLY) {
    assert.ok(files.includes(name), `${name} is listed as native-only but does not exist`);
    assert.equal(typeof billtree[call], "undefined", `the package exports ${call}: run ${name} here`);
  }
});

for (const name of files.filter((name) => !NATIVE_ONLY.has(name))) {
  const file = JSON.parse(readFileSync(join(fixtures, name), "utf8"));
  for (const testCase of file.cases) {
    test(`${name}: ${testCase.name}`, () => {
      const fromObject = runCase(file, testCase, false);
      const fromText = runCase(file, testCase, true);
      assert.equal(JSON.stringify(fromText), JSON.stringify(fromObject), "text and object input agree");
    });
  }
}
