// Before the WebAssembly arrives (slow connections), the page says it is loading; once the app
// renders, that message disappears.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openApp } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('a loading message shows while the app downloads, and goes once it renders', async () => {
  let releaseWasm;
  const wasmHeld = new Promise((resolve) => (releaseWasm = resolve));
  const page = await openApp(browser, '/', {
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
