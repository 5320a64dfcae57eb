#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the package, prints a
# validation report and the consolidated invoices of the built-in sample from Node, and
# serves the preview page on 127.0.0.1 (PORT, default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
node scripts/build-package.mjs --skip-pack
node scripts/preview-sample.mjs
node scripts/preview-invoices.mjs
exec node scripts/serve.mjs "${PORT:-8080}"
