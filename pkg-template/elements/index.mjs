// billtree's preview widgets as custom elements: <billtree-tree> (the hierarchy as the
// preview page draws it) and <billtree-invoice> (an invoice laid out as the page lays it
// out). The drawing is the page's own code (www/tree-view.js, www/invoice-view.js,
// www/render.js), bundled with this file into the package's elements/index.js by
// scripts/build-package.mjs; what is here is the element shells around it: shadow roots,
// styles, parts, properties, attributes and events.
//
// Safe under a strict Content-Security-Policy (`script-src 'self'; style-src 'self'`):
// no inline script, no eval, styles as constructable stylesheets (adoptedStyleSheets, which
// style-src does not block, unlike a <style> element), every customer string set as text.
// Importing this module where there is no DOM (Node, server rendering) defines nothing and
// throws nothing.
import { renderInvoice } from "../../www/invoice-view.js";
import { el, issuesByCustomer, namesById } from "../../www/render.js";
import { createTreeView } from "../../www/tree-view.js";

// Where there is no DOM the classes still exist (so imports and `instanceof` work), but
// extend nothing and are never registered.
const Base = typeof HTMLElement === "undefined" ? class {} : HTMLElement;

const FONT = "var(--billtree-font, system-ui, sans-serif)";
const MONO = "var(--billtree-mono-font, ui-monospace, monospace)";
const TEXT = "var(--billtree-text, #1d2330)";
const MUTED = "var(--billtree-muted, #5b6475)";
const ACCENT = "var(--billtree-accent, #3056a8)";
const ISSUE = "var(--billtree-issue, #a3161b)";
const BORDER = "var(--billtree-border, #dde1e8)";
const RULE = "var(--billtree-rule, #eceff3)";
const FOCUS = "var(--billtree-focus, #f2a900)";

const TREE_CSS = `
:host { display: block; position: relative; height: var(--billtree-tree-height, 30rem); box-sizing: border-box;
  font-family: ${FONT}; color: ${TEXT}; background: var(--billtree-background, #fbfcfd);
  border: 1px solid ${BORDER}; border-radius: 4px; overflow: hidden; }
:host([hidden]) { display: none; }
.tree-view, .tree-stage { height: 100%; }
.zoom { position: absolute; top: 0.4rem; right: 0.4rem; display: flex; gap: 0.25rem; }
.zoom button { min-width: 2rem; font: inherit; font-size: 0.85rem; color: ${TEXT}; background: var(--billtree-node-background, #fff);
  border: 1px solid ${BORDER}; border-radius: 4px; padding: 0.1rem 0.4rem; cursor: pointer; }
.zoom button:focus-visible { outline: 3px solid ${FOCUS}; outline-offset: 1px; }
.tree-canvas { display: block; width: 100%; height: 100%; cursor: grab; touch-action: none; user-select: none; }
.tree-canvas.dragging { cursor: grabbing; }
.edges, .stub { fill: none; stroke: var(--billtree-edge, #a9b3c3); stroke-width: 1.5; }
.node { cursor: pointer; outline: none; }
.frame { fill: var(--billtree-node-background, #fff); stroke: var(--billtree-node-border, #c9d0db); stroke-width: 1; }
.node.has-issue .frame { stroke: ${ISSUE}; }
.node.selected .frame { fill: var(--billtree-selected-background, #eef3fb); stroke: ${ACCENT}; stroke-width: 2; }
.node:focus .frame, .node:focus-visible .frame { stroke: ${FOCUS}; stroke-width: 4; }
text { font-size: 10.5px; fill: ${TEXT}; }
.name { font-size: 13px; font-weight: 600; }
.node.has-issue .name { fill: ${ISSUE}; }
.id-line { fill: ${MUTED}; font-family: ${MONO}; font-size: 10px; }
.owner-badge.invoice { fill: var(--billtree-invoice-owner, #1f4e8c); }
.owner-badge.payer { fill: var(--billtree-payer, #7a4a06); }
.owner-badge.own { fill: var(--billtree-muted, #7a8394); }
.owner-badge.unresolved { fill: ${ISSUE}; }
.problem-badge { fill: ${ISSUE}; }
.problem-badge text { fill: var(--billtree-badge-text, #fff); font-size: 11px; font-weight: 700; }
.toggle { fill: var(--billtree-node-background, #fff); stroke: ${ACCENT}; stroke-width: 1.5; }
.toggle text { fill: ${ACCENT}; stroke: none; font-size: 14px; font-weight: 700; }
`;

