#!/usr/bin/env node
// A static server for the preview page, bound to 127.0.0.1 only: `www/` at `/`, the
// built package (build/pkg) at `/pkg/` and its build with the invoice engine at
// `/pkg-invoices/`. `.wasm` goes out as application/wasm so the
// browser can stream-compile it.
//
// The page's modules and the preview widgets' source are also served at their paths in
// the repository (`/www/`, `/pkg-template/elements/`): the page loads `/www/app.js`, so
// its imports and the widgets' (`../../www/tree-view.js` from
// `/pkg-template/elements/index.mjs`) name the same URLs, one module graph, and the page
// runs the widgets as they are in the repository, no bundle to rebuild.
//
// Usage: node scripts/serve.mjs [port]   (default 8080; 0 picks a free port)
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PAGE_MOUNTS = [
  ["/pkg/", join(root, "build", "pkg")],
  ["/pkg-invoices/", join(root, "build", "pkg-invoices")],
  ["/pkg-template/elements/", join(root, "pkg-template", "elements")],
  ["/www/", join(root, "www")],
  ["/", join(root, "www")],
];
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
};

function resolve(mounts, urlPath) {
  const [prefix, dir] = mounts.find(([prefix]) => urlPath.startsWith(prefix));
  const relative = normalize(decodeURIComponent(urlPath.slice(prefix.length)) || "index.html");
  const file = join(dir, relative);
  // normalize() has removed "..": anything still outside the mount is refused.
  if (!file.startsWith(dir + sep) && file !== dir) return null;
  try {
    const stats = statSync(file);
    return stats.isDirectory() ? join(file, "index.html") : file;
  } catch {
    return null;
  }
}

/**
 * Starts the server; resolves to `{ url, close }` once it listens. `mounts`: URL prefixes
 * and the folders they serve, the longest prefix first (the page and packages by default).
 */
export function startServer(port = 8080, mounts = PAGE_MOUNTS) {
  const server = createServer((request, response) => {
    const file = resolve(mounts, new URL(request.url, "http://localhost").pathname);
    if (!file) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    createReadStream(file).on("error", () => response.destroy()).pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address();
      resolvePromise({ url: `http://127.0.0.1:${actual}/`, close: () => server.close() });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const { url } = await startServer(port);
  console.log(`billtree preview page: ${url}  (Ctrl+C to stop)`);
}
