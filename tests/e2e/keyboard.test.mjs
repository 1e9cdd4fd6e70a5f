// Keyboard and screen-reader use of the release build: the founding question by keyboard alone
// (every key press counted), focus on the chart heading after each drill, a quick double Enter
// that drills once, a "then by" select that does not navigate on arrow keys, and names a
// listener understands (no "check mark", no "backslash", "less than 0.1%").
// Run: cd tests/e2e && node --test keyboard.test.mjs   (after a `trunk build --release`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedApp, openApp, datasetTotals, formatPounds, ILLUSTRATIVE, ILLUSTRATIVE_DATA_FILE } from './harness.mjs';

const TIMEOUT = 15_000;
/** The target for the founding question by keyboard. */
const MAX_KEY_PRESSES = 25;

const app = sharedApp();
const totals = datasetTotals(ILLUSTRATIVE_DATA_FILE);
const ALL = formatPounds(totals.sumPence());
const offender = totals.subtree('offender-management');
const FOUNDING = formatPounds(
  totals.sumPence((f) => f.place === 'ludlow' && f.audience === 'young-16-19' && offender.has(f.activity)),
);

/** A keyboard that counts every key it presses. */
function countingKeyboard(page) {
  const pressed = [];
  return {
    pressed,
    async press(key) {
      pressed.push(key);
      await page.keyboard.press(key);
    },
  };
}

/** What has the focus: its test id, id and text. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { testid: el?.getAttribute('data-testid') ?? null, id: el?.id ?? '', text: (el?.textContent ?? '').trim() };
  });

/** Presses Tab until the focused element is a bar whose label starts with `label`. */
async function tabToBar(page, keys, label, limit) {
  for (let i = 0; i < limit; i += 1) {
    await keys.press('Tab');
    const now = await focused(page);
    if (now.testid === 'bar-link' && now.text.startsWith(label)) return;
  }
  assert.fail(`no bar starting with ${JSON.stringify(label)} within ${limit} Tabs (${keys.pressed.length} keys so far)`);
}

/** Waits for the URL to satisfy `predicate(URL)`, then returns it. */
async function waitForUrl(page, predicate, what) {
  await page.waitForURL((u) => predicate(new URL(u)), { timeout: TIMEOUT }).catch(() => {});
  const url = new URL(page.url());
  assert.ok(predicate(url), `URL should ${what}; it is ${url.href}`);
  return url;
}

/** Waits until the chart heading has the focus and names `label`. */
async function expectHeadingFocused(page, label) {
  await page
    .waitForFunction(
      (l) => document.activeElement?.id === 'bar-chart-heading' && document.activeElement.textContent.includes(l),
      label,
      { timeout: TIMEOUT },
    )
    .catch(() => {});
  const now = await focused(page);
  assert.equal(now.id, 'bar-chart-heading', `focus is on the chart heading, not ${JSON.stringify(now)}`);
  assert.ok(now.text.includes(label), `the heading names ${label}: ${JSON.stringify(now.text)}`);
}

