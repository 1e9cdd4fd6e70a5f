// The published dataset (the home view: real Shropshire figures, 2010-11 to 2017-18, format 1.1)
// in the release build: every figure checked against sums computed here from the JSON file, in
// BigInt pence, never through the app's Rust code or JavaScript floats. Years, comparison,
// estimate marks, the sources drawer, coverage, outcomes, dataset names in links, and axe.
// Run: cd tests/e2e && node --test --test-concurrency=1   (after a `trunk build --release`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  sharedApp,
  openApp,
  datasetTotals,
  readDataFile,
  formatPounds,
  formatPoundsAndPence,
  parsePounds,
  isEstimate,
  HOME_DATA_FILE,
  ILLUSTRATIVE,
  ILLUSTRATIVE_DATA_FILE,
  PUBLISHED,
  axeViolations,
} from './harness.mjs';

const TIMEOUT = 15_000;
const app = sharedApp();

const doc = readDataFile(HOME_DATA_FILE);
const year = (period) => datasetTotals(HOME_DATA_FILE, { period });
const latest = datasetTotals(HOME_DATA_FILE);
const LATEST = latest.period;
/** The one Place's residents and households (the published data has no smaller Place). */
const RESIDENTS = doc.places.reduce((n, p) => n + BigInt(p.population), 0n);
const HOUSEHOLDS = doc.places.reduce((n, p) => n + BigInt(p.households), 0n);
/** Bodies the file's coverage says are missing in a year: period id → agency ids. */
const LACKING = new Map();
for (const c of doc.coverage.filter((c) => c.extent === 'lacking' && c.period)) {
  LACKING.set(c.period, [...(LACKING.get(c.period) ?? []), c.agency]);
}
const agencyLabel = (id) => doc.agencies.find((a) => a.id === id).label;
/**
 * The labels that may name a body missing in `period`: its own, or that of a group whose every
 * member is missing that year (e.g. "Police and fire" when both the police and the fire
 * authority are). A group with some members present must not hide the missing one.
 */
function missingNames(agency, period) {
  const lacking = new Set(LACKING.get(period) ?? []);
  const members = (id) => doc.agencies.filter((a) => a.parent === id).map((a) => a.id);
  const allLacking = (id) => lacking.has(id) || (members(id).length > 0 && members(id).every(allLacking));
  const names = [agencyLabel(agency)];
  for (let up = doc.agencies.find((a) => a.id === agency).parent; up; up = doc.agencies.find((a) => a.id === up).parent) {
    if (allLacking(up)) names.push(agencyLabel(up));
  }
  return names;
}
const FSI = '\u2068';
const PDI = '\u2069';
const isolate = (text) => `${FSI}${text}${PDI}`;

// --- independent arithmetic ------------------------------------------------------------------

/** `a / b` rounded half away from zero, both BigInt, b > 0. */
function divRound(a, b) {
  const negative = a < 0n;
  const magnitude = negative ? -a : a;
  const q = (2n * magnitude + b) / (2n * b);
  return negative ? -q : q;
}

/** `part` as a per cent of `whole`, to one decimal, half away from zero: "85.1%", "−1.6%". */
function percentText(part, whole) {
  const tenths = divRound(part * 1000n, whole);
  const magnitude = tenths < 0n ? -tenths : tenths;
  return `${tenths < 0n ? '\u2212' : ''}${magnitude / 10n}.${magnitude % 10n}%`;
}

/** "£1,234.56" / "−£1,234.56" (as the sources drawer shows exact amounts) → pence. */
function parseExact(text) {
  const match = /^([\u2212-]?)£(\d{1,3}(?:,\d{3})*)\.(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`not an amount in pounds and pence: ${JSON.stringify(text)}`);
  const pence = BigInt(match[2].replaceAll(',', '')) * 100n + BigInt(match[3]);
  return match[1] ? -pence : pence;
}

/** A decimal string as [BigInt, scale], for exact comparison of outcome values. */
function decimal(text) {
  const [whole, fraction = ''] = text.split('.');
  return { units: BigInt(whole + fraction), scale: fraction.length };
}
function compareDecimals(a, b) {
  const x = decimal(a);
  const y = decimal(b);
  const scale = Math.max(x.scale, y.scale);
  const left = x.units * 10n ** BigInt(scale - x.scale);
  const right = y.units * 10n ** BigInt(scale - y.scale);
  return left === right ? 0 : left > right ? 1 : -1;
}

