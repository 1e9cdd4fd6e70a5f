// Where a click's time goes (a developer's tool, not run by CI; asserts nothing). Opens the app
// on a generated file, then, around the benchmark's clicks (tests/e2e/bench/probe.js `act`:
// bar → Place; by activity; back; back; "then by" agency + Show; back; by activity), records
//   1. a CPU profile (CDP Profiler, 50 µs sampling): self time by function, top PROFILE_TOP;
//   2. a trace (CDP Tracing, devtools.timeline): self time on the page's main thread by event
//      (script, style, layout, paint, GC), so the browser's own work is counted too;
// and prints each click's click → DOM changed and click → next frame (unprofiled run first).
//
// Function names need a wasm build that keeps them: `trunk build --release` strips them. For
// profiling only (never committed), set on the main `rel="rust"` link in index.html
// `data-wasm-opt="0" data-keep-debug="true"` and build into another directory:
//   trunk build --release --dist target/dist-profile
//   PROFILE_DIST=target/dist-profile node tests/e2e/bench/profile-click.mjs
// Options: PROFILE_DIST (default dist/), PROFILE_DATA (default 1e4: tests/fixtures/bench-1e4.json),
// PROFILE_TOP (default 40), PROFILE_REPEAT (how many times the clicks run, default 3),
// PROFILE_CSS (CSS text added to the page, to try a style change without a build),
// PROFILE_SAVE (a file to write the CPU profile to, for Chromium's DevTools: Performance, load).
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, FIXTURES_DIR } from '../harness.mjs';
import { createStaticServer, listen } from '../../../tools/static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '../../..');
const DIST = path.resolve(REPO, process.env.PROFILE_DIST ?? 'dist');
const DATA = process.env.PROFILE_DATA ?? '1e4';
const TOP = Number(process.env.PROFILE_TOP ?? 40);
const REPEAT = Number(process.env.PROFILE_REPEAT ?? 3);
const PROBE = readFileSync(path.join(here, 'probe.js'), 'utf8');

const CLICKS = [
  ['bar', null],
  ['slice', 'activity'],
  ['back', 1],
  ['back', 0],
  ['then', 'agency'],
  ['back', 0],
  ['slice', 'activity'],
  ['back', 0],
];

/** Runs the clicks once; returns [{ kind, ms, domMs }]. */
async function runClicks(page) {
  const headings = [await page.evaluate(() => window.__bench.heading())];
  const out = [];
  for (const [kind, arg] of CLICKS) {
    const a = kind === 'back' ? headings.at(arg) : arg;
    const r = await page.evaluate(([k, x]) => window.__bench.act(k, x), [kind, a]);
    if (!r) throw new Error(`no control for ${kind} ${arg}`);
    if (kind === 'back') headings.splice(arg + 1);
    else headings.push(r.heading);
    out.push({ kind: `${kind} ${arg ?? ''}`.trim(), ms: r.ms, domMs: r.domMs });
    await page.waitForTimeout(50);
  }
  return out;
}

async function open(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.addInitScript({ content: PROBE });
  await page.goto(url);
  // PROFILE_CSS: a style sheet added to the page, to try a CSS change without a build.
  if (process.env.PROFILE_CSS) await page.addStyleTag({ content: process.env.PROFILE_CSS });
  await page.waitForFunction(() => window.__bench?.firstAnswer != null, null, { timeout: 120_000, polling: 50 });
  await page.waitForTimeout(300);
  return { context, page };
}

/** Self time per function name from a CDP profile, in ms. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = (deltas[i + 1] ?? 0) / 1000;
    const f = node.callFrame;
    const file = f.url ? path.basename(f.url.split('?')[0]) : '';
    const name = `${f.functionName || '(anonymous)'}${file ? ` [${file}]` : ''}`;
    self.set(name, (self.get(name) ?? 0) + dt);
  }
  return self;
}

/** Inclusive (total) time per function name from a CDP profile, in ms: each sample counts once
 * for every distinct function on its stack (so recursion is not counted twice). */
function totalTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const seen = new Set();
    for (let id = profile.samples[i]; id != null; id = parent.get(id)) {
      const name = byId.get(id).callFrame.functionName || '(anonymous)';
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + dt);
    }
  }
  return total;
}

