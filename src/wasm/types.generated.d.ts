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
 * How far a portal right goes (Chargebee's `yes` / `view_only` / `no`; `"view_only"` is
 * read as `"viewOnly"`).
 */
export type Access = "no" | "viewOnly" | "yes";

/**
 * Portal rights and email toggles over one customer's subscriptions and invoices, as
 * Chargebee's `parent_account_access` (what the customer's "parent" may do) and
 * `child_account_access` (what the customer itself may do) set them. The "parent" is
 * the customer's payment owner when that is another customer, otherwise its parent
 * (Chargebee's rule). Chargebee's parent-side names (`portalEditChildSubscriptions`,
 * `portalDownloadChildInvoices`) are read too. Absent fields take the defaults in the
 * README ("Access and visibility").
 */
export type AccountAccess = {
  /**
   * Edit the subscriptions in the portal (`yes`), or only see them.
   */
  portalEditSubscriptions?: Access | null,
  /**
   * See (`viewOnly`) or also download (`yes`) the invoices, or neither (`no`).
   */
  portalDownloadInvoices?: Access | null,
  /**
   * Receive the subscription emails.
   */
  sendSubscriptionEmails?: boolean | null,
  /**
   * Receive the invoice emails.
   */
  sendInvoiceEmails?: boolean | null,
  /**
   * Receive the payment emails.
   */
  sendPaymentEmails?: boolean | null,
};

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
  /**
   * What the customer's "parent" may see and do (Chargebee `parent_account_access`).
   */
  parentAccountAccess?: AccountAccess | null,
  /**
   * What the customer may see and do itself (Chargebee `child_account_access`).
   */
  childAccountAccess?: AccountAccess | null,
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
  /**
   * What the customer's "parent" may see and do (Chargebee `parent_account_access`).
   */
  parentAccountAccess?: AccountAccess | null,
  /**
   * What the customer may see and do itself (Chargebee `child_account_access`).
   */
  childAccountAccess?: AccountAccess | null,
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
export type ErrorCode = "INVALID_JSON" | "INVALID_INPUT" | "INPUT_TOO_LARGE" | "INVALID_POLICY" | "UNKNOWN_CUSTOMER" | "OUTPUT_TOO_LARGE" | "SESSION_FREED" | "SESSION_BUSY" | "NOT_A_SESSION" | "NOT_INITIALIZED" | "UNKNOWN_CURRENCY" | "AMOUNT_OVERFLOW" | "UNKNOWN_FORMAT";

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
export type PresetName = "fynn" | "chargebee" | "zuora" | "orb" | "metronome" | "recurly" | "m3ter";

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
export type IssueCode = "INVALID_ID" | "DUPLICATE_ID" | "SELF_PARENT" | "UNKNOWN_PARENT" | "CYCLE" | "DEPTH_EXCEEDED" | "TOO_MANY_CHILDREN" | "HIERARCHY_TOO_LARGE" | "CROSS_TENANT" | "ARCHIVED_PARENT" | "ARCHIVED_WITH_ACTIVE_CHILDREN" | "CONFLICTING_BILLING_SETTINGS" | "UNKNOWN_OWNER" | "INVOICE_OWNER_NOT_ANCESTOR" | "PAYMENT_OWNER_NOT_ANCESTOR" | "PAYMENT_OWNER_MISMATCH" | "BILL_TO_PARENT_WITHOUT_PARENT" | "PAYER_PARENT_WITHOUT_PARENT" | "INVOICE_OWNER_CYCLE" | "ARCHIVED_OWNER" | "CROSS_TENANT_OWNER";

/**
 * The policy rule a limit issue breaks, named as in [`Policy`].
 */
export type PolicyRule = "maxDepth" | "maxChildren" | "maxHierarchySize";

/**
 * Why an id is unusable (`INVALID_ID`).
 */
export type IdProblemKind = "empty" | "tooLong" | "controlCharacter" | "surroundingWhitespace";

/**
 * A billing setting, by its field name.
 */
export type BillingField = "invoiceOwnerId" | "paymentOwnerId" | "billTo" | "payer" | "invoicingDelegateId";

/**
 * Which of a customer's two owners.
 */
export type OwnerRole = "invoiceOwner" | "paymentOwner";

/**
 * The rule users of two-level systems (Orb, Recurly, Metronome, m3ter) know, that a
 * `DEPTH_EXCEEDED` under a two-level policy breaks.
 */
export type TwoLevelRule = "childCannotTakeChildren" | "parentCannotBecomeChild";

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
   * The two-level rule broken (`DEPTH_EXCEEDED` under a 2-level policy).
   */
  twoLevelRule?: TwoLevelRule,
  /**
   * Why the id is unusable (`INVALID_ID`).
   */
  idProblem?: IdProblemKind,
  /**
   * The `parentId` text that names no customer or is unusable (`UNKNOWN_PARENT`,
   * `INVALID_ID` of a parent id); the parent that cannot take children
   * (`DEPTH_EXCEEDED` under a two-level policy).
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
  /**
   * The billing setting at fault (owner issues).
   */
  setting?: BillingField,
  /**
   * The owner the setting names or resolves to (owner issues).
   */
  ownerId?: string,
  /**
   * Whether the owner at fault receives or pays (`ARCHIVED_OWNER`,
   * `CROSS_TENANT_OWNER`).
   */
  ownerRole?: OwnerRole,
  /**
   * The ways of routing invoices given at once (`CONFLICTING_BILLING_SETTINGS`).
   */
  ways?: Array<BillingWay>,
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
   * Only customers whose id or name contains this text, ignoring ASCII case (what a
   * customer picker sends as the user types; other letters match as typed).
   */
  search?: string | null,
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
 * The kinds of [`UnresolvedOwner`].
 */