// --- page helpers ----------------------------------------------------------------------------

/** Waits until the first element matching `selector` has `expected` as its own text, then asserts. */
async function expectText(page, selector, expected, message = selector) {
  const read = (s) => {
    const el = document.querySelector(s);
    // The amount is the cell's first text; a note such as "incl. £… estimate" may follow it.
    return el ? (el.firstChild?.nodeType === Node.TEXT_NODE ? el.firstChild.textContent : el.textContent) : null;
  };
  await page
    .waitForFunction(([s, e, r]) => new Function('s', `return (${r})(s)`)(s) === e, [selector, expected, read.toString()], {
      timeout: TIMEOUT,
    })
    .catch(() => {});
  assert.equal(await page.evaluate(([s, r]) => new Function('s', `return (${r})(s)`)(s), [selector, read.toString()]), expected, message);
}

const headline = (page, expected, message = 'headline total') =>
  expectText(page, '[data-testid=headline-total]', expected, message);

/** Waits for the URL to satisfy `predicate(URL)`, then returns it. */
async function waitForUrl(page, predicate, what) {
  await page.waitForURL((u) => predicate(new URL(u)), { timeout: TIMEOUT }).catch(() => {});
  const url = new URL(page.url());
  assert.ok(predicate(url), `URL should ${what}; it is ${url.href}`);
  return url;
}

/** No uncaught errors, console errors or dialogs, no panic message. */
async function assertHealthy(page) {
  assert.deepEqual(page.pageErrors, [], 'page errors');
  assert.deepEqual(page.consoleErrors, [], 'console errors');
  assert.deepEqual(page.dialogs, [], 'dialogs');
  assert.equal(await page.locator('#panic-message').isHidden(), true, 'the panic message must stay hidden');
}

async function withApp(urlPath, options, body) {
  const page = await openApp(app.browser, urlPath, options);
  try {
    await body(page);
  } finally {
    await page.closeContext();
  }
}

const text = async (page, selector) => (await page.locator(selector).first().textContent()).trim();

/** The activity id a table row or bar drills into (its link's `activity=`, the last one). */
function activityOf(href) {
  return new URL(href, 'http://x/').searchParams.getAll('activity').at(-1);
}

// --- tests -----------------------------------------------------------------------------------

test('the home shows the published data: the latest year, its exact total, per resident and household, and the estimated part', async () => {
  assert.equal(LATEST, '2017-18', 'the file ends in 2017-18');
  const total = latest.sumPence();
  const estimated = latest.sumPence(isEstimate);
  assert.ok(estimated > 0n, 'the file has estimates in its latest year');
  await withApp('/', {}, async (page) => {
    await headline(page, formatPounds(total));
    await expectText(page, '[data-testid=headline-period]', LATEST, 'the year shown');
    await expectText(page, '[data-testid=table-total]', formatPounds(total), 'the table footer');
    assert.match(await text(page, '[data-testid=rounding-note]'), /^Figures are rounded to £1 /, 'whole pounds, and it says so');
    assert.equal(
      await text(page, '[data-testid=headline-people]'),
      `${Number(RESIDENTS).toLocaleString('en-GB')} residents: ${formatPoundsAndPence(divRound(total, RESIDENTS))} per resident.`,
    );
    assert.equal(
      await text(page, '[data-testid=headline-households]'),
      `${Number(HOUSEHOLDS).toLocaleString('en-GB')} households: ${formatPoundsAndPence(divRound(total, HOUSEHOLDS))} per household.`,
    );
    const sentence = await text(page, '[data-testid=headline-estimated]');
    const expected = `${formatPounds(estimated)} of this (${percentText(estimated, total)}) is an estimate`;
    assert.ok(sentence.startsWith(expected), `estimated sentence: ${sentence}\nexpected it to start: ${expected}`);
    // One Place in this data: "Where (Place)" would be a chart of one bar, so it is not offered.
    assert.equal(await page.locator('[data-testid=slice-by-place]').isVisible(), false, 'no Show-by-Place choice');
    assert.equal(await page.locator('[data-testid=slice-by-agency]').isVisible(), true, 'the other choices stay');
    // The figure at a glance, read in words.
    assert.equal(await text(page, '[data-testid=headline-glance] [aria-hidden=true]'), `about £${(Number(total) / 1e11).toFixed(1)}bn`);
    // Compiled, never official; the Open Government Licence attribution beside the figures.
    assert.match(await text(page, '[data-testid=status-badge]'), /^Compiled from published figures/);
    assert.equal(
      await text(page, '[data-testid=attribution]'),
      'Contains public sector information licensed under the Open Government Licence v3.0.',
    );
    // One Place would be one bar: the home opens sliced by activity, and the rows add up.
    assert.equal(await page.locator('[data-testid=slice-by-activity]').getAttribute('aria-current'), 'true');
    assert.equal(await page.locator('[data-testid=dataset-shropshire-published]').getAttribute('aria-current'), 'page');
    const rows = await page.locator('[data-testid=table-amount]').evaluateAll((cells) => cells.map((c) => c.firstChild.textContent));
    assert.ok(rows.length > 1, `several activities: ${JSON.stringify(rows)}`);
    const rowSum = rows.reduce((sum, r) => sum + parsePounds(r), 0n);
    assert.equal(formatPounds(rowSum * 100n), formatPounds(total), 'the rounded rows add up to the total');
    await assertHealthy(page);
  });
});

