// Generated from the Rust types by src/typescript.rs. Do not edit.

/** What the hierarchy entry points accept: JSON text (fastest for large inputs), `{ customers }`, or an array of customers. */
export type HierarchySource = string | HierarchyInput | Array<Customer>;

/** The `Error` every billtree function throws for a contract violation: branch on `code`, never on `message`. */
export interface BilltreeErrorObject extends Error {
  name: "BilltreeError";
  code: ErrorCode;
  details: ErrorDetails;
}

/**
 * Where a customer's charges go, when not to its own invoice.
 */
export type BillTo = "self" | "parent" | "root";

/**
 * Who pays a customer's own invoice.
 */
export type Payer = "self" | "parent";

/**
 * The ways of routing invoices a customer can set; at most one may be used.
 */
export type BillingWay = "explicitOwners" | "billTo" | "payerParent" | "invoicingDelegate";

/**
 * A customer's billing settings. Give one way at most: explicit owners, `billTo`,
 * `payer: "parent"` or an invoicing delegate; two at once is
 * `CONFLICTING_BILLING_SETTINGS`.
 */
export type BillingSettings = {
  /**
   * Chargebee's `invoice_owner_id`: the customer itself or one of its ancestors
   * receives its invoices.
   */
  invoiceOwnerId?: string | null,
  /**
   * Chargebee's `payment_owner_id`: when the customer is its own invoice owner, itself
   * or an ancestor; otherwise it must be the invoice owner.
   */
  paymentOwnerId?: string | null,
  /**
   * Roll-up: `"parent"` or `"root"` sends the charges to that invoice.
   */
  billTo?: BillTo | null,
  /**
   * `"parent"`: the customer keeps its invoice and its parent pays it.
   */
  payer?: Payer | null,
  /**
   * Flexprice's delegated invoicing: this customer (of the same tenant) receives the
   * invoices and pays them.
   */
  invoicingDelegateId?: string | null,
};

/**
 * One customer of a hierarchy. In JSON input, `id` and `name` are required and unknown
 * fields are rejected rather than ignored, so a typo such as `parentID` is an error
 * instead of a silent root.
 */
export type Customer = {
  /**
   * 1–50 characters, any string (UUIDs are common).
   */
  id: string,
  /**
   * Display name; rendered as text, never as HTML.
   */
  name: string,
  /**
   * The tenant (business entity) the customer belongs to; parent and child must match.
   * Absent means "no tenant", which matches only other customers without one.
   */
  tenantId?: string | null,
  /**
   * The parent's id; absent or `null` for a root.
   */
  parentId?: string | null,
  /**
   * Archived customers cannot be parents of active ones. Absent means `false`.
   */
  archived?: boolean,
  /**
   * ISO 4217 code of the customer's billing currency.
   */
  currency?: string | null,
  /**
   * Chargebee's `invoice_owner_id`: the customer itself or one of its ancestors
   * receives its invoices.
   */
  invoiceOwnerId?: string | null,
  /**
   * Chargebee's `payment_owner_id`: when the customer is its own invoice owner, itself
   * or an ancestor; otherwise it must be the invoice owner.
   */
  paymentOwnerId?: string | null,
  /**
   * Roll-up: `"parent"` or `"root"` sends the charges to that invoice.
   */
  billTo?: BillTo | null,
  /**
   * `"parent"`: the customer keeps its invoice and its parent pays it.
   */
  payer?: Payer | null,
  /**
   * Flexprice's delegated invoicing: this customer (of the same tenant) receives the
   * invoices and pays them.
   */
  invoicingDelegateId?: string | null,
};

/**
 * A hierarchy document: `{ "customers": [...] }`, or just the array of customers.
 */
export type HierarchyInput = {
  /**
   * Every customer, in any order: parents need not come before their children.
   */
  customers: Array<Customer>,
};

/**
 * The stable code of a [`BilltreeError`]; JS callers branch on it, never on the message.
 */
export type ErrorCode = "INVALID_JSON" | "INVALID_INPUT" | "INPUT_TOO_LARGE" | "INVALID_POLICY" | "UNKNOWN_CUSTOMER" | "OUTPUT_TOO_LARGE" | "SESSION_FREED" | "SESSION_BUSY" | "NOT_A_SESSION";

