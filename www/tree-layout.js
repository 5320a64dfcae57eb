// The hierarchy's geometry, apart from any drawing: a left-to-right layout where each
// depth is a column and a parent shares the row of its first shown child (so the top-left
// corner of any subtree reads like an outline, however wide the tree). Every walk is
// iterative over typed arrays: hierarchies can be 100,000 levels deep, and a recursion
// whose depth the input controls would overflow the stack.

export const NODE_W = 240;
export const NODE_H = 62;
export const COL_PITCH = 290; // NODE_W + room for the connector and the toggle
export const ROW_PITCH = 74;

/**
 * The forest (session.forest(): pre-order, then the parts caught in cycles) as a tree of
 * indices. A customer hangs under the first earlier customer with its parent's id; one
 * whose parent comes later (a cycle) or names nobody is drawn as a root, so every
 * customer is drawn exactly once.
 */
export function buildTree(customers) {
  const n = customers.length;
  const parent = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n);
  const firstChild = new Int32Array(n).fill(-1);
  const nextSibling = new Int32Array(n).fill(-1);
  const childCount = new Int32Array(n);
  const indexById = new Map();
  const roots = [];
  for (let i = 0; i < n; i += 1) {
    const { id, parentId } = customers[i];
    const p = parentId === null ? undefined : indexById.get(parentId);
    if (p === undefined) {
      roots.push(i);
    } else {
      parent[i] = p;
      depth[i] = depth[p] + 1;
      childCount[p] += 1;
    }
    if (!indexById.has(id)) indexById.set(id, i);
  }
  // Siblings keep the forest's order: link them back to front.
  for (let i = n - 1; i >= 0; i -= 1) {
    const p = parent[i];
    if (p !== -1) {
      nextSibling[i] = firstChild[p];
      firstChild[p] = i;
    }
  }
  return { customers, n, parent, depth, firstChild, nextSibling, childCount, indexById, roots };
}

/**
 * Positions of the customers not hidden in a collapsed subtree. `collapsed(i)` tells
 * whether customer `i`'s children are hidden. Returns rows (-1 for hidden), the shown
 * customers in pre-order, each column's shown customers by row, and each column's
 * expanded parents with the row span of their connector.
 */
export function layout(tree, collapsed) {
  const { n, parent, depth, firstChild, nextSibling, roots } = tree;
  const row = new Int32Array(n).fill(-1);
  const order = [];
  const columns = [];
  const buses = [];
  let rows = 0;
  const stack = [];
  for (let r = roots.length - 1; r >= 0; r -= 1) stack.push(roots[r]);
  while (stack.length > 0) {
    const i = stack.pop();
    const p = parent[i];
    row[i] = p !== -1 && firstChild[p] === i ? row[p] : rows++;
    order.push(i);
    const d = depth[i];
    (columns[d] ??= []).push(i);
    if (firstChild[i] === -1 || collapsed(i)) continue;
    const kids = [];
    for (let c = firstChild[i]; c !== -1; c = nextSibling[c]) kids.push(c);
    for (let k = kids.length - 1; k >= 0; k -= 1) stack.push(kids[k]);
  }
  // A parent's connector runs from its row to its last child's; rows are final now.
  for (const i of order) {
    if (firstChild[i] === -1 || collapsed(i)) continue;
    let last = firstChild[i];
    while (nextSibling[last] !== -1) last = nextSibling[last];
    (buses[depth[i]] ??= []).push({ parent: i, from: row[i], to: row[last] });
  }
  return { row, order, columns, buses, rows, depthCount: columns.length };
}

/** The first position in `items` (ascending by `key`) whose key is at least `value`. */
export function lowerBound(items, value, key) {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What meets the rectangle of rows `[rowFrom, rowTo]` and columns `[colFrom, colTo]`:
 * the customers there and the connectors crossing it. Cost grows with what is returned
 * (plus a binary search per column), not with the hierarchy.
 */
export function visibleIn(placed, { rowFrom, rowTo, colFrom, colTo }) {
  const nodes = [];
  const edges = [];
  const lastCol = Math.min(colTo, placed.depthCount - 1);
  for (let d = Math.max(0, colFrom); d <= lastCol; d += 1) {
    const column = placed.columns[d] ?? [];
    for (let k = lowerBound(column, rowFrom, (i) => placed.row[i]); k < column.length; k += 1) {
      if (placed.row[column[k]] > rowTo) break;
      nodes.push(column[k]);
    }
  }
  // A connector sits right of its parent's column, so the column left of the view counts.
  for (let d = Math.max(0, colFrom - 1); d <= lastCol; d += 1) {
    const column = placed.buses[d] ?? [];
    for (let k = lowerBound(column, rowFrom, (bus) => bus.to); k < column.length; k += 1) {
      if (column[k].from > rowTo) break;
      edges.push(column[k]);
    }
  }
  return { nodes, edges };
}

/** The customer's ancestors, nearest first (iterative: chains may be very long). */
export function ancestorsOf(tree, i) {
  const chain = [];
  for (let p = tree.parent[i]; p !== -1; p = tree.parent[p]) chain.push(p);
  return chain;
}
