#!/usr/bin/env bash
# Runs every test billtree has, after installing what they need (scripts/setup.sh).
# This is the README's test command and the only thing CI (.ci/run) calls.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

step() { printf '\n=== %s\n' "$*"; }
fail() { printf '\n*** %s\n' "$*" >&2; exit 1; }

# Runs a wasm test command and insists that tests really ran (the runner exits 0 when
# a browser run silently skips everything), and, for the browser, that it was Chromium.
check_wasm_run() {
  local label="$1" log="$2" expect_browser="$3"
  local passed
  passed=$(grep -Eo 'test result: ok\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
  [ "$passed" -gt 0 ] || fail "$label: no wasm tests ran"
  if [ "$expect_browser" = yes ]; then
    grep -q 'Running headless tests in Chrome' "$log" || fail "$label: tests did not run in Chromium"
  fi
  printf '%s: %s wasm tests passed\n' "$label" "$passed"
}

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

step "format"
cargo fmt --all -- --check

step "clippy, native and wasm32, warnings denied"
cargo clippy --locked --all-targets -- -D warnings
# Both builds of the module: the published one, and the one with the invoice engine's
# exports (the `invoices` feature, which the wasm tests use).
cargo clippy --locked --all-targets --target wasm32-unknown-unknown -- -D warnings
cargo clippy --locked --all-targets --target wasm32-unknown-unknown --features invoices -- -D warnings

step "native tests (core, fixtures, properties, a million customers)"
cargo test --locked

step "wasm tests in Node"
cargo test --locked --release --target wasm32-unknown-unknown --features invoices --test wasm_boundary 2>&1 | tee "$logs/node.log"
check_wasm_run "Node" "$logs/node.log" no

step "wasm tests in headless Chromium"
WASM_BINDGEN_USE_BROWSER=1 cargo test --locked --release --target wasm32-unknown-unknown --features invoices --test wasm_boundary 2>&1 | tee "$logs/browser.log"
check_wasm_run "Chromium" "$logs/browser.log" yes

step "npm package: build, publint, pack"
node scripts/build-package.mjs
tarball="$(ls -t build/billtree-*.tgz | head -1)"

step "invoice outputs against their TypeScript declarations (tsc)"
node tests/types/check-outputs.mjs

step "size budgets (gzipped .wasm, every capability in it; the tarball)"
budget=120000
size=$(node -e 'const z=require("node:zlib"),f=require("node:fs");console.log(z.gzipSync(f.readFileSync(process.argv[1]),{level:9}).length)' build/pkg/web/billtree_bg.wasm)
echo "billtree_bg.wasm: $size bytes gzipped (budget $budget)"
[ "$size" -le "$budget" ] || fail "the module is $size bytes gzipped, over the $budget-byte budget"
# The tarball: the .wasm once as a file (billtree/web) and once inlined as base64 (every
# other entry), plus glue, declarations (once, in types/api.d.ts), the format adapters
# and the elements: about 2.4x the gzipped .wasm plus ~60 KB. 330 KB is what that comes
# to with the .wasm at its own budget (289 KB with it at 95 KB).
tarball_budget=330000
tarball_size=$(stat -c %s "$tarball")
echo "$(basename "$tarball"): $tarball_size bytes (budget $tarball_budget)"
[ "$tarball_size" -le "$tarball_budget" ] || fail "the tarball is $tarball_size bytes, over the $tarball_budget-byte budget"
# The build with the invoice engine (the page's): printed, not checked, until it fits.
full=$(node -e 'const z=require("node:zlib"),f=require("node:fs");console.log(z.gzipSync(f.readFileSync(process.argv[1]),{level:9}).length)' build/pkg-invoices/web/billtree_bg.wasm)
echo "with the invoice engine (build/pkg-invoices, not published): $full bytes gzipped"

step "npm package: installed into a temporary folder, as a consumer would"
consumer="$logs/consumer"
mkdir -p "$consumer"
cp tests/node/*.mjs tests/node/*.test.cjs tests/node/*.mts tests/node/*.cts tests/node/tsconfig.json www/sample-hierarchy.json "$consumer/"
(cd "$consumer" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "$OLDPWD/$tarball")
(cd "$consumer" && BILLTREE_FIXTURES="$OLDPWD/tests/fixtures" node --test)
(cd "$consumer" && "$OLDPWD/node_modules/.bin/tsc" -p tsconfig.json)
echo "tsc: consumer files type-check against the package"

step "npm package: types of every entry, under every resolution (@arethetypeswrong/cli)"
node_modules/.bin/attw "$tarball"

step "npm package: bundled by esbuild, Vite (build and dev), webpack 5, bun build; run by Bun and Deno; a plain page; Node's test runner; pages in Chromium"
BILLTREE_TARBALL="$PWD/$tarball" node --test tests/bundlers/

step "the page in headless Chromium"
node --test tests/page/

step "all tests passed"
