// The hierarchy drawn as an SVG tree (tree-layout.js places it). Only what meets the
// viewport, plus a margin, is in the DOM, so 10,000 customers cost what 50 do; the
// focused and selected customers are kept in too, so focus is never dropped by a pan.
// Keyboard: a roving tabindex over role="treeitem" groups (WAI-ARIA tree pattern).
// It draws inside <billtree-tree>'s shadow root (pkg-template/elements/), which is how
// the page and the npm package's users get it.
import { ownerMarks } from "./render.js";
import { COL_PITCH, NODE_H, NODE_W, ROW_PITCH, ancestorsOf, buildTree, layout, visibleIn } from "./tree-layout.js";

const SVG = "http://www.w3.org/2000/svg";
const MARGIN = 200; // world units drawn beyond each edge, so a short pan shows no gap
const MIN_ZOOM = 0.25; // below this a fit would put thousands of nodes in view
const MAX_ZOOM = 2;
const READABLE_ZOOM = 0.5;
const PAN_STEP = 80;

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

const plural = (count, one, many) => (count === 1 ? `1 ${one}` : `${count} ${many}`);

/**
 * Draws into `host` (an element holding the zoom buttons). `onSelect(id)` is called when
 * the reader selects a customer (click, Enter, or `select()`).
 */
