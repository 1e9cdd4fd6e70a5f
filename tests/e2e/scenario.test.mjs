// "Move the money" (issue 10), on the release build and the illustrative dataset, as a table
// and a facilitator would use it: moves added through the form for Ludlow, the before / after
// figures checked against sums computed here from the JSON (independently of the Rust code),
// totals equal, an overdraw flagged, Back undoing the last move, the 21st move refused, a link
// made on other data refused in words, the CSV downloaded and checked, two tables' links
// collected with their shared move, axe clean on both views, screenshots at 360 and 1280 px,
// and the scenario printed to PDF with a QR code that decodes to its link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  sharedApp,
  openApp,
  datasetTotals,
  formatPounds,
  parsePence,
  ILLUSTRATIVE_DATA_FILE,
  OUTPUT_DIR,
  axeViolations,
  parseCsv,
} from './harness.mjs';
import { decodeQr, pdfPages, printToPdf, squeeze, startPrinting } from './paper.mjs';

const MINUS = '\u2212';

const app = sharedApp({ csp: true });
const totals = datasetTotals(ILLUSTRATIVE_DATA_FILE);
const activityIds = totals.doc.activities.map((a) => a.id);
const LUDLOW = '/?dataset=shropshire-illustrative&by=activity&place=ludlow';

/** Ludlow's spending on an activity and its parts, in pence, straight from the JSON. */
function ludlowPence(activityId) {
  const ids = totals.subtree(activityId);
  return totals.sumPence((f) => f.place === 'ludlow' && ids.has(f.activity));
}
const LUDLOW_TOTAL = totals.sumPence((f) => f.place === 'ludlow');

/** FNV-1a (32 bits) of the activity ids in file order, each followed by a zero byte. */
function fingerprint(ids) {
  let hash = 0x811c9dc5;
  for (const id of ids) {
    for (const byte of [...new TextEncoder().encode(id), 0]) {
      hash ^= byte;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return hash >>> 0;
}

/** A `moves=` value written independently of the app: fingerprint, then `.from-to-amount`. */
function movesText(fp, moves) {
  const ix = (id) => {
    const at = activityIds.indexOf(id);
    assert.ok(at >= 0, id);
    return at.toString(36);
  };
  return [fp.toString(36), ...moves.map(([from, to, amount]) => `${ix(from)}-${ix(to)}-${amount.toString(36)}`)].join('.');
}

/** "£1,234" / "−£1,234" / "+£1,234" → whole pounds as BigInt. */
function pounds(text) {
  const match = /^([+\u2212-]?)£(\d{1,3}(?:,\d{3})*)$/.exec(text.trim());
  assert.ok(match, `not whole pounds: ${JSON.stringify(text)}`);
  const value = BigInt(match[2].replaceAll(',', ''));
  return match[1] === MINUS || match[1] === '-' ? -value : value;
}

/** The table's rows as { id, label, before, after, change, overdrawn } (whole pounds). */
async function tableRows(page) {
  return page.locator('[data-testid=scenario-row]').evaluateAll((rows) =>
    rows.map((r) => ({
      id: r.dataset.activity,
      label: r.querySelector('th bdi').textContent,
      before: r.querySelector('[data-testid=scenario-before]').textContent,
      after: r.querySelector('[data-testid=scenario-after]').textContent,
      change: r.querySelector('[data-testid=scenario-change]').textContent,
      overdrawn: r.querySelector('[data-testid=scenario-overdrawn]')?.textContent ?? null,
    })),
  );
}

/** Chooses from, to and amount in the form and presses Add. */
async function addMove(page, from, to, amount) {
  await page.locator('[data-testid=scenario-from]').selectOption(String(activityIds.indexOf(from)));
  await page.locator('[data-testid=scenario-to]').selectOption(String(activityIds.indexOf(to)));
  await page.locator('[data-testid=scenario-amount]').fill(amount);
  await page.locator('[data-testid=scenario-add]').click();
}

async function moveCount(page) {
  return page.locator('[data-testid=scenario-move]').count();
}

async function waitForMoves(page, n) {
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=scenario-move]').length === n, n, {
    timeout: 10_000,
  });
}

/** A screenshot of one panel (`testId`), to look at by eye. */
async function screenshot(page, testId, name) {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.locator(`[data-testid=${testId}]`).screenshot({ path: path.join(OUTPUT_DIR, name) });
}

