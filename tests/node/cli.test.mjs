// The command line as `npx billtree` runs it from the installed package: exit codes, the
// three formats, standard input, errors on stderr with their code. Every expectation is
// what the package's own API returns for the same input.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as billtree from "billtree";

const { HierarchySession, resolveOwners, validateHierarchy } = billtree;

const here = new URL(".", import.meta.url).pathname;
const bin = join(here, "node_modules", ".bin", "billtree");
const samplePath = join(here, "sample-hierarchy.json");
const sample = readFileSync(samplePath, "utf8");

function cli(args, input) {
  const run = spawnSync(bin, args, { input, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("npm links the bin, and --help documents every command with examples", () => {
  assert.ok(existsSync(bin), "node_modules/.bin/billtree");
  const help = cli(["--help"]);
  assert.equal(help.code, 0);
  for (const word of ["validate", "owners", "whatif", "invoices", "--policy", "--format", "--period", "Examples:", "Exit codes"]) {
    assert.ok(help.stdout.includes(word), word);
  }
  const none = cli([]);
  assert.equal(none.code, 2, "no command is a usage error");
  assert.equal(none.stdout, "");
});

test("validate: exit 1 on problems, the JSON format is the API's report, the table names each issue", () => {
  const report = validateHierarchy(sample, { policy: "fynn" });
  assert.ok(report.issues.length > 0);
  const json = cli(["validate", samplePath, "--policy", "fynn", "--format", "json"]);
  assert.equal(json.code, 1);
  assert.deepEqual(JSON.parse(json.stdout), report);
  const tableRun = cli(["validate", samplePath, "--policy", "fynn"]);
  assert.equal(tableRun.code, 1);
  for (const issue of report.issues) assert.ok(tableRun.stdout.includes(issue.code), issue.code);
  assert.match(tableRun.stdout, new RegExp(`${report.issues.length} problems`));
  const valid = cli(["validate", "-"], JSON.stringify({ customers: [{ id: "a", name: "A" }] }));
  assert.equal(valid.code, 0, valid.stderr);
  assert.match(valid.stdout, /valid/);
});

test("owners from standard input as CSV: one row per customer, as resolveOwners says", () => {
  const result = resolveOwners(sample);
  const run = cli(["owners", "-", "--format", "csv"], sample);
  assert.equal(run.code, result.issues.length === 0 ? 0 : 1);
  const rows = run.stdout.trim().split("\n").map((line) => line.split(","));
  assert.deepEqual(rows[0], ["customer", "invoice owner", "payment owner"]);
  assert.deepEqual(rows.slice(1), result.customers.map((c) => [c.customerId, c.invoiceOwnerId ?? "unresolved", c.paymentOwnerId ?? "unresolved"]));
});

test("whatif: the JSON is what previewEdits returns, and nothing is written", () => {
  const edits = [{ op: "setParent", customerId: "uk-events", parentId: "nordlicht-de" }];
  const session = new HierarchySession(sample);
  const preview = session.previewEdits(edits);
  session.free();
  const run = cli(["whatif", samplePath, JSON.stringify(edits), "--format", "json"]);
  assert.equal(run.code, preview.introducedIssues.length === 0 ? 0 : 1, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), preview);
  assert.equal(readFileSync(samplePath, "utf8"), sample);
});

test("bad input: exit 2, the error's code on stderr, nothing on stdout", () => {
  const broken = cli(["validate", "-"], '{"customers": [');
  assert.equal(broken.code, 2);
  assert.equal(broken.stdout, "");
  assert.match(broken.stderr, /^billtree: INVALID_JSON: .*\(line 1, column \d+\)\n$/);
  const policy = cli(["validate", samplePath, "--policy", "nope"]);
  assert.equal(policy.code, 2);
  assert.match(policy.stderr, /^billtree: INVALID_POLICY: /);
  for (const args of [["frobnicate", samplePath], ["validate", samplePath, "--format", "xml"], ["validate", "/no/such/file.json"], ["validate", samplePath, "--colour"]]) {
    const run = cli(args);
    assert.equal(run.code, 2, args.join(" "));
    assert.match(run.stderr, /^billtree: .*\nRun billtree --help for usage\.\n$/, args.join(" "));
  }
});

test("invoices: the published build has no invoice engine yet, and the CLI says so (exit 2)", () => {
  // When the engine joins the published module this test must change with it.
  assert.equal(billtree.previewInvoices, undefined);
  const run = cli(["invoices", samplePath, samplePath]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /invoices needs the consolidated-invoice engine/);
});

test("an input over 20 MiB says on stderr what is being done; stdout keeps only the result", () => {
  const customers = [];
  for (let i = 0; customers.length * 100 < 21 * 1024 * 1024; i++) {
    customers.push({ id: `customer-${i}`, name: `Customer number ${i} of a large hierarchy`, ...(i > 0 && { parentId: `customer-${(i - 1) >> 4}` }) });
  }
  const input = JSON.stringify({ customers });
  assert.ok(input.length >= 20 * 1024 * 1024);
  const run = cli(["validate", "-"], input);
  assert.equal(run.code, validateHierarchy(input).issues.length === 0 ? 0 : 1, run.stderr);
  assert.match(run.stderr, /^billtree: validating \(\d+ MiB\)…\n$/);
  assert.doesNotMatch(run.stdout, /validating/);
  const small = cli(["validate", samplePath]);
  assert.equal(small.stderr, "", "small inputs print nothing on stderr");
});