test('choosing a year puts it in the URL and shows that year; Back returns to the latest', async () => {
  const other = '2014-15';
  await withApp('/', {}, async (page) => {
    await headline(page, formatPounds(latest.sumPence()));
    assert.equal(await page.locator(`[data-testid=year-${LATEST}]`).getAttribute('aria-current'), 'true');
    await page.locator(`[data-testid=year-${other}]`).click();
    const url = await waitForUrl(page, (u) => u.searchParams.get('year') === other, `have year=${other}`);
    assert.equal(url.searchParams.get('dataset'), 'shropshire-published', 'the link names its dataset');
    await headline(page, formatPounds(year(other).sumPence()), `the ${other} total`);
    await expectText(page, '[data-testid=headline-period]', other);
    await expectText(page, '[data-testid=table-total]', formatPounds(year(other).sumPence()), 'the table total too');
    assert.equal(await page.locator(`[data-testid=year-${other}]`).getAttribute('aria-current'), 'true');
    await page.goBack();
    await waitForUrl(page, (u) => !u.searchParams.has('year'), 'not have year=');
    await headline(page, formatPounds(latest.sumPence()), 'back to the latest year');
    await assertHealthy(page);
  });
});

test('comparing two years: the change is the difference of the two shown totals, in cash terms', async () => {
  const [shown, before] = ['2015-16', '2014-15'];
  const now = year(shown).sumPence();
  const then = year(before).sumPence();
  await withApp(`${PUBLISHED}&year=${shown}`, {}, async (page) => {
    await headline(page, formatPounds(now));
    await page.locator('[data-testid=compare-toggle]').click();
    await page.locator(`[data-testid=compare-${before}]`).click();
    await waitForUrl(page, (u) => u.searchParams.get('compare') === before && u.searchParams.get('year') === shown, `have compare=${before}`);
    await page.locator('[data-testid=comparison]').waitFor({ state: 'visible', timeout: TIMEOUT });
    // Each year rounded to the pound, as shown; the change is their difference.
    const shownNow = (now + (now >= 0n ? 50n : -50n)) / 100n;
    const shownThen = (then + (then >= 0n ? 50n : -50n)) / 100n;
    const change = shownNow - shownThen;
    const words = change < 0n ? 'down' : 'up';
    const sentence = await text(page, '[data-testid=comparison-sentence]');
    const expected = `Compared with ${isolate(before)}: ${words} ${formatPounds((change < 0n ? -change : change) * 100n)} (${change > 0n ? '+' : ''}${percentText(now - then, then)}), in cash terms (not adjusted for inflation).`;
    assert.equal(sentence, expected);
    const total = await page
      .locator('[data-testid=comparison-table] tr.comparison__total td')
      .allTextContents();
    // Both years' totals include apportioned figures, so each is marked as including estimates.
    assert.deepEqual(
      total.slice(0, 2),
      [`${formatPounds(then)}incl. estimate`, `${formatPounds(now)}incl. estimate`],
      'the total row holds both shown totals, each marked as including estimates',
    );
    assert.equal(total[2].replace('\u2212', '-').replace(/[£,+]/g, ''), String(change), 'the change in £ is their difference');
    // 2015-16 lacks bodies 2014-15 has: the comparison says it is not like for like.
    const caveat = await text(page, '[data-testid=comparison-caveat]');
    assert.match(caveat, /^Not like for like: .*not in this data for \u20682015-16\u2069/, caveat);
    await assertHealthy(page);
  });
});