export type UnresolvedReason = "issue" | "brokenHierarchy" | "upstream";

/**
 * Why an owner is `null`.
 */
export type UnresolvedOwner = {
  /**
   * `issue`: the customer's own settings break the rule `code`; `brokenHierarchy`:
   * its place in the hierarchy is an issue (cycle, unknown or self parent);
   * `upstream`: it follows `customerId`, which is unresolved.
   */
  reason: UnresolvedReason,
  /**
   * The issue code (`reason: "issue"`).
   */
  code?: IssueCode,
  /**
   * The unresolved customer followed (`reason: "upstream"`).
   */
  customerId?: string,
};

/**
 * A customer's two owners, each an id or `null` with the reason.
 */
export type OwnerPair = {
  /**
   * Whose invoice carries the customer's charges; `null` when unresolved.
   */
  invoiceOwnerId: string | null,
  /**
   * Who pays that invoice; `null` when unresolved.
   */
  paymentOwnerId: string | null,
  /**
   * Why `invoiceOwnerId` is `null`.
   */
  invoiceUnresolved: UnresolvedOwner | null,
  /**
   * Why `paymentOwnerId` is `null`.
   */
  paymentUnresolved: UnresolvedOwner | null,
};

/**
 * One customer's owners.
 */
export type CustomerOwners = {
  /**
   * The customer.
   */
  customerId: string,
  /**
   * `true` when its charges land on another customer's invoice.
   */
  consolidated: boolean,
  /**
   * Whose invoice carries the customer's charges; `null` when unresolved.
   */
  invoiceOwnerId: string | null,
  /**
   * Who pays that invoice; `null` when unresolved.
   */
  paymentOwnerId: string | null,
  /**
   * Why `invoiceOwnerId` is `null`.
   */
  invoiceUnresolved: UnresolvedOwner | null,
  /**
   * Why `paymentOwnerId` is `null`.
   */
  paymentUnresolved: UnresolvedOwner | null,
};

/**
 * Every customer's owners (input order) and every owner issue.
 */
export type OwnersReport = {
  /**
   * One entry per customer, in input order (duplicates included).
   */
  customers: Array<CustomerOwners>,
  /**
   * The owner issues, as in the validation report.
   */
  issues: Array<Issue>,
};

/**
 * A customer's owners before and after a what-if.
 */
export type OwnerChange = {
  /**
   * The customer whose owners change.
   */
  customerId: string,
  /**
   * Before the edits.
   */
  before: OwnerPair,
  /**
   * After the edits.
   */
  after: OwnerPair,
};

/**
 * Chargebee's per-customer hierarchy record.
 */
export type HierarchyRecord = {
  /**
   * The customer.
   */
  customerId: string,
  /**
   * Its parent; `null` for a root.
   */
  parentId: string | null,
  /**
   * Whose invoice carries its charges; `null` when unresolved (see `owners`).
   */
  invoiceOwnerId: string | null,
  /**
   * Who pays; `null` when unresolved.
   */
  paymentOwnerId: string | null,
  /**
   * Whether it has direct children.
   */
  hasChildren: boolean,
  /**
   * Its direct children, in input order.
   */
  childrenIds: Array<string>,
};

/**
 * Why an overdue payer affects a customer.
 */
export type OverdueReach = "consolidated" | "delegatedPayment";

/**
 * A customer an overdue payer affects.
 */
export type OverdueAffected = {
  /**
   * The customer.
   */
  customerId: string,
  /**
   * Whose invoice carries its charges.
   */
  invoiceOwnerId: string,
  /**
   * How the payer reaches it.
   */
  reach: OverdueReach,
};

/**
 * What a payer's overdue state would reach.
 */
export type OverdueCascade = {
  /**
   * The overdue payer.
   */
  payerId: string,
  /**
   * Every other customer whose invoice it pays, in input order.
   */
  affected: Array<OverdueAffected>,
  /**
   * The customers below it that it does not pay for (they pay for themselves, or
   * another customer pays, or their payer is unresolved), in input order.
   */
  notAffected: Array<string>,
};

/**
 * Whom one customer receives invoices for and pays for.
 */
export type OwnedCustomers = {
  /**
   * The owner asked about.
   */
  ownerId: string,
  /**
   * Every customer whose charges land on its invoice (itself included when it
   * receives its own), in input order.
   */
  receivesFor: Array<string>,
  /**
   * Every customer whose invoice it pays, in input order.
   */
  paysFor: Array<string>,
};

/**
 * What one step of an explanation did.
 */
export type StepRule = "ownInvoice" | "billToParent" | "billToRoot" | "invoiceOwner" | "invoicingDelegate" | "paysItself" | "parentPays" | "paymentOwner" | "unresolved";

/**
 * One step: whose setting, which rule, where it leads.
 */
