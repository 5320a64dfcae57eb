// The preview page: loads a hierarchy into a wasm-side session, shows the tree with each
// customer's issues and owners, explains one customer's owners, previews a re-parent or a
// change of billing settings before applying it, and shows the consolidated invoices of
// the loaded billing (with a roll-up mode comparison and before/after totals of every
// what-if), and a timeline of the period where dated changes are moved and previewed
// (timeline-panel.js). Files and pasted text may be another system's export (fromFormat
// detects it). It runs the package built with the invoice engine (build/pkg-invoices).
import init, { FORMATS, HierarchySession, fromFormat, policyPresets } from "/pkg-invoices/web/index.js";
import { el, issuesByCustomer, namesById, renderEvents, renderIssues } from "./render.js";
import { invoiceKey, invoiceLabel, renderBeforeAfter, renderInvoice, renderModeComparison } from "./invoice-view.js";
import { setupTimelinePanel } from "./timeline-panel.js";
import { createTreeView } from "./tree-view.js";
import { showDetails } from "./details-view.js";
import { createCustomerPicker, customerIndex } from "./customer-picker.js";
import { SAMPLES } from "./samples.js";
import { setupBillingPanel } from "./billing-panel.js";

const $ = (id) => document.getElementById(id);
let session = null;
let pendingEdit = null;
let selectedId = null;
// Per render: names for the explainer, and each customer's settings to prefill the billing form.
let names = new Map();
let settingsById = new Map();
let issuesById = new Map();
// The next render is of another hierarchy: the tree's view and collapsed subtrees start over.
let freshLoad = true;
// The billing input the invoices come from (kept to load it again into a new session).
let billingText = null;
// The last mode comparison, for its Show buttons.
let comparison = null;

await init();
const timelinePanel = setupTimelinePanel({ session: () => session, names: () => names, onPick: reveal });
// A click in the tree selects without panning: the node is where the reader looks.
const tree = createTreeView($("tree"), { onSelect: (id) => explainSafely(id) });

// Pickers of the customer an action is about also select it in the tree; those naming an
// owner or a new parent do not, so choosing one does not lose the customer being edited.
const pickers = {
  find: createCustomerPicker($("find-customer"), { onPick: (id) => explainAndShow(id) }),
  editCustomer: createCustomerPicker($("edit-customer"), { onPick: reveal }),
  editParent: createCustomerPicker($("edit-parent"), { extras: [{ key: "none", label: "(no parent: make it a root)" }] }),
  billingCustomer: createCustomerPicker($("billing-customer"), { onPick: reveal }),
  billingInvoiceOwner: createCustomerPicker($("billing-invoice-owner"), { extras: [{ key: "none", label: "(not set: itself)" }] }),
  // Any string can be a customer id, so "same as the invoice owner" is an extra, not a value.
  billingPaymentOwner: createCustomerPicker($("billing-payment-owner"), {
    extras: [{ key: "none", label: "(not set)" }, { key: "same", label: "(same as the invoice owner)" }],
  }),
  billingDelegate: createCustomerPicker($("billing-delegate")),
  usageCustomer: createCustomerPicker($("usage-customer"), { onPick: reveal }),
};

for (const [key, sample] of Object.entries(SAMPLES)) {
  const option = el("option", { text: sample.label });
  option.value = key;
  $("sample").append(option);
}

for (const preset of policyPresets()) {
  const limits = [
    preset.maxDepth !== null && `${preset.maxDepth} levels`,
    preset.maxChildren !== null && `${preset.maxChildren} children`,
    preset.maxHierarchySize !== null && `${preset.maxHierarchySize} per hierarchy`,
  ].filter(Boolean);
  const option = el("option", { text: `${preset.name} (${limits.join(", ")})` });
  option.value = preset.name;
  $("policy").append(option);
}

/** Shows a thrown BilltreeError (its code and message) in the box `id`. */
function showError(error, id = "load-error") {
  const box = $(id);
  box.textContent = error.code ? `${error.code}: ${error.message}` : String(error);
  box.hidden = false;
}

// Policies of systems without a preset (Sequence, Flexprice…): custom, chosen by name.
const customPolicies = new Map();

/** The policy the select names: a preset's name, or a custom policy's limits. */
function selectedPolicy() {
  const value = $("policy").value;
  return customPolicies.get(value) ?? value;
}

