// The release build under the strict Content-Security-Policy a careful council sends (README
// "Publishing"), as a response header: the app starts, answers the founding question by clicking,
// preloads exactly the dataset a link opens, and the page reports no CSP violation, console error
// or warning on any of several views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  sharedApp,
  openApp,
  datasetTotals,
  formatPounds,
  CSP,
  HOME_DATA_FILE,
  ILLUSTRATIVE,
  ILLUSTRATIVE_DATA_FILE,
  SHIPPED,
  clickBar,
  expectHeadline,
} from './harness.mjs';

const app = sharedApp({ csp: true });
const TIMEOUT = 15_000;

const totals = datasetTotals(ILLUSTRATIVE_DATA_FILE);
const ALL = formatPounds(totals.sumPence());
const offender = totals.subtree('offender-management');
const FOUNDING = formatPounds(
  totals.sumPence((f) => f.place === 'ludlow' && f.audience === 'young-16-19' && offender.has(f.activity)),
);

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
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors *",
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

test('under the CSP header, the founding question is answered by clicking from the illustrative home', async () => {
  const page = await openApp(app.browser, ILLUSTRATIVE);
  try {
    await expectHeadline(page, ALL);
    await clickBar(page, 'Ludlow');
    await page.waitForURL((u) => new URL(u).searchParams.get('place') === 'ludlow', { timeout: TIMEOUT });
    await clickBar(page, 'Young people 16–19');
    await page.waitForURL((u) => new URL(u).searchParams.get('audience') === 'young-16-19', { timeout: TIMEOUT });
    await clickBar(page, 'Offender management');
    // It has sub-activities: the view opens on them (by=activity) before moving on to agencies.
    await page.waitForURL((u) => new URL(u).searchParams.get('activity') === 'offender-management', { timeout: TIMEOUT });
    assert.equal(new URL(page.url()).searchParams.get('by'), 'activity');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('place'), 'ludlow');
    assert.equal(url.searchParams.get('audience'), 'young-16-19');
    assert.equal(url.searchParams.get('activity'), 'offender-management');
    await expectHeadline(page, FOUNDING);
    await assertClean(page);
  } finally {
    await page.closeContext();
  }
});

// Which file each kind of link opens, and so starts loading early (public/boot.js starts the
// loader worker on it) and uses: (link, file, headline). The app adopts that worker, so the file
// is requested once; a preload left unused would show as a console warning (assertClean).
const HOME_TOTAL = formatPounds(datasetTotals(HOME_DATA_FILE).sumPence());
const PRELOADS = [
  ['/', HOME_DATA_FILE, HOME_TOTAL],
  ['/?dataset=shropshire-published&by=agency', HOME_DATA_FILE, HOME_TOTAL],
  [ILLUSTRATIVE, ILLUSTRATIVE_DATA_FILE, ALL],
  ['/?by=agency&place=ludlow&audience=young-16-19&activity=offender-management', ILLUSTRATIVE_DATA_FILE, FOUNDING],
  ['/?dataset=atlantis', HOME_DATA_FILE, HOME_TOTAL],
  ['/?year=2017-18&by=agency', HOME_DATA_FILE, HOME_TOTAL],
];

for (const [link, file, total] of PRELOADS) {
  test(`under the CSP header, ${link} loads ${file} early, once, and uses it`, async () => {
    const dataRequests = [];
    const page = await openApp(app.browser, link, {
      beforeGoto: (p) =>
        p.on('request', (request) => {
          if (new URL(request.url()).pathname.startsWith('/data/')) dataRequests.push(new URL(request.url()).pathname);
        }),
    });
    try {
      await expectHeadline(page, total);
      assert.deepEqual(dataRequests, [`/${file}`], 'one request, for the file the link opens');
      const early = await page.evaluate(() => ({
        started: document.documentElement.dataset.earlyLoad,
        adopted: window.wholePlaceEarlyLoad === undefined,
        preloads: document.querySelectorAll('link[rel=preload][as=fetch]:not([data-app])').length,
      }));
      assert.deepEqual(early, { started: file, adopted: true, preloads: 0 }, 'the one request was the early load, adopted by the app');
      // A link naming an unknown dataset gets the link notice (checked in published.test.mjs),
      // which is not a console message.
      await assertClean(page);
    } finally {
      await page.closeContext();
    }
  });
}

test("the loader's dataset names and files are the app's (boot.js agrees with catalogue.rs)", () => {
  const boot = readFileSync(new URL('../../public/boot.js', import.meta.url), 'utf8');
  const catalogue = readFileSync(new URL('../../src/domain/catalogue.rs', import.meta.url), 'utf8');
  const fromBoot = Object.fromEntries(
    [...boot.slice(boot.indexOf('const SHIPPED'), boot.indexOf('};', boot.indexOf('const SHIPPED'))).matchAll(/'([^']+)':\s*'([^']+)'/g)].map(
      (m) => [m[1], m[2]],
    ),
  );
  const fromRust = Object.fromEntries(
    [...catalogue.matchAll(/name: "([^"]+)",\s*path: "([^"]+)"/g)].map((m) => [m[1], m[2]]),
  );
  assert.deepEqual(fromBoot, fromRust, 'the same names and files');
  assert.deepEqual(fromRust, SHIPPED, "the tests' list too");
  const constant = (text, re) => re.exec(text)?.[1];
  const rustName = (which) => {
    const target = constant(catalogue, new RegExp(`pub const ${which}: &ShippedDataset = &(\\w+);`));
    return constant(catalogue, new RegExp(`pub const ${target}: ShippedDataset = ShippedDataset \\{\\s*name: "([^"]+)"`));
  };
  assert.equal(constant(boot, /const HOME = '([^']+)'/), rustName('HOME'), 'the home dataset');
  assert.equal(constant(boot, /const BEFORE_NAMES = '([^']+)'/), rustName('BEFORE_NAMES'), 'the dataset of old links');
  const list = (text) => text && [...text.matchAll(/["']([a-z]+)["']/g)].map((m) => m[1]);
  assert.deepEqual(
    list(constant(boot, /const OLD_VIEW_PARAMETERS = \[([^\]]*)\]/)),
    list(constant(catalogue, /const OLD_VIEW_PARAMETERS: \[&str; \d+\] = \[([^\]]*)\]/)),
    'the parameters that make an old link',
  );
  assert.deepEqual(
    list(constant(boot, /const NEW_VIEW_PARAMETERS = \[([^\]]*)\]/)),
    list(constant(catalogue, /const NEW_VIEW_PARAMETERS: \[&str; \d+\] = \[([^\]]*)\]/)),
    'the parameters that make a link new',
  );
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

// Views that exercise different parts of the page: the home (published figures), the illustrative
// data, a deep link, a two-way table, the "About this data" panel open, and a narrow screen.
const VIEWS = [
  ['home', '/', {}],
  ['the illustrative data', ILLUSTRATIVE, {}],
  ['the published data compared with another year', '/?dataset=shropshire-published&by=activity&year=2015-16&compare=2014-15', {}],
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