const INVOICE_CSS = `
:host { display: block; font-family: ${FONT}; color: ${TEXT}; }
:host([hidden]) { display: none; }
.invoice { border: 1px solid ${BORDER}; border-radius: 4px; padding: 0.6rem 0.9rem; background: var(--billtree-invoice-background, transparent); }
.hint { color: ${MUTED}; font-size: 0.9rem; margin: 0; }
.invoice-header h3 { margin: 0 0 0.3rem; font-size: 1.05rem; }
.invoice-header dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem; margin: 0 0 0.5rem; font-size: 0.85rem; }
.invoice-header dt { color: ${MUTED}; }
.invoice-header dd { margin: 0; }
.id { color: ${MUTED}; font-size: 0.75rem; margin-left: 0.4rem; font-family: ${MONO}; }
.invoice-note { border: 1px solid ${BORDER}; padding: 0.3rem 0.5rem; border-radius: 3px; font-size: 0.85rem; }
.section { margin: 0.3rem 0; }
.section > summary { cursor: pointer; display: flex; gap: 0.5rem; align-items: baseline; padding: 0.2rem 0; border-bottom: 1px solid ${RULE}; }
.section > summary:focus-visible { outline: 3px solid ${FOCUS}; outline-offset: 1px; }
.section-name { font-weight: 600; }
.section-tax { color: ${MUTED}; font-size: 0.8rem; }
.section-total { margin-left: auto; font-weight: 600; }
.nested { margin-left: 1.2rem; }
.amount { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
.lines { border-collapse: collapse; width: 100%; font-size: 0.85rem; margin: 0.2rem 0; }
.lines th, .lines td { text-align: left; padding: 0.1rem 0.4rem; }
.lines th { color: ${MUTED}; font-weight: 500; border-bottom: 1px solid ${RULE}; }
.lines tr.detail td { color: ${MUTED}; font-size: 0.8rem; padding-left: 1.4rem; }
.lines tr.summary td:first-child, .lines tr.trueUp td:first-child { font-style: italic; }
.applied { font-size: 0.85rem; color: ${MUTED}; margin: 0.2rem 0; }
.totals { margin: 0.6rem 0 0 auto; border-collapse: collapse; font-size: 0.9rem; }
.totals th { text-align: left; font-weight: 400; padding: 0.1rem 1.2rem 0.1rem 0; color: ${MUTED}; }
.totals td { padding: 0.1rem 0; }
.totals tr[data-step=net] th, .totals tr[data-step=total] th, .totals tr[data-step=amountDue] th { color: inherit; font-weight: 600; }
.totals tr[data-step=amountDue] { border-top: 2px solid var(--billtree-total-rule, ${TEXT}); font-weight: 600; }
`;

// One stylesheet per kind of element, shared by every instance (made on first use: there
// is no CSSStyleSheet where there is no DOM).
const sheets = new Map();
function sheet(css) {
  if (!sheets.has(css)) {
    const made = new CSSStyleSheet();
    made.replaceSync(css);
    sheets.set(css, made);
  }
  return sheets.get(css);
}

/** A property set on the element before it was upgraded (an own property shadowing the accessor) goes through the setter. */
function upgradeProperty(element, name) {
  if (Object.prototype.hasOwnProperty.call(element, name)) {
    const value = element[name];
    delete element[name];
    element[name] = value;
  }
}

/** Sets `part` only when it differs, so a MutationObserver of classes never loops. */
function setPart(node, value) {
  if (node && node.getAttribute("part") !== value) node.setAttribute("part", value);
}

// The tree view draws nodes with classes only; the element names their parts for outside
// styling (::part(node), ::part(badge), …), following the node's classes as they change.
const NODE_PARTS = [
  [".frame", "frame"],
  [".name", "name"],
  [".id", "id"],
  [".owner-badge", "owner"],
  [".problem-badge", "badge"],
  [".toggle", "toggle"],
];

function markNode(node) {
  const states = ["node"];
  if (node.classList.contains("has-issue")) states.push("node-issue");
  if (node.classList.contains("selected")) states.push("node-selected");
  setPart(node, states.join(" "));
  for (const [selector, part] of NODE_PARTS) for (const inner of node.querySelectorAll(selector)) setPart(inner, part);
}

