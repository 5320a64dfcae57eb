// The hierarchy's SVG tree, its customer pickers and the 10,000-customer sample, driven in
// Debian's Chromium. Screenshots go to build/page-screenshots/ for a person to look at.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { assertLocal, loadTenThousand, node, openPage, pick } from "./browser.mjs";

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "build", "page-screenshots");
mkdirSync(SHOTS, { recursive: true });

const items = (page) => page.locator("#tree svg[role=tree] [role=treeitem]");
const drawnIds = (page) => items(page).evaluateAll((nodes) => nodes.map((n) => n.dataset.customerId).sort());
// The tree's nodes are in <billtree-tree>'s shadow root: the document's activeElement is the
// element, its shadow root's is the node.
const focusedId = (page) => page.evaluate(() => {
  const active = document.activeElement;
  return (active?.shadowRoot?.activeElement ?? active)?.dataset?.customerId ?? null;
});

test("the sample draws as an SVG tree, one node per customer, with its toggles", async () => {
  const { page, problems, requests } = await openPage();
  assert.equal(await items(page).count(), 12);
  assert.deepEqual(await drawnIds(page), [
    "de-rnd", "de-rnd-lab", "de-sales", "nl-support", "nordlicht-at", "nordlicht-de", "nordlicht-holding",
    "nordlicht-nl", "nordlicht-uk", "uk-events", "uk-finance", "uk-ops",
  ]);
  // Levels, connectors and toggles follow the hierarchy.
  assert.equal(await node(page, "de-rnd-lab").getAttribute("aria-level"), "4");
  assert.equal(await node(page, "nordlicht-holding").getAttribute("aria-expanded"), "true");
  assert.equal(await node(page, "de-sales").getAttribute("aria-expanded"), null, "a leaf has nothing to expand");
  assert.equal(await page.locator("#tree .toggle").count(), 5);
  assert.equal(await page.locator("#tree .edges path").count(), 5);
  // Who pays, from the session's owners: Nordlicht UK keeps its invoice, the holding pays.
  assert.equal(await node(page, "nordlicht-uk").locator(".owner-badge.payer").textContent(), "paid by Nordlicht Holding AG");
  // Exactly one node is in the tab order (roving tabindex).
  assert.equal(await page.locator('#tree [role=treeitem][tabindex="0"]').count(), 1);
  await page.locator("#tree").screenshot({ path: join(SHOTS, "tree-12-customers.png") });
  assertLocal(requests);
  assert.deepEqual(problems, []);
  await page.close();
});

