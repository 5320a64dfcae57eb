// Printing the page prints the selected invoice like a real one: only the invoice (no
// panels, controls or tree), every section open while printing and as the user left it
// afterwards; the PDF Chromium makes of it is saved for a person to look at.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { assertLocal, openPage } from "./browser.mjs";

const shown = (page, selector) =>
  page.locator(selector).first().evaluate((node) => getComputedStyle(node).display !== "none" && node.getClientRects().length > 0);

test("print: only the selected invoice, its sections open, put back as they were", async () => {
  const { page, problems, requests } = await openPage();
  await page.selectOption("#invoice-select", { label: "Nordlicht Deutschland GmbH · EUR · due 1400.96" });
  const lab = page.locator("#invoice details[data-customer-id=de-rnd-lab]");
  await lab.locator("summary").click();
  assert.equal(await lab.evaluate((node) => node.open), false, "collapsed on screen");

  await page.emulateMedia({ media: "print" });
  await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  assert.equal(await shown(page, "#invoice"), true, "the invoice prints");
  assert.equal(await lab.evaluate((node) => node.open), true, "every section prints open");
  for (const hidden of ["header", "#tree", "#explainer", "#invoice-select", "#print-invoice", "#mode-comparison", "#timeline-panel"]) {
    assert.equal(await shown(page, hidden), false, `${hidden} does not print`);
  }
  assert.match(await page.locator("#invoice tr[data-step=amountDue]").textContent(), /1400\.96 EUR/);
  assert.match(await page.locator("#invoice .invoice-header").textContent(), /Id/, "the invoice's id prints");
  // The invoice is a <billtree-invoice>: its own print rules lay it out for paper (no box,
  // no disclosure markers or customer ids by the sections), the page's print.css sets its
  // colours through custom properties and its note through ::part.
  const printed = await page.locator("#invoice").evaluate((view) => {
    const root = view.shadowRoot;
    const style = (selector) => getComputedStyle(root.querySelector(selector));
    return {
      box: style("[part=invoice]").borderTopWidth,
      marker: style(".section > summary").listStyleType,
      sectionId: style(".section .id").display,
      muted: style(".totals th").color,
    };
  });
  assert.deepEqual(printed, { box: "0px", marker: "none", sectionId: "none", muted: "rgb(51, 51, 51)" });
  mkdirSync("build/page-screenshots", { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "build/page-screenshots/invoice-print.png", fullPage: true });
  // Chromium's own print (to PDF) fires beforeprint and afterprint itself.
  const pdf = await page.pdf({ format: "A4" });
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  writeFileSync("build/page-screenshots/invoice-print.pdf", pdf);

  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await page.emulateMedia({ media: "screen" });
  assert.equal(await lab.evaluate((node) => node.open), false, "closed again after printing");
  assert.equal(await shown(page, "#tree"), true, "the page is back");
  assertLocal(requests);
  assert.deepEqual(problems, []);
  await page.close();
});
