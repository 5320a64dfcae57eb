// The preview widgets (`billtree/elements`) where other people's front ends put them: the
// packed tarball installed into a fresh project, <billtree-tree> and <billtree-invoice>
// embedded in a bare page with a strict Content-Security-Policy (no inline script or
// style), served from 127.0.0.1 and loaded in Debian's Chromium. Every expectation comes
// from the installed packages in this Node process, never from numbers typed here.
//
// The published package has no invoice engine (README: the module's size budget), so the
// invoices come from the same package built with it (build/pkg-invoices, packed and
// installed here too, into engine/); the elements are always the published tarball's.
//
// Usage: node --test tests/bundlers/   (after scripts/build-package.mjs; BILLTREE_TARBALL
// names the tarball, the newest build/billtree-*.tgz otherwise; BILLTREE_INVOICES_PKG the
// folder of the build with the invoice engine, build/pkg-invoices otherwise)
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as vite from "vite";
import { startServer } from "../../scripts/serve.mjs";
import { consumerProject, launchChromium, npmInstall, problemsOf, root } from "./harness.mjs";

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

// The bare page: the elements, the consumer's own stylesheet (custom properties and
// ::part rules), one module script; no inline script or style anywhere.
const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>billtree elements</title><link rel="icon" href="data:,"><link rel="stylesheet" href="embed.css"></head>
<body>
<billtree-tree id="tree"></billtree-tree>
<billtree-invoice id="by-session" customer-id="nordlicht-holding"></billtree-invoice>
<billtree-invoice id="by-object"></billtree-invoice>
<script type="module" src="embed.js"></script>
</body></html>
`;

const CSS = `billtree-tree { width: 1400px; --billtree-tree-height: 640px; }
billtree-invoice::part(amount-due) { color: rgb(0, 128, 0); }
`;

// The README's embed, by relative path into node_modules (an import map would be an inline
// script, which this CSP refuses).
const SCRIPT = `import init, { HierarchySession } from "../node_modules/billtree/web/index.js";
import "../node_modules/billtree/elements/index.js";
import engineInit, { HierarchySession as EngineSession, previewInvoices } from "../engine/node_modules/billtree/web/index.js";

const violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  violations.push(event.violatedDirective + " " + event.blockedURI);
  document.body.dataset.violations = JSON.stringify(violations);
});
await Promise.all([init(), engineInit()]);
const [hierarchy, billing] = await Promise.all(["sample-hierarchy.json", "sample-billing.json"].map((file) => fetch(file).then((r) => r.text())));

const tree = document.querySelector("billtree-tree");
const selections = [];
tree.addEventListener("billtree-select", (event) => {
  selections.push(event.detail.customerId);
  document.body.dataset.selections = JSON.stringify(selections);
});
tree.addEventListener("billtree-drop", (event) => {
  const drops = JSON.parse(document.body.dataset.drops ?? "[]");
  drops.push(event.detail);
  document.body.dataset.drops = JSON.stringify(drops);
});
tree.session = new HierarchySession(hierarchy);