export type ExplanationStep = {
  /**
   * The customer whose setting is read.
   */
  customerId: string,
  /**
   * The rule it applies.
   */
  rule: StepRule,
  /**
   * The setting, `null` for the default.
   */
  setting: BillingField | null,
  /**
   * Where it leads (the next customer, the payer); `null` when it stops.
   */
  toCustomerId: string | null,
  /**
   * The issue that stops resolution (`rule: "unresolved"`).
   */
  code: IssueCode | null,
  /**
   * The step in words.
   */
  text: string,
};

/**
 * Why a customer's charges land where they do and who pays.
 */
export type OwnerExplanation = {
  /**
   * The customer explained.
   */
  customerId: string,
  /**
   * Its parent, `null` for a root.
   */
  parentId: string | null,
  /**
   * `true` when its charges land on another customer's invoice.
   */
  consolidated: boolean,
  /**
   * `true` when they land on an ancestor's invoice (its parent's or higher).
   */
  onAncestorInvoice: boolean,
  /**
   * The invoice steps, then the payment step.
   */
  steps: Array<ExplanationStep>,
  /**
   * Steps left out of a long chain (only the first [`MAX_STEPS`] are listed).
   */
  omittedSteps: number,
  /**
   * The whole answer in words.
   */
  summary: string,
  /**
   * Whose invoice carries the customer's charges; `null` when unresolved.
   */
  invoiceOwnerId: string | null,
  /**
   * Who pays that invoice; `null` when unresolved.
   */
  paymentOwnerId: string | null,
  /**
   * Why `invoiceOwnerId` is `null`.
   */
  invoiceUnresolved: UnresolvedOwner | null,
  /**
   * Why `paymentOwnerId` is `null`.
   */
  paymentUnresolved: UnresolvedOwner | null,
};

/**
 * Why a viewer has rights over a customer's invoices.
 */
export type AccessVia = "itself" | "invoiceOwner" | "paymentOwner" | "parent";

/**
 * What the invoice a right covers shows.
 */
export type InvoiceScope = "wholeInvoice" | "ownLines";

/**
 * A viewer's rights over the invoices carrying one customer's charges.
 */
export type InvoiceAccess = {
  /**
   * The customer whose charges.
   */
  customerId: string,
  /**
   * Why the viewer has rights.
   */
  via: AccessVia,
  /**
   * What it sees.
   */
  scope: InvoiceScope,
  /**
   * May see them in the portal.
   */
  view: boolean,
  /**
   * May download them.
   */
  download: boolean,
  /**
   * May edit the customer's subscriptions in the portal.
   */
  edit: boolean,
  /**
   * Receives the customer's invoice emails.
   */
  invoiceEmails: boolean,
  /**
   * Receives the customer's payment emails.
   */
  paymentEmails: boolean,
  /**
   * Receives the customer's subscription emails.
   */
  subscriptionEmails: boolean,
};

/**
 * Everything one viewer may see, in input order of the customers.
 */
export type Visibility = {
  /**
   * The viewer asked about.
   */
  viewerId: string,
  /**
   * The customers whose invoices it may at least see.
   */
  invoices: Array<InvoiceAccess>,
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
   * Issues the edits would introduce (hierarchy and owner issues), told from the
   * edit's side where that is clearer (a two-level depth issue caused by making a
   * parent a child).
   */
  introducedIssues: Array<Issue>,
  /**
   * Issues the edits would resolve.
   */
  resolvedIssues: Array<Issue>,
  /**
   * Only the customers whose invoice or payment owner changes, before and after, in
   * input order.
   */
  ownerChanges: Array<OwnerChange>,
  /**
   * The whole validation report after the edits.
   */
  report: ValidationReport,
};

/**
 * A money amount as a decimal string (`"12.50"`, `"-3"`); any scale up to 12 places
 * (rounded to the currency's minor unit only where the invoice says so).
 */
export type Money = string;

/**
 * A non-negative quantity as a decimal string (`"1500"`, `"0.25"`), at most 6
 * places: with at most 15 digits before the point, any sum of input rows stays exact.
 * Written without trailing zeros after the point (`"4.0"` is written `"4"`), so the
 * same usage reads the same whether a period is split (and its parts summed at
 * six places) or not.
 */
export type Quantity = string;

/**
 * A non-negative price per unit or fee as a decimal string (`"0.005"`).
 */
export type UnitAmount = string;

/**
 * A non-negative percentage as a decimal string (`"19"` is 19 %, `"7.5"`).
 */
export type Percent = string;

/**
 * The billing period: `start` inclusive, `end` exclusive, both UTC dates
 * (`{ "start": "2026-11-01", "end": "2026-12-01" }` is November).
 */
export type PeriodInput = {
  /**
   * First day, `YYYY-MM-DD`.
   */
  start: string,
  /**
   * The day after the last, `YYYY-MM-DD`.
   */
  end: string,
};

/**
 * What happens to a customer whose currency differs from its invoice owner's.
 */
export type CurrencyPolicy = "mismatch" | "splitByCurrency";

/**
 * How a price turns a quantity into an amount.
 */
export type PriceModel = "flat" | "perUnit" | "package" | "graduated" | "volume";

/**
 * How a customer's charges appear on the invoice that carries them (DESIGN §4). Set
 * on a subscription or on one of its prices (the price's wins).
 */
export type RollupMode = "pooled" | "apportioned" | "passthrough" | "summary" | "separate";

/**
 * One tier of a graduated or volume price.
 */
