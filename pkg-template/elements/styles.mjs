// The styles of billtree's preview widgets (index.mjs), one constructable stylesheet per
// kind of element: adoptedStyleSheets, which a strict `style-src 'self'` does not block
// (unlike a <style> element). Every colour and font is a `--billtree-*` custom property
// with a default, so a page themes the elements without reaching into their shadow roots.

const FONT = "var(--billtree-font, system-ui, sans-serif)";
const MONO = "var(--billtree-mono-font, ui-monospace, monospace)";
const TEXT = "var(--billtree-text, #1d2330)";
const MUTED = "var(--billtree-muted, #5b6475)";
const ACCENT = "var(--billtree-accent, #3056a8)";
const ISSUE = "var(--billtree-issue, #a3161b)";
const BORDER = "var(--billtree-border, #dde1e8)";
const RULE = "var(--billtree-rule, #eceff3)";
const FOCUS = "var(--billtree-focus, #f2a900)";
const DROP = "var(--billtree-drop, #1c6b35)";

export const TREE_CSS = `
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
.tree-canvas.node-dragging { cursor: grabbing; }
.node.drag-source { opacity: 0.45; }
.node.drop-target .frame { stroke: ${DROP}; stroke-width: 3; stroke-dasharray: 6 3; fill: var(--billtree-drop-background, #eef8f0); }
.tree-canvas.drop-root { background: var(--billtree-drop-background, #eef8f0); }
.drag-ghost { pointer-events: none; }
.drag-ghost rect { fill: var(--billtree-ghost-background, ${TEXT}); opacity: 0.85; }
.drag-ghost text { fill: var(--billtree-ghost-text, #fff); font-size: 12px; }
`;

export const INVOICE_CSS = `
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
/* Printed, it is laid out like a paper invoice: no box around it, sizes relative to the
   page's print font, no disclosure markers or customer ids beside the section names, the
   sections and the totals not split across pages (the element opens every section while
   the page prints). */
@media print {
  .invoice { border: 0; border-radius: 0; padding: 0; background: none; }
  .invoice-header h3 { font-size: 1.6em; margin-bottom: 4mm; }
  .invoice-header dl { font-size: 0.9em; margin-bottom: 6mm; }
  .invoice-note { border-color: #999; }
  .section { break-inside: avoid; margin: 0 0 3mm; }
  .section > summary { list-style: none; border-bottom: 1px solid currentColor; font-size: 1em; }
  .section > summary::marker, .section > summary::-webkit-details-marker { display: none; }
  .section .id { display: none; }
  .lines { font-size: 0.9em; }
  .lines th { color: inherit; border-bottom-color: #999; }
  .lines tr.detail td { color: #333; }
  .totals { break-inside: avoid; margin-top: 5mm; border-top: 2px solid currentColor; }
}
`;

// One stylesheet per kind of element, shared by every instance (made on first use: there
// is no CSSStyleSheet where there is no DOM).
const sheets = new Map();
export function sheet(css) {
  if (!sheets.has(css)) {
    const made = new CSSStyleSheet();
    made.replaceSync(css);
    sheets.set(css, made);
  }
  return sheets.get(css);
}