/** Checks every shown row against the JSON, the columns against the totals, and returns rows. */
async function checkFigures(page, expectedChanges) {
  const rows = await tableRows(page);
  let beforeSum = 0n;
  let afterSum = 0n;
  for (const row of rows) {
    const before = pounds(row.before);
    const after = pounds(row.after);
    beforeSum += before;
    afterSum += after;
    if (row.id === '') {
      assert.equal(row.label, 'All other activities');
      assert.equal(before, after);
      continue;
    }
    // Shown in whole pounds, rounded so the column adds up: within a pound of the exact sum.
    const exactPence = ludlowPence(row.id);
    const diff = before * 100n - exactPence;
    assert.ok(diff > -100n && diff < 100n, `${row.id}: shown ${row.before}, exact ${exactPence} pence`);
    const change = expectedChanges[row.id] ?? 0n;
    assert.equal(pounds(row.change), change, `${row.id} change`);
    assert.equal(after - before, change, `${row.id}: before plus change is after`);
  }
  const totalBefore = await page.locator('[data-testid=scenario-total-before]').textContent();
  const totalAfter = await page.locator('[data-testid=scenario-total-after]').textContent();
  assert.equal(totalBefore, formatPounds(LUDLOW_TOTAL), 'the total is Ludlow\'s, computed from the JSON');
  assert.equal(totalAfter, totalBefore, 'the total after the moves is the total before');
  assert.equal(beforeSum, pounds(totalBefore), 'the before column adds up to its total');
  assert.equal(afterSum, pounds(totalAfter), 'the after column adds up to its total');
  assert.match(await page.locator('[data-testid=scenario-totals]').textContent(), /exactly the same/);
  return rows;
}

