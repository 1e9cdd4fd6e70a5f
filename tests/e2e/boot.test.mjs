// Before the WebAssembly arrives (slow connections), the page says it is loading; once the app
// renders, that message disappears.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedApp, openApp } from './harness.mjs';

const app = sharedApp();

test('a loading message shows while the app downloads, and goes once it renders', async () => {
  let releaseWasm;
  const wasmHeld = new Promise((resolve) => (releaseWasm = resolve));
  const page = await openApp(app.browser, '/', {
    waitUntil: 'domcontentloaded',
    beforeGoto: (p) =>
      p.route('**/*.wasm', async (route) => {
        await wasmHeld;
        await route.continue();
      }),
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
    const panel = page.locator('#panic-message');
    await panel.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await page.locator('#panic-detail').textContent(), /could not run the explorer/);
    assert.match(await page.locator('.boot').textContent(), /could not start/);
  } finally {
    await page.closeContext();
  }
});

test('the default dataset is fetched once, alongside the app, and reused', async () => {
  const dataRequests = [];
  const page = await openApp(app.browser, '/', {
    beforeGoto: (p) =>
      p.on('request', (request) => {
        if (request.url().endsWith('/data/shropshire-illustrative-2011-12.json')) dataRequests.push(request.url());
      }),
  });
  try {
    await page.locator('[data-testid=headline-total]').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(dataRequests.length, 1, `one request for the dataset, got ${dataRequests.length}`);
    const initiator = await page.evaluate(
      () => performance.getEntriesByType('resource').find((e) => e.name.includes('/data/shropshire'))?.initiatorType,
    );
    assert.equal(initiator, 'link', 'the one request was the early preload');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('a custom ?data= link does not also fetch the default dataset', async () => {
  const defaultRequests = [];
  const page = await openApp(app.browser, '/?data=/fixtures/tiny.json', {
    beforeGoto: (p) =>
      p.on('request', (request) => {
        if (request.url().includes('shropshire-illustrative')) defaultRequests.push(request.url());
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
