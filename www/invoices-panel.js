// The invoices panel: the loaded billing's consolidated invoices (one at a time, in a
// <billtree-invoice>), the roll-up mode comparison, the usage what-if and printing. The
// session keeps the billing input and recomputes its invoices after every applied edit;
// what-ifs ask it for the invoices that would change. The page's shared state comes in
// through `page`.
import { el, renderIssues } from "./render.js";
import { invoiceKey, invoiceLabel, renderBeforeAfter, renderModeComparison } from "./invoice-view.js";

const $ = (id) => document.getElementById(id);

/** Wires the panel; returns `render(index)`, run after every render of the page. */
export function setupInvoicesPanel(page) {
  // The last mode comparison, for its Show buttons.
  let comparison = null;

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
    return page.session()?.loadedInvoices()?.invoices ?? [];
  }

  /** The invoice picked in the selector, as loaded. */
  function selectedInvoice() {
    return loadedInvoices().find((invoice) => invoiceKey(invoice) === $("invoice-select").value) ?? null;
  }

  function render(index) {
    const preview = page.session().loadedInvoices();
    comparison = null;
    $("mode-comparison").hidden = true;
    $("usage-changes").hidden = true;
    if (!preview) {
      $("invoice-summary").textContent = "No billing input is loaded: paste one below, or load the sample.";
      $("invoice-select").replaceChildren();
      renderIssues($("billing-issues"), []);
      $("invoice").show(null, { names: page.names() });
      page.timelinePanel.refresh({ period: null, index, subscriptions: [] });
      return;
    }
    const select = $("invoice-select");
    const previous = select.value;
    select.replaceChildren(
      ...preview.invoices.map((invoice) => Object.assign(el("option", { text: invoiceLabel(invoice, page.names()) }), { value: invoiceKey(invoice) })),
    );
    if ([...select.options].some((option) => option.value === previous)) select.value = previous;
    const issues = preview.issues.length;
    $("invoice-summary").textContent =
      `${preview.invoices.length} invoice(s) for ${preview.period.start} to ${preview.period.end} (end exclusive)` +
      (issues === 0 ? "; no billing issues." : `; ${issues} billing issue(s):`);
    renderIssues($("billing-issues"), preview.issues);
    $("invoice").show(selectedInvoice(), { names: page.names() });

    const choices = choicesOf(page.billing());
    const subscriptions = $("mode-subscription");
    const keep = subscriptions.value;
    subscriptions.replaceChildren(
      ...choices.subscriptions.map((s) =>
        Object.assign(el("option", { text: `${s.id} (${page.names().get(s.customerId) ?? s.customerId})` }), { value: s.id }),
      ),
    );
    if ([...subscriptions.options].some((option) => option.value === keep)) subscriptions.value = keep;
    const meters = $("usage-meter");
    const meter = meters.value;
    meters.replaceChildren(...choices.meters.map((m) => Object.assign(el("option", { text: m }), { value: m })));
    if ([...meters.options].some((option) => option.value === meter)) meters.value = meter;
    page.timelinePanel.refresh({ period: preview.period, index, subscriptions: JSON.parse(page.billing() ?? "{}").subscriptions ?? [] });
  }

  $("invoice-select").addEventListener("change", () => $("invoice").show(selectedInvoice(), { names: page.names() }));
  // Printing prints the selected invoice (print.css); <billtree-invoice> opens its sections
  // while the page prints, and closes them again afterwards.
  $("print-invoice").addEventListener("click", () => window.print());

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
    if (!page.session() || !subscriptionId) return;
    try {
      const results = COMPARED_MODES.map((rollup) => page.session().invoiceWhatIf({ modes: [{ subscriptionId, rollup }] }));
      comparison = { subscriptionId, results };
      renderModeComparison($("mode-comparison"), {
        modes: COMPARED_MODES,
        current: currentMode(subscriptionId),
        results,
        invoices: loadedInvoices(),
        names: page.names(),
      });
    } catch (error) {
      page.showError(error, "billing-error");
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
      $("invoice").show(null, { names: page.names(), note: `With ${what}, this invoice would not exist.` });
    } else {
      $("invoice").show(change ? change.invoice : shown, {
        names: page.names(),
        note: `As it would be with ${what} (${change ? "changed" : "unchanged"}; a preview, nothing is applied). Pick the invoice again to see it as loaded.`,
      });
    }
  });

  $("preview-usage").addEventListener("click", () => {
    if (!page.session()?.loadedInvoices()) return;
    try {
      const usage = [{ customerId: page.pickers.usageCustomer.value, meter: $("usage-meter").value, quantity: $("usage-quantity").value.trim() }];
      renderBeforeAfter($("usage-changes"), page.session().invoiceWhatIf({ usage }), page.names());
    } catch (error) {
      page.showError(error, "billing-error");
    }
  });

  return render;
}
