// Fair comparisons (issue 8, section 4), on the release build: the "Total / Per resident" switch
// and the order change the bars and the table and live in the URL (Back undoes them); every
// per-resident figure is checked against one computed here from the shipped JSON (BigInt pence,
// independently of the Rust code); the average across Places on the Places' own basis lies among
// the Places; "Compare places" shows two Places' figures as the JSON gives them; axe is clean on
// the new views; the one-Place published dataset does not offer any of it.
// Run: cd tests/e2e && node --test fair.test.mjs   (after a `trunk build --release`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  sharedApp,
  openApp,
  datasetTotals,
  formatPounds,
  formatPoundsAndPence,
  ILLUSTRATIVE,
  ILLUSTRATIVE_DATA_FILE,
  PUBLISHED,
  axeViolations,
} from './harness.mjs';

const TIMEOUT = 15_000;

const app = sharedApp();
const totals = datasetTotals(ILLUSTRATIVE_DATA_FILE);
const places = totals.doc.places;

/** Pence divided by people, rounded half away from zero to the penny (BigInt). */
function perHead(pence, people) {
  const p = BigInt(people);
  const negative = pence < 0n;
  const magnitude = negative ? -pence : pence;
  const rounded = (2n * magnitude + p) / (2n * p);
  return negative ? -rounded : rounded;
}

// Each Place's spending and per-resident figure, straight from the JSON.
const expected = new Map(
  places.map((p) => {
    const pence = totals.sumPence((f) => f.place === p.id);
    return [p.label, { id: p.id, pence, perHead: perHead(pence, p.population) }];
  }),
);
const RESIDENTS = places.reduce((sum, p) => sum + p.population, 0);
const ATTRIBUTED = totals.sumPence((f) => f.place != null);
const AREA_WIDE = totals.sumPence((f) => f.place == null);
const WHOLE = perHead(ATTRIBUTED + AREA_WIDE, RESIDENTS);
const AVERAGE = perHead(ATTRIBUTED, RESIDENTS);

/** The bars as shown: label, value text, unit words, bar width, in order. */
function bars(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.bar-chart__row')].map((row) => ({
      label: row.querySelector('.bar-chart__label bdi')?.textContent ?? '',
      value: row.querySelector('.bar-chart__value')?.childNodes[0]?.textContent ?? '',
      unit: row.querySelector('.bar-chart__unit')?.textContent.trim() ?? '',
      width: Number(row.querySelector('rect.bar-chart__rect')?.getAttribute('width') ?? 'NaN'),
    })),
  );
}

/** The table's rows as shown: label and per-head text, in order. */
function tableRows(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid=table-row]')].map((row) => ({
      label: row.querySelector('th bdi')?.textContent ?? '',
      perHead: row.querySelectorAll('td')[2]?.textContent ?? '',
    })),
  );
}

async function waitForUrl(page, predicate, what) {
  await page.waitForURL((u) => predicate(new URL(u)), { timeout: TIMEOUT }).catch(() => {});
  const url = new URL(page.url());
  assert.ok(predicate(url), `URL should ${what}; it is ${url.href}`);
}

/** Waits until the bars satisfy `check(rows, arg)` (run in the page, so it sees only `arg`). */
async function waitForBars(page, check, arg, what) {
  const read = () =>
    [...document.querySelectorAll('.bar-chart__row')].map((row) => ({
      label: row.querySelector('.bar-chart__label bdi')?.textContent ?? '',
      unit: row.querySelector('.bar-chart__unit')?.textContent.trim() ?? '',
    }));
  await page
    .waitForFunction(
      ([source, readSource, a]) => {
        // eslint-disable-next-line no-new-func
        const rows = new Function(`return (${readSource})()`)();
        // eslint-disable-next-line no-new-func
        return rows.length > 0 && new Function('rows', 'arg', `return (${source})(rows, arg)`)(rows, a);
      },
      [check.toString(), read.toString(), arg],
      { timeout: TIMEOUT },
    )
    .catch(() => {});
  const rows = await bars(page);
  assert.ok(check(rows, arg), `bars should ${what}; they are ${JSON.stringify(rows.map((r) => r.label))}`);
}

