// Before the WebAssembly arrives (slow connections), the page says it is loading; once the app
// renders, that message disappears. When the app cannot start at all, the page says so, with a
// reason and a link to the data, within 10 seconds: from the loader (public/boot.js), the
// watchdog (public/watchdog.js) or, when no script runs, from CSS alone (style/boot.css).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedApp, openApp, DIST_DIR, HOME_DATA_FILE } from './harness.mjs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const app = sharedApp();

/**
 * Holds every request matching `pattern` until `release()` is called, as a stalled download
 * does. Returns `{ release, beforeGoto }`: pass `beforeGoto` to `openApp`, and call `release`
 * (safe to call twice) to let the requests through.
 */
function holdRequests(pattern) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  const beforeGoto = (p) =>
    p.route(pattern, async (route) => {
      await held;
      await route.continue();
    });
  return { release, beforeGoto };
}

test('a loading message shows while the app downloads, and goes once it renders', async () => {
  const { release: releaseWasm, beforeGoto } = holdRequests('**/*.wasm');
  const page = await openApp(app.browser, '/', {
    waitUntil: 'domcontentloaded',
    beforeGoto,
  });
  try {
    const boot = page.locator('.boot');
    await boot.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await boot.textContent(), /Loading the Whole Place explorer/);
    releaseWasm();
    await page.locator('[data-testid=headline-total]').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await boot.isVisible(), false, 'boot message hidden after the app renders');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    releaseWasm();
    await page.closeContext();
  }
});

test('a broken app download explains itself instead of loading for ever', async () => {
  const page = await openApp(app.browser, '/', {
    beforeGoto: (p) =>
      p.route('**/*.wasm', (route) =>
        route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not wasm at all') }),
      ),
  });
  try {
    await page.locator('.boot-failure').waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await page.locator('#boot-failure-reason').textContent(), /could not run the explorer/);
    assert.match(await page.locator('.boot').textContent(), /could not start/);
    assert.equal(await page.locator('#panic-message').isVisible(), false, 'not the "stopped working" panel');
  } finally {
    await page.closeContext();
  }
});

// That the dataset a link opens (the home's for a bare address, the illustrative one by name or
// for an old link) is fetched once, by the early preload, is tested under the strict CSP header
// in csp.test.mjs (the stricter case).

test('a custom ?data= link does not also fetch a shipped dataset', async () => {
  const defaultRequests = [];
  const page = await openApp(app.browser, '/?data=/fixtures/tiny.json', {
    beforeGoto: (p) =>
      p.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/data/')) defaultRequests.push(request.url());
      }),
  });
  try {
    await page.locator('[data-testid=headline-total]').waitFor({ state: 'visible', timeout: 15_000 });
    assert.deepEqual(defaultRequests, []);
  } finally {
    await page.closeContext();
  }
});

test('a panic inside the app shows a message, not a dead page', async () => {
  const page = await openApp(app.browser, '/');
  try {
    await page.locator('[data-testid=headline-total]').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await page.locator('#panic-message').isVisible(), false);
    await page.evaluate(() => {
      try {
        window.wasmBindings.diagnosticPanic();
      } catch {
        // The panic ends the WebAssembly instance with a trap; that is expected here.
      }
    });
    await page.locator('#panic-message').waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await page.locator('#panic-detail').textContent(), /diagnostic panic requested/);
  } finally {
    await page.closeContext();
  }
});

// --- The app cannot start: a notice within 10 seconds ------------------------------------------

/** The promised bound, measured from navigation. */
const NOTICE_WITHIN_MS = 10_000;

/**
 * Waits until the page's stylesheets apply. A browser paints nothing before the stylesheets in
 * <head> arrive, but Playwright can lay the page out earlier, when the notice is not yet hidden.
 */
async function stylesApplied(where, timeout) {
  await where.waitForFunction(
    () => {
      // style/boot.css gives the notice's box a 5px border.
      const box = document.querySelector('.boot-failure__box');
      return box !== null && getComputedStyle(box).borderTopWidth === '5px';
    },
    undefined,
    { timeout },
  );
}

/**
 * Opens `urlPath` with `beforeGoto`, then asserts that the "has not started" notice becomes visible
 * within 10 s of navigation, links to the data file the address opens (every case here opens the
 * bare address, so the home's), and has a reason matching `reason`.
 * `frame(page)` picks the frame to look in (default: the page). Returns the reason text.
 */
async function expectNotice({ urlPath = '/', beforeGoto, reason, frame = (p) => p, contextOptions }) {
  const t0 = Date.now();
  const page = await openApp(app.browser, urlPath, { beforeGoto, waitUntil: 'commit', contextOptions });
  try {
    const where = await frame(page);
    const notice = where.locator('.boot-failure');
    await stylesApplied(where, NOTICE_WITHIN_MS - (Date.now() - t0));
    await notice.waitFor({ state: 'visible', timeout: NOTICE_WITHIN_MS - (Date.now() - t0) });
    const elapsed = Date.now() - t0;
    assert.ok(elapsed <= NOTICE_WITHIN_MS, `notice after ${elapsed} ms`);
    const text = (await where.locator('#boot-failure-reason').textContent()).trim();
    assert.match(text, reason);
    const data = where.locator('.boot-failure a.boot-failure__data');
    assert.equal(await data.getAttribute('href'), HOME_DATA_FILE, 'links to the data file the page would show');
    assert.equal(await where.locator('[data-testid=headline-total]').count(), 0, 'the app did not start');
    return text;
  } finally {
    await page.closeContext();
  }
}

const abort = (pattern) => (p) => p.route(pattern, (route) => route.abort('blockedbyclient'));

