// The formats users already have, mapped onto billtree's model: the public functions,
// detection and dispatch. Pure JavaScript: no wasm, so nothing to initialise.
import billtree from "./billtree.mjs";
import chargebee from "./chargebee.mjs";
import csv, { looksLikeCsv } from "./csv.mjs";
import flexprice from "./flexprice.mjs";
import { fynn, sequence } from "./fynn-sequence.mjs";
import killbill from "./killbill.mjs";
import payer from "./payer.mjs";
import { Notes, billtreeError, envelope, get, invalid, isRecord, quote } from "./shared.mjs";

const ADAPTERS = [billtree, chargebee, fynn, sequence, flexprice, killbill, payer, csv];
const NAMES = ADAPTERS.map((adapter) => adapter.name);

/** Every format `fromFormat` reads: `{ name, label }`, in a fixed order. */
export const FORMATS = Object.freeze(ADAPTERS.map(({ name, label }) => Object.freeze({ name, label })));

// Detection reads this many records at most: enough to see past a few bare roots, and
// constant, so a 5,000,000-customer export costs nothing extra.
const SAMPLE = 200;
// What an empty list in each wrapper can only be.
const EMPTY = { "": billtree, customers: billtree, list: chargebee, subscriptions: flexprice };

const unknownFormat = (message) => billtreeError("UNKNOWN_FORMAT", message, { expected: [...NAMES] });

// Where JSON text first goes wrong, for engines whose message gives no position (V8's
// "Unexpected token …" does not). A checker, not a parser: one pass, its own stack.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
function errorOffset(text) {
  const stack = [];
  let expect = "value";
  let i = 0;
  const token = (pattern) => {
    pattern.lastIndex = i;
    return pattern.test(text) ? (i = pattern.lastIndex) : -1;
  };
  for (;;) {
    while (" \t\n\r".includes(text[i]) && i < text.length) i++;
    if (i >= text.length) return i;
    const c = text[i];
    const top = stack[stack.length - 1];
    if (expect === "end") return i;
    if (expect === "colon") {
      if (c !== ":") return i;
      i++;
      expect = "value";
    } else if (expect === "next" || (c === "]" && expect === "first" && top === "[") || (c === "}" && expect === "key" && text[i - 1] === "{")) {
      if (c === "," && expect === "next") {
        i++;
        expect = top === "{" ? "key" : "value";
      } else if (c === (top === "{" ? "}" : "]")) {
        i++;
        stack.pop();
        expect = stack.length > 0 ? "next" : "end";
      } else return i;
    } else if (expect === "key") {
      if (token(STRING) < 0) return i;
      expect = "colon";
    } else if (c === "{" || c === "[") {
      stack.push(c);
      i++;
      expect = c === "{" ? "key" : "first";
    } else {
      if (token(c === '"' ? STRING : SCALAR) < 0) return i;
      expect = stack.length > 0 ? "next" : "end";
    }
  }
}

function invalidJson(text, error) {
  const message = String(error?.message ?? error);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  const details = {};
  if (lineColumn) {
    details.line = Number(lineColumn[1]);
    details.column = Number(lineColumn[2]);
  } else {
    const offset = errorOffset(text);
    const lastBreak = text.lastIndexOf("\n", offset - 1);
    let line = 1;
    for (let at = text.indexOf("\n"); at >= 0 && at < offset; at = text.indexOf("\n", at + 1)) line++;
    details.line = line;
    details.column = offset - lastBreak;
  }
  return billtreeError("INVALID_JSON", `the input is not well-formed JSON (line ${details.line}, column ${details.column}): ${message}`, details);
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidJson(text, error);
  }
}

/** The format named in `options`, or "auto". */
function chosenFormat(options) {
  if (options === undefined || options === null) return "auto";
  if (!isRecord(options)) throw invalid("options", "expected an object such as { format: \"chargebee\" }");
  const format = get(options, "format", "options");
  if (format === undefined || format === null || format === "auto") return "auto";
  if (typeof format !== "string") throw invalid("format", "expected a format name such as \"chargebee\", or \"auto\"");
  const known = ADAPTERS.find((adapter) => adapter.name === format);
  if (!known) throw unknownFormat(`unknown format ${quote(format)}: billtree reads ${NAMES.join(", ")} (or "auto")`);
  return format;
}

