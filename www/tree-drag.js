// Re-parenting by drag and drop in the SVG tree. A press on a node that moves more than a
// few pixels becomes a drag: a ghost label follows the pointer, the node under it is
// marked as the drop target, and the drop proposes "move X under Y" (or, on the
// background, "make X a root"). Nothing is applied here: `onDrop` gets the proposal and
// the page previews it. Escape or a pointer cancel drops nothing. A press that does not
// move stays a click (select), so the tree's keyboard and click behaviour are unchanged.
//
// The tree may live in a shadow root (<billtree-tree>): the node under the pointer is
// found by the canvas's own root node (a document's elementFromPoint stops at the host),
// and nothing outside the canvas is touched but the document's Escape key, listened to
// only while a drag is under way.

const SVG = "http://www.w3.org/2000/svg";
const THRESHOLD = 6; // px: below this a press is a click, not a drag

/**
 * Wires drags onto the tree's canvas `root` (the <svg role=tree>). `onDrop({ customerId,
 * parentId })` gets the dragged id and the target's id (null for the background); a drop
 * on the dragged node itself proposes nothing. `enabled()` is asked at each press (a drag
 * starts only while it says true); `onDragging(active)` is told when a drag starts and ends.
 */
export function enableNodeDrag(root, { onDrop, enabled = () => true, onDragging = () => {} }) {
  let drag = null;
  // The click that follows a drag's pointerup is not a selection.
  let swallowClick = false;

  /** The tree's node under the viewport point (x, y), or null. */
  function nodeAt(x, y) {
    const scope = root.getRootNode();
    const hit = (typeof scope.elementFromPoint === "function" ? scope : document).elementFromPoint(x, y);
    const node = hit?.closest?.(".node") ?? null;
    return node && root.contains(node) ? node : null;
  }

  function ghostFor(name) {
    const ghost = document.createElementNS(SVG, "g");
    ghost.setAttribute("class", "drag-ghost");
    ghost.setAttribute("aria-hidden", "true");
    const rect = document.createElementNS(SVG, "rect");
    Object.entries({ width: 200, height: 24, rx: 4, x: 8, y: 8 }).forEach(([k, v]) => rect.setAttribute(k, v));
    const text = document.createElementNS(SVG, "text");
    text.setAttribute("x", 16);
    text.setAttribute("y", 24);
    text.textContent = `Move ${name}`; // textContent: a name is never markup
    ghost.append(rect, text);
    return ghost;
  }

  function mark(target) {
    if (drag.target === target) return;
    drag.target?.classList.remove("drop-target");
    drag.target = target;
    target?.classList.add("drop-target");
    root.classList.toggle("drop-root", !target);
  }

  function onEscape(event) {
    if (event.key !== "Escape" || !drag?.started) return;
    event.preventDefault();
    swallowClick = true;
    end();
  }

  function end() {
    if (!drag) return;
    const { started } = drag;
    drag.target?.classList.remove("drop-target");
    drag.source?.classList.remove("drag-source");
    drag.ghost?.remove();
    root.classList.remove("node-dragging", "drop-root");
    if (root.hasPointerCapture(drag.pointer)) root.releasePointerCapture(drag.pointer);
    document.removeEventListener("keydown", onEscape);
    drag = null;
    if (started) onDragging(false);
  }

  root.addEventListener("pointerdown", (event) => {
    swallowClick = false;
    const node = event.target.closest?.(".node");
    if (event.button !== 0 || !node || event.target.closest("[data-action=toggle]") || !enabled()) return;
    drag = {
      pointer: event.pointerId, id: node.dataset.customerId, source: node,
      name: node.querySelector(".name")?.textContent ?? node.dataset.customerId,
      x: event.clientX, y: event.clientY, started: false, target: null, ghost: null,
    };
  });

  root.addEventListener("pointermove", (event) => {
    if (!drag || drag.pointer !== event.pointerId) return;
    if (!drag.started) {
      if (Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < THRESHOLD) return;
      drag.started = true;
      // Captured on the canvas, not the node: a pan or zoom may redraw the node away.
      root.setPointerCapture(event.pointerId);
      drag.source.classList.add("drag-source");
      drag.ghost = ghostFor(drag.name);
      root.append(drag.ghost);
      root.classList.add("node-dragging");
      document.addEventListener("keydown", onEscape);
      onDragging(true);
    }
    const box = root.getBoundingClientRect();
    drag.ghost.setAttribute("transform", `translate(${event.clientX - box.left},${event.clientY - box.top})`);
    const target = nodeAt(event.clientX, event.clientY);
    mark(target && target.dataset.customerId !== drag.id ? target : null);
  });

  root.addEventListener("pointerup", (event) => {
    if (!drag || drag.pointer !== event.pointerId) return;
    const { started, id } = drag;
    if (!started) {
      drag = null;
      return;
    }
    swallowClick = true;
    const over = nodeAt(event.clientX, event.clientY);
    end();
    if (over?.dataset.customerId === id) return;
    onDrop({ customerId: id, parentId: over ? over.dataset.customerId : null });
  });

  root.addEventListener("pointercancel", end);
  root.addEventListener("click", (event) => {
    if (!swallowClick) return;
    swallowClick = false;
    event.stopImmediatePropagation();
  }, true);

  return {
    /** Whether a drag is under way (the page's shortcuts wait while one is). */
    get active() {
      return Boolean(drag?.started);
    },
  };
}
