// The invoice on the page: laid out like a real invoice (header, collapsible sections per
// customer nested as the hierarchy nests them, lines with their tiers, contributors and
// discounts, then the totals pipeline), and the before/after tables of the what-ifs.
// Amounts are the engine's decimal strings, shown as they are: the page never does
// arithmetic on money.
import { el } from "./render.js";
import { daysLabel } from "./timeline-view.js";

/** "1400.96 EUR". */
export const money = (amount, currency) => `${amount} ${currency}`;

/** A key that tells invoices apart: one per addressee and currency. */
export const invoiceKey = (invoice) => `${invoice.customerId}\u001f${invoice.currency}`;

/** "Nordlicht Holding AG · EUR · due 1689.05" for the invoice picker. */
export function invoiceLabel(invoice, names) {
  const to = names.get(invoice.customerId) ?? invoice.customerId;
  const kind = invoice.kind === "summarized" ? ` · summarized onto ${names.get(invoice.invoiceOwnerId) ?? invoice.invoiceOwnerId}` : "";
  return `${to} · ${invoice.currency} · due ${invoice.totals.amountDue}${kind}`;
}

function cell(text, className) {
  return el("td", { text, className });
}

function detailRow(text, amount) {
  return el("tr", { className: "detail" }, el("td", { text, title: text }), cell(""), cell(""), cell(""), cell(amount ?? "", "amount"));
}

/** A line and, under it, how it was priced: tiers, contributors, the pool share, discounts. */
function lineRows(line, currency, names) {
  const origin = names.get(line.customerId) ?? line.customerId;
  const unit = line.unitAmount ?? "";
  const rows = [
    el(
      "tr",
      { className: `line ${line.kind}`, data: { lineId: line.id, kind: line.kind } },
      el("td", { text: line.description }),
      cell(origin),
      cell(line.mode ?? ""),
      cell(line.quantity ?? "", "amount"),
      cell(money(line.amount, currency), "amount"),
    ),
  ];
  if (line.periods) rows.push(detailRow(`for ${line.periods.map(daysLabel).join(" and ")}`));
  if (unit) rows.push(detailRow(`at ${unit} per unit`));
  for (const tier of line.tiers ?? []) {
    const flat = tier.flatAmount ? ` + ${tier.flatAmount} flat` : "";
    rows.push(detailRow(`tier ${tier.tier}: ${tier.quantity} × ${tier.unitAmount}${flat}`, tier.amount));
  }
  for (const part of line.breakdown ?? []) {
    rows.push(detailRow(`${names.get(part.customerId) ?? part.customerId} used ${part.quantity}`));
  }
  if (line.pool) rows.push(detailRow(`its share of a pool of ${line.pool.poolQuantity} priced at ${line.pool.poolAmount}`));
  for (const discount of line.discounts ?? []) rows.push(detailRow(`discount ${discount.discountId}`, `−${discount.amount}`));
  return rows;
}

const STEPS = [
  ["lines", "Lines"],
  ["discounts", "Discounts", "−"],
  ["trueUp", "Minimum-commitment true-up"],
  ["net", "Net"],
  ["tax", "Tax"],
  ["carried", "Carried from summarized invoices"],
  ["total", "Total"],
  ["credits", "Credits applied", "−"],
  ["amountDue", "Amount due"],
];

/** The totals pipeline, every step shown: lines → discounts → true-up → tax → credits → due. */
function totalsTable(totals, currency) {
  return el(
    "table",
    { className: "totals", data: { testid: "invoice-totals" } },
    el(
      "tbody",
      {},
      ...STEPS.map(([key, label, sign = ""]) =>
        el("tr", { data: { step: key } }, el("th", { text: label }), cell(`${sign}${money(totals[key], currency)}`, "amount")),
      ),
    ),
  );
}

/** One customer's section: its lines, then the sections nested in it (filled by the caller). */
function sectionElement(section, currency, names) {
  const body = el("tbody");
  for (const line of section.lines) body.append(...lineRows(line, currency, names));
  const nested = el("div", { className: "nested" });
  const details = el(
    "details",
    { className: "section", data: { customerId: section.customerId, depth: String(section.depth) } },
    el(
      "summary",
      {},
      el("span", { className: "section-name", text: section.name }),
      el("span", { className: "id", text: section.customerId }),
      el("span", { className: "section-tax", text: `tax ${section.taxPercent}%` }),
      el("span", { className: "section-total amount", text: money(section.totals.total, currency) }),
    ),
  );
  if (section.lines.length > 0) {
    const head = el("thead", {}, el("tr", {}, ...["Line", "Customer", "Mode", "Quantity", "Amount"].map((text) => el("th", { text }))));
    details.append(el("table", { className: "lines" }, head, body));
  }
  details.append(nested);
  details.open = true;
  return { details, nested };
}

