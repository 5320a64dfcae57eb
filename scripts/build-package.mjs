#!/usr/bin/env node
// Builds the npm package into build/pkg and packs it into build/billtree-<version>.tgz.
//
// One release compile serves both targets: wasm-pack builds for Node (CommonJS glue) and
// then for the web (ES module glue); the second run finds cargo's artifacts up to date
// and only re-runs wasm-bindgen and wasm-opt. The package is pkg-template/ merged with
// both outputs, then checked with publint.
//
// Usage: node scripts/build-package.mjs [--skip-pack] [--assemble-only]
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const build = join(root, "build");
const pkg = join(build, "pkg");
const skipPack = process.argv.includes("--skip-pack");
// Re-assembles the package from the wasm-pack outputs already in build/ (after a change
// to pkg-template/ or this script only).
const assembleOnly = process.argv.includes("--assemble-only");

function run(command, args, options = {}) {
  execFileSync(command, args, { cwd: root, stdio: "inherit", ...options });
}

function wasmPack(target, outDir, cargoArgs = []) {
  if (assembleOnly) return;
  // A clean output folder: wasm-pack leaves files of earlier builds (old snippets) behind.
  rmSync(outDir, { recursive: true, force: true });
  run("wasm-pack", [
    "build", "--release", "--no-pack",
    "--target", target, "--out-dir", outDir, "--out-name", "billtree",
    ...(cargoArgs.length > 0 ? ["--", ...cargoArgs] : []),
  ]);
}

// Declarations: the raw ones, with the session* functions turned into the methods of
// HierarchySession (their docs included), so the class's types come from the Rust.
function publicDeclarations(rawDeclarations) {
  const sessionFunction =
    /(\/\*\*(?:[^*]|\*(?!\/))*\*\/\n)?export function session(\w+)\(([^)]*)\): ([^;]+);\n\n?/g;
  const members = [];
  const rest = rawDeclarations.replace(sessionFunction, (_, doc = "", name, params, returns) => {
    const indent = (text) => text.replace(/^(?=.)/gm, "  ");
    const ownParams = params.replace(/^handle: number(, )?/, "");
    if (name === "Open") {
      members.unshift(indent(doc) + `  constructor(${ownParams});\n`);
    } else if (name === "Free") {
      members.push(indent(doc) + `  free(): void;\n`);
      members.push(`  /** Calls free(): \`using session = new HierarchySession(...)\` frees it at the end of the block. */\n  [Symbol.dispose](): void;\n`);
    } else if (name === "CustomerCount") {
      members.push(indent(doc) + `  readonly customerCount: ${returns};\n`);
    } else {
      const method = name.charAt(0).toLowerCase() + name.slice(1);
      members.push(indent(doc) + `  ${method}(${ownParams}): ${returns};\n`);
    }
    return "";
  });
  if (members.length < 10) throw new Error(`expected the session* functions in the declarations, found ${members.length}`);
  return (
    rest +
    `\n/**\n * A hierarchy held in wasm memory. Load it once, then ask questions and preview edits;\n` +
    ` * nothing changes until \`applyEdits\`. Call \`free()\` when done (or let \`using\` do it):\n` +
    ` * wasm memory is not garbage-collected promptly. A method called after \`free()\` throws\n` +
    ` * \`SESSION_FREED\`; one called off its object throws \`NOT_A_SESSION\`.\n` +
    ` *\n * @example\n * const session = new HierarchySession(json, { policy: "fynn" });\n` +
    ` * const preview = session.previewEdits({ op: "setParent", customerId: "it", parentId: "eu" });\n` +
    ` * preview.introducedIssues; // what the move would break\n * session.free();\n */\n` +
    `export class HierarchySession {\n${members.join("\n")}}\n` +
    `\n/**\n * Whether \`value\` is an error billtree threw: narrows it to \`BilltreeErrorObject\`, so\n` +
    ` * \`error.code\` can be branched on without a cast.\n *\n * @example\n` +
    ` * try { validateHierarchy(text); } catch (error) {\n` +
    ` *   if (isBilltreeError(error) && error.code === "INVALID_JSON") showWhere(error.details.path);\n` +
    ` *   else throw error;\n * }\n */\n` +
    `export function isBilltreeError(value: unknown): value is BilltreeErrorObject;\n`
  );
}