/** Selects the policy a format's rules call for, adding it to the select if it is custom. */
function choosePolicy(policy) {
  if (typeof policy === "string") {
    $("policy").value = policy;
    return;
  }
  const value = `custom:${policy.name}`;
  if (!customPolicies.has(value)) {
    customPolicies.set(value, policy);
    const option = el("option", { text: `${policy.name} (no limits)` });
    option.value = value;
    $("policy").append(option);
  }
  $("policy").value = value;
}

/**
 * Loads text in any format fromFormat reads (detected) into a new session; the old one is
 * kept if the text is refused. Another system's export brings its policy along; billtree's
 * own JSON keeps the one chosen, and goes to the module as text.
 */
function loadText(text) {
  try {
    const converted = fromFormat(text);
    const own = converted.format === "billtree";
    const policy = own ? selectedPolicy() : converted.policy;
    const next = new HierarchySession(own ? text : converted.hierarchy, { policy });
    if (!own) choosePolicy(policy);
    session?.free();
    session = next;
    freshLoad = true;
    if (billingText !== null) loadBillingInto(session, billingText);
    $("json").value = text;
    $("load-error").hidden = true;
    $("format").textContent = `Read as ${FORMATS.find((f) => f.name === converted.format).label}.`;
    $("format").hidden = false;
    $("format-notes").replaceChildren(...converted.notes.map((note) => el("li", { text: note })));
    renderAll();
  } catch (error) {
    showError(error);
  }
}

function renderAll() {
  const report = session.validate();
  const summary = $("summary");
  summary.replaceChildren(
    el("span", { className: report.valid ? "valid" : "invalid", text: report.valid ? "Valid" : `${report.issues.length} issue(s)` }),
    ` under ${report.policy.name}: ${report.customerCount} customers, ${report.rootCount} root(s), deepest level ${report.deepestLevel}.`,
  );
  renderIssues($("issues"), report.issues);
  const forest = session.forest();
  names = namesById(forest);
  settingsById = new Map();
  for (const customer of session.customers()) if (!settingsById.has(customer.id)) settingsById.set(customer.id, customer);
  issuesById = issuesByCustomer(report.issues);
  // One owners() call per render: it resolves every customer at once.
  const owners = new Map();
  for (const owner of session.owners().customers) if (!owners.has(owner.customerId)) owners.set(owner.customerId, owner);
  tree.show({ customers: forest, issues: issuesById, owners, names, fresh: freshLoad });
  freshLoad = false;
  const index = customerIndex(forest, (limit) => session.findCustomers({ limit }).customers);
  for (const picker of Object.values(pickers)) picker.setIndex(index);
  pendingEdit = null;
  $("apply-edit").disabled = true;
  $("preview").hidden = true;
  billingPanel.reset();
  renderInvoices(forest, index);
  // The selected customer may be gone (another hierarchy loaded) or its owners changed.
  explain(names.has(selectedId) ? selectedId : null);
}

/** Fills the details panel for `customerId`; null clears it (and the tree's selection). */
function explain(customerId) {
  selectedId = customerId;
  if (customerId === null) tree.clearSelection();
  showDetails(customerId, { session, names, settings: settingsById, issues: issuesById });
}

/** Selects `id` in the tree (expanding its ancestors, centring it) without the details. */
function reveal(id) {
  if (session && names.has(id)) tree.reveal(id);
}

function explainSafely(id) {
  try {
    explain(id);
  } catch (error) {
    showError(error);
  }
}

/** The reader found a customer by name: select it in the tree, centred, and show its details. */
function explainAndShow(id) {
  tree.reveal(id);
  explainSafely(id);
}

function currentEdit() {
  const customerId = pickers.editCustomer.value;
  const parentId = pickers.editParent.value;
  return parentId ? { op: "setParent", customerId, parentId } : { op: "removeParent", customerId };
}

/** "Valid after this change — nothing is changed until you apply it." and the like. */
function previewSummary({ report, applied }) {
  return [
    el("span", { className: report.valid ? "valid" : "invalid", text: report.valid ? "Valid after this change" : `${report.issues.length} issue(s) after this change` }),
    applied ? " — applied." : " — nothing is changed until you apply it.",
  ];
}

/** What `edit` would do to the loaded billing's invoices; null when none is loaded. */
function invoiceChanges(edit) {
  return session.loadedInvoices() ? session.invoiceWhatIf({ edits: [edit] }) : null;
}

