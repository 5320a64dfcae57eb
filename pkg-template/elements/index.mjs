// billtree's preview widgets as custom elements: <billtree-tree> (the hierarchy as the
// preview page draws it) and <billtree-invoice> (an invoice laid out as the page lays it
// out). The drawing is the page's own code (www/tree-view.js, www/invoice-view.js,
// www/render.js), bundled with this file into the package's elements/index.js by
// scripts/build-package.mjs; what is here is the element shells around it: shadow roots,
// styles, parts, properties, attributes and events. The preview page itself is built from
// these elements (www/app.js imports this file as it is, served by scripts/serve.mjs).
//
// Safe under a strict Content-Security-Policy (`script-src 'self'; style-src 'self'`):
// no inline script, no eval, styles as constructable stylesheets (adoptedStyleSheets, which
// style-src does not block, unlike a <style> element), every customer string set as text.
// Importing this module where there is no DOM (Node, server rendering) defines nothing and
// throws nothing.
import { renderInvoice } from "../../www/invoice-view.js";
import { el, issuesByCustomer, namesById } from "../../www/render.js";
import { enableNodeDrag } from "../../www/tree-drag.js";
import { createTreeView } from "../../www/tree-view.js";
import { INVOICE_CSS, TREE_CSS, sheet } from "./styles.mjs";

// Where there is no DOM the classes still exist (so imports and `instanceof` work), but
// extend nothing and are never registered.
const Base = typeof HTMLElement === "undefined" ? class {} : HTMLElement;

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

/** Reflects a boolean attribute: present when `value` is truthy. */
function setFlag(element, name, value) {
  if (value) element.setAttribute(name, "");
  else element.removeAttribute(name);
}

/** A note as shown: text, or null for none (null, undefined or ""). */
function noteText(note) {
  return note === null || note === undefined || note === "" ? null : String(note);
}

