// Type-checked with tsc (strict) against the installed package: if the declarations drift
// from what a consumer writes, or degrade to `any`, this file stops compiling.
import init, {
  FORMATS,
  HierarchySession,
  detectFormat,
  fromFormat,
  isBilltreeError,
  validateHierarchy,
  type BilltreeErrorObject,
  type Customer,
  type EditPreview,
  type FormatInfo,
  type FormatName,
  type FormatResult,
  type HierarchyEdit,
  type HierarchyEvent,
  type IssueCode,
  type PolicySpec,
  type ValidationReport,
} from "billtree";

// The browser way compiles against the Node entry too: init() resolves to nothing.
const loaded: void = await init();
void loaded;

const customers: Customer[] = [
  { id: "hq", name: "Holding" },
  { id: "eu", name: "Europe", parentId: "hq", tenantId: null, archived: false },
];
const policy: PolicySpec = { name: "strict", maxDepth: 2 };
const report: ValidationReport = validateHierarchy({ customers }, { policy });
const codes: IssueCode[] = report.issues.map((issue) => issue.code);
const firstIds: string[] = report.issues[0]?.customerIds ?? [];
const limit: number | null = report.policy.maxChildren;

// @ts-expect-error customerIds is string[], not number
const wrong: number = report.issues[0].customerIds;
// @ts-expect-error "stripe" is not a preset name
validateHierarchy(customers, { policy: "stripe" });
// @ts-expect-error a customer needs a name
const nameless: Customer = { id: "x" };

const session = new HierarchySession(JSON.stringify({ customers }), { policy: "fynn" });
const edit: HierarchyEdit = { op: "moveSubtree", customerId: "eu", parentId: null };
const preview: EditPreview = session.previewEdits([edit]);
for (const event of preview.events satisfies HierarchyEvent[]) {
  if (event.type === "customer.parent.assigned") {
    const parent: string = event.parentId;
    const before: string | null = event.previousParentId;
    void parent, before;
  }
}
const level: number | null = session.tree("eu").nodes[0].level;
const current: boolean = session.tree("eu").nodes[0].isCurrentCustomer;
const page = session.findCustomers({ hasParent: true, limit: 10 });
const total: number = page.total;

try {
  session.tree("nobody");
} catch (caught) {
  const error = caught as BilltreeErrorObject;
  const code: "UNKNOWN_CUSTOMER" | "INVALID_INPUT" | string = error.code;
  const path: string | undefined = error.details.path;
  void code, path;
}
// The runtime guard narrows without a cast: `code` is the documented union.
try {
  session.tree("nobody");
} catch (caught: unknown) {
  if (isBilltreeError(caught)) {
    const narrowed: BilltreeErrorObject["code"] = caught.code;
    void narrowed;
  }
}
session.free();

// The format adapters: the result feeds the other functions without a cast.
const converted: FormatResult = fromFormat("id,name,parent_id\nhq,HQ,\n", { format: "csv" });
const fromExport: ValidationReport = validateHierarchy(converted.hierarchy, { policy: converted.policy });
const subscriptionCount: number = converted.billing?.subscriptions?.length ?? 0;
const notes: string[] = converted.notes;
const detected: FormatName = detectFormat([{ accountId: "a" }]).format;
const names: FormatName[] = FORMATS.map((format: FormatInfo) => format.name);
fromFormat({ list: [] }, { format: "auto" });
// @ts-expect-error "stripe" is not a format billtree reads
fromFormat("[]", { format: "stripe" });
// @ts-expect-error FORMATS is read-only
FORMATS.push({ name: "csv", label: "again" });

void codes, firstIds, limit, wrong, nameless, level, current, total, fromExport, subscriptionCount, notes, detected, names;
