// The preview page: loads a hierarchy into a wasm-side session, shows the tree with each
// customer's issues and owners, explains one customer's owners, previews a re-parent or a
// change of billing settings before applying it, and shows the consolidated invoices of
// the loaded billing (with a roll-up mode comparison and before/after totals of every
// what-if), and a timeline of the period where dated changes are moved and previewed
// (timeline-panel.js). Files and pasted text may be another system's export (fromFormat
// detects it). It runs the package built with the invoice engine (build/pkg-invoices).
// The page state (state.js) is the truth: every session is built from it, so undo, redo
// and a shared link (share.js) are a rebuild. The tree and the invoices are the package's
// own widgets, <billtree-tree> and <billtree-invoice> (pkg-template/elements/), used as
// other people's front ends use them: properties, methods and events.
import init, { FORMATS, HierarchySession, fromFormat, policyPresets } from "/pkg-invoices/web/index.js";
import "../pkg-template/elements/index.mjs";
import { el, issuesByCustomer, namesById, renderIssues } from "./render.js";
import { renderBeforeAfter } from "./invoice-view.js";
import { setupTimelinePanel } from "./timeline-panel.js";
import { showDetails } from "./details-view.js";
import { createCustomerPicker, customerIndex } from "./customer-picker.js";
import { SAMPLES } from "./samples.js";
import { setupBillingPanel } from "./billing-panel.js";
import { checkSnapshot, createPageState, restoreHistory } from "./state.js";
import { setupReparentPanel } from "./reparent-panel.js";
import { setupHistoryControls } from "./history-controls.js";
import { decodeState, setupSharing } from "./share.js";
import { setupExports } from "./export.js";
import { setupInvoicesPanel } from "./invoices-panel.js";
import { enableFileDrop } from "./file-drop.js";

const $ = (id) => document.getElementById(id);
let session = null;
const state = createPageState();
// Per render: names for the explainer, and each customer's settings to prefill the billing form.
let names = new Map();
let settingsById = new Map();
let issuesById = new Map();
// The next render is of another hierarchy: the tree's view and collapsed subtrees start over.
let freshLoad = true;
// While a sample's first tree is being drawn its billing waits (`loadSample`): the 10k
// sample's 1,111 invoices take longer to compute and list than its tree takes to draw.
let billingDeferred = false;
// The last input converted, and what fromFormat made of it: loading converts it once to
// detect its format, and the session is built from the same conversion.
let lastConversion = { text: null, converted: null };

function convert(text) {
  if (lastConversion.text !== text) lastConversion = { text, converted: fromFormat(text) };
  return lastConversion.converted;
}
// Whether the session holds a billing input (asking it would convert every invoice).
let billingLoaded = false;

await init();
const timelinePanel = setupTimelinePanel({ session: () => session, names: () => names, onPick: reveal });
/** The <billtree-tree>: the hierarchy, its selection, and drops that propose a re-parent. */
const tree = $("tree");
// A click in the tree selects without panning: the node is where the reader looks.
tree.addEventListener("billtree-select", (event) => explainSafely(event.detail.customerId));
// A drop proposes the move; the time from the drop to the painted what-if is measured.
tree.addEventListener("billtree-drop", (event) => reparentPanel.propose({ ...event.detail, at: performance.now() }));

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

/** Says which format the text was read as, and the notes of its conversion. */
function showFormat(converted) {
  $("format").textContent = `Read as ${FORMATS.find((f) => f.name === converted.format).label}.`;
  $("format").hidden = false;
  $("format-notes").replaceChildren(...converted.notes.map((note) => el("li", { text: note })));
}

/**
 * A new session from the page state: its input (any format fromFormat reads), its policy,
 * its billing and the edits up to the history's cursor, in one applyEdits call (all or
 * nothing). Throws what the module throws; the current session is then kept.
 */
function buildSession() {
  const converted = convert(state.input);
  const own = converted.format === "billtree";
  const next = new HierarchySession(own ? state.input : converted.hierarchy, { policy: state.policy });
  try {
    billingLoaded = false;
    if (state.billing !== null && !billingDeferred) billingLoaded = loadBillingInto(next, state.billing);
    const edits = state.applied();
    if (edits.length > 0) next.applyEdits(edits);
  } catch (error) {
    next.free();
    throw error;
  }
  return { next, converted };
}

