// The share link (the whole state in the URL fragment, compressed), the exports (JSON
// and CSV of the edited hierarchy and of the invoices, downloaded and parsed here), and
// markup in ids, names and billing text staying inert through all of it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { assertLocal, dragNode, node, openPage, pick } from "./browser.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { HierarchySession } = createRequire(import.meta.url)(join(ROOT, "build/pkg-invoices/node/index.js"));
const HIERARCHY = readFileSync(join(ROOT, "www/sample-hierarchy.json"), "utf8");
const BILLING = readFileSync(join(ROOT, "www/sample-billing.json"), "utf8");
const XSS = "<img src=x onerror=window.__xss=1>";

/** RFC 4180: fields, quoted fields with doubled quotes and line breaks, CRLF records. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"', (i += 1));
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") (row.push(field), (field = ""));
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      (row = []), (field = ""), (i += 1);
    } else field += c;
  }
  assert.equal(field + row.length, "0", "the text ends with CRLF");
  return rows;
}

/** Clicks `buttonId` and returns the downloaded file's name and text. */
async function download(page, buttonId) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(`#${buttonId}`)]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), "utf8") };
}

const invoiceOptions = (page) => page.locator("#invoice-select option").evaluateAll((options) => options.map((o) => o.textContent));
const status = (page) => page.locator("#history-status").textContent();

test("a share link restores the sample, its applied edits, the history and the selection in a fresh page", async () => {
  const { page, problems, requests } = await openPage();
  const before = await invoiceOptions(page);
  await dragNode(page, "uk-ops", "nordlicht-de");
  await page.waitForSelector("#preview:not([hidden])");
  await page.click("#apply-edit");
  await pick(page, "find-customer", "de-sales", "Sales DACH");
  const after = await invoiceOptions(page);
  await page.click("#copy-share");
  await page.waitForSelector("#share-url-field:not([hidden])");
  const url = await page.inputValue("#share-url");
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/#state=[A-Za-z0-9_-]+$/);
  assert.ok(url.length < 600, `a sample travels by name: ${url.length} characters`);
  // The address bar follows the state too, so a reload restores it.
  assert.equal(page.url(), url);

  const fresh = await openPage(url);
  assert.equal(await status(fresh.page), "1 of 1 edit(s) applied; last: move uk-ops under nordlicht-de.");
  assert.match(await node(fresh.page, "nordlicht-de").getAttribute("aria-label"), /3 children/);
  assert.deepEqual(await invoiceOptions(fresh.page), after);
  assert.equal(await fresh.page.getAttribute("#explainer", "data-customer-id"), "de-sales");
  assert.equal(await node(fresh.page, "de-sales").getAttribute("aria-selected"), "true");
  // The history came along: undo works there as here.
  await fresh.page.click("#undo");
  assert.deepEqual(await invoiceOptions(fresh.page), before);
  assertLocal(fresh.requests);
  assert.deepEqual(fresh.problems, []);
  await fresh.page.close();

  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.deepEqual(await invoiceOptions(page), after);
  assert.equal(await page.getAttribute("#explainer", "data-customer-id"), "de-sales");
  assertLocal(requests);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a damaged fragment is reported and the sample shown", async () => {
  const { page, problems, requests } = await openPage();
  const broken = await openPage(`${page.url().split("#")[0]}#state=AAAA`);
  // Shown after the sample has loaded (loading it clears the box).
  assert.equal(await broken.page.locator("#load-error").isVisible(), true);
  assert.match(await broken.page.locator("#load-error").textContent(), /could not be read/);
  assert.equal(await broken.page.locator("#tree [role=treeitem]").count(), 12);
  for (const { requests: r, problems: p } of [broken, { requests, problems }]) {
    assertLocal(r);
    assert.deepEqual(p, []);
  }
  await broken.page.close();
  await page.close();
});

