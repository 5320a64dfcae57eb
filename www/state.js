// The page's state, apart from any session: what was loaded (the texts, and the sample
// they came from), the policy, the applied edits with a cursor, and the selected customer.
// A session is always rebuilt from this (input, then the edits up to the cursor in one
// applyEdits call), so undo needs no inverse edits and a shared link needs nothing else.

/**
 * `snapshot()`/`restore()` give and take the plain object a share link carries:
 * `{ v, sample?, input?, billing?, billingFromSample?, policy, edits, cursor, selected }`.
 */
export function createPageState() {
  const state = {
    sample: null, // the built-in sample's key when the hierarchy is one, unchanged
    input: null, // the hierarchy text as loaded (any format fromFormat reads)
    billing: null, // the billing JSON text, or null
    billingFromSample: false, // the billing is the sample's own, so a link names the sample only
    policy: null, // a preset's name, or a custom policy object
    edits: [],
    cursor: 0,
    selected: null,
  };

  return {
    get sample() { return state.sample; },
    get input() { return state.input; },
    get billing() { return state.billing; },
    get policy() { return state.policy; },
    get selected() { return state.selected; },
    get cursor() { return state.cursor; },
    get size() { return state.edits.length; },
    get canUndo() { return state.cursor > 0; },
    get canRedo() { return state.cursor < state.edits.length; },
    /** The edits the session has applied (up to the cursor), oldest first. */
    applied() { return state.edits.slice(0, state.cursor); },
    /** The edit an undo would drop, or a redo re-apply (for the buttons' labels). */
    lastApplied() { return state.edits[state.cursor - 1] ?? null; },
    nextUndone() { return state.edits[state.cursor] ?? null; },

    /** Another hierarchy: its history starts over. */
    loadInput({ input, sample = null, billing, billingFromSample = false, policy }) {
      Object.assign(state, { input, sample, policy, edits: [], cursor: 0 });
      if (billing !== undefined) Object.assign(state, { billing, billingFromSample });
    },
    /** A billing input accepted by the session; the edits stay (they are on the hierarchy). */
    setBilling(text, fromSample = false) {
      state.billing = text;
      state.billingFromSample = fromSample;
    },
    setPolicy(policy) { state.policy = policy; },
    select(id) { state.selected = id; },
    /** Edits just applied: anything undone beyond the cursor is dropped (no branches). */
    record(edits) {
      state.edits.splice(state.cursor, Infinity, ...edits);
      state.cursor = state.edits.length;
    },
    /** Moves the cursor back or forward one step; false when there is none. */
    undo() { return state.cursor > 0 && (state.cursor -= 1, true); },
    redo() { return state.cursor < state.edits.length && (state.cursor += 1, true); },

    /** The share link's object; `withData: false` leaves the texts out (a link too large). */
    snapshot({ withData = true } = {}) {
      const shot = { v: 1, policy: state.policy, edits: state.edits, cursor: state.cursor, selected: state.selected };
      if (state.sample) shot.sample = state.sample;
      else if (withData) shot.input = state.input;
      if (state.billing !== null) {
        if (state.billingFromSample && state.sample) shot.billingFromSample = true;
        else if (withData) shot.billing = state.billing;
      }
      if (!withData && (!state.sample || (state.billing !== null && !shot.billingFromSample))) shot.dataLeftOut = true;
      return shot;
    },
  };
}

/**
 * Checks a decoded share object's shape (it comes from a URL anyone can write): returns
 * it with defaults, or throws a TypeError saying what is wrong.
 */
export function checkSnapshot(shot) {
  const fail = (what) => { throw new TypeError(`the link's state is not readable: ${what}`); };
  if (typeof shot !== "object" || shot === null || shot.v !== 1) fail("unknown version");
  if (shot.sample !== undefined && typeof shot.sample !== "string") fail("sample");
  if (shot.input !== undefined && typeof shot.input !== "string") fail("input");
  if (shot.billing !== undefined && typeof shot.billing !== "string") fail("billing");
  if (!Array.isArray(shot.edits ?? [])) fail("edits");
  for (const edit of shot.edits ?? []) if (typeof edit !== "object" || edit === null || typeof edit.op !== "string") fail("an edit");
  const edits = shot.edits ?? [];
  const cursor = Number.isInteger(shot.cursor) && shot.cursor >= 0 && shot.cursor <= edits.length ? shot.cursor : edits.length;
  if (shot.selected !== undefined && shot.selected !== null && typeof shot.selected !== "string") fail("selected");
  const policy = typeof shot.policy === "string" || (typeof shot.policy === "object" && shot.policy !== null) ? shot.policy : null;
  return { ...shot, edits, cursor, policy, selected: shot.selected ?? null };
}

/** Restores history into `pageState` after its input was loaded (loadInput clears it). */
export function restoreHistory(pageState, { edits, cursor, selected }) {
  pageState.record(edits);
  while (pageState.cursor > cursor) pageState.undo();
  pageState.select(selected);
}
