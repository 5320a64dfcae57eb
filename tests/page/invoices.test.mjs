// The page's invoice panel in Debian's Chromium: the sample's consolidated invoice, the
// roll-up mode comparison, and before/after totals of the what-ifs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openPage, pick } from "./browser.mjs";

const step = (page, name) => page.locator(`#invoice tr[data-step=${name}] td`).textContent();

/** A two-decimal amount as shown ("1400.96", "−592.00", "+91.03") in cents, exactly (for cross-checks). */
const cents = (text) => BigInt(text.replace("−", "-").replace("+", "").replace(".", ""));

test("the sample's consolidated invoice is laid out with its sections and totals pipeline", async () => {
  const { page, problems } = await openPage();
  assert.match(await page.locator("#invoice-summary").textContent(), /^5 invoice\(s\) for 2026-11-01 to 2026-12-01/);
  await page.selectOption("#invoice-select", { label: "Nordlicht Deutschland GmbH · EUR · due 1400.96" });
  // By hand, from www/sample-billing.json: Nordlicht Deutschland's own lines 490 platform
  // + 37.00 API calls (1000 × 0.02 + 3400 × 0.005 on the pooled 4,400) + 540 seats (45 ×
  // 12) = 1067.00; its children add 350.00 (onboarding) and 48.00 (Benelux support
  // seats, delegated): lines 1465.00. The 10% invoice discount takes 146.50; tax is 19%
  // of Nordlicht Deutschland's own net 960.30 = 182.46 (the children have no tax rate);
  // the Materials Lab's 100.00 credit is used: due 1318.50 + 182.46 − 100.00 = 1400.96.
  assert.equal(await step(page, "lines"), "1465.00 EUR");
  assert.equal(await step(page, "discounts"), "−146.50 EUR");
  assert.equal(await step(page, "net"), "1318.50 EUR");
  assert.equal(await step(page, "tax"), "182.46 EUR");
  assert.equal(await step(page, "credits"), "−100.00 EUR");
  assert.equal(await step(page, "amountDue"), "1400.96 EUR");
  // Sections nest as the hierarchy does: the lab inside R&D inside Nordlicht Deutschland.
  const lab = page.locator('#invoice details[data-customer-id=nordlicht-de] details[data-customer-id=de-rnd] details[data-customer-id=de-rnd-lab]');
  assert.equal(await lab.count(), 1);
  assert.match(await lab.locator("tr.line").first().textContent(), /Lab onboarding.*350\.00 EUR/);
  // The pooled API line shows its tiers and who used what.
  const api = page.locator('#invoice details[data-customer-id=nordlicht-de] > table tr.line[data-kind=usage]').first();
  assert.match(await api.textContent(), /API calls.*pooled.*4400.*37\.00 EUR/);
  const detail = await page.locator('#invoice details[data-customer-id=nordlicht-de] > table').textContent();
  assert.match(detail, /tier 1: 1000 × 0\.02/);
  assert.match(detail, /Sales DACH used 1200/);
  // Sections collapse.
  await lab.locator("summary").click();
  assert.equal(await lab.evaluate((node) => node.open), false);
  assert.deepEqual(problems, []);
  await page.close();
});