test('the founding question by keyboard alone, in at most 25 key presses, focus on the chart heading after each drill', async () => {
  const page = await openApp(app.browser, ILLUSTRATIVE, { width: 1280, height: 800 });
  try {
    await page.waitForFunction((all) => document.querySelector('[data-testid=headline-total]')?.textContent === all, ALL, {
      timeout: TIMEOUT,
    });
    const keys = countingKeyboard(page);
    // The skip links are the first stops; the second jumps straight to the chart heading.
    await keys.press('Tab');
    assert.equal((await focused(page)).text, 'Skip to the figures');
    await keys.press('Tab');
    assert.equal((await focused(page)).text, 'Skip to the chart');
    await keys.press('Enter');
    assert.equal((await focused(page)).id, 'bar-chart-heading', 'the chart skip link focuses the chart heading');
    await tabToBar(page, keys, 'Ludlow', MAX_KEY_PRESSES);
    await keys.press('Enter');
    await waitForUrl(page, (u) => u.searchParams.get('place') === 'ludlow', 'have place=ludlow');
    await expectHeadingFocused(page, 'Ludlow');
    await tabToBar(page, keys, 'Young people 16–19', MAX_KEY_PRESSES);
    await keys.press('Enter');
    await waitForUrl(page, (u) => u.searchParams.get('audience') === 'young-16-19', 'have audience=young-16-19');
    await expectHeadingFocused(page, 'Young people 16–19');
    await tabToBar(page, keys, 'Offender management', MAX_KEY_PRESSES);
    await keys.press('Enter');
    const url = await waitForUrl(page, (u) => u.searchParams.get('activity') === 'offender-management', 'have activity=');
    assert.equal(url.searchParams.get('place'), 'ludlow');
    assert.equal(url.searchParams.get('audience'), 'young-16-19');
    // Offender management has sub-activities: the view opens on them.
    assert.equal(url.searchParams.get('by'), 'activity');
    await expectHeadingFocused(page, 'Offender management');
    const heading = (await focused(page)).text;
    assert.equal(
      heading,
      '\u2068Ludlow\u2069 · \u2068Young people 16–19\u2069 · \u2068Offender management (reducing re-offending)\u2069: by activity',
    );
    // Heard with pauses, not "dot".
    const name = await page.locator('#bar-chart-heading').ariaSnapshot();
    assert.match(name, /heading "\u2068?Ludlow\u2069?, \u2068?Young people 16–19\u2069?, /, name);
    assert.doesNotMatch(name.match(/heading "([^"]*)"/)?.[1] ?? '', /·/, name);
    const total = await page.locator('[data-testid=headline-total]').textContent();
    assert.equal(total, FOUNDING, 'the headline answers the founding question');
    // The live region says the selection in words, not only the number.
    const announced = await page.locator('[data-testid=view-announcement]').textContent();
    assert.match(announced, /Ludlow.*Young people 16–19.*Offender management/, announced);
    assert.ok(announced.includes(FOUNDING), announced);
    // The headline and the chart's top are on the screen.
    const inView = await page.evaluate(() => {
      const h = document.querySelector('.headline').getBoundingClientRect();
      const c = document.querySelector('#bar-chart-heading').getBoundingClientRect();
      return { headlineBottom: h.bottom, headingTop: c.top, headingBottom: c.bottom, height: innerHeight };
    });
    assert.ok(inView.headingTop > -1 && inView.headingBottom <= inView.height + 1, `chart heading in view: ${JSON.stringify(inView)}`);
    console.log(`founding question by keyboard: ${keys.pressed.length} key presses (${keys.pressed.join(' ')})`);
    assert.ok(keys.pressed.length <= MAX_KEY_PRESSES, `${keys.pressed.length} key presses: ${keys.pressed.join(' ')}`);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('a quick double Enter on a bar drills once', async () => {
  const page = await openApp(app.browser, ILLUSTRATIVE, { width: 1280, height: 800 });
  try {
    const ludlow = page.locator('[data-testid=bar-link]').filter({ hasText: /^\s*Ludlow/ }).first();
    await ludlow.waitFor({ state: 'visible', timeout: TIMEOUT });
    await ludlow.focus();
    const before = await page.evaluate(() => history.length);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const url = await waitForUrl(page, (u) => u.searchParams.get('place') === 'ludlow', 'have place=ludlow');
    await expectHeadingFocused(page, 'Ludlow');
    // Give a second drill every chance to happen before checking that it did not.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const now = new URL(page.url());
    assert.equal(now.search, url.search, 'one drill only');
    assert.equal(now.searchParams.getAll('audience').length, 0, 'no audience was chosen');
    assert.equal(await page.evaluate(() => history.length), before + 1, 'one history entry');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('"then by": arrow keys only move the choice; the Show button changes the view', async () => {
  const page = await openApp(app.browser, ILLUSTRATIVE, { width: 1280, height: 800 });
  try {
    const select = page.locator('[data-testid=then-by]');
    await select.waitFor({ state: 'visible', timeout: TIMEOUT });
    const before = { url: page.url(), length: await page.evaluate(() => history.length) };
    await select.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    assert.equal(page.url(), before.url, 'the URL has not changed');
    assert.equal(await page.evaluate(() => history.length), before.length, 'no history entry');
    const chosen = await select.inputValue();
    assert.notEqual(chosen, '', 'the arrow keys moved the choice');
    await page.locator('[data-testid=then-by-show]').click();
    await waitForUrl(page, (u) => u.searchParams.get('then') === chosen, `have then=${chosen}`);
    await page.locator('[data-testid=cross-table]').waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.equal(await page.evaluate(() => history.length), before.length + 1, 'one history entry for the one choice');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('names a listener understands: no check mark, no backslash', async () => {
  const page = await openApp(app.browser, `${ILLUSTRATIVE}&by=agency&then=activity`, { width: 1280, height: 800 });
  try {
    await page.locator('[data-testid=cross-table]').waitFor({ state: 'visible', timeout: TIMEOUT });
    const picker = await page.locator('.slice-picker').ariaSnapshot();
    assert.match(picker, /link "Who spends it \(agency\)"/, picker);
    assert.doesNotMatch(picker, /✓|check/i, picker);
    const corner = await page.locator('[data-testid=cross-table] thead th').first().ariaSnapshot();
    assert.match(corner, /Agency down, activity across/, corner);
    assert.doesNotMatch(corner, /\\|backslash/, corner);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('a share under 0.1% reads "<0.1%" and is said "less than 0.1%"', async () => {
  const doc = {
    format_version: '1.0',
    metadata: { title: 'Tiny share test', publisher: 'Whole Place tests', currency: 'GBP', status: 'official', licence: 'OGL', period: '2011/12' },
    places: [{ id: 'big', label: 'Big', population: 1000 }, { id: 'small', label: 'Small', population: 10 }],
    audiences: [],
    activities: [{ id: 'a1', label: 'Alpha' }],
    agencies: [{ id: 'g0', label: 'G0' }],
    facts: [
      { agency: 'g0', place: 'big', audience: null, activity: 'a1', amount: '9999000' },
      { agency: 'g0', place: 'small', audience: null, activity: 'a1', amount: '1000' },
    ],
  };
  const serve = (p) =>
    p.route((url) => url.pathname === '/fixtures/tiny-share.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(doc) }),
    );
  const page = await openApp(app.browser, '/?data=/fixtures/tiny-share.json&by=place', { beforeGoto: serve });
  try {
    const row = page.locator('[data-testid=data-table] tbody tr').filter({ hasText: 'Small' });
    await row.first().waitFor({ state: 'visible', timeout: TIMEOUT });
    const snapshot = await row.first().ariaSnapshot();
    assert.match(snapshot, /less than 0\.1%/, snapshot);
    assert.doesNotMatch(snapshot, /<0\.1%/, snapshot);
    assert.match(await row.first().innerText(), /<0\.1%/);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('the last drill ends on "the most detailed view" with ways up, not a one-bar chart', async () => {
  const start = `${ILLUSTRATIVE}&by=activity&place=ludlow&audience=young-16-19&activity=offender-management`;
  const page = await openApp(app.browser, start, { width: 360, height: 740 });
  try {
    const bar = page.locator('[data-testid=bar-link]').filter({ hasText: /^\s*Probation supervision/ }).first();
    await bar.waitFor({ state: 'visible', timeout: TIMEOUT });
    await bar.focus();
    await page.keyboard.press('Enter');
    await waitForUrl(page, (u) => u.searchParams.get('activity') === 'probation-supervision', 'have activity=probation-supervision');
    const panel = page.locator('[data-testid=most-detailed]');
    await panel.waitFor({ state: 'visible', timeout: TIMEOUT });
    await expectHeadingFocused(page, 'Probation supervision');
    assert.match(await panel.innerText(), /This is the most detailed view: all £[\d,.]+ of it is spent by/);
    assert.equal(await page.locator('[data-testid=bar-chart]').count(), 0, 'no one-bar chart');
    assert.doesNotMatch(await page.locator('[data-testid=chart-summary]').innerText(), /split across 1/);
    const ways = await page.locator('[data-testid=way-up]').allInnerTexts();
    assert.deepEqual(
      ways.map((w) => w.replace(/[\u2068\u2069]/g, '')),
      [
        'Up a level: Offender management (reducing re-offending) (instead of Probation supervision)',
        'All audiences, not only Young people 16–19',
        'All Places, not only Ludlow',
      ],
    );
    // Up a level: back on the sub-activities, focus on the heading again.
    await page.locator('[data-testid=way-up]').first().focus();
    await page.keyboard.press('Enter');
    const url = await waitForUrl(page, (u) => u.searchParams.get('activity') === 'offender-management', 'be up a level');
    assert.equal(url.searchParams.get('by'), 'activity');
    await expectHeadingFocused(page, 'Offender management');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('a table row link also moves focus to the chart heading', async () => {
  const page = await openApp(app.browser, ILLUSTRATIVE, { width: 1280, height: 800 });
  try {
    const row = page.locator('[data-testid=table-row] th a').filter({ hasText: /^Ludlow$/ }).first();
    await row.waitFor({ state: 'visible', timeout: TIMEOUT });
    await row.focus();
    await page.keyboard.press('Enter');
    await waitForUrl(page, (u) => u.searchParams.get('place') === 'ludlow', 'have place=ludlow');
    await expectHeadingFocused(page, 'Ludlow');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});