test("collapsing a subtree hides its nodes and expanding shows them again", async () => {
  const { page, problems, requests } = await openPage();
  const uk = node(page, "nordlicht-uk");
  await uk.locator(".toggle").click();
  assert.equal(await uk.getAttribute("aria-expanded"), "false");
  assert.equal(await items(page).count(), 9);
  assert.equal(await node(page, "uk-ops").count(), 0);
  assert.equal(await node(page, "uk-finance").count(), 0);
  assert.equal(await uk.locator(".toggle text").textContent(), "+");
  await uk.locator(".toggle").click();
  assert.equal(await uk.getAttribute("aria-expanded"), "true");
  assert.equal(await items(page).count(), 12);
  assert.equal(await node(page, "uk-ops").count(), 1);

  // The keyboard does the same: ArrowLeft collapses, ArrowRight expands, Space toggles.
  await node(page, "nordlicht-de").focus();
  await page.keyboard.press("ArrowLeft");
  assert.equal(await items(page).count(), 9, "its three customers below are hidden");
  assert.equal(await focusedId(page), "nordlicht-de", "focus stays on the collapsed customer");
  await page.keyboard.press("ArrowRight");
  assert.equal(await items(page).count(), 12);
  await page.keyboard.press(" ");
  assert.equal(await items(page).count(), 9);
  await page.keyboard.press("Enter");
  assert.equal(await items(page).count(), 9, "Enter selects; it does not toggle");
  assert.equal(await page.getAttribute("#explainer", "data-customer-id"), "nordlicht-de");
  await page.keyboard.press(" ");
  assert.equal(await items(page).count(), 12);
  assertLocal(requests);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the keyboard moves focus through the tree and selects", async () => {
  const { page, problems, requests } = await openPage();
  // Tab reaches the tree's one tab stop, the first customer.
  await page.focus("[data-zoom=fit]");
  await page.keyboard.press("Tab");
  assert.equal(await focusedId(page), "nordlicht-holding");
  await page.keyboard.press("ArrowDown");
  assert.equal(await focusedId(page), "nordlicht-de");
  await page.keyboard.press("ArrowDown");
  assert.equal(await focusedId(page), "de-sales");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowRight");
  assert.equal(await focusedId(page), "de-sales", "ArrowRight on an expanded customer goes to its first child");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await focusedId(page), "nordlicht-de", "ArrowLeft on a leaf goes to its parent");
  await page.keyboard.press("End");
  assert.equal(await focusedId(page), "nordlicht-at");
  await page.keyboard.press("Home");
  assert.equal(await focusedId(page), "nordlicht-holding");
  // The focused node is the tab stop, and it is drawn with a visible focus ring.
  assert.equal(await page.locator('#tree [role=treeitem][tabindex="0"]').getAttribute("data-customer-id"), "nordlicht-holding");
  const ring = await node(page, "nordlicht-holding").locator(".frame").evaluate((frame) => getComputedStyle(frame).strokeWidth);
  assert.equal(ring, "4px");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  assert.equal(await node(page, "de-sales").getAttribute("aria-selected"), "true");
  assert.equal(await page.locator('#tree [aria-selected="true"]').count(), 1);
  assert.equal(await page.getAttribute("#explainer", "data-customer-id"), "de-sales");
  assert.equal(await page.locator("#details-facts dd[data-fact=parent]").textContent(), "Nordlicht Deutschland GmbH (nordlicht-de)");
  assert.equal(await page.locator("#details-facts dd[data-fact=settings]").textContent(),
    'billTo: parent; parentAccountAccess: {"portalDownloadInvoices":"yes","sendInvoiceEmails":true}');
  // Its charges land on Nordlicht Deutschland's invoice, which the panel lays out.
  assert.match(await page.locator("#details-invoice h3").textContent(), /^Invoice to Nordlicht Deutschland GmbH/);
  assertLocal(requests);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a picker finds a customer by part of its name, and picking it reveals and selects its node", async () => {
  const { page, problems, requests } = await openPage();
  await node(page, "nordlicht-de").locator(".toggle").click();
  assert.equal(await node(page, "de-rnd-lab").count(), 0, "hidden in the collapsed subtree");
  await page.fill("#find-customer input", "materials");
  const options = page.locator("#find-customer [role=option]");
  assert.deepEqual(await options.evaluateAll((list) => list.map((o) => o.dataset.value)), ["de-rnd-lab"]);
  assert.equal(await page.getAttribute("#find-customer input", "aria-expanded"), "true");
  await page.keyboard.press("Enter");
  assert.equal(await node(page, "de-rnd-lab").getAttribute("aria-selected"), "true");
  assert.equal(await node(page, "nordlicht-de").getAttribute("aria-expanded"), "true", "its ancestors are expanded");
  assert.equal(await page.getAttribute("#explainer", "data-customer-id"), "de-rnd-lab");
  // ArrowDown/ArrowUp move through matches; Escape closes and keeps the pick.
  await page.fill("#find-customer input", "uk");
  const matches = await options.evaluateAll((list) => list.map((o) => o.dataset.value));
  assert.deepEqual(matches, ["nordlicht-uk", "uk-ops", "uk-finance", "uk-events"]);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.locator('#find-customer [aria-selected="true"]').getAttribute("data-value"), "uk-finance");
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("#find-customer [role=listbox]").isVisible(), false);
  assert.equal(await page.getAttribute("#find-customer", "data-value"), "de-rnd-lab");
  // The what-if's customer picker selects in the tree as well.
  await pick(page, "edit-customer", "uk-events", "events");
  assert.equal(await node(page, "uk-events").getAttribute("aria-selected"), "true");
  assertLocal(requests);
  assert.deepEqual(problems, []);
  await page.close();
});

