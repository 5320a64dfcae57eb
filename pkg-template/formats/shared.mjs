// What every format adapter shares: billtree's errors, field readers that name the vendor
// path of whatever they refuse, and notes that count approximations instead of repeating
// them per customer. Plain JavaScript with no dependencies, so the adapters need neither
// the wasm module nor init().

const MAX_MESSAGE = 2048;

/** A BilltreeError, shaped exactly like those the facade and the module throw. */
export function billtreeError(code, message, details = {}) {
  const error = new Error(message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message);
  error.name = "BilltreeError";
  error.code = code;
  if (typeof details.path === "string" && details.path.length > MAX_MESSAGE) details.path = details.path.slice(0, MAX_MESSAGE);
  error.details = details;
  return error;
}

/** INVALID_INPUT at a vendor path: the field is there but cannot be mapped. */
export function invalid(path, message, extra = {}) {
  return billtreeError("INVALID_INPUT", path ? `${path}: ${message}` : message, { path, ...extra });
}

/** A value quoted for a message; long ids are cut like the module cuts them. */
export function quote(value) {
  const text = String(value);
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

/** `path.key`, or `path[index]` for a number: the vendor path an error names. */
export const at = (path, key) => (typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** A plain object (not null, not an array). */
export const isRecord = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function kind(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return `a ${typeof value}`;
}

/**
 * An own property, or undefined. Own only: `constructor` or a polluted prototype must not
 * read as a vendor field. A getter or proxy that throws becomes INVALID_INPUT at its path.
 */
export function get(object, key, path) {
  if (!isRecord(object)) return undefined;
  try {
    return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  } catch (error) {
    throw invalid(at(path, key), `could not be read (${error?.message ?? "it threw"})`);
  }
}

/** A string field; absent, null and "" read as absent (exports write empty cells as ""). */
export function text(object, key, path, what = "a string") {
  const value = get(object, key, path);
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw invalid(at(path, key), `expected ${what}, got ${kind(value)}`);
  return value;
}

/** The first of several spellings of one field that is present. */
export function firstText(object, keys, path, what) {
  for (const key of keys) {
    const value = text(object, key, path, what);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A boolean field (absent or null: undefined); anything else is INVALID_INPUT. */
export function bool(object, key, path) {
  const value = get(object, key, path);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalid(at(path, key), `expected true or false, got ${kind(value)}`);
  return value;
}

/** An array field (absent or null: empty). */
export function array(object, key, path) {
  const value = get(object, key, path);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(at(path, key), `expected an array, got ${kind(value)}`);
  return value;
}

/** An object field (absent or null: undefined). */
export function record(object, key, path) {
  const value = get(object, key, path);
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalid(at(path, key), `expected an object, got ${kind(value)}`);
  return value;
}

/** One element of a list that must be an object. */
export function item(list, index, path) {
  const value = list[index];
  if (!isRecord(value)) throw invalid(at(path, index), `expected an object, got ${kind(value)}`);
  return value;
}

/** A string that must be one of `allowed` (compared case-insensitively); the canonical value. */
export function oneOf(object, key, path, allowed) {
  const value = text(object, key, path);
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (found === undefined) {
    throw invalid(at(path, key), `${quote(value)} is not one of ${allowed.join(", ")}`, { expected: [...allowed] });
  }
  return found;
}

// The wrappers exports put around their list of records, in the order they are tried.
const ENVELOPES = ["customers", "list", "items", "data", "accounts", "subscriptions"];

/** The records of an export: a plain array, or the array inside a known wrapper. */
export function envelope(value) {
  if (Array.isArray(value)) return { items: value, base: "", key: "" };
  if (!isRecord(value)) return null;
  for (const key of ENVELOPES) {
    const items = get(value, key, "");
    if (Array.isArray(items)) return { items, base: key, key };
  }
  return null;
}

/** Own keys of a record, or none for anything else (never throws). */
export function keysOf(value) {
  if (!isRecord(value)) return [];
  try {
    return Object.keys(value);
  } catch {
    return [];
  }
}

/** Approximations, counted per kind and worded once, in the order first seen. */
export class Notes {
  #kinds = new Map();

  /** Counts one occurrence; `say(count, examples)` words the kind at the end. */
  add(kind, example, say) {
    let entry = this.#kinds.get(kind);
    if (!entry) this.#kinds.set(kind, (entry = { count: 0, examples: [], say }));
    entry.count++;
    if (example !== undefined && entry.examples.length < 3) entry.examples.push(quote(example));
  }

  once(sentence) {
    this.add(sentence, undefined, () => sentence);
  }

  list() {
    return [...this.#kinds.values()].map((entry) => entry.say(entry.count, entry.examples));
  }
}

/** `"a", "b", "c" and 4 more` for a note. */
export function examples(count, shown) {
  return shown.join(", ") + (count > shown.length ? ` and ${count - shown.length} more` : "");
}

/** A note's wording: `what: 3 customers ("a", "b", "c")`, agreeing with any count. */
export const tally = (what, noun) => (count, shown) => `${what}: ${plural(count, noun)} (${examples(count, shown)})`;

/** "1 customer", "3 customers". */
export const plural = (count, noun) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/** A custom policy with no limits, for systems with no preset (structural rules still apply). */
export const noLimits = (name) => ({ name, maxDepth: null, maxChildren: null, maxHierarchySize: null });

/** Sets `customer[key]` only when there is a value, so the hierarchy holds no nulls. */
export function put(customer, key, value) {
  if (value !== undefined) customer[key] = value;
}
