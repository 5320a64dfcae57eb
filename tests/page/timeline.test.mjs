// The period's timeline in Debian's Chromium: changes put on it, moved by dragging and
// with the keyboard, and the invoices following. Every amount the page shows is checked
// against a full preview of the same changes by the Node build (`previewInvoices` with
// the changes in the billing input: another path than the page's what-if).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import { openPage, pick } from "./browser.mjs";

const billtree = createRequire(import.meta.url)("../../build/pkg-invoices");
const hierarchy = readFileSync(new URL("../../www/sample-hierarchy.json", import.meta.url), "utf8");
const billing = JSON.parse(readFileSync(new URL("../../www/sample-billing.json", import.meta.url), "utf8"));
const key = (customerId, currency) => `${customerId} ${currency}`;

/** Amount due per invoice with `changes` in the billing input, from Node. */
function dueWith(changes) {
  const preview = billtree.previewInvoices(hierarchy, JSON.stringify({ ...billing, changes }));
  return new Map(preview.invoices.map((i) => [key(i.customerId, i.currency), i.totals.amountDue]));
}

/** The page's before/after table: after per changed invoice. */
async function pageAfter(page) {
  const rows = page.locator("#timeline-invoices tbody tr");
  const after = new Map();
  for (let at = 0; at < (await rows.count()); at += 1) {
    const row = rows.nth(at);
    const id = key(await row.getAttribute("data-customer-id"), await row.getAttribute("data-currency"));
    after.set(id, await row.locator("td.after").textContent());
  }
  return after;
}

/** The page agrees with Node: every invoice it lists as changed has Node's amount, and every other is unchanged. */
async function assertMatches(page, changes) {
  const before = dueWith([]);
  const expected = dueWith(changes);
  const shown = await pageAfter(page);
  assert.ok(shown.size > 0, "the changes change some invoice");
  for (const [id, due] of expected) {
    assert.equal(shown.get(id) ?? before.get(id), due, `amount due of ${id}`);
  }
  return shown;
}

const cancelFinance = (date) => ({ effectiveDate: date, lifecycle: [{ subscriptionId: "sub-uk-finance", action: "cancel" }] });
const moveOps = (date) => ({ effectiveDate: date, edits: [{ op: "setParent", customerId: "uk-ops", parentId: "nordlicht-de" }] });

test("a change on the timeline is moved by dragging and with the keys, and the totals follow", async () => {
  const { page, problems } = await openPage();
  await page.selectOption("#change-kind", "cancel");
  await page.selectOption("#change-subscription", "sub-uk-finance");
  await page.fill("#change-date", "2026-11-16");
  await page.click("#add-change");
  const marker = page.locator("[data-testid=timeline-marker]");
  assert.equal(await marker.count(), 1);
  assert.equal(await marker.getAttribute("aria-valuetext"), "2026-11-16");
  assert.deepEqual(
    await page.locator("[data-testid=sub-period]").evaluateAll((parts) => parts.map((p) => `${p.dataset.start}/${p.dataset.end}`)),
    ["2026-11-01/2026-11-16", "2026-11-16/2026-12-01"],
  );
  const onThe16th = await assertMatches(page, [cancelFinance("2026-11-16")]);

  // Drag the marker to the fifth day's cell.
  const lane = await page.locator("#timeline .days").boundingBox();
  const box = await marker.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(lane.x + lane.width * (4.5 / 30), box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  assert.equal(await marker.getAttribute("aria-valuetext"), "2026-11-05");
  const onThe5th = await assertMatches(page, [cancelFinance("2026-11-05")]);
  assert.notDeepEqual(onThe5th, onThe16th, "cancelling eleven days earlier bills less");

  // The keyboard moves it a day at a time.
  await marker.focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await marker.getAttribute("aria-valuetext"), "2026-11-06");
  await assertMatches(page, [cancelFinance("2026-11-06")]);

  // The invoice after: its cancelled line bills only the days before the cancellation.
  const shown = page.locator("#timeline-invoice");
  assert.equal(await shown.isVisible(), true);
  assert.match(await shown.locator("[part=invoice]").textContent(), /for 2026-11-01 – 2026-11-05/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("two changes on their own days are previewed together, and one can be removed", async () => {
  const { page, problems } = await openPage();
  await page.selectOption("#change-kind", "cancel");
  await page.selectOption("#change-subscription", "sub-uk-finance");
  await page.fill("#change-date", "2026-11-20");
  await page.click("#add-change");
  await page.selectOption("#change-kind", "setParent");
  await pick(page, "change-customer", "uk-ops");
  await pick(page, "change-parent", "nordlicht-de");
  await page.fill("#change-date", "2026-11-05");
  await page.click("#add-change");
  // Markers and the list are in date order: the re-parent on the 5th comes first.
  assert.deepEqual(await page.locator("[data-testid=timeline-marker]").evaluateAll((m) => m.map((x) => x.getAttribute("aria-valuetext"))), ["2026-11-05", "2026-11-20"]);
  assert.equal(await page.locator("[data-testid=sub-period]").count(), 3);
  assert.match(await page.locator("[data-testid=timeline-change]").first().textContent(), /moves under/);
  assert.match(await page.locator("#timeline-summary").textContent(), /^2 change\(s\) on 2 day\(s\)/);
  await assertMatches(page, [moveOps("2026-11-05"), cancelFinance("2026-11-20")]);
  // Operations UK leaves the subscription it inherits from Nordlicht UK: the issues that
  // brings (its usage no longer priced) are listed, the same as a full preview's new ones.
  const issuesOf = (changes) => billtree.previewInvoices(hierarchy, JSON.stringify({ ...billing, changes })).issues.map((i) => `${i.code} ${i.message}`);
  const before = new Set(issuesOf([]));
  const introduced = issuesOf([moveOps("2026-11-05"), cancelFinance("2026-11-20")]).filter((i) => !before.has(i));
  assert.ok(introduced.length > 0);
  assert.deepEqual(await page.locator("#timeline-issues li").evaluateAll((items) => items.map((li) => `${li.dataset.code} ${li.textContent.slice(li.dataset.code.length)}`)), introduced);

  await page.locator("[data-testid=timeline-change]").first().locator("button.remove-change").click();
  assert.equal(await page.locator("[data-testid=timeline-marker]").count(), 1);
  await assertMatches(page, [cancelFinance("2026-11-20")]);

  // A day outside the period is refused with a message; the timeline is unchanged.
  await page.fill("#change-date", "2026-12-03");
  await page.click("#add-change");
  assert.match(await page.locator("#timeline-error").textContent(), /not a day of the period/);
  assert.equal(await page.locator("[data-testid=timeline-marker]").count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});