test('estimates are marked in the chart (hatched and in words) and in the table', async () => {
  await withApp('/', {}, async (page) => {
    await headline(page, formatPounds(latest.sumPence()));
    const bars = await page.locator('[data-testid=bar-link]').evaluateAll((links) =>
      links.map((a) => ({
        href: a.getAttribute('href'),
        words: a.querySelector('[data-testid=bar-estimate]')?.textContent ?? null,
        width: Number(a.querySelector('rect.bar-chart__rect--estimate')?.getAttribute('width')),
        fill: a.querySelector('rect.bar-chart__rect--estimate') && getComputedStyle(a.querySelector('rect.bar-chart__rect--estimate')).fill,
      })),
    );
    const rows = await page.locator('[data-testid=table-row]').evaluateAll((trs) =>
      trs.map((tr) => ({
        href: tr.querySelector('th a')?.getAttribute('href') ?? null,
        words: tr.querySelector('[data-testid=table-estimate]')?.textContent ?? null,
      })),
    );
    let marked = 0;
    const abs = (x) => (x < 0n ? -x : x);
    const slice = (activity) => {
      const subtree = latest.subtree(activity);
      return {
        amount: latest.sumPence((f) => subtree.has(f.activity)),
        estimate: latest.sumPence((f) => subtree.has(f.activity) && isEstimate(f)),
      };
    };
    const largest = bars.reduce((max, bar) => (abs(slice(activityOf(bar.href)).amount) > max ? abs(slice(activityOf(bar.href)).amount) : max), 0n);
    for (const bar of bars) {
      const activity = activityOf(bar.href);
      const { estimate } = slice(activity);
      const expected = estimate === 0n ? null : `includes ${formatPounds(estimate)} estimate`;
      assert.equal(bar.words, expected, `bar ${activity} says its estimate in words`);
      if (estimate !== 0n) {
        marked += 1;
        // An estimate under a thousandth of the largest bar may be too thin to draw; its words stay.
        if (abs(estimate) * 1000n >= largest) assert.ok(bar.width > 0, `bar ${activity}: the hatched part has a width`);
        assert.equal(bar.fill, 'url("#estimate")', `bar ${activity}: hatched with the pattern, not a colour alone`);
      }
      const row = rows.find((r) => r.href && activityOf(r.href) === activity);
      assert.ok(row, `a table row for ${activity}`);
      assert.equal(row.words, estimate === 0n ? null : `incl. ${formatPounds(estimate)} estimate`, `row ${activity}`);
    }
    assert.ok(marked > 0, 'some bars hold estimates');
    assert.equal(await page.locator('pattern#estimate').count(), 1, 'the hatch pattern is in the page');
    assert.equal(
      await text(page, '[data-testid=table-total] [data-testid=table-estimate]'),
      `incl. ${formatPounds(latest.sumPence(isEstimate))} estimate`,
    );
    await assertHealthy(page);
  });
});