const engine = new EngineSession(hierarchy);
engine.loadBilling(billing);
document.getElementById("by-session").session = engine;
document.getElementById("by-object").note = "<b>the UK invoice</b>";
document.getElementById("by-object").invoice = previewInvoices(hierarchy, billing).invoices.find((invoice) => invoice.customerId === "nordlicht-uk");
document.body.dataset.ready = "1";
`;

let project;
let expected;
let levelAfterMove;
let server;
let browser;

before(async () => {
  project = consumerProject("billtree-elements-");
  // The build with the invoice engine, packed and installed like the published one.
  const engine = join(project, "engine");
  mkdirSync(engine);
  writeFileSync(join(engine, "package.json"), JSON.stringify({ name: "engine-consumer", private: true, type: "module" }));
  const packed = execFileSync("npm", ["pack", process.env.BILLTREE_INVOICES_PKG ?? join(root, "build", "pkg-invoices"), "--pack-destination", engine, "--loglevel=error"], {
    cwd: engine, encoding: "utf8",
  }).trim().split("\n").pop();
  npmInstall(engine, join(engine, packed));

  const embed = join(project, "embed");
  mkdirSync(embed);
  for (const file of ["sample-hierarchy.json", "sample-billing.json"]) copyFileSync(join(root, "www", file), join(embed, file));
  writeFileSync(join(embed, "index.html"), PAGE);
  writeFileSync(join(embed, "embed.css"), CSS);
  writeFileSync(join(embed, "embed.js"), SCRIPT);

  // What the installed packages compute here, in Node.
  const hierarchy = readFileSync(join(embed, "sample-hierarchy.json"), "utf8");
  const billing = readFileSync(join(embed, "sample-billing.json"), "utf8");
  const billtree = createRequire(join(project, "package.json"))("billtree");
  const session = new billtree.HierarchySession(hierarchy);
  const forest = session.forest();
  const issues = session.validate().issues;
  session.free();
  const withEngine = createRequire(join(engine, "package.json"))("billtree");
  const invoices = withEngine.previewInvoices(hierarchy, billing).invoices;
  const due = (owner) => {
    const invoice = invoices.find((i) => i.customerId === owner);
    return `${invoice.totals.amountDue} ${invoice.currency}`;
  };
  expected = {
    names: Object.fromEntries(forest.map((c) => [c.id, c.name])),
    // The first customer an issue names is the one its badge sits on.
    badges: issues.map((issue) => [issue.customerIds[0], issue.code]),
    named: [...new Set(issues.flatMap((issue) => issue.customerIds))],
    dueBySession: due("nordlicht-holding"),
    dueByObject: due("nordlicht-uk"),
    subordinatesOfFirst: forest[0].subordinateCount,
    levels: Object.fromEntries(forest.map((c) => [c.id, c.level])),
  };
  levelAfterMove = (id, parentId) => {
    const moved = new billtree.HierarchySession(hierarchy);
    moved.applyEdits([{ op: "setParent", customerId: id, parentId }]);
    const level = moved.forest().find((c) => c.id === id).level;
    moved.free();
    return level;
  };
  assert.ok(expected.badges.length > 0, "the sample has issues to badge");
  assert.ok(forest.length > 5);

  server = await startServer(0, [["/", project]]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

test("the elements in a bare page under a strict CSP: tree, selection, badges, invoices, custom properties and parts", async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  const problems = problemsOf(page);
  page.on("response", (response) => response.status() >= 400 && problems.push(`${response.status()}: ${response.url()}`));
  try {
    await page.goto(`${server.url}embed/index.html`);
    await page.waitForFunction(() => document.body?.dataset.ready, null, { timeout: 20_000 }).catch(() => {});
    assert.deepEqual(problems, [], "the page reported problems while loading");
    assert.equal(await page.evaluate(() => document.body.dataset.ready ?? null), "1", "the page finished its script");

    // The tree: every customer drawn (the sample fits the view), with its name as text.
    const drawn = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelector("billtree-tree").shadowRoot.querySelectorAll(".node")].map((node) => [node.dataset.customerId, node.querySelector(".name").textContent]),
      ),
    );
    assert.deepEqual(drawn, expected.names);

    // A badge on each customer an issue names first, carrying the code; styleable as ::part(badge).
    for (const [customerId, code] of expected.badges) {
      const badge = await page.evaluate((id) => {
        const node = document.querySelector("billtree-tree").shadowRoot.querySelector(`.node[data-customer-id="${id}"]`);
        const found = node?.querySelector(".problem-badge");
        return found ? { codes: found.dataset.codes, part: found.getAttribute("part"), nodePart: node.getAttribute("part") } : null;
      }, customerId);
      assert.ok(badge, `${customerId} has a problem badge`);
      assert.ok(badge.codes.split(" ").includes(code), `${customerId}'s badge names ${code}: ${badge.codes}`);
      assert.equal(badge.part, "badge");
      assert.equal(badge.nodePart, "node node-issue");
    }

    // A click selects: billtree-select with the customer's id, the attribute reflects it.
    // A customer no issue names, other than the first root.
    const target = Object.keys(expected.names).find((id, k) => k > 0 && !expected.named.includes(id));
    await page.locator(`billtree-tree .node[data-customer-id="${target}"]`).click({ timeout: 5_000 });
    await page.waitForFunction(() => document.body.dataset.selections, null, { timeout: 5_000 }).catch(() => {});
    assert.deepEqual(JSON.parse((await page.evaluate(() => document.body.dataset.selections)) ?? "null"), [target]);
    assert.equal(await page.evaluate(() => document.querySelector("billtree-tree").getAttribute("selected")), target);
    assert.equal(
      await page.evaluate((id) => document.querySelector("billtree-tree").shadowRoot.querySelector(`.node[data-customer-id="${id}"]`).getAttribute("part"), target),
      "node node-selected",
    );

    // The keyboard, as on the page: ArrowDown moves to the next customer, Enter selects it.
    const ids = Object.keys(expected.names);
    const next = ids[ids.indexOf(target) + 1];
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    assert.deepEqual(JSON.parse(await page.evaluate(() => document.body.dataset.selections)), [target, next]);

    // Zoom buttons and collapse toggles, as on the page.
    const zoom = () => page.evaluate(() => Number(document.querySelector("billtree-tree").shadowRoot.querySelector(".tree-view").dataset.zoom));
    const zoomBefore = await zoom();
    await page.locator("billtree-tree [data-zoom=in]").click({ timeout: 5_000 });
    await page.waitForFunction((k) => Number(document.querySelector("billtree-tree").shadowRoot.querySelector(".tree-view").dataset.zoom) > k, zoomBefore, { timeout: 5_000 }).catch(() => {});
    assert.ok((await zoom()) > zoomBefore, "the zoom-in button zooms in");
    await page.locator("billtree-tree [data-zoom=fit]").click({ timeout: 5_000 });
    const nodeCount = () => page.evaluate(() => document.querySelector("billtree-tree").shadowRoot.querySelectorAll(".node").length);
    const firstRoot = ids[0];
    await page.locator(`billtree-tree .node[data-customer-id="${firstRoot}"] [data-action=toggle]`).click({ timeout: 5_000 });
    assert.equal(await nodeCount(), ids.length - expected.subordinatesOfFirst, "collapsing the first root hides everything below it");
    await page.locator(`billtree-tree .node[data-customer-id="${firstRoot}"] [data-action=toggle]`).click({ timeout: 5_000 });
    assert.equal(await nodeCount(), ids.length);

    // Drag re-parenting is opt-in: without the reparent attribute a drag proposes nothing;
    // with it, a drop on a node fires billtree-drop with the dragged and the target ids.
    const centre = async (id) => {
      const box = await page.locator(`billtree-tree .node[data-customer-id="${id}"] .frame`).boundingBox({ timeout: 5_000 });
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };
    const dragOnto = async (from, to) => {
      const [a, b] = [await centre(from), await centre(to)];
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move(a.x + 10, a.y + 10, { steps: 3 });
      await page.mouse.move(b.x, b.y, { steps: 6 });
      await page.mouse.up();
    };
    const drops = async () => JSON.parse((await page.evaluate(() => document.body.dataset.drops)) ?? "null");
    const dragged = ids[ids.length - 1];
    await dragOnto(dragged, firstRoot);
    assert.equal(await drops(), null, "without reparent a drag proposes nothing");
    await page.evaluate(() => (document.querySelector("billtree-tree").reparent = true));
    assert.equal(await page.evaluate(() => document.querySelector("billtree-tree").hasAttribute("reparent")), true);
    await dragOnto(dragged, firstRoot);
    assert.deepEqual(await drops(), [{ customerId: dragged, parentId: firstRoot }]);
    assert.equal(await page.evaluate(() => document.querySelector("billtree-tree").dragging), false, "the drag has ended");

    // The attribute selects too (and fires nothing: the page chose it).
    const other = expected.badges[0][0];
    await page.evaluate((id) => document.querySelector("billtree-tree").setAttribute("selected", id), other);
    assert.equal(
      await page.evaluate((id) => document.querySelector("billtree-tree").shadowRoot.querySelector(`.node[data-customer-id="${id}"]`).getAttribute("aria-selected"), other),
      "true",
    );
    assert.deepEqual(JSON.parse(await page.evaluate(() => document.body.dataset.selections)), [target, next]);

    // refresh() after an applied edit redraws: the customer moved under the first root.
    const levelAfter = levelAfterMove(target, firstRoot);
    assert.notEqual(levelAfter, expected.levels[target], "the edit moves the customer to another level");
    await page.evaluate(([id, parentId]) => {
      const tree = document.querySelector("billtree-tree");
      tree.session.applyEdits([{ op: "setParent", customerId: id, parentId }]);
      tree.refresh();
    }, [target, firstRoot]);
    assert.equal(
      await page.evaluate((id) => document.querySelector("billtree-tree").shadowRoot.querySelector(`.node[data-customer-id="${id}"]`).getAttribute("aria-level"), target),
      String(levelAfter),
    );

    // A custom property set on the element restyles what is inside its shadow root.
    const fill = () =>
      page.evaluate((id) => getComputedStyle(document.querySelector("billtree-tree").shadowRoot.querySelector(`.node[data-customer-id="${id}"] .frame`)).fill, target);
    const before = await fill();
    await page.evaluate(() => document.querySelector("billtree-tree").style.setProperty("--billtree-node-background", "rgb(1, 2, 3)"));
    assert.notEqual(before, "rgb(1, 2, 3)");
    assert.equal(await fill(), "rgb(1, 2, 3)");

    // The invoices: by session + customer-id, and by the invoice object; the amount due as Node computed it.
    const amountDue = (id) =>
      page.evaluate((elementId) => {
        const row = document.getElementById(elementId).shadowRoot.querySelector("tr[data-step=amountDue]");
        return row ? { text: row.querySelector(".amount").textContent, part: row.getAttribute("part"), color: getComputedStyle(row).color } : null;
      }, id);
    const bySession = await amountDue("by-session");
    assert.equal(bySession?.text, expected.dueBySession);
    assert.equal(bySession.part, "amount-due");
    assert.equal(bySession.color, "rgb(0, 128, 0)", "the page's ::part(amount-due) rule applies");
    assert.equal((await amountDue("by-object"))?.text, expected.dueByObject);
    // Text stays text: the note's markup is not parsed.
    assert.deepEqual(
      await page.evaluate(() => {
        const note = document.getElementById("by-object").shadowRoot.querySelector("[part=note]");
        return note && [note.textContent, note.children.length];
      }),
      ["<b>the UK invoice</b>", 0],
    );

    assert.equal(await page.evaluate(() => document.body.dataset.violations ?? null), null, "no CSP violation");
    assert.deepEqual(problems, [], "the page reported problems");
  } finally {
    await page.close();
  }
});

