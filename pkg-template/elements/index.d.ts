// billtree's preview widgets as custom elements (browser only; importing it where there
// is no DOM defines nothing). Registered as <billtree-tree> and <billtree-invoice> on import.
import type { CustomerSummary, HierarchySession, Invoice, OwnersReport, ValidationReport } from "../web/index.js";

/** The detail of a `billtree-select` event: the customer the reader selected. */
export interface BilltreeSelectDetail {
  customerId: string;
}

/** Fired by `<billtree-tree>` when the reader selects a customer (click, Enter or Space on a leaf). Bubbles, composed. */
export type BilltreeSelectEvent = CustomEvent<BilltreeSelectDetail>;

/**
 * The detail of a `billtree-drop` event: the customer dragged and the one it was dropped
 * on, the fields of a `setParent` edit. Nothing is applied: preview it, then apply it.
 *
 * @example
 * tree.addEventListener("billtree-drop", ({ detail }) => {
 *   const edit = detail.parentId === null
 *     ? { op: "removeParent", customerId: detail.customerId } as const
 *     : { op: "setParent", customerId: detail.customerId, parentId: detail.parentId } as const;
 *   showPreview(session.previewEdits(edit));
 * });
 */
export interface BilltreeDropDetail {
  customerId: string;
  /** The customer it was dropped on; null when dropped on the background (make it a root). */
  parentId: string | null;
}

/** Fired by `<billtree-tree reparent>` when a node is dropped on another or on the background. Bubbles, composed. */
export type BilltreeDropEvent = CustomEvent<BilltreeDropDetail>;

/** The events `<billtree-tree>` fires. */
export interface BilltreeTreeElementEventMap extends HTMLElementEventMap {
  "billtree-select": BilltreeSelectEvent;
  "billtree-drop": BilltreeDropEvent;
}

/**
 * What the caller already asked the session drawn (`validate()`, `forest()`, `owners()`),
 * so the tree does not ask again: on 10,000 customers that saves about 100 ms.
 */
export interface TreeSessionData {
  report?: ValidationReport;
  forest?: CustomerSummary[];
  owners?: OwnersReport;
}

/** Options of `<billtree-tree>`'s `show`. */
export interface TreeShowOptions extends TreeSessionData {
  /**
   * Keep the view, the collapsed subtrees and the selection: the session is the same
   * hierarchy rebuilt (after an undo, say). Default: kept for the session shown, reset for another.
   */
  keepView?: boolean;
}

/**
 * `<billtree-tree>`: a session's forest as an SVG tree, with problem badges (from
 * `session.validate()`) and who receives and pays each invoice (`session.owners()`).
 * Collapsible, pannable, zoomable and keyboard-operable; only what is in view is drawn.
 * With `reparent`, dropping a node on another fires `billtree-drop`.
 *
 * @example
 * const tree = document.querySelector("billtree-tree")!;
 * tree.session = new HierarchySession(json);
 * tree.addEventListener("billtree-select", (event) => show(event.detail.customerId));
 */
export declare class BilltreeTreeElement extends HTMLElement {
  /** The session drawn (null: nothing). Another session resets the view; call `refresh()` after changing this one. */
  session: HierarchySession | null;
  /** The selected customer's id (the `selected` attribute): setting it selects and reveals that customer. */
  selected: string | null;
  /** The `reparent` attribute: nodes can be dragged onto others, each drop firing `billtree-drop`. */
  reparent: boolean;
  /** Whether a node is being dragged now (Escape or a pointer cancel ends the drag, proposing nothing). */
  readonly dragging: boolean;
  /**
   * Draws `session` (null: nothing): another session than the one shown starts over (fitted,
   * expanded, the `selected` customer revealed) unless `keepView`.
   */
  show(session: HierarchySession | null, options?: TreeShowOptions): void;
  /** Redraws from the session (after `applyEdits`, `setPolicy`, …), keeping the view and selection. */
  refresh(data?: TreeSessionData): void;
  /** Selects a customer without firing `billtree-select`: expands its ancestors and centres it, also when already selected. */
  reveal(customerId: string): void;
  addEventListener<K extends keyof BilltreeTreeElementEventMap>(
    type: K,
    listener: (this: BilltreeTreeElement, event: BilltreeTreeElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof BilltreeTreeElementEventMap>(
    type: K,
    listener: (this: BilltreeTreeElement, event: BilltreeTreeElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/**
 * `<billtree-invoice>`: one invoice laid out like a real one (sections, lines, the totals
 * pipeline). Give it `invoice`, or `session` (with billing loaded) and `customer-id`.
 * Printed, it is laid out for paper, every section open.
 */
export declare class BilltreeInvoiceElement extends HTMLElement {
  /** The invoice shown; when set it wins over `session` + `customerId`. */
  invoice: Invoice | null;
  /** A session whose loaded billing holds the invoice of `customerId` (needs the build with the invoice engine); also names customers. */
  session: HierarchySession | null;
  /** The `customer-id` attribute: whose invoice to show from the session. */
  customerId: string | null;
  /** The `currency` attribute: which of that owner's invoices, when there is one per currency. */
  currency: string | null;
  /** A line of text above the sections saying what the invoice is (e.g. "after the move"); null: none. */
  note: string | null;
  /** Customer names by id for the addressee, payer and contributors, when no `session` names them (section names serve either way). */
  names: ReadonlyMap<string, string> | null;
  /** Sets `invoice`, `note` (none when not given) and `names` (kept when not given) and draws once. */
  show(invoice: Invoice | null, options?: { note?: string | null; names?: ReadonlyMap<string, string> | null }): void;
  /** The invoice drawn now, or null ("No invoice to show."). */
  readonly shownInvoice: Invoice | null;
  /** Redraws (after the session's billing or hierarchy changed). */
  refresh(): void;
}

/** The tag names `defineElements` registered (or found already defined). */
export interface ElementNames {
  tree: string;
  invoice: string;
}

/**
 * Registers the elements as `<prefix-tree>` and `<prefix-invoice>` (`billtree` is done on
 * import); a name already defined is left alone. Defines nothing where there is no DOM.
 */
export function defineElements(prefix?: string): ElementNames;

declare global {
  interface HTMLElementTagNameMap {
    "billtree-tree": BilltreeTreeElement;
    "billtree-invoice": BilltreeInvoiceElement;
  }
}
