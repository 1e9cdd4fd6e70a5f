// Trust (issue 6, section 6): the council's page never shows someone else's figures as its own.
// The site setting (config.json) decides which `?data=` hosts a link may open; figures from
// anywhere else get a banner naming the host (page, tab title, print) and never the green
// "Official" badge; a file from the reader's own computer is always allowed, with the banner.
// A second origin is a small CORS-enabled server on another 127.0.0.1 port; config variants are
// served to the page by intercepting its request for config.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  sharedApp,
  openApp,
  resolveRequestPath,
  FIXTURES_DIR,
  DIST_DIR,
  HOME_DATA_FILE,
  ILLUSTRATIVE,
  readDataFile,
} from './harness.mjs';

const TIMEOUT = 15_000;
const app = sharedApp();

const tiny = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'tiny.json'), 'utf8'));
/** The tiny fixture, claiming to be official figures. */
const officialDoc = { ...tiny, metadata: { ...tiny.metadata, title: 'Claims to be official', status: 'official' } };
const OFFICIAL_BYTES = Buffer.from(JSON.stringify(officialDoc));
const OFFICIAL_LABEL = 'The file says it is official; this site has not checked it';

/** A second origin: serves the official-looking file to any site (CORS), and counts requests. */
let other;
before(async () => {
  const server = http.createServer((req, res) => {
    other.requests += 1;
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-store',
    });
    res.end(OFFICIAL_BYTES);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${server.address().port}`;
  other = { host, url: `http://${host}`, requests: 0, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
});
after(async () => other?.close());

/** beforeGoto hook: serves `body` (text, or an object as JSON) as config.json, or a 404 for null. */
const withConfig = (body) => async (page) => {
  await page.route('**/config.json', (route) =>
    body === null
      ? route.fulfill({ status: 404, body: 'Not found' })
      : route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
  );
};

async function open(urlPath, options = {}) {
  const page = await openApp(app.browser, urlPath, options);
  page.requested = [];
  page.on('request', (request) => page.requested.push(request.url()));
  return page;
}

async function visible(page, selector) {
  const locator = page.locator(selector).first();
  await locator.waitFor({ state: 'visible', timeout: TIMEOUT });
  return locator;
}

