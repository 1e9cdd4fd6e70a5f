// Automated WCAG 2.2 A/AA checks with axe-core on every kind of view, at phone and laptop widths,
// in the light and the dark colour scheme (the page follows the system setting).
// axe finds only what a machine can find (contrast, names, roles, structure); keyboard use and
// reading order are covered by explorer.test.mjs, and a human audit is still owed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedApp, openApp, ILLUSTRATIVE, axeViolations } from './harness.mjs';


// The published dataset's views (the home, a comparison, the sources drawer, a year with bodies
// missing) are checked in published.test.mjs; its home is here too, for the dark scheme.
const VIEWS = [
  ['published home', '/', '[data-testid=headline-total]'],
  ['illustrative home', ILLUSTRATIVE, '[data-testid=headline-total]'],
  ['founding question', '/?by=agency&place=ludlow&audience=young-16-19&activity=offender-management', '[data-testid=headline-total]'],
  ['two-way table', '/?by=activity&then=agency', '[data-testid=cross-table]'],
  ['most detailed view', '/?by=agency&place=ludlow&audience=young-16-19&activity=probation-supervision', '[data-testid=most-detailed]'],
  ['by audience, with the note on the two everyone parts', '/?by=audience&place=ludlow', '[data-testid=unattributed-note]'],
  ['filters open', '/?by=audience&place=wem', '[data-testid=headline-total]'],
  ['partly broken data', '/?data=/fixtures/e2e-partly-broken.json', '[data-testid=problems-panel]'],
  ['error panel', '/?data=/fixtures/e2e-not-json.json', '[data-testid=error-panel]'],
];

const app = sharedApp();

for (const colorScheme of ['light', 'dark']) {
  for (const width of [320, 1280]) {
    for (const [name, path, ready] of VIEWS) {
      test(`no axe WCAG 2.2 AA violations: ${name} at ${width} px, ${colorScheme}`, async () => {
        const page = await openApp(app.browser, path, { width, contextOptions: { colorScheme } });
        try {
          await page.locator(ready).first().waitFor({ state: 'visible', timeout: 15_000 });
          assert.equal(
            await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches),
            colorScheme === 'dark',
            'the page sees the colour scheme asked for',
          );
          if (name === 'filters open') {
            // Open "More filters" (closed on a phone), then every filter group, so the
            // checkboxes are checked too.
            const more = page.locator('[data-testid=more-filters]');
            if (!(await more.evaluate((d) => d.open))) await more.locator('summary').first().click();
            for (const summary of await page.locator('.filter-panel__summary').all()) await summary.click();
          }
          const result = await axeViolations(page);
          assert.deepEqual(result, [], `axe violations on ${name} at ${width}px, ${colorScheme}:\n${result.join('\n')}`);
          assert.deepEqual(page.pageErrors, []);
        } finally {
          await page.closeContext();
        }
      });
    }
  }
}

test('the axe check can fail: a planted unnamed button is reported', async () => {
  const page = await openApp(app.browser, '/');
  try {
    await page.locator('[data-testid=headline-total]').waitFor({ state: 'visible', timeout: 15_000 });
    await page.evaluate(() => document.querySelector('main').append(document.createElement('button')));
    const found = await axeViolations(page);
    assert.ok(found.some((v) => v.startsWith('button-name ')), `expected button-name, got ${JSON.stringify(found)}`);
  } finally {
    await page.closeContext();
  }
});

// --- Figures: labels cannot reorder text, and one quantity is one figure ----------------------

/** A small dataset file served in place of `/fixtures/NAME.json`, from places and facts ([place, amount, agency]). */
function serveDataset(name, places, facts) {
  const doc = {
    format_version: '1.0',
    metadata: { title: 'Figures test', publisher: 'Whole Place tests', currency: 'GBP', status: 'official', licence: 'OGL', period: '2011/12' },
    places: places.map(([id, label]) => ({ id, label, population: 1000 })),
    audiences: [],
    activities: [{ id: 'a1', label: 'Alpha' }],
    agencies: [{ id: 'g0', label: 'G0' }, { id: 'g1', label: 'G1' }],
    facts: facts.map(([place, amount, agency = 'g0']) => ({ agency, place, audience: null, activity: 'a1', amount })),
  };
  return (page) =>
    // Matched on the path: a glob would also match the page's own `?data=` address.
    page.route((url) => url.pathname === `/fixtures/${name}.json`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(doc) }),
    );
}