test('moves added through the form change the figures as the JSON says; an overdraw is flagged; Back undoes; CSV matches', async () => {
  const page = await openApp(app.browser, LUDLOW, { width: 1280 });
  try {
    await page.locator('[data-testid=scenario-open]').click();
    await page.locator('[data-testid=scenario]').waitFor({ timeout: 15_000 });
    assert.match(await page.locator('#scenario-heading').textContent(), /Move the money in Ludlow/);
    assert.equal(await page.locator('[data-testid=scenario-count]').textContent(), '0 of 20 moves');

    // Refusals of the amount, in words, moving nothing.
    for (const [typed, words] of [
      ['0', /changes nothing/],
      ['-5', /never negative/],
      ['£1,250.50', /whole pounds/],
      ['lots', /not an amount/],
    ]) {
      await addMove(page, 'schools', 'adult-social-care', typed);
      await page.waitForFunction(() => document.querySelector('[data-testid=scenario-message]').textContent !== '');
      assert.match(await page.locator('[data-testid=scenario-message]').textContent(), words, typed);
      assert.equal(await moveCount(page), 0);
    }

    await addMove(page, 'schools', 'adult-social-care', '£200k');
    await waitForMoves(page, 1);
    assert.match(page.url(), /[?&]moves=/);
    await checkFigures(page, { schools: -200_000n, 'adult-social-care': 200_000n });

    await addMove(page, 'policing', 'homelessness', '1.5m');
    await waitForMoves(page, 2);
    await checkFigures(page, { schools: -200_000n, 'adult-social-care': 200_000n, policing: -1_500_000n, homelessness: 1_500_000n });

    // Take from waste far more than Ludlow spends on it: flagged in words and a symbol.
    const wastePounds = ludlowPence('waste') / 100n;
    const greedy = wastePounds + 1_000_000n;
    await addMove(page, 'waste', 'childrens-social-care', `£${greedy.toLocaleString('en-GB')}`);
    await waitForMoves(page, 3);
    const rows = await checkFigures(page, {
      schools: -200_000n,
      'adult-social-care': 200_000n,
      policing: -1_500_000n,
      homelessness: 1_500_000n,
      waste: -greedy,
      'childrens-social-care': greedy,
    });
    const waste = rows.find((r) => r.id === 'waste');
    assert.match(waste.overdrawn ?? '', /^⚠ Overdrawn: the moves take −?£[\d,]+ more than it had$/);
    assert.ok(waste.after.startsWith(MINUS), waste.after);
    assert.equal(rows.filter((r) => r.overdrawn).length, 1, 'only the overdrawn activity is flagged');
    assert.match(await page.locator('[data-testid=scenario-overdrawn-summary]').textContent(), /1 activity is overdrawn/);
    // The chart says before and after in words for each activity moved.
    assert.equal(await page.locator('[data-testid=scenario-chart-row]').count(), 6);
    assert.equal(await page.locator('[data-testid=scenario-chart-before]').first().textContent(), rows[0].before);
    assert.equal(await page.locator('[data-testid=scenario-chart-after]').first().textContent(), rows[0].after);

    // The CSV: BOM, MADE-UP first row, header rows, exact amounts equal to the JSON's sums.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=scenario-csv]').click(),
    ]);
    assert.match(download.suggestedFilename(), /^whole-place_shropshire-illustrative_.*_ludlow_scenario\.csv$/);
    const bytes = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));
    const text = bytes.toString('utf8');
    assert.ok(text.startsWith('\uFEFF'), 'BOM');
    assert.ok(text.includes('\r\n'));
    const csv = parseCsv(text.slice(1));
    assert.match(csv[0][0], /^MADE-UP FIGURES/);
    const value = (key) => csv.find((r) => r[0] === key)?.[1];
    assert.equal(value('Place'), 'Ludlow');
    assert.match(value('View'), /moves=/);
    assert.match(value('Downloaded'), /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(value('Move 1'), '£200,000 from Schools and education to Adult social care');
    const head = csv.findIndex((r) => r[0] === 'Activity');
    const body = csv.slice(head + 1).filter((r) => r.length > 1);
    for (const row of body.slice(0, -1)) {
      if (row[1] === '') continue;
      assert.equal(parsePence(row[2]), ludlowPence(row[1]), `${row[1]} exact before`);
      assert.equal(parsePence(row[3]) - parsePence(row[2]), parsePence(row[4]), `${row[1]} change`);
    }
    const total = body.at(-1);
    assert.equal(total[0], 'Total');
    assert.equal(parsePence(total[2]), LUDLOW_TOTAL);
    assert.equal(total[2], total[3], 'total before equals total after, exactly');
    assert.equal(body.find((r) => r[1] === 'waste')[8].startsWith('⚠ Overdrawn'), true);

    await screenshot(page, 'scenario', 'scenario-1280.png');
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], violations.join('\n'));

    // Back undoes the last move (the overdraw goes with it).
    await page.goBack();
    await waitForMoves(page, 2);
    assert.equal(await page.locator('[data-testid=scenario-overdrawn]').count(), 0);
    await checkFigures(page, { schools: -200_000n, 'adult-social-care': 200_000n, policing: -1_500_000n, homelessness: 1_500_000n });

    // "remove" takes one move out, whichever it is.
    await page.locator('[data-testid=scenario-remove]').first().click();
    await waitForMoves(page, 1);
    await checkFigures(page, { policing: -1_500_000n, homelessness: 1_500_000n });
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('a refused amount marks the field invalid and keeps focus there; money taken from an activity already below zero is overdrawn', async () => {
  const page = await openApp(app.browser, `${LUDLOW}&view=move-money`, { width: 1280 });
  try {
    await page.locator('[data-testid=scenario-form]').waitFor({ timeout: 15_000 });
    const amount = page.locator('[data-testid=scenario-amount]');
    for (const typed of ['200,00', '1,2,3', '£1.50', '0']) {
      const url = page.url();
      await addMove(page, 'schools', 'policing', typed);
      await page.waitForFunction(() => document.querySelector('[data-testid=scenario-amount]').getAttribute('aria-invalid') === 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'scenario-amount', `${typed}: focus on the field`);
      assert.match(await amount.getAttribute('aria-describedby'), /scenario-message/);
      assert.notEqual((await page.locator('[data-testid=scenario-message]').textContent()).trim(), '', `${typed}: a message`);
      assert.equal(page.url(), url, `${typed}: nothing added`);
    }
    // Car parking is net income in the file (below zero): taking £1,000 from it overdraws it.
    await addMove(page, 'parking', 'schools', '1000');
    await waitForMoves(page, 1);
    assert.equal(await amount.getAttribute('aria-invalid'), null, 'valid again');
    const flagged = await page.locator('[data-testid=scenario-overdrawn]').allTextContents();
    assert.equal(flagged.length, 1, `one overdrawn flag: ${flagged}`);
    assert.match(flagged[0], /£1,000 more than it had/);
  } finally {
    await page.closeContext();
  }
});

