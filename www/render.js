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

function unresolvedBadge(side, label, unresolved, names) {
  return el("span", {
    className: "owner-badge unresolved",
    data: { side },
    text: `${label} unresolved: ${unresolvedText(unresolved)}`,
    title: unresolvedTitle(unresolved, names),
  });
}

/**
 * One customer's owner badges: whose invoice carries its charges ("own invoice" when its
 * own), and who pays when that is not the invoice's receiver, so a badge-free "paid by"
 * means the receiver pays. A null owner gets an "unresolved" badge instead.
 */
export function ownerBadges(customer, owner, names) {
  const nameOf = (id) => names.get(id) ?? id;
  const badges = [];
  const { invoiceOwnerId, paymentOwnerId, invoiceUnresolved, paymentUnresolved } = owner;
  // Both sides usually fail for one reason; a single badge then says it once.
  const bothForOneReason =
    invoiceOwnerId === null && paymentOwnerId === null && unresolvedText(invoiceUnresolved) === unresolvedText(paymentUnresolved);
  if (bothForOneReason) return [unresolvedBadge("both", "owners", invoiceUnresolved, names)];
  if (invoiceOwnerId === null) {
    badges.push(unresolvedBadge("invoice", "invoice owner", invoiceUnresolved, names));
  } else if (invoiceOwnerId !== customer.id) {
    badges.push(el("span", {
        className: "owner-badge invoice",
        data: { ownerId: invoiceOwnerId },
        text: `invoice → ${nameOf(invoiceOwnerId)}`,
        title: `Its charges land on the invoice of ${nameOf(invoiceOwnerId)} (${invoiceOwnerId})`,
      }));
  } else {
    badges.push(el("span", { className: "owner-badge own", text: "own invoice", title: "It receives its own invoice" }));
  }
  if (paymentOwnerId === null) {
    badges.push(unresolvedBadge("payer", "payer", paymentUnresolved, names));
  } else if (paymentOwnerId !== invoiceOwnerId) {
    badges.push(el("span", {
        className: "owner-badge payer",
        data: { ownerId: paymentOwnerId },
        text: `paid by ${nameOf(paymentOwnerId)}`,
        title: `${nameOf(paymentOwnerId)} (${paymentOwnerId}) pays the invoice its charges are on`,
      }));
  }
  return badges;
}

/**
 * Renders the forest (customers in pre-order) as an indented list. Each issue's message
 * goes on its first customer, the one to fix; the others involved get a short note.
 * `owners` (from `session.owners()`) adds each customer's owner badges; the name is a
 * button that asks for the explainer.
 */
export function renderTree(list, customers, issues, owners = []) {
  const names = namesById(customers);
  const ownerOf = new Map();
  for (const owner of owners) if (!ownerOf.has(owner.customerId)) ownerOf.set(owner.customerId, owner);
  const primary = new Map();
  const involved = new Map();
  for (const issue of issues) {
    issue.customerIds.forEach((id, index) => {
      const target = index === 0 ? primary : involved;
      if (!target.has(id)) target.set(id, []);
      target.get(id).push(issue);
    });
  }
  // Levels are null inside cycles; indent those by their position in the pre-order.
  const depth = new Map();
  const rows = customers.map((customer) => {
    const parentDepth = customer.parentId !== null ? depth.get(customer.parentId) : undefined;
    const indent = customer.level !== null ? customer.level - 1 : parentDepth !== undefined ? parentDepth + 1 : 0;
    depth.set(customer.id, indent);
    const own = primary.get(customer.id) ?? [];
    const others = involved.get(customer.id) ?? [];
    const row = el(
      "li",
      { data: { customerId: customer.id }, className: own.length || others.length ? "has-issue" : "" },
      nameButton(customer),
      el("span", { className: "id", text: customer.id }),
    );
    row.style.paddingLeft = `${indent * 1.4}rem`;
    const owner = ownerOf.get(customer.id);
    if (owner) row.append(...ownerBadges(customer, owner, names));
    if (customer.archived) row.append(el("span", { className: "badge", text: "archived" }));
    if (customer.level === null) row.append(el("span", { className: "badge cycle-note", text: "in a cycle" }));
    if (customer.childCount > 0) {
      row.append(el("span", {
          className: "badge",
          text: customer.childCount === 1 ? "1 child" : `${customer.childCount} children`,
          title: `${customer.subordinateCount} below in all`,
        }));
    }
    for (const issue of own) {
      row.append(el("div", { className: "node-issue", data: { code: issue.code } }, el("span", { className: "code", text: issue.code }), issue.message));
    }
    for (const issue of others) {
      row.append(el("div", { className: "node-issue involved", data: { code: issue.code }, text: `involved in ${issue.code} (see ${issue.customerIds[0]})` }));
    }
    return row;
  });
  list.replaceChildren(...rows);
}

function nameButton(customer) {
  const button = el("button", { className: "name", text: customer.name, title: "Why? Who receives its invoice and who pays" });
  button.type = "button";
  return button;
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

/** Fills a <select> with one option per customer, keeping the selection if it still exists. */
export function fillCustomerSelect(select, customers, { noneLabel } = {}) {
  const previous = select.value;
  const options = customers.map((customer) => el("option", { text: `${customer.name} (${customer.id})` }));
  options.forEach((option, index) => (option.value = customers[index].id));
  if (noneLabel) {
    const none = el("option", { text: noneLabel });
    none.value = "";
    options.unshift(none);
  }
  select.replaceChildren(...options);
  if ([...select.options].some((option) => option.value === previous)) select.value = previous;
}
