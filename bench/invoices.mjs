#!/usr/bin/env node
// The invoice benchmark (issue 7): the full preview for 1k, 10k and 100k customers with
// 10 usage rows each, natively (cargo bench, opt-level 3), in Node wasm (JSON text in,
// the result object out: input crossing and JSON.parse included), and in a
// straightforward decimal.js implementation (bench/invoices-decimaljs.mjs), all on the
// same bytes and checked to give the same totals. Prints a table with the ratios from
// this one run; the targets are shown next to the numbers, never asserted.
//
// Usage: node bench/invoices.mjs [rounds]   (after scripts/bench.sh has built things)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { dataDir, nativeRun, root, rounds, timeMs } from "./common.mjs";
import { invoiceTotals } from "./invoices-decimaljs.mjs";

const native = nativeRun("invoices");

// The module built with the `invoices` feature (scripts/bench.sh), for Node.
const modulePath = join(root, "build", "bench-invoices");
const billtree = createRequire(import.meta.url)(join(modulePath, "billtree.js"));

function sameTotals(label, got, want) {
  const a = JSON.stringify(Object.entries(got).sort());
  const b = JSON.stringify(Object.entries(want).sort());
  if (a !== b) throw new Error(`${label} totals differ from native:\n${a.slice(0, 400)}\n${b.slice(0, 400)}`);
}

const rows = [];
for (const size of [1_000, 10_000, 100_000]) {
  const customers = readFileSync(join(dataDir, `invoice-customers-${size}.json`), "utf8");
  const billing = readFileSync(join(dataDir, `invoice-billing-${size}.json`), "utf8");
  const want = JSON.parse(readFileSync(join(dataDir, `invoice-totals-${size}.json`), "utf8"));

  let preview;
  const cold = timeMs(1, () => (preview = billtree.previewInvoices(customers, billing))).median;
  sameTotals(`wasm ${size}`, Object.fromEntries(preview.invoices.map((i) => [i.customerId, i.totals.amountDue])), want);
  const wasm = timeMs(rounds, () => billtree.previewInvoices(customers, billing));

  let totals;
  const jsRounds = size >= 100_000 ? Math.min(rounds, 3) : rounds;
  const js = timeMs(jsRounds, () => (totals = invoiceTotals(customers, billing)));
  sameTotals(`decimal.js ${size}`, totals, want);

  const nativeMs = native[`invoices${size}`].median;
  rows.push({
    size,
    rows: size * 10,
    native: nativeMs,
    wasmCold: cold,
    wasm: wasm.median,
    js: js.median,
    invoices: preview.invoices.length,
  });
}

// What-ifs on a loaded 100k session, in wasm (the same two as natively).
const whatIfs = {};
{
  const size = 100_000;
  const customers = readFileSync(join(dataDir, `invoice-customers-${size}.json`), "utf8");
  const billing = readFileSync(join(dataDir, `invoice-billing-${size}.json`), "utf8");
  const handle = billtree.sessionOpen(customers);
  try {
    billtree.sessionLoadBilling(handle, billing);
    const cases = {
      usageWhatIf: { usage: [{ customerId: "cus_0000500", meter: "m00", quantity: "5000" }] },
      reparentWhatIf: { edits: [{ op: "setParent", customerId: "cus_0000200", parentId: "cus_0000030" }] },
      datedReparentWhatIf: {
        edits: [{ op: "setParent", customerId: "cus_0000200", parentId: "cus_0000030" }],
        effectiveDate: "2026-11-16",
      },
    };
    for (const [name, whatIf] of Object.entries(cases)) {
      const result = billtree.sessionInvoiceWhatIf(handle, whatIf);
      if (result.changed.length === 0) throw new Error(`${name} changed nothing`);
      whatIfs[name] = timeMs(Math.max(rounds, 11), () => billtree.sessionInvoiceWhatIf(handle, whatIf)).median;
    }
  } finally {
    billtree.sessionFree(handle);
  }
}

// The 100k preview with ten re-parents on ten days (eleven sub-periods) against the
// plain one, in one process (the ratio is what the target is about).
const changes = {};
{
  const size = 100_000;
  const customers = readFileSync(join(dataDir, `invoice-customers-${size}.json`), "utf8");
  const plain = readFileSync(join(dataDir, `invoice-billing-${size}.json`), "utf8");
  const changed = readFileSync(join(dataDir, `invoice-billing-changes-${size}.json`), "utf8");
  const split = billtree.previewInvoices(customers, changed);
  if ((split.subPeriods ?? []).length !== 11) throw new Error(`expected 11 sub-periods, got ${split.subPeriods?.length}`);
  const n = Math.min(rounds, 5);
  changes.plain = timeMs(n, () => billtree.previewInvoices(customers, plain)).median;
  changes.ten = timeMs(n, () => billtree.previewInvoices(customers, changed)).median;
}

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)) + " ms";
console.log("\n| customers | usage rows | native | Node wasm (cold) | Node wasm warm | decimal.js | wasm÷native | decimal.js÷wasm | invoices |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  console.log(
    `| ${r.size.toLocaleString("en")} | ${r.rows.toLocaleString("en")} | ${fmt(r.native)} | ${fmt(r.wasmCold)} | ${fmt(r.wasm)} | ${fmt(r.js)} | ${(r.wasm / r.native).toFixed(2)}× | ${(r.js / r.wasm).toFixed(1)}× | ${r.invoices} |`,
  );
}
console.log("\n| what-if on a loaded 100k session | native | Node wasm |");
console.log("| --- | --- | --- |");
for (const [name, label] of [
  ["usageWhatIf", "usage of one customer"],
  ["reparentWhatIf", "re-parent (11 customers move)"],
  ["datedReparentWhatIf", "re-parent from 16 November (11 customers move mid-period)"],
]) {
  console.log(`| ${label} | ${fmt(native[`${name}100000`].median)} | ${fmt(whatIfs[name])} |`);
}
console.log("\n| 100k preview (1M usage rows) | native | Node wasm |");
console.log("| --- | --- | --- |");
console.log(`| no changes | ${fmt(native.invoices100000.median)} | ${fmt(changes.plain)} |`);
console.log(`| ten re-parents on ten days | ${fmt(native.tenChanges100000.median)} | ${fmt(changes.ten)} |`);
console.log(
  `| ratio (target ≤ 1.5×) | ${(native.tenChanges100000.median / native.invoices100000.median).toFixed(2)}× | ${(changes.ten / changes.plain).toFixed(2)}× |`,
);
const wasmBytes = readFileSync(join(modulePath, "billtree_bg.wasm"));
console.log(`\nmodule with the invoices feature: ${gzipSync(wasmBytes, { level: 9 }).length.toLocaleString("en")} bytes gzipped (budget 120,000)`);
console.log("targets: 10k customers × 100k rows ≤ 30 ms warm in Node wasm; wasm ≤ 1.5× native; ≥ 10× faster than decimal.js; what-ifs < 16 ms");