export type PriceTier = {
  /**
   * The last unit of the tier, inclusive; `null` or absent on the last, open tier.
   */
  upTo?: Quantity,
  /**
   * The price of each unit in the tier.
   */
  unitAmount: UnitAmount,
  /**
   * A fee for reaching the tier at all.
   */
  flatAmount?: UnitAmount,
};

/**
 * A price.
 */
export type PriceInput = {
  /**
   * Unique among prices.
   */
  id: string,
  /**
   * Shown on the invoice line; the id when absent.
   */
  description?: string,
  /**
   * ISO 4217 code.
   */
  currency: string,
  /**
   * How the amount is computed.
   */
  model: PriceModel,
  /**
   * The meter whose usage is priced; required for every model but `flat`.
   */
  meter?: string,
  /**
   * The fee (`flat`) or the price of one package (`package`).
   */
  amount?: UnitAmount,
  /**
   * The price of one unit (`perUnit`).
   */
  unitAmount?: UnitAmount,
  /**
   * Units per package (`package`).
   */
  packageSize?: Quantity,
  /**
   * The tiers (`graduated`, `volume`), ascending, the last open.
   */
  tiers?: Array<PriceTier>,
  /**
   * The roll-up mode of this price, over its subscription's.
   */
  rollup?: RollupMode,
  /**
   * Whose usage the price reads, instead of the subscription's customers (Orb's
   * `usage_customer_ids`): the pool is exactly these customers.
   */
  usageCustomerIds?: Array<string>,
};

/**
 * A subscription.
 */
export type SubscriptionInput = {
  /**
   * Unique among subscriptions.
   */
  id: string,
  /**
   * The customer who holds it.
   */
  customerId: string,
  /**
   * The prices it bills, by id. An inherited subscription has none of its own.
   */
  priceIds: Array<string>,
  /**
   * Its currency; the customer's when absent.
   */
  currency?: string,
  /**
   * The roll-up mode of its prices (each price may set its own).
   */
  rollup?: RollupMode,
  /**
   * Makes this an inherited skeleton of the parent subscription with this id
   * (Flexprice `inherited`): no lines of its own; the customer's usage is pooled into
   * the parent subscription's prices.
   */
  parentSubscriptionId?: string,
};

/**
 * One usage event.
 */
export type UsageRow = {
  /**
   * Whose usage.
   */
  customerId: string,
  /**
   * The meter it counts on.
   */
  meter: string,
  /**
   * How much.
   */
  quantity: Quantity,
  /**
   * When (RFC 3339, e.g. `2026-11-03T10:00:00Z`); rows outside the period are
   * reported, not counted.
   */
  timestamp: string,
};

/**
 * Usage already summed for the period, per customer and meter.
 */
export type UsageTotal = {
  /**
   * Whose usage.
   */
  customerId: string,
  /**
   * The meter.
   */
  meter: string,
  /**
   * The period's total.
   */
  quantity: Quantity,
};

/**
 * A one-off charge.
 */
export type ChargeInput = {
  /**
   * Unique among charges.
   */
  id: string,
  /**
   * Who is charged.
   */
  customerId: string,
  /**
   * Shown on the line.
   */
  description: string,
  /**
   * The amount (negative for a refund line).
   */
  amount: Money,
  /**
   * Its currency; the customer's when absent.
   */
  currency?: string,
  /**
   * The day it was charged, `YYYY-MM-DD` (UTC): when changes split the period, the
   * charge goes to the invoice owner in force that day; without a date, to the one
   * in force on the period's last day (when the invoice is issued).
   */
  date?: string,
};

/**
 * A discount: on the lines of one price (`priceId`), or on everything a customer's
 * section of an invoice holds (no `priceId`; the whole invoice when the customer is
 * its owner). Exactly one of `percent` and `amount`.
 */
export type DiscountInput = {
  /**
   * Unique among discounts.
   */
  id: string,
  /**
   * The customer it is granted to.
   */
  customerId: string,
  /**
   * Only the lines of this price (whose subscription the customer holds, or whose
   * origin it is).
   */
  priceId?: string,
  /**
   * A percentage off.
   */
  percent?: Percent,
  /**
   * A fixed amount off, at most what it applies to.
   */
  amount?: UnitAmount,
  /**
   * The currency of a fixed amount; the customer's when absent.
   */
  currency?: string,
};

/**
 * A minimum spend per period at an invoice owner: when the invoice's net is below
 * it, a true-up line makes up the difference.
 */
export type CommitmentInput = {
  /**
   * The invoice owner committed.
   */
  customerId: string,
  /**
   * The minimum net amount.
   */
  minimum: UnitAmount,
  /**
   * Its currency; the customer's when absent.
   */
  currency?: string,
};

/**
 * A customer's tax rate, applied to its own section of any invoice.
 */
export type TaxRateInput = {
  /**
   * The customer.
   */
  customerId: string,
  /**
   * The rate in percent (`"19"`).
   */
  percent: Percent,
};

/**
 * A credit balance a customer holds.
 */
export type CreditInput = {
  /**
   * Who holds it.
   */
  customerId: string,
  /**
   * The balance.
   */
  amount: UnitAmount,
  /**
   * Its currency; the customer's when absent.
   */
  currency?: string,
};

/**
 * A step in a subscription's life, effective on a day of the period (Flexprice's
 * pause, resume and cancel).
 */