// The `init` every entry declares: one way of calling that works in every runtime.
function initDeclarations(options, syncOptions, doc, { commonJs = false } = {}) {
  return (
    `\n/**\n${doc}\n */\nexport function init(options?: ${options}): Promise<void>;\n` +
    // `require` has no default export: CommonJS code calls `init` by its name.
    (commonJs ? "" : `/** The same as \`init\`: \`import init from "billtree"\`. */\nexport default init;\n`) +
    `/** \`init\`, synchronously. */\nexport function initSync(options?: ${syncOptions}): void;\n`
  );
}

// The raw glue's own init declarations, replaced by the entries' (which resolve to
// nothing rather than to the module's raw exports).
function withoutRawInit(declarations) {
  const rawInit = /\/\*\*(?:[^*]|\*(?!\/))*\*\/\nexport function initSync\([^;]+;\n\n\/\*\*(?:[^*]|\*(?!\/))*\*\/\nexport default function __wbg_init \([^;]+;\n?/;
  if (!rawInit.test(declarations)) throw new Error("web declarations: expected initSync and __wbg_init");
  return declarations.replace(rawInit, "");
}

// The format adapters (pkg-template/formats/): plain JS, the same in every entry. Their
// names come from the adapters themselves, so the declared union cannot drift from them.
const { FORMATS } = await import(pathToFileURL(join(root, "pkg-template", "formats", "index.mjs")).href);
const FORMATS_DECLARATIONS =
  `\n/** A format \`fromFormat\` reads (see \`FORMATS\`). */\n` +
  `export type FormatName = ${FORMATS.map((f) => JSON.stringify(f.name)).join(" | ")};\n\n` +
  `/** A format's name, and what messages call it ("Chargebee customers"). */\n` +
  `export interface FormatInfo {\n  readonly name: FormatName;\n  readonly label: string;\n}\n\n` +
  `/** Options of \`fromFormat\`. */\nexport interface FromFormatOptions {\n` +
  `  /** The export's format, or \`"auto"\` (the default) to detect it. */\n  format?: FormatName | "auto" | null;\n}\n\n` +
  `/** An export mapped onto billtree's model. */\nexport interface FormatResult {\n` +
  `  /** The format read (the detected one under \`"auto"\`). */\n  format: FormatName;\n` +
  `  /** The customers, ready for every hierarchy function and \`HierarchySession\`. */\n  hierarchy: HierarchyInput;\n` +
  `  /** The parts of a billing input the export carries (Flexprice's subscriptions); absent when none. */\n  billing?: Partial<BillingInput>;\n` +
  `  /** The policy matching the vendor's rules: a preset's name, or a custom policy without limits. */\n  policy: PolicySpec;\n` +
  `  /** What was mapped approximately or left out, one sentence per kind. */\n  notes: string[];\n}\n\n` +
  `/**\n * Maps an export of another billing system (Chargebee, Fynn, Sequence, Flexprice, Kill Bill,\n` +
  ` * Stripe/Metronome payers, CSV, or billtree's own JSON) onto billtree's model. \`input\` is JSON\n` +
  ` * or CSV text, or a parsed value. Pure JavaScript: no \`init()\` needed, in any entry. Throws\n` +
  ` * \`UNKNOWN_FORMAT\` (unknown name, or no format matches), \`INVALID_JSON\` (malformed text, with\n` +
  ` * line and column) or \`INVALID_INPUT\` (a vendor field that cannot be mapped; \`details.path\`).\n *\n` +
  ` * @example\n * const { hierarchy, policy, notes } = fromFormat(chargebeeExportText);\n` +
  ` * const report = validateHierarchy(hierarchy, { policy });\n */\n` +
  `export function fromFormat(input: unknown, options?: FromFormatOptions | null): FormatResult;\n\n` +
  `/** What \`detectFormat\` found. */\nexport interface DetectedFormat {\n  format: FormatName;\n  label: string;\n}\n\n` +
  `/** The format \`input\` is in; throws \`UNKNOWN_FORMAT\` when none matches or two match equally. */\n` +
  `export function detectFormat(input: unknown): DetectedFormat;\n\n` +
  `/** Every format \`fromFormat\` reads, in a fixed order. */\nexport const FORMATS: readonly FormatInfo[];\n`;

const READY_ON_IMPORT =
  " * Nothing to wait for: this entry loads the module when it is imported, so `init()`\n" +
  " * resolves at once and may be called any number of times. Code written the browser\n" +
  " * way (`await init()` first) runs unchanged in Node, in bundles and in tests.";

// Merges pkg-template/ with the Node and web outputs of one wasm-pack build pair into
// `pkg` (a package folder a `require` or an `import` can load). The two builds' .wasm
// files are byte for byte the same: the package holds it once as a file (web/, for the
// `billtree/web` entry, which streams it) and once as base64 (inline/, for every entry
// that is ready on import: Node's require and import, and bundlers, which then need no
// configuration and no file beside their bundle).
function assemble(pkg, nodeOut, webOut) {
  rmSync(pkg, { recursive: true, force: true });
  for (const folder of ["node", "web", "inline"]) mkdirSync(join(pkg, folder), { recursive: true });

  const nodeWasm = readFileSync(join(build, nodeOut, "billtree_bg.wasm"));
  const wasm = readFileSync(join(build, webOut, "billtree_bg.wasm"));
  if (!nodeWasm.equals(wasm)) throw new Error("the Node and web builds' .wasm differ: the package cannot share one");
  for (const file of ["billtree_bg.wasm", "billtree_bg.wasm.d.ts"]) {
    copyFileSync(join(build, webOut, file), join(pkg, "web", file));
  }
  // The web glue finds its .wasm with `new URL(..., import.meta.url)`, which bundlers turn
  // into an emitted asset: that moves to web/index.js, so a bundle of the inlined entry
  // (which shares this glue) carries no unused copy of the .wasm.
  const webGlue = readFileSync(join(build, webOut, "billtree.js"), "utf8");
  const defaultUrl = "module_or_path = new URL('billtree_bg.wasm', import.meta.url);";
  if (!webGlue.includes(defaultUrl)) throw new Error("web glue: expected its default .wasm URL");
  writeFileSync(
    join(pkg, "web", "billtree.js"),
    webGlue.replace(defaultUrl, 'throw new Error("billtree: the entry gives init() the module");'),
  );
  // The .wasm's exports for a `require` of its path (web/ is an ES module folder).
  copyFileSync(join(build, webOut, "billtree_bg.wasm.d.ts"), join(pkg, "web", "billtree_bg.wasm.d.cts"));
  for (const [target, out] of [["node", nodeOut], ["web", webOut]]) {
    if (existsSync(join(build, out, "snippets"))) {
      cpSync(join(build, out, "snippets"), join(pkg, target, "snippets"), { recursive: true });
    }
  }
  writeFileSync(
    join(pkg, "inline", "wasm-bytes.cjs"),
    `"use strict";\n// billtree's .wasm (the same bytes as web/billtree_bg.wasm) in base64, so the entries that\n` +
      `// are ready on import need no file system, fetch or bundler configuration\n` +
      `// (generated by build-package.mjs). CommonJS, so Node's require can load it too.\n` +
      `const base64 = "${wasm.toString("base64")}";\n\n` +
      `/** The module's bytes. */\nmodule.exports = function wasmBytes() {\n` +
      `  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(base64);\n` +
      `  if (typeof Buffer === "function") return Buffer.from(base64, "base64");\n` +
      `  const text = atob(base64);\n  const bytes = new Uint8Array(text.length);\n` +
      `  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);\n  return bytes;\n};\n`,
  );
  // The Node glue reads its .wasm from beside itself, which a bundle for Node does not
  // carry along (ENOENT): it takes the inlined bytes instead.
  const nodeGlue = readFileSync(join(build, nodeOut, "billtree.js"), "utf8");
  const readWasm = "const wasmPath = `${__dirname}/billtree_bg.wasm`;\nconst wasmBytes = require('fs').readFileSync(wasmPath);\n";
  if (!nodeGlue.includes(readWasm)) throw new Error("node glue: expected it to read billtree_bg.wasm with readFileSync");
  writeFileSync(join(pkg, "node", "billtree.js"), nodeGlue.replace(readWasm, "const wasmBytes = require('../inline/wasm-bytes.cjs')();\n"));

  const manifest = JSON.parse(readFileSync(join(root, "pkg-template", "package.json"), "utf8"));
  manifest.version = version;
  writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  cpSync(join(root, "pkg-template", "README.md"), join(pkg, "README.md"));
  // The command line, over the Node entry (`npx billtree`).
  mkdirSync(join(pkg, "cli"), { recursive: true });
  cpSync(join(root, "pkg-template", "cli.cjs"), join(pkg, "cli", "billtree.cjs"));
  for (const licence of ["LICENSE-MIT", "LICENSE-APACHE"]) cpSync(join(root, licence), join(pkg, licence));

  // The web and inline entries are ES modules; tell Node (and publint) so, since the
  // package root is CommonJS for the Node glue.
  for (const folder of ["web", "inline"]) {
    writeFileSync(join(pkg, folder, "package.json"), JSON.stringify({ type: "module" }, null, 2) + "\n");
  }

  // The public API (pkg-template/facade.mjs) over each raw build: as an ES module for the
  // web, as CommonJS for Node's require.
  const facade = readFileSync(join(root, "pkg-template", "facade.mjs"), "utf8");
  const exportLine = "export function publicApi(raw, isReady) {";
  if (!facade.includes(exportLine)) throw new Error("facade.mjs: expected `" + exportLine + "`");
  writeFileSync(join(pkg, "web", "facade.js"), facade);
  writeFileSync(
    join(pkg, "node", "facade.cjs"),
    '"use strict";\n' + facade.replace(exportLine, "function publicApi(raw, isReady) {") + "\nmodule.exports = { publicApi };\n",
  );
  // The format adapters (pkg-template/formats/), bundled: as an ES module for the web and
  // inline entries, as CommonJS for Node's require and the CLI. Both are called formats.js
  // (web/ is an ES module folder, node/ a CommonJS one) and minified under 32 KB: npm pack
  // orders files by extension and name, so the two sit side by side in the tarball and
  // gzip's 32 KB window stores the second almost for free (about 9 KB of the 330 KB budget
  // instead of 30 KB for readable copies; the readable sources are in the repository).
  const esbuild = createRequire(import.meta.url)("esbuild");
  for (const [format, outfile] of [["esm", join(pkg, "web", "formats.js")], ["cjs", join(pkg, "node", "formats.js")]]) {
    esbuild.buildSync({
      entryPoints: [join(root, "pkg-template", "formats", "index.mjs")],
      outfile,
      bundle: true,
      format,
      platform: "neutral",
      target: "es2022",
      minify: true,
      legalComments: "none",
      banner: { js: "// billtree's format adapters (pkg-template/formats/ in its repository), bundled by build-package.mjs." },
      logLevel: "warning",
    });
  }
  // The preview widgets (pkg-template/elements/index.mjs): custom elements around the
  // preview page's own view modules (www/tree-view.js, www/invoice-view.js, ...), bundled
  // and minified into one browser ES module with its hand-written declarations.
  mkdirSync(join(pkg, "elements"), { recursive: true });
  esbuild.buildSync({
    entryPoints: [join(root, "pkg-template", "elements", "index.mjs")],
    outfile: join(pkg, "elements", "index.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    banner: { js: "// billtree's preview widgets (pkg-template/elements/ and www/ in its repository), bundled by build-package.mjs." },
    logLevel: "warning",
  });
  // Node's require gets a stub (the names, nothing to define), with its own declarations.
  for (const file of ["index.d.ts", "node.cjs", "node.d.cts"]) {
    cpSync(join(root, "pkg-template", "elements", file), join(pkg, "elements", file));
  }
  writeFileSync(join(pkg, "elements", "package.json"), JSON.stringify({ type: "module" }, null, 2) + "\n");
  const readyInit = "/** Harmless: the module is loaded on import (see the declarations). */\n" +
    "async function init() {}\n/** Harmless, like init(). */\nfunction initSync() {}\n";
  writeFileSync(
    join(pkg, "node", "index.js"),
    `"use strict";\n// CommonJS entry for Node (generated by build-package.mjs): ready on require.\n` +
      `const { publicApi } = require("./facade.cjs");\n\n${readyInit}\n` +
      `module.exports = { ...publicApi(require("./billtree.js")), ...require("./formats.js"), init, initSync };\n`,
  );
  const requireFromPkg = createRequire(join(pkg, "node", "index.js"));
  const names = Object.keys(requireFromPkg("./index.js")).filter((n) => n !== "init" && n !== "initSync").sort();
  const destructure = (list) => `export const {\n${list.map((n) => `  ${n},`).join("\n")}\n}`;
  const api = destructure(names);
  // The web and inline entries re-export the adapters from their ES modules instead.
  const formatNames = new Set(["FORMATS", "detectFormat", "fromFormat"]);
  if (![...formatNames].every((n) => names.includes(n))) throw new Error("node/index.js: expected the format adapters' exports");
  const wasmApi = destructure(names.filter((n) => !formatNames.has(n)));
  writeFileSync(
    join(pkg, "node", "index.mjs"),
    `// ES module entry for Node: re-exports the CommonJS entry (generated by build-package.mjs).\n` +
      `import billtree from "./index.js";\n\n${api} = billtree;\n` +
      `export const { init, initSync } = billtree;\nexport default billtree.init;\n`,
  );
  writeFileSync(
    join(pkg, "inline", "index.js"),
    `// ES module entry for browsers, bundlers, Deno and Bun (generated by build-package.mjs):\n` +
      `// the module is compiled from the inlined bytes on import, so nothing needs init().\n` +
      `import * as raw from "../web/billtree.js";\nimport { publicApi } from "../web/facade.js";\n` +
      `import wasmBytes from "./wasm-bytes.cjs";\n\nraw.initSync({ module: wasmBytes() });\n\n${readyInit}\n` +
      `export { init as default, init, initSync };\n` +
      `export { FORMATS, detectFormat, fromFormat } from "../web/formats.js";\n${wasmApi} = publicApi(raw);\n`,
  );
  writeFileSync(
    join(pkg, "web", "index.js"),
    `// ES module entry for pages that stream the .wasm (generated by build-package.mjs):\n` +
      `// \`await init()\` once before anything else; a call made earlier throws NOT_INITIALIZED.\n` +
      `import rawInit, * as raw from "./billtree.js";\nimport { publicApi } from "./facade.js";\n\n` +
      `// The format adapters are plain JS: ready before init().\nexport { FORMATS, detectFormat, fromFormat } from "./formats.js";\n\n` +
      `let ready = false;\n\n/** Loads the module (fetches billtree_bg.wasm beside this file unless told where). */\n` +
      `export default async function init(options) {\n` +
      `  const given = options != null && (Object.getPrototypeOf(options) !== Object.prototype || options.module_or_path !== undefined);\n` +
      `  await rawInit(given ? options : { module_or_path: new URL("./billtree_bg.wasm", import.meta.url) });\n  ready = true;\n}\n\n` +
      `/** Loads the module from its bytes or a compiled WebAssembly.Module. */\n` +
      `export function initSync(options) {\n  raw.initSync(options);\n  ready = true;\n}\n\nexport { init };\n` +
      `${wasmApi} = publicApi(raw, () => ready);\n`,
  );

  // The API's declarations are written once (types/api.d.ts, ~70 KB) and re-exported by
  // each entry with its own `init`: four copies did not compress together in the tarball
  // (gzip's window is 32 KB) and cost ~36 KB of it. They come from the Node build (the
  // web build's also declare the glue's InitOutput, the raw exports, which is not API).
  const apiDeclarations = publicDeclarations(readFileSync(join(build, nodeOut, "billtree.d.ts"), "utf8"));
  mkdirSync(join(pkg, "types"), { recursive: true });
  writeFileSync(
    join(pkg, "types", "api.d.ts"),
    "// billtree's API, shared by every entry's declarations (generated by build-package.mjs).\n" +
      apiDeclarations + FORMATS_DECLARATIONS,
  );
  // CommonJS declarations resolve without an extension; ES module ones need `.js`.
  writeFileSync(
    join(pkg, "node", "index.d.ts"),
    'export * from "../types/api";\n' + initDeclarations("unknown", "unknown", READY_ON_IMPORT, { commonJs: true }),
  );
  // The `import` condition's; an .d.mts so TypeScript reads them as ESM.
  writeFileSync(
    join(pkg, "node", "index.d.mts"),
    'export * from "../types/api.js";\n' + initDeclarations("unknown", "unknown", READY_ON_IMPORT),
  );
  writeFileSync(
    join(pkg, "inline", "index.d.ts"),
    'export * from "../types/api.js";\n' + initDeclarations("unknown", "unknown", READY_ON_IMPORT),
  );
  const webGlueDeclarations = readFileSync(join(build, webOut, "billtree.d.ts"), "utf8");
  const initTypes = webGlueDeclarations.match(/^export type (Sync)?InitInput = [^;]+;\n/gm) ?? [];
  if (initTypes.length !== 2) throw new Error("web declarations: expected InitInput and SyncInitInput");
  writeFileSync(
    join(pkg, "web", "index.d.ts"),
    'export * from "../types/api.js";\n' + initTypes.join("") +
      initDeclarations(
        "{ module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>",
        "{ module: SyncInitInput } | SyncInitInput",
        " * Loads the module: call it once, and wait for it, before anything else. Without\n" +
          " * options it fetches `billtree_bg.wasm` from beside this file; give `module_or_path`\n" +
          " * (a URL, a Response, bytes or a compiled module) when it is served elsewhere. A\n" +
          " * function called before it has finished throws `NOT_INITIALIZED`.",
      ),
  );
}

const version = readFileSync(join(root, "Cargo.toml"), "utf8").match(/^version = "([^"]+)"/m)[1];

wasmPack("nodejs", join(build, "wasm-node"));
wasmPack("web", join(build, "wasm-web"));
assemble(pkg, "wasm-node", "wasm-web");

// The same package with the consolidated-invoice engine (the `invoices` feature) for the
// preview page and `scripts/preview-invoices.mjs`. It is not published: with the engine
// the module is over the 120 KB budget the test command checks on build/pkg (README).
wasmPack("nodejs", join(build, "wasm-node-invoices"), ["--features", "invoices"]);
wasmPack("web", join(build, "wasm-web-invoices"), ["--features", "invoices"]);
assemble(join(build, "pkg-invoices"), "wasm-node-invoices", "wasm-web-invoices");

run(join(root, "node_modules", ".bin", "publint"), ["--strict", pkg]);

if (!skipPack) {
  const packed = execFileSync("npm", ["pack", "--pack-destination", build, "--loglevel=error"], {
    cwd: pkg,
    encoding: "utf8",
  }).trim().split("\n").pop();
  console.log(`packed ${join(build, packed)}`);
}