export function createTreeView(host, { onSelect }) {
  // The canvas itself is no tab stop (Chromium would make it one): its one node with
  // tabindex 0 is.
  const root = svg("svg", { class: "tree-canvas", role: "tree", "aria-label": "Customer hierarchy", "data-testid": "tree-canvas", tabindex: "-1" });
  // The layers are no groups of their own: a treeitem must sit in its tree (Chromium
  // exposed the nodes as plain groups under unnamed SVG groups).
  const viewport = svg("g", { class: "viewport", role: "none" });
  const edgeLayer = svg("g", { class: "edges", "aria-hidden": "true" });
  const nodeLayer = svg("g", { class: "nodes", role: "none" });
  viewport.append(edgeLayer, nodeLayer);
  root.append(viewport);
  host.querySelector(".tree-stage").append(root);

  let tree = buildTree([]);
  let placed = layout(tree, () => false);
  let position = new Int32Array(0); // index in placed.order, -1 when hidden
  let facts = { issues: new Map(), owners: new Map(), names: new Map() };
  const collapsedIds = new Set();
  const drawn = new Map(); // customer index → its <g>, reused while the data stays
  let view = { x: 20, y: 20, k: 1 };
  let selected = -1;
  let focused = -1;
  let frame = 0;

  const collapsed = (i) => collapsedIds.has(tree.customers[i].id);

  function relayout() {
    placed = layout(tree, collapsed);
    position = new Int32Array(tree.n).fill(-1);
    placed.order.forEach((i, k) => (position[i] = k));
    for (const [i, node] of drawn) if (placed.row[i] === -1) (node.remove(), drawn.delete(i));
  }

  const nodeX = (i) => tree.depth[i] * COL_PITCH;
  const nodeY = (i) => placed.row[i] * ROW_PITCH;

  function size() {
    return { width: root.clientWidth || 800, height: root.clientHeight || 480 };
  }

  function problemBadge(found) {
    const count = found.own.length + found.involved.length;
    const codes = (list) => [...new Set(list.map((issue) => issue.code))].join(" ");
    const label = `${plural(count, "problem", "problems")}: ${[
      ...found.own.map((issue) => issue.code),
      ...found.involved.map((issue) => `involved in ${issue.code}`),
    ].join(", ")}`;
    const badge = svg("g", {
      class: "problem-badge", role: "img", "aria-label": label,
      "data-count": count, "data-codes": codes(found.own), "data-involved-codes": codes(found.involved),
      transform: `translate(${NODE_W - 4},4)`,
    });
    badge.append(svg("title", {}, label), svg("circle", { r: 10 }), svg("text", { "text-anchor": "middle", dy: "0.35em" }, String(count)));
    return { badge, label };
  }

  /** The parts of a customer's node that depend only on the data, built once per data. */
  function createNode(i) {
    const customer = tree.customers[i];
    const found = facts.issues.get(customer.id);
    const owner = facts.owners.get(customer.id);
    const marks = owner ? ownerMarks(customer, owner, facts.names) : [];
    const node = svg("g", { class: found ? "node has-issue" : "node", role: "treeitem", "aria-level": tree.depth[i] + 1 });
    node.dataset.customerId = customer.id;
    node.dataset.index = i;
    const notes = [
      customer.archived && "archived",
      customer.level === null && "in a cycle",
      tree.childCount[i] > 0 && plural(tree.childCount[i], "child", "children"),
    ].filter(Boolean);
    if (tree.parent[i] !== -1) node.append(svg("path", { class: "stub", d: `M${(NODE_W - COL_PITCH) / 2},${NODE_H / 2}H0`, "aria-hidden": "true" }));
    node.append(svg("rect", { class: "frame", width: NODE_W, height: NODE_H, rx: 5 }));
    // A nested <svg> clips its content: a long name is cut at the frame, yet stays whole text.
    const body = svg("svg", { width: NODE_W - 14, height: NODE_H });
    body.append(svg("text", { class: "name", x: 8, y: 16 }, customer.name));
    const idLine = svg("text", { class: "id-line", x: 8, y: 30 });
    idLine.append(svg("tspan", { class: "id" }, customer.id));
    for (const note of notes) idLine.append(svg("tspan", { class: "badge", dx: 6 }, `· ${note}`));
    body.append(idLine);
    marks.forEach((mark, k) => {
      const line = svg("text", { class: mark.className, x: 8, y: 44 + k * 13 }, mark.text);
      if (mark.ownerId) line.dataset.ownerId = mark.ownerId;
      if (mark.side) line.dataset.side = mark.side;
      body.append(line);
    });
    node.append(body);
    const label = [`${customer.name} (${customer.id})`, ...notes, ...marks.map((mark) => mark.text)];
    if (found) {
      const { badge, label: problems } = problemBadge(found);
      node.append(badge);
      label.push(problems);
    }
    if (tree.childCount[i] > 0) {
      const toggle = svg("g", { class: "toggle", "data-action": "toggle", transform: `translate(${NODE_W + 12},${NODE_H / 2})`, "aria-hidden": "true" });
      toggle.append(svg("title"), svg("circle", { r: 9 }), svg("text", { "text-anchor": "middle", dy: "0.35em" }));
      node.append(toggle);
    }
    node.setAttribute("aria-label", label.join(", "));
    // The hover text says in sentences what the clipped lines abbreviate.
    node.prepend(svg("title", {}, [`${customer.name} (${customer.id})`, ...marks.map((mark) => mark.title)].join("\n")));
    return node;
  }

  /** The parts that change with selection, focus and collapsing. */
  function updateNode(node, i, tabStop) {
    node.setAttribute("transform", `translate(${nodeX(i)},${nodeY(i)})`);
    node.setAttribute("tabindex", i === tabStop ? "0" : "-1");
    node.setAttribute("aria-selected", String(i === selected));
    node.classList.toggle("selected", i === selected);
    if (tree.childCount[i] > 0) {
      const open = !collapsed(i);
      node.setAttribute("aria-expanded", String(open));
      const toggle = node.querySelector(".toggle");
      toggle.querySelector("text").textContent = open ? "−" : "+";
      toggle.querySelector("title").textContent = open ? "Collapse" : `Expand (${tree.customers[i].subordinateCount} below)`;
    }
  }

  function tabStop() {
    for (const i of [focused, selected, placed.order[0] ?? -1]) if (i !== -1 && placed.row[i] !== -1) return i;
    return -1;
  }

  function render() {
    frame = 0;
    const { width, height } = size();
    const { x, y, k } = view;
    const left = -x / k - MARGIN;
    const top = -y / k - MARGIN;
    const right = (width - x) / k + MARGIN;
    const bottom = (height - y) / k + MARGIN;
    const { nodes, edges } = visibleIn(placed, {
      colFrom: Math.floor((left - NODE_W) / COL_PITCH) + 1,
      colTo: Math.floor(right / COL_PITCH),
      rowFrom: Math.floor((top - NODE_H) / ROW_PITCH) + 1,
      rowTo: Math.floor(bottom / ROW_PITCH),
    });
    const stop = tabStop();
    const wanted = new Set(nodes);
    for (const i of [stop, selected, focused]) if (i !== -1 && placed.row[i] !== -1) wanted.add(i);
    // Inside a shadow root (the <billtree-tree> element) the document's activeElement is
    // the host: the focused node is the root node's.
    const active = root.getRootNode().activeElement;
    for (const [i, node] of drawn) {
      if (!wanted.has(i) && node !== active) (node.remove(), drawn.delete(i));
    }
    for (const i of wanted) {
      let node = drawn.get(i);
      if (!node) {
        node = createNode(i);
        drawn.set(i, node);
        nodeLayer.append(node);
      }
      updateNode(node, i, stop);
    }
    edgeLayer.replaceChildren(
      ...edges.map(({ parent, from, to }) => {
        const px = nodeX(parent) + NODE_W;
        const mid = px + (COL_PITCH - NODE_W) / 2;
        const y0 = from * ROW_PITCH + NODE_H / 2;
        const y1 = to * ROW_PITCH + NODE_H / 2;
        return svg("path", { d: `M${px},${y0}H${mid}M${mid},${y0}V${y1}` });
      }),
    );
    viewport.setAttribute("transform", `translate(${x},${y}) scale(${k})`);
    host.dataset.drawnNodes = String(drawn.size);
    host.dataset.zoom = k.toFixed(2);
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  function zoomAt(factor, cx, cy) {
    const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.k * factor));
    // The world point under (cx, cy) stays under it.
    view = { k, x: cx - ((cx - view.x) / view.k) * k, y: cy - ((cy - view.y) / view.k) * k };
    schedule();
  }

  /** Fits the whole tree, or as much as `floor` (the smallest zoom allowed) holds. */
  function fit(floor = MIN_ZOOM) {
    const { width, height } = size();
    const treeWidth = placed.depthCount * COL_PITCH;
    const treeHeight = Math.max(1, placed.rows) * ROW_PITCH;
    const k = Math.min(1, Math.max(floor, Math.min((width - 40) / treeWidth, (height - 40) / treeHeight)));
    // When even the smallest zoom cannot hold it all, show the top-left, where the roots start.
    view = { k, x: Math.max(20, (width - treeWidth * k) / 2), y: Math.max(20, (height - treeHeight * k) / 2) };
    schedule();
  }

  /** Pans as little as needed to bring customer `i` into view, or centres it with `centre`. */
  function reveal(i, centre = false) {
    const { width, height } = size();
    const { k } = view;
    const x0 = nodeX(i) * k + view.x;
    const y0 = nodeY(i) * k + view.y;
    const w = (NODE_W + 30) * k;
    const h = NODE_H * k;
    if (centre) {
      view = { k, x: width / 2 - x0 + view.x - w / 2, y: height / 2 - y0 + view.y - h / 2 };
    } else {
      if (x0 < 10) view.x += 10 - x0;
      else if (x0 + w > width - 10) view.x -= x0 + w - (width - 10);
      if (y0 < 10) view.y += 10 - y0;
      else if (y0 + h > height - 10) view.y -= y0 + h - (height - 10);
    }
  }

  function focusIndex(i) {
    if (i === -1 || placed.row[i] === -1) return;
    focused = i;
    reveal(i);
    render();
    drawn.get(i)?.focus({ preventScroll: true });
  }

  function setCollapsed(i, value) {
    if (tree.childCount[i] === 0 || collapsed(i) === value) return;
    if (value) collapsedIds.add(tree.customers[i].id);
    else collapsedIds.delete(tree.customers[i].id);
    // A hidden focus or selection moves up to the collapsed customer.
    if (focused !== -1 && value && ancestorsOf(tree, focused).includes(i)) focused = i;
    relayout();
    render();
  }

  function choose(i) {
    selected = i;
    focused = i;
    render();
    onSelect(tree.customers[i].id);
  }

  function onKey(event) {
    const node = event.target.closest?.(".node");
    if (!node) return;
    const i = Number(node.dataset.index);
    const { key } = event;
    if (event.shiftKey && key.startsWith("Arrow")) {
      const step = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] }[key];
      view.x += step[0];
      view.y += step[1];
      schedule();
    } else if (key === "ArrowDown") focusIndex(placed.order[position[i] + 1] ?? -1);
    else if (key === "ArrowUp") focusIndex(placed.order[position[i] - 1] ?? -1);
    else if (key === "Home") focusIndex(placed.order[0]);
    else if (key === "End") focusIndex(placed.order[placed.order.length - 1]);
    else if (key === "ArrowRight") {
      if (tree.childCount[i] > 0 && collapsed(i)) setCollapsed(i, false);
      else focusIndex(tree.firstChild[i]);
    } else if (key === "ArrowLeft") {
      if (tree.childCount[i] > 0 && !collapsed(i)) setCollapsed(i, true);
      else focusIndex(tree.parent[i]);
    } else if (key === "Enter") choose(i);
    else if (key === " ") {
      if (tree.childCount[i] > 0) setCollapsed(i, !collapsed(i));
      else choose(i);
    } else if (key === "+" || key === "=") zoomAt(1.25, size().width / 2, size().height / 2);
    else if (key === "-") zoomAt(0.8, size().width / 2, size().height / 2);
    else return;
    event.preventDefault();
  }

  root.addEventListener("keydown", onKey);
  root.addEventListener("click", (event) => {
    const node = event.target.closest(".node");
    if (!node) return;
    const i = Number(node.dataset.index);
    if (event.target.closest("[data-action=toggle]")) {
      focused = i;
      setCollapsed(i, !collapsed(i));
      drawn.get(i)?.focus({ preventScroll: true });
    } else {
      choose(i);
      drawn.get(i)?.focus({ preventScroll: true });
    }
  });
  root.addEventListener("focusin", (event) => {
    const node = event.target.closest?.(".node");
    if (node) focused = Number(node.dataset.index);
  });
  root.addEventListener("wheel", (event) => {
    event.preventDefault();
    const box = root.getBoundingClientRect();
    zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - box.left, event.clientY - box.top);
  }, { passive: false });

  // Dragging the background pans; a press on a node stays a click.
  let drag = null;
  root.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || event.target.closest(".node")) return;
    drag = { id: event.pointerId, x: event.clientX - view.x, y: event.clientY - view.y };
    root.setPointerCapture(event.pointerId);
    root.classList.add("dragging");
  });
  root.addEventListener("pointermove", (event) => {
    if (!drag || drag.id !== event.pointerId) return;
    view.x = event.clientX - drag.x;
    view.y = event.clientY - drag.y;
    schedule();
  });
  const endDrag = () => {
    drag = null;
    root.classList.remove("dragging");
  };
  root.addEventListener("pointerup", endDrag);
  root.addEventListener("pointercancel", endDrag);

  host.querySelector("[data-zoom=in]").addEventListener("click", () => zoomAt(1.25, size().width / 2, size().height / 2));
  host.querySelector("[data-zoom=out]").addEventListener("click", () => zoomAt(0.8, size().width / 2, size().height / 2));
  host.querySelector("[data-zoom=fit]").addEventListener("click", () => fit());
  new ResizeObserver(schedule).observe(root);

  return {
    /**
     * Draws a hierarchy: `customers` from session.forest(), `issues` from issuesByCustomer,
     * `owners` by id from session.owners(). `fresh` (another hierarchy) resets the view and
     * the collapsed subtrees; otherwise both are kept across an applied edit.
     */
    show({ customers, issues, owners, names, fresh }) {
      const keep = tree.customers[selected]?.id;
      const keepFocus = fresh ? null : tree.customers[focused]?.id;
      tree = buildTree(customers);
      facts = { issues, owners, names };
      for (const node of drawn.values()) node.remove();
      drawn.clear();
      if (fresh) collapsedIds.clear();
      relayout();
      // A new hierarchy starts fitted, but never so small that names cannot be made out.
      if (fresh) fit(READABLE_ZOOM);
      selected = tree.indexById.get(keep) ?? -1;
      focused = tree.indexById.get(keepFocus) ?? -1;
      render();
    },

    /** Selects `id` without telling onSelect: expands its ancestors and centres it. */
    reveal(id) {
      const i = tree.indexById.get(id);
      if (i === undefined) return;
      let changed = false;
      for (const a of ancestorsOf(tree, i)) changed = collapsedIds.delete(tree.customers[a].id) || changed;
      if (changed) relayout();
      selected = i;
      focused = i;
      reveal(i, true);
      render();
    },

    /** Clears the selection (the selected customer is gone). */
    clearSelection() {
      selected = -1;
      render();
    },
  };
}
