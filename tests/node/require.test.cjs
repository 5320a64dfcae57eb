// The package as a CommonJS consumer sees it: require("billtree"), synchronous.
const assert = require("node:assert/strict");
const { test } = require("node:test");
const billtree = require("billtree");

const sample = {
  customers: [
    { id: "hq", name: "Holding", tenantId: "t" },
    { id: "eu", name: "Europe", tenantId: "t", parentId: "hq" },
    { id: "it", name: "IT", tenantId: "elsewhere", parentId: "eu" },
  ],
};

test("require() gives the Node build with every export", () => {
  for (const name of ["validateHierarchy", "checkMigration", "policyPresets", "HierarchySession"]) {
    assert.equal(typeof billtree[name], "function", name);
  }
});

test("init() and initSync() are harmless under require, and require('billtree/web') is the same ready module", async () => {
  assert.equal(await billtree.init(), undefined);
  assert.equal(billtree.initSync(), undefined);
  assert.equal(billtree.default, undefined, "CommonJS has no default export to mistake for the API");
  const web = require("billtree/web");
  assert.equal(web.validateHierarchy, billtree.validateHierarchy);
  assert.equal(web.validateHierarchy(sample).issues[0].code, billtree.validateHierarchy(sample).issues[0].code);
});

test("validateHierarchy reports problems as data", () => {
  const report = billtree.validateHierarchy(sample, { policy: "fynn" });
  assert.equal(report.valid, false);
  assert.deepEqual(report.issues.map((i) => [i.code, i.customerIds]), [["CROSS_TENANT", ["it", "eu"]]]);
  assert.equal(report.policy.maxChildren, null);
});

test("contract violations throw real Errors with code and details", () => {
  assert.throws(
    () => billtree.validateHierarchy('{"customers": [{"id": 1, "name": "A"}]}'),
    (error) => {
      assert.ok(error instanceof Error);
      assert.equal(error.name, "BilltreeError");
      assert.equal(error.code, "INVALID_INPUT");
      assert.equal(error.details.path, "customers[0].id");
      assert.equal(error.details.line, 1);
      assert.match(error.message, /expected a string/);
      assert.ok(error.stack.length > 0);
      return true;
    },
  );
  assert.throws(() => billtree.validateHierarchy("{"), { code: "INVALID_JSON" });
  assert.throws(() => billtree.validateHierarchy(sample, { policy: "stripe" }), { code: "INVALID_POLICY" });
  const session = new billtree.HierarchySession(sample);
  assert.throws(() => session.tree(42), { code: "INVALID_INPUT" });
  assert.throws(() => session.tree("nobody"), { code: "UNKNOWN_CUSTOMER", details: { customerId: "nobody" } });
  session.free();
});

test("a session previews, then applies", () => {
  const session = new billtree.HierarchySession(JSON.stringify(sample));
  assert.equal(session.customerCount, 3);
  const edit = { op: "setParent", customerId: "it", parentId: "hq" };
  const preview = session.previewEdits(edit);
  assert.equal(preview.applied, false);
  assert.deepEqual(preview.events, [
    { type: "customer.parent.assigned", customerId: "it", previousParentId: "eu", parentId: "hq" },
  ]);
  assert.equal(session.tree("it").rootId, "hq");
  assert.equal(session.pathToRoot("it").length, 3, "preview left the session as it was");
  session.applyEdits([edit]);
  assert.equal(session.pathToRoot("it").length, 2);
  session.free();
});

test("the same input gives byte-identical output", () => {
  const a = JSON.stringify(billtree.validateHierarchy(JSON.stringify(sample)));
  const b = JSON.stringify(billtree.validateHierarchy(sample));
  assert.equal(a, b);
});
