// Re-parenting by drag and drop (the what-if first, checked against the module run in
// Node for the same edit), Apply / Cancel, and the edit history's undo and redo, in
// Debian's Chromium.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { assertLocal, dragNode, loadTenThousand, node, openPage, pick, pickExtra } from "./browser.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { HierarchySession } = createRequire(import.meta.url)(join(ROOT, "build/pkg-invoices/node/index.js"));
const HIERARCHY = readFileSync(join(ROOT, "www/sample-hierarchy.json"), "utf8");
const BILLING = readFileSync(join(ROOT, "www/sample-billing.json"), "utf8");

/** What the module says in Node about `edit` on the sample under `policy`. */
function expected(policy, edit) {
  const session = new HierarchySession(HIERARCHY, { policy });
  session.loadBilling(BILLING);
  const preview = session.previewEdits(edit);
  const invoices = session.invoiceWhatIf({ edits: [edit] });
  session.free();
  return {
    introduced: preview.introducedIssues.map((issue) => issue.code),
    resolved: preview.resolvedIssues.map((issue) => issue.code),
    owners: preview.ownerChanges.map((change) => change.customerId),
    events: preview.events.map((event) => event.type),
    invoices: invoices.changed.map((c) => [c.customerId, c.currency, c.before?.amountDue ?? "(new invoice)", c.after?.amountDue ?? "(no invoice)"]),
  };
}

/** The same, as the page shows it. */
async function shown(page) {
  const codes = (id) => page.locator(`#${id} li`).evaluateAll((items) => items.map((li) => li.dataset.code ?? li.dataset.type ?? li.dataset.customerId));
  return {
    introduced: await codes("preview-introduced"),
    resolved: await codes("preview-resolved"),
    owners: await codes("preview-owners"),
    events: await codes("preview-events"),
    invoices: await page.locator("#preview-invoices tbody tr").evaluateAll((rows) =>
      rows.map((row) => [row.dataset.customerId, row.dataset.currency, row.cells[1].textContent, row.cells[2].textContent])),
  };
}

const parentOf = (page, id) => page.evaluate((customerId) => {
  const own = document.querySelector("#tree").shadowRoot.querySelector(`[data-customer-id="${customerId}"]`);
  return own ? Number(own.getAttribute("aria-level")) : null;
}, id);
const invoiceOptions = (page) => page.locator("#invoice-select option").evaluateAll((options) => options.map((o) => o.textContent));
const status = (page) => page.locator("#history-status").textContent();

test("dropping a node on another previews the move as the module computes it; Apply, undo and redo", async () => {
  const { page, problems, requests } = await openPage();
  const policy = await page.inputValue("#policy");
  const before = await invoiceOptions(page);
  assert.equal(await status(page), "No edits applied.");
  assert.equal(await page.isDisabled("#undo"), true);

  // Operations UK (its invoice goes to its parent, Nordlicht UK) dropped on Nordlicht Deutschland.
  await dragNode(page, "uk-ops", "nordlicht-de", { release: false });
  assert.equal(await page.$eval("#tree", (tree) => tree.dragging), true, "the tree says a drag is under way");
  assert.deepEqual(await node(page, "nordlicht-de").evaluate((n) => [...n.classList].filter((c) => c.startsWith("drop"))), ["drop-target"]);
  await page.mouse.up();
  await page.waitForSelector("#preview:not([hidden])");
  await page.waitForFunction(() => document.body.dataset.dropToTotalsMs !== undefined);
  const edit = { op: "setParent", customerId: "uk-ops", parentId: "nordlicht-de" };
  const want = expected(policy, edit);
  assert.ok(want.invoices.length > 0 && want.owners.length > 0, "the move changes owners and invoices");
  assert.deepEqual(await shown(page), want);
  assert.match(await page.locator("#preview-summary").textContent(), /nothing is changed until you apply it/);
  // The pickers show the proposal, so the keyboard can adjust it; nothing is applied yet.
  assert.equal(await page.getAttribute("#edit-customer", "data-value"), "uk-ops");
  assert.equal(await page.getAttribute("#edit-parent", "data-value"), "nordlicht-de");
  assert.equal(await parentOf(page, "uk-ops"), 3);
  assert.deepEqual(await invoiceOptions(page), before);

  await page.click("#apply-edit");
  assert.equal(await parentOf(page, "uk-ops"), 3, "Nordlicht DE is on level 2 as Nordlicht UK is");
  assert.match(await page.locator("#preview-summary").textContent(), /applied/);
  const after = await invoiceOptions(page);
  assert.notDeepEqual(after, before, "the invoices follow the move");
  // The module, applying the same edit, agrees with the page's new totals.
  const session = new HierarchySession(HIERARCHY, { policy });
  session.loadBilling(BILLING);
  session.applyEdits(edit);
  const dues = session.loadedInvoices().invoices.map((invoice) => invoice.totals.amountDue).sort();
  session.free();
  assert.deepEqual(after.map((text) => text.match(/due ([-\d.]+)/)[1]).sort(), dues);
  assert.equal(await page.locator('#tree [data-customer-id="nordlicht-de"]').getAttribute("aria-label").then((l) => /3 children/.test(l)), true);
  assert.equal(await status(page), "1 of 1 edit(s) applied; last: move uk-ops under nordlicht-de.");
  assert.equal(await page.getAttribute("#undo", "title"), "Undo: move uk-ops under nordlicht-de (Ctrl+Z)");

  // Undo rebuilds the session without the edit: tree and totals are back.
  await page.click("#undo");
  assert.deepEqual(await invoiceOptions(page), before);
  assert.match(await node(page, "nordlicht-de").getAttribute("aria-label"), /2 children/);
  assert.match(await node(page, "nordlicht-uk").getAttribute("aria-label"), /3 children/);
  assert.equal(await status(page), "0 of 1 edit(s) applied.");
  assert.equal(await page.isDisabled("#undo"), true);
  assert.equal(await page.getAttribute("#redo", "title"), "Redo: move uk-ops under nordlicht-de (Ctrl+Shift+Z or Ctrl+Y)");
  // Redo by the keyboard (focus on the page, not in a text field), then undo and redo again.
  await page.focus("#redo");
  await page.keyboard.press("Control+Shift+Z");
  assert.deepEqual(await invoiceOptions(page), after);
  assert.match(await node(page, "nordlicht-de").getAttribute("aria-label"), /3 children/);
  await page.keyboard.press("Control+Z");
  assert.deepEqual(await invoiceOptions(page), before);
  await page.keyboard.press("Control+Y");
  assert.deepEqual(await invoiceOptions(page), after);
  assert.equal(await status(page), "1 of 1 edit(s) applied; last: move uk-ops under nordlicht-de.");
  // Typing Ctrl+Z in a text field is the field's own undo, not the history's.
  await page.focus("#find-customer input");
  await page.keyboard.press("Control+Z");
  assert.deepEqual(await invoiceOptions(page), after);
  assertLocal(requests);
  assert.deepEqual(problems, []);
  await page.close();
});

