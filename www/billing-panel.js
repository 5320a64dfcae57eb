// The billing-settings what-if: a customer's way of being invoiced and paid, previewed
// (owner changes, issues, invoice changes) before it is applied. The page's shared state
// (the session, the customer pickers, the loaded settings) comes in through `page`.
import { renderIssues, renderOwnerChanges } from "./render.js";

const $ = (id) => document.getElementById(id);

/**
 * Wires the billing form; returns `reset()`, which the page calls after every load or
 * applied edit (the form then shows the chosen customer's current settings).
 */
export function setupBillingPanel(page) {
  const { pickers, invoiceChanges, previewSummary, showInvoiceChanges, applyAndShow, showError } = page;
  let pendingBilling = null;

  // Each way of the form, as the settings it gives (the edit replaces a customer's
  // settings whole, so a way that is not chosen is simply absent).
  const WAYS = {
    self: () => ({}),
    billToParent: () => ({ billTo: "parent" }),
    billToRoot: () => ({ billTo: "root" }),
    payerParent: () => ({ payer: "parent" }),
    owners: () => {
      const invoiceOwnerId = pickers.billingInvoiceOwner.value || null;
      const payment = pickers.billingPaymentOwner;
      const paymentOwnerId = payment.extra === "same" ? invoiceOwnerId : payment.value || null;
      return { ...(invoiceOwnerId && { invoiceOwnerId }), ...(paymentOwnerId && { paymentOwnerId }) };
    },
    delegate: () => ({ invoicingDelegateId: pickers.billingDelegate.value }),
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

  /** Picks `id`, or the picker's first extra when it names no customer (e.g. an unknown parent). */
  function choose(picker, id) {
    picker.value = id ?? "";
    if (!picker.value) picker.extra = "none";
  }

  /** Sets the form to the chosen customer's current way, so a preview starts from "no change". */
  function prefillBilling() {
    const customer = page.settings().get(pickers.billingCustomer.value);
    if (!customer) return;
    const way = wayOf(customer);
    $("billing-way").value = way;
    const owners = way === "owners";
    choose(pickers.billingInvoiceOwner, owners ? customer.invoiceOwnerId : customer.parentId);
    const payment = pickers.billingPaymentOwner;
    if (owners && !customer.paymentOwnerId) payment.extra = "none";
    else if (!owners || customer.paymentOwnerId === customer.invoiceOwnerId) payment.extra = "same";
    else choose(payment, customer.paymentOwnerId);
    pickers.billingDelegate.value = customer.invoicingDelegateId ?? customer.parentId;
    if (!pickers.billingDelegate.value) pickers.billingDelegate.value = customer.id;
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
    const customerId = pickers.billingCustomer.value;
    // The form chooses who receives and pays; the access settings are another matter, so
    // they are carried over rather than dropped by the whole-settings replacement.
    const { parentAccountAccess, childAccountAccess } = page.settings().get(customerId) ?? {};
    const settings = {
      ...WAYS[$("billing-way").value](),
      ...(parentAccountAccess && { parentAccountAccess }),
      ...(childAccountAccess && { childAccountAccess }),
    };
    return { op: "setBillingSettings", customerId, settings };
  }

  function showBillingPreview(preview, changes) {
    showInvoiceChanges($("billing-invoices"), changes);
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
    if (!page.session()) return;
    try {
      const edit = currentBillingEdit();
      showBillingPreview(page.session().previewEdits(edit), invoiceChanges(edit));
      pendingBilling = edit;
      $("apply-billing").disabled = false;
    } catch (error) {
      showError(error);
    }
  });

  $("apply-billing").addEventListener("click", () => {
    if (page.session() && pendingBilling) applyAndShow(pendingBilling, showBillingPreview);
  });

  return {
    reset() {
      prefillBilling();
      clearBillingPreview();
    },
  };
}
