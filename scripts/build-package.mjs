#!/usr/bin/env node
// Builds the npm package into build/pkg and packs it into build/billtree-<version>.tgz.
//
// One release compile serves both targets: wasm-pack builds for Node (CommonJS glue) and
// then for the web (ES module glue); the second run finds cargo's artifacts up to date
// and only re-runs wasm-bindgen and wasm-opt. The package is pkg-template/ merged with
// both outputs, then checked with publint.
//
// Usage: node scripts/build-package.mjs [--skip-pack]
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const build = join(root, "build");
const pkg = join(build, "pkg");
const skipPack = process.argv.includes("--skip-pack");

function run(command, args, options = {}) {
  execFileSync(command, args, { cwd: root, stdio: "inherit", ...options });
}

function wasmPack(target, outDir, cargoArgs = []) {
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

// Merges pkg-template/ with the Node and web outputs of one wasm-pack build pair into
// `pkg` (a package folder a `require` or an `import` can load).
function assemble(pkg, nodeOut, webOut) {
  rmSync(pkg, { recursive: true, force: true });
  mkdirSync(join(pkg, "node"), { recursive: true });
  mkdirSync(join(pkg, "web"), { recursive: true });

  // The raw wasm-bindgen builds: glue, wasm, and the JS snippets the glue imports.
  for (const [target, out] of [["node", nodeOut], ["web", webOut]]) {
    for (const file of ["billtree.js", "billtree.d.ts", "billtree_bg.wasm"]) {
      copyFileSync(join(build, out, file), join(pkg, target, file));
    }
    if (existsSync(join(build, out, "snippets"))) {
      cpSync(join(build, out, "snippets"), join(pkg, target, "snippets"), { recursive: true });
    }
  }
  const manifest = JSON.parse(readFileSync(join(root, "pkg-template", "package.json"), "utf8"));
  manifest.version = version;
  writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  cpSync(join(root, "pkg-template", "README.md"), join(pkg, "README.md"));
  for (const licence of ["LICENSE-MIT", "LICENSE-APACHE"]) cpSync(join(root, licence), join(pkg, licence));

  // The web glue is an ES module; tell Node (and publint) so, since the package root is
  // CommonJS for the Node glue.
  writeFileSync(join(pkg, "web", "package.json"), JSON.stringify({ type: "module" }, null, 2) + "\n");

  // The public API (pkg-template/facade.mjs) over each raw build: as an ES module for the
  // web, as CommonJS for Node's require.
  const facade = readFileSync(join(root, "pkg-template", "facade.mjs"), "utf8");
  const exportLine = "export function publicApi(raw) {";
  if (!facade.includes(exportLine)) throw new Error("facade.mjs: expected `" + exportLine + "`");
  writeFileSync(join(pkg, "web", "facade.js"), facade);
  writeFileSync(
    join(pkg, "node", "facade.cjs"),
    '"use strict";\n' + facade.replace(exportLine, "function publicApi(raw) {") + "\nmodule.exports = { publicApi };\n",
  );
  writeFileSync(
    join(pkg, "node", "index.js"),
    `"use strict";\n// CommonJS entry for Node (generated by build-package.mjs).\n` +
      `const { publicApi } = require("./facade.cjs");\n\nmodule.exports = publicApi(require("./billtree.js"));\n`,
  );
  const requireFromPkg = createRequire(join(pkg, "node", "index.js"));
  const names = Object.keys(requireFromPkg("./index.js")).sort();
  writeFileSync(
    join(pkg, "node", "index.mjs"),
    `// ES module entry for Node: re-exports the CommonJS entry (generated by build-package.mjs).\n` +
      `import billtree from "./index.js";\n\n` +
      `export const {\n${names.map((n) => `  ${n},`).join("\n")}\n} = billtree;\n` +
      `export default billtree;\n`,
  );
  writeFileSync(
    join(pkg, "web", "index.js"),
    `// ES module entry for browsers and bundlers (generated by build-package.mjs): call the\n` +
      `// default export (init) once before anything else.\n` +
      `import init, * as raw from "./billtree.js";\nimport { publicApi } from "./facade.js";\n\n` +
      `export { init as default };\nexport const initSync = raw.initSync;\n` +
      `export const {\n${names.map((n) => `  ${n},`).join("\n")}\n} = publicApi(raw);\n`,
  );

  const nodeDeclarations = publicDeclarations(readFileSync(join(pkg, "node", "billtree.d.ts"), "utf8"));
  writeFileSync(join(pkg, "node", "index.d.ts"), nodeDeclarations);
  // Same declarations for the `import` condition; an .d.mts so TypeScript reads them as ESM.
  writeFileSync(
    join(pkg, "node", "index.d.mts"),
    nodeDeclarations + "\ndeclare const billtree: typeof import(\"./index.js\");\nexport default billtree;\n",
  );
  writeFileSync(join(pkg, "web", "index.d.ts"), publicDeclarations(readFileSync(join(pkg, "web", "billtree.d.ts"), "utf8")));
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
