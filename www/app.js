// The preview page: loads a hierarchy into a wasm-side session, shows the tree with each
// customer's issues, and previews a re-parent before applying it.
import init, { HierarchySession, policyPresets } from "/pkg/web/index.js";
import { el, fillCustomerSelect, renderEvents, renderIssues, renderTree } from "./render.js";

const $ = (id) => document.getElementById(id);
let session = null;
let pendingEdit = null;

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
  renderTree($("tree"), forest, report.issues);
  fillCustomerSelect($("edit-customer"), forest);
  fillCustomerSelect($("edit-parent"), forest, { noneLabel: "(no parent: make it a root)" });
  pendingEdit = null;
  $("apply-edit").disabled = true;
  $("preview").hidden = true;
}

function currentEdit() {
  const customerId = $("edit-customer").value;
  const parentId = $("edit-parent").value;
  return parentId ? { op: "setParent", customerId, parentId } : { op: "removeParent", customerId };
}

function showPreview(preview) {
  const { report } = preview;
  $("preview-summary").replaceChildren(
    el("span", { className: report.valid ? "valid" : "invalid", text: report.valid ? "Valid after this change" : `${report.issues.length} issue(s) after this change` }),
    preview.applied ? " — applied." : " — nothing is changed until you apply it.",
  );
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

$("apply-edit").addEventListener("click", () => {
  if (!session || !pendingEdit) return;
  const applied = session.applyEdits(pendingEdit);
  $("json").value = JSON.stringify({ customers: session.customers() }, null, 2);
  renderAll();
  showPreview(applied);
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
