// Drives the preview page in Debian's Chromium (playwright-core, never a downloaded
// browser) against the built package served on 127.0.0.1.
import assert from "node:assert/strict";
import { test } from "node:test";
import { node as row, openPage, pick, pickExtra } from "./browser.mjs";

const badge = (page, id) => row(page, id).locator(".problem-badge");

test("the page loads the sample and marks its error on the right customer", async () => {
  const { page, problems } = await openPage();
  assert.equal(await page.locator("#tree [role=treeitem]").count(), 12);
  assert.match(await page.locator("#summary").textContent(), /2 issue\(s\) under chargebee: 12 customers/);
  const finance = row(page, "uk-finance");
  assert.equal(await badge(page, "uk-finance").getAttribute("data-codes"), "CROSS_TENANT");
  assert.equal(await badge(page, "uk-finance").getAttribute("aria-label"), "1 problem: CROSS_TENANT");
  // Its details carry the message, with the tenant the reader would fix.
  await finance.click();
  assert.match(await page.locator("#details-issues li.node-issue[data-code=CROSS_TENANT]:not(.involved)").textContent(), /Finance UK.*nordlicht-uk-legacy/s);
  // Healthy customers carry no marks.
  assert.equal(await badge(page, "de-sales").count(), 0);
  assert.ok(!((await row(page, "nordlicht-holding").getAttribute("class")) ?? "").includes("has-issue"));
  assert.deepEqual(problems, []);
  await page.close();
});

