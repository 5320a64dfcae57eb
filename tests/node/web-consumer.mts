// The browser build's declarations: init first, then the same API.
import init, { HierarchySession, type ValidationReport } from "billtree/web";

await init();
const session = new HierarchySession("[]");
const report: ValidationReport = session.validate();
session.free();
void report;
