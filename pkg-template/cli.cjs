#!/usr/bin/env node
"use strict";
// billtree's command line: the package's own API (../node/index.js), no second build.
// Exit codes: 0 nothing wrong, 1 problems found in the input, 2 the input or the call
// is wrong (the error, with its code, on stderr).

const { readFileSync } = require("node:fs");
const billtree = require("../node/index.js");

const HELP = `billtree — previews consolidated bills for customer hierarchies, offline

Usage:
  billtree validate FILE        the hierarchy's problems (depth, cycles, tenants, owners…)
  billtree owners FILE          who receives and who pays each customer's invoice
  billtree whatif FILE EDITS    what the edits would change (nothing is changed)
  billtree invoices FILE BILLING  the period's consolidated invoices (a build with the
                                invoice engine)

FILE is a hierarchy as JSON ({ "customers": [...] }); "-" reads standard input.

Options:
  --policy NAME        chargebee (default), fynn, zuora, orb, metronome, recurly, m3ter
  --format FORMAT      table (default), json, csv
  --period START..END  the billing period (YYYY-MM-DD, end exclusive), over the input's
  -h, --help           this help

Exit codes: 0 nothing wrong, 1 problems found, 2 bad input or usage (error on stderr,
with its code).

Examples:
  npx billtree validate customers.json --policy fynn
  cat customers.json | npx billtree owners - --format csv > owners.csv
  npx billtree whatif customers.json '[{"op":"setParent","customerId":"uk","parentId":"eu"}]'
  npx billtree validate customers.json --format json | jq '.issues[].code'
`;

class UsageError extends Error {}

function parseArguments(argv) {
  const options = { format: "table", policy: undefined, period: undefined, help: false };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${argument} needs a value`);
      return next;
    };
    if (argument === "-h" || argument === "--help") options.help = true;
    else if (argument === "--format") options.format = value();
    else if (argument === "--policy") options.policy = value();
    else if (argument === "--period") options.period = value();
    else if (argument.startsWith("--")) throw new UsageError(`unknown option ${argument}`);
    else positional.push(argument);
  }
  if (!["table", "json", "csv"].includes(options.format)) {
    throw new UsageError(`--format is table, json or csv, not ${JSON.stringify(options.format)}`);
  }
  return { options, positional };
}

function readInput(name) {
  if (name === undefined) throw new UsageError("a FILE is missing (\"-\" reads standard input)");
  try {
    return readFileSync(name === "-" ? 0 : name, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${name}: ${error.code ?? error.message}`);
  }
}

// Inputs this large take about a second or more: say what is happening, on stderr only.
const SLOW_INPUT_BYTES = 20 * 1024 * 1024;
function progress(text, input) {
  if (input.length >= SLOW_INPUT_BYTES) process.stderr.write(`billtree: ${text} (${(input.length / 1048576).toFixed(0)} MiB)…\n`);
}

function csvCell(value) {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function table(rows, headers) {
  // A loop, not Math.max(...rows): a spread of 150,000 rows overflows the call stack.
  const widths = headers.map((h) => h.length);
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i], String(cell ?? "").length)));
  const line = (cells) => cells.map((c, i) => String(c ?? "").padEnd(widths[i])).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function print(format, json, headers, rows, summary) {
  if (format === "json") return console.log(JSON.stringify(json, null, 2));
  if (format === "csv") return console.log([headers, ...rows].map((r) => r.map(csvCell).join(",")).join("\n"));
  if (rows.length > 0) console.log(table(rows, headers));
  console.log(summary);
}

const issueRows = (issues) => issues.map((i) => [i.code, (i.customerIds ?? [i.customerId]).filter(Boolean).join(" "), i.message]);

