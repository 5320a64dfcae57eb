// The page reads other systems' exports: a Chargebee export and a CSV file opened with the
// file input, and a Sequence export and an unknown format pasted, each detected, shown as
// such, drawn, and validated under its system's policy.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { node, openPage } from "./browser.mjs";

const formats = fileURLToPath(new URL("../fixtures/formats/", import.meta.url));
const row = node;
const treeIds = (page) => page.locator("#tree [role=treeitem]").evaluateAll((rows) => rows.map((r) => r.dataset.customerId));

test("a Chargebee export opened as a file: detected, drawn with Chargebee's owners, under Chargebee's policy", async () => {
  const { page, problems } = await openPage();
  assert.equal(await page.locator("#format").textContent(), "Read as billtree JSON.");
  // The page's strict CSP (no inline script; openPage fails on any violation it logs).
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.equal(await page.locator("script:not([src])").count(), 0);
  await page.setInputFiles("#file", join(formats, "chargebee-list.json"));
  await page.waitForFunction(() => document.querySelector("#format").textContent.includes("Chargebee"));
  assert.equal(await page.locator("#format").textContent(), "Read as Chargebee customers.");
  assert.deepEqual((await treeIds(page)).sort(), ["acme-de", "acme-de-berlin", "acme-fr", "acme-fr-lyon", "acme-hq", "acme-legacy"]);
  assert.match(await page.locator("#summary").textContent(), /^Valid under chargebee: 6 customers, 1 root\(s\)/);
  assert.equal(await page.inputValue("#policy"), "chargebee");
  // invoice_owner_id: the holding; Berlin keeps its invoice and the holding pays it.
  assert.equal(await row(page, "acme-de").locator(".owner-badge.invoice").first().textContent(), "invoice → Acme Holdings AG");
  assert.equal(await row(page, "acme-de-berlin").locator(".owner-badge.payer").first().textContent(), "paid by Acme Holdings AG");
  assert.match(await page.locator("#format-notes").textContent(), /deleted in Chargebee, read as archived/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a CSV file: quoted names, its owner columns, the ignored column noted", async () => {
  const { page, problems } = await openPage();
  await page.setInputFiles("#file", join(formats, "hierarchy.csv"));
  await page.waitForFunction(() => document.querySelector("#format").textContent.includes("CSV"));
  assert.equal(await page.locator("#format").textContent(), "Read as CSV hierarchy.");
  assert.deepEqual((await treeIds(page)).sort(), ["globex", "globex-apac", "globex-eu", "globex-eu-de", "globex-old"]);
  assert.equal(await row(page, "globex-eu").locator(".name").first().textContent(), "Globex Europe, Ltd.");
  assert.equal(await row(page, "globex-eu-de").locator(".owner-badge.payer").first().textContent(), "paid by Globex Corporation");
  assert.match(await page.locator("#format-notes").textContent(), /columns billtree does not read were ignored: "notes"/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a file dropped onto the page is read like an opened one; a drag without files changes nothing", async () => {
  const { page, problems } = await openPage();
  const csv = readFileSync(join(formats, "hierarchy.csv"), "utf8");
  // What the desktop hands the page: a drag whose DataTransfer holds the file.
  const files = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], "hierarchy.csv", { type: "text/csv" }));
    return transfer;
  }, csv);
  const text = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.setData("text/plain", "not a file");
    return transfer;
  });
  const fileOver = () => page.evaluate(() => document.body.classList.contains("file-over"));
  await page.dispatchEvent("#summary", "dragenter", { dataTransfer: text });
  assert.equal(await fileOver(), false, "a drag of text is not a file on its way");
  await page.dispatchEvent("#summary", "dragenter", { dataTransfer: files });
  assert.equal(await fileOver(), true, "the page shows where a file will go");
  await page.dispatchEvent("#summary", "dragleave", { dataTransfer: files });
  assert.equal(await fileOver(), false, "leaving the page takes the outline away");
  await page.dispatchEvent("#summary", "dragenter", { dataTransfer: files });
  await page.dispatchEvent("#tree", "dragover", { dataTransfer: files });
  await page.dispatchEvent("#tree", "drop", { dataTransfer: files });
  await page.waitForFunction(() => document.querySelector("#format").textContent.includes("CSV"));
  assert.equal(await fileOver(), false);
  assert.equal(await page.locator("#format").textContent(), "Read as CSV hierarchy.");
  assert.deepEqual((await treeIds(page)).sort(), ["globex", "globex-apac", "globex-eu", "globex-eu-de", "globex-old"]);
  assert.deepEqual(problems, []);
  await page.close();
});

test("pasted exports: Sequence brings a policy of its own, an unknown format is refused with its code", async () => {
  const { page, problems } = await openPage();
  await page.click("#paste-box summary");
  const sequence = JSON.stringify([
    { id: "holding", legalName: "Credit Now Holdings Inc" },
    { id: "labs", legalName: "Credit Now Labs LLC", parentId: "holding" },
  ]);
  await page.fill("#json", sequence);
  await page.click("#load-json");
  await page.waitForFunction(() => document.querySelector("#format").textContent.includes("Sequence"));
  assert.equal(await page.inputValue("#policy"), "custom:sequence");
  assert.match(await page.locator("#summary").textContent(), /under sequence: 2 customers/);
  // Roll-up billing: the child's charges land on the holding's invoice.
  assert.equal(await row(page, "labs").locator(".owner-badge.invoice").first().textContent(), "invoice → Credit Now Holdings Inc");
  // Switching to a preset and back works like any policy.
  await page.selectOption("#policy", "orb");
  assert.match(await page.locator("#summary").textContent(), /under orb/);
  await page.selectOption("#policy", "custom:sequence");
  assert.match(await page.locator("#summary").textContent(), /under sequence/);

  await page.fill("#json", '[{"sku": "A-1", "price": 3}]');
  await page.click("#load-json");
  assert.match(await page.locator("#load-error").textContent(), /^UNKNOWN_FORMAT: /);
  assert.equal(await page.locator("#tree [role=treeitem]").count(), 2, "the loaded hierarchy stays");
  assert.deepEqual(problems, []);
  await page.close();
});