/**
 * Machine-readable context of a [`BilltreeError`]; only the fields that apply are set.
 */
export type ErrorDetails = {
  /**
   * Where in the input the problem is, e.g. `customers[3].parentId`.
   */
  path?: string,
  /**
   * 1-based line in the JSON text, for JSON string input.
   */
  line?: number,
  /**
   * 1-based column in the JSON text, for JSON string input.
   */
  column?: number,
  /**
   * The customer id the problem is about.
   */
  customerId?: string,
  /**
   * The limit that was exceeded.
   */
  limit?: number,
  /**
   * The accepted values, where the input was not one of them.
   */
  expected?: Array<string>,
};

/**
 * The systems whose hierarchy limits billtree reproduces.
 */
export type PresetName = "fynn" | "chargebee" | "zuora" | "orb" | "metronome" | "recurly";

/**
 * A resolved set of hierarchy limits. `null` means "no limit". Structural rules (no
 * cycles, same tenant, no archived parents) apply under every policy.
 */
export type Policy = {
  /**
   * The preset's name (`"fynn"`…), or the custom policy's name (`"custom"` by default).
   */
  name: string,
  /**
   * Deepest level allowed, the root being level 1: 3 allows root → child → grandchild.
   */
  maxDepth: number | null,
  /**
   * Most direct children one customer may have.
   */
  maxChildren: number | null,
  /**
   * Most customers one hierarchy (a root and all its subordinates) may hold.
   */
  maxHierarchySize: number | null,
};

/**
 * Limits chosen by the caller; an absent or `null` limit means "no limit".
 */
export type CustomPolicy = {
  /**
   * Shown in reports; `"custom"` when absent.
   */
  name?: string | null,
  /**
   * Deepest level allowed (at least 1; the root is level 1).
   */
  maxDepth?: number | null,
  /**
   * Most direct children of one customer (0 forbids children).
   */
  maxChildren?: number | null,
  /**
   * Most customers in one hierarchy (at least 1).
   */
  maxHierarchySize?: number | null,
};

/**
 * How a caller names a policy: a preset's name, or custom limits.
 */
export type PolicySpec = PresetName | CustomPolicy;

/**
 * Options of a validation or a session.
 */
export type ValidateOptions = {
  /**
   * The limits to check; `"chargebee"` when absent.
   */
  policy?: PolicySpec | null,
};

/**
 * The stable code of an [`Issue`].
 */
export type IssueCode = "INVALID_ID" | "DUPLICATE_ID" | "SELF_PARENT" | "UNKNOWN_PARENT" | "CYCLE" | "DEPTH_EXCEEDED" | "TOO_MANY_CHILDREN" | "HIERARCHY_TOO_LARGE" | "CROSS_TENANT" | "ARCHIVED_PARENT" | "ARCHIVED_WITH_ACTIVE_CHILDREN";

/**
 * The policy rule a limit issue breaks, named as in [`Policy`].
 */
export type PolicyRule = "maxDepth" | "maxChildren" | "maxHierarchySize";

/**
 * Why an id is unusable (`INVALID_ID`).
 */
export type IdProblemKind = "empty" | "tooLong" | "controlCharacter" | "surroundingWhitespace";

/**
 * Machine-readable facts of an [`Issue`]; only those that apply to its code are set.
 */
export type IssueDetails = {
  /**
   * The policy rule broken (limit issues).
   */
  rule?: PolicyRule,
  /**
   * The policy whose rule it is (limit issues).
   */
  policy?: string,
  /**
   * The rule's limit (limit issues).
   */
  limit?: number,
  /**
   * What the hierarchy has against the limit: the level (`DEPTH_EXCEEDED`), the
   * direct children (`TOO_MANY_CHILDREN`), the customers (`HIERARCHY_TOO_LARGE`).
   */
  actual?: number,
  /**
   * Subordinates sitting deeper still (`DEPTH_EXCEEDED`).
   */
  deeperSubordinates?: number,
  /**
   * Why the id is unusable (`INVALID_ID`).
   */
  idProblem?: IdProblemKind,
  /**
   * The `parentId` text that names no customer or is unusable (`UNKNOWN_PARENT`,
   * `INVALID_ID` of a parent id).
   */
  parentId?: string,
  /**
   * The tenants of child and parent, `null` for none (`CROSS_TENANT`).
   */
  tenantIds?: [string | null, string | null],
  /**
   * Every position in the input that uses the id, the first one kept
   * (`DUPLICATE_ID`).
   */
  positions?: Array<number>,
};

