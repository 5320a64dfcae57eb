// The "Changes in the period" panel: a form that puts dated changes on the timeline
// (timeline-view.js) and, after every add, move or removal, the what-if of all of them
// together: which invoices change, before and after, and the changed invoice as it would
// be, its lines marked with the sub-periods they bill.
import { el, renderIssues } from "./render.js";
import { createCustomerPicker } from "./customer-picker.js";
import { invoiceKey, renderBeforeAfter } from "./invoice-view.js";
import { createTimeline, daysLabel, addDays } from "./timeline-view.js";

const $ = (id) => document.getElementById(id);

/**
 * Wires the panel. `session()` is the current HierarchySession (with a loaded billing
 * input, or none), `names()` the customer names by id.
 */
export function setupTimelinePanel({ session, names, onPick }) {
  const customerPicker = createCustomerPicker($("change-customer"), { onPick });
  const parentPicker = createCustomerPicker($("change-parent"));
  let result = null;
  let shownKey = null;

  function showError(error) {
    const box = $("timeline-error");
    box.textContent = error.code ? `${error.code}: ${error.message}` : error.message ?? String(error);
    box.hidden = false;
  }

  function showInvoiceAfter(key) {
    const change = result?.changed.find((c) => invoiceKey(c) === key && c.invoice);
    const view = $("timeline-invoice"); // a <billtree-invoice>
    view.hidden = !change;
    shownKey = change ? key : null;
    if (change) {
      view.show(change.invoice, {
        names: names(),
        note: "As it would be with the changes on the timeline (a preview: nothing is applied). Lines billed for part of the period say which days.",
      });
    }
  }

  function preview(changes) {
    $("timeline-error").hidden = true;
    const summary = $("timeline-summary");
    const table = $("timeline-invoices");
    if (changes.length === 0) {
      result = null;
      summary.textContent = "No change on the timeline: the invoices are those of the period as loaded.";
      table.hidden = true;
      renderIssues($("timeline-issues"), []);
      showInvoiceAfter(null);
      return;
    }
    try {
      result = session().invoiceWhatIf({ changes });
    } catch (error) {
      result = null;
      table.hidden = true;
      renderIssues($("timeline-issues"), []);
      showInvoiceAfter(null);
      summary.textContent = "";
      showError(error);
      return;
    }
    const dates = [...new Set(changes.map((c) => c.effectiveDate))];
    const issues = result.introducedIssues.length;
    summary.textContent =
      `${changes.length} change(s) on ${dates.length} day(s): ` +
      `${result.changed.length} of ${result.invoicesBefore} invoice(s) change` +
      (issues === 0 ? "." : `, and ${issues} billing issue(s) appear:`);
    renderIssues($("timeline-issues"), result.introducedIssues);
    renderBeforeAfter(table, result, names(), { showable: true });
    // Keep the invoice the reader was looking at, else show the first that changed.
    const shown = result.changed.filter((c) => c.invoice);
    const kept = shown.find((c) => invoiceKey(c) === shownKey) ?? shown[0];
    showInvoiceAfter(kept ? invoiceKey(kept) : null);
  }

  const timeline = createTimeline({ track: $("timeline"), list: $("change-list"), onChange: preview });

  function showFields() {
    const kind = $("change-kind").value;
    const edit = kind === "setParent" || kind === "removeParent";
    $("change-customer-field").hidden = !edit;
    $("change-parent-field").hidden = kind !== "setParent";
    $("change-subscription-field").hidden = edit;
  }
  $("change-kind").addEventListener("change", showFields);
  showFields();

  $("add-change").addEventListener("click", () => {
    $("timeline-error").hidden = true;
    const kind = $("change-kind").value;
    const change = kind === "setParent" || kind === "removeParent"
      ? { kind, customerId: customerPicker.value, parentId: parentPicker.value }
      : { kind, subscriptionId: $("change-subscription").value };
    try {
      timeline.add(change, $("change-date").value);
    } catch (error) {
      showError(error);
    }
  });

  $("timeline-invoices").addEventListener("click", (event) => {
    const button = event.target.closest("button.show-after");
    if (button) showInvoiceAfter(`${button.dataset.customerId}\u001f${button.dataset.currency}`);
  });

  return {
    /**
     * After a load or an applied edit: the period and the choices from the loaded
     * billing (`period` null when none is loaded), the customers to pick from (a
     * customerIndex); pending changes are previewed again.
     */
    refresh({ period, index, subscriptions }) {
      $("timeline-panel").hidden = !period;
      customerPicker.setIndex(index);
      parentPicker.setIndex(index);
      const select = $("change-subscription");
      const keep = select.value;
      select.replaceChildren(
        ...subscriptions.map((s) => Object.assign(el("option", { text: `${s.id} (${names().get(s.customerId) ?? s.customerId})` }), { value: s.id })),
      );
      if ([...select.options].some((option) => option.value === keep)) select.value = keep;
      const date = $("change-date");
      if (period) {
        date.min = period.start;
        date.max = addDays(period.end, -1);
        if (!(date.value >= date.min && date.value <= date.max)) date.value = addDays(period.start, 15);
        $("timeline").setAttribute("aria-label", `The period ${daysLabel(period)}`);
      }
      timeline.setPeriod(period, names());
    },
  };
}
