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

/**
 * Opens the page (or `url` on the same server, e.g. a share link with its fragment) and
 * fails the test on any page error or console error.
 */
export async function openPage(url = server.url) {
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
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 });
  return { page, problems, dialogs, requests };
}


/** The server's address, for tests that open links of their own. */
export const serverUrl = () => server.url;

/** Every request stayed on the test server (data: and blob: URLs never leave the page). */
export function assertLocal(requests) {
  if (requests.length === 0) throw new Error("the page made no requests");
  for (const url of requests) {
    const { protocol, hostname } = new URL(url);
    if (!(protocol === "data:" || protocol === "blob:" || hostname === "127.0.0.1")) throw new Error(`a request left 127.0.0.1: ${url}`);
  }
}

/** Drags the node of `fromId` onto the node of `toId` (null: onto the canvas's empty top-right corner). */
export async function dragNode(page, fromId, toId, { release = true } = {}) {
  // The mouse only reaches what is inside the window, and a node only where the canvas shows it.
  const canvasLocator = page.locator("#tree svg[role=tree]");
  await canvasLocator.evaluate((canvas) => canvas.scrollIntoView({ block: "center" }));
  const canvas = await canvasLocator.boundingBox();
  const visibleCentre = async (id) => {
    const box = await node(page, id).locator(".frame").boundingBox();
    const left = Math.max(box.x, canvas.x);
    const right = Math.min(box.x + box.width, canvas.x + canvas.width);
    const top = Math.max(box.y, canvas.y);
    const bottom = Math.min(box.y + box.height, canvas.y + canvas.height);
    if (left >= right - 4 || top >= bottom - 4) throw new Error(`${id} is not in view`);
    return { x: (left + right) / 2, y: (top + bottom) / 2 };
  };
  const from = await visibleCentre(fromId);
  const to = toId === null ? { x: canvas.x + canvas.width - 10, y: canvas.y + 10 } : await visibleCentre(toId);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 10, from.y + 10, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 6 });
  if (release) await page.mouse.up();
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

/**
 * Loads the generated 10,000-customer sample: the page's own time to its first painted
 * tree (`pageMs`) and the time from the click to the sample being loaded, as the test sees
 * it (`outsideMs`).
 */
export async function loadTenThousand(page) {
  await page.selectOption("#sample", "generated10k");
  const started = Date.now();
  await page.click("#load-sample");
  await page.waitForFunction(() => document.body.dataset.loadedSample === "generated10k", null, { timeout: 30_000 });
  return { pageMs: Number(await page.evaluate(() => document.body.dataset.firstRenderMs)), outsideMs: Date.now() - started };
}
