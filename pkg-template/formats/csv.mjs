// A plain CSV hierarchy export: a header row naming the columns (`id,name,parent_id,…`),
// one customer per row. The reader is hand-written (RFC 4180: quoted fields, doubled
// quotes, CRLF or LF, a UTF-8 byte-order mark) because the package has no runtime
// dependencies and keeps it that way.
import { billtreeError, invalid, put, quote, tally } from "./shared.mjs";

/**
 * Splits CSV text into records of fields. Returns `{ records, starts }`: for each record
 * its line and the 1-based column of each field, so errors can say where. Malformed
 * quoting is INVALID_JSON (the code for text that is not well-formed) with line/column.
 */
export function parseCsv(text, delimiter = ",") {
  const records = [];
  const starts = [];
  const sep = delimiter.charCodeAt(0);
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  // The next "\n" at or after i, kept across quoted fields so counting lines stays linear.
  let newline = text.indexOf("\n", i);
  const fail = (message, column, at = line) =>
    billtreeError("INVALID_JSON", `CSV: line ${at}, column ${column}: ${message}`, { line: at, column });
  while (i < n) {
    const fields = [];
    const columns = [];
    const recordLine = line;
    let firstQuoted = false;
    for (;;) {
      columns.push(i - lineStart + 1);
      if (text.charCodeAt(i) === 34 /* " */) {
        if (fields.length === 0) firstQuoted = true;
        const openLine = line;
        const openColumn = i - lineStart + 1;
        let value = "";
        for (i++; ; ) {
          const close = text.indexOf('"', i);
          if (close < 0) throw fail("this quote is never closed", openColumn, openLine);
          // Line breaks inside quotes belong to the value but still count as lines.
          while (newline >= 0 && newline < close) {
            line++;
            lineStart = newline + 1;
            newline = text.indexOf("\n", lineStart);
          }
          value += text.slice(i, close);
          i = close + 1;
          if (text.charCodeAt(i) !== 34) break;
          value += '"';
          i++;
        }
        const next = text.charCodeAt(i);
        if (i < n && next !== sep && next !== 10 && next !== 13) throw fail("a closing quote must end its field", i - lineStart + 1);
        fields.push(value);
      } else {
        let end = i;
        for (let c = text.charCodeAt(end); end < n && c !== sep && c !== 10 && c !== 13; c = text.charCodeAt(++end)) {
          if (c === 34) throw fail("a quote inside an unquoted field (quote the whole field and double the quote)", end - lineStart + 1);
        }
        fields.push(text.slice(i, end));
        i = end;
      }
      if (i < n && text.charCodeAt(i) === sep) {
        i++;
        continue;
      }
      // The end of the record: CRLF, LF, a lone CR, or the end of the text.
      if (text.charCodeAt(i) === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      line++;
      lineStart = i;
      if (newline >= 0 && newline < i) newline = text.indexOf("\n", i);
      break;
    }
    // A blank line is no record.
    if (fields.length === 1 && fields[0] === "" && !firstQuoted) continue;
    records.push(fields);
    starts.push({ line: recordLine, columns });
  }
  return { records, starts };
}

// Header names as written (any case, spaces, dashes or camelCase) → one spelling.
const canonical = (name) =>
  name.trim().replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().replace(/[\s-]+/g, "_");

// The columns billtree reads, by their canonical names, and the Customer field of each.
const COLUMNS = {
  id: "id", customer_id: "id",
  name: "name", customer_name: "name", company: "name",
  parent_id: "parentId", parent: "parentId", parent_customer_id: "parentId",
  tenant_id: "tenantId", tenant: "tenantId", business_entity_id: "tenantId",
  currency: "currency", currency_code: "currency", preferred_currency_code: "currency",
  archived: "archived",
  invoice_owner_id: "invoiceOwnerId",
  payment_owner_id: "paymentOwnerId",
  bill_to: "billTo",
  payer: "payer",
  invoicing_delegate_id: "invoicingDelegateId", invoicing_customer_id: "invoicingDelegateId",
};
const ENUMS = { billTo: ["self", "parent", "root"], payer: ["self", "parent"] };
const BOOLEANS = { true: true, yes: true, y: true, 1: true, false: false, no: false, n: false, 0: false };

/** The header's first record, split with the delimiter the header line uses. */
function delimiterOf(text) {
  const end = text.search(/[\r\n]/);
  const header = end < 0 ? text : text.slice(0, end);
  if (header.includes(",")) return ",";
  if (header.includes(";")) return ";";
  if (header.includes("\t")) return "\t";
  return ",";
}

/** Whether `text` starts with a header naming an id column (for detection). */
export function looksLikeCsv(text) {
  const end = text.search(/[\r\n]/);
  const header = (end < 0 ? text : text.slice(0, end)).replace(/^\uFEFF/, "");
  return header.split(delimiterOf(text)).some((h) => COLUMNS[canonical(h.replace(/^"|"$/g, ""))] === "id");
}

/** The `csv` adapter (text only, so detection is `looksLikeCsv`). */
export default {
  name: "csv",
  label: "CSV hierarchy",

  read(input, notes) {
    if (typeof input !== "string") throw invalid("", "CSV is read from text; give the file's contents as a string");
    const { records, starts } = parseCsv(input, delimiterOf(input));
    if (records.length === 0) throw invalid("header", "the CSV is empty: its first line must name the columns, e.g. id,name,parent_id", { line: 1, column: 1 });
    const header = records[0];
    const fieldOf = [];
    const seen = new Map();
    const ignored = [];
    header.forEach((raw, column) => {
      const field = COLUMNS[canonical(raw)];
      if (field === undefined) {
        ignored.push(raw);
        return;
      }
      if (seen.has(field)) {
        throw invalid(`header.${raw}`, `the columns ${quote(seen.get(field))} and ${quote(raw)} both give ${field}`, { line: starts[0].line, column: starts[0].columns[column] });
      }
      seen.set(field, raw);
      fieldOf[column] = field;
    });
    if (!seen.has("id")) {
      throw invalid("header", `no id column in the header (${header.map(quote).join(", ")}): the first line must name the columns, e.g. id,name,parent_id`, { line: starts[0].line, column: 1 });
    }
    if (ignored.length > 0) notes.once(`columns billtree does not read were ignored: ${ignored.map(quote).join(", ")}`);
    const customers = [];
    for (let r = 1; r < records.length; r++) {
      const cells = records[r];
      const { line, columns } = starts[r];
      const path = `rows[${r - 1}]`;
      if (cells.length > header.length) {
        throw invalid(path, `line ${line} has ${cells.length} fields, the header ${header.length}`, { line, column: columns[header.length] });
      }
      const customer = {};
      for (let c = 0; c < cells.length; c++) {
        const field = fieldOf[c];
        const cell = cells[c];
        if (field === undefined || cell === "") continue;
        const where = { line, column: columns[c] };
        const cellPath = `${path}.${header[c]}`;
        if (field === "archived") {
          const value = BOOLEANS[cell.trim().toLowerCase()];
          if (value === undefined) throw invalid(cellPath, `${quote(cell)} is not true or false (yes/no, 1/0)`, { ...where, expected: ["true", "false"] });
          if (value) customer.archived = true;
        } else if (ENUMS[field]) {
          const value = ENUMS[field].find((v) => v === cell.trim().toLowerCase());
          if (value === undefined) throw invalid(cellPath, `${quote(cell)} is not one of ${ENUMS[field].join(", ")}`, { ...where, expected: [...ENUMS[field]] });
          customer[field] = value;
        } else {
          customer[field] = field === "currency" ? cell.trim().toUpperCase() : cell;
        }
      }
      if (customer.id === undefined) throw invalid(`${path}.${seen.get("id")}`, `line ${line} has no id`, { line, column: columns[0] });
      if (customer.name === undefined) {
        notes.add("unnamed", customer.id, tally("named by their id (no name)", "row"));
      }
      // Fixed key order (id, name first) whatever the column order.
      const ordered = { id: customer.id, name: customer.name ?? customer.id };
      for (const key of Object.keys(customer)) if (key !== "id" && key !== "name") put(ordered, key, customer[key]);
      customers.push(ordered);
    }
    return { hierarchy: { customers }, policy: "chargebee" };
  },
};