test("exports: the edited hierarchy and the invoices as JSON and CSV, formulas neutralized", async () => {
  const { page, problems, requests } = await openPage();
  const policy = await page.inputValue("#policy");
  await dragNode(page, "uk-ops", "nordlicht-de");
  await page.waitForSelector("#preview:not([hidden])");
  await page.click("#apply-edit");
  const edit = { op: "setParent", customerId: "uk-ops", parentId: "nordlicht-de" };
  const session = new HierarchySession(HIERARCHY, { policy });
  session.loadBilling(BILLING);
  session.applyEdits(edit);

  const json = await download(page, "export-hierarchy-json");
  assert.equal(json.name, "hierarchy.json");
  assert.deepEqual(JSON.parse(json.text), { customers: session.customers() });
  const invoicesJson = await download(page, "export-invoices-json");
  assert.deepEqual(JSON.parse(invoicesJson.text), session.loadedInvoices());

  const csv = parseCsv((await download(page, "export-invoices-csv")).text);
  assert.deepEqual(csv[0], ["invoice_id", "invoice_customer_id", "currency", "section_customer_id", "section_name", "line_id", "line_kind", "line_customer_id", "description", "quantity", "amount"]);
  const lines = session.loadedInvoices().invoices.flatMap((invoice) =>
    invoice.sections.flatMap((section) => section.lines.map((line) => [invoice.id, section.customerId, line.id, line.quantity ?? "", line.amount])));
  assert.deepEqual(csv.slice(1).map((r) => [r[0], r[3], r[5], r[9], r[10]]), lines);
  session.free();

  // Names a spreadsheet would run as formulas, and one needing quotes, through the CSV export.
  const customers = [
    { id: "root", name: '=HYPERLINK("http://evil.example","click")' },
    { id: "plus", name: "+1+1", parentId: "root" },
    { id: "minus", name: "-2+3", parentId: "root" },
    { id: "at", name: "@SUM(A1)", parentId: "root" },
    { id: "=id", name: 'Quote " and, comma\nand line', parentId: "root" },
  ];
  await page.click("#paste-box summary");
  await page.fill("#json", JSON.stringify({ customers }));
  await page.click("#load-json");
  await page.waitForFunction(() => document.querySelector("#tree").shadowRoot.querySelectorAll("[role=treeitem]").length === 5);
  const rows = parseCsv((await download(page, "export-hierarchy-csv")).text);
  assert.deepEqual(rows[0].slice(0, 3), ["id", "name", "parent_id"]);
  assert.deepEqual(rows.slice(1).map((r) => r.slice(0, 3)), [
    ["root", `'=HYPERLINK("http://evil.example","click")`, ""],
    ["plus", "'+1+1", "root"],
    ["minus", "'-2+3", "root"],
    ["at", "'@SUM(A1)", "root"],
    ["'=id", 'Quote " and, comma\nand line', "root"],
  ]);
  assertLocal(requests);
  assert.deepEqual(problems, []);
  await page.close();
});

