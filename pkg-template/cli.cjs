#!/usr/bin/env node
"use strict";
// billtree's command line: the package's own API (../node/index.js), no second build.
// Exit codes: 0 nothing wrong, 1 problems found in the input, 2 the input or the call
// is wrong (the error, with its code, on stderr).

const { readFileSync } = require("node:fs");
const billtree = require("../node/index.js");

const FORMAT_NAMES = billtree.FORMATS.map((f) => f.name).join(", ");

const HELP = `billtree — previews consolidated bills for customer hierarchies, offline

Usage:
  billtree validate FILE        the hierarchy's problems (depth, cycles, tenants, owners…)
  billtree owners FILE          who receives and who pays each customer's invoice
  billtree whatif FILE EDITS    what the edits would change (nothing is changed)
  billtree invoices FILE BILLING  the period's consolidated invoices (a build with the
                                invoice engine)

FILE is a hierarchy: billtree's JSON ({ "customers": [...] }) or an export billtree
reads (see --from); "-" reads standard input.

Options:
  --from FORMAT        the export's format: auto (default: detected), ${FORMAT_NAMES}
  --policy NAME        chargebee, fynn, zuora, orb, metronome, recurly, m3ter; by default
                       the one matching the format read (chargebee for billtree's JSON)
  --format FORMAT      table (default), json, csv
  --period START..END  the billing period (YYYY-MM-DD, end exclusive), over the input's
  --progress           report each phase with its time on stderr (shown anyway when
                       stderr is a terminal and the input is over 8 MiB)
  --quiet              nothing on stderr but errors
  -h, --help           this help

Exit codes: 0 nothing wrong, 1 problems found, 2 bad input or usage (error on stderr,
with its code).

Examples:
  npx billtree validate customers.json --policy fynn
  npx billtree validate chargebee-export.json        # detected: read as Chargebee customers
  npx billtree owners accounts.csv --from csv --format csv > owners.csv
  cat customers.json | npx billtree owners - --format csv > owners.csv
  npx billtree whatif customers.json '[{"op":"setParent","customerId":"uk","parentId":"eu"}]'
  npx billtree validate big-export.json --progress --format json | jq '.issues[].code'
`;

class UsageError extends Error {}

