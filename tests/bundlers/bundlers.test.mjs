// The packed npm package where people put it: installed from the tarball into a fresh
// temporary project, then bundled by esbuild (for browsers and for Node), Vite (build
// and dev server), webpack 5 and bun build with no configuration about billtree, run by
// Bun and Deno, loaded from a plain
// page (an import map, a relative path), and run by Node's test runner written the
// browser way. Every page is loaded in Debian's Chromium; every result is compared with
// what the installed package computes in this Node process, never with numbers typed here.
//
// Usage: node --test tests/bundlers/   (after scripts/build-package.mjs; BILLTREE_TARBALL
// names the tarball, the newest build/billtree-*.tgz otherwise)
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as esbuild from "esbuild";
import * as vite from "vite";
import webpack from "webpack";
import { startServer } from "../../scripts/serve.mjs";
import { consumerProject, launchChromium, problemsOf, root } from "./harness.mjs";

// A hierarchy with one deliberate problem (a cycle), and a broken JSON text: what each
// page computes, in both ways of calling, and how it tells billtree's errors apart.
const SAMPLE = JSON.stringify({
  customers: [
    { id: "hq", name: "Holding" },
    { id: "eu", name: "Europe", parentId: "hq" },
    { id: "de", name: "Germany", parentId: "eu", invoiceOwnerId: "eu" },
    { id: "a", name: "A", parentId: "b" },
    { id: "b", name: "B", parentId: "a" },
  ],
});

// The app every bundler builds: the README's Node way (no init) and the browser way
// (`await init()` first) in one module, its result written on the page.
// A vendor export for the format adapters (plain JS the entries re-export).
const CSV = "id,name,parent_id,payment_owner_id\nhq,Holding,,\neu,\"Europe, West\",hq,hq\n";

const APP = `import init, { HierarchySession, detectFormat, fromFormat, isBilltreeError, resolveOwners, validateHierarchy } from "billtree";
const sample = ${JSON.stringify(SAMPLE)};
export function compute() {
  const report = validateHierarchy(sample);
  const session = new HierarchySession(sample);
  const tree = session.tree("de").nodes.map((node) => node.id);
  session.free();
  let errorCode = null;
  try { validateHierarchy("{"); } catch (error) { errorCode = isBilltreeError(error) ? error.code : String(error); }
  return {
    issues: report.issues.map((issue) => issue.code),
    owners: resolveOwners(sample).customers.map((c) => [c.customerId, c.invoiceOwnerId]),
    tree,
    errorCode,
    format: [detectFormat(${JSON.stringify(CSV)}).format, resolveOwners(fromFormat(${JSON.stringify(CSV)}).hierarchy).customers.map((c) => c.paymentOwnerId)],
  };
}
const direct = compute();
init().then(() => init()).then(() => {
  const result = { direct, afterInit: compute() };
  if (typeof document !== "undefined") {
    document.body.dataset.result = JSON.stringify(result);
  } else {
    console.log(JSON.stringify(result));
  }
}, (error) => {
  if (typeof document !== "undefined") document.body.dataset.result = JSON.stringify({ failed: String(error) });
  else { console.error(error); process.exitCode = 1; }
});
`;

const html = (script, head = "") =>
  `<!doctype html><html><head><meta charset="utf-8"><title>billtree consumer</title><link rel="icon" href="data:,">${head}</head>` +
  `<body><script type="module" src="${script}"></script></body></html>\n`;

let project;
let expected;
let server;
let browser;

