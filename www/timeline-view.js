// The period's timeline: pending changes (re-parents, subscription pauses, resumes and
// cancellations) as markers on a track of the period's days. A marker moves by dragging
// it or, focused, with the arrow keys (Home and End for the first and last day); each
// move hands the changes, in date order, to `onChange`, which previews them. The track
// shows the sub-periods the changes split the period into. Dates are UTC days
// (`YYYY-MM-DD`), so the arithmetic here is on whole days in UTC, never local time.
import { el } from "./render.js";

const DAY_MS = 86_400_000;

/** The UTC day `days` after `date` (both `YYYY-MM-DD`). */
export function addDays(date, days) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (`to` exclusive). */
export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** "2026-11-01 – 2026-11-09": a sub-period `{ start, end }` (end exclusive) as its days, inclusive. */
export function daysLabel({ start, end }) {
  const last = addDays(end, -1);
  return last === start ? start : `${start} – ${last}`;
}

/** What a change does, in words. */
function describe(change, names) {
  const name = (id) => names.get(id) ?? id;
  if (change.kind === "setParent") return `${name(change.customerId)} moves under ${name(change.parentId)}`;
  if (change.kind === "removeParent") return `${name(change.customerId)} becomes a root`;
  return `${change.subscriptionId} ${change.kind === "cancel" ? "is cancelled" : change.kind === "pause" ? "is paused" : "resumes"}`;
}

/** A pending change as the engine takes it: `{ effectiveDate, edits }` or `{ effectiveDate, lifecycle }`. */
export function datedChange(change, periodStart) {
  const effectiveDate = addDays(periodStart, change.day);
  if (change.kind === "setParent") return { effectiveDate, edits: [{ op: "setParent", customerId: change.customerId, parentId: change.parentId }] };
  if (change.kind === "removeParent") return { effectiveDate, edits: [{ op: "removeParent", customerId: change.customerId }] };
  return { effectiveDate, lifecycle: [{ subscriptionId: change.subscriptionId, action: change.kind }] };
}

/**
 * The timeline of `track` (the drawn days and markers) and `list` (the changes, each
 * with a Remove button). `onChange(changes)` gets the pending changes in date order (the
 * same day: in the order they were added) as `DatedChange`s, after every add, move and
 * removal.
 */
