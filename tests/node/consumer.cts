// The CommonJS consumer's view of the same declarations.
import billtree = require("billtree");

const report: billtree.ValidationReport = billtree.validateHierarchy("[]");
const valid: boolean = report.valid;
// @ts-expect-error deepestLevel is a number
const wrong: string = report.deepestLevel;
const presets: billtree.Policy[] = billtree.policyPresets();

void valid, wrong, presets;
