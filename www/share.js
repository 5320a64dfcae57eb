// The page's state in the URL fragment: JSON, deflated with the browser's own
// CompressionStream ("deflate-raw", no dependency), base64url. The fragment never reaches
// a server, so a shared link carries the customer data only to whoever opens it. The URL
// follows every change (replaceState: no history entry per click), so a reload restores
// the view; above LIMIT characters the link is made without the texts, and says so.

const $ = (id) => document.getElementById(id);
const PREFIX = "#state=";
export const LIMIT = 1_500_000; // characters of fragment; browsers and chat tools choke beyond

async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64url(bytes) {
  let binary = "";
  // In slices: spreading a megabyte into fromCharCode would overflow the argument stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new TypeError("the link's state is not base64url");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The fragment (with its `#state=`) for a state object. */
export async function encodeState(object) {
  const bytes = new TextEncoder().encode(JSON.stringify(object));
  return PREFIX + toBase64url(await pipe(bytes, new CompressionStream("deflate-raw")));
}

/** The state object in `hash`, or null when it holds none; throws when it is damaged. */
export async function decodeState(hash) {
  if (!hash.startsWith(PREFIX)) return null;
  const bytes = await pipe(fromBase64url(hash.slice(PREFIX.length)), new DecompressionStream("deflate-raw"));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/**
 * Keeps the URL's fragment in step with `state` (a page state from state.js) and wires
 * the "Copy share link" button. Returns `update()`, to call after any change.
 */
export function setupSharing(state) {
  let queued = false;
  let running = Promise.resolve();

  /** The fragment to use, and whether the data had to be left out. */
  async function fragment() {
    const full = await encodeState(state.snapshot());
    if (full.length <= LIMIT) return { hash: full, leftOut: false, size: full.length };
    return { hash: await encodeState(state.snapshot({ withData: false })), leftOut: true, size: full.length };
  }

  function tell({ leftOut, size }) {
    const note = $("share-note");
    note.hidden = !leftOut;
    note.textContent = leftOut
      ? `The data makes the link ${(size / 1e6).toFixed(1)} MB, above the ${LIMIT / 1e6} MB a link can carry: ` +
        "it is shared without the hierarchy and billing texts (policy, edits and selection only). Send the input file with it."
      : "";
  }

  async function write() {
    queued = false;
    const result = await fragment();
    history.replaceState(null, "", result.hash);
    tell(result);
    document.body.dataset.shareBytes = String(result.hash.length);
    return result;
  }

  $("copy-share").addEventListener("click", async () => {
    await running;
    const { hash } = await write();
    const url = location.href.split("#")[0] + hash;
    const field = $("share-url");
    field.value = url;
    $("share-url-field").hidden = false;
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // No clipboard permission (or no focus): the link is in the field, selected, to copy by hand.
      field.select();
    }
    $("share-status").textContent = copied ? "Link copied." : "Copy the link from the field.";
  });

  return function update() {
    if (queued) return;
    queued = true;
    // Coalesced: a burst of changes (load, apply, select) writes the URL once.
    running = running.then(() => new Promise((resolve) => setTimeout(resolve, 0))).then(write).catch((error) => {
      console.warn("billtree: the URL could not be updated", error);
    });
  };
}