/** Sets attribute `name` to `value` as text, or removes it for null and undefined. */
function setText(element, name, value) {
  if (value === null || value === undefined) element.removeAttribute(name);
  else element.setAttribute(name, String(value));
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

const NODE_STATES = [
  ["has-issue", "node-issue"],
  ["selected", "node-selected"],
  ["drag-source", "node-drag-source"],
  ["drop-target", "node-drop-target"],
];

function markNode(node) {
  const states = ["node"];
  for (const [className, part] of NODE_STATES) if (node.classList.contains(className)) states.push(part);
  setPart(node, states.join(" "));
  for (const [selector, part] of NODE_PARTS) for (const inner of node.querySelectorAll(selector)) setPart(inner, part);
}

/**
 * `<billtree-tree>`: a HierarchySession's forest as an SVG tree, with the problems naming
 * each customer (a badge) and who receives and pays its invoice. Collapsible, pannable,
 * zoomable, keyboard-operable; only what is in view is in the DOM. With the `reparent`
 * attribute, a node dragged onto another (or onto the background) fires `billtree-drop`.
 */
export class BilltreeTreeElement extends Base {
  static get observedAttributes() {
    return ["selected"];
  }

  #session = null;
  #shown = null; // the session last drawn: another one resets the view
  #view;
  #drag;
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
    // The toolbar first: Tab goes from its buttons to the tree (it is drawn over the canvas).
    const host = el("div", { className: "tree-view" }, zoom, stage);
    shadow.append(host);
    this.#view = createTreeView(host, { onSelect: (customerId) => this.#chosen(customerId) });
    const canvas = shadow.querySelector(".tree-canvas");
    setPart(canvas, "canvas");
    setPart(shadow.querySelector(".edges"), "edges");
    this.#drag = enableNodeDrag(canvas, {
      enabled: () => this.hasAttribute("reparent"),
      onDrop: ({ customerId, parentId }) => {
        this.dispatchEvent(new CustomEvent("billtree-drop", { detail: { customerId, parentId }, bubbles: true, composed: true }));
      },
    });
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
    upgradeProperty(this, "reparent");
  }

  connectedCallback() {
    if (this.#session !== this.#shown) this.show(this.#session);
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
    if (this.isConnected) this.show(this.#session);
  }

  /** The selected customer's id (the `selected` attribute): setting it selects and reveals that customer. */
  get selected() {
    return this.getAttribute("selected");
  }

  set selected(customerId) {
    setText(this, "selected", customerId);
  }

  /** Whether nodes can be dragged onto others (the `reparent` attribute): each drop fires `billtree-drop`. */
  get reparent() {
    return this.hasAttribute("reparent");
  }

  set reparent(value) {
    setFlag(this, "reparent", value);
  }

  /** Whether a node is being dragged now (Escape or a pointer cancel ends it, proposing nothing). */
  get dragging() {
    return this.#drag.active;
  }

  /**
   * Draws `session` (null: nothing). Another session than the one shown starts over (the
   * tree fitted, every subtree expanded, the `selected` customer revealed), unless
   * `keepView`: the same hierarchy rebuilt (after an undo, say) keeps the view, the
   * collapsed subtrees and the selection. `report`, `forest` and `owners` are that
   * session's `validate()`, `forest()` and `owners()` when the caller has them already: on
   * 10,000 customers asking twice costs about 100 ms.
   */
  show(session, { keepView, report, forest, owners } = {}) {
    this.#session = session ?? null;
    const fresh = keepView === undefined ? this.#session !== this.#shown : !keepView;
    if (!this.#session) {
      this.#view.show({ customers: [], issues: new Map(), owners: new Map(), names: new Map(), fresh: true });
      this.#shown = null;
      return;
    }
    const customers = forest ?? this.#session.forest();
    const byId = new Map();
    for (const owner of (owners ?? this.#session.owners()).customers) if (!byId.has(owner.customerId)) byId.set(owner.customerId, owner);
    const issues = issuesByCustomer((report ?? this.#session.validate()).issues);
    this.#view.show({ customers, issues, owners: byId, names: namesById(customers), fresh });
    this.#shown = this.#session;
    const selected = this.getAttribute("selected");
    if (fresh && selected !== null) this.#view.reveal(selected);
  }

  /**
   * Redraws from the session (after `applyEdits`, `setPolicy`, …): its forest, issues and
   * owners. The view, the collapsed subtrees and the selection are kept for the same
   * session. `data`: the session's `{ report, forest, owners }` when already at hand (`show`).
   */
  refresh(data = {}) {
    const { report, forest, owners } = data;
    this.show(this.#session, { report, forest, owners });
  }

  /**
   * Selects `customerId` without firing `billtree-select`: expands its ancestors and
   * centres it, also when it is selected already (the reader may have panned away).
   */
  reveal(customerId) {
    this.#reflect(String(customerId));
    this.#view.reveal(String(customerId));
  }

  #reflect(customerId) {
    this.#reflecting = true;
    try {
      this.setAttribute("selected", customerId);
    } finally {
      this.#reflecting = false;
    }
  }

  #chosen(customerId) {
    this.#reflect(customerId);
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
 * Printed, every section prints open and the invoice is laid out like a paper one.
 */
export class BilltreeInvoiceElement extends Base {
  static get observedAttributes() {
    return ["customer-id", "currency"];
  }

  #invoice = null;
  #session = null;
  #note = null;
  #names = null;
  #article;
  // Sections opened for printing, closed again afterwards.
  #openedForPrint = [];
  #beforePrint = () => {
    for (const section of this.#article.querySelectorAll("details")) {
      if (!section.open) {
        section.open = true;
        this.#openedForPrint.push(section);
      }
    }
  };
  #afterPrint = () => {
    for (const section of this.#openedForPrint.splice(0)) section.open = false;
  };

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
    upgradeProperty(this, "names");
    this.refresh();
  }

  connectedCallback() {
    window.addEventListener("beforeprint", this.#beforePrint);
    window.addEventListener("afterprint", this.#afterPrint);
  }

  disconnectedCallback() {
    window.removeEventListener("beforeprint", this.#beforePrint);
    window.removeEventListener("afterprint", this.#afterPrint);
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
    setText(this, "customer-id", customerId);
  }

  /** The `currency` attribute: which of the owner's invoices, when it has one per currency. */
  get currency() {
    return this.getAttribute("currency");
  }

  set currency(currency) {
    setText(this, "currency", currency);
  }

  /** A line of text above the sections, saying what the shown invoice is (a what-if's, another customer's); null: none. */
  get note() {
    return this.#note;
  }

  set note(note) {
    this.#note = noteText(note);
    this.refresh();
  }

  /**
   * Customer names by id (a Map) for the customers the invoice names (addressee, payer,
   * contributors), when no `session` names them; the invoice's own section names serve
   * either way. Spares a page that keeps its names asking the session for its forest.
   */
  get names() {
    return this.#names;
  }

  set names(names) {
    this.#names = names ?? null;
    this.refresh();
  }

  /**
   * Shows `invoice` with `note` (or none) and `names` (kept when not given), drawn once:
   * what setting the three properties does, without drawing three times.
   */
  show(invoice, { note = null, names = this.#names } = {}) {
    this.#invoice = invoice ?? null;
    this.#note = noteText(note);
    this.#names = names ?? null;
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
    const own = new Map();
    if (invoice) for (const section of invoice.sections) if (!own.has(section.customerId)) own.set(section.customerId, section.name);
    const given = this.#session ? namesById(this.#session.forest()) : this.#names;
    // renderInvoice only looks names up: the given ones first, then the sections' own.
    const names = given ? { get: (id) => given.get(id) ?? own.get(id) } : own;
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
