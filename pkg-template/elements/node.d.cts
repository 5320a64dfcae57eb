// require("billtree/elements") under Node: a stub. The elements need a DOM and are a
// browser ES module (import "billtree/elements"); CommonJS gets their names only.
export declare class BilltreeTreeElement {}
export declare class BilltreeInvoiceElement {}
export interface ElementNames {
  tree: string;
  invoice: string;
}
/** The tag names; defines nothing (and throws where there is a `customElements`: import the ES module there). */
export declare function defineElements(prefix?: string): ElementNames;
