// The page is built from the package's own widgets (issue 10): its tree is a
// <billtree-tree> and its invoices are <billtree-invoice>s, loaded from the widgets'
// source (pkg-template/elements/), drawn in their shadow roots, driven through their
// properties, methods and events (billtree-select, billtree-drop), and styled by the
// page's custom properties and ::part rules; under the page's strict CSP.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertLocal, dragNode, node, openPage, pick } from "./browser.mjs";

test("the page's tree is <billtree-tree>: nodes in its shadow root, selection and drops through its events", async () => {
  const { page, problems, requests } = await openPage();
  // The module the page runs is the widgets' source, next to the page's own modules.
  assert.ok(requests.some((url) => new URL(url).pathname === "/pkg-template/elements/index.mjs"), "the page loads the elements' source");
  const tree = await page.evaluate(() => {
    const element = document.getElementById("tree");
    return {
      tag: element.localName,
      registered: element instanceof customElements.get("billtree-tree"),
      reparent: element.reparent,
      inShadow: element.shadowRoot.querySelectorAll("[role=treeitem]").length,
      inLightDom: document.querySelectorAll("[role=treeitem]").length,
      sheets: element.shadowRoot.adoptedStyleSheets.length,
      styleElements: element.shadowRoot.querySelectorAll("style").length,
    };
  });
  assert.deepEqual(tree, { tag: "billtree-tree", registered: true, reparent: true, inShadow: 12, inLightDom: 0, sheets: 1, styleElements: 0 });
  // Its session is the page's: the customers drawn are the session's forest.
  const drawnIds = await page.evaluate(() =>
    [...document.getElementById("tree").shadowRoot.querySelectorAll("[role=treeitem]")].map((n) => n.dataset.customerId).sort());
  assert.deepEqual(drawnIds, await page.evaluate(() => document.getElementById("tree").session.forest().map((c) => c.id).sort()));

  // A click is the element's billtree-select, which the page answers with the details.
  await page.evaluate(() => {
    window.selections = [];
    window.drops = [];
    const element = document.getElementById("tree");
    element.addEventListener("billtree-select", (event) => window.selections.push(event.detail.customerId));
    element.addEventListener("billtree-drop", (event) => window.drops.push(event.detail));
  });
  await node(page, "de-sales").locator(".name").click();
  assert.deepEqual(await page.evaluate(() => window.selections), ["de-sales"]);
  assert.equal(await page.getAttribute("#tree", "selected"), "de-sales");
  assert.equal(await page.getAttribute("#explainer", "data-customer-id"), "de-sales");
  // A picker reveals through the element: its selected attribute follows, no event fires.
  await pick(page, "edit-customer", "uk-events", "events");
  assert.equal(await page.getAttribute("#tree", "selected"), "uk-events");
  assert.match(await node(page, "uk-events").getAttribute("part"), /^node( node-issue)? node-selected$/);
  assert.deepEqual(await page.evaluate(() => window.selections), ["de-sales"]);

  // A drop is the element's billtree-drop, and the page previews the what-if.
  await dragNode(page, "uk-ops", "nordlicht-de", { release: false });
  assert.match(await node(page, "nordlicht-de").getAttribute("part"), /^node( node-issue)? node-drop-target$/);
  assert.match(await node(page, "uk-ops").getAttribute("part"), /node-drag-source/);
  await page.mouse.up();
  await page.waitForSelector("#preview:not([hidden])");
  assert.deepEqual(await page.evaluate(() => window.drops), [{ customerId: "uk-ops", parentId: "nordlicht-de" }]);
  assert.equal(await page.getAttribute("#edit-parent", "data-value"), "nordlicht-de");
  await page.click("#cancel-edit");

  // Without the reparent attribute the element proposes nothing: the drag is the page's opt-in.
  await page.evaluate(() => (document.getElementById("tree").reparent = false));
  await dragNode(page, "uk-ops", "nordlicht-de");
  assert.equal(await page.isHidden("#preview"), true);
  assert.equal(await page.evaluate(() => window.drops.length), 1);
  await page.evaluate(() => (document.getElementById("tree").reparent = true));
  await dragNode(page, "uk-ops", null);
  await page.waitForSelector("#preview:not([hidden])");
  assert.deepEqual(await page.evaluate(() => window.drops.at(-1)), { customerId: "uk-ops", parentId: null });
  assertLocal(requests);
  assert.deepEqual(problems, [], "no console error (a CSP violation is one)");
  await page.close();
});

test("the page's invoices are <billtree-invoice>s, styled by the page's ::part rules", async () => {
  const { page, problems } = await openPage();
  await page.selectOption("#invoice-select", { label: "Nordlicht Deutschland GmbH · EUR · due 1400.96" });
  const panel = await page.evaluate(() => {
    const element = document.getElementById("invoice");
    const invoices = ["invoice", "details-invoice", "timeline-invoice"].map((id) => document.getElementById(id));
    return {
      all: invoices.every((view) => view instanceof customElements.get("billtree-invoice")),
      shown: element.shownInvoice && [element.shownInvoice.customerId, element.shownInvoice.totals.amountDue],
      due: element.shadowRoot.querySelector("[part=amount-due] .amount")?.textContent ?? null,
      inLightDom: document.querySelectorAll("tr[data-step]").length,
    };
  });
  assert.deepEqual(panel, { all: true, shown: ["nordlicht-de", "1400.96"], due: "1400.96 EUR", inLightDom: 0 });

  // The details panel's invoice, with its note styled by the page (::part(note)).
  await node(page, "de-sales").locator(".name").click();
  const note = page.locator("#details-invoice [part=note]");
  assert.equal(await note.textContent(), "Its charges are on Nordlicht Deutschland GmbH's invoice.");
  assert.equal(await note.evaluate((n) => getComputedStyle(n).backgroundColor), "rgb(255, 247, 224)");
  assert.match(await page.locator("#details-invoice [part=header] h3").textContent(), /^Invoice to Nordlicht Deutschland GmbH/);
  assert.deepEqual(problems, []);
  await page.close();
});
