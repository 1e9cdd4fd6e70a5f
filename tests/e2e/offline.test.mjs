// Offline in a village hall (issue 10, section 3): the service worker (public/sw.js, stamped by
// tools/stamp-sw.mjs), the web app manifest, the file:// notice, and the page saying which data
// version it shows and when it was fetched. Service workers are blocked in the other test files
// (harness.mjs); these tests allow them. Every test here runs under the strict CSP.
//
// "Offline" is real: the static server is shut down (and the context set offline), so nothing
// can answer but the service worker.
// Run: cd tests/e2e && node --test offline.test.mjs   (after a `trunk build --release`)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CSP,
  DIST_DIR,
  FIXTURES_DIR,
  HOME_DATA_FILE,
  ILLUSTRATIVE,
  ILLUSTRATIVE_DATA_FILE,
  datasetTotals,
  formatPounds,
  launch,
  openApp,
  requireDist,
  clickBar,
  expectHeadline,
} from './harness.mjs';
import { createStaticServer, listen } from '../../tools/static-server.mjs';
import { shellFiles, shellVersion, stamp, stampText } from '../../tools/stamp-sw.mjs';
import { precompress } from '../../tools/precompress.mjs';

const TIMEOUT = 20_000;
const WITH_SERVICE_WORKERS = { serviceWorkers: 'allow' };
const illustrative = datasetTotals(ILLUSTRATIVE_DATA_FILE);
const ALL = formatPounds(illustrative.sumPence());
const offender = illustrative.subtree('offender-management');
const FOUNDING = formatPounds(
  illustrative.sumPence((f) => f.place === 'ludlow' && f.audience === 'young-16-19' && offender.has(f.activity)),
);
const HOME_ALL = formatPounds(datasetTotals(HOME_DATA_FILE).sumPence());
/** "30 November 2026, 22:38 GMT", as src/domain/freshness.rs writes a fetch time. */
const FETCH_TIME = /^\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} GMT/;

let browser;
before(async () => {
  requireDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A server of `dir` (default dist/) on a free port with the strict CSP, as published. */
async function serve(dir = DIST_DIR) {
  const server = createStaticServer({
    roots: [
      { prefix: '/fixtures', dir: FIXTURES_DIR },
      { prefix: '/', dir },
    ],
    csp: CSP,
  });
  return listen(server);
}

/** Waits until the service worker controls the page and has kept what the page loaded. */
async function waitUntilReadyOffline(page) {
  await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready', null, { timeout: TIMEOUT });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: TIMEOUT });
}

/** The cache names, and the addresses in each (paths only). */
function storedIn(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((request) => new URL(request.url).pathname + new URL(request.url).search);
    }
    return out;
  });
}

function assertHealthy(page) {
  assert.deepEqual(page.pageErrors, [], 'page errors');
  assert.deepEqual(page.cspViolations, [], 'CSP violations');
  assert.deepEqual(
    page.consoleErrors.filter((e) => !/ERR_CONNECTION_REFUSED|ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e)),
    [],
    'console errors',
  );
}

