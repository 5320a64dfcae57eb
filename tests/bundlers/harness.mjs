// What the package tests in this folder share: the packed tarball they install, and
// Debian's Chromium (never a downloaded browser) that loads their pages.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

/** The repository's root folder. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** BILLTREE_TARBALL, or the newest build/billtree-*.tgz. */
export function tarball() {
  if (process.env.BILLTREE_TARBALL) return process.env.BILLTREE_TARBALL;
  const packed = readdirSync(join(root, "build"))
    .filter((name) => /^billtree-.*\.tgz$/.test(name))
    .map((name) => join(root, "build", name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (packed.length === 0) throw new Error("no build/billtree-*.tgz: run node scripts/build-package.mjs first");
  return packed[0];
}

/** Debian's Chromium, headless (CHROMIUM_PATH overrides where it is). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
}

/** Installs `spec` (a tarball, a folder) into the project at `cwd`, as a consumer would. */
export function npmInstall(cwd, spec) {
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", spec], { cwd, stdio: "inherit" });
}

/** A fresh temporary ES-module project (`prefix` names it) with the packed tarball installed. */
export function consumerProject(prefix) {
  const project = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  npmInstall(project, tarball());
  return project;
}

/** The page errors, console errors and failed requests of `page` from now on, as they come. */
export function problemsOf(page) {
  const problems = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  return problems;
}
