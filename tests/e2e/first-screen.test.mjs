// The answer and the chart on one screen (issue 8, section 1): on a 360 x 740 phone the headline
// figure and the chart's first five bars (all of them, when there are fewer) are in view without
// scrolling on the home view of every shipped dataset, and again after each of the founding
// question's three taps from the illustrative home, however far down the tapped bar was.
// The chart's top is reported (not asserted) at phone and laptop sizes, for docs/benchmarks.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedApp, openApp, SHIPPED, ILLUSTRATIVE } from './harness.mjs';

const TIMEOUT = 15_000;
// A touch phone: taps, not clicks.
const PHONE = { width: 360, height: 740, contextOptions: { hasTouch: true, isMobile: true } };
const N_BARS = 5;

const app = sharedApp({ csp: true });

/**
 * Where the headline figure and the chart's first bars are on screen: each as its rectangle in
 * viewport pixels, plus the viewport height and how far the page is scrolled.
 */
async function firstScreen(page) {
  return page.evaluate((nBars) => {
    const box = (element) => {
      const r = element.getBoundingClientRect();
      return { top: Math.round(r.top), bottom: Math.round(r.bottom) };
    };
    const total = document.querySelector('[data-testid=headline-total]');
    const rows = [...document.querySelectorAll('.bar-chart__rows > li')];
    return {
      viewport: window.innerHeight,
      scrollY: Math.round(window.scrollY),
      total: total ? { ...box(total), text: total.textContent } : null,
      heading: box(document.querySelector('.bar-chart__heading')),
      nBars: rows.length,
      bars: rows.slice(0, nBars).map((row) => ({ ...box(row), label: row.textContent.trim().slice(0, 40) })),
    };
  }, N_BARS);
}

/** Asserts the headline figure, the chart heading and the first bars are wholly in view. */
function assertInView(shown, what) {
  const inView = (r) => r.top >= 0 && r.bottom <= shown.viewport;
  const detail = JSON.stringify(shown);
  assert.ok(shown.total, `${what}: a headline figure (${detail})`);
  assert.ok(inView(shown.total), `${what}: the headline figure is in view (${detail})`);
  assert.ok(inView(shown.heading), `${what}: the chart's heading is in view (${detail})`);
  assert.equal(shown.bars.length, Math.min(N_BARS, shown.nBars), `${what}: bars measured (${detail})`);
  assert.ok(shown.bars.length > 0, `${what}: the chart has bars (${detail})`);
  for (const bar of shown.bars) assert.ok(inView(bar), `${what}: bar "${bar.label}" is in view (${detail})`);
}

/** Waits for the headline figure to be drawn and, when given, to differ from `previous`. */
async function waitForFigure(page, previous = null) {
  await page.waitForFunction(
    (before) => {
      const text = document.querySelector('[data-testid=headline-total]')?.textContent;
      return Boolean(text) && text !== before && document.querySelector('.bar-chart__rows > li');
    },
    previous,
    { timeout: TIMEOUT },
  );
  // Two frames: the new view is laid out and any scrolling the page does has happened.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

for (const name of Object.keys(SHIPPED)) {
  test(`the home view of ${name} shows the figure and the first bars on a 360 x 740 phone`, async () => {
    const page = await openApp(app.browser, `/?dataset=${name}`, PHONE);
    try {
      await waitForFigure(page);
      const shown = await firstScreen(page);
      assert.equal(shown.scrollY, 0, 'nothing scrolled');
      assertInView(shown, `${name} home`);
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.closeContext();
    }
  });
}

test('each tap of the founding question leaves the figure and the chart top in view on a phone', async () => {
  const page = await openApp(app.browser, ILLUSTRATIVE, PHONE);
  try {
    await waitForFigure(page);
    // Ludlow, then young people 16–19, then reducing re-offending: each bar is scrolled to (as
    // a reader would) and tapped; the next view must not leave the reader looking at nothing.
    const taps = [
      ['Ludlow', (u) => u.searchParams.get('place') === 'ludlow'],
      ['Young people 16–19', (u) => u.searchParams.get('audience') === 'young-16-19'],
      ['Offender management', (u) => u.searchParams.get('activity') === 'offender-management'],
    ];
    for (const [label, reached] of taps) {
      const before = await page.locator('[data-testid=headline-total]').textContent();
      const bar = page.locator('[data-testid=bar-link]').filter({ hasText: label }).first();
      await bar.scrollIntoViewIfNeeded();
      await bar.tap();
      await page.waitForURL((u) => reached(new URL(u)), { timeout: TIMEOUT });
      await waitForFigure(page, before);
      assertInView(await firstScreen(page), `after tapping ${label}`);
    }
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('where the chart starts: reported at phone and laptop sizes', async (t) => {
  for (const [width, height] of [[360, 740], [1280, 800]]) {
    for (const name of Object.keys(SHIPPED)) {
      const page = await openApp(app.browser, `/?dataset=${name}`, { width, height });
      try {
        await waitForFigure(page);
        const top = await page.evaluate(() => Math.round(document.querySelector('.bar-chart').getBoundingClientRect().top + window.scrollY));
        t.diagnostic(`chart top at ${width}x${height}, ${name}: y = ${top} px`);
        assert.ok(top < height, `${name} at ${width}x${height}: the chart starts on the first screen (y = ${top})`);
      } finally {
        await page.closeContext();
      }
    }
  }
});
