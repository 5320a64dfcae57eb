// Keyboard and assistive technology (issue 10: "keyboard usable, visible focus, labels on
// every control"): every control the page shows, its widgets' shadow roots included (the
// tree's nodes as treeitems), has an accessible name as Chromium computes it; and every
// stop the Tab key reaches shows where the focus is.
import assert from "node:assert/strict";
import { test } from "node:test";
import { dragNode, openPage } from "./browser.mjs";

/** Roles a person operates, which must each have a name. */
const CONTROLS = new Set(["button", "textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "slider", "spinbutton", "switch", "tab", "treeitem", "link", "menuitem"]);

test("every control has an accessible name, the what-if panel's and the widgets' included", async () => {
  const { page, problems } = await openPage();
  // Open what is closed, so its controls are in the accessibility tree too.
  await page.evaluate(() => document.querySelectorAll("details").forEach((details) => (details.open = true)));
  await dragNode(page, "uk-ops", "nordlicht-de");
  await page.waitForSelector("#preview:not([hidden])");
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  const controls = nodes.filter((n) => !n.ignored && CONTROLS.has(n.role?.value));
  const unnamed = controls.filter((n) => !(n.name?.value ?? "").trim()).map((n) => `${n.role.value} (backend node ${n.backendDOMNodeId})`);
  assert.deepEqual(unnamed, []);
  // The check saw the page: its buttons, fields, pickers and the tree's nodes.
  const roles = new Set(controls.map((n) => n.role.value));
  for (const role of ["button", "combobox", "textbox", "treeitem"]) assert.ok(roles.has(role), `no ${role} found among ${[...roles]}`);
  assert.ok(controls.length > 30, `${controls.length} controls`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("each stop the Tab key reaches shows its focus", async () => {
  const { page, problems } = await openPage();
  const seen = [];
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      if (!element || element === document.body) return null;
      // Inside a built-in control's own parts (a date field's calendar button) the
      // element is not :focus and the browser draws the ring itself.
      if (!element.matches(":focus")) return { what: `${element.tagName.toLowerCase()}#${element.id} (its own part)`, builtIn: true };
      const style = getComputedStyle(element);
      // The tree's nodes are SVG groups: their frame's stroke shows the focus.
      const frame = element.querySelector?.(":scope > .frame");
      return {
        what: `${element.tagName.toLowerCase()}#${element.id || element.getAttribute("data-customer-id") || element.getAttribute("aria-label") || element.textContent.trim().slice(0, 24)}`,
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        ring: style.boxShadow !== "none",
        frame: frame ? parseFloat(getComputedStyle(frame).strokeWidth) : 0,
      };
    });
    if (stop === null) break;
    seen.push(stop.what);
    assert.ok(stop.builtIn || stop.outline || stop.ring || stop.frame >= 3, `no visible focus on ${stop.what}: ${JSON.stringify(stop)}`);
  }
  // The walk went through the page: loading controls, the tree's nodes, the panels.
  assert.ok(seen.length > 20, `${seen.length} stops: ${seen.join(", ")}`);
  assert.ok(seen.some((what) => what.startsWith("g#")), `a tree node among ${seen.join(", ")}`);
  assert.deepEqual(problems, []);
  await page.close();
});