export type LifecycleAction = "pause" | "resume" | "cancel";

/**
 * A lifecycle step for one subscription.
 */
export type SubscriptionAction = {
  /**
   * The subscription.
   */
  subscriptionId: string,
  /**
   * What happens to it.
   */
  action: LifecycleAction,
};

/**
 * Hierarchy edits and subscription lifecycle steps in force from a day of the period
 * on: a re-parent, a billing-setting change, a cancellation… effective mid-period
 * splits the period there (DESIGN §4, Time).
 */
export type DatedChange = {
  /**
   * The first day the edits are in force, `YYYY-MM-DD` (UTC). On the period's first
   * day they hold for the whole period; on or after its end they are not in this
   * period; before its start they are refused (the hierarchy as given already holds
   * from the start).
   */
  effectiveDate: string,
  /**
   * The edits, as `previewEdits` takes them, applied in order.
   */
  edits?: Array<HierarchyEdit>,
  /**
   * Subscriptions paused, resumed or cancelled that day, in order.
   */
  lifecycle?: Array<SubscriptionAction>,
};

/**
 * Where usage summed for the whole period (`usageTotals`, a what-if's usage) goes when
 * changes split the period: such usage has no timestamp to say.
 */
export type UsageTotalsSplit = "refuse" | "byDays" | "periodStart" | "periodEnd";

/**
 * Everything billed in one period.
 */
export type BillingInput = {
  /**
   * The period.
   */
  period: PeriodInput,
  /**
   * Currencies that differ from the invoice owner's.
   */
  currencyPolicy?: CurrencyPolicy,
  /**
   * Prices.
   */
  prices?: Array<PriceInput>,
  /**
   * Subscriptions.
   */
  subscriptions?: Array<SubscriptionInput>,
  /**
   * Usage events, with timestamps.
   */
  usage?: Array<UsageRow>,
  /**
   * Usage already summed for the period.
   */
  usageTotals?: Array<UsageTotal>,
  /**
   * One-off charges.
   */
  charges?: Array<ChargeInput>,
  /**
   * Discounts.
   */
  discounts?: Array<DiscountInput>,
  /**
   * Minimum commitments.
   */
  commitments?: Array<CommitmentInput>,
  /**
   * Tax rates per customer.
   */
  taxRates?: Array<TaxRateInput>,
  /**
   * Credit balances.
   */
  credits?: Array<CreditInput>,
  /**
   * Changes effective inside the period, in date order (the same date: in order).
   */
  changes?: Array<DatedChange>,
  /**
   * Where summed usage goes when changes split the period.
   */
  usageTotalsSplit?: UsageTotalsSplit,
};

/**
 * What kind of line.
 */
export type LineKind = "flat" | "usage" | "charge" | "trueUp" | "summary";

/**
 * One tier's part of a price.
 */
export type TierCharge = {
  /**
   * The tier's position, from 1.
   */
  tier: number,
  /**
   * Units priced in this tier.
   */
  quantity: Quantity,
  /**
   * The tier's unit price.
   */
  unitAmount: Money,
  /**
   * The tier's flat fee, when it has one.
   */
  flatAmount?: Money,
  /**
   * Units × unit price (+ flat fee), unrounded.
   */
  amount: Money,
};

/**
 * One contributor's quantity in a pool.
 */
export type Contribution = {
  /**
   * The contributor.
   */
  customerId: string,
  /**
   * Its quantity.
   */
  quantity: Quantity,
  /**
   * The parts of the period it was in this pool, when not all of it (a change moved
   * it in or out mid-period).
   */
  periods?: Array<PeriodInput>,
};

/**
 * The pool an apportioned line's amount was taken from.
 */
export type PoolShare = {
  /**
   * The pool's summed quantity.
   */
  poolQuantity: Quantity,
  /**
   * The pool's amount, rounded; the contributors' lines sum to it exactly.
   */
  poolAmount: Money,
};

/**
 * A discount taken off a line.
 */
export type LineDiscount = {
  /**
   * The discount.
   */
  discountId: string,
  /**
   * How much it takes off (positive).
   */
  amount: Money,
};

/**
 * One invoice line.
 */
export type Line = {
  /**
   * UUID v5 over the line's content.
   */
  id: string,
  /**
   * What kind of line.
   */
  kind: LineKind,
  /**
   * The customer whose charge this is.
   */
  customerId: string,
  /**
   * What the line is for.
   */
  description: string,
  /**
   * The subscription it bills.
   */
  subscriptionId?: string,
  /**
   * The price it bills.
   */
  priceId?: string,
  /**
   * The charge it bills.
   */
  chargeId?: string,
  /**
   * The roll-up mode that placed it.
   */
  mode?: RollupMode,
  /**
   * The quantity priced (the pool's for a pooled line, the customer's own for an
   * apportioned one).
   */
  quantity?: Quantity,
  /**
   * The unit price (per unit, package and volume prices).
   */
  unitAmount?: Money,
  /**
   * The tier breakdown (graduated and volume prices).
   */
  tiers?: Array<TierCharge>,
  /**
   * Per-contributor quantities of a pooled line.
   */
  breakdown?: Array<Contribution>,
  /**
   * The pool an apportioned line was allocated from.
   */
  pool?: PoolShare,
  /**
   * The invoice a summary line carries.
   */
  summarizedInvoiceId?: string,
  /**
   * The parts of the period the line bills, when changes split the period and the
   * line covers less than all of it (`end` exclusive; more than one when a customer
   * left and came back): a prorated fee, or usage in the days its customer billed
   * here.
   */
  periods?: Array<PeriodInput>,
  /**
   * The amount, rounded to the currency's minor unit.
   */
  amount: Money,
  /**
   * Discounts taken off this line.
   */
  discounts?: Array<LineDiscount>,
};