test("Escape cancels a drag, a drop on the background proposes a root, Cancel drops a proposal, a new edit ends redo", async () => {
  const { page, problems, requests } = await openPage();
  await dragNode(page, "de-rnd", "nordlicht-uk", { release: false });
  await page.keyboard.press("Escape");
  assert.equal(await page.$eval("#tree", (tree) => tree.dragging), false);
  assert.equal(await page.locator("#tree .drop-target, #tree .drag-ghost").count(), 0);
  await page.mouse.up();
  assert.equal(await page.isHidden("#preview"), true, "nothing is proposed");
  assert.equal(await page.getAttribute("#explainer", "data-customer-id"), null, "the press did not become a selection either");

  await dragNode(page, "de-rnd", null);
  await page.waitForSelector("#preview:not([hidden])");
  assert.equal(await page.getAttribute("#edit-parent", "data-extra"), "none");
  assert.deepEqual(await page.locator("#preview-events li").evaluateAll((l) => l.map((li) => li.dataset.type)), ["customer.parent.removed"]);
  await page.click("#cancel-edit");
  assert.equal(await page.isHidden("#preview"), true);
  assert.equal(await page.isDisabled("#apply-edit"), true);
  assert.equal(await status(page), "No edits applied.");

  // The pickers (the keyboard's way) still re-parent; each Apply is one step of history.
  await pick(page, "edit-customer", "de-rnd", "de-rnd");
  await pickExtra(page, "edit-parent", "none");
  await page.click("#preview-edit");
  await page.click("#apply-edit");
  await pick(page, "edit-customer", "uk-events", "uk-events");
  await pick(page, "edit-parent", "nordlicht-at", "nordlicht-at");
  await page.click("#preview-edit");
  await page.click("#apply-edit");
  assert.equal(await status(page), "2 of 2 edit(s) applied; last: move uk-events under nordlicht-at.");
  await page.click("#undo");
  assert.equal(await node(page, "de-rnd").getAttribute("aria-level"), "1", "the first edit stays applied");
  assert.equal(await node(page, "uk-events").getAttribute("aria-level"), "3");
  // A new edit after an undo drops the undone one: there is nothing left to redo.
  await dragNode(page, "uk-ops", "nordlicht-at");
  await page.waitForSelector("#preview:not([hidden])");
  await page.click("#apply-edit");
  assert.equal(await status(page), "2 of 2 edit(s) applied; last: move uk-ops under nordlicht-at.");
  assert.equal(await page.isDisabled("#redo"), true);
  assert.equal(await node(page, "uk-events").getAttribute("aria-level"), "3");
  assertLocal(requests);
  assert.deepEqual(problems, []);
  await page.close();
});

test("10,000 customers: each drop's what-if shows the invoice totals it changes (time printed, not asserted)", async () => {
  const { page, problems, requests } = await openPage();
  await loadTenThousand(page);
  // As a person would, the first drop comes after the page has been idle once (the page
  // then runs a what-if that changes nothing, so the first drop is not the module's first).
  await page.waitForSelector("body[data-warmed-up]", { state: "attached", timeout: 30_000 });
  // c112 is billed to its parent: wherever it goes, two invoices change.
  const times = [];
  for (const [from, to] of [["c112", "c1111"], ["c112", "c111"], ["c112", "c0"]]) {
    await page.evaluate(() => delete document.body.dataset.dropToTotalsMs);
    await dragNode(page, from, to);
    await page.waitForFunction(() => document.body.dataset.dropToTotalsMs !== undefined);
    times.push(Number(await page.getAttribute("body", "data-drop-to-totals-ms")));
    assert.ok((await page.locator("#preview-invoices tbody tr").count()) > 0, `moving ${from} under ${to} changes invoices`);
    await page.click("#cancel-edit");
  }
  console.log(`10k sample: drop to what-if totals on screen ${times.join(", ")} ms`);
  // Speed is a benchmark's number (printed above), never a pass/fail threshold: a
  // loaded CI machine measured 237 ms where an idle one measures 20-40.
  assert.ok(times.every((ms) => Number.isFinite(ms) && ms >= 0), `each drop was timed: ${times}`);
  assertLocal(requests);
  assert.deepEqual(problems, []);
  await page.close();
});
