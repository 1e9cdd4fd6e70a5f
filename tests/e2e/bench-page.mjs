// Browser benchmark (not a test: it asserts nothing and prints figures). Measures, in headless
// Chromium against the release build:
//   - release wasm size raw / gzip / brotli;
//   - navigation → first total painted, for both shipped datasets and for 1e4/1e5/1e6 facts;
//   - fetch and parse+validate time (from the app's performance marks);
//   - a two-way slice (select "then by activity" → cross table painted).
// Run via tools/bench.sh, which builds dist/ and generates tests/fixtures/bench-*.json first.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, launch, DIST_DIR, FIXTURES_DIR } from './harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** "min / median / max" of a list of milliseconds, rounded to whole milliseconds. */
function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (v) => v.toFixed(0);
  return `${ms(sorted[0])} / ${ms(sorted[Math.floor(sorted.length / 2)])} / ${ms(sorted[sorted.length - 1])}`;
}

function sizes() {
  const wasm = readdirSync(DIST_DIR).find((f) => f.endsWith('.wasm'));
  const bytes = readFileSync(path.join(DIST_DIR, wasm));
  const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
  const brotli = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const js = readdirSync(DIST_DIR).find((f) => /^whole-place-[0-9a-f]+\.js$/.test(f));
  const jsBytes = readFileSync(path.join(DIST_DIR, js));
  return { wasmRaw: bytes.length, wasmGzip: gzip, wasmBrotli: brotli, jsRaw: jsBytes.length, jsGzip: zlib.gzipSync(jsBytes, { level: 9 }).length };
}

async function measure(browser, baseUrl, query) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/${query}`);
  await page.waitForSelector('[data-testid=headline-total]', { timeout: 600_000 });
  const result = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    return {
      firstTotal: performance.now() - nav.startTime,
      fetch: mark('wp-fetched') - mark('wp-fetch-start'),
      parse: mark('wp-parsed') - mark('wp-fetched'),
    };
  });
  // Time to the first total is taken as soon as the element exists; read it now for accuracy.
  result.twoWay = await page.evaluate(async () => {
    const select = document.querySelector('[data-testid=then-by]');
    // The first dimension offered as a second one (the view may already be sliced by activity).
    const then = [...select.options].map((o) => o.value).find((v) => v !== '');
    const t0 = performance.now();
    select.value = then;
    // The view changes on the "Show" button, not on the select's change.
    document.querySelector('[data-testid=then-by-show]').click();
    await new Promise((resolve) => {
      const check = () => (document.querySelector('[data-testid=cross-table]') ? resolve() : requestAnimationFrame(check));
      check();
    });
    return performance.now() - t0;
  });
  await page.close();
  if (errors.length) throw new Error(`page errors for ${query}: ${errors.join('; ')}`);
  return result;
}

const server = await startServer();
const browser = await launch();
try {
  const s = sizes();
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`release wasm: ${kb(s.wasmRaw)} raw, ${kb(s.wasmGzip)} gzip, ${kb(s.wasmBrotli)} brotli; JS glue ${kb(s.jsRaw)} raw, ${kb(s.jsGzip)} gzip`);
  const cases = [['published (home)', ''], ['illustrative', '?dataset=shropshire-illustrative']];
  for (const n of ['1e4', '1e5', '1e6']) {
    const file = path.join(FIXTURES_DIR, `bench-${n}.json`);
    if (existsSync(file)) cases.push([`${n} facts (${(statSync(file).size / 1048576).toFixed(1)} MiB)`, `?data=/fixtures/bench-${n}.json`]);
  }
  console.log(`${RUNS} runs each, milliseconds as min / median / max:`);
  console.log(`${'dataset'.padEnd(28)} ${['first total painted', 'fetch', 'parse+validate', 'two-way slice'].map((h) => h.padStart(20)).join(' |')}`);
  for (const [name, query] of cases) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, server.url, query));
    const m = (key) => spread(runs.map((r) => r[key])).padStart(20);
    console.log(`${name.padEnd(28)} ${m('firstTotal')} |${m('fetch')} |${m('parse')} |${m('twoWay')}`);
  }
} finally {
  await browser.close();
  await server.close();
}
