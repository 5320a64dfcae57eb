#!/usr/bin/env node
// The invoice outputs must match their TypeScript declarations: every native output of
// the invoice and period fixtures (tests/fixtures/outputs/, the bytes the wasm tests
// also check) becomes an object literal typed as `InvoicePreview` from the built
// package's declarations, and tsc checks it. A field the output omits but the types call
// required, or a field the output has and the types do not name, fails here.
//
// Usage: node tests/types/check-outputs.mjs   (after scripts/build-package.mjs)
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "build", "types-check");
mkdirSync(out, { recursive: true });

const cases = ["invoices.json", "periods.json"].flatMap(
  (file) => JSON.parse(readFileSync(join(root, "tests", "fixtures", "outputs", file), "utf8")).cases,
);
// Outputs are result texts; a case that expects an error records `{ error }` instead.
const isText = (output) => typeof output === "string";
const texts = cases.flatMap((c) => c.outputs.filter(isText));
if (texts.length < 10) throw new Error(`expected the invoice fixture outputs, found ${texts.length}`);
// One constant per output, so a mismatch names the case it came from.
const constants = cases.flatMap((c, i) =>
  c.outputs.map((text, j) =>
    isText(text) ? `// ${c.name.replace(/\n/g, " ")}\nexport const case${i}_${j}: InvoicePreview = ${text};\n` : "",
  ),
);
writeFileSync(
  join(out, "outputs.mts"),
  `import type { InvoicePreview } from "../pkg-invoices/node/index.js";\n\n${constants.join("\n")}`,
);
writeFileSync(
  join(out, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: "node16", moduleResolution: "node16", target: "es2022", lib: ["es2022", "esnext.disposable"], types: [] },
    files: ["outputs.mts"],
  }, null, 2),
);
execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(out, "tsconfig.json")], { stdio: "inherit" });
console.log(`tsc: ${texts.length} invoice outputs match the InvoicePreview declarations`);