test('loaded once (home and the illustrative data), then offline: reload works and answers the founding question', async () => {
  const server = await serve();
  const page = await openApp(browser, '/', { baseUrl: server.url, contextOptions: WITH_SERVICE_WORKERS });
  try {
    await expectHeadline(page, HOME_ALL, TIMEOUT);
    await waitUntilReadyOffline(page);
    await page.goto(new URL(ILLUSTRATIVE, server.url).href);
    await expectHeadline(page, ALL, TIMEOUT);
    await waitUntilReadyOffline(page);
    // The facilitator can see it is kept for offline use.
    assert.equal(await page.locator('[data-testid=offline-ready]').isVisible(), true, 'says it opens offline');
    // Online, the page says which version it shows and when it was fetched; not a saved copy.
    const onlineFetched = await page.locator('[data-testid=about-fetched]').textContent();
    assert.match(onlineFetched, FETCH_TIME);
    assert.doesNotMatch(onlineFetched, /saved copy/);
    assert.match(await page.locator('[data-testid=about-version]').textContent(), /^file dated \d{1,2} [A-Z][a-z]+ \d{4}$/);

    // A file the app's own loader worker fetches (a `data` link: not started early by boot.js,
    // not in its "keep" list): the dedicated worker is controlled by the page's service worker.
    await page.goto(new URL('/?data=/fixtures/tiny.json', server.url).href);
    await page.locator('[data-testid=headline-total]').waitFor({ state: 'visible', timeout: TIMEOUT });
    await page.goto(new URL(ILLUSTRATIVE, server.url).href);
    await expectHeadline(page, ALL, TIMEOUT);

    const stored = await storedIn(page);
    const appCaches = Object.keys(stored).filter((name) => name.startsWith('whole-place-app-'));
    assert.equal(appCaches.length, 1, `one app-shell cache: ${Object.keys(stored)}`);
    const shell = stored[appCaches[0]];
    for (const part of ['/index.html', '/loader-worker.js', '/manifest.webmanifest', '/icons/icon-192.png']) {
      assert.ok(shell.includes(part), `the shell has ${part}: ${shell}`);
    }
    assert.ok(shell.some((p) => /_bg\.wasm$/.test(p)), 'the shell has the wasm');
    assert.ok(!shell.some((p) => p.startsWith('/data/')), 'no data file in the shell');
    const data = stored['whole-place-data'] ?? [];
    for (const file of [HOME_DATA_FILE, ILLUSTRATIVE_DATA_FILE, 'config.json', 'fixtures/tiny.json']) {
      assert.ok(data.includes(`/${file}`), `kept: ${file} (${data})`);
    }

    // Offline for real: nothing answers but the service worker.
    await server.close();
    await page.context().setOffline(true);
    await page.reload();
    await expectHeadline(page, ALL, TIMEOUT);
    await clickBar(page, 'Ludlow', TIMEOUT);
    await page.waitForURL((u) => new URL(u).searchParams.get('place') === 'ludlow', { timeout: TIMEOUT });
    await clickBar(page, 'Young people 16–19', TIMEOUT);
    await page.waitForURL((u) => new URL(u).searchParams.get('audience') === 'young-16-19', { timeout: TIMEOUT });
    await clickBar(page, 'Offender management', TIMEOUT);
    await page.waitForURL((u) => new URL(u).searchParams.get('activity') === 'offender-management', {
      timeout: TIMEOUT,
    });
    await expectHeadline(page, FOUNDING, TIMEOUT);
    // The page says it is a saved copy, and when it was really fetched.
    const offlineFetched = await page.locator('[data-testid=about-fetched]').textContent();
    assert.match(offlineFetched, FETCH_TIME);
    assert.match(offlineFetched, /\(saved copy: you are offline\)$/);
    assert.match(
      await page.locator('[data-testid=data-freshness]').textContent(),
      /^File dated .+, fetched .+ GMT \(saved copy: you are offline\)\.$/,
    );
    // Any view opens offline, the home (the other dataset) too.
    await page.goto(`${new URL(page.url()).origin}/?by=agency&place=ludlow&audience=young-16-19&activity=offender-management&dataset=shropshire-illustrative`);
    await expectHeadline(page, FOUNDING, TIMEOUT);
    await page.goto(`${new URL(page.url()).origin}/`);
    await expectHeadline(page, HOME_ALL, TIMEOUT);
    // A file never shown online is not kept: the page says the device is offline, not that
    // the address or another site's CORS setting is wrong.
    await page.goto(`${new URL(page.url()).origin}/?data=/fixtures/never-shown.json`);
    const error = page.locator('[data-testid=error-panel]');
    await error.waitFor({ timeout: TIMEOUT });
    const said = await error.textContent();
    assert.match(said, /This device is offline, and this data file was not saved on it/);
    assert.doesNotMatch(said, /CORS/);
    assertHealthy(page);
  } finally {
    await page.closeContext();
    await server.close();
  }
});

