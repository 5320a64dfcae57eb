#!/usr/bin/env node
// The hierarchy benchmark: native (cargo bench, opt-level 3) and wasm in Node on the
// same inputs, with the ratios computed in this one run. Prints a table; the targets
// from the issue are shown next to the numbers, never asserted (this is not a test).
//
// Usage: node bench/hierarchy.mjs [rounds]   (after scripts/bench.sh has built things)
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const rounds = Number(process.argv[2] ?? 5);
const dataDir = join(root, "target", "bench-data");
mkdirSync(dataDir, { recursive: true });

console.log("native: cargo bench --bench hierarchy (writes the inputs, measures opt-level 3)…");
const nativeOut = execFileSync("cargo", ["bench", "--quiet", "--bench", "hierarchy", "--", dataDir, String(rounds)], {
  cwd: root,
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
const native = JSON.parse(nativeOut.trim().split("\n").pop());

const billtree = createRequire(import.meta.url)(join(root, "build", "pkg"));

function medianMs(count, run) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const rows = [];
for (const size of [10_000, 100_000, 1_000_000]) {
  const json = readFileSync(join(dataDir, `hierarchy-${size}.json`), "utf8");
  const cold = medianMs(1, () => billtree.validateHierarchy(json));
  const warm = medianMs(rounds, () => {
    const report = billtree.validateHierarchy(json);
    if (!report.valid) throw new Error("the benchmark input should be valid");
  });
  rows.push({ size, native: native[`validate${size}`], cold, warm });
}

const json100k = readFileSync(join(dataDir, "hierarchy-100000.json"), "utf8");
const session = new billtree.HierarchySession(json100k);
const edit = { op: "setParent", customerId: "cus_0000111", parentId: "cus_0000022" };
const whatIfWasm = medianMs(1, () => session.previewEdits(edit)) && medianMs(Math.max(rounds, 20), () => session.previewEdits(edit));
session.free();

const wasmBytes = readFileSync(join(root, "build", "pkg", "web", "billtree_bg.wasm"));
const gzipped = gzipSync(wasmBytes, { level: 9 }).length;

const fmt = (ms) => `${ms.toFixed(1).padStart(8)} ms`;
console.log("\nvalidate a hierarchy from JSON text (parse, index, validate, report out)");
console.log("customers  | native    | wasm warm | wasm÷native (target ≤ 1.5×) | wasm first call");
for (const { size, native: n, cold, warm } of rows) {
  console.log(`${String(size).padStart(10)} |${fmt(n)} |${fmt(warm)} | ${(warm / n).toFixed(2).padStart(5)}×                      |${fmt(cold)}`);
}
console.log(`\nwhat-if re-parent on a loaded 100,000-customer session (preview with full report out)`);
console.log(`native ${whatIfWasm ? native.whatIf100000.toFixed(2) : "?"} ms, wasm ${whatIfWasm.toFixed(2)} ms (target < 16 ms), ratio ${(whatIfWasm / native.whatIf100000).toFixed(2)}×`);
console.log(`\nmodule: ${wasmBytes.length} bytes raw, ${gzipped} bytes gzipped = ${(gzipped / 1024).toFixed(1)} KiB (target < 80 KB)`);
