// Lighthouse benchmark (not a test: it asserts nothing and prints figures). Runs Lighthouse's
// mobile preset (its default: a mid-range phone, simulated slow 4G) against the release build in
// dist/, served by tools/static-server.mjs exactly as published (strict CSP, pre-compressed
// `.br`/`.gz` files, cache headers), several times per page, and prints min / median / max of
// cumulative layout shift, largest contentful paint and the performance score, plus which
// element was the largest paint (it must be the figures, not the loading text).
//
// Lighthouse is pinned in tools/lighthouse/package-lock.json (12.8: the last line that runs on
// Node 20) and installed by `bash tools/ensure-tools.sh --lighthouse`; Chromium is Debian's.
//
// Usage: node tools/lighthouse.mjs [--runs 5] [--dist DIR] [PATH ...]
//   PATH default: / and the illustrative dataset; DIR default: dist (build first with
//   `trunk build --release`; another DIR, e.g. a copy of an older build, compares before/after).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP, createStaticServer, listen } from './static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
let dist = path.resolve(here, '..', 'dist');
const CLI = path.join(here, 'lighthouse', 'node_modules', 'lighthouse', 'cli', 'index.js');
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';

const args = process.argv.slice(2);
let runs = 5;
const paths = [];
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--dist') dist = path.resolve(args[++i]);
  else if (args[i].startsWith('-')) {
    console.error(`unknown option ${args[i]}\nusage: node tools/lighthouse.mjs [--runs 5] [--dist DIR] [PATH ...]`);
    process.exit(2);
  } else paths.push(args[i]);
}
if (paths.length === 0) paths.push('/', '/?dataset=shropshire-illustrative');
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs needs a whole number of at least 1');
  process.exit(2);
}
if (!existsSync(CLI)) {
  console.error(`Lighthouse is not installed (${CLI}): run bash tools/ensure-tools.sh --lighthouse`);
  process.exit(1);
}
if (!existsSync(path.join(dist, 'index.html'))) {
  console.error(`${path.join(dist, 'index.html')} is missing: build first (trunk build --release)`);
  process.exit(1);
}

/** Runs Lighthouse once on `url`; resolves to its parsed JSON report. */
function lighthouseOnce(url, outDir, n) {
  const out = path.join(outDir, `run-${n}.json`);
  const child = spawn(
    process.execPath,
    [
      CLI,
      url,
      '--only-categories=performance',
      '--output=json',
      `--output-path=${out}`,
      '--quiet',
      // Debian's Chromium in a container: no sandbox, no GPU; a fresh profile each run.
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
    ],
    { env: { ...process.env, CHROME_PATH: CHROME }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0 || !existsSync(out)) reject(new Error(`lighthouse exited with ${code}:\n${stderr}`));
      else resolve(JSON.parse(readFileSync(out, 'utf8')));
    });
  });
}

/** "min / median / max" of a list, each formatted by `fmt`. */
function spread(values, fmt) {
  const sorted = [...values].sort((a, b) => a - b);
  return `${fmt(sorted[0])} / ${fmt(sorted[Math.floor(sorted.length / 2)])} / ${fmt(sorted.at(-1))}`;
}

/** The largest paint's element, as Lighthouse names it (its selector and a text snippet). */
function lcpElement(report) {
  const items = report.audits['largest-contentful-paint-element']?.details?.items ?? [];
  for (const item of items) {
    const node = item.items?.[0]?.node ?? item.node;
    if (node) return `${node.selector ?? '?'} ${JSON.stringify((node.nodeLabel ?? '').slice(0, 60))}`;
  }
  return '(none reported)';
}

const server = createStaticServer({ roots: [{ prefix: '/', dir: dist }], csp: CSP });
const { url: base, close } = await listen(server);
const outDir = mkdtempSync(path.join(tmpdir(), 'whole-place-lighthouse-'));
try {
  const version = JSON.parse(readFileSync(path.join(here, 'lighthouse', 'node_modules', 'lighthouse', 'package.json'), 'utf8')).version;
  console.log(`Lighthouse ${version}, mobile preset, ${runs} runs per page, ${CHROME}`);
  for (const pagePath of paths) {
    const url = new URL(pagePath, base).href;
    const cls = [];
    const lcp = [];
    const score = [];
    const elements = new Map();
    for (let n = 0; n < runs; n += 1) {
      const report = await lighthouseOnce(url, outDir, n);
      cls.push(report.audits['cumulative-layout-shift'].numericValue);
      lcp.push(report.audits['largest-contentful-paint'].numericValue);
      score.push(report.categories.performance.score * 100);
      const element = lcpElement(report);
      elements.set(element, (elements.get(element) ?? 0) + 1);
    }
    console.log(`\n${pagePath}`);
    console.log(`  cumulative layout shift   ${spread(cls, (v) => v.toFixed(3))}`);
    console.log(`  largest contentful paint  ${spread(lcp, (v) => `${(v / 1000).toFixed(2)} s`)}`);
    console.log(`  performance score         ${spread(score, (v) => v.toFixed(0))}`);
    for (const [element, count] of elements) console.log(`  largest paint (${count}/${runs}): ${element}`);
  }
} finally {
  await close();
  rmSync(outDir, { recursive: true, force: true });
}