const isArea = (row) => row.label.startsWith('Not attributed');

async function assertAxeClean(page, name) {
  const result = await axeViolations(page);
  assert.deepEqual(result, [], `axe violations on ${name}:\n${result.join('\n')}`);
}

test('the per-resident switch and the order change the bars and the table, live in the URL, and Back undoes them', async () => {
  const page = await openApp(app.browser, ILLUSTRATIVE, { width: 1280 });
  try {
    await page.locator('[data-testid=measure-switch]').waitFor({ timeout: TIMEOUT });
    const totalBars = await bars(page);
    assert.equal(totalBars.filter((b) => !isArea(b)).length, places.length);
    // Totals, largest first: the usual view.
    for (const bar of totalBars.filter((b) => !isArea(b))) {
      assert.equal(bar.unit, '', `${bar.label}: a total has no unit`);
    }

    await page.locator('[data-testid=measure-per-resident]').click();
    await waitForUrl(page, (u) => u.searchParams.get('measure') === 'per-resident', 'say measure=per-resident');
    await waitForBars(page, (rows) => rows.some((r) => r.unit === 'per resident'), null, 'be per resident');
    const perBars = await bars(page);
    const placeBars = perBars.filter((b) => !isArea(b));
    for (const bar of placeBars) {
      const want = expected.get(bar.label);
      assert.ok(want, `unknown Place ${bar.label}`);
      assert.equal(bar.value, formatPoundsAndPence(want.perHead), `${bar.label} per resident`);
      assert.equal(bar.unit, 'per resident');
    }
    // Largest per resident first, and longer bars for larger figures.
    const wantOrder = [...expected.entries()]
      .sort(([a, x], [b, y]) => (y.perHead > x.perHead ? 1 : y.perHead < x.perHead ? -1 : a < b ? -1 : 1))
      .map(([label]) => label);
    assert.deepEqual(placeBars.map((b) => b.label), wantOrder);
    for (let i = 1; i < placeBars.length; i++) assert.ok(placeBars[i - 1].width >= placeBars[i].width, 'bar widths follow the figures');
    assert.notDeepEqual(placeBars.map((b) => b.label), totalBars.filter((b) => !isArea(b)).map((b) => b.label), 'the order changed');
    // The area-wide bar is labelled as shared by population, and is last.
    assert.ok(isArea(perBars.at(-1)));
    assert.equal(perBars.at(-1).unit, 'per resident if shared by population');
    // The table follows the chart's order and shows the same per-resident figures.
    const rows = await tableRows(page);
    assert.deepEqual(rows.map((r) => r.label), perBars.map((b) => b.label));
    for (const row of rows.filter((r) => !isArea(r))) {
      assert.equal(row.perHead, formatPoundsAndPence(expected.get(row.label).perHead), `table: ${row.label}`);
    }

    await page.locator('[data-testid=sort-name]').click();
    await waitForUrl(page, (u) => u.searchParams.get('sort') === 'name', 'say sort=name');
    const alphabetical = [...expected.keys()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    await waitForBars(page, (rows, first) => rows[0].label === first, alphabetical[0], 'be A to Z');
    assert.deepEqual((await bars(page)).filter((b) => !isArea(b)).map((b) => b.label), alphabetical);
    assert.deepEqual((await tableRows(page)).filter((r) => !isArea(r)).map((r) => r.label), alphabetical);

    await page.goBack();
    await waitForUrl(page, (u) => !u.searchParams.has('sort') && u.searchParams.get('measure') === 'per-resident', 'drop sort=');
    await waitForBars(page, (rows, first) => rows[0].label === first, wantOrder[0], 'be per resident, largest first again');
    await page.goBack();
    await waitForUrl(page, (u) => !u.searchParams.has('measure'), 'drop measure=');
    await waitForBars(page, (rows) => rows.every((r) => r.unit === ''), null, 'be totals again');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('the average across Places is on the Places\' own basis and lies among them, not above all 18', async () => {
  const page = await openApp(app.browser, `${ILLUSTRATIVE}&measure=per-resident`, { width: 360 });
  try {
    await page.locator('[data-testid=table-average-per-head]').waitFor({ timeout: TIMEOUT });
    const average = await page.locator('[data-testid=table-average-per-head]').textContent();
    assert.equal(average, formatPoundsAndPence(AVERAGE));
    // The heading says what the bars are: per resident, not totals.
    assert.equal(await page.locator('#bar-chart-heading').textContent(), 'All spending: per resident, by Place');
    const perHeads = [...expected.values()].map((p) => p.perHead);
    const low = perHeads.reduce((a, b) => (b < a ? b : a));
    const high = perHeads.reduce((a, b) => (b > a ? b : a));
    assert.ok(low <= AVERAGE && AVERAGE <= high, `average ${AVERAGE} within ${low}..${high}`);
    // The headline's figure includes area-wide spending and is above every Place: the page says why.
    assert.ok(WHOLE > high, 'the whole-area figure is above every Place (the reason for this feature)');
    const sentence = await page.locator('[data-testid=fair-sentence]').textContent();
    assert.match(sentence, new RegExp(`average across Places on the same basis, ${formatPoundsAndPence(AVERAGE).replace('.', '\\.')} per resident`));
    assert.ok(sentence.includes(`the whole area's ${formatPoundsAndPence(WHOLE)} per resident`), sentence);
    assert.ok(sentence.includes(formatPounds(AREA_WIDE)), `names the area-wide spending: ${sentence}`);
    // The area-wide share by population and the average add up to the headline's figure.
    const share = /\(([^ ]+) per resident if shared by population\)/.exec(sentence)?.[1];
    const sharePence = BigInt(share.replace(/[£,.]/g, ''));
    assert.equal(AVERAGE + sharePence, WHOLE, 'the parts add up to the whole-area figure');
    assert.ok((await page.locator('[data-testid=headline-people]').textContent()).includes(formatPoundsAndPence(WHOLE)));
    // The reference line is drawn on every Place's bar, where the average falls.
    assert.equal(await page.locator('.bar-chart__reference').count(), places.length + 1);
    assert.ok((await page.locator('[data-testid=fair-reference]').textContent()).includes(formatPoundsAndPence(AVERAGE)));
    await assertAxeClean(page, 'per resident at 360 px');
  } finally {
    await page.closeContext();
  }
});

test('Compare places: reached from the Place view, two Places side by side as the JSON gives them', async () => {
  const page = await openApp(app.browser, ILLUSTRATIVE, { width: 320 });
  try {
    await page.locator('[data-testid=compare-places-link]').click();
    await waitForUrl(page, (u) => u.searchParams.get('view') === 'compare-places', 'say view=compare-places');
    await page.locator('[data-testid=compare-prompt]').waitFor({ timeout: TIMEOUT });
    await page.locator('[data-testid=compare-choice-ludlow]').check();
    await waitForUrl(page, (u) => u.searchParams.getAll('place').includes('ludlow'), 'choose Ludlow');
    await page.locator('[data-testid=compare-choice-oswestry]').check();
    await waitForUrl(page, (u) => u.searchParams.getAll('place').join() === 'ludlow,oswestry', 'choose Oswestry');
    await page.locator('[data-testid=compare-places-table]').waitFor({ timeout: TIMEOUT });
    // The chart reads as a comparison, and the two averages say which Places each is across;
    // the table's average row has no amount (an average of Places is no sum).
    const chartHeading = (await page.locator('#bar-chart-heading').textContent()).replace(/[\u2066-\u2069]/g, '');
    assert.equal(chartHeading, 'Ludlow and Oswestry compared: by Place');
    assert.ok((await page.locator('[data-testid=compare-average]').textContent()).startsWith(`Average across all ${places.length} Places, not only those compared`));
    assert.deepEqual(
      await page.evaluate(() => {
        const row = document.querySelector('[data-testid=table-average]');
        return [row.querySelector('th').textContent, row.querySelectorAll('td')[0].textContent];
      }),
      ['Average across the 2 Places shown (spending attributed to a Place)', '–'],
    );
    const cells = (testId) =>
      page.evaluate((t) => [...document.querySelectorAll(`[data-testid=${t}] td`)].map((td) => td.textContent), testId);
    const heads = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=compare-places-table] thead th bdi')].map((th) => th.textContent),
    );
    assert.deepEqual(heads, ['Oswestry', 'Ludlow'], 'largest first, as the bars');
    const want = heads.map((label) => expected.get(label));
    assert.deepEqual(await cells('compare-amount'), want.map((p) => formatPounds(p.pence)));
    assert.deepEqual(await cells('compare-per-head'), want.map((p) => formatPoundsAndPence(p.perHead)));
    assert.deepEqual(
      await cells('compare-people'),
      heads.map((label) => places.find((p) => p.label === label).population.toLocaleString('en-GB')),
    );
    assert.ok((await page.locator('[data-testid=compare-average]').textContent()).includes(formatPoundsAndPence(AVERAGE)));
    // By activity: each Place's column adds up to its total, each cell within £1 of the JSON's sum.
    const activities = totals.doc.activities;
    const root = (id) => {
      let member = activities.find((a) => a.id === id);
      while (member?.parent) member = activities.find((a) => a.id === member.parent);
      return member;
    };
    const table = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=compare-activity-row]')].map((row) => ({
        label: row.querySelector('th bdi').textContent,
        cells: [...row.querySelectorAll('td')].map((td) => td.textContent),
      })),
    );
    assert.ok(table.length > 0);
    heads.forEach((label, column) => {
      const place = expected.get(label);
      let sum = 0n;
      for (const row of table) {
        const exact = totals.sumPence((f) => f.place === place.id && root(f.activity)?.label === row.label);
        const shown = BigInt(row.cells[column].replace(/[£,]/g, '').replace('\u2212', '-')) * 100n;
        const off = shown - exact;
        assert.ok(off >= -100n && off <= 100n, `${label} · ${row.label}: ${row.cells[column]} vs ${exact}p`);
        sum += shown;
      }
      assert.equal(formatPounds(sum), formatPounds(place.pence), `${label}: the activities add up to its total`);
    });
    // Per resident, the by-activity table shows per-resident figures adding up to each Place's.
    await page.locator('[data-testid=measure-per-resident]').click();
    await waitForUrl(page, (u) => u.searchParams.get('measure') === 'per-resident', 'say measure=per-resident');
    await page.waitForFunction(() => document.querySelector('[data-testid=compare-activities-table] caption')?.textContent.includes('per resident'), null, { timeout: TIMEOUT });
    // Per resident, the Places are in per-resident order (as the bars): read the heads again.
    const perHeads = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=compare-places-table] thead th bdi')].map((th) => th.textContent),
    );
    assert.deepEqual([...perHeads].sort(), [...heads].sort());
    const perRows = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=compare-activity-row]')].map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)),
    );
    perHeads.forEach((label, column) => {
      const sum = perRows.reduce((s, cells) => s + BigInt(cells[column].replace(/[£,.]/g, '')), 0n);
      assert.equal(sum, expected.get(label).perHead, `${label}: per-resident parts add up`);
    });
    assert.ok((await page.locator('.illustrative-banner, [data-testid=status-badge]').first().textContent()).toLowerCase().includes('illustrative'));
    await assertAxeClean(page, 'compare places at 320 px');
    // Back steps out of each choice.
    await page.goBack();
    await waitForUrl(page, (u) => u.searchParams.get('measure') !== 'per-resident', 'drop measure=');
    await page.goBack();
    await waitForUrl(page, (u) => u.searchParams.getAll('place').join() === 'ludlow', 'drop Oswestry');
    await page.locator('[data-testid=compare-prompt]').waitFor({ timeout: TIMEOUT });
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('a Place\'s own view sets it beside the average across all Places, and leads to Compare places', async () => {
  const page = await openApp(app.browser, `${ILLUSTRATIVE}&by=audience&place=ludlow`, { width: 360 });
  try {
    const sentence = await page.locator('[data-testid=one-place-sentence]').textContent({ timeout: TIMEOUT });
    const ludlow = formatPoundsAndPence(expected.get('Ludlow').perHead);
    assert.ok(sentence.includes(`${ludlow} per resident counts only spending attributed to`), sentence);
    assert.ok(sentence.includes(`the average across all Places on the same basis is ${formatPoundsAndPence(AVERAGE)} per resident`), sentence);
    assert.ok((await page.locator('[data-testid=headline-people]').textContent()).includes(ludlow), 'the headline shows the same figure');
    await assertAxeClean(page, 'one Place at 360 px');
    // Tapped near the foot of the answer on a phone: the comparison comes to the reader.
    await page.locator('[data-testid=compare-places-link]').scrollIntoViewIfNeeded();
    await page.locator('[data-testid=compare-places-link]').click();
    await waitForUrl(page, (u) => u.searchParams.get('view') === 'compare-places' && u.searchParams.get('place') === 'ludlow', 'open Compare places with Ludlow');
    await page.locator('[data-testid=compare-prompt]').waitFor({ timeout: TIMEOUT });
    assert.equal(await page.locator('[data-testid=compare-choice-ludlow]').isChecked(), true);
    await page.waitForFunction(() => document.activeElement?.id === 'compare-places-heading', null, { timeout: TIMEOUT }).catch(() => {});
    const where = await page.evaluate(() => ({
      focus: document.activeElement?.id,
      top: document.getElementById('compare-places-heading').getBoundingClientRect().top,
      height: window.innerHeight,
    }));
    assert.equal(where.focus, 'compare-places-heading');
    assert.ok(where.top > -1 && where.top < where.height / 2, `the heading is at the top of the screen: ${JSON.stringify(where)}`);
    // Ludlow's own view stays beside it (by audience), not a one-bar chart of Ludlow.
    const chartHeading = (await page.locator('#bar-chart-heading').textContent()).replace(/[\u2066-\u2069]/g, '');
    assert.equal(chartHeading, 'Ludlow: by audience');
    assert.ok((await bars(page)).length > 1, 'more than one bar');
    // By keyboard: Space on a second Place keeps the focus on that checkbox and the list open,
    // so a third can be added without starting again.
    await page.locator('[data-testid=compare-choice-wem]').focus();
    await page.keyboard.press('Space');
    await waitForUrl(page, (u) => u.searchParams.getAll('place').includes('wem'), 'add Wem');
    await page.locator('[data-testid=compare-places-table]').waitFor({ timeout: TIMEOUT });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'compare-choice-wem', 'focus stays on Wem');
    assert.equal(await page.locator('[data-testid=compare-choice-shifnal]').isVisible(), true, 'the list stays open');
    const compared = (await page.locator('#bar-chart-heading').textContent()).replace(/[\u2066-\u2069]/g, '');
    assert.ok(/^Ludlow and Wem (compared: by Place|together: by )/.test(compared), compared);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('Compare places at 1280 px is axe clean, and an unknown Place id is named, not silently dropped', async () => {
  const page = await openApp(app.browser, `${ILLUSTRATIVE}&view=compare-places&place=ludlow&place=oswestry&place=atlantis`, { width: 1280 });
  try {
    await page.locator('[data-testid=compare-places-table]').waitFor({ timeout: TIMEOUT });
    assert.ok((await page.locator('[data-testid=link-notice]').textContent()).includes('place=atlantis'));
    assert.equal(await page.locator('[data-testid=compare-places-table] thead th bdi').count(), 2);
    await assertAxeClean(page, 'compare places at 1280 px');
  } finally {
    await page.closeContext();
  }
});

test('the one-Place published dataset offers neither the switch nor Compare places, and says so for such a link', async () => {
  const page = await openApp(app.browser, `${PUBLISHED}&view=compare-places&measure=per-resident`, { width: 360 });
  try {
    await page.locator('[data-testid=headline-total]').waitFor({ timeout: TIMEOUT });
    await page.locator('[data-testid=link-notice]').waitFor({ timeout: TIMEOUT });
    const notice = await page.locator('[data-testid=link-notice]').textContent();
    assert.ok(notice.includes('view=compare-places'), notice);
    assert.ok(notice.includes('fewer than two Places'), notice);
    assert.equal(await page.locator('[data-testid=measure-switch]').count(), 0);
    assert.equal(await page.locator('[data-testid=compare-places]').count(), 0);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});
