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

/**
 * Renders the forest (customers in pre-order) as an indented list. Each issue's message
 * goes on its first customer, the one to fix; the others involved get a short note.
 */
export function renderTree(list, customers, issues) {
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
      el("span", { className: "name", text: customer.name }),
      el("span", { className: "id", text: customer.id }),
    );
    row.style.paddingLeft = `${indent * 1.4}rem`;
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
