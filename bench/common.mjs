// What both benchmark drivers share: where the inputs are, the native run (whose last
// stdout line is its JSON of medians), and the timer.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const rounds = Number(process.argv[2] ?? 5);
export const dataDir = join(root, "target", "bench-data");
mkdirSync(dataDir, { recursive: true });

/** Runs `cargo bench --bench <name>`, which writes the inputs into `dataDir`. */
export function nativeRun(name) {
  console.log(`native: cargo bench --bench ${name} (writes the inputs, measures opt-level 3)…`);
  const out = execFileSync("cargo", ["bench", "--quiet", "--bench", name, "--", dataDir, String(rounds)], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").pop());
}

/** Times `run` `count` times: { median, best } in ms. */
export function timeMs(count, run) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], best: times[0] };
}