test('a new release replaces the old: its stamped service worker takes over and deletes the old cache', async () => {
  // A copy of the build to change, as a publisher uploads a new release over the old one.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'offline-release-'));
  cpSync(DIST_DIR, dir, { recursive: true });
  const server = await serve(dir);
  const page = await openApp(browser, ILLUSTRATIVE, { baseUrl: server.url, contextOptions: WITH_SERVICE_WORKERS });
  try {
    await expectHeadline(page, ALL, TIMEOUT);
    await waitUntilReadyOffline(page);
    const before = Object.keys(await storedIn(page)).filter((n) => n.startsWith('whole-place-app-'));
    assert.equal(before.length, 1);
    assert.equal(before[0], `whole-place-app-${JSON.parse(/const BUILD = (.*);/.exec(readFileSync(path.join(dir, 'sw.js'), 'utf8'))[1]).version}`);

    // The new release: a changed file, and sw.js stamped (and compressed) again as the build's
    // own hook does.
    const worker = path.join(dir, 'loader-worker.js');
    writeFileSync(worker, `${readFileSync(worker, 'utf8')}\n// release 2\n`);
    const release = await stamp(dir);
    await precompress(dir);
    assert.notEqual(`whole-place-app-${release.version}`, before[0], 'a changed file makes a new version');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    // Installed, then activated (deleting the old cache): poll until both have happened.
    let after = {};
    for (const started = Date.now(); Date.now() - started < TIMEOUT; await page.waitForTimeout(250)) {
      after = await storedIn(page);
      if (Object.keys(after).filter((n) => n.startsWith('whole-place-app-')).join() === `whole-place-app-${release.version}`) break;
    }
    assert.deepEqual(Object.keys(after).filter((n) => n.startsWith('whole-place-app-')), [`whole-place-app-${release.version}`]);
    assert.ok(after['whole-place-data']?.includes(`/${ILLUSTRATIVE_DATA_FILE}`), 'the kept data stays across releases');
    // The new shell holds the new file.
    const kept = await page.evaluate(async (name) => {
      const response = await (await caches.open(name)).match(new URL('loader-worker.js', location.href));
      return response ? response.text() : '';
    }, `whole-place-app-${release.version}`);
    assert.match(kept, /release 2/);
    assertHealthy(page);
  } finally {
    await page.closeContext();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('embedded, nothing is stored: no service worker, no Cache Storage, no localStorage', async () => {
  const server = await serve();
  const page = await openApp(browser, `${ILLUSTRATIVE}&embed=1`, { baseUrl: server.url, contextOptions: WITH_SERVICE_WORKERS });
  try {
    await expectHeadline(page, ALL, TIMEOUT);
    await page.waitForFunction(() => document.documentElement.dataset.boot === 'started', null, { timeout: TIMEOUT });
    // Registration would follow the start at once; give it time to have happened if it were coming.
    await page.waitForTimeout(1500);
    const stored = await page.evaluate(async () => ({
      registrations: (await navigator.serviceWorker.getRegistrations()).length,
      caches: await caches.keys(),
      localStorage: localStorage.length,
      offline: document.documentElement.dataset.offline ?? null,
    }));
    assert.deepEqual(stored, { registrations: 0, caches: [], localStorage: 0, offline: null });
    assert.equal(await page.locator('[data-testid=offline-ready]').isVisible(), false, 'never claims to work offline');
    assertHealthy(page);
  } finally {
    await page.closeContext();
    await server.close();
  }
});

test('an embedded page under an already-registered service worker gets nothing stored for it', async () => {
  const server = await serve();
  const page = await openApp(browser, ILLUSTRATIVE, { baseUrl: server.url, contextOptions: WITH_SERVICE_WORKERS });
  try {
    await expectHeadline(page, ALL, TIMEOUT);
    await waitUntilReadyOffline(page);
    await page.evaluate(() => caches.delete('whole-place-data'));
    const embedded = await page.context().newPage();
    embedded.on('pageerror', (error) => page.pageErrors.push(String(error)));
    await embedded.goto(new URL('/?dataset=shropshire-published&embed=1', server.url).href);
    await expectHeadline(embedded, HOME_ALL, TIMEOUT);
    assert.equal(await embedded.evaluate(() => navigator.serviceWorker.controller !== null), true, 'the worker controls it');
    await embedded.waitForTimeout(1000);
    const stored = await storedIn(embedded);
    assert.deepEqual(stored['whole-place-data'] ?? [], [], 'no data kept for the embedded page');
    assert.equal(await embedded.evaluate(() => localStorage.length), 0);
    assert.equal(await embedded.evaluate(() => document.documentElement.dataset.offline ?? null), null);
    assertHealthy(page);
  } finally {
    await page.closeContext();
    await server.close();
  }
});

test('installable: the manifest is linked and read, with its icons, and Chromium finds no installability error', async () => {
  const server = await serve();
  const page = await openApp(browser, '/', { baseUrl: server.url, contextOptions: WITH_SERVICE_WORKERS });
  try {
    await expectHeadline(page, HOME_ALL, TIMEOUT);
    await waitUntilReadyOffline(page);
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel=manifest]');
      const response = await fetch(link.href);
      return { type: response.headers.get('content-type'), body: await response.json(), href: link.href };
    });
    assert.equal(manifest.type, 'application/manifest+json');
    assert.equal(manifest.body.short_name, 'Whole Place');
    assert.equal(manifest.body.start_url, './');
    assert.equal(manifest.body.display, 'standalone');
    const sizes = manifest.body.icons.map((i) => i.sizes).sort();
    assert.deepEqual(sizes, ['192x192', '512x512', 'any']);
    for (const icon of manifest.body.icons) {
      const status = await page.evaluate(async (src) => (await fetch(src)).status, new URL(icon.src, manifest.href).href);
      assert.equal(status, 200, icon.src);
    }
    const cdp = await page.context().newCDPSession(page);
    const read = await cdp.send('Page.getAppManifest');
    assert.deepEqual(read.errors, [], 'the manifest parses without errors');
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    // Playwright's contexts are incognito, where Chromium installs nothing whatever the page does.
    const errors = installabilityErrors.filter((e) => e.errorId !== 'in-incognito');
    assert.deepEqual(errors, [], JSON.stringify(errors));
    assertHealthy(page);
  } finally {
    await page.closeContext();
    await server.close();
  }
});