/** Time per nearest enclosing function matching `pattern` (from the sampled frame up its
 * stack), in ms: "which of the app's functions was this sample working for". */
function nearestTimes(profile, pattern) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let name = null;
    for (let id = profile.samples[i]; id != null && name == null; id = parent.get(id)) {
      const f = byId.get(id).callFrame.functionName;
      if (pattern.test(f)) name = f.replace(/::h[0-9a-f]{16}$/, '');
    }
    if (name) out.set(name, (out.get(name) ?? 0) + dt);
  }
  return out;
}

/** Self time per trace event name on the renderer main thread, in ms. */
function traceSelfTimes(events) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mine = events
    .filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  const close = (until) => {
    while (stack.length && stack.at(-1).end <= until) {
      const done = stack.pop();
      self.set(done.name, (self.get(done.name) ?? 0) + done.self / 1000);
    }
  };
  for (const e of mine) {
    close(e.ts);
    if (stack.length) stack.at(-1).self -= e.dur;
    stack.push({ name: e.name, end: e.ts + e.dur, self: e.dur });
  }
  close(Infinity);
  return self;
}

function print(title, map, top) {
  const total = [...map.values()].reduce((s, v) => s + v, 0);
  console.log(`\n${title} (total ${total.toFixed(1)} ms)`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms.toFixed(2).padStart(9)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`);
  }
}

const server = createStaticServer({
  roots: [
    { prefix: '/fixtures', dir: FIXTURES_DIR },
    { prefix: '/', dir: DIST },
  ],
  csp: null,
});
const { url, close } = await listen(server);
const browser = await launch();
const target = `${url}/?data=/fixtures/bench-${DATA}.json`;
try {
  // Unprofiled first: the clicks' own times.
  {
    const { context, page } = await open(browser, target);
    await runClicks(page); // warm-up
    const rows = [];
    for (let i = 0; i < REPEAT; i++) rows.push(...(await runClicks(page)));
    console.log('click → DOM changed / next frame, ms (unprofiled, after one warm-up round)');
    const kinds = [...new Set(rows.map((r) => r.kind))];
    for (const kind of kinds) {
      const of = rows.filter((r) => r.kind === kind);
      const f = (k) => of.map((r) => r[k].toFixed(1)).join(' ');
      console.log(`  ${kind.padEnd(16)} dom: ${f('domMs')}   frame: ${f('ms')}`);
    }
    await context.close();
  }
  // The CPU profile.
  {
    const { context, page } = await open(browser, target);
    await runClicks(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    for (let i = 0; i < REPEAT; i++) await runClicks(page);
    const { profile } = await cdp.send('Profiler.stop');
    if (process.env.PROFILE_SAVE) writeFileSync(process.env.PROFILE_SAVE, JSON.stringify(profile));
    const self = selfTimes(profile);
    self.delete('(idle)');
    print(`CPU profile: self time by function over ${REPEAT} rounds of ${CLICKS.length} clicks`, self, TOP);
    // The app's own code (and the reactive system's), with what it calls: where a click's
    // script time starts.
    const mine = new RegExp(process.env.PROFILE_INCLUSIVE ?? 'whole_place::ui|leptos_router|reactive_graph::effect|tachys::reactive_graph');
    const total = new Map([...totalTimes(profile)].filter(([name]) => mine.test(name)));
    print(`CPU profile: total time (with callees) of functions matching ${mine}`, total, TOP);
    const app = /^whole_place::/;
    print('CPU profile: time by the nearest enclosing whole_place:: function', nearestTimes(profile, app), TOP);
    await context.close();
  }
  // The trace: the browser's own work.
  {
    const { context, page } = await open(browser, target);
    await runClicks(page);
    await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'blink.user_timing', 'disabled-by-default-devtools.timeline'] });
    for (let i = 0; i < REPEAT; i++) await runClicks(page);
    const buffer = await browser.stopTracing();
    const { traceEvents } = JSON.parse(buffer.toString('utf8'));
    print(`Trace: self time by event on the main thread over ${REPEAT} rounds`, traceSelfTimes(traceEvents), 25);
    await context.close();
  }
} finally {
  await browser.close();
  await close();
}