function showInvoiceChanges(table, changes) {
  if (changes) renderBeforeAfter(table, changes, names);
  table.hidden = !changes;
  table.previousElementSibling.hidden = !changes;
}

function showPreview(preview, changes) {
  showInvoiceChanges($("preview-invoices"), changes);
  $("preview-summary").replaceChildren(...previewSummary(preview));
  renderIssues($("preview-introduced"), preview.introducedIssues);
  renderIssues($("preview-resolved"), preview.resolvedIssues);
  renderEvents($("preview-events"), preview.events);
  $("preview").hidden = false;
}

$("preview-edit").addEventListener("click", () => {
  if (!session) return;
  try {
    pendingEdit = currentEdit();
    showPreview(session.previewEdits(pendingEdit), invoiceChanges(pendingEdit));
    $("apply-edit").disabled = false;
  } catch (error) {
    showError(error);
  }
});

/** Applies a previewed edit, then shows the new state and what the edit did. */
function applyAndShow(edit, show) {
  // Before/after is taken before the edit lands: afterwards "before" would be gone.
  const changes = invoiceChanges(edit);
  const applied = session.applyEdits(edit);
  $("json").value = JSON.stringify({ customers: session.customers() }, null, 2);
  renderAll();
  show(applied, changes);
}

$("apply-edit").addEventListener("click", () => {
  if (session && pendingEdit) applyAndShow(pendingEdit, showPreview);
});

// The billing what-if (www/billing-panel.js): the form, its preview and Apply.
const billingPanel = setupBillingPanel({
  session: () => session,
  pickers,
  settings: () => settingsById,
  invoiceChanges,
  previewSummary,
  showInvoiceChanges,
  applyAndShow,
  showError,
});

// The invoices. The session keeps the billing input and recomputes its invoices after
// every applied edit; what-ifs ask it for the invoices that would change.

/** Loads billing JSON into `target`; a refused input is shown, and the session keeps none. */
function loadBillingInto(target, text) {
  try {
    target.loadBilling(text);
    $("billing-error").hidden = true;
  } catch (error) {
    showError(error, "billing-error");
  }
}

/**
 * What the forms offer, from the billing text (the session has accepted it): the
 * subscriptions with prices of their own (the ones a mode applies to), and the meters.
 */
function choicesOf(text) {
  const { subscriptions = [], prices = [] } = JSON.parse(text ?? "{}");
  return {
    subscriptions: subscriptions.filter((s) => Array.isArray(s.priceIds) && s.priceIds.length > 0),
    meters: [...new Set(prices.map((price) => price.meter).filter(Boolean))].sort(),
  };
}

function loadedInvoices() {
  return session?.loadedInvoices()?.invoices ?? [];
}

/** The invoice picked in the selector, as loaded. */
function selectedInvoice() {
  return loadedInvoices().find((invoice) => invoiceKey(invoice) === $("invoice-select").value) ?? null;
}

function renderInvoices(forest, index) {
  const preview = session.loadedInvoices();
  comparison = null;
  $("mode-comparison").hidden = true;
  $("usage-changes").hidden = true;
  if (!preview) {
    $("invoice-summary").textContent = "No billing input is loaded: paste one below, or load the sample.";
    $("invoice-select").replaceChildren();
    renderIssues($("billing-issues"), []);
    renderInvoice($("invoice"), null, names);
    timelinePanel.refresh({ period: null, index, subscriptions: [] });
    return;
  }
  const select = $("invoice-select");
  const previous = select.value;
  select.replaceChildren(
    ...preview.invoices.map((invoice) => Object.assign(el("option", { text: invoiceLabel(invoice, names) }), { value: invoiceKey(invoice) })),
  );
  if ([...select.options].some((option) => option.value === previous)) select.value = previous;
  const issues = preview.issues.length;
  $("invoice-summary").textContent =
    `${preview.invoices.length} invoice(s) for ${preview.period.start} to ${preview.period.end} (end exclusive)` +
    (issues === 0 ? "; no billing issues." : `; ${issues} billing issue(s):`);
  renderIssues($("billing-issues"), preview.issues);
  renderInvoice($("invoice"), selectedInvoice(), names);

  const choices = choicesOf(billingText);
  const subscriptions = $("mode-subscription");
  const keep = subscriptions.value;
  subscriptions.replaceChildren(
    ...choices.subscriptions.map((s) =>
      Object.assign(el("option", { text: `${s.id} (${names.get(s.customerId) ?? s.customerId})` }), { value: s.id }),
    ),
  );
  if ([...subscriptions.options].some((option) => option.value === keep)) subscriptions.value = keep;
  const meters = $("usage-meter");
  const meter = meters.value;
  meters.replaceChildren(...choices.meters.map((m) => Object.assign(el("option", { text: m }), { value: m })));
  if ([...meters.options].some((option) => option.value === meter)) meters.value = meter;
  timelinePanel.refresh({ period: preview.period, index, subscriptions: JSON.parse(billingText ?? "{}").subscriptions ?? [] });
}

