#!/usr/bin/env bash
# Builds the package and runs the benchmarks (numbers, not pass/fail).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
node scripts/build-package.mjs --skip-pack
node bench/hierarchy.mjs "$@"
