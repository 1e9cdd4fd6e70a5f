// Prints min / median / max per iteration for every criterion benchmark of the last run, from
// the samples criterion keeps (target/criterion/<group>/<id>/new/sample.json): criterion's own
// summary is a confidence interval of the mean, and the project reports min / median / max.
// Usage: node tools/criterion-summary.mjs [CRITERION_DIR]   (default: $CARGO_TARGET_DIR or target)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = process.argv[2] ?? path.join(process.env.CARGO_TARGET_DIR ?? 'target', 'criterion');
if (!existsSync(root)) {
  console.error(`no criterion results in ${root}: run cargo bench first`);
  process.exit(1);
}

/** A duration in nanoseconds as text with a unit people read easily. */
function human(ns) {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(1)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${ns.toFixed(0)} ns`;
}

for (const group of readdirSync(root).sort()) {
  const groupDir = path.join(root, group);
  if (!statSync(groupDir).isDirectory() || group === 'report') continue;
  for (const id of readdirSync(groupDir).sort((a, b) => Number(a) - Number(b))) {
    const sampleFile = path.join(groupDir, id, 'new', 'sample.json');
    if (!existsSync(sampleFile)) continue;
    const { iters, times } = JSON.parse(readFileSync(sampleFile, 'utf8'));
    const perIteration = times.map((t, i) => t / iters[i]).sort((a, b) => a - b);
    const median = perIteration[Math.floor(perIteration.length / 2)];
    console.log(
      `${`${group}/${id}`.padEnd(48)} min ${human(perIteration[0]).padStart(9)}  median ${human(median).padStart(9)}  max ${human(perIteration[perIteration.length - 1]).padStart(9)}  (${perIteration.length} samples)`,
    );
  }
}
