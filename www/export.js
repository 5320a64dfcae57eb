// Exports of the edited hierarchy (billtree's JSON, which the page reads back, and a CSV
// with the columns the CSV reader knows) and of the consolidated invoices (JSON as the
// module gives them, CSV one row per line), downloaded as Blobs: nothing leaves the page.
// CSV is RFC 4180 (CRLF, quotes doubled), and a text cell starting with = + - @ (or a tab
// or carriage return) gets a leading ' so a spreadsheet shows it instead of running it as
// a formula; money and quantities are the engine's decimal strings and stay numbers.

const $ = (id) => document.getElementById(id);

const NUMBER = /^-?\d+(\.\d+)?$/;
const FORMULA = /^[=+\-@\t\r]/;

/** One CSV field: neutralized when it is text that a spreadsheet would evaluate, then quoted if needed. */
export function csvCell(value, { numeric = false } = {}) {
  if (value === undefined || value === null) return "";
  let text = String(value);
  if (!(numeric && NUMBER.test(text)) && FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (arrays of cells, `{ numeric }` columns by index) as RFC 4180 text. */
export function csvText(header, rows, numericColumns = new Set()) {
  const line = (cells) => cells.map((cell, k) => csvCell(cell, { numeric: numericColumns.has(k) })).join(",");
  return [line(header), ...rows.map(line)].join("\r\n") + "\r\n";
}

const HIERARCHY_COLUMNS = [
  ["id", "id"], ["name", "name"], ["parent_id", "parentId"], ["tenant_id", "tenantId"], ["currency", "currency"],
  ["archived", "archived"], ["bill_to", "billTo"], ["payer", "payer"], ["invoice_owner_id", "invoiceOwnerId"],
  ["payment_owner_id", "paymentOwnerId"], ["invoicing_delegate_id", "invoicingDelegateId"],
];

/** session.customers() as CSV (access settings, being objects, are in the JSON export only). */
export function hierarchyCsv(customers) {
  return csvText(
    HIERARCHY_COLUMNS.map(([column]) => column),
    customers.map((customer) => HIERARCHY_COLUMNS.map(([, key]) => (key === "archived" ? (customer.archived ? "true" : "") : customer[key]))),
  );
}

const INVOICE_COLUMNS = ["invoice_id", "invoice_customer_id", "currency", "section_customer_id", "section_name", "line_id", "line_kind", "line_customer_id", "description", "quantity", "amount"];
const NUMERIC = new Set([9, 10]);

/** One row per line of every invoice, sections in the invoice's order. */
export function invoicesCsv(invoices) {
  const rows = [];
  for (const invoice of invoices) {
    for (const section of invoice.sections) {
      for (const line of section.lines) {
        rows.push([invoice.id, invoice.customerId, invoice.currency, section.customerId, section.name, line.id, line.kind,
          line.customerId, line.description, line.quantity ?? "", line.amount]);
      }
    }
  }
  return csvText(INVOICE_COLUMNS, rows, NUMERIC);
}

/** Saves `text` as `filename` through a Blob URL and an <a download> (no CSP change: it is a navigation, not a fetch). */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: Chromium starts the download asynchronously from the URL.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Wires the four export buttons; `session()` gives the current session. */
export function setupExports({ session }) {
  const invoices = () => session()?.loadedInvoices() ?? null;
  const actions = {
    "export-hierarchy-json": () => download("hierarchy.json", `${JSON.stringify({ customers: session().customers() }, null, 2)}\n`, "application/json"),
    "export-hierarchy-csv": () => download("hierarchy.csv", hierarchyCsv(session().customers()), "text/csv"),
    "export-invoices-json": () => download("invoices.json", `${JSON.stringify(invoices(), null, 2)}\n`, "application/json"),
    "export-invoices-csv": () => download("invoices.csv", invoicesCsv(invoices().invoices), "text/csv"),
  };
  for (const [id, action] of Object.entries(actions)) {
    $(id).addEventListener("click", () => {
      if (session() && (!id.startsWith("export-invoices") || invoices())) action();
    });
  }
  /** After every render: the invoice exports need a loaded billing input. */
  return function refresh(hasInvoices) {
    $("export-invoices-json").disabled = !hasInvoices;
    $("export-invoices-csv").disabled = !hasInvoices;
  };
}