before(async () => {
  project = consumerProject("billtree-bundlers-");
  writeFileSync(join(project, "app.js"), APP);
  writeFileSync(join(project, "index.html"), html("/app.js"));
  // What the installed package computes here, in Node: every page must show the same.
  const billtree = createRequire(join(project, "package.json"))("billtree");
  const report = billtree.validateHierarchy(SAMPLE);
  const session = new billtree.HierarchySession(SAMPLE);
  let errorCode = null;
  try {
    billtree.validateHierarchy("{");
  } catch (error) {
    errorCode = error.code;
  }
  const once = {
    issues: report.issues.map((issue) => issue.code),
    owners: billtree.resolveOwners(SAMPLE).customers.map((c) => [c.customerId, c.invoiceOwnerId]),
    tree: session.tree("de").nodes.map((node) => node.id),
    errorCode,
    format: [billtree.detectFormat(CSV).format, billtree.resolveOwners(billtree.fromFormat(CSV).hierarchy).customers.map((c) => c.paymentOwnerId)],
  };
  session.free();
  assert.deepEqual(once.format, ["csv", ["hq", "hq"]]);
  assert.ok(once.issues.length > 0 && once.errorCode === "INVALID_JSON", JSON.stringify(once));
  expected = { direct: once, afterInit: once };
  server = await startServer(0, [["/", project]]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Loads `url` in Chromium and returns what the page wrote, failing on any page error. */
async function resultOf(url) {
  const page = await browser.newPage();
  const problems = problemsOf(page);
  page.on("response", (response) => response.status() >= 400 && problems.push(`${response.status()}: ${response.url()}`));
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.body?.dataset.result, null, { timeout: 20_000 }).catch(() => {});
    const result = await page.evaluate(() => document.body?.dataset.result ?? null);
    assert.deepEqual(problems, [], `${url}: the page reported problems`);
    assert.ok(result, `${url}: the page wrote no result`);
    return JSON.parse(result);
  } finally {
    await page.close();
  }
}

/** The .wasm files a build emitted (the default entry inlines its module: none). */
function wasmFilesIn(folder) {
  return readdirSync(join(project, folder), { recursive: true }).filter((file) => String(file).endsWith(".wasm"));
}

function writePage(folder, script, head) {
  writeFileSync(join(project, folder, "index.html"), html(script, head));
  return `${server.url}${folder}/index.html`;
}

test("esbuild, for browsers: the default entry needs no init() and no loader for the .wasm", async () => {
  await esbuild.build({
    absWorkingDir: project, entryPoints: ["app.js"], bundle: true, format: "esm", platform: "browser",
    outfile: "dist-esbuild/app.js", logLevel: "error",
  });
  assert.deepEqual(wasmFilesIn("dist-esbuild"), [], "nothing beside the bundle");
  assert.deepEqual(await resultOf(writePage("dist-esbuild", "app.js")), expected);
});

test("esbuild, for Node: the bundle runs from a folder with no node_modules", async () => {
  await esbuild.build({
    absWorkingDir: project, entryPoints: ["app.js"], bundle: true, format: "esm", platform: "node",
    outfile: "dist-esbuild-node/app.mjs", logLevel: "error",
  });
  const away = mkdtempSync(join(tmpdir(), "billtree-node-bundle-"));
  try {
    cpSync(join(project, "dist-esbuild-node", "app.mjs"), join(away, "app.mjs"));
    const output = execFileSync(process.execPath, [join(away, "app.mjs")], { cwd: away, encoding: "utf8" });
    assert.deepEqual(JSON.parse(output), expected);
  } finally {
    rmSync(away, { recursive: true, force: true });
  }
});

test("Vite build: no optimizeDeps or plugin settings", async () => {
  await vite.build({ root: project, configFile: false, logLevel: "error", build: { outDir: "dist-vite", emptyOutDir: true } });
  // Served at its own root, as a deployed site is (Vite's paths start with /).
  assert.deepEqual(wasmFilesIn("dist-vite"), [], "no unused .wasm asset beside the bundle");
  const site = await startServer(0, [["/", join(project, "dist-vite")]]);
  try {
    assert.deepEqual(await resultOf(site.url), expected);
  } finally {
    site.close();
  }
});

test("Vite dev server: the module loads (no 'expected magic word' from a pre-bundled .wasm URL)", async () => {
  const dev = await vite.createServer({
    root: project, configFile: false, logLevel: "error", server: { host: "127.0.0.1", port: 0, strictPort: false },
  });
  await dev.listen();
  try {
    const url = dev.resolvedUrls.local[0];
    assert.deepEqual(await resultOf(url), expected);
  } finally {
    await dev.close();
  }
});

test("webpack 5: production build with no configuration about billtree", async () => {
  const stats = await new Promise((resolve, reject) => {
    webpack(
      {
        mode: "production", context: project, entry: "./app.js",
        output: { path: join(project, "dist-webpack"), filename: "app.js" },
        infrastructureLogging: { level: "error" },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  assert.equal(stats.hasErrors(), false, stats.toString("errors-only"));
  assert.deepEqual(wasmFilesIn("dist-webpack"), [], "no unused .wasm asset beside the bundle");
  assert.deepEqual(await resultOf(writePage("dist-webpack", "app.js")), expected);
});

// Bun and Deno as npm installs them (Bun a devDependency, Deno by scripts/setup.sh): the runtimes run the app from the
// project, and `bun build` bundles it for a page.
const tool = (name) => join(root, "node_modules", ".bin", name);

test("Bun: runs the app, and bun build --target browser bundles it with no .wasm beside it", async () => {
  const output = execFileSync(tool("bun"), ["app.js"], { cwd: project, encoding: "utf8" });
  assert.deepEqual(JSON.parse(output), expected);
  execFileSync(tool("bun"), ["build", "app.js", "--target", "browser", "--outdir", "dist-bun"], { cwd: project, stdio: "pipe" });
  assert.deepEqual(wasmFilesIn("dist-bun"), [], "nothing beside the bundle");
  assert.deepEqual(await resultOf(writePage("dist-bun", "app.js")), expected);
});

test("Deno: runs the app from the project's node_modules", () => {
  const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
  const deno = join(root, ".tools", "deno", "node_modules", ".bin", "deno"); // scripts/setup.sh
  const output = execFileSync(deno, ["run", "--allow-read", "--allow-env", "app.js"], { cwd: project, encoding: "utf8", env });
  assert.deepEqual(JSON.parse(output), expected);
});

// A plain page has no bundler to read the inlined module's CommonJS: it takes the
// billtree/web entry, which fetches billtree_bg.wasm beside itself after init().
const PLAIN_APP = (specifier) => APP
  .replace(`from "billtree"`, `from "${specifier}"`)
  // The web entry is not ready on import: the Node way throws NOT_INITIALIZED before
  // init(), and the page records that instead of the result.
  .replace("const direct = compute();", `let direct;
try { direct = compute(); } catch (error) { direct = { beforeInit: isBilltreeError(error) ? error.code : String(error) }; }`);

test("a plain page, no bundler: billtree/web through an import map, and by relative path", async () => {
  mkdirSync(join(project, "plain"), { recursive: true });
  const importMap = `<script type="importmap">${JSON.stringify({ imports: { billtree: "/node_modules/billtree/web/index.js" } })}</script>`;
  writeFileSync(join(project, "plain", "mapped.js"), PLAIN_APP("billtree"));
  writeFileSync(join(project, "plain", "relative.js"), PLAIN_APP("../node_modules/billtree/web/index.js"));
  const want = { direct: { beforeInit: "NOT_INITIALIZED" }, afterInit: expected.afterInit };
  assert.deepEqual(await resultOf(writePage("plain", "mapped.js", importMap)), want);
  writeFileSync(join(project, "plain", "relative.html"), html("relative.js"));
  assert.deepEqual(await resultOf(`${server.url}plain/relative.html`), want);
});

test("Node's test runner, the browser way (await init() first, as Vitest or server rendering would)", () => {
  writeFileSync(
    join(project, "browser-way.test.mjs"),
    `import assert from "node:assert/strict";\nimport { test } from "node:test";\n` +
      `import init, { validateHierarchy } from "billtree";\nawait init();\n` +
      `test("after init", () => { assert.deepEqual(validateHierarchy(${JSON.stringify(SAMPLE)}).issues.map((i) => i.code), ${JSON.stringify(expected.direct.issues)}); });\n`,
  );
  // A runner of its own, not a subtest of this one (node --test marks its children).
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const output = execFileSync(process.execPath, ["--test", "browser-way.test.mjs"], { cwd: project, encoding: "utf8", env });
  assert.match(output, /# pass 1\n/);
  assert.match(output, /# fail 0\n/);
});
