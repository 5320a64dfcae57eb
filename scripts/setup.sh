#!/usr/bin/env bash
# Installs every tool billtree's build and tests need, from the registries, and
# skips what is already present at the right version. Safe to run again and again.
# Source it (`. scripts/setup.sh`) to also get the PATH it sets up.
set -euo pipefail

BILLTREE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WASM_BINDGEN_VERSION="0.2.130" # must equal the `wasm-bindgen = "=…"` pin in Cargo.toml
WASM_PACK_VERSION="0.15.1"

say() { printf '[setup] %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# rustfmt and clippy ship with the default profile, but a minimal toolchain lacks them.
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding rustup component $component"
    rustup component add "$component"
  fi
done

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # No --locked: the CLI's own lockfile wants a crate version the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(wasm-pack --version 2>/dev/null || true)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION (about 1.5 minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing Debian chromium and chromium-driver"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# npm packages from the lockfile; reinstall only when the lockfile changed.
stamp="$BILLTREE_ROOT/node_modules/.billtree-lock-stamp"
lock_hash="$(sha256sum "$BILLTREE_ROOT/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  say "installing npm packages from package-lock.json"
  (cd "$BILLTREE_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" >"$stamp"
fi

# Deno for the package tests, from npm but outside the lockfile: the registry mirror
# holds only its linux-x64 binary, and a lockfile naming the other platforms' packages
# cannot be installed with npm ci. Pinned, and skipped when present.
DENO_VERSION="2.9.6"
deno_bin="$BILLTREE_ROOT/.tools/deno/node_modules/.bin/deno"
if [ "$("$deno_bin" --version 2>/dev/null | head -1 | cut -d' ' -f2)" != "$DENO_VERSION" ]; then
  say "installing deno $DENO_VERSION (npm) into .tools/deno"
  npm install --prefix "$BILLTREE_ROOT/.tools/deno" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "deno@$DENO_VERSION"
fi

# wasm-pack takes the first wasm-opt on PATH without checking it: put the npm binaryen
# (v132) first so Debian's broken v108 is never picked up.
export PATH="$BILLTREE_ROOT/node_modules/.bin:$PATH"
if [ "$(wasm-opt --version)" != "wasm-opt version 132 (version_132)" ]; then
  echo "[setup] wasm-opt on PATH is not npm binaryen 132: $(command -v wasm-opt)" >&2
  exit 1
fi
