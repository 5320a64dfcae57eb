#!/usr/bin/env bash
# Builds what the benchmarks load and runs them (numbers, not pass/fail).
# Usage: scripts/bench.sh [hierarchy|invoices] [rounds]   (both when no name is given)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
which="all"
if [ "${1:-}" = hierarchy ] || [ "${1:-}" = invoices ]; then
  which="$1"
  shift
fi
if [ "$which" != invoices ]; then
  node scripts/build-package.mjs --skip-pack
  node bench/hierarchy.mjs "$@"
fi
if [ "$which" != hierarchy ]; then
  # The invoice engine's exports are behind the `invoices` feature until the module
  # fits its size budget with them (Cargo.toml): a Node build of its own.
  rm -rf build/bench-invoices
  wasm-pack build --release --no-pack --target nodejs --out-dir build/bench-invoices \
    --out-name billtree -- --features invoices
  # CommonJS glue, inside a repository whose package.json says "type": "module".
  echo '{ "type": "commonjs" }' > build/bench-invoices/package.json
  # What the invoice functions would weigh in the published module (its budget is
  # checked by the test command; this build is over it, so it is printed, not checked).
  node -e 'const z = require("node:zlib"), f = require("node:fs");
    const size = z.gzipSync(f.readFileSync("build/bench-invoices/billtree_bg.wasm"), { level: 9 }).length;
    console.log(`module with the invoices feature: ${size} bytes gzipped (budget 120000)`);'
  node bench/invoices.mjs "$@"
fi
