#!/usr/bin/env node
// Prints the consolidated invoices of the built-in sample (or of the files given) as
// text invoices: per-customer sections with their lines, then the totals pipeline.
// Uses build/pkg-invoices, the package built with the invoice engine (build-package.mjs).
//
// Usage: node scripts/preview-invoices.mjs [hierarchy.json] [billing.json]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { previewInvoices } = createRequire(import.meta.url)(join(root, "build", "pkg-invoices"));
const hierarchy = readFileSync(process.argv[2] ?? join(root, "www", "sample-hierarchy.json"), "utf8");
const billing = readFileSync(process.argv[3] ?? join(root, "www", "sample-billing.json"), "utf8");

const preview = previewInvoices(hierarchy, billing);
const WIDTH = 78;
const money = (amount, currency) => `${amount} ${currency}`;
const row = (left, right, indent = 0) => {
  const text = " ".repeat(indent) + left;
  const room = WIDTH - right.length - 1;
  return ((text.length > room ? text.slice(0, room - 1) + "…" : text.padEnd(room)) + " " + right).trimEnd();
};

console.log(`Invoices for ${preview.period.start} – ${preview.period.end} (end exclusive), currency policy: ${preview.currencyPolicy}`);
for (const invoice of preview.invoices) {
  const c = invoice.currency;
  console.log("\n" + "=".repeat(WIDTH));
  const to = invoice.sections[0]?.name ?? invoice.customerId;
  console.log(`${to} (${invoice.customerId}) · ${c} · ${invoice.kind}` +
    (invoice.kind === "summarized" ? ` onto ${invoice.invoiceOwnerId}'s invoice` : "") +
    ` · paid by ${invoice.payerId ?? "unresolved"}`);
  console.log("-".repeat(WIDTH));
  for (const section of invoice.sections) {
    const indent = 2 * section.depth;
    console.log(row(`${section.name} (${section.customerId}), tax ${section.taxPercent}%`, `subtotal ${money(section.totals.total, c)}`, indent));
    for (const line of section.lines) {
      const quantity = line.quantity === undefined ? "" : ` × ${line.quantity}`;
      const mode = line.mode ? ` [${line.mode}]` : "";
      console.log(row(`${line.description}${quantity}${mode}`, money(line.amount, c), indent + 2));
      for (const tier of line.tiers ?? []) {
        console.log(row(`tier ${tier.quantity} @ ${tier.unitAmount}`, tier.amount, indent + 6));
      }
      for (const discount of line.discounts ?? []) {
        console.log(row(`discount ${discount.discountId}`, `-${discount.amount}`, indent + 6));
      }
      for (const part of line.breakdown ?? []) {
        console.log(row(`${part.customerId} used ${part.quantity}`, "", indent + 6));
      }
    }
  }
  console.log("-".repeat(WIDTH));
  const t = invoice.totals;
  // Subtracted steps get a minus unless they are zero (amounts are exact decimal strings).
  const minus = (amount) => (/^[0.]+$/.test(amount) ? amount : `-${amount}`);
  const steps = [
    ["lines", t.lines], ["discounts", minus(t.discounts)], ["minimum-commitment true-up", t.trueUp],
    ["net", t.net], ["tax", t.tax], ["carried from summarized invoices", t.carried],
    ["total", t.total], ["credits", minus(t.credits)], ["amount due", t.amountDue],
  ];
  for (const [label, amount] of steps) console.log(row(label, money(amount, c), 30));
}
if (preview.issues.length > 0) {
  console.log(`\n${preview.issues.length} billing issue(s):`);
  for (const issue of preview.issues) console.log(`  ${issue.code.padEnd(28)} ${issue.message}`);
}
