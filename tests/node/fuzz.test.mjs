// A seeded fuzz loop through the installed package: inputs mutated from the shared
// fixtures and the sample, as JSON text and as objects. For every input: no trap, every
// thrown error a BilltreeError with a documented code, a repeat gives byte-identical
// output, previewEdits never changes the session, and applyEdits then a reload gives
// the preview's report.
//
// BILLTREE_FUZZ_SEED replays a run (the seed is printed first); BILLTREE_FUZZ_CASES
// sets the count (default 100,000).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { HierarchySession, checkMigration, validateHierarchy } from "billtree";
import { DOCUMENTED_CODES } from "./documented-codes.mjs";

const seed = Number(process.env.BILLTREE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const total = Number(process.env.BILLTREE_FUZZ_CASES ?? 100_000);
console.log(`fuzz seed ${seed} (replay: BILLTREE_FUZZ_SEED=${seed}), ${total} cases`);

/** mulberry32: a small, seedable PRNG; the same seed gives the same inputs. */
function generator(state) {
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(seed);
const below = (n) => Math.floor(random() * n);
const pick = (items) => items[below(items.length)];

// The seeds: every hierarchy in the shared fixtures, and the page's sample.
const fixtures = process.env.BILLTREE_FIXTURES;
assert.ok(fixtures, "BILLTREE_FIXTURES must point at tests/fixtures");
const seeds = [JSON.parse(readFileSync(new URL("./sample-hierarchy.json", import.meta.url), "utf8")).customers];
for (const name of readdirSync(fixtures).filter((n) => n.endsWith(".json"))) {
  const file = JSON.parse(readFileSync(join(fixtures, name), "utf8"));
  for (const testCase of file.cases) {
    const customers = testCase.customers ?? file.customers;
    if (Array.isArray(customers) && customers.length > 0) seeds.push(customers);
  }
}

const FIELDS = ["id", "name", "tenantId", "parentId", "archived", "currency"];
const strangeValues = [
  null, undefined, NaN, Infinity, -Infinity, -1, 0, 1.5, 2 ** 53, 7n, true, false, "", " a", "a ",
  "\uD800", "\uDC00x", "\u0000", "é", "😀", "x".repeat(60), "x".repeat(5000), [], {}, ["a"], { id: "a" },
];
const splices = ['"', "{", "}", "[", "]", ",", ":", "\\", "\\u", "\\ud800", "null", "NaN", "1e999", "\uFEFF", "\uD800", "\u0000", "-", "0"];

function mutateObject(customers) {
  const out = customers.map((c) => ({ ...c }));
  const steps = 1 + below(3);
  for (let i = 0; i < steps; i++) {
    const customer = out.length > 0 ? out[below(out.length)] : null;
    switch (below(8)) {
      case 0:
        if (customer) customer[pick(FIELDS)] = pick(strangeValues);
        break;
      case 1:
        if (customer) customer[pick(FIELDS)] = out.length > 0 ? out[below(out.length)].id : "x";
        break;
      case 2:
        if (customer) delete customer[pick(FIELDS)];
        break;
      case 3:
        if (customer) customer[pick(["parentID", "extra", "__proto__x", "ID"])] = "x";
        break;
      case 4:
        if (customer) out.push({ ...customer });
        break;
      case 5:
        out.reverse();
        break;
      case 6:
        if (out.length > 0) out.splice(below(out.length), 1);
        break;
      default:
        if (customer) customer.parentId = customer.id;
    }
  }
  return random() < 0.1 ? { customers: out } : out;
}

function mutateText(text) {
  let out = text;
  const steps = 1 + below(3);
  for (let i = 0; i < steps; i++) {
    const at = below(out.length + 1);
    switch (below(5)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + 1 + below(4));
        break;
      case 1:
        out = out.slice(0, at) + pick(splices) + out.slice(at);
        break;
      case 2: {
        const from = below(out.length + 1);
        out = out.slice(0, at) + out.slice(from, from + below(30)) + out.slice(at);
        break;
      }
      case 3:
        out = out.slice(0, at);
        break;
      default:
        out = out.replace(/"(id|parentId|tenantId)":"([^"]*)"/, (_, key) => `"${key}":"${pick(seeds)[0]?.id ?? ""}"`);
    }
  }
  return out;
}