test('a right-to-left override in a Place label does not reverse the summary sentence', async () => {
  const beforeGoto = serveDataset('figures-bidi', [['p0', '\u202ENorth'], ['p1', 'South']], [['p0', '400.40'], ['p1', '210.20']]);
  const page = await openApp(app.browser, '/?data=/fixtures/figures-bidi.json', { beforeGoto });
  try {
    const summary = page.locator('[data-testid=chart-summary]');
    await summary.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await summary.textContent();
    assert.ok(text.includes('\u2068North\u2069 (£400.40, 65.6%)'), `label isolated, override dropped: ${JSON.stringify(text)}`);
    assert.ok(!text.includes('\u202E'), 'no override character reaches the sentence');
    // As drawn: the figure stands to the right of its label, as in any left-to-right sentence.
    const order = await summary.evaluate((el) => {
      const node = el.firstChild;
      const rectOf = (needle) => {
        const range = document.createRange();
        const at = node.textContent.indexOf(needle);
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        return range.getBoundingClientRect();
      };
      return { label: rectOf('North').left, figure: rectOf('£400.40').left, total: rectOf('£610.60').left };
    });
    assert.ok(order.figure > order.label, `£400.40 drawn right of North: ${JSON.stringify(order)}`);
    assert.ok(order.label > order.total, `North drawn right of the total: ${JSON.stringify(order)}`);
    assert.equal(await page.locator('[data-testid=bar-chart] .bar-chart__label bdi').count(), 2, 'bar labels are isolated');
    assert.equal(await page.locator('[data-testid=data-table] tbody th bdi').count(), 2, 'table row headers are isolated');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('one quantity is one figure on the page, and mixed-sign totals get no shares', async () => {
  const cases = [
    // [file, facts, headline total, first row amount, share column]
    ['figures-refund', [['p0', '-20.00'], ['p0', '0.01']], '\u2212£19.99', '\u2212£19.99', '–'],
    ['figures-mixed', [['p0', '1000000'], ['p1', '-999999.99']], '£0.01', '£1,000,000.00', '–'],
    ['figures-large', [['p0', '300000.50'], ['p1', '100000.50']], '£400,001', '£300,001', '75.0%'],
  ];
  for (const [name, facts, total, first, share] of cases) {
    const beforeGoto = serveDataset(name, [['p0', 'North'], ['p1', 'South']], facts);
    const page = await openApp(app.browser, `/?data=/fixtures/${name}.json`, { beforeGoto });
    try {
      const headline = page.locator('[data-testid=headline-total]');
      await headline.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await headline.textContent(), total, `${name}: headline`);
      assert.equal(await page.locator('[data-testid=table-total]').textContent(), total, `${name}: table total`);
      const summary = await page.locator('[data-testid=chart-summary]').textContent();
      assert.ok(summary.startsWith(`${total} in total`), `${name}: summary says ${JSON.stringify(summary)}`);
      assert.equal((await page.locator('[data-testid=table-amount]').first().textContent()), first, `${name}: first row`);
      assert.equal((await page.locator('.bar-chart__value').first().textContent()), first, `${name}: first bar`);
      const shares = await page.locator('[data-testid=table-row] td:nth-child(3)').allTextContents();
      assert.equal(shares[0], share, `${name}: share`);
      assert.equal(await page.locator('[data-testid=no-shares]').count(), share === '–' ? 1 : 0, `${name}: says why no shares`);
      assert.match(await page.locator('[data-testid=rounding-note]').textContent(), /^Figures are rounded to £/, `${name}: rounding note`);
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.closeContext();
    }
  }
});

test('two-way totals are the one-way figures, or the table is shown exactly and says so', async () => {
  // Totals over £100,000, so whole pounds; every fraction an exact half. In the first file the
  // extra pound of the first row and of the first column cannot meet in one cell.
  const cases = [
    ['figures-exact', [['p0', '200000.5', 'g1'], ['p1', '100000.5', 'g0'], [null, '100000', 'g0']], true],
    ['figures-halves', [['p0', '200000.5', 'g0'], ['p1', '100000.5', 'g1'], [null, '100000', 'g1']], false],
  ];
  for (const [name, facts, exact] of cases) {
    const beforeGoto = serveDataset(name, [['p0', 'North'], ['p1', 'South']], facts);
    const page = await openApp(app.browser, `/?data=/fixtures/${name}.json&then=agency`, { beforeGoto });
    try {
      const table = page.locator('[data-testid=cross-table]');
      await table.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await table.getAttribute('data-exact'), String(exact), `${name}: exact?`);
      const note = await page.locator('[data-testid=cross-note]').textContent();
      const rowTotals = await table.locator('tbody tr td:last-child').allTextContents();
      const oneWayRows = await page.locator('[data-testid=table-amount]').allTextContents();
      if (exact) {
        assert.match(note, /^Shown exactly, to 2 decimal places/, `${name}: ${note}`);
        assert.match(await table.locator('caption').textContent(), /exact figures/);
        assert.deepEqual(rowTotals, ['£200,000.50', '£100,000.50', '£100,000.00'], `${name}: exact row totals`);
      } else {
        assert.match(note, /^Rounded to £1: every row and column adds up to its total/, `${name}: ${note}`);
        assert.deepEqual(rowTotals, oneWayRows, `${name}: row totals are the one-way figures`);
        assert.equal(await table.locator('tfoot td:last-child').textContent(), await page.locator('[data-testid=headline-total]').textContent());
      }
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.closeContext();
    }
  }
});

test('signs for the eye are not read aloud: the current slice is "Who spends it (agency)", the two-way corner says which way each runs', async () => {
  const page = await openApp(app.browser, '/?by=agency&then=activity');
  try {
    await page.locator('[data-testid=cross-table]').waitFor({ state: 'visible', timeout: 15_000 });
    // The accessible name of the current slice link comes without the check mark drawn before it.
    const current = page.locator('[data-testid=slice-by-agency]');
    assert.equal(await current.getAttribute('aria-current'), 'true');
    const snapshot = await page.locator('.slice-picker').ariaSnapshot();
    assert.match(snapshot, /link "Who spends it \(agency\)"/, snapshot);
    assert.doesNotMatch(snapshot, /✓/, snapshot);
    // The corner cell reads "Agency down, activity across", not "Agency backslash Activity".
    const corner = await page.locator('[data-testid=cross-table] thead th').first().ariaSnapshot();
    assert.match(corner, /Agency down, activity across/, corner);
    assert.doesNotMatch(corner, /\\/, corner);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});
