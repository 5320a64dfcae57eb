// The preview page: loads a hierarchy into a wasm-side session, shows the tree with each
// customer's issues and owners, explains one customer's owners, and previews a re-parent
// or a change of billing settings before applying it.
import init, { HierarchySession, policyPresets } from "/pkg/web/index.js";
import {
  customerList, el, fillCustomerSelect, namesById, renderEvents, renderIssues, renderOwnerChanges, renderSteps,
  renderTree, renderVisibility,
} from "./render.js";

const $ = (id) => document.getElementById(id);
let session = null;
let pendingEdit = null;
let pendingBilling = null;
let selectedId = null;
// Per render: names for the explainer, and each customer's settings to prefill the billing form.
let names = new Map();
let settingsById = new Map();

await init();

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

function showError(error) {
  const box = $("load-error");
  box.textContent = error.code ? `${error.code}: ${error.message}` : String(error);
  box.hidden = false;
}

/** Loads JSON text into a new session; the old one is kept if the text is refused. */
function loadJson(text) {
  try {
    const next = new HierarchySession(text, { policy: $("policy").value });
    session?.free();
    session = next;
    $("json").value = text;
    $("load-error").hidden = true;
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
  // One owners() call per render: it resolves every customer at once.
  renderTree($("tree"), forest, report.issues, session.owners().customers);
  fillCustomerSelect($("edit-customer"), forest);
  fillCustomerSelect($("edit-parent"), forest, { noneLabel: "(no parent: make it a root)" });
  pendingEdit = null;
  $("apply-edit").disabled = true;
  $("preview").hidden = true;
  fillBillingSelects(forest);
  clearBillingPreview();
  // The selected customer may be gone (another hierarchy loaded) or its owners changed.
  explain(names.has(selectedId) ? selectedId : null);
}

/** Shows why `customerId`'s invoice lands where it does and who pays; null clears the panel. */
function explain(customerId) {
  selectedId = customerId;
  for (const row of $("tree").querySelectorAll("li.selected")) row.classList.remove("selected");
  const panel = $("explainer");
  $("explainer-hint").hidden = customerId !== null;
  $("explainer-body").hidden = customerId === null;
  if (customerId === null) {
    delete panel.dataset.customerId;
    return;
  }
  panel.dataset.customerId = customerId;
  $("tree").querySelector(`li[data-customer-id="${CSS.escape(customerId)}"]`)?.classList.add("selected");
  const explanation = session.explainOwners(customerId);
  const owned = session.ownedBy(customerId);
  $("explainer-customer").textContent = `${names.get(customerId) ?? customerId} (${customerId})`;
  $("explainer-summary").textContent = explanation.summary;
  renderSteps($("explainer-steps"), explanation.steps);
  $("explainer-omitted").hidden = explanation.omittedSteps === 0;
  $("explainer-omitted").textContent = `${explanation.omittedSteps} more step(s) along the same chain are left out.`;
  $("explainer-receives").textContent = `Receives invoices for: ${customerList(owned.receivesFor, customerId, names)}.`;
  $("explainer-pays").textContent = `Pays for: ${customerList(owned.paysFor, customerId, names)}.`;
  renderVisibility($("explainer-visibility").tBodies[0], session.visibility(customerId).invoices, names);
}

$("tree").addEventListener("click", (event) => {
  const name = event.target.closest("button.name");
  if (!session || !name) return;
  try {
    explain(name.closest("li").dataset.customerId);
    $("explainer").scrollIntoView({ block: "nearest" });
  } catch (error) {
    showError(error);
  }
});

function currentEdit() {
  const customerId = $("edit-customer").value;
  const parentId = $("edit-parent").value;
  return parentId ? { op: "setParent", customerId, parentId } : { op: "removeParent", customerId };
}

/** "Valid after this change — nothing is changed until you apply it." and the like. */
function previewSummary({ report, applied }) {
  return [
    el("span", { className: report.valid ? "valid" : "invalid", text: report.valid ? "Valid after this change" : `${report.issues.length} issue(s) after this change` }),
    applied ? " — applied." : " — nothing is changed until you apply it.",
  ];
}

function showPreview(preview) {
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
    showPreview(session.previewEdits(pendingEdit));
    $("apply-edit").disabled = false;
  } catch (error) {
    showError(error);
  }
});

/** Applies a previewed edit, then shows the new state and what the edit did. */
function applyAndShow(edit, show) {
  const applied = session.applyEdits(edit);
  $("json").value = JSON.stringify({ customers: session.customers() }, null, 2);
  renderAll();
  show(applied);
}

$("apply-edit").addEventListener("click", () => {
  if (session && pendingEdit) applyAndShow(pendingEdit, showPreview);
});

// The billing what-if. Each way of the form, as the settings it gives (the edit replaces
// a customer's settings whole, so a way that is not chosen is simply absent).
const WAYS = {
  self: () => ({}),
  billToParent: () => ({ billTo: "parent" }),
  billToRoot: () => ({ billTo: "root" }),
  payerParent: () => ({ payer: "parent" }),
  owners: () => {
    const invoiceOwnerId = $("billing-invoice-owner").value || null;
    const payment = $("billing-payment-owner").selectedOptions[0];
    const paymentOwnerId = payment?.dataset.same ? invoiceOwnerId : payment?.value || null;
    return { ...(invoiceOwnerId && { invoiceOwnerId }), ...(paymentOwnerId && { paymentOwnerId }) };
  },
  delegate: () => ({ invoicingDelegateId: $("billing-delegate").value }),
};

