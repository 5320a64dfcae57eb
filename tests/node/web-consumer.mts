// The browser build's declarations: init first, then the same API.
import init, { FORMATS, HierarchySession, detectFormat, fromFormat, type FormatResult, type ValidationReport } from "billtree/web";

// The format adapters need no init().
const converted: FormatResult = fromFormat(FORMATS[0].name === "billtree" ? "[]" : "{}");
const label: string = detectFormat(converted.hierarchy).label;

await init();
const session = new HierarchySession("[]");
const report: ValidationReport = session.validate();
session.free();
void report, label;