/**
 * The totals pipeline, each step shown: lines → discounts → minimum-commitment true-up
 * → tax → credits → amount due. `net = lines − discounts + trueUp`,
 * `total = net + tax + carried`, `amountDue = total − credits`.
 */
export type Totals = {
  /**
   * The sum of the priced lines (not true-up or summary lines).
   */
  lines: Money,
  /**
   * Discounts taken off (positive).
   */
  discounts: Money,
  /**
   * The minimum-commitment true-up.
   */
  trueUp: Money,
  /**
   * Lines − discounts + true-up: what tax applies to.
   */
  net: Money,
  /**
   * Tax.
   */
  tax: Money,
  /**
   * Summary lines: other invoices' totals, taxed there, carried here.
   */
  carried: Money,
  /**
   * Net + tax + carried.
   */
  total: Money,
  /**
   * Credits applied (positive).
   */
  credits: Money,
  /**
   * Total − credits.
   */
  amountDue: Money,
};

/**
 * One customer's section of an invoice. Sections come in depth-first order; a
 * section's `totals` cover its own lines and every section nested in it.
 */
export type Section = {
  /**
   * Whose section.
   */
  customerId: string,
  /**
   * Its name.
   */
  name: string,
  /**
   * 0 for the invoice's addressee, 1 for a section nested in it, and so on.
   */
  depth: number,
  /**
   * The customer whose section this one is nested in (`null` at the top).
   */
  parentCustomerId: string | null,
  /**
   * The customer's tax rate in percent.
   */
  taxPercent: Percent,
  /**
   * Lines of this customer.
   */
  lines: Array<Line>,
  /**
   * This customer's own lines only. Credits show on `totals` only (`own.credits` is 0
   * and `own.amountDue` its total): a customer's credit covers the sections nested
   * in its own, so it belongs to the subtree.
   */
  own: Totals,
  /**
   * Own lines plus every nested section.
   */
  totals: Totals,
};

/**
 * An invoice-level discount and what it took off.
 */
export type AppliedDiscount = {
  /**
   * The discount.
   */
  discountId: string,
  /**
   * Who holds it.
   */
  customerId: string,
  /**
   * How much it took off in all (spread over the sections it covers).
   */
  amount: Money,
};

/**
 * A credit balance used on an invoice.
 */
export type AppliedCredit = {
  /**
   * Who holds the credit.
   */
  customerId: string,
  /**
   * How much of it this invoice used.
   */
  amount: Money,
};

/**
 * Whether an invoice is sent as it is, or carried as one summary line on its owner's.
 */
export type InvoiceKind = "consolidated" | "summarized";

/**
 * The part of an invoice's amount due one payer pays: the amount due split by the
 * days each payer is in force (like a flat fee), the remainder handed out so the
 * parts sum to it.
 */
export type PaymentShare = {
  /**
   * The payer in force; `null` while unresolved.
   */
  payerId: string | null,
  /**
   * The parts of the period it pays for.
   */
  periods: Array<PeriodInput>,
  /**
   * Its share of the amount due.
   */
  amount: Money,
};

/**
 * One invoice.
 */
export type Invoice = {
  /**
   * UUID v5 over the invoice's content.
   */
  id: string,
  /**
   * Consolidated or summarized.
   */
  kind: InvoiceKind,
  /**
   * Whom the invoice is addressed to.
   */
  customerId: string,
  /**
   * The invoice owner whose invoice carries this one (itself when consolidated).
   */
  invoiceOwnerId: string,
  /**
   * Who pays it (owner resolution); `null` when the payer is unresolved (an owner
   * issue says why).
   */
  payerId: string | null,
  /**
   * ISO 4217 code.
   */
  currency: string,
  /**
   * Digits after the point.
   */
  minorUnits: number,
  /**
   * Sections, depth-first; the first is the addressee's.
   */
  sections: Array<Section>,
  /**
   * Invoice-level discounts.
   */
  discounts: Array<AppliedDiscount>,
  /**
   * Credits used.
   */
  credits: Array<AppliedCredit>,
  /**
   * The whole invoice.
   */
  totals: Totals,
  /**
   * Who pays which part of the amount due, when the payer changes inside the period
   * (absent when one payer pays it all, `payerId`).
   */
  payments?: Array<PaymentShare>,
};

/**
 * A credit balance left after the period's invoices.
 */
export type CreditBalance = {
  /**
   * Who holds it.
   */
  customerId: string,
  /**
   * ISO 4217 code.
   */
  currency: string,
  /**
   * The balance before the period.
   */
  before: Money,
  /**
   * Used on this period's invoices.
   */
  applied: Money,
  /**
   * What is left.
   */
  remaining: Money,
};

/**
 * The stable code of a [`BillingIssue`].
 */
