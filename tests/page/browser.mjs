// The page's test harness: the built packages served on 127.0.0.1 and Debian's Chromium
// driven by playwright-core (never a downloaded browser).
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";

const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

let server;
let browser;

// One server and one browser per test file (node --test runs each file in its own process).
before(async () => {
  server = await startServer(0);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Opens the page and fails the test on any page error or console error. */
export async function openPage() {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  const dialogs = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  // Every request the page makes, to check that none leaves 127.0.0.1.
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 });
  return { page, problems, dialogs, requests };
}


/** A customer's node in the SVG tree (drawn only while in view, or focused or selected). */
export const node = (page, id) => page.locator(`#tree [role=treeitem][data-customer-id=${JSON.stringify(id)}]`);

/** Picks customer `id` in the picker `pickerId` by typing `query` (part of its name or id). */
export async function pick(page, pickerId, id, query = id) {
  await page.fill(`#${pickerId} input`, query);
  await page.click(`#${pickerId} [role=option][data-value=${JSON.stringify(id)}]`);
}

/** Picks a choice of `pickerId` that is not a customer ("none", "same"). */
export async function pickExtra(page, pickerId, key) {
  await page.fill(`#${pickerId} input`, "");
  await page.press(`#${pickerId} input`, "ArrowDown");
  await page.click(`#${pickerId} [role=option][data-extra=${key}]`);
}
