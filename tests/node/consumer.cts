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

void valid, wrong, presets, ready;
