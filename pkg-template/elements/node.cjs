"use strict";
// `require("billtree/elements")` under Node: the elements need a DOM and ship as a browser
// ES module (elements/index.js), so CommonJS gets their names and nothing to draw with.
class BilltreeTreeElement {}
class BilltreeInvoiceElement {}

function defineElements(prefix = "billtree") {
  if (typeof customElements !== "undefined") {
    throw new Error('billtree/elements: import it as an ES module in the browser (import "billtree/elements"); require gets a stub for Node');
  }
  return { tree: `${prefix}-tree`, invoice: `${prefix}-invoice` };
}

module.exports = { BilltreeTreeElement, BilltreeInvoiceElement, defineElements };