test('wasm blocked: the loader says so within 10 s', async () => {
  await expectNotice({ beforeGoto: abort('**/*.wasm'), reason: /could not run the explorer|download failed/ });
});

test('wasm missing (404): the loader says so within 10 s', async () => {
  await expectNotice({
    beforeGoto: (p) => p.route('**/*.wasm', (route) => route.fulfill({ status: 404, body: 'Not found' })),
    reason: /404/,
  });
});

test('the wasm-bindgen JavaScript blocked: the loader says so within 10 s', async () => {
  await expectNotice({ beforeGoto: abort(/whole-place-[0-9a-f]+\.js$/), reason: /could not run the explorer|download failed/ });
});

test('the loader script blocked: the watchdog says so within 10 s', async () => {
  await expectNotice({ beforeGoto: abort(/\/boot-[0-9a-f]+\.js$/), reason: /boot-[0-9a-f]+\.js could not be loaded/ });
});

test('every script blocked: the plain HTML/CSS notice appears within 10 s', async () => {
  await expectNotice({ beforeGoto: abort('**/*.js'), reason: /nothing has run/ });
});

test('the loader never arrives (request hangs): the watchdog says so within 10 s', async () => {
  await expectNotice({
    beforeGoto: (p) => p.route(/\/boot-[0-9a-f]+\.js$/, () => {}),
    reason: /start-up script did not run/,
  });
});

test('the wasm download hangs: a notice within 10 s, gone once the download resumes and the app starts', async () => {
  const { release: releaseWasm, beforeGoto } = holdRequests('**/*.wasm');
  const t0 = Date.now();
  const page = await openApp(app.browser, '/', {
    waitUntil: 'commit',
    beforeGoto,
  });
  try {
    const notice = page.locator('.boot-failure');
    await stylesApplied(page, NOTICE_WITHIN_MS);
    await notice.waitFor({ state: 'visible', timeout: NOTICE_WITHIN_MS - (Date.now() - t0) });
    assert.ok(Date.now() - t0 <= NOTICE_WITHIN_MS, `notice after ${Date.now() - t0} ms`);
    assert.match(await page.locator('#boot-failure-reason').textContent(), /Nothing has arrived .* may have stalled/);
    assert.match(await page.locator('.boot').textContent(), /Loading/, 'still loading, not given up');
    releaseWasm();
    await page.locator('[data-testid=headline-total]').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await notice.isVisible(), false, 'the notice goes once the app runs');
    assert.equal(await page.locator('.boot').isVisible(), false);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    releaseWasm();
    await page.closeContext();
  }
});

test('in a sandboxed iframe without allow-same-origin, the frame explains itself within 10 s', async () => {
  const host = `${app.server.url}/sandbox-host.html`;
  await expectNotice({
    urlPath: host,
    beforeGoto: (p) =>
      p.route(host, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><title>host</title><iframe sandbox="allow-scripts" src="/" width="800" height="600"></iframe>',
        }),
      ),
    frame: async (page) => {
      const handle = await page.waitForSelector('iframe');
      return (await handle.contentFrame()) ?? assert.fail('no frame');
    },
    reason: /sandboxed iframe/,
  });
});

test('opened as a file (file://), the page explains itself within 10 s', async () => {
  await expectNotice({
    urlPath: pathToFileURL(path.join(DIST_DIR, 'index.html')).href,
    reason: /opened as a file/,
  });
});

test('with JavaScript off, the noscript text shows and no loading message stays', async () => {
  const page = await openApp(app.browser, '/', { contextOptions: { javaScriptEnabled: false } });
  try {
    assert.equal(await page.locator('.page__noscript').isVisible(), true);
    await page.waitForTimeout(10_000);
    assert.equal(await page.locator('.boot').isVisible(), false, 'no "Loading…" with scripting off');
    assert.equal(await page.locator('.boot-failure').isVisible(), false, 'noscript says it all');
  } finally {
    await page.closeContext();
  }
});

test('the data file hangs: after 10 s the page says so and links to it; the figures replace it when they arrive', async () => {
  const { release: releaseData, beforeGoto } = holdRequests(`**/${HOME_DATA_FILE}`);
  const page = await openApp(app.browser, '/', {
    beforeGoto,
  });
  try {
    const started = Date.now();
    const slow = page.locator('[data-testid=loading-slow]');
    await slow.waitFor({ state: 'visible', timeout: 15_000 });
    const waited = Date.now() - started;
    assert.ok(waited >= 8_000, `not before about 10 s (${waited} ms)`);
    assert.match(await slow.textContent(), /has not arrived after 10 seconds/);
    const href = await page.locator('[data-testid=loading-slow-link]').getAttribute('href');
    assert.ok(href.endsWith(HOME_DATA_FILE), `links to the data file: ${href}`);
    releaseData();
    await page.locator('[data-testid=headline-total]').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await slow.count(), 0, 'the note goes when the figures arrive');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    releaseData();
    await page.closeContext();
  }
});

test("the site's own data file missing: the error names it and does not offer it again", async () => {
  const page = await openApp(app.browser, '/', {
    beforeGoto: (p) => p.route(`**/${HOME_DATA_FILE}`, (route) => route.fulfill({ status: 404, body: 'gone' })),
  });
  try {
    const panel = page.locator('[data-testid=error-panel]');
    await panel.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await panel.textContent(), /404/);
    assert.ok((await panel.locator('[data-testid=error-address]').textContent()).endsWith(HOME_DATA_FILE));
    assert.equal(await panel.locator('.error-panel__default-link').count(), 0, 'no offer of the file that just failed');
  } finally {
    await page.closeContext();
  }
});