/**
 * `<billtree-tree>`: a HierarchySession's forest as an SVG tree, with the problems naming
 * each customer (a badge) and who receives and pays its invoice. Collapsible, pannable,
 * zoomable, keyboard-operable; only what is in view is in the DOM.
 */
export class BilltreeTreeElement extends Base {
  static get observedAttributes() {
    return ["selected"];
  }

  #session = null;
  #shown = null; // the session last drawn: another one resets the view
  #view;
  #reflecting = false;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: "open" });
    shadow.adoptedStyleSheets = [sheet(TREE_CSS)];
    const zoomButton = (zoom, text, label) => {
      const button = el("button", { text, data: { zoom } });
      button.type = "button";
      button.setAttribute("part", "zoom-button");
      if (label) button.setAttribute("aria-label", label);
      return button;
    };
    const zoom = el("div", { className: "zoom" }, zoomButton("out", "−", "Zoom out"), zoomButton("in", "+", "Zoom in"), zoomButton("fit", "Fit"));
    zoom.setAttribute("role", "group");
    zoom.setAttribute("aria-label", "Zoom");
    zoom.setAttribute("part", "toolbar");
    const stage = el("div", { className: "tree-stage" });
    const host = el("div", { className: "tree-view" }, stage, zoom);
    shadow.append(host);
    this.#view = createTreeView(host, { onSelect: (customerId) => this.#chosen(customerId) });
    const canvas = shadow.querySelector(".tree-canvas");
    setPart(canvas, "canvas");
    setPart(shadow.querySelector(".edges"), "edges");
    const nodes = shadow.querySelector(".nodes");
    new MutationObserver((records) => {
      const touched = new Set();
      for (const record of records) {
        if (record.type === "attributes") touched.add(record.target);
        for (const added of record.addedNodes) touched.add(added);
      }
      for (const node of touched) if (node.parentNode === nodes && node.classList?.contains("node")) markNode(node);
    }).observe(nodes, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
    upgradeProperty(this, "session");
    upgradeProperty(this, "selected");
  }

  connectedCallback() {
    if (this.#session !== this.#shown) this.refresh();
  }

  attributeChangedCallback(name, before, after) {
    if (this.#reflecting || before === after || this.#shown === null) return;
    if (after === null) this.#view.clearSelection();
    else this.#view.reveal(after);
  }

  /** The HierarchySession drawn (null: nothing). Setting another one redraws from scratch. */
  get session() {
    return this.#session;
  }

  set session(session) {
    this.#session = session ?? null;
    if (this.isConnected) this.refresh();
  }

  /** The selected customer's id (the `selected` attribute): setting it selects and reveals that customer. */
  get selected() {
    return this.getAttribute("selected");
  }

  set selected(customerId) {
    if (customerId === null || customerId === undefined) this.removeAttribute("selected");
    else this.setAttribute("selected", String(customerId));
  }

  /**
   * Redraws from the session (after `applyEdits`, `setPolicy`, …): its forest, issues and
   * owners. The view, the collapsed subtrees and the selection are kept for the same session.
   */
  refresh() {
    const session = this.#session;
    const fresh = session !== this.#shown;
    if (!session) {
      this.#view.show({ customers: [], issues: new Map(), owners: new Map(), names: new Map(), fresh: true });
      this.#shown = null;
      return;
    }
    const report = session.validate();
    const forest = session.forest();
    const owners = new Map();
    for (const owner of session.owners().customers) if (!owners.has(owner.customerId)) owners.set(owner.customerId, owner);
    this.#view.show({ customers: forest, issues: issuesByCustomer(report.issues), owners, names: namesById(forest), fresh });
    this.#shown = session;
    const selected = this.getAttribute("selected");
    if (fresh && selected !== null) this.#view.reveal(selected);
  }

  #chosen(customerId) {
    this.#reflecting = true;
    try {
      this.setAttribute("selected", customerId);
    } finally {
      this.#reflecting = false;
    }
    this.dispatchEvent(new CustomEvent("billtree-select", { detail: { customerId }, bubbles: true, composed: true }));
  }
}

const INVOICE_PARTS = [
  [".hint", "empty"],
  [".invoice-header", "header"],
  [".invoice-note", "note"],
  [".section", "section"],
  [".section > summary", "section-summary"],
  [".section-total", "section-total"],
  ["tr.line", "line"],
  ["table.totals", "totals"],
  ["tr[data-step=total]", "total"],
  ["tr[data-step=amountDue]", "amount-due"],
];

/**
 * `<billtree-invoice>`: one invoice laid out like a real one (addressee, payer, sections
 * per customer nested as the hierarchy nests them, lines with their tiers, contributors and
 * discounts, the totals pipeline). Give it an `invoice` (from previewInvoices, loadBilling,
 * loadedInvoices or a what-if), or a `session` with loaded billing and a `customer-id`.
 */
export class BilltreeInvoiceElement extends Base {
  static get observedAttributes() {
    return ["customer-id", "currency"];
  }