export type BillingIssueCode = "UNKNOWN_CUSTOMER" | "UNKNOWN_PRICE" | "UNKNOWN_SUBSCRIPTION" | "OWNER_UNRESOLVED" | "CURRENCY_MISMATCH" | "MISSING_CURRENCY" | "PRICE_CURRENCY_MISMATCH" | "INHERITED_FROM_TWO_PARENTS" | "INHERITED_NOT_FROM_ANCESTOR" | "SKELETON_WITH_LINES" | "UNPRICED_USAGE" | "USAGE_OUTSIDE_PERIOD" | "COMMITMENT_NOT_AT_OWNER" | "DISCOUNT_UNUSED" | "INHERITED_CANNOT_CANCEL" | "INHERITED_CANNOT_PAUSE" | "LIFECYCLE_NOT_APPLICABLE" | "USAGE_WHILE_INACTIVE";

/**
 * A problem in the billing input.
 */
export type BillingIssue = {
  /**
   * Stable code to branch on.
   */
  code: BillingIssueCode,
  /**
   * What is wrong and what billtree did about it.
   */
  message: string,
  /**
   * The customer it is about.
   */
  customerId?: string,
  /**
   * The subscription it is about.
   */
  subscriptionId?: string,
  /**
   * The price it is about.
   */
  priceId?: string,
  /**
   * The meter it is about.
   */
  meter?: string,
  /**
   * The currency of the item at fault.
   */
  currency?: string,
  /**
   * The currency it was expected to have (the owner's, the subscription's).
   */
  expectedCurrency?: string,
  /**
   * Another customer involved (the invoice owner, the other parent).
   */
  otherCustomerId?: string,
  /**
   * A quantity involved (unpriced usage, usage outside the period).
   */
  quantity?: string,
  /**
   * How many input rows the issue covers.
   */
  rows?: number,
  /**
   * Which input field holds the reference (`subscriptions`, `usage`, …).
   */
  field?: string,
  /**
   * The day a dated step takes effect (lifecycle), `YYYY-MM-DD`.
   */
  effectiveDate?: string,
};

/**
 * One sub-period of a split period.
 */
export type SubPeriodSummary = {
  /**
   * First day, `YYYY-MM-DD`.
   */
  start: string,
  /**
   * The day after the last.
   */
  end: string,
  /**
   * Its days: a flat fee's share of the period is in proportion to them.
   */
  days: number,
};

/**
 * An inherited subscription a step cascades to.
 */
export type InheritedSubscription = {
  /**
   * The inherited subscription.
   */
  subscriptionId: string,
  /**
   * The child holding it.
   */
  customerId: string,
};

/**
 * A lifecycle step as applied: the subscription, the day, and the children it
 * reaches.
 */
export type LifecycleEvent = {
  /**
   * The subscription.
   */
  subscriptionId: string,
  /**
   * Its holder.
   */
  customerId: string,
  /**
   * What happened.
   */
  action: LifecycleAction,
  /**
   * The first day in force, `YYYY-MM-DD`.
   */
  effectiveDate: string,
  /**
   * The inherited subscriptions that follow it, by subscription id.
   */
  inherited: Array<InheritedSubscription>,
};

/**
 * Every invoice of the period and every problem found.
 */
export type InvoicePreview = {
  /**
   * The period.
   */
  period: PeriodInput,
  /**
   * The currency policy applied.
   */
  currencyPolicy: CurrencyPolicy,
  /**
   * Summarized invoices first, then consolidated ones, each by customer id, then
   * currency.
   */
  invoices: Array<Invoice>,
  /**
   * Credit balances, by customer id and currency.
   */
  credits: Array<CreditBalance>,
  /**
   * Problems in the billing input, by code.
   */
  issues: Array<BillingIssue>,
  /**
   * The sub-periods changes split the period into, in date order (absent when no
   * change is effective inside the period).
   */
  subPeriods?: Array<SubPeriodSummary>,
  /**
   * The subscriptions paused, resumed or cancelled in the period, in date order,
   * each with the inherited subscriptions it cascades to (absent when none).
   */
  lifecycle?: Array<LifecycleEvent>,
};

/**
 * A roll-up mode set by a what-if: on a subscription (`subscriptionId`) or on a price
 * (`priceId`, which wins over its subscriptions' modes, as in the input).
 */
export type ModeChange = {
  /**
   * The subscription whose mode changes.
   */
  subscriptionId?: string,
  /**
   * The price whose mode changes.
   */
  priceId?: string,
  /**
   * The new mode.
   */
  rollup: RollupMode,
};

/**
 * A what-if on the loaded billing: any of hierarchy edits, usage set per customer and
 * meter, and roll-up modes, previewed together.
 */
export type InvoiceWhatIf = {
  /**
   * Hierarchy edits, as `previewEdits` takes them (re-parent, billing settings…).
   */
  edits?: Array<HierarchyEdit>,
  /**
   * The customer's usage on the meter for the period becomes `quantity` (its rows
   * and totals on that meter are set aside).
   */
  usage?: Array<UsageTotal>,
  /**
   * Roll-up modes set on subscriptions or prices.
   */
  modes?: Array<ModeChange>,
  /**
   * Subscriptions paused, resumed or cancelled on `effectiveDate` (the period's
   * start when absent), after the billing input's own steps of that day.
   */
  lifecycle?: Array<SubscriptionAction>,
  /**
   * The first day `edits` and `lifecycle` are in force, `YYYY-MM-DD` (UTC): the
   * period splits there, after the billing input's own changes of that day (and
   * this what-if's `changes` of that day). Absent: from the period's start, for the
   * whole period.
   */
  effectiveDate?: string,
  /**
   * More changes, each effective on its own day, in date order: several changes in
   * one period previewed together (each goes after the billing input's changes of
   * its day).
   */
  changes?: Array<DatedChange>,
};