test("switching the policy re-validates", async () => {
  const { page, problems } = await openPage();
  await page.selectOption("#policy", "fynn");
  assert.match(await page.locator("#summary").textContent(), /3 issue\(s\) under fynn/);
  assert.equal(await badge(page, "de-rnd-lab").getAttribute("data-codes"), "DEPTH_EXCEEDED");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a re-parent through the UI is previewed, then applied", async () => {
  const { page, problems } = await openPage();
  // Move Finance UK to the top level: the cross-tenant link goes away.
  await pick(page, "edit-customer", "uk-finance", "finance");
  await pickExtra(page, "edit-parent", "none");
  await page.click("#preview-edit");
  // Events UK's payment owner error stays; the cross-tenant one goes.
  assert.match(await page.locator("#preview-summary").textContent(), /^1 issue\(s\) after this change — nothing is changed/);
  assert.equal(await page.locator("#preview-resolved li[data-code=CROSS_TENANT]").count(), 1);
  assert.equal(await page.locator("#preview-introduced li").count(), 0);
  assert.match(await page.locator("#preview-events").textContent(), /customer\.parent\.removed.*uk-finance: nordlicht-uk → \(no parent\)/);
  // Nothing changed yet.
  assert.match(await page.locator("#summary").textContent(), /2 issue\(s\)/);

  await page.click("#apply-edit");
  assert.match(await page.locator("#summary").textContent(), /^1 issue\(s\) under chargebee: 12 customers, 3 root\(s\)/);
  assert.equal(await page.locator("#tree .problem-badge[data-codes~=CROSS_TENANT]").count(), 0);
  assert.equal(await page.locator('#tree .problem-badge:not([data-codes=""])').count(), 1);

  // And a move that breaks a rule under Fynn's 3 levels: Operations UK under R&D
  // (level 3) would sit at level 4.
  await page.selectOption("#policy", "fynn");
  await pick(page, "edit-customer", "uk-ops");
  await pick(page, "edit-parent", "de-rnd", "Research");
  await page.click("#preview-edit");
  assert.equal(await page.locator("#preview-introduced li[data-code=DEPTH_EXCEEDED]").count(), 1);
  assert.match(await page.locator("#preview-introduced").textContent(), /uk-ops/);
  assert.match(await page.locator("#preview-events").textContent(), /customer\.parent\.assigned.*uk-ops: nordlicht-uk → de-rnd/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("customer names are text, never markup", async () => {
  const { page, problems, dialogs } = await openPage();
  const hostile = "<img src=x onerror=alert(1)>";
  const json = JSON.stringify({ customers: [
    { id: "evil", name: hostile },
    { id: "<b>id</b>", name: "Child", parentId: "evil", billTo: "parent" },
  ] });
  await page.click("#paste-box summary");
  await page.fill("#json", json);
  await page.click("#load-json");
  await page.waitForFunction(() => document.querySelector("#tree").shadowRoot.querySelectorAll("[role=treeitem]").length === 2);
  assert.equal(await row(page, "evil").locator(".name").textContent(), hostile);
  assert.equal(await page.locator("#tree img, #tree b").count(), 0);
  await page.fill("#edit-customer input", "onerror");
  assert.ok((await page.locator("#edit-customer [role=option]").first().textContent()).includes(hostile));
  assert.equal(await page.locator("#edit-customer img").count(), 0);
  await page.press("#edit-customer input", "Escape");
  // The names reach the owner badges, the explainer and the billing form as text too.
  assert.equal(await row(page, "<b>id</b>").locator(".owner-badge.invoice").textContent(), `invoice → ${hostile}`);
  await row(page, "<b>id</b>").click();
  assert.ok((await page.locator("#explainer-summary").textContent()).includes(hostile));
  assert.ok((await page.locator("#explainer-receives").textContent()).includes("no one"));
  await row(page, "evil").click();
  assert.ok((await page.locator("#explainer-receives").textContent()).includes("itself, Child"));
  assert.ok((await page.locator("#explainer-visibility").textContent()).includes("<b>id</b>"));
  assert.equal(await page.locator("#details-facts dd[data-fact=name]").textContent(), hostile);
  assert.ok((await page.inputValue("#billing-delegate input")).includes(hostile));
  assert.equal(await page.locator("img, b").count(), 0);
  await page.waitForTimeout(300); // give a would-be onerror handler time to fire
  assert.deepEqual(dialogs, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test("malformed JSON is refused with its code, keeping the loaded hierarchy", async () => {
  const { page } = await openPage();
  await page.click("#paste-box summary");
  await page.fill("#json", '{"customers": [{"id": "a", "name": 5}]}');
  await page.click("#load-json");
  assert.match(await page.locator("#load-error").textContent(), /^INVALID_INPUT: customers\[0\]\.name/);
  assert.equal(await page.locator("#tree [role=treeitem]").count(), 12);
  await page.close();
});

test("each node shows who receives its invoice and who pays, with owner issues", async () => {
  const { page, problems } = await openPage();
  assert.ok(await page.locator("#owner-legend").isVisible());
  // Materials Lab bills to R&D, which bills to Nordlicht Deutschland: its invoice, which it pays.
  const lab = row(page, "de-rnd-lab").locator(".owner-badge");
  assert.equal(await lab.count(), 1);
  assert.equal(await lab.getAttribute("class"), "owner-badge invoice");
  assert.equal(await lab.getAttribute("data-owner-id"), "nordlicht-de");
  assert.equal(await lab.textContent(), "invoice → Nordlicht Deutschland GmbH");
  // Nordlicht UK keeps its invoice; its parent pays.
  const uk = row(page, "nordlicht-uk");
  assert.equal(await uk.locator(".owner-badge.own").textContent(), "own invoice");
  assert.equal(await uk.locator(".owner-badge.payer").textContent(), "paid by Nordlicht Holding AG");
  assert.equal(await uk.locator(".owner-badge.payer").getAttribute("data-owner-id"), "nordlicht-holding");
  // Operations UK is on Nordlicht UK's invoice, so the holding pays for it too.
  assert.deepEqual(await row(page, "uk-ops").locator(".owner-badge").allTextContents(), [
    "invoice → Nordlicht UK Ltd", "paid by Nordlicht Holding AG",
  ]);
  // Delegated invoicing (Flexprice) and billTo root land on other customers' invoices as well.
  assert.equal(await row(page, "nl-support").locator(".owner-badge.invoice").textContent(), "invoice → Nordlicht Deutschland GmbH");
  assert.equal(await row(page, "nordlicht-nl").locator(".owner-badge.invoice").textContent(), "invoice → Nordlicht Holding AG");
  // The top bills and pays itself: only the muted badge.
  assert.deepEqual(await row(page, "nordlicht-holding").locator(".owner-badge").allTextContents(), ["own invoice"]);
  // Events UK names a payment owner outside its ancestors: the issue sits on it, and its payer is unresolved.
  const events = row(page, "uk-events");
  assert.equal(await badge(page, "uk-events").getAttribute("data-codes"), "PAYMENT_OWNER_NOT_ANCESTOR");
  const unresolved = events.locator(".owner-badge.unresolved");
  assert.equal(await unresolved.count(), 1);
  assert.equal(await unresolved.getAttribute("data-side"), "payer");
  assert.match(await unresolved.textContent(), /payer unresolved: PAYMENT_OWNER_NOT_ANCESTOR/);
  assert.equal(await events.locator(".owner-badge.payer").count(), 0);
  assert.equal(await badge(page, "nordlicht-de").getAttribute("data-codes"), "");
  assert.equal(await badge(page, "nordlicht-de").getAttribute("data-involved-codes"), "PAYMENT_OWNER_NOT_ANCESTOR");
  assert.deepEqual(problems, []);
  await page.close();
});

test("selecting a customer explains its owners, whom it owns and what it may see", async () => {
  const { page, problems } = await openPage();
  assert.equal(await page.locator("#explainer").getAttribute("data-customer-id"), null);
  assert.ok(await page.locator("#explainer-hint").isVisible());

  await row(page, "de-rnd-lab").click();
  const explainer = page.locator("#explainer[data-customer-id=de-rnd-lab]");
  assert.ok(await explainer.isVisible());
  assert.ok(!(await page.locator("#explainer-hint").isVisible()));
  assert.match(await row(page, "de-rnd-lab").getAttribute("class"), /\bselected\b/);
  assert.match(await page.locator("#explainer-summary").textContent(), /^"Materials Lab" \("de-rnd-lab"\)'s charges land on "Nordlicht Deutschland GmbH"/);
  const steps = page.locator("#explainer-steps li");
  assert.ok((await steps.count()) >= 3);
  assert.deepEqual(await steps.evaluateAll((items) => items.map((item) => item.dataset.rule)), [
    "billToParent", "billToParent", "ownInvoice", "paysItself",
  ]);
  assert.match(await steps.first().textContent(), /bills to its parent "Research & Development"/);
  assert.equal(await page.locator("#explainer-receives").textContent(), "Receives invoices for: no one.");
  assert.equal(await page.locator("#explainer-pays").textContent(), "Pays for: no one.");
  // Its childAccountAccess lets it view its own lines but not download them.
  const ownRow = page.locator("#explainer-visibility tbody tr[data-customer-id=de-rnd-lab]");
  assert.deepEqual(await ownRow.locator("td").allTextContents(), ["Materials Labde-rnd-lab", "itself", "its own lines", "yes", "no", "yes"]);

  // The owner's side: whom it receives invoices for and pays for, and whose invoices it sees.
  await row(page, "nordlicht-de").click();
  assert.equal(await page.locator("#explainer").getAttribute("data-customer-id"), "nordlicht-de");
  assert.equal(await page.locator("#tree .node.selected").count(), 1);
  assert.equal(
    await page.locator("#explainer-receives").textContent(),
    "Receives invoices for: itself, Sales DACH, Research & Development, Materials Lab, Customer Support Benelux.",
  );
  assert.match(await page.locator("#explainer-pays").textContent(), /^Pays for: itself, Sales DACH/);
  assert.equal(await page.locator("#explainer-visibility tbody tr").count(), 5);
  assert.deepEqual(
    await page.locator("#explainer-visibility tbody tr[data-customer-id=de-sales] td").allTextContents(),
    ["Sales DACHde-sales", "invoice owner", "whole invoice", "yes", "yes", "no"],
  );

  // An unresolved payer is explained with the rule it breaks.
  await row(page, "uk-events").click();
  assert.equal(await page.locator("#explainer-steps li[data-rule=unresolved][data-code=PAYMENT_OWNER_NOT_ANCESTOR]").count(), 1);
  assert.match(await page.locator("#explainer-summary").textContent(), /payment owner is unresolved/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a billing what-if lists the owners that change, and applies only on Apply", async () => {
  const { page, problems } = await openPage();
  const changes = page.locator("#billing-changes li[data-customer-id]");
  const badge = (id) => row(page, id).locator(".owner-badge.invoice");

  // The form starts from the customer's current setting.
  await pick(page, "billing-customer", "uk-ops");
  assert.equal(await page.inputValue("#billing-way"), "owners");
  assert.equal(await page.getAttribute("#billing-invoice-owner", "data-value"), "nordlicht-uk");
  assert.ok(await page.locator("#billing-invoice-owner").isVisible());
  assert.ok(!(await page.locator("#billing-delegate").isVisible()));
  await pick(page, "billing-customer", "nl-support");
  assert.equal(await page.inputValue("#billing-way"), "delegate");
  assert.equal(await page.getAttribute("#billing-delegate", "data-value"), "nordlicht-de");
  assert.ok(!(await page.locator("#billing-invoice-owner").isVisible()));
  await pick(page, "billing-customer", "nordlicht-de");
  assert.equal(await page.inputValue("#billing-way"), "self");

  // Select Materials Lab so the explainer shows the change after Apply.
  await row(page, "de-rnd-lab").click();

  // Nordlicht Deutschland bills to the holding: everyone on its invoice moves with it.
  await page.selectOption("#billing-way", "billToParent");
  await page.click("#preview-billing");
  assert.match(await page.locator("#billing-preview-summary").textContent(), /^2 issue\(s\) after this change — nothing is changed until you apply it\. 5 customers' owners change\./);
  assert.deepEqual(await changes.evaluateAll((items) => items.map((item) => item.dataset.customerId)), [
    "nordlicht-de", "de-sales", "de-rnd", "de-rnd-lab", "nl-support",
  ]);
  assert.equal(
    await page.locator("#billing-changes li[data-customer-id=de-sales]").textContent(),
    "de-sales: invoice nordlicht-de → nordlicht-holding, paid by nordlicht-de → nordlicht-holding",
  );
  assert.equal(await page.locator("#billing-introduced li").count(), 0);
  assert.equal(await page.locator("#billing-resolved li").count(), 0);
  // Nothing changed yet.
  assert.equal(await badge("de-sales").textContent(), "invoice → Nordlicht Deutschland GmbH");
  assert.equal(await badge("nordlicht-de").count(), 0);
  assert.match(await page.locator("#explainer-summary").textContent(), /land on "Nordlicht Deutschland GmbH"/);

  await page.click("#apply-billing");
  assert.equal(await badge("de-sales").textContent(), "invoice → Nordlicht Holding AG");
  assert.equal(await badge("de-sales").getAttribute("data-owner-id"), "nordlicht-holding");
  assert.equal(await badge("nordlicht-de").textContent(), "invoice → Nordlicht Holding AG");
  assert.equal(await badge("nl-support").textContent(), "invoice → Nordlicht Holding AG");
  assert.match(await page.locator("#billing-preview-summary").textContent(), /— applied\./);
  assert.ok(await page.locator("#apply-billing").isDisabled());
  assert.equal(await page.inputValue("#billing-way"), "billToParent");
  // The explainer and the JSON follow the applied change.
  assert.match(await page.locator("#explainer-summary").textContent(), /land on "Nordlicht Holding AG"/);
  const exported = JSON.parse(await page.inputValue("#json")).customers;
  assert.equal(exported.find((customer) => customer.id === "nordlicht-de").billTo, "parent");

  // Chargebee owners on Sales DACH: naming Nordlicht Deutschland changes no owner, since
  // its charges now go to the holding's invoice; its access settings survive the
  // whole-settings edit.
  await pick(page, "billing-customer", "de-sales");
  await page.selectOption("#billing-way", "owners");
  await pick(page, "billing-invoice-owner", "nordlicht-de");
  await page.click("#preview-billing");
  assert.match(await page.locator("#billing-preview-summary").textContent(), /No customer's owners change\.$/);
  assert.equal(await changes.count(), 0);
  await page.click("#apply-billing");
  const sales = JSON.parse(await page.inputValue("#json")).customers.find((customer) => customer.id === "de-sales");
  assert.equal(sales.invoiceOwnerId, "nordlicht-de");
  assert.equal(sales.paymentOwnerId, "nordlicht-de");
  assert.equal(sales.billTo, undefined);
  assert.deepEqual(sales.parentAccountAccess, { portalDownloadInvoices: "yes", sendInvoiceEmails: true });
  assert.equal(await badge("de-sales").textContent(), "invoice → Nordlicht Holding AG");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a billing what-if shows the owner issues it introduces and resolves", async () => {
  const { page, problems } = await openPage();
  // The top has no parent to bill to: its owners, and those following it, become unresolved.
  await pick(page, "billing-customer", "nordlicht-holding");
  await page.selectOption("#billing-way", "billToParent");
  await page.click("#preview-billing");
  assert.equal(await page.locator("#billing-introduced li[data-code=BILL_TO_PARENT_WITHOUT_PARENT]").count(), 1);
  assert.equal(
    await page.locator("#billing-changes li[data-customer-id=nordlicht-nl]").textContent(),
    "nordlicht-nl: invoice nordlicht-holding → unresolved (follows nordlicht-holding), paid by nordlicht-holding → unresolved (follows nordlicht-holding)",
  );
  // Changing the form drops the stale preview, so Apply cannot apply something else.
  await page.selectOption("#billing-way", "self");
  assert.ok(await page.locator("#apply-billing").isDisabled());
  assert.ok(!(await page.locator("#billing-preview").isVisible()));

  // Events UK keeps its invoice and lets the holding pay, which Chargebee allows.
  await pick(page, "billing-customer", "uk-events");
  assert.equal(await page.inputValue("#billing-way"), "owners");
  assert.equal(await page.getAttribute("#billing-invoice-owner", "data-value"), "");
  assert.equal(await page.getAttribute("#billing-payment-owner", "data-value"), "nordlicht-de");
  await pick(page, "billing-payment-owner", "nordlicht-holding");
  await page.click("#preview-billing");
  assert.equal(await page.locator("#billing-resolved li[data-code=PAYMENT_OWNER_NOT_ANCESTOR]").count(), 1);
  assert.equal(
    await page.locator("#billing-changes").textContent(),
    "uk-events: paid by unresolved (PAYMENT_OWNER_NOT_ANCESTOR) → nordlicht-holding",
  );
  assert.equal(await row(page, "uk-events").locator(".owner-badge.unresolved").count(), 1);
  await page.click("#apply-billing");
  assert.match(await page.locator("#summary").textContent(), /^1 issue\(s\)/);
  assert.equal(await row(page, "uk-events").locator(".owner-badge.unresolved").count(), 0);
  assert.equal(await row(page, "uk-events").locator(".owner-badge.payer").textContent(), "paid by Nordlicht Holding AG");
  assert.deepEqual(problems, []);
  await page.close();
});
