// billtree's preview widgets as custom elements (browser only; importing it where there
// is no DOM defines nothing). Registered as <billtree-tree> and <billtree-invoice> on import.
import type { HierarchySession, Invoice } from "../web/index.js";

/** The detail of a `billtree-select` event: the customer the reader selected. */
export interface BilltreeSelectDetail {
  customerId: string;
}

/** Fired by `<billtree-tree>` when the reader selects a customer (click, Enter or Space on a leaf). Bubbles, composed. */
export type BilltreeSelectEvent = CustomEvent<BilltreeSelectDetail>;

/** The events `<billtree-tree>` fires. */
export interface BilltreeTreeElementEventMap extends HTMLElementEventMap {
  "billtree-select": BilltreeSelectEvent;
}

/**
 * `<billtree-tree>`: a session's forest as an SVG tree, with problem badges (from
 * `session.validate()`) and who receives and pays each invoice (`session.owners()`).
 * Collapsible, pannable, zoomable and keyboard-operable; only what is in view is drawn.
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
  /** Redraws from the session (after `applyEdits`, `setPolicy`, …), keeping the view and selection. */
  refresh(): void;
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