export function createTimeline({ track, list, onChange }) {
  let period = null;
  let names = new Map();
  let changes = [];
  let nextId = 1;
  let dragging = null;

  const days = () => daysBetween(period.start, period.end);
  const ordered = () => [...changes].sort((a, b) => a.day - b.day || a.id - b.id);
  const emit = () => onChange(ordered().map((change) => datedChange(change, period.start)));

  /** The day under a pointer at `clientX`, clamped to the period. */
  function dayAt(clientX) {
    const box = track.querySelector(".days").getBoundingClientRect();
    const day = Math.floor(((clientX - box.left) / box.width) * days());
    return Math.min(days() - 1, Math.max(0, day));
  }

  function move(change, day) {
    if (day === change.day) return;
    change.day = day;
    render();
    track.querySelector(`[data-change-id="${change.id}"]`)?.focus();
    emit();
  }

  function render() {
    if (!period) {
      track.replaceChildren();
      list.replaceChildren();
      return;
    }
    const total = days();
    const percent = (day) => `${(day / total) * 100}%`;
    const bounds = [...new Set([0, ...changes.map((c) => c.day), total])].sort((a, b) => a - b);
    const parts = bounds.slice(0, -1).map((from, index) => {
      const part = { start: addDays(period.start, from), end: addDays(period.start, bounds[index + 1]) };
      const node = el("div", { className: `part part-${index % 2}`, title: daysLabel(part), data: { testid: "sub-period", start: part.start, end: part.end } });
      node.style.left = percent(from);
      node.style.width = percent(bounds[index + 1] - from);
      node.append(el("span", { className: "part-label", text: daysLabel(part) }));
      return node;
    });
    const ticks = [];
    for (let day = 0; day < total; day += 7) {
      const tick = el("span", { className: "tick", text: addDays(period.start, day).slice(5) });
      tick.style.left = percent(day);
      ticks.push(tick);
    }
    const markers = ordered().map((change, row) => {
      const date = addDays(period.start, change.day);
      const marker = el("button", {
        className: `marker ${change.kind}`,
        text: String(row + 1),
        title: `${describe(change, names)}, from ${date}: drag, or use the arrow keys`,
        data: { changeId: String(change.id), testid: "timeline-marker" },
      });
      marker.type = "button";
      marker.setAttribute("role", "slider");
      marker.setAttribute("aria-label", `Change ${row + 1}: ${describe(change, names)}; effective day`);
      marker.setAttribute("aria-valuemin", "1");
      marker.setAttribute("aria-valuemax", String(total));
      marker.setAttribute("aria-valuenow", String(change.day + 1));
      marker.setAttribute("aria-valuetext", date);
      // The marker's left edge sits on its day's cell, centred by the stylesheet.
      marker.style.left = `calc(${percent(change.day)} + ${50 / total}%)`;
      marker.style.top = `${2.2 + row * 1.6}rem`;
      return marker;
    });
    const lane = el("div", { className: "days" }, ...parts, ...ticks, ...markers);
    lane.style.height = `${3.4 + changes.length * 1.6}rem`;
    track.replaceChildren(
      el("div", { className: "period-ends" }, el("span", { text: period.start }), el("span", { text: `${addDays(period.end, -1)} (last day)` })),
      lane,
    );
    list.replaceChildren(
      ...ordered().map((change, row) => {
        const remove = el("button", { text: "Remove", className: "remove-change", data: { changeId: String(change.id) } });
        remove.type = "button";
        remove.setAttribute("aria-label", `Remove change ${row + 1}`);
        return el(
          "li",
          { data: { changeId: String(change.id), testid: "timeline-change" } },
          el("span", { className: "change-date", text: addDays(period.start, change.day) }),
          ` ${describe(change, names)} `,
          remove,
        );
      }),
    );
  }

  track.addEventListener("pointerdown", (event) => {
    const marker = event.target.closest(".marker");
    if (!marker) return;
    dragging = changes.find((c) => String(c.id) === marker.dataset.changeId) ?? null;
    if (dragging) {
      event.preventDefault();
      marker.focus();
    }
  });
  // Moves follow the pointer on the whole window, so a drag that leaves the track
  // still lands on the nearest day.
  window.addEventListener("pointermove", (event) => {
    if (dragging) move(dragging, dayAt(event.clientX));
  });
  window.addEventListener("pointerup", () => {
    dragging = null;
  });
  track.addEventListener("keydown", (event) => {
    const marker = event.target.closest(".marker");
    const change = marker && changes.find((c) => String(c.id) === marker.dataset.changeId);
    if (!change) return;
    const steps = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -7, PageUp: 7 };
    let day = change.day + (steps[event.key] ?? 0);
    if (event.key === "Home") day = 0;
    if (event.key === "End") day = days() - 1;
    if (day === change.day && !(event.key in steps)) return;
    event.preventDefault();
    move(change, Math.min(days() - 1, Math.max(0, day)));
  });
  list.addEventListener("click", (event) => {
    const button = event.target.closest("button.remove-change");
    if (!button) return;
    changes = changes.filter((c) => String(c.id) !== button.dataset.changeId);
    render();
    emit();
  });

  return {
    /** A new period (another billing input: pending changes are dropped) or the same one after an applied edit; previews again. */
    setPeriod(next, nextNames) {
      names = nextNames;
      const same = period && next && period.start === next.start && period.end === next.end;
      period = next;
      if (!same) changes = [];
      render();
      if (period) emit();
    },
    /** Adds a change (`{ kind, customerId?, parentId?, subscriptionId? }`) from `date` on. */
    add(change, date) {
      if (!period) return;
      const day = daysBetween(period.start, date);
      if (!(day >= 0 && day < days())) {
        throw new RangeError(`${date || "(no date)"} is not a day of the period (${period.start} to ${addDays(period.end, -1)})`);
      }
      changes.push({ ...change, id: nextId++, day });
      render();
      emit();
    },
  };
}
