// The CommonJS consumer's view of the same declarations.
import billtree = require("billtree");

const report: billtree.ValidationReport = billtree.validateHierarchy("[]");
const valid: boolean = report.valid;
// @ts-expect-error deepestLevel is a number
const wrong: string = report.deepestLevel;
const presets: billtree.Policy[] = billtree.policyPresets();

// init by name (CommonJS has no default export); it resolves to nothing.
const ready: Promise<void> = billtree.init();
// @ts-expect-error no default export under require
billtree.default;

// The format adapters under require.
const converted: billtree.FormatResult = billtree.fromFormat("[]");
const format: billtree.FormatName = billtree.detectFormat("id,name\na,A\n").format;
const labels: string[] = billtree.FORMATS.map((f) => f.label);
// @ts-expect-error notes are strings
const note: number = converted.notes[0];

void valid, wrong, presets, ready, format, labels, note;

// require("billtree/elements") in Node is a stub typed like the browser module.
import elements = require("billtree/elements");
const tagNames: { tree: string; invoice: string } = elements.defineElements();
const treeType: typeof elements.BilltreeTreeElement | undefined = undefined;
void tagNames, treeType;