test("10,000 customers: the first tree is drawn with only what is in view in the DOM (time printed, not asserted)", async () => {
  const { page, problems, requests } = await openPage();
  const { pageMs, outsideMs } = await loadTenThousand(page);
  const treeitems = await items(page).count();
  const elements = await page.evaluate(() => document.querySelector("#tree").shadowRoot.querySelectorAll("*").length);
  console.log(`10k sample: first tree render ${pageMs} ms (page), ${outsideMs} ms (click to ready, seen by the test); ${treeitems} nodes, ${elements} elements in the tree's DOM`);
  assert.match(await page.locator("#summary").textContent(), /10000 customers/);
  assert.ok(Number.isFinite(pageMs) && pageMs > 0, `first render was timed: ${pageMs}`);
  assert.ok(treeitems > 5 && treeitems < 300, `${treeitems} nodes drawn`);
  assert.ok(elements < 4000, `${elements} elements in the tree`);
  // Problems carry their badges: c1 is the parent in c12's CROSS_TENANT.
  assert.equal(await node(page, "c1").locator(".problem-badge").getAttribute("data-involved-codes"), "CROSS_TENANT");
  await page.locator("#tree").screenshot({ path: join(SHOTS, "tree-10k-customers.png") });

  // Panning (a drag on the background) draws other customers and drops those left behind.
  const before = await drawnIds(page);
  assert.ok(before.includes("c1"));
  const box = await page.locator("#tree svg[role=tree]").boundingBox();
  await page.mouse.move(box.x + box.width - 5, box.y + box.height - 5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 5, box.y + 5, { steps: 4 });
  await page.mouse.move(box.x + box.width - 5, box.y - 1500, { steps: 4 });
  await page.mouse.up();
  // c0 stays: the tree's tab stop is always drawn. c1, on the same top row, goes.
  await page.waitForFunction(() => !document.querySelector("#tree").shadowRoot.querySelector('[data-customer-id="c1"]'));
  const after = await drawnIds(page);
  assert.notDeepEqual(after, before);
  assert.ok(after.length < 300);

  // Zooming out all the way still keeps the DOM small.
  for (let k = 0; k < 8; k += 1) await page.click("[data-zoom=out]");
  await page.waitForFunction(() => document.querySelector("#tree").shadowRoot.querySelector(".tree-view").dataset.zoom === "0.25");
  assert.ok((await items(page).count()) < 400);

  // A customer deep in the tree is found by name and drawn where the view is.
  await page.fill("#find-customer input", "Team 4321");
  await page.click('#find-customer [role=option][data-value="c4321"]');
  assert.equal(await node(page, "c4321").getAttribute("aria-selected"), "true");
  assert.equal(await page.getAttribute("#explainer", "data-customer-id"), "c4321");
  assert.ok((await items(page).count()) < 400);
  // And the customer with the deliberate cross-tenant link shows its badge.
  await pick(page, "find-customer", "c12", "Region 12");
  assert.equal(await node(page, "c12").locator(".problem-badge").getAttribute("data-codes"), "CROSS_TENANT");
  assert.equal(await node(page, "c12").locator(".problem-badge").getAttribute("aria-label"), "1 problem: CROSS_TENANT");
  assertLocal(requests);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a name with markup in it is drawn as inert text in the tree", async () => {
  const { page, problems, dialogs, requests } = await openPage();
  const hostile = '<img src=x onerror="document.body.dataset.pwned=1">';
  await page.click("#paste-box summary");
  await page.fill("#json", JSON.stringify({ customers: [{ id: "x", name: hostile }, { id: "y", name: "<svg onload=alert(2)>", parentId: "x" }] }));
  await page.click("#load-json");
  await page.waitForFunction(() => document.querySelector("#tree").shadowRoot.querySelectorAll("[role=treeitem]").length === 2);
  assert.equal(await node(page, "x").locator(".name").textContent(), hostile);
  assert.equal(await node(page, "y").locator(".name").textContent(), "<svg onload=alert(2)>");
  assert.ok((await node(page, "x").getAttribute("aria-label")).startsWith(`${hostile} (x)`));
  assert.equal(await page.locator("#tree img, #tree svg svg svg").count(), 0);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.body.dataset.pwned ?? null), null);
  assert.deepEqual(dialogs, []);
  assertLocal(requests);
  assert.deepEqual(problems, []);
  await page.close();
});
