// Browser benchmark (not a test: it asserts nothing and prints figures). In ONE headless Chromium
// run, against the release build in dist/ and the generated files tests/fixtures/bench-1e4/1e5/
// 1e6.json, it measures Whole Place and a plain-JS typed-array baseline that scans every fact
// (tests/e2e/bench/baseline.html: the practical floor) on the same files and the same queries:
//   - loading: navigation → first answer painted (headline total), fetch and parse marks, the
//     longest main-thread task and the total blocking before the first answer, for both shipped
//     datasets and 1e4/1e5/1e6 facts;
//   - click → next frame for several kinds of click, at 1e4 and 1e6 unthrottled and at 1e5 under
//     4× CPU throttle (CDP Emulation.setCPUThrottlingRate, set after loading);
//   - the baseline's query alone, and query + table written into the DOM + next frame, under
//     the same throttle;
//   - main-thread WASM memory after loading (window.wholePlaceWasmMemory()) and, when the app
//     marks it, the loader worker's figures (performance mark `wp-loaded`, detail.workerMemoryBytes,
//     .bytes, .facts);
//   - the shell: every .wasm and .js file of dist/ fetched before the first answer, raw and
//     brotli (quality 11).
// Each figure is min / median / max over BENCH_RUNS runs (default 5; BENCH_DATASETS=1e4,1e6 keeps
// only the datasets whose names contain those words), each run in a fresh browser
// context (empty cache). Printed as tables and written as JSON to target/bench/browser.json (or
// BENCH_JSON). docs/benchmarks.md says what each figure means.
// Run via tools/bench.sh, which builds dist/ and generates tests/fixtures/bench-*.json first.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { launch, requireDist, DIST_DIR, FIXTURES_DIR } from './harness.mjs';
import { createStaticServer, listen, resolveRequestPath } from '../../tools/static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '../..');
const BENCH_DIR = path.join(here, 'bench');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const JSON_OUT = process.env.BENCH_JSON ?? path.join(REPO, 'target/bench/browser.json');
const THROTTLE = 4;
const SHELL_TARGET_BYTES = 120 * 1024;
const PROBE = readFileSync(path.join(BENCH_DIR, 'probe.js'), 'utf8');

// ---------------------------------------------------------------------------------------------
// Figures

/** { min, median, max, samples } of a list of numbers (NaN and null left out), or null. */
function spread(values) {
  const samples = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1), samples };
}