  #invoice = null;
  #session = null;
  #note = null;
  #article;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: "open" });
    shadow.adoptedStyleSheets = [sheet(INVOICE_CSS)];
    this.#article = el("article", { className: "invoice" });
    this.#article.setAttribute("part", "invoice");
    shadow.append(this.#article);
    upgradeProperty(this, "invoice");
    upgradeProperty(this, "session");
    upgradeProperty(this, "customerId");
    upgradeProperty(this, "currency");
    upgradeProperty(this, "note");
    this.refresh();
  }

  attributeChangedCallback(name, before, after) {
    if (before !== after) this.refresh();
  }

  /** The invoice shown; when set (not null) it wins over `session` + `customer-id`. */
  get invoice() {
    return this.#invoice;
  }

  set invoice(invoice) {
    this.#invoice = invoice ?? null;
    this.refresh();
  }

  /** A session whose loaded billing (`loadBilling`) holds the invoice of `customer-id`; also names the customers. */
  get session() {
    return this.#session;
  }

  set session(session) {
    this.#session = session ?? null;
    this.refresh();
  }

  /** The `customer-id` attribute: the invoice owner whose invoice is shown from the session. */
  get customerId() {
    return this.getAttribute("customer-id");
  }

  set customerId(customerId) {
    if (customerId === null || customerId === undefined) this.removeAttribute("customer-id");
    else this.setAttribute("customer-id", String(customerId));
  }

  /** The `currency` attribute: which of the owner's invoices, when it has one per currency. */
  get currency() {
    return this.getAttribute("currency");
  }

  set currency(currency) {
    if (currency === null || currency === undefined) this.removeAttribute("currency");
    else this.setAttribute("currency", String(currency));
  }

  /** A line of text above the sections, saying what the shown invoice is (a what-if's, another customer's); null: none. */
  get note() {
    return this.#note;
  }

  set note(note) {
    this.#note = note === null || note === undefined || note === "" ? null : String(note);
    this.refresh();
  }

  /** The invoice drawn now: `invoice`, or the session's for `customer-id` (null: none). */
  get shownInvoice() {
    if (this.#invoice) return this.#invoice;
    const session = this.#session;
    const customerId = this.customerId;
    if (!session || customerId === null || typeof session.loadedInvoices !== "function") return null;
    const currency = this.currency;
    const loaded = session.loadedInvoices();
    return loaded?.invoices.find((invoice) => invoice.customerId === customerId && (currency === null || invoice.currency === currency)) ?? null;
  }

  /** Redraws (after the session's billing or hierarchy changed). */
  refresh() {
    if (!this.#article) return; // an attribute parsed before the constructor finished
    const invoice = this.shownInvoice;
    const names = new Map();
    if (invoice) for (const section of invoice.sections) if (!names.has(section.customerId)) names.set(section.customerId, section.name);
    if (this.#session) for (const [id, name] of namesById(this.#session.forest())) names.set(id, name);
    renderInvoice(this.#article, invoice, names, this.#note ?? undefined);
    for (const [selector, part] of INVOICE_PARTS) for (const node of this.#article.querySelectorAll(selector)) setPart(node, part);
  }
}

const registered = new WeakSet();

function define(name, element) {
  if (customElements.get(name)) return;
  // A class is registered under one name only: another prefix gets a subclass of it.
  customElements.define(name, registered.has(element) ? class extends element {} : element);
  registered.add(element);
}

/**
 * Registers the elements as `<prefix-tree>` and `<prefix-invoice>` (default `billtree`,
 * done on import); a name already defined is left alone. Returns the tag names. Where
 * there is no `customElements` (Node), defines nothing.
 */
export function defineElements(prefix = "billtree") {
  const names = { tree: `${prefix}-tree`, invoice: `${prefix}-invoice` };
  if (typeof customElements !== "undefined") {
    define(names.tree, BilltreeTreeElement);
    define(names.invoice, BilltreeInvoiceElement);
  }
  return names;
}

defineElements();