/** Lays out one invoice in `article`; `note` (optional) says what the shown invoice is. */
export function renderInvoice(article, invoice, names, note) {
  if (!invoice) {
    article.replaceChildren(el("p", { className: "hint", text: "No invoice to show." }));
    return;
  }
  const c = invoice.currency;
  const header = el(
    "header",
    { className: "invoice-header" },
    el("h3", { text: `Invoice to ${names.get(invoice.customerId) ?? invoice.customerId}` }),
    el(
      "dl",
      {},
      el("dt", { text: "Currency" }), el("dd", { text: `${c} (${invoice.minorUnits} decimals)` }),
      el("dt", { text: "Paid by" }), el("dd", { text: invoice.payerId ? names.get(invoice.payerId) ?? invoice.payerId : "unresolved (see the owner issues)" }),
      el("dt", { text: "Kind" }),
      el("dd", { text: invoice.kind === "summarized" ? `summarized: one line on ${names.get(invoice.invoiceOwnerId) ?? invoice.invoiceOwnerId}'s invoice` : "consolidated" }),
      el("dt", { text: "Id" }), el("dd", { className: "id", text: invoice.id }),
    ),
  );
  const children = [header];
  if (note) children.push(el("p", { className: "invoice-note", data: { testid: "invoice-note" }, text: note }));
  // Sections arrive depth-first: each one nests in the last open section one level up.
  const open = [];
  const top = el("div", { className: "sections" });
  for (const section of invoice.sections) {
    const { details, nested } = sectionElement(section, c, names);
    open.length = section.depth;
    (open[section.depth - 1] ?? top).append(details);
    open[section.depth] = nested;
  }
  children.push(top);
  for (const discount of invoice.discounts) {
    children.push(el("p", { className: "applied", text: `Invoice discount ${discount.discountId} (held by ${names.get(discount.customerId) ?? discount.customerId}): −${money(discount.amount, c)}, spread over the sections it covers.` }));
  }
  for (const credit of invoice.credits) {
    children.push(el("p", { className: "applied", text: `Credit of ${names.get(credit.customerId) ?? credit.customerId} used: ${money(credit.amount, c)}.` }));
  }
  children.push(totalsTable(invoice.totals, c));
  article.replaceChildren(...children);
}

/**
 * Before/after amounts due of the invoices a what-if changes (`result` is an
 * InvoiceWhatIfResult); with `showable`, each changed invoice gets a Show button.
 */
export function renderBeforeAfter(table, result, names, { showable = false } = {}) {
  const columns = ["Invoice", "Before", "After", "Change", ...(showable ? ["Invoice after"] : [])];
  const head = el("thead", {}, el("tr", {}, ...columns.map((text) => el("th", { text }))));
  const rows = result.changed.map((change) => {
    const before = change.before?.amountDue;
    const after = change.after?.amountDue;
    const delta = before !== undefined && after !== undefined ? difference(after, before) : "";
    const row = el(
      "tr",
      { data: { customerId: change.customerId, currency: change.currency } },
      el("td", { text: `${names.get(change.customerId) ?? change.customerId} (${change.currency})` }),
      cell(before === undefined ? "(new invoice)" : before, "amount before"),
      cell(after === undefined ? "(no invoice)" : after, "amount after"),
      cell(delta, "amount delta"),
    );
    if (showable && change.invoice) {
      const show = el("button", { text: "Show", className: "show-after", data: { customerId: change.customerId, currency: change.currency } });
      show.type = "button";
      row.append(el("td", {}, show));
    }
    return row;
  });
  const summary = el(
    "caption",
    { text: `${result.changed.length} of ${result.invoicesBefore} invoice(s) change (${result.invoicesRecomputed} recomputed, the others cannot change).` },
  );
  table.replaceChildren(summary, head, el("tbody", {}, ...rows));
  table.hidden = false;
}

/**
 * `after − before` of two decimal strings, exactly: scaled to whole numbers as BigInts, so
 * no float rounding shows up in a money column.
 */
export function difference(after, before) {
  const scale = Math.max(decimals(after), decimals(before));
  const whole = (text) => BigInt(text.replace(".", "") + "0".repeat(scale - decimals(text)));
  const delta = whole(after) - whole(before);
  const sign = delta < 0n ? "−" : "+";
  const digits = (delta < 0n ? -delta : delta).toString().padStart(scale + 1, "0");
  return scale === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

function decimals(text) {
  const point = text.indexOf(".");
  return point === -1 ? 0 : text.length - point - 1;
}

/**
 * The roll-up mode comparison: one row per invoice any mode changes, one column per mode
 * with the amount due, and a Show button per mode.
 */
export function renderModeComparison(table, { modes, current, results, invoices, names }) {
  const byKey = new Map(invoices.map((invoice) => [invoiceKey(invoice), invoice]));
  const keys = [];
  for (const result of results) {
    for (const change of result.changed) {
      const key = invoiceKey(change);
      if (!keys.includes(key)) keys.push(key);
    }
  }
  const head = el(
    "thead",
    {},
    el(
      "tr",
      {},
      el("th", { text: "Invoice" }),
      ...modes.map((mode) =>
        el(
          "th",
          { data: { mode } },
          mode === current ? `${mode} (now)` : mode,
          " ",
          Object.assign(el("button", { text: "Show", className: "show-mode", data: { mode, testid: `show-${mode}` } }), { type: "button" }),
        ),
      ),
    ),
  );
  const rows = keys.map((key) => {
    const invoice = byKey.get(key);
    const [customerId, currency] = key.split("\u001f");
    return el(
      "tr",
      { data: { customerId, currency } },
      el("td", { text: `${names.get(customerId) ?? customerId} (${currency})` }),
      ...results.map((result, index) => {
        const change = result.changed.find((c) => invoiceKey(c) === key);
        const due = change ? change.after?.amountDue ?? "(no invoice)" : invoice?.totals.amountDue ?? "(no invoice)";
        return cell(due, `amount mode-${modes[index]}`);
      }),
    );
  });
  const caption = keys.length === 0 ? "No invoice depends on this subscription's mode." : "Amount due per mode.";
  table.replaceChildren(el("caption", { text: caption }), head, el("tbody", {}, ...rows));
  table.hidden = false;
}