/**
 * One problem in a hierarchy.
 */
export type Issue = {
  /**
   * Stable code to branch on.
   */
  code: IssueCode,
  /**
   * Human-readable explanation naming the customers.
   */
  message: string,
  /**
   * The customers involved, the one to fix first.
   */
  customerIds: Array<string>,
  /**
   * The facts behind the message, as data: read these, not the message.
   */
  details: IssueDetails,
};

/**
 * The result of validating a hierarchy against a policy.
 */
export type ValidationReport = {
  /**
   * `true` when there are no issues.
   */
  valid: boolean,
  /**
   * The policy checked.
   */
  policy: Policy,
  /**
   * Customers in the input, duplicates included.
   */
  customerCount: number,
  /**
   * Customers without a parent (the tops of the hierarchies).
   */
  rootCount: number,
  /**
   * The deepest level any customer reaches (the root being level 1), cycles aside.
   */
  deepestLevel: number,
  /**
   * Every issue, grouped by code in the order of [`IssueCode`], then in input order.
   */
  issues: Array<Issue>,
};

/**
 * What would break if the hierarchy moved to a system with other limits.
 */
export type MigrationReport = {
  /**
   * The policy the hierarchy is checked under today.
   */
  from: Policy,
  /**
   * The policy of the system it would move to.
   */
  to: Policy,
  /**
   * `true` when nothing new breaks under `to`.
   */
  compatible: boolean,
  /**
   * Issues under `to` that are not issues under `from`.
   */
  wouldBreak: Array<Issue>,
};

/**
 * A customer as queries return it.
 */
export type CustomerSummary = {
  /**
   * The customer's id.
   */
  id: string,
  /**
   * The customer's name.
   */
  name: string,
  /**
   * The customer's tenant, `null` for none.
   */
  tenantId: string | null,
  /**
   * The `parentId` as currently set (it may name no customer: see the report).
   */
  parentId: string | null,
  /**
   * Whether the customer is archived.
   */
  archived: boolean,
  /**
   * 1 for a root; `null` for a customer in or below a cycle.
   */
  level: number | null,
  /**
   * Number of direct children.
   */
  childCount: number,
  /**
   * Number of customers below it, at any depth.
   */
  subordinateCount: number,
};

/**
 * A node of [`HierarchyTree`]: a customer, and whether it is the one asked about.
 */
export type TreeNode = {
  /**
   * `true` for the customer the tree was asked for.
   */
  isCurrentCustomer: boolean,
  /**
   * The customer's id.
   */
  id: string,
  /**
   * The customer's name.
   */
  name: string,
  /**
   * The customer's tenant, `null` for none.
   */
  tenantId: string | null,
  /**
   * The `parentId` as currently set (it may name no customer: see the report).
   */
  parentId: string | null,
  /**
   * Whether the customer is archived.
   */
  archived: boolean,
  /**
   * 1 for a root; `null` for a customer in or below a cycle.
   */
  level: number | null,
  /**
   * Number of direct children.
   */
  childCount: number,
  /**
   * Number of customers below it, at any depth.
   */
  subordinateCount: number,
};

/**
 * The whole hierarchy a customer belongs to, from the top.
 */
export type HierarchyTree = {
  /**
   * The root; for a hierarchy caught in a cycle, the cycle's first member.
   */
  rootId: string,
  /**
   * The customer the tree was asked for.
   */
  currentCustomerId: string,
  /**
   * `true` when the hierarchy has no root because its top is a cycle.
   */
  inCycle: boolean,
  /**
   * Every customer of the hierarchy in depth-first pre-order (a parent before its
   * children, siblings in input order). Flat, so depth costs no recursion anywhere:
   * nest by `parentId` if needed.
   */
  nodes: Array<TreeNode>,
};