test("a row's Sources button opens the drawer, moves focus to it, and its exact amounts add up to the row", async (t) => {
  const sourceTitle = new Map(doc.sources.map((s) => [s.id, s.title]));
  const basisWord = { reported: 'Reported', derived: 'Derived', apportioned: 'Apportioned', estimated: 'Estimated' };
  // (which row: its position in the table, or the total)
  for (const which of [0, 3, 'total']) {
    await t.test(`row ${which}`, async () => {
      await withApp('/', {}, async (page) => {
        await headline(page, formatPounds(latest.sumPence()));
        const row = which === 'total' ? page.locator('[data-testid=data-table] tfoot tr') : page.locator('[data-testid=table-row]').nth(which);
        const href = which === 'total' ? null : await row.locator('th a').getAttribute('href');
        const subtree = href ? latest.subtree(activityOf(href)) : null;
        const facts = latest.facts.filter((f) => !subtree || subtree.has(f.activity));
        const exact = latest.sumPence((f) => !subtree || subtree.has(f.activity));
        await row.locator('[data-testid=sources-button]').click();
        const drawer = page.locator('[data-testid=lineage]');
        await drawer.waitFor({ state: 'visible', timeout: TIMEOUT });
        await page.waitForFunction(() => document.activeElement?.id === 'lineage-heading', null, { timeout: TIMEOUT }).catch(() => {});
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'lineage-heading', 'focus is on the drawer heading');
        const items = await drawer.locator('[data-testid=lineage-item]').evaluateAll((lis) =>
          lis.map((li) => ({
            amount: li.querySelector('.lineage__amount').textContent,
            basis: li.querySelector('[data-testid=lineage-basis]').textContent,
            source: li.querySelector('.lineage__source').textContent,
            note: li.querySelector('.lineage__note')?.textContent ?? null,
          })),
        );
        assert.ok(items.length > 0, 'the drawer lists where the figures come from');
        let sum = 0n;
        let count = 0;
        for (const item of items) {
          const match = /^(.+) from (\d+) figures?$/.exec(item.amount);
          assert.ok(match, `amount line: ${item.amount}`);
          sum += parseExact(match[1]);
          count += Number(match[2]);
        }
        assert.equal(sum, exact, `the listed amounts add up to the row's exact amount (${formatPoundsAndPence(exact)})`);
        assert.equal(count, facts.length, 'every figure of the row is listed once');
        // Every source, basis and note of the row's facts is named.
        const wanted = new Set(facts.map((f) => `${sourceTitle.get(f.source)}|${basisWord[f.basis]}|${f.note ?? ''}`));
        const listed = new Set(
          items.map((i) => {
            const source = [...sourceTitle.values()].find((title) => i.source.startsWith(title)) ?? `(unknown: ${i.source})`;
            return `${source}|${i.basis.split(':')[0]}|${i.note?.replace(/^Note: /, '') ?? ''}`;
          }),
        );
        assert.deepEqual([...listed].sort(), [...wanted].sort(), 'source, basis and note of every group');
        await assertHealthy(page);
      });
    });
  }
});

test('2015-16: every body the file lacks that year is named "not in this data"', async () => {
  const shown = '2015-16';
  const lacking = LACKING.get(shown) ?? [];
  assert.ok(lacking.includes('west-mercia-police'), 'the file says police figures are missing for 2015-16');
  await withApp(`${PUBLISHED}&year=${shown}`, {}, async (page) => {
    await headline(page, formatPounds(year(shown).sumPence()));
    await page.locator('[data-testid=coverage]').waitFor({ state: 'visible', timeout: TIMEOUT });
    const items = await page.locator('[data-testid=coverage-item]').allTextContents();
    const unnamed = lacking
      .filter((agency) => !items.some((i) => missingNames(agency, shown).some((name) => i.startsWith(name)) && i.includes(`not in this data for ${shown}`)))
      .map(agencyLabel);
    assert.deepEqual(unnamed, [], `each body the file lacks for ${shown} is named as not in this data; the panel says ${JSON.stringify(items)}`);
    assert.ok(!items.some((i) => /£0\b/.test(i)), 'a missing body is never £0');
    await assertHealthy(page);
  });
});

