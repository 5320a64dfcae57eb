// Drives the preview page in Debian's Chromium (playwright-core, never a downloaded
// browser) against the built package served on 127.0.0.1.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";

const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

let server;
let browser;

before(async () => {
  server = await startServer(0);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Opens the page and fails the test on any page error or console error. */
async function openPage() {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  const dialogs = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 });
  return { page, problems, dialogs };
}

const row = (page, id) => page.locator(`#tree li[data-customer-id="${id}"]`);

test("the page loads the sample and marks its error on the right customer", async () => {
  const { page, problems } = await openPage();
  assert.equal(await page.locator("#tree li").count(), 11);
  assert.match(await page.locator("#summary").textContent(), /1 issue\(s\) under chargebee: 11 customers/);
  const finance = row(page, "uk-finance");
  assert.equal(await finance.locator(".node-issue[data-code=CROSS_TENANT]:not(.involved)").count(), 1);
  assert.match(await finance.textContent(), /Finance UK.*nordlicht-uk-legacy/s);
  // Healthy customers carry no marks.
  assert.equal(await row(page, "de-sales").locator(".node-issue").count(), 0);
  assert.ok(!((await row(page, "nordlicht-holding").getAttribute("class")) ?? "").includes("has-issue"));
  assert.deepEqual(problems, []);
  await page.close();
});

test("switching the policy re-validates", async () => {
  const { page, problems } = await openPage();
  await page.selectOption("#policy", "fynn");
  assert.match(await page.locator("#summary").textContent(), /2 issue\(s\) under fynn/);
  assert.equal(await row(page, "de-rnd-lab").locator(".node-issue[data-code=DEPTH_EXCEEDED]").count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a re-parent through the UI is previewed, then applied", async () => {
  const { page, problems } = await openPage();
  // Move Finance UK to the top level: the cross-tenant link goes away.
  await page.selectOption("#edit-customer", "uk-finance");
  await page.selectOption("#edit-parent", "");
  await page.click("#preview-edit");
  assert.match(await page.locator("#preview-summary").textContent(), /Valid after this change — nothing is changed/);
  assert.equal(await page.locator("#preview-resolved li[data-code=CROSS_TENANT]").count(), 1);
  assert.match(await page.locator("#preview-events").textContent(), /customer\.parent\.removed.*uk-finance: nordlicht-uk → \(no parent\)/);
  // Nothing changed yet.
  assert.match(await page.locator("#summary").textContent(), /1 issue\(s\)/);

  await page.click("#apply-edit");
  assert.match(await page.locator("#summary").textContent(), /^Valid under chargebee: 11 customers, 3 root\(s\)/);
  assert.equal(await page.locator("#tree .node-issue").count(), 0);

  // And a move that breaks a rule under Fynn's 3 levels: Operations UK under R&D
  // (level 3) would sit at level 4.
  await page.selectOption("#policy", "fynn");
  await page.selectOption("#edit-customer", "uk-ops");
  await page.selectOption("#edit-parent", "de-rnd");
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
    { id: "<b>id</b>", name: "Child", parentId: "evil" },
  ] });
  await page.click("#paste-box summary");
  await page.fill("#json", json);
  await page.click("#load-json");
  await page.waitForFunction(() => document.querySelectorAll("#tree li").length === 2);
  assert.equal(await row(page, "evil").locator(".name").textContent(), hostile);
  assert.equal(await page.locator("#tree img, #tree b, select img").count(), 0);
  assert.ok((await page.locator("#edit-customer").textContent()).includes(hostile));
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
  assert.equal(await page.locator("#tree li").count(), 11);
  await page.close();
});