/** The way a customer's current settings give, to prefill the form with. */
function wayOf(settings) {
  if (settings.invoicingDelegateId) return "delegate";
  if (settings.invoiceOwnerId || settings.paymentOwnerId) return "owners";
  if (settings.billTo === "parent") return "billToParent";
  if (settings.billTo === "root") return "billToRoot";
  if (settings.payer === "parent") return "payerParent";
  return "self";
}

/** Selects `value`, or the first option when no option has it (e.g. an unknown parent). */
function choose(select, value) {
  select.value = value ?? "";
  if (select.selectedIndex === -1) select.selectedIndex = 0;
}

function fillBillingSelects(forest) {
  fillCustomerSelect($("billing-customer"), forest);
  fillCustomerSelect($("billing-invoice-owner"), forest, { noneLabel: "(not set: itself)" });
  fillCustomerSelect($("billing-delegate"), forest);
  const payment = $("billing-payment-owner");
  fillCustomerSelect(payment, forest, { noneLabel: "(not set)" });
  // Any string can be a customer id, so "same as the invoice owner" is marked in its
  // dataset rather than by a value that could collide with one.
  const same = el("option", { text: "(same as the invoice owner)", data: { same: "true" } });
  same.value = "";
  payment.options[0].after(same);
  prefillBilling();
}

/** Sets the form to the chosen customer's current way, so a preview starts from "no change". */
function prefillBilling() {
  const customer = settingsById.get($("billing-customer").value);
  if (!customer) return;
  const way = wayOf(customer);
  $("billing-way").value = way;
  const owners = way === "owners";
  choose($("billing-invoice-owner"), owners ? customer.invoiceOwnerId : customer.parentId);
  const payment = $("billing-payment-owner");
  if (owners && !customer.paymentOwnerId) payment.selectedIndex = 0;
  else if (!owners || customer.paymentOwnerId === customer.invoiceOwnerId) payment.selectedIndex = 1;
  else choose(payment, customer.paymentOwnerId);
  choose($("billing-delegate"), customer.invoicingDelegateId ?? customer.parentId);
  showBillingFields();
}

function showBillingFields() {
  const way = $("billing-way").value;
  $("billing-invoice-owner-field").hidden = way !== "owners";
  $("billing-payment-owner-field").hidden = way !== "owners";
  $("billing-delegate-field").hidden = way !== "delegate";
}

/** A changed form no longer matches the preview, so Apply waits for a new one. */
function clearBillingPreview() {
  pendingBilling = null;
  $("apply-billing").disabled = true;
  $("billing-preview").hidden = true;
}

function currentBillingEdit() {
  const customerId = $("billing-customer").value;
  // The form chooses who receives and pays; the access settings are another matter, so
  // they are carried over rather than dropped by the whole-settings replacement.
  const { parentAccountAccess, childAccountAccess } = settingsById.get(customerId) ?? {};
  const settings = {
    ...WAYS[$("billing-way").value](),
    ...(parentAccountAccess && { parentAccountAccess }),
    ...(childAccountAccess && { childAccountAccess }),
  };
  return { op: "setBillingSettings", customerId, settings };
}

function showBillingPreview(preview) {
  const count = preview.ownerChanges.length;
  $("billing-preview-summary").replaceChildren(
    ...previewSummary(preview),
    ` ${count === 0 ? "No customer's owners change" : count === 1 ? "1 customer's owners change" : `${count} customers' owners change`}.`,
  );
  renderOwnerChanges($("billing-changes"), preview.ownerChanges);
  renderIssues($("billing-introduced"), preview.introducedIssues);
  renderIssues($("billing-resolved"), preview.resolvedIssues);
  $("billing-preview").hidden = false;
}

$("billing-customer").addEventListener("change", () => {
  prefillBilling();
  clearBillingPreview();
});
$("billing-way").addEventListener("change", () => {
  showBillingFields();
  clearBillingPreview();
});
for (const id of ["billing-invoice-owner", "billing-payment-owner", "billing-delegate"]) {
  $(id).addEventListener("change", clearBillingPreview);
}

$("preview-billing").addEventListener("click", () => {
  if (!session) return;
  try {
    const edit = currentBillingEdit();
    showBillingPreview(session.previewEdits(edit));
    pendingBilling = edit;
    $("apply-billing").disabled = false;
  } catch (error) {
    showError(error);
  }
});

$("apply-billing").addEventListener("click", () => {
  if (session && pendingBilling) applyAndShow(pendingBilling, showBillingPreview);
});

$("policy").addEventListener("change", () => {
  if (session) {
    session.setPolicy($("policy").value);
    renderAll();
  }
});

$("load-json").addEventListener("click", () => loadJson($("json").value));
$("file").addEventListener("change", async (event) => {
  const [file] = event.target.files;
  if (file) loadJson(await file.text());
});

async function loadSample() {
  const response = await fetch("sample-hierarchy.json");
  loadJson(await response.text());
}
$("load-sample").addEventListener("click", loadSample);

await loadSample();
document.body.dataset.ready = "true";
