// A searchable customer picker: a labelled combobox whose listbox shows at most LIMIT
// matches, so 100,000 customers never become 100,000 <option>s. The session's
// findCustomers pages by structure only (no name filter), so an empty query lists its
// first page, and a typed one searches the page's own name index, stopping at LIMIT.
// Keyboard: ArrowDown/ArrowUp move through the matches, Enter picks, Escape reverts.
import { el } from "./render.js";

const LIMIT = 20;
let serial = 0;

/**
 * The names to search, built once per render from session.forest(); shared by every
 * picker. `firstPage()` gives the matches for an empty query.
 */
export function customerIndex(customers, firstPage) {
  const entries = [];
  const byId = new Map();
  for (const customer of customers) {
    if (byId.has(customer.id)) continue;
    const entry = { id: customer.id, name: customer.name, text: `${customer.name} ${customer.id}`.toLowerCase() };
    entries.push(entry);
    byId.set(customer.id, entry);
  }
  return {
    byId,
    first: entries[0] ?? null,
    search(query, limit = LIMIT) {
      const needle = query.trim().toLowerCase();
      if (!needle) return firstPage(limit).map((customer) => byId.get(customer.id)).filter(Boolean);
      const found = [];
      for (const entry of entries) {
        if (entry.text.includes(needle)) found.push(entry);
        if (found.length === limit) break;
      }
      return found;
    },
  };
}

/**
 * Turns `host` (a `div.picker` with `data-label`) into a picker. `extras` are choices that
 * are not customers, e.g. `{ key: "none", label: "(no parent: make it a root)" }`; their
 * value is "". A pick fires a "change" event on `host`, and calls `onPick(id)` for a
 * customer.
 */
export function createCustomerPicker(host, { extras = [], onPick } = {}) {
  serial += 1;
  const listId = `picker-list-${serial}`;
  const input = el("input", { className: "picker-input" });
  Object.assign(input, { id: `picker-input-${serial}`, type: "text", autocomplete: "off", spellcheck: false });
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  input.placeholder = "type part of a name or id";
  const label = el("label", { text: host.dataset.label ?? "Customer" });
  label.htmlFor = input.id;
  const list = el("ul", { className: "picker-list" });
  list.id = listId;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", `${host.dataset.label ?? "Customer"}: matches`);
  list.hidden = true;
  host.replaceChildren(label, input, list);

  let index = null;
  let chosen = null; // { id } for a customer, { extra } for an extra, null for nothing
  let matches = [];
  let active = -1;

  // The pick is mirrored on the host, for styles and tests that read the page, not the module.
  function show() {
    input.value = textOf(chosen);
    host.dataset.value = chosen?.id ?? "";
    if (chosen?.extra) host.dataset.extra = chosen.extra;
    else delete host.dataset.extra;
  }

  const textOf = (choice) => {
    if (!choice) return "";
    if (choice.extra) return extras.find((x) => x.key === choice.extra)?.label ?? "";
    return `${index?.byId.get(choice.id)?.name ?? ""} (${choice.id})`;
  };

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(k) {
    active = k;
    [...list.children].forEach((option, n) => option.setAttribute("aria-selected", String(n === k)));
    const option = list.children[k];
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  }

  function open() {
    if (!index) return;
    const query = input.value === textOf(chosen) ? "" : input.value;
    const extraMatches = extras.filter((x) => x.label.toLowerCase().includes(query.trim().toLowerCase()));
    matches = [...extraMatches.map((x) => ({ extra: x.key, label: x.label })), ...index.search(query)];
    list.replaceChildren(
      ...matches.map((match, k) => {
        const option = match.extra
          ? el("li", { text: match.label, data: { extra: match.extra } })
          : el("li", { data: { value: match.id } }, match.name, el("span", { className: "id", text: match.id }));
        option.id = `${listId}-${k}`;
        option.setAttribute("role", "option");
        return option;
      }),
    );
    if (matches.length === 0) list.append(el("li", { className: "picker-empty", text: "no customer matches" }));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(matches.length > 0 ? 0 : -1);
  }

  function pick(match) {
    chosen = match.extra ? { extra: match.extra } : { id: match.id };
    show();
    close();
    host.dispatchEvent(new Event("change"));
    if (!match.extra) onPick?.(match.id);
  }

  input.addEventListener("input", open);
  // The text box's own change event (on blur after typing) is not a pick: the host's
  // "change" means a customer was chosen, so the native one stops here.
  input.addEventListener("change", (event) => event.stopPropagation());
  input.addEventListener("focus", () => input.select());
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (list.hidden) open();
      else if (matches.length > 0) highlight((active + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length);
    } else if (event.key === "Enter") {
      if (list.hidden || active === -1) return;
      pick(matches[active]);
    } else if (event.key === "Escape") {
      if (list.hidden) return;
      input.value = textOf(chosen);
      close();
    } else return;
    event.preventDefault();
  });
  // A press on an option must not blur the input first, which would close the list.
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) pick(matches[[...list.children].indexOf(option)]);
  });
  input.addEventListener("blur", () => {
    input.value = textOf(chosen);
    close();
  });

  return {
    /** The picked customer's id; "" for an extra or nothing. */
    get value() {
      return chosen?.id ?? "";
    },
    /** Picks a customer by id (unknown ids pick nothing); no change event. */
    set value(id) {
      chosen = index?.byId.has(id) ? { id } : null;
      show();
    },
    /** The key of the picked extra, or null. */
    get extra() {
      return chosen?.extra ?? null;
    },
    set extra(key) {
      chosen = { extra: key };
      show();
    },
    /**
     * New customers to search (after a load or an edit): the pick is kept if it still
     * exists, else it falls to the first extra, else the first customer.
     */
    setIndex(next) {
      index = next;
      if (chosen?.extra || (chosen && index.byId.has(chosen.id))) {
        show();
        return;
      }
      chosen = extras[0] ? { extra: extras[0].key } : index.first ? { id: index.first.id } : null;
      show();
      close();
    },
  };
}
