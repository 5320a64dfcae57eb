// Undo and redo of applied edits: two labelled buttons that say which edit they would
// undo or redo, and Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y (Cmd on a Mac). In a text field the
// keys keep their text meaning: undoing a typed letter is not undoing a re-parent.

const $ = (id) => document.getElementById(id);

/** "move uk-ops under nordlicht-de", for the buttons' labels and the status line. */
export function describeEdit(edit) {
  switch (edit?.op) {
    case "setParent":
    case "moveSubtree":
      return edit.parentId === null ? `make ${edit.customerId} a root` : `move ${edit.customerId} under ${edit.parentId}`;
    case "removeParent":
      return `make ${edit.customerId} a root`;
    case "setBillingSettings":
      return `change ${edit.customerId}'s billing settings`;
    case undefined:
      return "";
    default:
      return `${edit.op} ${edit.customerId}`;
  }
}

const typing = (target) => target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * Wires the buttons and keys to `undo()` and `redo()` (the page rebuilds its session);
 * `busy()` says a drag is under way. Returns `refresh(state)`, run after every render.
 */
export function setupHistoryControls({ undo, redo, busy }) {
  $("undo").addEventListener("click", undo);
  $("redo").addEventListener("click", redo);
  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || typing(event.target) || busy()) return;
    const key = event.key.toLowerCase();
    if (key === "z" && !event.shiftKey) undo();
    else if ((key === "z" && event.shiftKey) || (key === "y" && !event.shiftKey)) redo();
    else return;
    event.preventDefault();
  });

  return function refresh(state) {
    const undoButton = $("undo");
    const redoButton = $("redo");
    undoButton.disabled = !state.canUndo;
    redoButton.disabled = !state.canRedo;
    const last = describeEdit(state.lastApplied());
    const next = describeEdit(state.nextUndone());
    undoButton.title = last ? `Undo: ${last} (Ctrl+Z)` : "Nothing to undo";
    redoButton.title = next ? `Redo: ${next} (Ctrl+Shift+Z or Ctrl+Y)` : "Nothing to redo";
    $("history-status").textContent = state.size === 0
      ? "No edits applied."
      : `${state.cursor} of ${state.size} edit(s) applied${last ? `; last: ${last}` : ""}.`;
  };
}