/** The adapter whose records the value looks most like; UNKNOWN_FORMAT when none or two. */
function detect(value) {
  const env = envelope(value);
  if (env && env.items.length === 0) {
    const only = EMPTY[env.key];
    if (only) return only;
    throw unknownFormat(`an empty ${env.key} list says nothing about its format: give options.format`);
  }
  const sample = env ? env.items.slice(0, SAMPLE) : [];
  let best = null;
  let bestScore = 0;
  let tied = null;
  for (const adapter of ADAPTERS) {
    if (!adapter.score) continue;
    const score = adapter.score(value, env, sample);
    if (score > bestScore) {
      [best, bestScore, tied] = [adapter, score, null];
    } else if (score > 0 && score === bestScore) {
      tied = adapter;
    }
  }
  // Nothing else claims it, yet it is shaped like billtree's own JSON (its wrapper, or
  // records with ids): billtree it is, so the module names the misspelt field exactly.
  if (!best && (env?.key === "customers" || (env?.key === "" && sample.every((entry) => isRecord(entry) && get(entry, "id") !== undefined)))) {
    return billtree;
  }
  if (!best) {
    throw unknownFormat(`the input matches no format billtree reads (${NAMES.join(", ")}): give options.format, or check it is a list of customers or subscriptions`);
  }
  if (tied) throw unknownFormat(`the input looks as much like ${best.label} as like ${tied.label}: give options.format`);
  return best;
}

/** The adapter for `input` and the value it reads (JSON parsed; CSV stays text). */
function resolve(input, format) {
  if (format === "csv") return { adapter: csv, value: input };
  if (typeof input === "string") {
    const first = /\S/.exec(input)?.[0];
    if (format === "auto" && first !== "{" && first !== "[") {
      if (looksLikeCsv(input)) return { adapter: csv, value: input };
      throw unknownFormat("the text is neither JSON nor CSV with an id column in its header line");
    }
    // JSON.parse does not skip a byte-order mark; exports from Windows tools start with one.
    const value = parseJson(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
    return { adapter: format === "auto" ? detect(value) : ADAPTERS.find((a) => a.name === format), value };
  }
  return { adapter: format === "auto" ? detect(input) : ADAPTERS.find((a) => a.name === format), value: input };
}

// Anything but a BilltreeError escaping an adapter (a proxy's trap, say) becomes one:
// callers branch on `code` and must never meet a bare TypeError.
function guarded(run) {
  try {
    return run();
  } catch (error) {
    if (error instanceof Error && error.name === "BilltreeError") throw error;
    throw billtreeError("INVALID_INPUT", `the input could not be read: ${String(error?.message ?? error)}`, {});
  }
}

/**
 * Maps an export from another billing system onto billtree's model. `input`: JSON or CSV
 * text, or an already-parsed value; `options.format`: a name from `FORMATS`, or "auto"
 * (the default) to detect it. Returns `{ format, hierarchy, billing?, policy, notes }`:
 * the hierarchy for every billtree function, the billing input parts the export carries
 * (Flexprice subscriptions), the policy matching the vendor's rules, and what was mapped
 * approximately or left out. Deterministic; output follows input order.
 *
 * @example
 * const { hierarchy, policy, notes } = fromFormat(chargebeeJsonText);
 * validateHierarchy(hierarchy, { policy });
 */
export function fromFormat(input, options) {
  return guarded(() => {
    const { adapter, value } = resolve(input, chosenFormat(options));
    const notes = new Notes();
    const { hierarchy, billing, policy } = adapter.read(value, notes);
    const result = { format: adapter.name, hierarchy };
    if (billing) result.billing = billing;
    result.policy = policy;
    result.notes = notes.list();
    return result;
  });
}

/**
 * The format `input` (text or a parsed value) is in, as `{ format, label }`; throws
 * UNKNOWN_FORMAT when no format matches or two match equally.
 */
export function detectFormat(input) {
  return guarded(() => {
    const { adapter } = resolve(input, "auto");
    return { format: adapter.name, label: adapter.label };
  });
}