test("markup in an id, a name and a billing description stays inert: tree, details, what-if, invoice, undo, share link, exports", async () => {
  const { page, problems, dialogs, requests } = await openPage();
  const hierarchy = { customers: [
    { id: "top", name: "Top", currency: "EUR" },
    { id: XSS, name: XSS, parentId: "top", billTo: "parent", currency: "EUR" },
    { id: "other", name: "Other", parentId: "top", currency: "EUR" },
  ] };
  const billing = {
    period: { start: "2026-11-01", end: "2026-12-01" },
    prices: [{ id: "fee", description: XSS, currency: "EUR", model: "flat", amount: "10.00" }],
    subscriptions: [{ id: "s1", customerId: XSS, priceIds: ["fee"] }],
  };
  await page.click("#paste-box summary");
  await page.fill("#json", JSON.stringify(hierarchy));
  await page.click("#load-json");
  await page.waitForFunction(() => document.querySelector("#tree").shadowRoot.querySelectorAll("[role=treeitem]").length === 3);
  await page.click("#billing-box summary");
  await page.fill("#billing-json", JSON.stringify(billing));
  await page.click("#load-billing");
  assert.equal(await node(page, XSS).locator(".name").textContent(), XSS);
  await node(page, XSS).locator(".name").click();
  assert.equal(await page.getAttribute("#explainer", "data-customer-id"), XSS);
  assert.match(await page.locator("#invoice [part=invoice]").textContent(), /<img src=x onerror=window.__xss=1>/);
  // Dragged: the ghost, the what-if's events, owner changes and invoices name it as text.
  await dragNode(page, XSS, "other");
  await page.waitForSelector("#preview:not([hidden])");
  assert.match(await page.locator("#preview-owners").textContent(), /<img src=x/);
  await page.click("#apply-edit");
  await page.click("#undo");
  await page.click("#redo");
  await page.click("#copy-share");
  await page.waitForSelector("#share-url-field:not([hidden])");
  const fresh = await openPage(await page.inputValue("#share-url"));
  assert.equal(await fresh.page.getAttribute("#explainer", "data-customer-id"), XSS);
  assert.equal(await node(fresh.page, XSS).locator(".name").textContent(), XSS);
  const csv = parseCsv((await download(fresh.page, "export-invoices-csv")).text);
  assert.ok(csv.some((row) => row[8] === XSS), "the description is exported as it is");
  for (const { page: p, requests: r, problems: pr } of [{ page, requests, problems }, fresh]) {
    await p.waitForTimeout(200);
    assert.equal(await p.evaluate(() => window.__xss), undefined);
    assert.equal(await p.locator("img").count(), 0);
    assertLocal(r);
    assert.deepEqual(pr, []);
  }
  assert.deepEqual(dialogs, []);
  await fresh.page.close();
  await page.close();
});

test("a state too large for a link is shared without its texts, says so, and the opened link says what is missing", async () => {
  const { page, problems, requests } = await openPage();
  // Ids and names that deflate poorly (xorshift, seeded: the same bytes every run), so the
  // state's fragment with the texts in it would pass the 1.5 MB a link can carry.
  let seed = 0x9e3779b9;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0).toString(16).padStart(8, "0");
  };
  const COUNT = 60_000;
  const customers = [];
  for (let i = 0; i < COUNT; i += 1) {
    const parent = i > 0 ? { parentId: customers[Math.floor((i - 1) / 10)].id } : {};
    customers.push({ id: `c${random()}${random()}`, name: random() + random() + random(), ...parent });
  }
  const text = JSON.stringify({ customers });
  await page.setInputFiles("#file", { name: "large.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await page.waitForFunction((count) => new RegExp(`${count} customers`).test(document.querySelector("#summary").textContent.replace(/,/g, "")), COUNT, {
    timeout: 60_000,
  });
  await page.click("#copy-share");
  await page.waitForSelector("#share-url-field:not([hidden])");
  const url = await page.inputValue("#share-url");
  const note = await page.locator("#share-note").textContent();
  assert.equal(await page.locator("#share-note").isVisible(), true);
  const size = Number(/makes the link ([\d.]+) MB/.exec(note)?.[1]);
  assert.ok(size > 1.5, `the link with its data would be ${size} MB: ${note}`);
  assert.match(note, /shared without the hierarchy and billing texts/);
  // Without the texts the link is small: no customer id travels in it.
  assert.ok(url.length < 2_000, `${url.length} characters`);
  assert.equal(page.url(), url);

  const fresh = await openPage(url);
  await fresh.page.waitForSelector("#load-error:not([hidden])");
  assert.match(await fresh.page.locator("#load-error").textContent(), /shared without its data .*load the same input/);
  // The default sample is shown instead of nothing.
  assert.ok((await fresh.page.locator("#tree [role=treeitem]").count()) > 0);
  for (const opened of [{ page, problems, requests }, fresh]) {
    assertLocal(opened.requests);
    assert.deepEqual(opened.problems, []);
    await opened.page.close();
  }
});