test('the trend marks every year the file lacks a body, in the chart, its sentence and its table', async () => {
  const shown = '2015-16';
  await withApp(`${PUBLISHED}&year=${shown}`, {}, async (page) => {
    await headline(page, formatPounds(year(shown).sumPence()));
    const trend = await page.locator('[data-testid=trend-row]').allTextContents();
    assert.equal(trend.length, doc.periods.length, 'one row per year');
    for (const [i, period] of latest.periods.entries()) {
      const marked = /^\S+( \(shown\))? \*/.test(trend[i]);
      assert.equal(marked, LACKING.has(period.id), `trend row ${period.id} marked: ${trend[i]}`);
      assert.ok(trend[i].endsWith(formatPounds(year(period.id).sumPence())), `trend row ${period.id}: ${trend[i]}`);
    }
    const summary = await text(page, '[data-testid=trend-summary]');
    const years = [...LACKING.keys()].sort().map(isolate);
    assert.ok(summary.includes(`not in this data for ${years.join(' and ')}`), `the trend summary names the years: ${summary}`);
    assert.ok(summary.includes('in cash terms (not adjusted for inflation)'), summary);
    await page.locator('.trend__table > summary').click();
    const cells = await page.locator('[data-testid=trend-table] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('th').textContent, tr.lastElementChild.textContent]),
    );
    for (const [period, note] of cells) {
      const unnamed = (LACKING.get(period) ?? []).filter((agency) => !missingNames(agency, period).some((name) => note.includes(isolate(name))));
      assert.deepEqual(unnamed, [], `the table names every body missing in ${period}: ${note}`);
      // Bodies the file lacks in every year (public corporations: HM Treasury counts only their
      // capital) are named in every row, but mark no year as different from the others.
      const always = doc.coverage.filter((c) => c.extent === 'lacking' && !c.period).map((c) => isolate(agencyLabel(c.agency)));
      const expected = always.length ? `Not in this data for this year: ${always.join(' and ')}.` : '';
      if (!LACKING.has(period)) assert.equal(note, expected, `only the bodies missing every year in ${period}`);
    }
    await assertHealthy(page);
  });
});

test('the outcomes panel: each measure with its value, the England median, which way is better, the caution, and a table', async () => {
  const shown = '2016-17';
  const measures = doc.outcomes.measures;
  const values = doc.outcomes.values;
  await withApp(`${PUBLISHED}&year=${shown}`, {}, async (page) => {
    const panel = page.locator('[data-testid=outcomes]');
    await panel.waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.equal(
      await text(page, '[data-testid=outcomes-caution]'),
      'These measures are a signal to discuss, not proof that the spending caused them: many things besides spending affect outcomes.',
    );
    // No activity or audience chosen: every measure relates to the selection.
    const outcomes = page.locator('[data-testid=outcome]');
    assert.equal(await outcomes.count(), measures.length, 'one panel entry per measure');
    for (const [i, measure] of measures.entries()) {
      const entry = outcomes.nth(i);
      assert.equal((await entry.locator('h3').textContent()).trim(), measure.label);
      const value = values.find((v) => v.measure === measure.id && v.period === shown);
      let expected = `No value for ${isolate(shown)}.`;
      if (value) {
        const cmp = value.comparator ? compareDecimals(value.value, value.comparator.value) : null;
        const standing =
          cmp === null || measure.higher_is_better == null
            ? 'compared with'
            : cmp === 0
              ? 'the same as'
              : (cmp > 0) === measure.higher_is_better
                ? 'better than'
                : 'worse than';
        const against = value.comparator ? `, ${standing} the ${isolate(value.comparator.label)} (${value.comparator.value})` : '';
        expected = `${isolate(shown)}: ${value.value} (${isolate(measure.unit)})${against}.`;
      }
      assert.equal((await entry.locator('[data-testid=outcome-sentence]').textContent()).trim(), expected, measure.id);
      const direction = measure.higher_is_better == null ? 'Neither higher nor lower is better' : measure.higher_is_better ? 'Higher is better' : 'Lower is better';
      assert.ok((await entry.locator('.outcomes__direction').textContent()).startsWith(direction), `${measure.id}: ${direction}`);
      // The table equivalent: every year with a value, the value and its comparator.
      const table = await entry.locator('table tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [...tr.children].map((c) => c.textContent)),
      );
      const expectedRows = latest.periods
        .map((p) => values.find((v) => v.measure === measure.id && v.period === p.id))
        .filter(Boolean)
        .map((v) => [v.period, v.value, v.comparator?.value ?? '–']);
      assert.deepEqual(table, expectedRows, `${measure.id}: the table`);
      assert.equal(await entry.locator('table th[scope=col]').nth(2).textContent(), 'England median');
    }
    assert.ok(values.some((v) => v.period === shown && v.comparator?.label === 'England median'), 'the year has medians to show');
    await assertHealthy(page);
  });
});