test('a 21st move is refused with a message, and moves naming parts of one another are refused', async () => {
  const fp = fingerprint(activityIds);
  const twenty = Array.from({ length: 20 }, () => ['adult-social-care', 'waste', 1]);
  const link = `${LUDLOW}&view=move-money&moves=${movesText(fp, twenty)}`;
  const page = await openApp(app.browser, link, { width: 1280 });
  try {
    await page.locator('[data-testid=scenario]').waitFor({ timeout: 15_000 });
    assert.equal(await moveCount(page), 20);
    assert.equal(await page.locator('[data-testid=scenario-count]').textContent(), '20 of 20 moves');
    const url = page.url();
    await addMove(page, 'schools', 'policing', '5');
    await page.waitForFunction(() => document.querySelector('[data-testid=scenario-message]').textContent !== '');
    assert.match(await page.locator('[data-testid=scenario-message]').textContent(), /at most 20 moves/);
    assert.equal(page.url(), url, 'nothing was added');
    assert.equal(await moveCount(page), 20);
    // A part of an activity another move names.
    await page.locator('[data-testid=scenario-remove]').first().click();
    await waitForMoves(page, 19);
    await addMove(page, 'home-care', 'policing', '5');
    await page.waitForFunction(() => /level of detail/.test(document.querySelector('[data-testid=scenario-message]').textContent));
    assert.equal(await moveCount(page), 19);
  } finally {
    await page.closeContext();
  }
});

test('a link made on other data, or malformed, is refused in plain words and moves nothing', async () => {
  const fp = fingerprint(activityIds);
  const cases = [
    [movesText(fp ^ 1, [['schools', 'waste', 5]]), /made on other data/],
    [`${fp.toString(36)}.1-2`, /not in a form this explorer writes/],
    [movesText(fp, [['waste', 'waste', 5]]), /Move 1 moves money from an activity to itself/],
  ];
  for (const [moves, words] of cases) {
    const page = await openApp(app.browser, `${LUDLOW}&moves=${moves}`, { width: 1280 });
    try {
      const error = page.locator('[data-testid=scenario-error]');
      await error.waitFor({ timeout: 15_000 });
      const text = await error.textContent();
      assert.match(text, words);
      assert.match(text, /No money has been moved\.$/);
      assert.equal(await moveCount(page), 0);
      // Nothing moved: one row, everything, before = after; the rest of the page works.
      const rows = await tableRows(page);
      assert.deepEqual(rows.map((r) => r.label), ['All other activities']);
      assert.equal(rows[0].before, rows[0].after);
      assert.equal(await page.locator('[data-testid=headline-total]').textContent(), formatPounds(LUDLOW_TOTAL));
      assert.ok((await page.locator('[data-testid=bar-link]').count()) > 3);
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.closeContext();
    }
  }
});

test('the collect view takes two pasted links and shows the move they share; other lines are not used, with why', async () => {
  const fp = fingerprint(activityIds);
  const base = 'http://example.org/?dataset=shropshire-illustrative';
  const ludlow = `${base}&place=ludlow&view=move-money&moves=${movesText(fp, [['schools', 'adult-social-care', 200_000], ['waste', 'policing', 7]])}`;
  const wem = `${base}&place=wem&view=move-money&moves=${movesText(fp, [['schools', 'adult-social-care', 150_000]])}`;
  const other = `${base}&place=wem&moves=${movesText(fp ^ 1, [['schools', 'waste', 5]])}`;
  for (const width of [1280, 360]) {
    const page = await openApp(app.browser, '/?dataset=shropshire-illustrative&view=collect', { width });
    try {
      await page.locator('[data-testid=collect]').waitFor({ timeout: 15_000 });
      await page.locator('[data-testid=collect-links]').fill([ludlow, '', 'just some words', wem, other].join('\n'));
      await page.locator('[data-testid=collect-submit]').click();
      await page.locator('[data-testid=collect-shared-move]').first().waitFor({ timeout: 10_000 });
      assert.match(page.url(), /view=collect/);
      assert.equal((page.url().match(/[?&]link=/g) ?? []).length, 4, 'one link= per non-blank line');
      assert.equal(await page.locator('[data-testid=collect-table]').count(), 2);
      const shared = await page.locator('[data-testid=collect-shared-move]').allTextContents();
      assert.deepEqual(shared, [
        'From Schools and education to Adult social care: 2 tables (Table 1: £200,000; Table 2: £150,000)',
      ]);
      const tables = await page.locator('[data-testid=collect-table] h4').allTextContents();
      assert.equal(tables.length, 2);
      assert.match(tables[0], /^Table 1: Ludlow, \S+/);
      assert.match(tables[1], /^Table 2: Wem, \S+/);
      const net = await page.locator('[data-testid=collect-net-row]').evaluateAll((rows) =>
        rows.map((r) => [...r.children].map((c) => c.textContent)),
      );
      assert.deepEqual(net.find((r) => r[0] === 'Adult social care'), ['Adult social care', '+£200,000', '+£150,000']);
      assert.deepEqual(net.find((r) => r[0] === 'Policing'), ['Policing', '+£7', '–']);
      const notUsed = await page.locator('[data-testid=collect-not-used-link]').allTextContents();
      assert.equal(notUsed.length, 2);
      assert.match(notUsed[0], /just some words: not a link to this explorer/);
      assert.match(notUsed[1], /made on other data/);
      await screenshot(page, 'collect', `collect-${width}.png`);
      if (width === 1280) {
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], violations.join('\n'));
        // The collected view is a link: Back returns to the empty form.
        await page.goBack();
        await page.waitForFunction(() => document.querySelectorAll('[data-testid=collect-table]').length === 0);
      }
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.closeContext();
    }
  }
});