/** Calls `run`; returns ["ok", JSON] or ["error", code]. Any other throw fails. */
function outcome(run) {
  try {
    return ["ok", JSON.stringify(run())];
  } catch (error) {
    if (!(error instanceof Error) || error.name !== "BilltreeError" || !DOCUMENTED_CODES.has(error.code)) {
      throw new Error(`seed ${seed}: not a documented BilltreeError: ${error?.name} ${error?.code} ${error?.message}`);
    }
    return ["error", error.code];
  }
}

function randomEdit(ids) {
  const id = () => (random() < 0.9 && ids.length > 0 ? pick(ids) : "nobody");
  switch (below(5)) {
    case 0:
      return { op: "setParent", customerId: id(), parentId: id() };
    case 1:
      return { op: "removeParent", customerId: id() };
    case 2:
      return { op: "moveSubtree", customerId: id(), parentId: random() < 0.3 ? null : id() };
    case 3:
      return { op: "archive", customerId: id() };
    default:
      return { op: "unarchive", customerId: id() };
  }
}

test(`fuzz: ${total} mutated inputs, seed ${seed}`, () => {
  const started = performance.now();
  const tally = { ok: 0, error: 0, sessions: 0, applied: 0 };
  for (let n = 0; n < total; n++) {
    const base = pick(seeds);
    const asText = random() < 0.5;
    const input = asText ? mutateText(JSON.stringify(base)) : mutateObject(base);
    const policy = pick([undefined, { policy: "fynn" }, { policy: "orb" }, { policy: { maxDepth: 2, maxChildren: 1 } }]);
    const first = outcome(() => validateHierarchy(input, policy));
    const again = outcome(() => validateHierarchy(input, policy));
    assert.deepEqual(again, first, `seed ${seed}, case ${n}: a repeat gave other output`);
    tally[first[0]]++;
    if (n % 10 === 0) outcome(() => checkMigration(input, "metronome", policy));
    if (first[0] !== "ok" || n % 2 !== 0) continue;

    const session = new HierarchySession(input, policy);
    tally.sessions++;
    try {
      assert.equal(JSON.stringify(session.validate()), first[1], `case ${n}: session and one-shot agree`);
      const before = JSON.stringify(session.customers());
      const ids = JSON.parse(before).map((c) => c.id);
      const edits = Array.from({ length: 1 + below(3) }, () => randomEdit(ids));
      const preview = outcome(() => session.previewEdits(edits));
      assert.equal(JSON.stringify(session.customers()), before, `seed ${seed}, case ${n}: previewEdits changed the session`);
      if (preview[0] === "ok") {
        const applied = session.applyEdits(edits);
        tally.applied++;
        const previewed = JSON.parse(preview[1]);
        assert.equal(JSON.stringify(applied.report), JSON.stringify(previewed.report), `case ${n}: apply equals preview`);
        const reloaded = new HierarchySession(session.customers(), policy);
        assert.equal(
          JSON.stringify(reloaded.validate()),
          JSON.stringify(previewed.report),
          `seed ${seed}, case ${n}: applyEdits then reload differs from the preview`,
        );
        reloaded.free();
      } else {
        assert.equal(JSON.stringify(session.customers()), before, "a refused apply changes nothing");
      }
    } finally {
      session.free();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `fuzz: ${total} cases in ${seconds.toFixed(1)} s (${tally.ok} reports, ${tally.error} errors, ` +
      `${tally.sessions} sessions, ${tally.applied} applied edit lists), seed ${seed}`,
  );
  assert.ok(tally.ok > total / 10 && tally.error > total / 10, "the mutations reach both reports and errors");
});