test("comparing roll-up modes shows each mode's amount due, and Show switches the invoice", async () => {
  const { page, problems } = await openPage();
  await page.selectOption("#invoice-select", { label: "Nordlicht Deutschland GmbH · EUR · due 1400.96" });
  await page.selectOption("#mode-subscription", "sub-de");
  await page.click("#compare-modes");
  const row = page.locator('#mode-comparison tr[data-customer-id=nordlicht-de]');
  const due = async (mode) => row.locator(`td.mode-${mode}`).textContent();
  assert.match(await page.locator("#mode-comparison thead").textContent(), /pooled \(now\)/);
  assert.equal(await due("pooled"), "1400.96");
  const separate = await due("separate");
  const apportioned = await due("apportioned");
  assert.notEqual(separate, "1400.96", "pricing each customer separately changes the amount");
  await page.click("[data-testid=show-separate]");
  assert.equal(await step(page, "amountDue"), `${separate} EUR`);
  assert.match(await page.locator("[data-testid=invoice-note]").textContent(), /sub-de separate/);
  // Apportioned prices the same pool as pooled, so the lines are the same; the amounts
  // move to the children's sections (taxed at their own rate).
  await page.click("[data-testid=show-apportioned]");
  assert.equal(await step(page, "amountDue"), `${apportioned} EUR`);
  assert.equal(await step(page, "lines"), "1465.00 EUR");
  assert.ok((await page.locator('#invoice details[data-customer-id=de-sales] tr.line[data-kind=usage]').count()) > 0);
  // Nothing was applied: the loaded invoice is unchanged.
  await page.selectOption("#invoice-select", { index: 1 });
  await page.selectOption("#invoice-select", { label: "Nordlicht Deutschland GmbH · EUR · due 1400.96" });
  assert.equal(await step(page, "amountDue"), "1400.96 EUR");
  assert.deepEqual(problems, []);
  await page.close();
});

test("what-ifs show invoice totals before and after", async () => {
  const { page, problems } = await openPage();
  // Usage: Sales DACH's API calls for the period become 10,000.
  await pick(page, "usage-customer", "de-sales");
  await page.selectOption("#usage-meter", "api-calls");
  await page.fill("#usage-quantity", "10000");
  await page.click("#preview-usage");
  const usage = page.locator('#usage-changes tr[data-customer-id=nordlicht-de]');
  assert.equal(await usage.locator("td.before").textContent(), "1400.96");
  const after = await usage.locator("td.after").textContent();
  assert.ok(cents(after) > cents("1400.96"), `more usage costs more (${after})`);
  assert.equal(cents(await usage.locator("td.delta").textContent()), cents(after) - cents("1400.96"));
  assert.match(await page.locator("#usage-changes caption").textContent(), /^1 of 5 invoice\(s\) change/);

  // Re-parent: R&D (billed to its parent) moves under the holding, so its lines leave
  // Nordlicht Deutschland's invoice for the holding's.
  await pick(page, "edit-customer", "de-rnd");
  await pick(page, "edit-parent", "nordlicht-holding");
  await page.click("#preview-edit");
  const moved = page.locator("#preview-invoices tbody tr");
  assert.deepEqual(
    (await moved.evaluateAll((rows) => rows.map((r) => r.dataset.customerId))).sort(),
    ["nordlicht-de", "nordlicht-holding"],
  );
  const de = page.locator('#preview-invoices tr[data-customer-id=nordlicht-de]');
  assert.equal(await de.locator("td.before").textContent(), "1400.96");
  const deAfter = await de.locator("td.after").textContent();
  assert.ok(cents(deAfter) < cents("1400.96"), `R&D's lines leave (${deAfter})`);
  // Applying it makes "after" the loaded invoice.
  await page.click("#apply-edit");
  assert.ok((await page.locator("#invoice-select").textContent()).includes(`Nordlicht Deutschland GmbH · EUR · due ${deAfter}`));

  // Billing settings: Events UK billed to its parent, so its own invoice goes.
  await pick(page, "billing-customer", "uk-events");
  await page.selectOption("#billing-way", "billToParent");
  await page.click("#preview-billing");
  assert.equal(await page.locator('#billing-invoices tr[data-customer-id=uk-events] td.after').textContent(), "(no invoice)");
  assert.equal(await page.locator('#billing-invoices tr[data-customer-id=nordlicht-uk]').count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test("billing JSON that is not valid is refused with its code, keeping the invoices", async () => {
  const { page, problems } = await openPage();
  await page.click("#billing-box summary");
  await page.fill("#billing-json", '{"period": {"start": "2026-11-01", "end": "2026-12-01"}, "charges": [{"id": "x", "customerId": "de-sales", "amount": 12.5}]}');
  await page.click("#load-billing");
  assert.match(await page.locator("#billing-error").textContent(), /^INVALID_INPUT: charges\[0\]\.amount/);
  assert.match(await page.locator("#invoice-summary").textContent(), /^5 invoice\(s\)/);
  assert.deepEqual(problems, []);
  await page.close();
});