$("invoice-select").addEventListener("change", () => renderInvoice($("invoice"), selectedInvoice(), names));

$("load-billing").addEventListener("click", () => {
  if (!session) return;
  const text = $("billing-json").value;
  loadBillingInto(session, text);
  if ($("billing-error").hidden) billingText = text;
  renderAll();
});

/** The mode a subscription's lines carry now (a price's own mode wins, so lines tell). */
function currentMode(subscriptionId) {
  for (const invoice of loadedInvoices()) {
    for (const section of invoice.sections) {
      const line = section.lines.find((l) => l.subscriptionId === subscriptionId && l.mode);
      if (line) return line.mode;
    }
  }
  return null;
}

const COMPARED_MODES = ["pooled", "apportioned", "separate"];

$("compare-modes").addEventListener("click", () => {
  const subscriptionId = $("mode-subscription").value;
  if (!session || !subscriptionId) return;
  try {
    const results = COMPARED_MODES.map((rollup) => session.invoiceWhatIf({ modes: [{ subscriptionId, rollup }] }));
    comparison = { subscriptionId, results };
    renderModeComparison($("mode-comparison"), {
      modes: COMPARED_MODES,
      current: currentMode(subscriptionId),
      results,
      invoices: loadedInvoices(),
      names,
    });
  } catch (error) {
    showError(error, "billing-error");
  }
});

$("mode-comparison").addEventListener("click", (event) => {
  const button = event.target.closest("button.show-mode");
  if (!button || !comparison) return;
  const mode = button.dataset.mode;
  const result = comparison.results[COMPARED_MODES.indexOf(mode)];
  const shown = selectedInvoice();
  if (!shown) return;
  const change = result.changed.find((c) => invoiceKey(c) === invoiceKey(shown));
  const what = `${comparison.subscriptionId} ${mode}`;
  if (change && !change.invoice) {
    renderInvoice($("invoice"), null, names, `With ${what}, this invoice would not exist.`);
  } else {
    renderInvoice($("invoice"), change ? change.invoice : shown, names,
      `As it would be with ${what} (${change ? "changed" : "unchanged"}; a preview, nothing is applied). Pick the invoice again to see it as loaded.`);
  }
});

$("preview-usage").addEventListener("click", () => {
  if (!session || !session.loadedInvoices()) return;
  try {
    const usage = [{ customerId: pickers.usageCustomer.value, meter: $("usage-meter").value, quantity: $("usage-quantity").value.trim() }];
    renderBeforeAfter($("usage-changes"), session.invoiceWhatIf({ usage }), names);
  } catch (error) {
    showError(error, "billing-error");
  }
});

$("policy").addEventListener("change", () => {
  if (session) {
    session.setPolicy(selectedPolicy());
    renderAll();
  }
});

$("load-json").addEventListener("click", () => loadText($("json").value));
$("file").addEventListener("change", async (event) => {
  const [file] = event.target.files;
  if (file) loadText(await file.text());
});

/**
 * Loads the sample chosen, and says on the console (and in the page's dataset, for the
 * browser test) how long it took from the click to the first drawn tree.
 */
async function loadSample() {
  const started = performance.now();
  const sample = SAMPLES[$("sample").value];
  const { hierarchy, billing } = await sample.load();
  billingText = billing;
  loadText(hierarchy);
  // The frame after the render's is the first one painted with the tree.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const ms = Math.round(performance.now() - started);
  document.body.dataset.firstRenderMs = String(ms);
  document.body.dataset.loadedSample = $("sample").value;
  console.log(`billtree: sample "${sample.label}" loaded and its tree drawn in ${ms} ms (${$("tree").dataset.drawnNodes} nodes in the DOM)`);
}
$("load-sample").addEventListener("click", loadSample);

await loadSample();
document.body.dataset.ready = "true";
