#!/usr/bin/env node
// The hierarchy benchmark: native (cargo bench, opt-level 3) and wasm in Node on the
// same inputs, with the ratios computed in this one run. Prints a table; the targets
// from the issue are shown next to the numbers, never asserted (this is not a test).
//
// Usage: node bench/hierarchy.mjs [rounds]   (after scripts/bench.sh has built things)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { dataDir, nativeRun, root, rounds, timeMs } from "./common.mjs";

const native = nativeRun("hierarchy");

const billtree = createRequire(import.meta.url)(join(root, "build", "pkg"));

const rows = [];
for (const size of [10_000, 100_000, 1_000_000]) {
  const json = readFileSync(join(dataDir, `hierarchy-${size}.json`), "utf8");
  const cold = timeMs(1, () => billtree.validateHierarchy(json)).median;
  const warm = timeMs(rounds, () => {
    const report = billtree.validateHierarchy(json);
    if (!report.valid) throw new Error("the benchmark input should be valid");
  });
  // A reference point, not a competitor: V8's own JSON.parse of the same text.
  const jsonParse = timeMs(Math.min(rounds, 3), () => JSON.parse(json)).median;
  rows.push({ size, native: native[`validate${size}`], cold, warm, jsonParse });
}

// Hash flooding: 40,000 ids sharing one Fx hash against 40,000 ordinary ids.
const floodRows = [];
for (const [label, file, nativeKey] of [
  ["ordinary ids", "ordinary-40000.json", "ordinary40000"],
  ["ids sharing one Fx hash", "flood-wasm-40000.json", "flood40000"],
]) {
  const json = readFileSync(join(dataDir, file), "utf8");
  const wasm = timeMs(rounds, () => billtree.validateHierarchy(json));
  floodRows.push({ label, native: native[nativeKey], wasm });
}

const json100k = readFileSync(join(dataDir, "hierarchy-100000.json"), "utf8");
const session = new billtree.HierarchySession(json100k);
const edit = { op: "setParent", customerId: "cus_0000111", parentId: "cus_0000022" };
session.previewEdits(edit);
const whatIf = timeMs(Math.max(rounds, 21), () => session.previewEdits(edit));
session.free();

// Owner resolution from JSON text, and a billing what-if on a loaded session.
const ownerRows = [];
for (const size of [100_000, 1_000_000]) {
  const json = readFileSync(join(dataDir, `owners-${size}.json`), "utf8");
  const wasm = timeMs(rounds, () => {
    const report = billtree.resolveOwners(json);
    if (report.issues.length) throw new Error("the benchmark owners should all resolve");
  });
  ownerRows.push({ size, native: native[`owners${size}`], wasm });
}
const billed = new billtree.HierarchySession(readFileSync(join(dataDir, "owners-100000.json"), "utf8"));
const billingEdit = { op: "setBillingSettings", customerId: "cus_0000001", settings: {} };
const billingChanges = billed.previewEdits(billingEdit).ownerChanges.length;
const billingWhatIf = timeMs(Math.max(rounds, 21), () => billed.previewEdits(billingEdit));
billed.free();

const wasmBytes = readFileSync(join(root, "build", "pkg", "web", "billtree_bg.wasm"));
const gzipped = gzipSync(wasmBytes, { level: 9 }).length;

const ms = (value) => `${value.toFixed(1).padStart(7)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2).padStart(5)}×`;
console.log(`\nvalidate a hierarchy from JSON text (parse, index, validate, report out); ${rounds} rounds, median and best`);
console.log("customers | native median / best  | wasm median / best    | wasm÷native median / best (target ≤ 1.5×) | wasm 1st call | JSON.parse alone");
for (const { size, native: n, cold, warm, jsonParse } of rows) {
  console.log(
    `${String(size).padStart(9)} |${ms(n.median)} /${ms(n.best)} |${ms(warm.median)} /${ms(warm.best)} | ` +
      `${ratio(warm.median, n.median)} / ${ratio(warm.best, n.best)}                           |${ms(cold)}    |${ms(jsonParse)}`,
  );
}
console.log(`\nvalidate 40,000 flat customers: ordinary ids against ids crafted to share one Fx hash (target: flood within 2× of ordinary)`);
for (const { label, native: n, wasm } of floodRows) {
  console.log(`${label.padEnd(24)} | native ${ms(n.median)} | wasm ${ms(wasm.median)}`);
}
console.log(
  `flood ÷ ordinary: native ${ratio(floodRows[1].native.median, floodRows[0].native.median)}, ` +
    `wasm ${ratio(floodRows[1].wasm.median, floodRows[0].wasm.median)}`,
);
console.log(`\nwhat-if re-parent on a loaded 100,000-customer session (preview, full report out to JS; target < 16 ms)`);
console.log(
  `native ${native.whatIf100000.median.toFixed(2)} ms, wasm ${whatIf.median.toFixed(2)} ms median / ${whatIf.best.toFixed(2)} ms best, ` +
    `ratio ${ratio(whatIf.median, native.whatIf100000.median)}`,
);
console.log(`\nresolve owners from JSON text (parse, index, resolve, every customer's owners out; settings of every way)`);
console.log("customers | native median / best  | wasm median / best    | wasm÷native median / best (target ≤ 1.5×)");
for (const { size, native: n, wasm } of ownerRows) {
  console.log(`${String(size).padStart(9)} |${ms(n.median)} /${ms(n.best)} |${ms(wasm.median)} /${ms(wasm.best)} | ${ratio(wasm.median, n.median)} / ${ratio(wasm.best, n.best)}`);
}
console.log(`\nbilling what-if on a loaded 100,000-customer session with settings (${billingChanges} customers' owners change; recomputes every owner; target < 16 ms)`);
console.log(
  `native ${native.billingWhatIf100000.median.toFixed(2)} ms, wasm ${billingWhatIf.median.toFixed(2)} ms median / ${billingWhatIf.best.toFixed(2)} ms best, ` +
    `ratio ${ratio(billingWhatIf.median, native.billingWhatIf100000.median)}`,
);
console.log(`\nmodule: ${wasmBytes.length} bytes raw, ${gzipped} bytes gzipped (budget 120,000 with every capability)`);
