// Loading in the loader Web Worker (src/worker.rs, src/ui/loader.rs): a generated file of
// 200,000 facts (written here, deterministic, with exact totals computed here as BigInt pence)
// is downloaded and read off the page's thread, each fact as it arrives. The page shows bytes
// and facts read while it loads, the headline is the exact total, the page's own WebAssembly
// memory stays smaller than the file (the raw file never enters it), and the worker reports what
// it read. A download cut off part way says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { sharedApp, openApp, formatPounds, FIXTURES_DIR, DIST_DIR } from './harness.mjs';

const shared = sharedApp();
const N_FACTS = 200_000;
const FILE = 'e2e-loader-generated.json';

/** A format 1.0 file of `n` facts over 18 Places × 6 activities × 4 agencies, and its total. */
function generate(n) {
  const places = Array.from({ length: 18 }, (_, i) => ({ id: `p${i}`, label: `Place ${i}` }));
  const activities = Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, label: `Activity ${i}` }));
  const agencies = Array.from({ length: 4 }, (_, i) => ({ id: `g${i}`, label: `Agency ${i}` }));
  let total = 0n;
  const facts = [];
  for (let i = 0; i < n; i += 1) {
    // Pence from a small linear congruence: positive and negative, never a float.
    const pence = BigInt(((i * 7919) % 200_003) - 20_000);
    total += pence;
    const sign = pence < 0n ? '-' : '';
    const abs = pence < 0n ? -pence : pence;
    const amount = `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
    facts.push(`{"place":"p${i % 18}","activity":"a${i % 6}","agency":"g${i % 4}","amount":"${amount}"}`);
  }
  const header = {
    format_version: '1.0',
    metadata: { title: 'Generated for the loader test', currency: 'GBP', status: 'illustrative' },
    places,
    audiences: [],
    activities,
    agencies,
  };
  const text = `${JSON.stringify(header).slice(0, -1)},"facts":[\n${facts.join(',\n')}\n]}`;
  return { text, total };
}

test('a 200,000-fact file loads in the worker: progress, exact total, and the page never holds the file', async () => {
  const { text, total } = generate(N_FACTS);
  const file = path.join(FIXTURES_DIR, FILE);
  writeFileSync(file, text);
  const size = statSync(file).size;
  const page = await openApp(shared.browser, `/?data=/fixtures/${FILE}`, {
    beforeGoto: async (p) => {
      // A slow connection (about 8 MB/s), so the download and the reading both show.
      const cdp = await p.context().newCDPSession(p);
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 20,
        downloadThroughput: 8_000_000,
        uploadThroughput: 1_000_000,
      });
    },
    waitUntil: 'commit',
  });
  try {
    // Every progress text the loading view showed, until the figures replace it.
    const seen = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const texts = new Set();
          const look = () => {
            const progress = document.querySelector('[data-testid=loading-progress]');
            if (progress?.textContent) texts.add(progress.textContent);
            if (document.querySelector('[data-testid=headline-total]')) resolve([...texts]);
            else requestAnimationFrame(look);
          };
          look();
        }),
    );
    // Facts are read while the file is still arriving: some progress line names fewer bytes
    // than the file holds and a number of facts already read.
    const megabytes = (t) => Number(t.match(/^Downloaded ([\d,]+\.\d)( of [\d,]+\.\d)? MB/)?.[1].replaceAll(',', '') ?? NaN);
    const facts = (t) => Number(t.match(/read ([\d,]+) facts$/)?.[1].replaceAll(',', '') ?? 0);
    assert.ok(
      seen.some((t) => megabytes(t) < Math.floor(size / 100_000) / 10 && facts(t) > 0 && facts(t) < N_FACTS),
      `facts read during the download: ${seen}`,
    );
    // The file's size is known (Content-Length), so progress says how much of it has come.
    const sizeText = `of ${(Math.floor(size / 100_000) / 10).toFixed(1)} MB`;
    assert.ok(seen.some((t) => t.includes(sizeText)), `progress names the size (${sizeText}): ${seen}`);
    assert.equal(await page.locator('[data-testid=headline-total]').textContent(), formatPounds(total));
    const after = await page.evaluate(() => ({
      pageMemory: window.wholePlaceWasmMemory(),
      loaded: performance.getEntriesByName('wp-loaded')[0]?.detail,
    }));
    assert.equal(after.loaded.facts, N_FACTS, 'the worker read every fact');
    assert.equal(after.loaded.bytes, size, 'the worker received the whole file');
    assert.ok(after.loaded.workerMemoryBytes > size, 'the file was held in the worker');
    assert.ok(after.loaded.handoffBytes < size / 10, `the page got the summed figures (${after.loaded.handoffBytes} bytes)`);
    assert.ok(after.pageMemory < size, `the page's memory (${after.pageMemory}) is smaller than the file (${size})`);
    assert.deepEqual([page.pageErrors, page.consoleErrors], [[], []]);
  } finally {
    await page.closeContext();
  }
});

test('a download that breaks off part way says so, with how much arrived, and offers the site\'s own data', async () => {
  const { createStaticServer, listen } = await import('../../tools/static-server.mjs');
  const { text } = generate(60_000);
  const body = Buffer.from(text);
  // The app from dist/, and /drop.json: the whole file's length announced, 2,000,000 bytes
  // sent, then the connection cut.
  const site = createStaticServer({ roots: [{ prefix: '/', dir: DIST_DIR }], csp: null });
  const server = http.createServer((req, res) => {
    if (!req.url.startsWith('/drop.json')) {
      site.emit('request', req, res);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.write(body.subarray(0, 2_000_000), () => setTimeout(() => res.socket.destroy(), 100));
  });
  const started = await listen(server);
  const page = await openApp(shared.browser, '/?data=/drop.json', { baseUrl: started.url });
  try {
    const error = page.locator('[data-testid=error-panel]');
    await error.waitFor({ timeout: 20_000 });
    const words = await error.textContent();
    assert.match(words, /The download stopped part way, after 2\.0 MB of the file had arrived/);
    assert.match(words, /Reload the page to try again/);
    assert.doesNotMatch(words, /CORS/, 'a broken download is not blamed on the address');
    assert.match(words, /Show this website.s own data instead/);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
    await started.close();
  }
});