test("billtree/elements in Node (import and require) and in a bundle of a bare side-effect import", async () => {
  // Importing where there is no DOM defines nothing and throws nothing.
  const imported = execFileSync(process.execPath, ["--input-type=module", "-e", `const m = await import("billtree/elements"); console.log(JSON.stringify(m.defineElements("x")))`], {
    cwd: project, encoding: "utf8",
  });
  assert.deepEqual(JSON.parse(imported), { tree: "x-tree", invoice: "x-invoice" });
  const required = execFileSync(process.execPath, ["-e", `console.log(JSON.stringify(require("billtree/elements").defineElements()))`], { cwd: project, encoding: "utf8" });
  assert.deepEqual(JSON.parse(required), { tree: "billtree-tree", invoice: "billtree-invoice" });
  // `import "billtree/elements"` registers the elements: the package's sideEffects must keep
  // it in a bundle (Rollup, under Vite, drops a bare import of a module marked side-effect free).
  writeFileSync(join(project, "side-effect.js"), `import "billtree/elements";\n`);
  const built = await vite.build({
    root: project, configFile: false, logLevel: "error",
    build: { write: false, lib: { entry: "side-effect.js", formats: ["es"], fileName: "side-effect" } },
  });
  assert.match((Array.isArray(built) ? built[0] : built).output[0].code, /customElements\.define/);
});