test('the illustrative data is one tap away from the home, labelled made up, and Back returns', async () => {
  const illustrative = datasetTotals(ILLUSTRATIVE_DATA_FILE);
  await withApp('/', {}, async (page) => {
    await headline(page, formatPounds(latest.sumPence()));
    const link = page.locator('[data-testid=dataset-shropshire-illustrative]');
    assert.match(await link.textContent(), /made-up/, 'the switcher says the figures are made up');
    await link.click();
    await waitForUrl(page, (u) => u.searchParams.get('dataset') === 'shropshire-illustrative', 'name the illustrative data');
    await headline(page, formatPounds(illustrative.sumPence()), 'the illustrative total');
    assert.match(await text(page, '[data-testid=status-badge]'), /^Illustrative figures, not real spending/);
    assert.equal(await link.getAttribute('aria-current'), 'page');
    await page.goBack();
    await waitForUrl(page, (u) => !u.searchParams.has('dataset'), 'be the home again');
    await headline(page, formatPounds(latest.sumPence()), 'back to the published total');
    assert.match(await text(page, '[data-testid=status-badge]'), /^Compiled from published figures/);
    await assertHealthy(page);
  });
});

test("the README's founding-question link opens the illustrative data, with the answer three taps away from its home", async () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const links = [...readme.matchAll(/`(http:\/\/127\.0\.0\.1:8080\/\?[^`\s]+)`/g)].map((m) => m[1]);
  assert.equal(links.length, 1, `one example deep link in the README: ${JSON.stringify(links)}`);
  const readmeLink = new URL(links[0]);
  const illustrative = datasetTotals(ILLUSTRATIVE_DATA_FILE);
  const offender = illustrative.subtree('offender-management');
  const founding = formatPounds(
    illustrative.sumPence((f) => f.place === 'ludlow' && f.audience === 'young-16-19' && offender.has(f.activity)),
  );
  await withApp(`${readmeLink.pathname}${readmeLink.search}`, {}, async (page) => {
    await headline(page, founding, "the README link's total");
    assert.match(await text(page, '[data-testid=status-badge]'), /^Illustrative/, 'the made-up data, labelled');
    assert.equal(await page.locator('[data-testid=dataset-shropshire-illustrative]').getAttribute('aria-current'), 'page');
    assert.equal(await page.locator('[data-testid=link-notice]').count(), 0, 'every part of the old link is honoured');
    await assertHealthy(page);
  });
  await withApp(ILLUSTRATIVE, {}, async (page) => {
    await headline(page, formatPounds(illustrative.sumPence()));
    let taps = 0;
    for (const label of ['Ludlow', 'Young people 16–19', 'Offender management']) {
      const before = page.url();
      await page.locator('[data-testid=bar-link]').filter({ hasText: new RegExp(`^\\s*${label}`) }).first().click();
      taps += 1;
      await page.waitForURL((u) => u.href !== before, { timeout: TIMEOUT });
    }
    await headline(page, founding, 'the same total after three taps');
    assert.ok(taps <= 3);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('dataset'), 'shropshire-illustrative', 'links the app writes name the dataset');
    for (const key of ['place', 'audience', 'activity']) {
      assert.equal(url.searchParams.get(key), readmeLink.searchParams.get(key), `${key} as in the README link`);
    }
    // "Offender management" has sub-activities: the third tap opens it on them; the README link
    // shows the same selection by agency ("Who spends it", one more tap).
    assert.equal(url.searchParams.get('by'), 'activity', 'the third tap opens the activity on its sub-activities');
    await assertHealthy(page);
  });
});

test('a link naming an unknown dataset or year shows the home data and names the part it left out', async (t) => {
  // (link, parts the notice names, the year shown)
  const cases = [
    ['/?dataset=atlantis', ['dataset=atlantis'], LATEST],
    [`${PUBLISHED}&year=1999-00`, ['year=1999-00'], LATEST],
    ['/?dataset=atlantis&year=1999-00&compare=1998-99', ['dataset=atlantis', 'year=1999-00', 'compare=1998-99'], LATEST],
  ];
  for (const [link, parts, shown] of cases) {
    await t.test(link, async () => {
      await withApp(link, {}, async (page) => {
        const notice = page.locator('[data-testid=link-notice]');
        await notice.waitFor({ state: 'visible', timeout: TIMEOUT });
        await headline(page, formatPounds(year(shown).sumPence()), 'the home dataset, latest year');
        assert.match(await text(page, '[data-testid=status-badge]'), /^Compiled from published figures/);
        const items = await page.locator('[data-testid=link-notice-item]').allTextContents();
        assert.equal(items.length, parts.length, `one item per part: ${JSON.stringify(items)}`);
        for (const [i, part] of parts.entries()) {
          assert.ok(items[i].includes(part), `names ${part}: ${items[i]}`);
          assert.match(items[i], part.startsWith('dataset') ? /not a dataset this explorer has/ : /is not in this data/);
        }
        assert.ok((await page.title()).startsWith('Part of link not found'), await page.title());
        await assertHealthy(page);
      });
    });
  }
});

// --- accessibility ---------------------------------------------------------------------------

const AXE_VIEWS = [
  ['published home', '/', null],
  ['a comparison', `${PUBLISHED}&year=2016-17&compare=2015-16`, null],
  ['the sources drawer open', '/', async (page) => {
    await page.locator('[data-testid=sources-button]').first().click();
    await page.locator('[data-testid=lineage]').waitFor({ state: 'visible', timeout: TIMEOUT });
  }],
  ['2015-16, with bodies missing', `${PUBLISHED}&year=2015-16`, async (page) => {
    await page.locator('.trend__table > summary').click();
  }],
];

for (const width of [320, 1280]) {
  for (const [name, link, prepare] of AXE_VIEWS) {
    test(`no axe WCAG 2.2 AA violations: ${name} at ${width} px`, async () => {
      await withApp(link, { width }, async (page) => {
        await page.locator('[data-testid=headline-total]').waitFor({ state: 'visible', timeout: TIMEOUT });
        if (prepare) await prepare(page);
        const result = await axeViolations(page);
        // Reflow (WCAG 1.4.10): the page itself never scrolls sideways; wide tables scroll inside
        // their own region.
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width) result.push(`reflow: the page is ${scrollWidth} px wide at ${width} px`);
        assert.deepEqual(result, [], `axe violations on ${name} at ${width}px:\n${result.join('\n')}`);
        await assertHealthy(page);
      });
    });
  }
}

test('a body the data lacks in a year is "not in this data" in the headline, table and comparison, never £0', async () => {
  // West Mercia Police in 2016-17: the file's coverage says lacking.
  await withApp(`${PUBLISHED}&year=2016-17&by=activity&agency=west-mercia-police`, {}, async (page) => {
    await page.locator('[data-testid=headline-total]').waitFor({ timeout: TIMEOUT });
    assert.equal(await text(page, '[data-testid=headline-total]'), 'Not in this data');
    assert.match(await text(page, '[data-testid=headline-empty]'), /^Not in this data for \u20682016-17\u2069: \u2068West Mercia Police/);
    assert.equal(await page.locator('[data-testid=headline-people]').count(), 0, 'no £0.00 per resident');
    assert.equal(await text(page, '[data-testid=table-total]'), 'not in this data');
    // (The rounding note's "£0.01" is a unit, not an amount.)
    assert.doesNotMatch(await page.locator('main').innerText(), /£0\.00|£0(?![.,\d])/, 'no £0 anywhere');
    await assertHealthy(page);
  });
  // Comparing by agency with a year that lacks police and fire: that side says so, with no change.
  await withApp(`${PUBLISHED}&year=2017-18&compare=2015-16&by=agency`, {}, async (page) => {
    await page.locator('[data-testid=comparison]').waitFor({ state: 'visible', timeout: TIMEOUT });
    const row = await page
      .locator('[data-testid=comparison-table] tbody tr', { hasText: 'Police and fire' })
      .locator('td')
      .allTextContents();
    assert.equal(row[0], 'not in this data');
    assert.equal(row[2].trim(), '–', 'no change for a body missing from one year');
    assert.equal(row[3].trim(), '–');
    await assertHealthy(page);
  });
});