const COMMANDS = {
  validate({ options, positional }) {
    const input = readInput(positional[1]);
    progress("validating", input);
    const report = billtree.validateHierarchy(input, { policy: options.policy });
    print(options.format, report, ["code", "customers", "message"], issueRows(report.issues),
      `${report.customerCount} customers, ${report.rootCount} roots, deepest level ${report.deepestLevel}, ` +
        `policy ${report.policy.name}: ${report.issues.length === 0 ? "valid" : `${report.issues.length} problems`}`);
    return report.issues.length === 0 ? 0 : 1;
  },
  owners({ options, positional }) {
    const input = readInput(positional[1]);
    progress("resolving owners", input);
    const result = billtree.resolveOwners(input);
    const rows = result.customers.map((c) => [
      c.customerId, c.invoiceOwnerId ?? "unresolved", c.paymentOwnerId ?? "unresolved",
    ]);
    print(options.format, result, ["customer", "invoice owner", "payment owner"], rows,
      `${result.customers.length} customers, ${result.issues.length} owner problems` +
        result.issues.map((i) => `\n  ${i.code}: ${i.message}`).join(""));
    return result.issues.length === 0 ? 0 : 1;
  },
  whatif({ options, positional }) {
    const input = readInput(positional[1]);
    if (positional[2] === undefined) throw new UsageError("whatif needs the edits (a JSON array, or a file holding one)");
    // Edits written inline start like JSON; anything else names a file (or "-").
    const editsText = /^\s*[[{]/.test(positional[2]) ? positional[2] : readInput(positional[2]);
    let edits;
    try {
      edits = JSON.parse(editsText);
    } catch (error) {
      throw new UsageError(`the edits are not JSON: ${error.message}`);
    }
    progress("previewing the edits", input);
    const session = new billtree.HierarchySession(input, { policy: options.policy });
    let preview;
    try {
      preview = session.previewEdits(edits);
    } finally {
      session.free();
    }
    const owner = (id) => id ?? "unresolved";
    const rows = [
      ...preview.introducedIssues.map((i) => ["introduced", i.code, (i.customerIds ?? []).join(" "), i.message]),
      ...preview.resolvedIssues.map((i) => ["resolved", i.code, (i.customerIds ?? []).join(" "), i.message]),
      ...preview.ownerChanges.map((c) => ["owner change", c.customerId, "", `invoice ${owner(c.before.invoiceOwnerId)} → ${owner(c.after.invoiceOwnerId)}, paid by ${owner(c.before.paymentOwnerId)} → ${owner(c.after.paymentOwnerId)}`]),
    ];
    print(options.format, preview, ["what", "code / customer", "customers", "detail"], rows,
      `${preview.introducedIssues.length} problems introduced, ${preview.resolvedIssues.length} resolved, ${preview.ownerChanges.length} owner changes`);
    return preview.introducedIssues.length === 0 ? 0 : 1;
  },
  invoices({ options, positional }) {
    if (typeof billtree.previewInvoices !== "function") {
      throw new UsageError("invoices needs the consolidated-invoice engine, which this build of the package does not include yet (it is over the module's size budget)");
    }
    const input = readInput(positional[1]);
    let billing = readInput(positional[2]);
    if (options.period !== undefined) {
      const match = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(options.period);
      if (!match) throw new UsageError(`--period is START..END, e.g. 2026-11-01..2026-12-01, not ${JSON.stringify(options.period)}`);
      billing = { ...JSON.parse(billing), period: { start: match[1], end: match[2] } };
    }
    progress("previewing invoices", input);
    const preview = billtree.previewInvoices(input, billing);
    const rows = preview.invoices.map((i) => [i.customerId, i.kind, i.currency, i.payerId ?? "unresolved", i.totals.total, i.totals.amountDue]);
    print(options.format, preview, ["addressee", "kind", "currency", "paid by", "total", "amount due"], rows,
      `${preview.invoices.length} invoices for ${preview.period.start} – ${preview.period.end}, ${preview.issues.length} billing problems` +
        preview.issues.map((i) => `\n  ${i.code}: ${i.message}`).join(""));
    return preview.issues.length === 0 ? 0 : 1;
  },
};

function main(argv) {
  let parsed;
  try {
    parsed = parseArguments(argv);
    if (parsed.options.help || parsed.positional.length === 0) {
      (parsed.options.help ? process.stdout : process.stderr).write(HELP);
      return parsed.options.help ? 0 : 2;
    }
    const command = COMMANDS[parsed.positional[0]];
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(parsed.positional[0])} (validate, owners, whatif, invoices)`);
    return command(parsed);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`billtree: ${error.message}\nRun billtree --help for usage.\n`);
      return 2;
    }
    if (billtree.isBilltreeError(error)) {
      const where = [error.details.path, error.details.line && `line ${error.details.line}, column ${error.details.column}`].filter(Boolean).join(", ");
      process.stderr.write(`billtree: ${error.code}: ${error.message}${where ? ` (${where})` : ""}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