function parseArguments(argv) {
  const options = { format: "table", policy: undefined, period: undefined, from: "auto", progress: false, quiet: false, help: false };
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
    else if (argument === "--from") options.from = value();
    else if (argument === "--progress") options.progress = true;
    else if (argument === "--quiet") options.quiet = true;
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

// Inputs this large take about a second or more to convert and compute.
const SLOW_INPUT_BYTES = 8 * 1024 * 1024;
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Phases with their times, on stderr only. The wasm calls are synchronous, so a phase is
 * announced when it starts (with the time since the start) and the summary says how long
 * each took.
 */
class Progress {
  #started = performance.now();
  #phases = [];
  #shown = false;

  /** Reading happens before the size is known, so it is reported once done. */
  read(name, text, options) {
    const bytes = Buffer.byteLength(text, "utf8");
    this.#shown = !options.quiet && (options.progress || (process.stderr.isTTY === true && bytes >= SLOW_INPUT_BYTES));
    this.#phases.push({ name: "read", at: this.#started });
    const size = bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1048576).toFixed(1)} MiB`;
    this.#say(`read ${name === "-" ? "standard input" : name}: ${size}`);
    this.phase("", "");
  }

  /** Starts phase `name` (a word for the summary), described by `text`. */
  phase(name, text) {
    const now = performance.now();
    const last = this.#phases[this.#phases.length - 1];
    if (last && last.ms === undefined) last.ms = now - last.at;
    if (name) {
      this.#phases.push({ name, at: now });
      this.#say(`${text}…`);
    }
  }

  done() {
    this.phase("", "");
    const total = performance.now() - this.#started;
    const parts = this.#phases.filter((p) => p.name).map((p) => `${p.name} ${seconds(p.ms)}`);
    if (this.#shown) process.stderr.write(`billtree: done in ${seconds(total)} (${parts.join(", ")})\n`);
  }

  #say(text) {
    if (this.#shown) process.stderr.write(`billtree: ${seconds(performance.now() - this.#started).padStart(8)}  ${text}\n`);
  }
}

/**
 * The hierarchy in FILE, converted from its format, and the policy to use: --policy, or
 * the preset matching the format. billtree's own JSON text goes to the module as text
 * (its fast path); --from billtree skips detection altogether.
 */
function loadHierarchy(name, options, progress) {
  const text = readInput(name);
  progress.read(name, text, options);
  if (options.from === "billtree") return { input: text, policy: options.policy };
  progress.phase("convert", "detecting the format and converting");
  const result = billtree.fromFormat(text, { format: options.from });
  if (!options.quiet) {
    if (result.format !== "billtree") {
      const label = billtree.FORMATS.find((f) => f.name === result.format).label;
      process.stderr.write(`billtree: read ${name === "-" ? "standard input" : name} as ${label}\n`);
    }
    for (const note of result.notes) process.stderr.write(`billtree: note: ${note}\n`);
  }
  const input = result.format === "billtree" ? text : result.hierarchy;
  return { input, policy: options.policy ?? result.policy, billing: result.billing, count: result.hierarchy.customers?.length };
}

/** A session over the hierarchy, loaded as its own phase; freed by the caller. */
function openSession(loaded, progress) {
  progress.phase("load", `loading ${loaded.count === undefined ? "the" : loaded.count.toLocaleString("en-US")} customers`);
  return new billtree.HierarchySession(loaded.input, { policy: loaded.policy });
}

/** `compute(session)` between loading and writing, the session freed whatever happens. */
function withSession(loaded, progress, compute) {
  const session = openSession(loaded, progress);
  try {
    progress.phase("compute", "computing");
    return compute(session);
  } finally {
    session.free();
  }
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
  validate({ options, positional }, progress) {
    const loaded = loadHierarchy(positional[1], options, progress);
    const report = withSession(loaded, progress, (session) => session.validate());
    progress.phase("write", "writing");
    print(options.format, report, ["code", "customers", "message"], issueRows(report.issues),
      `${report.customerCount} customers, ${report.rootCount} roots, deepest level ${report.deepestLevel}, ` +
        `policy ${report.policy.name}: ${report.issues.length === 0 ? "valid" : `${report.issues.length} problems`}`);
    return report.issues.length === 0 ? 0 : 1;
  },
  owners({ options, positional }, progress) {
    const loaded = loadHierarchy(positional[1], options, progress);
    const result = withSession(loaded, progress, (session) => session.owners());
    progress.phase("write", "writing");
    const rows = result.customers.map((c) => [
      c.customerId, c.invoiceOwnerId ?? "unresolved", c.paymentOwnerId ?? "unresolved",
    ]);
    print(options.format, result, ["customer", "invoice owner", "payment owner"], rows,
      `${result.customers.length} customers, ${result.issues.length} owner problems` +
        result.issues.map((i) => `\n  ${i.code}: ${i.message}`).join(""));
    return result.issues.length === 0 ? 0 : 1;
  },
  whatif({ options, positional }, progress) {
    if (positional[2] === undefined) throw new UsageError("whatif needs the edits (a JSON array, or a file holding one)");
    // Edits written inline start like JSON; anything else names a file (or "-").
    const editsText = /^\s*[[{]/.test(positional[2]) ? positional[2] : readInput(positional[2]);
    let edits;
    try {
      edits = JSON.parse(editsText);
    } catch (error) {
      throw new UsageError(`the edits are not JSON: ${error.message}`);
    }
    const loaded = loadHierarchy(positional[1], options, progress);
    const preview = withSession(loaded, progress, (session) => session.previewEdits(edits));
    progress.phase("write", "writing");
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
  invoices({ options, positional }, progress) {
    if (typeof billtree.previewInvoices !== "function") {
      throw new UsageError("invoices needs the consolidated-invoice engine, which this build of the package does not include yet (it is over the module's size budget)");
    }
    const loaded = loadHierarchy(positional[1], options, progress);
    let billing = readInput(positional[2]);
    // An export that carries subscriptions (Flexprice) fills in a billing input without any.
    const carried = loaded.billing?.subscriptions;
    if (carried || options.period !== undefined) {
      try {
        billing = JSON.parse(billing);
      } catch (error) {
        throw new UsageError(`the billing input is not JSON: ${error.message}`);
      }
      if (carried && billing.subscriptions === undefined) billing = { ...billing, subscriptions: carried };
    }
    if (options.period !== undefined) {
      const match = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(options.period);
      if (!match) throw new UsageError(`--period is START..END, e.g. 2026-11-01..2026-12-01, not ${JSON.stringify(options.period)}`);
      billing = { ...billing, period: { start: match[1], end: match[2] } };
    }
    progress.phase("compute", "computing the invoices");
    const preview = billtree.previewInvoices(loaded.input, billing);
    progress.phase("write", "writing");
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
    const progress = new Progress();
    const code = command(parsed, progress);
    progress.done();
    return code;
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