/**
 * The direct children of a customer.
 */
export type ChildList = {
  /**
   * The parent asked about.
   */
  customerId: string,
  /**
   * Number of direct children.
   */
  childCount: number,
  /**
   * The children in input order, each with its own counts.
   */
  children: Array<CustomerSummary>,
};

/**
 * Filters for [`Query::find`]; the given ones must all hold.
 */
export type CustomerFilter = {
  /**
   * Only customers that have (`true`) or have no (`false`) children.
   */
  isParent?: boolean | null,
  /**
   * Only customers that have (`true`) or have no (`false`) parent in the hierarchy.
   */
  hasParent?: boolean | null,
  /**
   * Only the direct children of this customer.
   */
  parentCustomerId?: string | null,
  /**
   * Skip this many matches (for paging).
   */
  offset?: number | null,
  /**
   * Return at most this many matches.
   */
  limit?: number | null,
};

/**
 * One page of customers matching a [`CustomerFilter`].
 */
export type CustomerPage = {
  /**
   * How many customers match, over all pages.
   */
  total: number,
  /**
   * The offset this page starts at.
   */
  offset: number,
  /**
   * The matches on this page, in input order.
   */
  customers: Array<CustomerSummary>,
};

/**
 * One change to a hierarchy. Customers are named by id; naming one that does not exist
 * is an `UNKNOWN_CUSTOMER` error, while an edit that breaks a rule (a cycle, a too-deep
 * customer) is allowed and shows up in the preview's report.
 */
export type HierarchyEdit = {
  "op": "setParent",
  /**
   * The customer that gets a new parent.
   */
  customerId: string,
  /**
   * The new parent.
   */
  parentId: string,
} | {
  "op": "removeParent",
  /**
   * The customer to detach.
   */
  customerId: string,
} | {
  "op": "moveSubtree",
  /**
   * The top of the subtree to move.
   */
  customerId: string,
  /**
   * The new parent, or `null` for the top level.
   */
  parentId: string | null,
} | {
  "op": "archive",
  /**
   * The customer to archive.
   */
  customerId: string,
} | {
  "op": "unarchive",
  /**
   * The customer to unarchive.
   */
  customerId: string,
} | {
  "op": "setBillingSettings",
  /**
   * The customer whose settings change.
   */
  customerId: string,
  /**
   * The new settings, whole.
   */
  settings: BillingSettings,
};

/**
 * An event the edits would emit, as webhook consumers would receive it.
 */
export type HierarchyEvent = {
  "type": "customer.parent.assigned",
  /**
   * The child.
   */
  customerId: string,
  /**
   * Its parent before, `null` if it was a root.
   */
  previousParentId: string | null,
  /**
   * Its parent after.
   */
  parentId: string,
} | {
  "type": "customer.parent.removed",
  /**
   * The former child.
   */
  customerId: string,
  /**
   * Its parent before.
   */
  previousParentId: string,
} | {
  "type": "customer.archived",
  /**
   * The customer.
   */
  customerId: string,
} | {
  "type": "customer.unarchived",
  /**
   * The customer.
   */
  customerId: string,
} | {
  "type": "customer.billing_settings.changed",
  /**
   * The customer.
   */
  customerId: string,
  /**
   * The settings after the change.
   */
  settings: BillingSettings,
};

/**
 * What a list of edits would do.
 */
export type EditPreview = {
  /**
   * `false` for a preview; `true` when the edits were applied to the session.
   */
  applied: boolean,
  /**
   * The events, in edit order; edits that change nothing emit none.
   */
  events: Array<HierarchyEvent>,
  /**
   * Issues the edits would introduce.
   */
  introducedIssues: Array<Issue>,
  /**
   * Issues the edits would resolve.
   */
  resolvedIssues: Array<Issue>,
  /**
   * The whole validation report after the edits.
   */
  report: ValidationReport,
};