function useSession(next) {
  session?.free();
  session = next;
  $("json").value = state.cursor === 0 ? state.input : JSON.stringify({ customers: session.customers() }, null, 2);
  renderAll();
}

/**
 * Loads text in any format fromFormat reads (detected) into a new session; the old one is
 * kept if the text is refused. Another system's export brings its policy along; billtree's
 * own JSON keeps the one chosen. A new input starts a new edit history.
 */
function loadText(text, { sample = null, billing } = {}) {
  const previous = { input: state.input, sample: state.sample, policy: state.policy };
  try {
    const converted = convert(text);
    const policy = converted.format === "billtree" ? selectedPolicy() : converted.policy;
    state.loadInput({ input: text, sample, billing, billingFromSample: billing !== undefined && sample !== null, policy });
    const { next } = buildSession();
    if (converted.format !== "billtree") choosePolicy(policy);
    freshLoad = true;
    $("load-error").hidden = true;
    showFormat(converted);
    useSession(next);
  } catch (error) {
    state.loadInput(previous);
    showError(error);
  }
}

/** Undo and redo: the session is rebuilt from the input and the edits up to the cursor. */
function rebuild() {
  try {
    const { next } = buildSession();
    useSession(next);
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
  // The tree gets what this render asked the session already (forest() and owners() take
  // ~100 ms on 10,000 customers); a rebuilt session of the same hierarchy keeps its view.
  tree.show(session, { keepView: !freshLoad, report, forest, owners: session.owners() });
  freshLoad = false;
  const index = customerIndex(forest, (limit) => session.findCustomers({ limit }).customers);
  for (const picker of Object.values(pickers)) picker.setIndex(index);
  reparentPanel.reset();
  billingPanel.reset();
  renderInvoices(index);
  // The selected customer may be gone (another hierarchy loaded) or its owners changed.
  const selected = state.selected;
  explain(names.has(selected) ? selected : null);
  refreshHistory(state);
  refreshExports(billingLoaded);
}

/** Fills the details panel for `customerId`; null clears it (and the tree's selection). */
function explain(customerId) {
  state.select(customerId);
  updateLink();
  if (customerId === null) tree.selected = null;
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

/** "Valid after this change — nothing is changed until you apply it." and the like. */
function previewSummary({ report, applied }) {
  return [
    el("span", { className: report.valid ? "valid" : "invalid", text: report.valid ? "Valid after this change" : `${report.issues.length} issue(s) after this change` }),
    applied ? " — applied." : " — nothing is changed until you apply it.",
  ];
}

/** What `edit` would do to the loaded billing's invoices; null when none is loaded. */
function invoiceChanges(edit) {
  return billingLoaded ? session.invoiceWhatIf({ edits: [edit] }) : null;
}

function showInvoiceChanges(table, changes) {
  if (changes) renderBeforeAfter(table, changes, names);
  table.hidden = !changes;
  table.previousElementSibling.hidden = !changes;
}

/** Applies a previewed edit, then shows the new state and what the edit did. */
function applyAndShow(edit, show) {
  // Before/after is taken before the edit lands: afterwards "before" would be gone.
  const changes = invoiceChanges(edit);
  const applied = session.applyEdits(edit);
  state.record([edit]);
  $("json").value = JSON.stringify({ customers: session.customers() }, null, 2);
  renderAll();
  show(applied, changes);
}

const reparentPanel = setupReparentPanel({
  session: () => session,
  pickers,
  invoiceChanges,
  previewSummary,
  showInvoiceChanges,
  applyAndShow,
  showError,
});

function step(move) {
  if (session && move()) rebuild();
}
const refreshHistory = setupHistoryControls({ undo: () => step(state.undo), redo: () => step(state.redo), busy: () => tree.dragging });
const refreshExports = setupExports({ session: () => session });
const updateLink = setupSharing(state);
const renderInvoices = setupInvoicesPanel({
  session: () => session,
  names: () => names,
  billing: () => state.billing,
  pickers,
  timelinePanel,
  showError,
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

/**
 * Loads billing JSON into `target`; a refused input is shown, and the session keeps none.
 * Returns whether it was accepted.
 */
function loadBillingInto(target, text) {
  try {
    target.loadBilling(text);
    $("billing-error").hidden = true;
    warmUp(target);
    return true;
  } catch (error) {
    showError(error, "billing-error");
    return false;
  }
}

/**
 * Once the page is idle, previews a move that changes nothing (a customer under the parent
 * it has) on `target`: the module's what-if code is compiled on its first call, which the
 * first real drop would otherwise wait for (on the 10k sample, first drops 39–59 ms with
 * this, median 44, against 52–66 ms, median 60, without; six page loads each). Nothing is
 * shown or kept; once per page, as the compiled code stays with the module.
 */
function warmUp(target) {
  if (document.body.dataset.warmedUp) return;
  const whenIdle = globalThis.requestIdleCallback ?? ((run) => setTimeout(run, 100));
  whenIdle(() => {
    // body[data-warmed-up]: done, for this page (and for tests to wait on).
    if (document.body.dataset.warmedUp || target !== session) return;
    document.body.dataset.warmedUp = "true";
    try {
      const child = target.findCustomers({ limit: 50 }).customers.find((customer) => customer.parentId !== null);
      if (!child) return;
      const edit = { op: "setParent", customerId: child.id, parentId: child.parentId };
      target.previewEdits(edit);
      target.invoiceWhatIf({ edits: [edit] });
    } catch {
      // A warm-up that fails changes nothing: the real what-if reports its own errors.
    }
  });
}

$("load-billing").addEventListener("click", () => {
  if (!session) return;
  const text = $("billing-json").value;
  if (loadBillingInto(session, text)) {
    billingLoaded = true;
    state.setBilling(text);
  }
  renderAll();
});

$("policy").addEventListener("change", () => {
  if (session) {
    state.setPolicy(selectedPolicy());
    session.setPolicy(selectedPolicy());
    renderAll();
  }
});

$("load-json").addEventListener("click", () => loadText($("json").value));
enableFileDrop({ onFile: async (file) => loadText(await file.text()) });
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
  billingDeferred = true;
  try {
    loadText(hierarchy, { sample: $("sample").value, billing });
    // The frame after the render's is the first one painted with the tree.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  } finally {
    billingDeferred = false;
  }
  const ms = Math.round(performance.now() - started);
  document.body.dataset.firstRenderMs = String(ms);
  if (session && state.billing !== null && !billingLoaded) {
    billingLoaded = loadBillingInto(session, state.billing);
    renderAll();
  }
  document.body.dataset.loadedSample = $("sample").value;
  const drawn = tree.shadowRoot.querySelectorAll("[role=treeitem]").length;
  console.log(`billtree: sample "${sample.label}" loaded and its tree drawn in ${ms} ms (${drawn} nodes in the DOM)`);
}
$("load-sample").addEventListener("click", loadSample);

/**
 * Opens the state a link's fragment carries: its sample or input, billing, policy, edits
 * and selection. Returns `{ restored }`, and when the link could not be restored (a
 * damaged fragment, a link shared without its data) the `problem` to show once the
 * default sample is loaded instead (loading it clears the error box).
 */
async function restoreFromLink() {
  let shot;
  try {
    shot = await decodeState(location.hash);
    if (shot === null) return { restored: false };
    shot = checkSnapshot(shot);
  } catch (error) {
    return { restored: false, problem: new Error(`This link's state could not be read (${error.message}); the sample is shown instead.`) };
  }
  const sample = shot.sample !== undefined ? SAMPLES[shot.sample] : null;
  if (shot.sample !== undefined && !sample) return { restored: false };
  const loaded = sample ? await sample.load() : null;
  const input = loaded ? loaded.hierarchy : shot.input;
  if (input === undefined) {
    const problem = "This link was shared without its data (it was too large for a link): load the same input to apply its edits.";
    return { restored: false, problem: new Error(`${problem} The sample is shown instead.`) };
  }
  const billing = shot.billingFromSample ? loaded?.billing ?? null : shot.billing ?? null;
  if (sample) $("sample").value = shot.sample;
  if (shot.policy !== null) choosePolicy(shot.policy);
  state.loadInput({ input, sample: sample ? shot.sample : null, billing, billingFromSample: Boolean(shot.billingFromSample), policy: selectedPolicy() });
  restoreHistory(state, shot);
  try {
    const { next, converted } = buildSession();
    showFormat(converted);
    freshLoad = true;
    useSession(next);
    if (names.has(state.selected)) tree.reveal(state.selected);
  } catch (error) {
    return { restored: false, problem: error };
  }
  return { restored: true };
}

const link = await restoreFromLink();
if (!link.restored) {
  await loadSample();
  if (link.problem) showError(link.problem);
}
document.body.dataset.ready = "true";
