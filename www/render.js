// DOM helpers for the preview page. Every customer-provided string goes through
// textContent (never innerHTML), so a name like <img onerror=…> stays text.

/** Creates an element; `text` becomes its textContent, `data` its dataset. */
export function el(tag, { text, className, data, title } = {}, ...children) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  if (title) node.title = title;
  for (const [key, value] of Object.entries(data ?? {})) node.dataset[key] = value;
  node.append(...children);
  return node;
}

/** `<li><span class=code>CODE</span> message</li>` for each issue. */
export function renderIssues(list, issues) {
  list.replaceChildren(
    ...issues.map((issue) =>
      el("li", { data: { code: issue.code } }, el("span", { className: "code", text: issue.code }), issue.message),
    ),
  );
}

/** One line per event, e.g. `customer.parent.assigned uk-ops: nordlicht-uk → nordlicht-de`. */
export function renderEvents(list, events) {
  list.replaceChildren(
    ...events.map((event) => {
      let detail = event.customerId;
      if ("parentId" in event || "previousParentId" in event) {
        detail += `: ${event.previousParentId ?? "(no parent)"} → ${event.parentId ?? "(no parent)"}`;
      }
      return el("li", { data: { type: event.type } }, el("span", { className: "code", text: event.type }), detail);
    }),
  );
}

/** Names by id; the first of duplicate ids wins, as in the tree's order. */
export function namesById(customers) {
  const names = new Map();
  for (const customer of customers) if (!names.has(customer.id)) names.set(customer.id, customer.name);
  return names;
}

/** Why an owner is null, in a few words: the rule broken, or the unresolved customer followed. */
export function unresolvedText(unresolved) {
  if (unresolved?.reason === "issue") return unresolved.code;
  if (unresolved?.reason === "upstream") return `follows ${unresolved.customerId}`;
  return "broken hierarchy";
}

/** A sentence for the badge's title: what the reader would fix. */
function unresolvedTitle(unresolved, names) {
  if (unresolved?.reason === "issue") return `Its settings break ${unresolved.code}, so they are not followed`;
  if (unresolved?.reason === "upstream") {
    return `It follows ${names.get(unresolved.customerId) ?? unresolved.customerId} (${unresolved.customerId}), whose owner is unresolved`;
  }
  return "Its place in the hierarchy is broken (a cycle, or an unknown parent), so no owner is followed";
}

function unresolvedMark(side, label, unresolved, names) {
  return {
    className: "owner-badge unresolved",
    side,
    text: `${label} unresolved: ${unresolvedText(unresolved)}`,
    title: unresolvedTitle(unresolved, names),
  };
}

/**
 * One customer's owner marks, as data for whichever view draws them: whose invoice
 * carries its charges ("own invoice" when its own), and who pays when that is not the
 * invoice's receiver, so a missing "paid by" means the receiver pays. A null owner gets an
 * "unresolved" mark instead. Each is `{ className, text, title, ownerId?, side? }`.
 */
export function ownerMarks(customer, owner, names) {
  const nameOf = (id) => names.get(id) ?? id;
  const marks = [];
  const { invoiceOwnerId, paymentOwnerId, invoiceUnresolved, paymentUnresolved } = owner;
  // Both sides usually fail for one reason; a single mark then says it once.
  const bothForOneReason =
    invoiceOwnerId === null && paymentOwnerId === null && unresolvedText(invoiceUnresolved) === unresolvedText(paymentUnresolved);
  if (bothForOneReason) return [unresolvedMark("both", "owners", invoiceUnresolved, names)];
  if (invoiceOwnerId === null) {
    marks.push(unresolvedMark("invoice", "invoice owner", invoiceUnresolved, names));
  } else if (invoiceOwnerId !== customer.id) {
    marks.push({
      className: "owner-badge invoice",
      ownerId: invoiceOwnerId,
      text: `invoice → ${nameOf(invoiceOwnerId)}`,
      title: `Its charges land on the invoice of ${nameOf(invoiceOwnerId)} (${invoiceOwnerId})`,
    });
  } else {
    marks.push({ className: "owner-badge own", text: "own invoice", title: "It receives its own invoice" });
  }
  if (paymentOwnerId === null) {
    marks.push(unresolvedMark("payer", "payer", paymentUnresolved, names));
  } else if (paymentOwnerId !== invoiceOwnerId) {
    marks.push({
      className: "owner-badge payer",
      ownerId: paymentOwnerId,
      text: `paid by ${nameOf(paymentOwnerId)}`,
      title: `${nameOf(paymentOwnerId)} (${paymentOwnerId}) pays the invoice its charges are on`,
    });
  }
  return marks;
}