test('opened from disk (file://), the page says at once, in plain words, how to run it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(path.join(DIST_DIR, 'index.html')).href, { waitUntil: 'load' });
    // By the `load` event (no waiting): the watchdog has said it, and nothing claims to be loading.
    const state = await page.evaluate(() => ({
      boot: document.documentElement.dataset.boot,
      reason: document.getElementById('boot-failure-reason')?.textContent ?? '',
      status: document.querySelector('.boot')?.textContent ?? '',
    }));
    assert.equal(state.boot, 'failed');
    assert.match(state.reason, /opened as a file/);
    assert.match(state.reason, /python3 -m http\.server 8080/);
    assert.match(state.reason, /bash tools\/serve\.sh/);
    assert.doesNotMatch(state.status, /Loading/);
    assert.equal(await page.locator('.boot-failure__reload').isVisible(), false, 'no "reloading may help"');
    assert.equal(await page.locator('.boot-failure').isVisible(), true, 'the notice is shown');
  } finally {
    await context.close();
  }
});

test('the build stamps dist/sw.js with its version and every app-shell file, and nothing else', async () => {
  const source = readFileSync(path.join(DIST_DIR, 'sw.js'), 'utf8');
  const build = JSON.parse(/^const BUILD = (.*);$/m.exec(source)?.[1] ?? 'null');
  assert.ok(build, 'dist/sw.js has a stamped BUILD line');
  assert.match(build.version, /^[0-9a-f]{16}$/);
  // The stamp is what the hook computes from dist/ now (so nothing changed after it ran).
  const files = await shellFiles(DIST_DIR);
  assert.deepEqual(build.files, files);
  assert.equal(build.version, await shellVersion(DIST_DIR, files));
  for (const part of ['index.html', 'loader-worker.js', 'manifest.webmanifest', 'icons/icon-512.png']) {
    assert.ok(files.includes(part), `in the shell: ${part}`);
  }
  for (const pattern of [/^whole-place-[0-9a-f]+_bg\.wasm$/, /^whole-place-[0-9a-f]+\.js$/, /^boot-[0-9a-f]+\.js$/, /^watchdog-[0-9a-f]+\.js$/, /^main-[0-9a-f]+\.css$/]) {
    assert.ok(files.some((f) => pattern.test(f)), `in the shell: ${pattern}`);
  }
  for (const file of files) {
    assert.doesNotMatch(file, /^(sw\.js|config\.json|embed\.js|data\/|schema\/)|\.(br|gz)$/, `not in the shell: ${file}`);
  }
  // A service worker without the stamp lines is refused rather than left unstamped.
  assert.throws(() => stampText('const BUILD = {};', build), /has no .* lines to replace/);
});
