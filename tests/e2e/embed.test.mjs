// Embed mode, as a parish website would use it: a page on ANOTHER origin frames
// `?embed=1&place=ludlow&dataset=shropshire-illustrative` with the documented sandbox and the
// host script (public/embed.js). The frame grows to its content (no scroll inside a scroll), the
// preset opens on Ludlow's audiences (not a one-bar chart), clicks inside the frame add no entries
// to the host's history (Back leaves the page), nothing is stored, no request leaves the app's
// origin, the "Open the full explorer" link opens the same view without embed=1 in a new tab,
// and axe finds nothing in the frame. The app runs under its strict CSP (with frame-ancestors *).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { sharedApp, openApp, datasetTotals, formatPounds, ILLUSTRATIVE_DATA_FILE, axeViolations } from './harness.mjs';

const SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';
const PRESET = '/?embed=1&place=ludlow&dataset=shropshire-illustrative';

const app = sharedApp({ csp: true });
let host = null;
let hostUrl = '';
/** The embed code copied from the explorer, served at /pasted.html as a website would. */
let pastedCode = '';

/** The parish page: a heading, some text, the frame (600 px tall to start with) and the script. */
function parishPage(appOrigin, framePath, sandbox = SANDBOX) {
  const src = `${appOrigin}${framePath}`.replaceAll('&', '&amp;');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Ludlow Town Council: where the money goes</title></head>
<body>
<main>
<h1>Ludlow Town Council</h1>
<p>All public spending in Ludlow, from the Whole Place explorer.</p>
<iframe src="${src}" title="Whole Place: public spending in Ludlow (made-up figures)" width="100%" height="600" loading="lazy" sandbox="${sandbox}"></iframe>
<script src="${appOrigin}/embed.js" defer></script>
<p id="after-frame">Contact the town clerk for more.</p>
</main>
</body></html>`;
}

before(async () => {
  // A second server on another port of 127.0.0.1 (another origin) for the parish website.
  host = http.createServer((req, res) => {
    const appOrigin = new URL(app.server.url).origin;
    if (req.url === '/before.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="en"><head><title>Before</title></head><body><p>Before</p></body></html>');
      return;
    }
    if (req.url === '/pasted.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>Pasted</title></head><body><main><h1>Wem</h1>${pastedCode}</main></body></html>`);
      return;
    }
    if (req.url.startsWith('/parish.html')) {
      const params = new URL(req.url, 'http://x').searchParams;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(parishPage(appOrigin, params.get('frame') ?? PRESET, params.get('sandbox') ?? SANDBOX));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${host.address().port}`;
});

after(() => new Promise((resolve) => host?.close(resolve)));

/** Opens the parish page; returns { page, context, frame, requests, messages }. */
async function openParish({ width = 1280, height = 800, frame = PRESET, bypassCSP = false } = {}) {
  // bypassCSP only for axe, which is injected as an inline script.
  const context = await app.browser.newContext({ viewport: { width, height }, bypassCSP, serviceWorkers: 'block' });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (request) => requests.push({ url: request.url(), frame: request.frame() }));
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  // Record the height messages the host page receives (before embed.js handles them).
  await page.addInitScript(() => {
    window.__messages = [];
    window.addEventListener('message', (event) => window.__messages.push(event.data));
  });
  await page.goto(`${hostUrl}/before.html`);
  await page.goto(`${hostUrl}/parish.html?frame=${encodeURIComponent(frame)}`);
  const element = page.locator('iframe');
  const handle = await element.elementHandle();
  const inner = await handle.contentFrame();
  await inner.locator('[data-testid=bar-chart] li').first().waitFor({ timeout: 15_000 });
  return { page, context, frame: inner, element, requests, errors };
}

/** Waits until the frame's height is its content's height, then returns both. */
async function settledHeights(page, frame, element) {
  let last = null;
  for (let i = 0; i < 50; i += 1) {
    const outer = await element.evaluate((f) => f.getBoundingClientRect().height);
    const inner = await frame.evaluate(() => ({
      content: Math.ceil(document.documentElement.getBoundingClientRect().height),
      scroll: document.documentElement.scrollHeight,
      client: document.documentElement.clientHeight,
    }));
    if (last && Math.abs(outer - inner.content) <= 1 && last.outer === outer) return { outer, ...inner };
    last = { outer };
    await page.waitForTimeout(100);
  }
  throw new Error('the frame never settled to its content height');
}

for (const width of [320, 1280]) {
  test(`the frame resizes to its content with no inner scrollbar, at ${width} px`, async () => {
    const { page, context, frame, element, errors } = await openParish({ width });
    try {
      const heights = await settledHeights(page, frame, element);
      assert.ok(heights.outer > 600, `grew from 600 px to ${heights.outer}`);
      assert.ok(heights.scroll <= heights.client, `no inner scrollbar: ${heights.scroll} <= ${heights.client}`);
      // The message shape, and sent only when the height changes.
      const messages = (await page.evaluate(() => window.__messages)).filter((m) => m?.type === 'whole-place:height');
      assert.ok(messages.length >= 1);
      for (const m of messages) assert.deepEqual(Object.keys(m).sort(), ['height', 'type', 'version']);
      assert.ok(messages.every((m) => m.version === 1 && Number.isInteger(m.height)));
      for (let i = 1; i < messages.length; i += 1) assert.notEqual(messages[i].height, messages[i - 1].height);
      // Opening the filters grows the frame again.
      await frame.locator('[data-testid=embed-filters] .embed-filters__summary').click();
      const opened = await settledHeights(page, frame, element);
      // On a phone the filters stand under the chart, so opening them makes the page taller; from
      // 1024 px they stand in a column beside the (taller) answer, so the height may stay the same.
      if (width < 1024) assert.ok(opened.outer > heights.outer, 'the frame follows its content');
      else assert.ok(opened.outer >= heights.outer, 'the frame never shrinks below its content');
      assert.ok(opened.scroll <= opened.client);
      // A message of the right shape from anything but the frame changes nothing.
      await page.evaluate(() => window.postMessage({ type: 'whole-place:height', height: 50, version: 1 }, '*'));
      await page.waitForTimeout(200);
      assert.equal(await element.evaluate((f) => f.getBoundingClientRect().height), opened.outer);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('the Ludlow preset opens on Ludlow by audience, compact, with the source and made-up label', async () => {
  const { context, frame } = await openParish();
  try {
    const totals = datasetTotals(ILLUSTRATIVE_DATA_FILE);
    const ludlow = totals.sumPence((f) => f.place === 'ludlow');
    assert.equal((await frame.locator('[data-testid=headline-total]').textContent()).trim(), formatPounds(ludlow));
    const bars = await frame.locator('[data-testid=bar-chart] li').count();
    assert.ok(bars > 1, `not a one-bar chart (${bars} bars)`);
    // The heading states the whole selection (its labels direction-isolated: FSI … PDI).
    const heading = (await frame.locator('#bar-chart-heading').textContent()).replace(/[\u2066-\u2069]/g, '');
    assert.equal(heading, 'Ludlow: by audience');
    // Compact: no site header tagline, dataset switcher or footer; filters in a disclosure.
    assert.equal(await frame.locator('.page__tagline').count(), 0);
    assert.equal(await frame.locator('.dataset-switcher').count(), 0);
    assert.equal(await frame.locator('.page__footer').count(), 0);
    assert.equal(await frame.locator('[data-testid=embed-filters]').evaluate((d) => d.open), false);
    assert.equal(await frame.locator('[data-testid=share-panel]').count(), 0);
    // Made-up label, source and licence kept.
    assert.match(await frame.locator('[data-testid=status-badge]').textContent(), /Illustrative/);
    const footer = await frame.locator('[data-testid=embed-footer]').textContent();
    assert.match(footer, /Illustrative figures, not real spending/);
    assert.match(footer, /Licence|Open Government Licence/);
  } finally {
    await context.close();
  }
});

test('navigating inside the frame keeps embed=1 and adds no history entries: Back leaves the page', async () => {
  const { page, context, frame } = await openParish();
  try {
    const before = await page.evaluate(() => history.length);
    // A bar (drill) and a "show by" link: both navigate inside the frame.
    await frame.locator('[data-testid=bar-link]').first().click();
    await frame.waitForURL(/audience=/);
    assert.match(frame.url(), /embed=1/);
    await frame.locator('[data-testid=embed-filters] .embed-filters__summary').click();
    const option = frame.locator('.slice-picker__option:not(.slice-picker__option--current)').filter({ visible: true }).first();
    const by = new URL(await option.evaluate((a) => a.href)).searchParams.get('by');
    await option.click();
    await frame.waitForURL((url) => url.searchParams.get('by') === by);
    for (const href of await frame.locator('[data-testid=bar-link]').evaluateAll((as) => as.map((a) => a.href))) {
      assert.match(href, /embed=1/, 'every link keeps embed=1');
    }
    assert.equal(await page.evaluate(() => history.length), before, 'no entries added to the host history');
    // A link to another site (a source in "About this data") opens a new tab, not inside the frame.
    const external = await frame.evaluate(() => {
      const anchor = [...document.querySelectorAll('a[href]')].find((a) => a.origin !== location.origin);
      if (!anchor) return null;
      // Stop the navigation itself (no request may leave the test machine); the app's own
      // listener runs first, in the capture phase.
      window.addEventListener('click', (event) => event.preventDefault(), { once: true });
      anchor.click();
      return { target: anchor.target, rel: anchor.rel };
    });
    assert.deepEqual(external, { target: '_blank', rel: 'noopener noreferrer' });
    await page.goBack();
    await page.waitForURL(`${hostUrl}/before.html`);
  } finally {
    await context.close();
  }
});

test('"Open the full explorer" opens the same view without embed=1 in a new tab', async () => {
  const { context, frame } = await openParish();
  try {
    const link = frame.locator('[data-testid=embed-open-full]');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match(await link.getAttribute('rel'), /noopener/);
    const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await popup.waitForLoadState();
    const url = new URL(popup.url());
    assert.equal(url.origin, new URL(app.server.url).origin);
    assert.equal(url.searchParams.get('embed'), null);
    assert.equal(url.searchParams.get('place'), 'ludlow');
    assert.equal(url.searchParams.get('dataset'), 'shropshire-illustrative');
    // Not sandboxed: the full explorer starts, with its own header.
    await popup.locator('.page__tagline').waitFor({ timeout: 15_000 });
  } finally {
    await context.close();
  }
});

test('no cookies or storage are used, and no request leaves the app\'s origin', async () => {
  const { page, context, frame, requests } = await openParish();
  try {
    await frame.locator('[data-testid=bar-link]').first().click();
    await frame.waitForURL(/audience=/);
    const storage = await frame.evaluate(async () => ({
      cookie: document.cookie,
      local: localStorage.length,
      session: sessionStorage.length,
      databases: (await indexedDB.databases()).length,
      workers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
      caches: typeof caches === 'undefined' ? 0 : (await caches.keys()).length,
    }));
    assert.deepEqual(storage, { cookie: '', local: 0, session: 0, databases: 0, workers: 0, caches: 0 });
    assert.deepEqual(await context.cookies(), []);
    const appOrigin = new URL(app.server.url).origin;
    const mainFrame = page.mainFrame();
    const fromFrame = requests.filter((r) => r.frame !== mainFrame);
    assert.ok(fromFrame.length > 3, 'the frame loaded its files');
    for (const r of fromFrame) assert.equal(new URL(r.url).origin, appOrigin, r.url);
    for (const r of requests) assert.ok([appOrigin, hostUrl].includes(new URL(r.url).origin), r.url);
  } finally {
    await context.close();
  }
});

test('the snippet from "Embed this view" works as pasted', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  try {
    await page.goto(new URL('/?dataset=shropshire-illustrative&place=wem&by=agency', app.server.url).href);
    await page.locator('[data-testid=embed-panel] summary').click();
    pastedCode = await page.locator('[data-testid=embed-code]').inputValue();
    await page.goto(`${hostUrl}/pasted.html`);
    const element = page.locator('iframe');
    const frame = await (await element.elementHandle()).contentFrame();
    await frame.locator('[data-testid=bar-chart] li').first().waitFor({ timeout: 15_000 });
    assert.match(await frame.locator('#bar-chart-heading').textContent(), /agency/);
    const heights = await settledHeights(page, frame, element);
    assert.ok(heights.scroll <= heights.client);
  } finally {
    await context.close();
  }
});

test('the sandbox is minimal: without allow-same-origin the explorer cannot start, and says so', async () => {
  // With an opaque origin the explorer's module scripts and data are cross-origin requests,
  // which its site does not allow (no CORS headers), so docs/embedding.md keeps the token.
  const context = await app.browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  try {
    const sandbox = SANDBOX.replace('allow-same-origin ', '');
    await page.goto(`${hostUrl}/parish.html?sandbox=${encodeURIComponent(sandbox)}`);
    const frame = await (await page.locator('iframe').elementHandle()).contentFrame();
    await frame.locator('.boot-failure').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await frame.locator('[data-testid=bar-chart]').count(), 0);
  } finally {
    await context.close();
  }
});

for (const width of [320, 1280]) {
  test(`no axe WCAG 2.2 AA violations in the embedded view at ${width} px`, async () => {
    const { context, frame } = await openParish({ width, bypassCSP: true });
    try {
      await frame.locator('[data-testid=embed-filters] .embed-filters__summary').click();
      const result = await axeViolations(frame);
      assert.deepEqual(result, []);
    } finally {
      await context.close();
    }
  });
}

test('an embedded error page offers no file picker it lacks, and links to the full explorer', async () => {
  const page = await openApp(app.browser, `/?embed=1&data=${encodeURIComponent('https://data.example.org/spend.json')}`);
  try {
    const panel = page.locator('[data-testid=error-panel]');
    await panel.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await panel.textContent();
    assert.ok(!text.includes('Check your own file'), text);
    const link = panel.locator('[data-testid=embed-open-full]');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.ok(!(await link.getAttribute('href')).includes('embed=1'));
    // The website's own data opens embedded too.
    assert.equal(await panel.locator('.error-panel__default-link').getAttribute('href'), '?embed=1');
  } finally {
    await page.closeContext();
  }
});