/**
 * An invoice a what-if changes, adds or removes.
 */
export type ChangedInvoice = {
  /**
   * Whom the invoice is addressed to.
   */
  customerId: string,
  /**
   * Its currency.
   */
  currency: string,
  /**
   * Its invoice owner.
   */
  invoiceOwnerId: string,
  /**
   * Totals before; `null` for an invoice the what-if adds.
   */
  before: Totals | null,
  /**
   * Totals after; `null` for an invoice the what-if removes.
   */
  after: Totals | null,
  /**
   * The invoice after, whole; `null` when removed.
   */
  invoice: Invoice | null,
};

/**
 * What a what-if changes on the loaded billing's invoices.
 */
export type InvoiceWhatIfResult = {
  /**
   * The invoices that differ, in invoice order (removed ones where they were).
   */
  changed: Array<ChangedInvoice>,
  /**
   * How many invoices were recomputed: those of the invoice owners the what-if can
   * reach (the others cannot change).
   */
  invoicesRecomputed: number,
  /**
   * How many invoices the loaded billing has.
   */
  invoicesBefore: number,
  /**
   * Billing issues the what-if brings that the loaded billing does not have (say,
   * usage no price reads once a customer has moved away from the subscription it
   * inherited): why an amount went where it did, or nowhere.
   */
  introducedIssues: Array<BillingIssue>,
};

/**
 * What to count.
 */
export type UsageQuery = {
  /**
   * The customer.
   */
  customerId: string,
  /**
   * Also every customer below it (in the hierarchy in force in each sub-period).
   */
  includeChildren?: boolean,
  /**
   * The first day counted, `YYYY-MM-DD`: the start of a sub-period (the period's
   * start when absent).
   */
  from?: string,
  /**
   * The day after the last counted: the end of a sub-period (the period's end when
   * absent).
   */
  to?: string,
};

/**
 * One customer's usage on a meter in one sub-period.
 */
export type UsageInPart = {
  /**
   * The sub-period.
   */
  period: PeriodInput,
  /**
   * How much.
   */
  quantity: Quantity,
  /**
   * Whose invoice it was billed to then; `null` while unresolved.
   */
  invoiceOwnerId: string | null,
};

/**
 * One customer's usage on a meter.
 */
export type CustomerUsage = {
  /**
   * The customer.
   */
  customerId: string,
  /**
   * Its usage over the window.
   */
  quantity: Quantity,
  /**
   * Per sub-period with usage, in date order.
   */
  parts: Array<UsageInPart>,
};

/**
 * Usage on one meter.
 */
export type MeterUsage = {
  /**
   * The meter.
   */
  meter: string,
  /**
   * Everyone's usage summed.
   */
  quantity: Quantity,
  /**
   * Per customer with usage, by id.
   */
  customers: Array<CustomerUsage>,
};

/**
 * The answer to a [`UsageQuery`].
 */
export type UsageAnalytics = {
  /**
   * The customer asked about.
   */
  customerId: string,
  /**
   * Whether the customers below it are counted.
   */
  includeChildren: boolean,
  /**
   * The days counted.
   */
  window: PeriodInput,
  /**
   * Per meter with usage, by name.
   */
  meters: Array<MeterUsage>,
};

/**
 * A direct child and how many subscriptions it holds.
 */
export type ChildWithSubscriptions = {
  /**
   * The child.
   */
  customer: CustomerSummary,
  /**
   * Subscriptions it holds in the loaded billing input, skeletons included.
   */
  activeSubscriptionCount: number,
};

/**
 * A customer's direct children with their subscription counts.
 */
export type ChildrenWithSubscriptions = {
  /**
   * The parent asked about.
   */
  customerId: string,
  /**
   * The children in input order.
   */
  children: Array<ChildWithSubscriptions>,
};

/**
 * A subscription of the loaded input, as listed. The same fields as
 * [`SubscriptionInput`], kept apart because the contracts differ: in the input they may
 * be left out, here every one is present (`null` when not given).
 */
export type SubscriptionView = {
  /**
   * Its id.
   */
  id: string,
  /**
   * Who holds it.
   */
  customerId: string,
  /**
   * The prices it bills.
   */
  priceIds: Array<string>,
  /**
   * Its currency as given, `null` for the customer's.
   */
  currency: string | null,
  /**
   * Its roll-up mode as given, `null` for the default.
   */
  rollup: RollupMode | null,
  /**
   * The subscription it is an inherited skeleton of, if any.
   */
  parentSubscriptionId: string | null,
};

/**
 * Everything billed below a customer.
 */
export type BillingBelow = {
  /**
   * The parent asked about.
   */
  customerId: string,
  /**
   * Every customer below it, depth first.
   */
  customerIds: Array<string>,
  /**
   * Their subscriptions, in input order.
   */
  subscriptions: Array<SubscriptionView>,
  /**
   * The invoices addressed to them, in invoice order.
   */
  invoices: Array<Invoice>,
};
