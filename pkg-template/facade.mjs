// billtree's public API over the raw wasm-bindgen exports (shared by the Node and web
// entries; scripts/build-package.mjs also emits it as CommonJS for `require`).
//
// Why a JS class and not wasm-bindgen's: a wasm-bindgen class hands JS a pointer into
// wasm memory. After free() that pointer is 0, and every call throws from inside wasm,
// which leaks wasm's stack; after 16,384 such calls the module traps for good. Here a
// session is a number the module looks up in its own registry, so a freed, copied or
// forged session is an ordinary `BilltreeError`, however often it is used. Methods are
// made from the raw `session*` exports, so this class cannot drift from the Rust.

/**
 * Builds the public API from the raw exports of one wasm-bindgen build. `isReady`, for
 * an entry that loads the module in `init()`: whether it has; until then every function
 * (and the session constructor) throws NOT_INITIALIZED instead of failing inside the
 * glue with a TypeError.
 */
export function publicApi(raw, isReady) {
  // Every error billtree throws is an `Error` named "BilltreeError" with a string `code`
  // and a `details` object (the module's own and the facade's alike), so this holds for
  // errors from any copy of the module, where `instanceof` of a class would not.
  function isBilltreeError(value) {
    return (
      value instanceof Error &&
      value.name === "BilltreeError" &&
      typeof value.code === "string" &&
      value.details !== null &&
      typeof value.details === "object"
    );
  }

  // Raw exports that are not methods: the constructor, free(), and getters.
  const GETTERS = { sessionCustomerCount: "customerCount" };
  const NOT_METHODS = new Set(["sessionOpen", "sessionFree", ...Object.keys(GETTERS)]);

  function notASession(method) {
    const error = new Error(
      `HierarchySession.${method} was called on something that is not a session ` +
        `(a method taken off its object, or a copy?): call it on the session itself, ` +
        `e.g. ids.map((id) => session.${method}(id))`,
    );
    error.name = "BilltreeError";
    error.code = "NOT_A_SESSION";
    error.details = {};
    return error;
  }

  function notInitialized(name) {
    const error = new Error(
      `${name} was called before init() had loaded billtree's module: \`await init()\` once ` +
        `first (import init from "billtree/web"), or import from "billtree", which is ready on import`,
    );
    error.name = "BilltreeError";
    error.code = "NOT_INITIALIZED";
    error.details = {};
    return error;
  }

  // A function of the raw build, refusing calls before the module is loaded.
  const loaded = (name, call) =>
    isReady === undefined
      ? call
      : {
          [name](...args) {
            if (!isReady()) throw notInitialized(name);
            return call(...args);
          },
        }[name];
  const open = loaded("new HierarchySession", raw.sessionOpen);

  // Frees sessions the garbage collector finds unreachable; free() is still the way to
  // release memory at a known moment (wasm memory never shrinks, but it is reused).
  const finalizer =
    typeof FinalizationRegistry === "function" ? new FinalizationRegistry((handle) => raw.sessionFree(handle)) : null;

  let handleOf;

  /** A hierarchy held in wasm memory; see the method docs in the declarations. */
  class HierarchySession {
    #handle;

    constructor(input, options) {
      this.#handle = open(input, options);
      finalizer?.register(this, this.#handle, this);
    }

    /** Releases the session's wasm memory. Harmless when called again. */
    free() {
      const handle = handleOf(this, "free");
      if (handle === 0) return;
      this.#handle = 0;
      finalizer?.unregister(this);
      raw.sessionFree(handle);
    }

    static {
      handleOf = (object, method) => {
        if (object === null || typeof object !== "object" || !(#handle in object)) throw notASession(method);
        return object.#handle;
      };
    }
  }

  const define = (name, descriptor) =>
    Object.defineProperty(HierarchySession.prototype, name, { configurable: true, ...descriptor });
  for (const [rawName, getter] of Object.entries(GETTERS)) {
    const read = raw[rawName];
    define(getter, { get() { return read(handleOf(this, getter)); } });
  }
  for (const rawName of Object.keys(raw)) {
    if (!rawName.startsWith("session") || NOT_METHODS.has(rawName)) continue;
    const method = rawName.charAt(7).toLowerCase() + rawName.slice(8);
    const call = raw[rawName];
    define(method, {
      writable: true,
      value: { [method](...args) { return call(handleOf(this, method), ...args); } }[method],
    });
  }
  if (typeof Symbol.dispose === "symbol") {
    define(Symbol.dispose, { writable: true, value: function dispose() { this.free(); } });
  }

  return {
    isBilltreeError,
    validateHierarchy: loaded("validateHierarchy", raw.validateHierarchy),
    checkMigration: loaded("checkMigration", raw.checkMigration),
    resolveOwners: loaded("resolveOwners", raw.resolveOwners),
    policyPresets: loaded("policyPresets", raw.policyPresets),
    // Only in a build with the consolidated-invoice engine (the `invoices` feature); the
    // session's invoice methods come from its raw `session*` exports like the others.
    ...(raw.previewInvoices && { previewInvoices: loaded("previewInvoices", raw.previewInvoices) }),
    HierarchySession,
  };
}
