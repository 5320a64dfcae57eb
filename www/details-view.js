// The selected customer's panel: who it is and where it sits, its billing settings, the
// problems that name it, why its invoice lands where it does and who pays (the session's
// explainer), whom it receives and pays for, whose invoices it may see, and the invoice
// its charges are on when a billing input is loaded.
import { customerList, el, renderCustomerIssues, renderSteps, renderVisibility } from "./render.js";

const $ = (id) => document.getElementById(id);

const SETTING_KEYS = ["billTo", "payer", "invoiceOwnerId", "paymentOwnerId", "invoicingDelegateId", "parentAccountAccess", "childAccountAccess"];

/** "billTo: parent; parentAccountAccess: {…}" or "none: it bills and pays for itself". */
function settingsText(customer) {
  const set = SETTING_KEYS.filter((key) => customer?.[key] !== undefined && customer?.[key] !== null);
  if (set.length === 0) return "none: it bills and pays for itself";
  return set.map((key) => `${key}: ${typeof customer[key] === "object" ? JSON.stringify(customer[key]) : customer[key]}`).join("; ");
}

function facts(list, pairs) {
  list.replaceChildren(...pairs.flatMap(([term, value, key]) => [el("dt", { text: term }), el("dd", { text: value, data: { fact: key } })]));
}

/**
 * Fills the panel for `customerId` (null clears it). `context` holds the session, names
 * by id, each customer's settings by id (session.customers()) and issuesByCustomer's map.
 */
export function showDetails(customerId, { session, names, settings, issues }) {
  const panel = $("explainer");
  $("explainer-hint").hidden = customerId !== null;
  $("explainer-body").hidden = customerId === null;
  if (customerId === null) {
    delete panel.dataset.customerId;
    return;
  }
  panel.dataset.customerId = customerId;
  const customer = settings.get(customerId);
  const nameOf = (id) => (id === null || id === undefined ? "(none: a root)" : `${names.get(id) ?? "(unknown)"} (${id})`);
  $("explainer-customer").textContent = `${names.get(customerId) ?? customerId} (${customerId})`;
  facts($("details-facts"), [
    ["Id", customerId, "id"],
    ["Name", names.get(customerId) ?? "", "name"],
    ["Parent", nameOf(customer?.parentId), "parent"],
    ["Billing settings", settingsText(customer), "settings"],
  ]);
  const found = issues.get(customerId) ?? { own: [], involved: [] };
  $("details-issues-heading").hidden = found.own.length + found.involved.length === 0;
  renderCustomerIssues($("details-issues"), found);

  const explanation = session.explainOwners(customerId);
  const owned = session.ownedBy(customerId);
  $("explainer-summary").textContent = explanation.summary;
  renderSteps($("explainer-steps"), explanation.steps);
  $("explainer-omitted").hidden = explanation.omittedSteps === 0;
  $("explainer-omitted").textContent = `${explanation.omittedSteps} more step(s) along the same chain are left out.`;
  $("explainer-receives").textContent = `Receives invoices for: ${customerList(owned.receivesFor, customerId, names)}.`;
  $("explainer-pays").textContent = `Pays for: ${customerList(owned.paysFor, customerId, names)}.`;
  renderVisibility($("explainer-visibility").tBodies[0], session.visibility(customerId).invoices, names);

  const loaded = session.loadedInvoices();
  const view = $("details-invoice"); // a <billtree-invoice>
  $("details-invoice-heading").hidden = !loaded;
  view.hidden = !loaded;
  if (loaded) {
    const { invoiceOwnerId } = session.ownersOf(customerId);
    const invoice = loaded.invoices.find((candidate) => candidate.customerId === invoiceOwnerId && candidate.currency === customer?.currency)
      ?? loaded.invoices.find((candidate) => candidate.customerId === invoiceOwnerId) ?? null;
    view.show(invoice, {
      names,
      note: invoice && invoiceOwnerId !== customerId ? `Its charges are on ${names.get(invoiceOwnerId) ?? invoiceOwnerId}'s invoice.` : null,
    });
  }
}