test('the scenario view at 360 px: axe clean, screenshot', async () => {
  const fp = fingerprint(activityIds);
  const greedy = ludlowPence('waste') / 100n + 1_000n;
  const moves = movesText(fp, [['schools', 'adult-social-care', 200_000], ['waste', 'policing', Number(greedy)]]);
  const page = await openApp(app.browser, `${LUDLOW}&view=move-money&moves=${moves}`, { width: 360 });
  try {
    await page.locator('[data-testid=scenario-table]').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('[data-testid=scenario-overdrawn]').count(), 1);
    await screenshot(page, 'scenario', 'scenario-360.png');
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], violations.join('\n'));
    // Nothing scrolls the page sideways at 360 px.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
    // Printed: the form and buttons go, the figures stay, and the place for the QR code shows
    // the scenario's link in words.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('[data-testid=scenario-form]').isVisible(), false);
    assert.equal(await page.locator('[data-testid=scenario-csv]').isVisible(), false);
    assert.equal(await page.locator('[data-testid=scenario-table]').isVisible(), true);
    const qr = page.locator('[data-testid=scenario-qr]');
    assert.equal(await qr.isVisible(), true);
    const address = await qr.getAttribute('data-qr-address');
    assert.match(address, /[?&]moves=/);
    assert.match(await qr.textContent(), /moves=/);
    // Its QR code (made as printing starts) holds the scenario's own link, and the PDF holds the
    // figures and the link.
    await startPrinting(page);
    assert.equal(await decodeQr(qr.locator('[data-testid=qr-code]')), address);
    // "Print scenario" prints the scenario alone: the button marks the page for the browser's
    // print (window.print, stubbed here to see the mark) and the mark goes when printing is done.
    await page.evaluate(() => {
      window.print = () => {
        window.markedWhenPrinting = document.documentElement.classList.contains('printing-scenario');
        window.dispatchEvent(new Event('afterprint'));
      };
    });
    await page.emulateMedia({ media: 'screen' });
    await page.locator('[data-testid=scenario-print]').click();
    assert.equal(await page.evaluate(() => window.markedWhenPrinting), true, 'marked while printing');
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('printing-scenario')), false);
    await page.evaluate(() => document.documentElement.classList.add('printing-scenario'));
    const pages = await pdfPages(await printToPdf(page, 'scenario-360.pdf'));
    const text = squeeze(pages.map((p) => p.text).join(' '));
    for (const words of ['Move the money in Ludlow', 'Illustrative figures, not real spending', 'Schools and education', 'Adult social care', 'Overdrawn', 'Total', squeeze(address), 'MADE-UP', 'Printed on']) {
      assert.ok(text.includes(squeeze(words)), `the printed scenario has ${words}`);
    }
    // The rest of the page is not printed with it: not the headline, the chart or the share panel.
    for (const words of ['Spending by all agencies', 'Ludlow: by activity', 'Copy link']) {
      assert.ok(!text.includes(squeeze(words)), `the printed scenario leaves out ${words}`);
    }
    assert.ok(pages.length <= 3, `${pages.length} pages`);
  } finally {
    await page.closeContext();
  }
});
