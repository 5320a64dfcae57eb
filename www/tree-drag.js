// Re-parenting by drag and drop in the SVG tree. A press on a node that moves more than a
// few pixels becomes a drag: a ghost label follows the pointer, the node under it is
// marked as the drop target, and the drop proposes "move X under Y" (or, on the
// background, "make X a root"). Nothing is applied here: `onDrop` gets the proposal and
// the page previews it. Escape or a pointer cancel drops nothing. A press that does not
// move stays a click (select), so the tree's keyboard and click behaviour are unchanged.

const SVG = "http://www.w3.org/2000/svg";
const THRESHOLD = 6; // px: below this a press is a click, not a drag

/**
 * Wires drags onto the tree's canvas `root` (the <svg role=tree>). `onDrop({ customerId,
 * parentId, at })` gets the dragged id, the target's id (null for the background) and
 * the drop's `performance.now()`; a drop on the dragged node itself proposes nothing.
 */
export function enableNodeDrag(root, { onDrop }) {
  let drag = null;
  // The click that follows a drag's pointerup is not a selection.
  let swallowClick = false;

  const nodeAt = (x, y) => document.elementFromPoint(x, y)?.closest?.("#tree .node") ?? null;

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

  function end() {
    if (!drag) return;
    drag.target?.classList.remove("drop-target");
    drag.source?.classList.remove("drag-source");
    drag.ghost?.remove();
    root.classList.remove("node-dragging", "drop-root");
    if (root.hasPointerCapture(drag.pointer)) root.releasePointerCapture(drag.pointer);
    document.body.dataset.treeDrag = "idle";
    drag = null;
  }

  root.addEventListener("pointerdown", (event) => {
    swallowClick = false;
    const node = event.target.closest?.(".node");
    if (event.button !== 0 || !node || event.target.closest("[data-action=toggle]")) return;
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
      document.body.dataset.treeDrag = "dragging";
    }
    const box = root.getBoundingClientRect();
    drag.ghost.setAttribute("transform", `translate(${event.clientX - box.left},${event.clientY - box.top})`);
    const target = nodeAt(event.clientX, event.clientY);
    mark(target && target.dataset.customerId !== drag.id ? target : null);
  });

  root.addEventListener("pointerup", (event) => {
    if (!drag || drag.pointer !== event.pointerId) return;
    const at = performance.now();
    const { started, id } = drag;
    if (!started) {
      drag = null;
      return;
    }
    swallowClick = true;
    const over = nodeAt(event.clientX, event.clientY);
    end();
    if (over?.dataset.customerId === id) return;
    onDrop({ customerId: id, parentId: over ? over.dataset.customerId : null, at });
  });

  root.addEventListener("pointercancel", end);
  root.addEventListener("click", (event) => {
    if (!swallowClick) return;
    swallowClick = false;
    event.stopImmediatePropagation();
  }, true);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !drag?.started) return;
    event.preventDefault();
    swallowClick = true;
    end();
  });

  return {
    /** Whether a drag is under way (the page's shortcuts wait while one is). */
    get active() {
      return Boolean(drag?.started);
    },
  };
}
