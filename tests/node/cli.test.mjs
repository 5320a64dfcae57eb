// The command line as `npx billtree` runs it from the installed package: exit codes, the
// three output formats, vendor exports (--from), standard input, errors on stderr with
// their code, the progress report. Every expectation is what the package's own API
// returns for the same input.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as billtree from "billtree";

const { HierarchySession, fromFormat, resolveOwners, validateHierarchy } = billtree;

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
  for (const word of ["validate", "owners", "whatif", "invoices", "--from", "--policy", "--format", "--period", "--progress", "--quiet", "Examples:", "Exit codes"]) {
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

const formats = join(process.env.BILLTREE_FIXTURES ?? "", "formats");

test("--from: a named vendor export is converted, its format said on stderr, its preset used", () => {
  const file = join(formats, "chargebee-list.json");
  const converted = fromFormat(readFileSync(file, "utf8"), { format: "chargebee" });
  const run = cli(["validate", file, "--from", "chargebee", "--format", "json"]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), validateHierarchy(converted.hierarchy, { policy: "chargebee" }));
  assert.equal(run.stderr.split("\n")[0], `billtree: read ${file} as Chargebee customers`);
  for (const note of converted.notes) assert.ok(run.stderr.includes(`billtree: note: ${note}\n`), note);
  // The format's preset unless --policy says otherwise: Fynn's 3 levels.
  const fynn = join(formats, "fynn-customers.json");
  assert.match(cli(["validate", fynn]).stdout, /policy fynn: valid/);
  assert.match(cli(["validate", fynn, "--policy", "orb"]).stdout, /policy orb: \d+ problems/);
  const quiet = cli(["validate", file, "--quiet"]);
  assert.equal(quiet.stderr, "", "--quiet says nothing but errors");
});

test("auto-detection from standard input: a CSV export's owners are resolveOwners' of the converted hierarchy", () => {
  const csv = readFileSync(join(formats, "hierarchy.csv"), "utf8");
  const result = resolveOwners(fromFormat(csv).hierarchy);
  const run = cli(["owners", "-", "--format", "csv"], csv);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^billtree: read standard input as CSV hierarchy\n/);
  const rows = run.stdout.trim().split("\n").map((line) => line.split(","));
  assert.deepEqual(rows.slice(1), result.customers.map((c) => [c.customerId, c.invoiceOwnerId, c.paymentOwnerId]));
  // Flexprice: the child of a consolidated subscription lands on the parent's invoice.
  const flexprice = cli(["owners", join(formats, "flexprice-subscriptions.json"), "--format", "json"]);
  assert.equal(flexprice.code, 0, flexprice.stderr);
  assert.deepEqual(JSON.parse(flexprice.stdout).customers.find((c) => c.customerId === "cus_apac").invoiceOwnerId, "cus_hq");
  // billtree's own JSON says nothing about its format.
  assert.equal(cli(["owners", samplePath, "--format", "json"]).stderr, "");
});

test("an unknown format, or input no format matches: exit 2, UNKNOWN_FORMAT on stderr", () => {
  const named = cli(["validate", samplePath, "--from", "stripe"]);
  assert.equal(named.code, 2);
  assert.equal(named.stdout, "");
  assert.match(named.stderr, /^billtree: UNKNOWN_FORMAT: unknown format "stripe"/);
  const unknown = cli(["validate", "-"], '[{"sku": "A-1", "price": 3}]');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^billtree: UNKNOWN_FORMAT: /);
});

test("a vendor field that cannot be mapped: exit 2, its path on stderr", () => {
  const run = cli(["owners", "-"], JSON.stringify({ list: [{ customer: { id: "a", company: "A" } }, { customer: { id: "b", parent_id: 42 } }] }));
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /^billtree: INVALID_INPUT: .*\(list\[1\]\.customer\.parent_id\)\n$/);
  const conflict = cli(["validate", join(formats, "flexprice-conflict.json")]);
  assert.equal(conflict.code, 2);
  assert.match(conflict.stderr, /\(\[0\]\.invoicing_customer_external_id\)\n$/);
  const csv = cli(["validate", "-", "--from", "csv"], 'id,name\nhq,"Holding\n');
  assert.equal(csv.code, 2);
  assert.match(csv.stderr, /^billtree: INVALID_JSON: .*\(line 2, column 4\)\n$/);
});

test("--progress reports each phase with its time on stderr; stdout keeps only the result", () => {
  const file = join(formats, "killbill-accounts.json");
  const plain = cli(["validate", file, "--format", "json", "--quiet"]);
  const run = cli(["validate", file, "--format", "json", "--progress"]);
  assert.equal(run.code, plain.code);
  assert.equal(run.stdout, plain.stdout, "the report is the same");
  const lines = run.stderr.trimEnd().split("\n");
  const phases = lines.filter((line) => /^billtree: +\d+\.\d\d s  /.test(line)).map((line) => line.replace(/^billtree: +\d+\.\d\d s  /, ""));
  assert.deepEqual(phases, [
    `read ${file}: ${(readFileSync(file).length / 1024).toFixed(1)} KiB`,
    "detecting the format and converting…",
    "loading 3 customers…",
    "computing…",
    "writing…",
  ]);
  assert.match(lines.at(-1), /^billtree: done in \d+\.\d\d s \(read \d+\.\d\d s, convert \d+\.\d\d s, load \d+\.\d\d s, compute \d+\.\d\d s, write \d+\.\d\d s\)$/);
  assert.ok(run.stderr.includes("billtree: read " + file + " as Kill Bill accounts\n"));
  // --quiet wins; without either flag, a pipe and a small input print nothing.
  assert.equal(cli(["validate", file, "--progress", "--quiet"]).stderr, "");
  assert.equal(cli(["validate", samplePath]).stderr, "", "small inputs print nothing on stderr");
  // billtree's own JSON skips conversion when named.
  const own = cli(["owners", samplePath, "--from", "billtree", "--progress", "--format", "json"]);
  assert.doesNotMatch(own.stderr, /converting/);
  assert.match(own.stderr, /loading the customers…/);
});
