// The release build under the strict Content-Security-Policy a careful council sends (README
// "Publishing"), as a response header: the app starts, answers the founding question by clicking,
// and the page reports no CSP violation, console error or warning on any of several views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedApp, openApp, datasetTotals, formatPounds, CSP } from './harness.mjs';

const app = sharedApp({ csp: true });
const TIMEOUT = 15_000;

const totals = datasetTotals();
const ALL = formatPounds(totals.sumPence());
const offender = totals.subtree('offender-management');
const FOUNDING = formatPounds(
  totals.sumPence((f) => f.place === 'ludlow' && f.audience === 'young-16-19' && offender.has(f.activity)),
);

/** Waits for the headline to read `expected`, then asserts it (readable failure). */
async function headline(page, expected) {
  await page
    .waitForFunction((e) => document.querySelector('[data-testid=headline-total]')?.textContent === e, expected, {
      timeout: TIMEOUT,
    })
    .catch(() => {});
  assert.equal(await page.locator('[data-testid=headline-total]').textContent(), expected, 'headline total');
}

async function clickBar(page, prefix) {
  const bar = page.locator('[data-testid=bar-link]').filter({ hasText: new RegExp(`^\\s*${prefix}`) }).first();
  await bar.waitFor({ state: 'visible', timeout: TIMEOUT });
  await bar.click();
}

/** Nothing went wrong: no CSP violation, page error, console error or warning, dialog or notice. */
async function assertClean(page) {
  // Give late reports (a preload left unused, a violation after render) a moment to arrive.
  await page.waitForTimeout(500);
  assert.deepEqual(page.cspViolations, [], 'CSP violations');
  assert.deepEqual(page.pageErrors, [], 'page errors');
  assert.deepEqual(page.consoleErrors, [], 'console errors');
  assert.deepEqual(page.consoleWarnings, [], 'console warnings');
  assert.deepEqual(page.dialogs, [], 'dialogs');
  assert.equal(await page.locator('#panic-message').isHidden(), true, 'no panic message');
  assert.equal(await page.locator('.boot-failure').isVisible(), false, 'no start-up failure notice');
  assert.equal(await page.locator('.boot').isVisible(), false, 'no loading message left on screen');
}

test('the server sends exactly the documented policy as a header, and the page has no inline script or style', async () => {
  const response = await fetch(`${app.server.url}/`);
  assert.equal(response.headers.get('content-security-policy'), CSP);
  assert.equal(
    CSP,
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'",
  );
  // The README gives hosts the same policy to copy (in the header line and the nginx example).
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const documented = [...readme.matchAll(/Content-Security-Policy:? "?(default-src[^"\n]*)/g)].map((m) => m[1]);
  assert.ok(documented.length >= 2, 'the README states the policy');
  for (const policy of documented) assert.equal(policy, CSP, 'the README states exactly this policy');
  const html = await response.text();
  const inlineScripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(
    ([, attrs, body]) => !/\bsrc=/.test(attrs) || body.trim() !== '',
  );
  assert.deepEqual(inlineScripts.map(([all]) => all), [], 'every script is an external file');
  assert.doesNotMatch(html, /<style\b/, 'no <style> block');
  assert.doesNotMatch(html, /\sstyle=/, 'no style attribute');
  assert.doesNotMatch(html, /\son[a-z]+=/, 'no inline event handler');
});

test('under the CSP header, the founding question is answered by clicking from home', async () => {
  const page = await openApp(app.browser, '/');
  try {
    await headline(page, ALL);
    await clickBar(page, 'Ludlow');
    await page.waitForURL((u) => new URL(u).searchParams.get('place') === 'ludlow', { timeout: TIMEOUT });
    await clickBar(page, 'Young people 16–19');
    await page.waitForURL((u) => new URL(u).searchParams.get('audience') === 'young-16-19', { timeout: TIMEOUT });
    await clickBar(page, 'Offender management');
    await page.waitForURL((u) => new URL(u).searchParams.get('by') === 'agency', { timeout: TIMEOUT });
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('place'), 'ludlow');
    assert.equal(url.searchParams.get('audience'), 'young-16-19');
    assert.equal(url.searchParams.get('activity'), 'offender-management');
    await headline(page, FOUNDING);
    await assertClean(page);
  } finally {
    await page.closeContext();
  }
});

test('under the CSP header, the default dataset is still preloaded once and reused', async () => {
  const dataRequests = [];
  const page = await openApp(app.browser, '/', {
    beforeGoto: (p) =>
      p.on('request', (request) => {
        if (request.url().endsWith('/data/shropshire-illustrative-2011-12.json')) dataRequests.push(request.url());
      }),
  });
  try {
    await headline(page, ALL);
    assert.equal(dataRequests.length, 1, `one request for the dataset, got ${dataRequests.length}`);
    const initiator = await page.evaluate(
      () => performance.getEntriesByType('resource').find((e) => e.name.includes('/data/shropshire'))?.initiatorType,
    );
    assert.equal(initiator, 'link', 'the one request was the early preload');
    await assertClean(page);
  } finally {
    await page.closeContext();
  }
});

test('under the CSP header, negative bars still use the SVG hatch pattern', async () => {
  // tiny.json: council's only young-people offending fact is a refund of £50.05.
  const page = await openApp(app.browser, '/?data=/fixtures/tiny.json&by=agency&activity=offending&audience=young');
  try {
    const negative = page.locator('.bar-chart__rect--negative').first();
    await negative.waitFor({ state: 'attached', timeout: TIMEOUT });
    assert.equal(await negative.evaluate((el) => getComputedStyle(el).fill), 'url("#hatch")');
    assert.equal(await page.locator('pattern#hatch').count(), 1, 'the pattern is in the page');
    await assertClean(page);
  } finally {
    await page.closeContext();
  }
});

// Views that exercise different parts of the page: home, a deep link, a two-way table, the
// "About this data" panel open, and a narrow screen.
const VIEWS = [
  ['home', '/', {}],
  ['the founding question by deep link', '/?by=agency&place=ludlow&audience=young-16-19&activity=offender-management', {}],
  ['a two-way table', '/?by=place&then=agency', {}],
  ['About this data, open', '/', { about: true }],
  ['home at 320 px', '/', { width: 320 }],
];

for (const [name, urlPath, { about = false, width = 1280 }] of VIEWS) {
  test(`no console error or warning and no CSP violation: ${name}`, async () => {
    const page = await openApp(app.browser, urlPath, { width });
    try {
      await page.locator('[data-testid=headline-total]').waitFor({ state: 'visible', timeout: TIMEOUT });
      if (about) await page.locator('[data-testid=about-data] > summary').click();
      await assertClean(page);
    } finally {
      await page.closeContext();
    }
  });
}
