// The error codes billtree documents: read from the installed package's declarations
// (`export type ErrorCode = "INVALID_JSON" | ...`, generated from the Rust enum), so the
// tests check against what users are told, and a new code cannot slip past them.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// Every entry re-exports the API's declarations from types/api.d.ts (one copy in the package).
const declarations = readFileSync(createRequire(import.meta.url).resolve("billtree").replace(/node\/index\.js$/, "types/api.d.ts"), "utf8");
const union = declarations.match(/export type ErrorCode = ([^;]+);/);
if (!union) throw new Error("ErrorCode is not declared in the package's types");

/** Every `BilltreeError` code, as declared. */
export const DOCUMENTED_CODES = new Set([...union[1].matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]));
