// The re-parent what-if: a move proposed with the pickers (the keyboard's way) or by
// dropping a node on another in the tree (<billtree-tree>'s billtree-drop) is previewed
// here — issues introduced and resolved, events, owner changes and, with billing loaded,
// the invoices that change — and only Apply changes the session. The page's shared state
// comes in through `page`.
import { renderEvents, renderIssues, renderOwnerChanges } from "./render.js";

const $ = (id) => document.getElementById(id);

/** Returns `{ showPreview, reset, propose }`; `reset()` runs after every render. */
export function setupReparentPanel(page) {
  const { pickers, invoiceChanges, previewSummary, showInvoiceChanges, applyAndShow, showError } = page;
  let pending = null;

  function currentEdit() {
    const customerId = pickers.editCustomer.value;
    const parentId = pickers.editParent.value;
    return parentId ? { op: "setParent", customerId, parentId } : { op: "removeParent", customerId };
  }

  function showPreview(preview, changes) {
    showInvoiceChanges($("preview-invoices"), changes);
    $("preview-summary").replaceChildren(...previewSummary(preview));
    renderIssues($("preview-introduced"), preview.introducedIssues);
    renderIssues($("preview-resolved"), preview.resolvedIssues);
    renderEvents($("preview-events"), preview.events);
    renderOwnerChanges($("preview-owners"), preview.ownerChanges ?? []);
    $("preview").hidden = false;
  }

  /** Previews `edit` (nothing applied); Apply and Cancel act on it. */
  function preview(edit) {
    const session = page.session();
    if (!session) return false;
    try {
      const result = session.previewEdits(edit);
      pending = edit;
      showPreview(result, invoiceChanges(edit));
      $("apply-edit").disabled = false;
      $("cancel-edit").disabled = false;
      return true;
    } catch (error) {
      showError(error);
      return false;
    }
  }

  function reset() {
    pending = null;
    $("apply-edit").disabled = true;
    $("cancel-edit").disabled = true;
    $("preview").hidden = true;
  }

  $("preview-edit").addEventListener("click", () => preview(currentEdit()));
  $("apply-edit").addEventListener("click", () => {
    if (page.session() && pending) applyAndShow(pending, showPreview);
  });
  $("cancel-edit").addEventListener("click", () => {
    reset();
    $("preview-edit").focus();
  });

  return {
    showPreview,
    reset,
    /**
     * A drop in the tree: the pickers show the move (so the keyboard can adjust it), the
     * what-if is previewed, and the time from the drop (`at`) to the painted totals goes
     * to the console and `body[data-drop-to-totals-ms]`.
     */
    async propose({ customerId, parentId, at }) {
      pickers.editCustomer.value = customerId;
      if (parentId === null) pickers.editParent.extra = "none";
      else pickers.editParent.value = parentId;
      const edit = parentId === null ? { op: "removeParent", customerId } : { op: "setParent", customerId, parentId };
      if (!preview(edit)) return;
      $("preview").scrollIntoView({ block: "nearest" });
      // The frame after this one is the first painted with the what-if.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const ms = Math.round(performance.now() - at);
      document.body.dataset.dropToTotalsMs = String(ms);
      const invoices = $("preview-invoices").hidden ? "no billing loaded" : `${$("preview-invoices").tBodies[0]?.rows.length ?? 0} invoice(s) change`;
      console.log(`billtree: drop of ${customerId} → ${parentId ?? "(root)"} previewed in ${ms} ms (${invoices})`);
    },
  };
}