/** The banner's host or file name is in a <bdi>, before the headline, and survives print. */
async function assertBanner(page, name) {
  const banner = await visible(page, '[data-testid=source-banner]');
  assert.equal(await banner.locator('bdi[data-testid=source-banner-name]').textContent(), name);
  assert.match(await banner.textContent(), /not from this website/);
  const before = await page.evaluate(() => {
    const banner = document.querySelector('[data-testid=source-banner]');
    const headline = document.querySelector('.headline');
    return Boolean(headline && banner.compareDocumentPosition(headline) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(before, 'the banner comes before the headline');
  await page.emulateMedia({ media: 'print' });
  assert.ok(await banner.isVisible(), 'the banner is printed');
  await page.emulateMedia({ media: 'screen' });
}

async function assertNoGreenBadge(page) {
  const badge = await visible(page, '[data-testid=status-badge]');
  assert.equal((await badge.textContent()).trim(), OFFICIAL_LABEL);
  assert.ok(!(await badge.getAttribute('class')).includes('status-badge--official'), 'no green official badge');
  // The headline names the publisher only as the file's claim.
  assert.match(await page.locator('[data-testid=headline-meta]').textContent(), /^The file says it is published by /);
  // Nor do the notes beside the chart and the tables call the figures official.
  const text = await page.locator('main').innerText();
  assert.ok(!text.includes('Official figures'), `"Official figures" nowhere on the page: ${text.slice(0, 400)}`);
}

test('the default setting refuses a file on another website, naming the address, and fetches nothing', async () => {
  const address = 'https://data.example.org/spend.json';
  const page = await open(`/?data=${encodeURIComponent(address)}`);
  try {
    const panel = await visible(page, '[data-testid=error-panel]');
    const text = await panel.textContent();
    assert.match(text, /not allowed/);
    assert.match(text, /another website/);
    assert.equal(await panel.locator('bdi[data-testid=error-address]').textContent(), address);
    assert.ok(!page.requested.some((url) => url.includes('data.example.org')), 'no request to the other host');
    assert.equal(await page.locator('[data-testid=source-banner]').count(), 0);
    assert.equal(await page.locator('[data-testid=config-note]').count(), 0, 'the shipped setting reads cleanly');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('the shipped config.json says same-site, and a hand edit takes effect despite cache headers', async () => {
  const shipped = JSON.parse(readFileSync(path.join(DIST_DIR, 'config.json'), 'utf8'));
  assert.equal(shipped.external_data, 'same-site');
  // A server of our own that serves the build, but config.json with a day-long cache lifetime,
  // as a careless host might: the page must still see the edit on the next visit.
  let config = JSON.stringify({ external_data: { allow_hosts: [other.host] } });
  const site = http.createServer(async (req, res) => {
    const urlPath = (req.url ?? '/').split(/[?#]/, 1)[0];
    if (urlPath.endsWith('/config.json')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=86400' });
      return res.end(config);
    }
    const file = resolveRequestPath(urlPath);
    try {
      const body = await readFile(file);
      const type = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' }[path.extname(file)];
      res.writeHead(200, { 'Content-Type': type ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${site.address().port}`;
  const context = await app.browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  try {
    const link = `${baseUrl}/?data=${encodeURIComponent(`${other.url}/spend.json`)}`;
    await page.goto(link);
    await visible(page, '[data-testid=source-banner]');
    config = JSON.stringify({ external_data: 'same-site' });
    await page.goto(`${link}&by=agency`);
    const panel = await visible(page, '[data-testid=error-panel]');
    assert.match(await panel.textContent(), /another website/);
  } finally {
    await context.close();
    site.closeAllConnections();
    await new Promise((resolve) => site.close(resolve));
  }
});

test('an allow-listed host: banner naming it (page, tab title, print), no green badge', async () => {
  const address = `${other.url}/spend.json`;
  const page = await open(`/?data=${encodeURIComponent(address)}`, {
    beforeGoto: withConfig({ external_data: { allow_hosts: [other.host] } }),
  });
  try {
    await visible(page, '[data-testid=headline-total]');
    await assertBanner(page, other.host);
    assert.equal(await page.locator('[data-testid=source-banner-address]').textContent(), address);
    await assertNoGreenBadge(page);
    await page.waitForFunction((host) => document.title.includes(host), other.host, { timeout: TIMEOUT });
    const title = await page.title();
    assert.ok(title.startsWith(`Figures from \u2068${other.host}\u2069, not this website`), title);
    // A filter click keeps the banner (the address stays in the URL).
    await page.locator('[data-testid=bar-chart] a').first().click();
    await page.waitForFunction(() => location.search.includes('place='), null, { timeout: TIMEOUT });
    await assertBanner(page, other.host);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test("tricky addresses are read as the browser reads them, and refused naming the real host", async (t) => {
  // The test page is served over plain http, so `//host` and `/\\host` resolve to http://host.
  const otherSite = /another website, \u2068evil\.example\u2069/;
  const plainHttp = /load from \u2068evil\.example\u2069 over plain http/;
  const cases = [
    ['https://www.council.gov.uk@evil.example/x.json', /hides the real website.*evil\.example/],
    ['/\\evil.example/x.json', plainHttp],
    ['//evil.example/x.json', plainHttp],
    ['https:\\\\evil.example\\x.json', otherSite],
    ['https://evil%2Eexample/x.json', otherSite],
    ['https://B\u00dcCHER.example/x.json', /another website, \u2068xn--bcher-kva\.example\u2069/],
    ['http://evil.example/x.json', plainHttp],
  ];
  for (const [address, says] of cases) {
    await t.test(address, async () => {
      const page = await open(`/?data=${encodeURIComponent(address)}`);
      try {
        const panel = await visible(page, '[data-testid=error-panel]');
        assert.match(await panel.textContent(), says);
        assert.equal(await panel.locator('[data-testid=error-address]').textContent(), address);
        assert.ok(!page.requested.some((url) => /evil|xn--/.test(new URL(url).host)), 'nothing fetched from it');
      } finally {
        await page.closeContext();
      }
    });
  }
});

test('a host not on the allow list is refused, and "off" refuses even files on this site', async (t) => {
  const cases = [
    {
      name: 'other port, not listed',
      config: { external_data: { allow_hosts: ['data.example.org'] } },
      address: `${other.url}/spend.json`,
      says: /another website/,
    },
    { name: 'off', config: { external_data: 'off' }, address: '/fixtures/tiny.json', says: /does not open other data files/ },
    { name: 'user name hides the host', config: { external_data: { allow_hosts: [other.host] } }, address: `http://${other.host}@evil.example/x.json`, says: /hides the real website/ },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const page = await open(`/?data=${encodeURIComponent(c.address)}`, { beforeGoto: withConfig(c.config) });
      try {
        const panel = await visible(page, '[data-testid=error-panel]');
        assert.match(await panel.textContent(), c.says);
        assert.equal(await panel.locator('[data-testid=error-address]').textContent(), c.address);
        assert.equal(await page.locator('[data-testid=headline-total]').count(), 0);
      } finally {
        await page.closeContext();
      }
    });
  }
});

test('a missing or broken setting falls back to same-site with a visible note, never a dead page', async (t) => {
  for (const [name, body] of [
    ['missing', null],
    ['broken JSON', '{"external_data": "same-site",'],
    ['unknown value', { external_data: 'everything' }],
  ]) {
    await t.test(name, async () => {
      const page = await open('/?data=/fixtures/tiny.json', { beforeGoto: withConfig(body) });
      try {
        await visible(page, '[data-testid=headline-total]');
        const note = await visible(page, '[data-testid=config-note]');
        assert.match(await note.textContent(), /config\.json.*safe default/);
        assert.equal(await page.locator('[data-testid=source-banner]').count(), 0, 'a file on this site has no banner');
      } finally {
        await page.closeContext();
      }
    });
  }
  const requestsBefore = other.requests;
  const page = await open(`/?data=${encodeURIComponent(`${other.url}/spend.json`)}`, { beforeGoto: withConfig(null) });
  try {
    await visible(page, '[data-testid=error-panel]');
    assert.equal(other.requests, requestsBefore, 'a missing setting allows no other host');
  } finally {
    await page.closeContext();
  }
});

test('every loading error shows the address tried', async (t) => {
  const closed = http.createServer();
  await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const closedHost = `127.0.0.1:${closed.address().port}`;
  await new Promise((resolve) => closed.close(resolve));
  const cases = [
    { name: '404', data: '/fixtures/missing.json', tried: `${app.server.url}/fixtures/missing.json`, says: /404/ },
    { name: 'no answer', data: `http://${closedHost}/x.json`, tried: `http://${closedHost}/x.json`, says: /could not be fetched/, config: { external_data: { allow_hosts: [closedHost] } } },
    { name: 'nothing usable', data: '/fixtures/e2e-not-json.json', tried: `${app.server.url}/fixtures/e2e-not-json.json`, says: /Nothing in it could be used/ },
    { name: 'refused', data: 'javascript:alert(1)', tried: 'javascript:alert(1)', says: /not an address/ },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const page = await open(`/?data=${encodeURIComponent(c.data)}`, c.config ? { beforeGoto: withConfig(c.config) } : {});
      try {
        const panel = await visible(page, '[data-testid=error-panel]');
        assert.match(await panel.textContent(), c.says);
        assert.equal(await panel.locator('bdi[data-testid=error-address]').textContent(), c.tried);
      } finally {
        await page.closeContext();
      }
    });
  }
});

test('"Check your own file" shows a file from this computer, with the banner, until the reader goes back', async () => {
  const page = await open('/');
  try {
    await visible(page, '[data-testid=headline-total]');
    await page.locator('[data-testid=file-picker-input]').setInputFiles({
      name: 'my-area.json',
      mimeType: 'application/json',
      buffer: OFFICIAL_BYTES,
    });
    await assertBanner(page, 'my-area.json');
    assert.match(await page.locator('[data-testid=source-banner]').textContent(), /file from your computer/);
    await assertNoGreenBadge(page);
    assert.equal(await page.locator('[data-testid=dataset-title]').textContent(), 'Claims to be official');
    assert.ok((await page.title()).includes('my-area.json'), await page.title());
    assert.match(await page.locator('[data-testid=source-note]').textContent(), /a file from your computer, my-area\.json/);
    // Filters keep the local file; it is not in the URL.
    await page.locator('[data-testid=bar-chart] a').first().click();
    await page.waitForFunction(() => location.search.includes('place='), null, { timeout: TIMEOUT });
    assert.ok(!page.url().includes('my-area'));
    await assertBanner(page, 'my-area.json');
    await page.locator('[data-testid=source-banner-leave]').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=source-banner]'), null, { timeout: TIMEOUT });
    // Back to the site's data the page was opened on: the home dataset.
    const doc = readDataFile(HOME_DATA_FILE);
    await page.waitForFunction((t) => document.querySelector('[data-testid=dataset-title]')?.textContent === t, doc.metadata.title, {
      timeout: TIMEOUT,
    });
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('a broken file from this computer lists its problems under the banner', async () => {
  const page = await open('/');
  try {
    await visible(page, '[data-testid=file-picker-input]');
    await page.locator('[data-testid=file-picker-input]').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: readFileSync(path.join(FIXTURES_DIR, 'e2e-not-json.json')),
    });
    const panel = await visible(page, '[data-testid=error-panel]');
    assert.equal(await panel.locator('[data-testid=error-address]').textContent(), 'broken.json');
    assert.ok((await page.locator('[data-testid=problem]').count()) >= 1);
    assert.equal(await page.locator('[data-testid=source-banner-name]').textContent(), 'broken.json');
    assert.equal(await panel.locator('.error-panel__default-link').count(), 0, 'the banner button is the way back');
  } finally {
    await page.closeContext();
  }
});

test("the site's own files: no banner; an official one keeps its green badge", async (t) => {
  // (link, badge text, badge class): neither shipped dataset is official, and the badge says so.
  for (const [link, label, status] of [
    ['/', /^Compiled from published figures/, 'compiled'],
    [ILLUSTRATIVE, /^Illustrative/, 'illustrative'],
  ]) {
    await t.test(`shipped dataset ${link}`, async () => {
      const page = await open(link);
      try {
        const badge = await visible(page, '[data-testid=status-badge]');
        assert.match((await badge.textContent()).trim(), label);
        assert.equal(await badge.getAttribute('class'), `status-badge status-badge--${status}`);
        assert.equal(await page.locator('[data-testid=source-banner]').count(), 0);
        assert.ok(!(await page.title()).includes('not this website'));
        assert.ok(!(await page.locator('main').innerText()).includes('Official figures'), 'never called official');
      } finally {
        await page.closeContext();
      }
    });
  }
  await t.test('official file on this site', async () => {
    const page = await open('/?data=data/own-official.json', {
      beforeGoto: async (page) => {
        await page.route('**/data/own-official.json', (route) =>
          route.fulfill({ status: 200, contentType: 'application/json', body: OFFICIAL_BYTES }),
        );
      },
    });
    try {
      const badge = await visible(page, '[data-testid=status-badge]');
      assert.equal((await badge.textContent()).trim(), 'Official figures');
      assert.ok((await badge.getAttribute('class')).includes('status-badge--official'));
      assert.equal(await page.locator('[data-testid=source-banner]').count(), 0);
    } finally {
      await page.closeContext();
    }
  });
});

test('the banner views have no axe WCAG 2.2 AA violations at 320 px', async () => {
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  const page = await open('/', { width: 320 });
  try {
    await visible(page, '[data-testid=headline-total]');
    await page.locator('[data-testid=file-picker-input]').setInputFiles({ name: 'my-area.json', mimeType: 'application/json', buffer: OFFICIAL_BYTES });
    await visible(page, '[data-testid=source-banner]');
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
      const { violations } = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    });
    assert.deepEqual(violations, []);
  } finally {
    await page.closeContext();
  }
});