/**
 * The issues naming each customer: `own` those it is the first customer of (the one to
 * fix), `involved` those that name it further on.
 */
export function issuesByCustomer(issues) {
  const byId = new Map();
  const entry = (id) => {
    if (!byId.has(id)) byId.set(id, { own: [], involved: [] });
    return byId.get(id);
  };
  for (const issue of issues) {
    issue.customerIds.forEach((id, index) => {
      const list = entry(id)[index === 0 ? "own" : "involved"];
      if (!list.includes(issue)) list.push(issue);
    });
  }
  return byId;
}

/** One line per issue naming the customer: its message where it is the one to fix, else a pointer. */
export function renderCustomerIssues(list, { own, involved }) {
  list.replaceChildren(
    ...own.map((issue) => el("li", { className: "node-issue", data: { code: issue.code } }, el("span", { className: "code", text: issue.code }), issue.message)),
    ...involved.map((issue) =>
      el("li", { className: "node-issue involved", data: { code: issue.code }, text: `involved in ${issue.code} (see ${issue.customerIds[0]})` }),
    ),
  );
}

/** How an owner reads in a change list: its id, or why it is unresolved. */
function ownerText(id, unresolved) {
  return id ?? `unresolved (${unresolvedText(unresolved)})`;
}

/**
 * One line per customer whose owners change, naming only the side that changes, e.g.
 * `de-sales: invoice nordlicht-de → nordlicht-holding, paid by nordlicht-de → nordlicht-holding`.
 */
export function renderOwnerChanges(list, changes) {
  list.replaceChildren(
    ...changes.map(({ customerId, before, after }) => {
      const parts = [];
      const invoice = [ownerText(before.invoiceOwnerId, before.invoiceUnresolved), ownerText(after.invoiceOwnerId, after.invoiceUnresolved)];
      const payer = [ownerText(before.paymentOwnerId, before.paymentUnresolved), ownerText(after.paymentOwnerId, after.paymentUnresolved)];
      if (invoice[0] !== invoice[1]) parts.push(`invoice ${invoice[0]} → ${invoice[1]}`);
      if (payer[0] !== payer[1]) parts.push(`paid by ${payer[0]} → ${payer[1]}`);
      return el("li", { data: { customerId }, text: `${customerId}: ${parts.join(", ") || "owners change"}` });
    }),
  );
}

/** The explainer's steps, one sentence each, marked with the rule followed. */
export function renderSteps(list, steps) {
  list.replaceChildren(
    ...steps.map((step) => el("li", { data: step.code ? { rule: step.rule, code: step.code } : { rule: step.rule }, text: step.text })),
  );
}

/** "Sales DACH, Materials Lab" for a list of ids; the owner itself reads "itself". */
export function customerList(ids, selfId, names) {
  if (ids.length === 0) return "no one";
  return ids.map((id) => (id === selfId ? "itself" : names.get(id) ?? id)).join(", ");
}

const VIA = { itself: "itself", invoiceOwner: "invoice owner", paymentOwner: "payment owner", parent: "parent" };
const SCOPE = { wholeInvoice: "whole invoice", ownLines: "its own lines" };

/** One row per invoice the viewer may see: as whose what, and whether it may download or edit it. */
export function renderVisibility(body, invoices, names) {
  const yesNo = (allowed) => el("td", { className: allowed ? "yes" : "no", text: allowed ? "yes" : "no" });
  body.replaceChildren(
    ...invoices.map((invoice) =>
      el(
        "tr",
        { data: { customerId: invoice.customerId } },
        el("td", {}, names.get(invoice.customerId) ?? invoice.customerId, el("span", { className: "id", text: invoice.customerId })),
        el("td", { text: VIA[invoice.via] ?? invoice.via }),
        el("td", { text: SCOPE[invoice.scope] ?? invoice.scope }),
        yesNo(invoice.view),
        yesNo(invoice.download),
        yesNo(invoice.edit),
      ),
    ),
  );
}
