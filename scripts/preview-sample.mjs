#!/usr/bin/env node
// Validates the built-in sample hierarchy with the built Node package and prints the
// report: the Node half of the README's first command.
//
// Usage: node scripts/preview-sample.mjs [hierarchy.json] [policy]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { validateHierarchy, checkMigration, resolveOwners } = createRequire(import.meta.url)(join(root, "build", "pkg"));
const file = process.argv[2] ?? join(root, "www", "sample-hierarchy.json");
const policy = process.argv[3] ?? "chargebee";

const json = readFileSync(file, "utf8");
const report = validateHierarchy(json, { policy });
console.log(`${file} under ${report.policy.name}: ${report.customerCount} customers, ${report.rootCount} root(s), deepest level ${report.deepestLevel}`);
console.log(report.valid ? "valid" : `${report.issues.length} issue(s):`);
for (const issue of report.issues) {
  console.log(`  ${issue.code.padEnd(30)} ${issue.message}`);
}
for (const target of ["fynn", "orb"]) {
  const migration = checkMigration(json, target, { policy });
  console.log(`moving to ${target}: ${migration.compatible ? "nothing breaks" : `${migration.wouldBreak.length} new issue(s)`}`);
}

// Who receives each customer's invoice and who pays it.
const owners = resolveOwners(json);
const width = Math.max(...owners.customers.map((c) => c.customerId.length));
console.log("who receives and who pays:");
for (const c of owners.customers) {
  const why = (reason) => (reason.code ?? (reason.customerId ? `follows ${reason.customerId}` : reason.reason));
  const invoice = c.invoiceOwnerId ?? `unresolved (${why(c.invoiceUnresolved)})`;
  const payer = c.paymentOwnerId ?? `unresolved (${why(c.paymentUnresolved)})`;
  console.log(`  ${c.customerId.padEnd(width)}  invoice → ${invoice.padEnd(width)}  paid by ${payer}`);
}