/** "min / median / max" in whole milliseconds (one decimal under 10 ms), or "n/a". */
function ms(s) {
  if (!s) return 'n/a';
  const f = (v) => (v < 10 ? v.toFixed(1) : v.toFixed(0));
  return `${f(s.min)} / ${f(s.median)} / ${f(s.max)}`;
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;

/** "min / median / max" of byte counts in MiB, or "n/a". */
function mibs(s) {
  return s ? `${mib(s.min)} / ${mib(s.median)} / ${mib(s.max)}` : 'n/a';
}

function table(headings, rows) {
  const widths = headings.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
  return [line(headings), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Sizes

const brotliCache = new Map();
/** Raw, gzip (9) and brotli (11) bytes of a file. */
function fileSizes(file) {
  if (!brotliCache.has(file)) {
    const bytes = readFileSync(file);
    brotliCache.set(file, {
      raw: bytes.length,
      gzip: zlib.gzipSync(bytes, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return brotliCache.get(file);
}

/** Every .wasm and .js file in dist/ (the release build), with its sizes. */
function releaseFiles() {
  return readdirSync(DIST_DIR)
    .filter((f) => /\.(wasm|js)$/.test(f))
    .sort()
    .map((f) => ({ file: f, ...fileSizes(path.join(DIST_DIR, f)) }));
}

/** The shell fetched before the first answer: dist/ .wasm and .js files among `urlPaths`. */
function shellOf(urlPaths) {
  const files = [];
  for (const urlPath of new Set(urlPaths)) {
    const resolved = resolveRequestPath(urlPath, [{ prefix: '/', dir: DIST_DIR }]);
    if (typeof resolved !== 'string' || !/\.(wasm|js)$/.test(resolved) || !existsSync(resolved)) continue;
    const { raw, brotli } = fileSizes(resolved);
    files.push({ file: path.relative(DIST_DIR, resolved), raw, brotli });
  }
  files.sort((a, b) => b.brotli - a.brotli);
  const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, brotli: t.brotli + f.brotli }), { raw: 0, brotli: 0 });
  return { files, total };
}

// ---------------------------------------------------------------------------------------------
// The server: dist/ at `/`, tests/fixtures at `/fixtures/`, the baseline at `/bench/`; it keeps
// the path of every request (the worker's too) so the shell can be measured.

async function startBenchServer() {
  requireDist();
  const roots = [
    { prefix: '/fixtures', dir: FIXTURES_DIR },
    { prefix: '/bench', dir: BENCH_DIR },
    { prefix: '/', dir: DIST_DIR },
  ];
  const server = createStaticServer({ roots, csp: null });
  const requests = [];
  server.on('request', (req) => requests.push({ path: (req.url ?? '/').split(/[?#]/, 1)[0], at: Date.now() }));
  const started = await listen(server);
  return { ...started, requests };
}

// ---------------------------------------------------------------------------------------------
// Whole Place

/** The clicks of one run, from the view a `?data=` link opens (by Place). `expect` names the
 * baseline query answering the same question. Backs that only reset the view are not timed. */
const CLICKS = [
  { kind: 'bar', label: 'bar: by Place → the largest Place (by audience)', expect: 'place-by-audience' },
  { kind: 'slice', arg: 'activity', label: 'by activity, in that Place', expect: 'place-by-activity' },
  { kind: 'back', back: 1, untimed: true },
  { kind: 'back', back: 0, label: 'back (to by Place)', expect: 'by-place' },
  { kind: 'then', arg: 'agency', label: 'then by agency + Show (Place × agency)', expect: 'place-x-agency' },
  { kind: 'back', back: 0, untimed: true },
  { kind: 'slice', arg: 'activity', label: 'by activity (all Places)', expect: 'by-activity' },
];

/** The datasets: shipped ones for loading figures only, generated ones for everything. */
function datasets() {
  const list = [
    { name: 'published (home)', query: '', clicks: false },
    { name: 'illustrative', query: '?dataset=shropshire-illustrative', clicks: false },
  ];
  for (const [n, throttle] of [['1e4', 1], ['1e5', THROTTLE], ['1e6', 1]]) {
    const file = path.join(FIXTURES_DIR, `bench-${n}.json`);
    if (!existsSync(file)) {
      console.warn(`(no ${path.relative(REPO, file)}: run tools/bench.sh, which generates it)`);
      continue;
    }
    list.push({ name: `${n} facts`, n, bytes: statSync(file).size, query: `?data=/fixtures/bench-${n}.json`, clicks: true, throttle, file: `/fixtures/bench-${n}.json` });
  }
  // BENCH_DATASETS=1e4,illustrative: only those (words of the names), for a quick look.
  const only = (process.env.BENCH_DATASETS ?? '').split(',').map((w) => w.trim()).filter(Boolean);
  return only.length ? list.filter((d) => only.some((w) => d.name.includes(w))) : list;
}

async function throttle(page, rate) {
  if (rate === 1) return;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** One cold load (fresh context) of Whole Place and, for generated files, one run of clicks. */
async function measureApp(browser, server, dataset) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const responses = [];
  // When the request started (ms since 1970), not when Node heard of the response.
  page.on('response', (r) => responses.push({ path: new URL(r.url()).pathname, at: r.request().timing().startTime }));
  await page.addInitScript({ content: PROBE });
  const firstRequest = server.requests.length;
  const startedAt = Date.now();
  try {
    await page.goto(`${server.url}/${dataset.query}`);
    await page.waitForFunction(() => window.__bench?.firstAnswer != null, null, { timeout: 600_000, polling: 50 });
    const load = await page.evaluate(() => {
      const bench = window.__bench;
      bench.flushLongTasks();
      const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      const before = (bench.longTasks ?? []).filter((t) => t.start < bench.firstAnswer);
      const loaded = performance.getEntriesByName('wp-loaded')[0]?.detail ?? null;
      return {
        // The first answer on the wall clock (ms since 1970), to tell which requests came before.
        answeredAt: performance.timeOrigin + bench.firstAnswer,
        firstAnswer: bench.firstAnswer,
        fetch: mark('wp-fetched') - mark('wp-fetch-start'),
        parse: mark('wp-parsed') - mark('wp-fetched'),
        longestTask: bench.longTasks ? Math.max(0, ...before.map((t) => t.duration)) : NaN,
        longTasksTotal: bench.longTasks ? before.reduce((s, t) => s + t.duration, 0) : NaN,
        blocking: bench.longTasks ? before.reduce((s, t) => s + Math.max(0, t.duration - 50), 0) : NaN,
        wasmMemory: typeof window.wholePlaceWasmMemory === 'function' ? window.wholePlaceWasmMemory() : null,
        workerMemory: typeof loaded?.workerMemoryBytes === 'number' ? loaded.workerMemoryBytes : null,
        loadedBytes: typeof loaded?.bytes === 'number' ? loaded.bytes : null,
        loadedFacts: typeof loaded?.facts === 'number' ? loaded.facts : null,
      };
    });
    const answeredAt = load.answeredAt;
    const fetched = [
      ...server.requests.slice(firstRequest).filter((r) => r.at >= startedAt && r.at <= answeredAt),
      ...responses.filter((r) => r.at <= answeredAt),
    ].map((r) => r.path);
    load.shell = shellOf(fetched);

    const clicks = {};
    // The chart heading after each click, so the report shows what was clicked into.
    const views = [['(loaded)', await page.evaluate(() => window.__bench.heading())]];
    if (dataset.clicks) {
      await throttle(page, dataset.throttle);
      const headings = [await page.evaluate(() => window.__bench.heading())];
      for (const click of CLICKS) {
        const arg = click.kind === 'back' ? headings.at(click.back) : click.arg;
        const result = await page.evaluate(([kind, a]) => window.__bench.act(kind, a), [click.kind, arg]);
        if (result === null) {
          if (!click.untimed) clicks[click.label] = null;
          if (!click.untimed) clicks[`${click.label} (DOM changed)`] = null;
          continue;
        }
        if (click.kind === 'back') headings.splice(click.back + 1);
        else headings.push(result.heading);
        views.push([click.label ?? `${click.kind} (not timed)`, result.heading]);
        if (!click.untimed) clicks[click.label] = result.ms;
        if (!click.untimed) clicks[`${click.label} (DOM changed)`] = result.domMs;
      }
    } else {
      // The old harness's two-way figure, for the shipped datasets: the first "then by" offered.
      const result = await page.evaluate(() => window.__bench.act('then', ''));
      clicks['then by (first offered) + Show'] = result?.ms ?? null;
      views.push(['then by (first offered) + Show', result?.heading ?? null]);
    }
    if (errors.length) throw new Error(`page errors for ${dataset.name}: ${errors.join('; ')}`);
    return { load, clicks, views };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The plain-JS baseline

async function measureBaseline(browser, server, dataset) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${server.url}/bench/baseline.html?data=${encodeURIComponent(dataset.file)}`);
    const load = await page.evaluate(() => window.baseline.ready);
    await throttle(page, dataset.throttle);
    const queries = {};
    for (const name of await page.evaluate(() => window.baseline.queries)) {
      const queryOnly = await page.evaluate((n) => window.baseline.queryOnly(n), name);
      const queryDomFrame = await page.evaluate((n) => window.baseline.queryDomFrame(n), name);
      queries[name] = { queryOnly, queryDomFrame };
    }
    if (errors.length) throw new Error(`baseline page errors for ${dataset.name}: ${errors.join('; ')}`);
    return { load, queries };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------

const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(2)));
const report = {
  when: new Date().toISOString(),
  runs: RUNS,
  throttle: THROTTLE,
  machine: { cpus: os.cpus().length, memoryBytes: os.totalmem(), loadAverageAtStart: loadAverage() },
  releaseFiles: releaseFiles(),
  datasets: {},
  baseline: {},
};

const server = await startBenchServer();
const browser = await launch();
try {
  report.chromium = browser.version();
  const list = datasets();
  // Runs interleave the datasets and the baseline (run 1 of each, then run 2, …), so a burst of
  // load from elsewhere on the machine spreads over all of them instead of spoiling one.
  const raw = Object.fromEntries(list.map((d) => [d.name, { app: [], baseline: [] }]));
  for (let run = 0; run < RUNS; run++) {
    for (const dataset of list) {
      process.stderr.write(`run ${run + 1}/${RUNS}: ${dataset.name}\n`);
      raw[dataset.name].app.push(await measureApp(browser, server, dataset));
      if (dataset.clicks) raw[dataset.name].baseline.push(await measureBaseline(browser, server, dataset));
    }
  }

  // ---- summarise
  for (const dataset of list) {
    const { app, baseline } = raw[dataset.name];
    const loadKeys = ['firstAnswer', 'fetch', 'parse', 'longestTask', 'longTasksTotal', 'blocking', 'wasmMemory', 'workerMemory', 'loadedBytes', 'loadedFacts'];
    const entry = {
      query: dataset.query,
      fileBytes: dataset.bytes ?? null,
      throttle: dataset.clicks ? dataset.throttle : null,
      load: Object.fromEntries(loadKeys.map((k) => [k, spread(app.map((r) => r.load[k]))])),
      shell: app[0].load.shell,
      views: app[0].views,
      shellSame: app.every((r) => JSON.stringify(r.load.shell) === JSON.stringify(app[0].load.shell)),
      clicks: Object.fromEntries(Object.keys(app[0].clicks).map((k) => [k, spread(app.map((r) => r.clicks[k]))])),
    };
    report.datasets[dataset.name] = entry;
    if (baseline.length) {
      const names = Object.keys(baseline[0].queries);
      report.baseline[dataset.name] = {
        throttle: dataset.throttle,
        load: Object.fromEntries(['fetch', 'parse', 'build'].map((k) => [k, spread(baseline.map((r) => r.load[k]))])),
        drilledPlace: baseline[0].load.place,
        queries: Object.fromEntries(
          names.map((n) => [
            n,
            {
              queryOnly: spread(baseline.map((r) => r.queries[n].queryOnly)),
              queryDomFrame: spread(baseline.map((r) => r.queries[n].queryDomFrame)),
            },
          ]),
        ),
      };
    }
  }
  report.machine.loadAverageAtEnd = loadAverage();

  // ---- print
  console.log(`Chromium ${report.chromium}; ${RUNS} runs each, min / median / max; load average at start ${report.machine.loadAverageAtStart.join(', ')}, at end ${report.machine.loadAverageAtEnd.join(', ')}`);
  console.log('\nrelease files (every .wasm and .js in dist/):');
  console.log(table(['file', 'raw', 'gzip', 'brotli'], report.releaseFiles.map((f) => [f.file, kib(f.raw), kib(f.gzip), kib(f.brotli)])));

  console.log('\nloading (ms; memory in MiB), navigation → first answer painted; tasks before the first answer:');
  console.log(
    table(
      ['dataset', 'first answer', 'fetch', 'parse+validate', 'longest task', 'blocking (>50 ms)', 'wasm memory (main)', 'worker peak'],
      list.map((d) => {
        const l = report.datasets[d.name].load;
        const name = d.bytes ? `${d.name} (${mib(d.bytes)})` : d.name;
        return [name, ms(l.firstAnswer), ms(l.fetch), ms(l.parse), ms(l.longestTask), ms(l.blocking), mibs(l.wasmMemory), mibs(l.workerMemory)];
      }),
    ),
  );
  const loaded = list.filter((d) => report.datasets[d.name].load.loadedFacts);
  for (const d of loaded) {
    const l = report.datasets[d.name].load;
    console.log(`  ${d.name}: the loader read ${l.loadedBytes ? mib(l.loadedBytes.median) : 'n/a'} and ${l.loadedFacts.median} facts (wp-loaded)`);
  }

  const shellFrom = list.find((d) => d.n === '1e6') ?? list[0];
  const shell = report.datasets[shellFrom.name].shell;
  report.shell = { dataset: shellFrom.name, ...shell, targetBrotliBytes: SHELL_TARGET_BYTES };
  console.log(`\nshell: .wasm and .js files fetched before the first answer (${shellFrom.name}, run 1; target ≤ ${kib(SHELL_TARGET_BYTES)} brotli):`);
  console.log(table(['file', 'raw', 'brotli (11)'], [...shell.files.map((f) => [f.file, kib(f.raw), kib(f.brotli)]), ['total', kib(shell.total.raw), kib(shell.total.brotli)]]));
  for (const d of list) {
    const s = report.datasets[d.name].shell;
    if (!report.datasets[d.name].shellSame || s.total.brotli !== shell.total.brotli) {
      console.log(`  (${d.name}: ${kib(s.total.brotli)} brotli${report.datasets[d.name].shellSame ? '' : ', varies between runs'})`);
    }
  }

  const generated = list.filter((d) => d.clicks);
  const column = (d) => `${d.name}${d.throttle > 1 ? `, ${d.throttle}× CPU throttle` : ''}`;
  console.log('\nclick → next frame (ms). Whole Place, then the plain-JS baseline on the same question (query alone; query + table in the DOM + next frame):');
  const rows = [];
  for (const click of CLICKS.filter((c) => !c.untimed)) {
    rows.push([`Whole Place: ${click.label}`, ...generated.map((d) => ms(report.datasets[d.name].clicks[click.label]))]);
    rows.push(['  Whole Place: DOM changed (no frame)', ...generated.map((d) => ms(report.datasets[d.name].clicks[`${click.label} (DOM changed)`]))]);
    rows.push([`  plain JS ${click.expect}: query`, ...generated.map((d) => ms(report.baseline[d.name]?.queries[click.expect]?.queryOnly))]);
    rows.push([`  plain JS ${click.expect}: + DOM + frame`, ...generated.map((d) => ms(report.baseline[d.name]?.queries[click.expect]?.queryDomFrame))]);
  }
  console.log(table(['click', ...generated.map(column)], rows));
  const extra = Object.keys(report.baseline[generated[0]?.name]?.queries ?? {}).filter((q) => !CLICKS.some((c) => c.expect === q));
  for (const q of extra) {
    console.log(`  plain JS ${q}: query ${generated.map((d) => ms(report.baseline[d.name].queries[q].queryOnly)).join(' | ')}; + DOM + frame ${generated.map((d) => ms(report.baseline[d.name].queries[q].queryDomFrame)).join(' | ')}`);
  }
  console.log(`  (the baseline drills into ${report.baseline[generated[0]?.name]?.drilledPlace ?? 'n/a'}, the largest Place; its load: ${generated.map((d) => { const b = report.baseline[d.name].load; return `${d.name} fetch ${ms(b.fetch)}, JSON.parse ${ms(b.parse)}, typed arrays ${ms(b.build)}`; }).join('; ')})`);

  console.log('\nshipped datasets, two-way (first "then by" offered + Show → table drawn), ms:');
  for (const d of list.filter((x) => !x.clicks)) console.log(`  ${d.name}: ${ms(report.datasets[d.name].clicks['then by (first offered) + Show'])}`);

  mkdirSync(path.dirname(JSON_OUT), { recursive: true });
  writeFileSync(JSON_OUT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten: ${path.relative(REPO, JSON_OUT)}`);
} finally {
  await browser.close();
  await server.close();
}
