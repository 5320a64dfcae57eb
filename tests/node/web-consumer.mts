// The browser build's declarations: init first, then the same API.
import init, { FORMATS, HierarchySession, detectFormat, fromFormat, type FormatResult, type ValidationReport } from "billtree/web";
import { BilltreeTreeElement, defineElements, type BilltreeDropEvent, type BilltreeSelectEvent, type ElementNames } from "billtree/elements";

// The format adapters need no init().
const converted: FormatResult = fromFormat(FORMATS[0].name === "billtree" ? "[]" : "{}");
const label: string = detectFormat(converted.hierarchy).label;

await init();
const session = new HierarchySession("[]");
const report: ValidationReport = session.validate();
session.free();
void report, label;

// The preview widgets (billtree/elements): the tag names map to their classes, the
// properties take the package's own types, and billtree-select's detail is typed.

const tree: BilltreeTreeElement = document.createElement("billtree-tree");
tree.session = new HierarchySession("[]");
tree.selected = "hq";
// @ts-expect-error a HierarchySession, not its JSON
tree.session = "[]";
tree.addEventListener("billtree-select", (event) => {
  const customerId: string = event.detail.customerId;
  void customerId;
});
const onSelect = (event: BilltreeSelectEvent): string => event.detail.customerId;
void onSelect;
const invoiceView = document.createElement("billtree-invoice");
invoiceView.customerId = "hq";
invoiceView.invoice = null;
invoiceView.note = "after the move";
// @ts-expect-error an Invoice, not any object
invoiceView.invoice = { customerId: "hq" };
const shown: string | undefined = invoiceView.shownInvoice?.totals.amountDue;
const names: ElementNames = defineElements("acme");
void shown, names;
tree.refresh();
// Drag re-parenting: opt in, a typed drop (the fields of a setParent edit), the drag state.
tree.reparent = true;
tree.addEventListener("billtree-drop", (event) => {
  const parentId: string | null = event.detail.parentId;
  const customerId: string = event.detail.customerId;
  void parentId, customerId;
});
const onDrop = (event: BilltreeDropEvent): string | null => event.detail.parentId;
void onDrop;
const dragging: boolean = tree.dragging;
void dragging;
// @ts-expect-error read-only: the drag says whether it is under way
tree.dragging = true;
// show(): another session keeping the view, with what the caller asked it already.
const rebuilt = new HierarchySession("[]");
tree.show(rebuilt, { keepView: true, report: rebuilt.validate(), forest: rebuilt.forest(), owners: rebuilt.owners() });
// @ts-expect-error a ValidationReport, not its issues
tree.show(rebuilt, { report: rebuilt.validate().issues });
tree.refresh({ forest: rebuilt.forest() });
tree.reveal("hq");
invoiceView.names = new Map([["hq", "Holding"]]);
invoiceView.show(null, { note: "after the move", names: new Map([["hq", "Holding"]]) });
invoiceView.show(null);
