// Print and table mats (issue 10, section 2), on the release build under the strict CSP: the
// two-way view printed to PDF by Chromium holds every column header and the Total column, inside
// the page, with the view's address and the print date; "About this data" prints open and the
// controls do not print; table mats for two chosen Places are two A3 landscape pages, each with
// its Place, the table's headers, the outcome text and "What would you change?"; each QR code
// decodes (jsQR, from the image drawn in the page) to the address printed beside it, and that
// address opens the Place with the same total as the mat.
//
// PDF text comes from pdfjs-dist (pinned in package.json); PDFs and print-emulated screenshots
// are saved under tests/e2e/output/ to be looked at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sharedApp, openApp, OUTPUT_DIR, axeViolations } from './harness.mjs';
import { decodeQr, pdfPages, printToPdf, squeeze } from './paper.mjs';

const app = sharedApp({ csp: true });
mkdirSync(OUTPUT_DIR, { recursive: true });
const output = (name) => path.join(OUTPUT_DIR, name);

/** A3 landscape in PDF points (420 × 297 mm). */
const A3_LANDSCAPE = { width: 1190.55, height: 841.89 };

// (view, file name, whether the figures are made up, columns at least)
const TWO_WAY_VIEWS = [
  ['/?dataset=shropshire-illustrative&by=activity&then=agency', 'print-two-way', true, 9],
  ['/?dataset=shropshire-published&year=2014-15&by=agency&then=activity', 'print-two-way-published', false, 10],
  // The widest tables the shipped data makes: 18 Places and "not attributed", and every activity.
  ['/?dataset=shropshire-illustrative&by=agency&then=place', 'print-two-way-places', true, 20],
  ['/?dataset=shropshire-illustrative&by=audience&then=activity', 'print-two-way-activities', true, 20],
];

for (const [view, name, madeUp, minColumns] of TWO_WAY_VIEWS) test(`the two-way view prints whole: every column header, the Total column, address and date (${view})`, async () => {
  const page = await openApp(app.browser, view);
  await page.locator('[data-testid=cross-table]').waitFor();
  await page.locator('[data-testid=about-data]').waitFor({ state: 'attached' });
  // The footer is for paper only.
  assert.equal(await page.locator('[data-testid=print-footer]').isVisible(), false, 'no print footer on screen');
  // Its QR code is made when printing starts, not with every view drawn.
  assert.equal(await page.locator('[data-testid=print-footer] [data-testid=qr-code]').count(), 0, 'no QR code before printing');
  const headers = await page.locator('[data-testid=cross-table] thead th').allTextContents();
  const columns = headers.slice(1).map((h) => h.trim());
  assert.ok(columns.length >= minColumns, `columns and Total: ${columns}`);
  assert.equal(columns.at(-1), 'Total');
  const address = (await page.locator('[data-testid=print-address]').textContent()).trim();
  assert.ok(address.startsWith(new URL(view, page.url()).origin + '/?dataset='), address);
  for (const part of new URL(view, page.url()).searchParams) assert.ok(address.includes(`${part[0]}=${part[1]}`), `${address} keeps ${part}`);
  const date = (await page.locator('[data-testid=print-date]').textContent()).trim();
  assert.match(date, /^Printed on \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\.$/);
  const description = (await page.locator('[data-testid=about-description]').textContent()).trim();

  const pages = await pdfPages(await printToPdf(page, `${name}.pdf`));
  const all = squeeze(pages.map((p) => p.text).join(' '));
  for (const column of columns) assert.ok(all.includes(squeeze(column)), `column "${column}" is in the PDF`);
  // The two-way table's page: landscape, with every header and the Total column inside the page.
  const tablePage = pages.find((p) => columns.every((c) => squeeze(p.text).includes(squeeze(c))));
  assert.ok(tablePage, 'one page holds every column of the two-way table');
  // The Total column really printed (not just the Total row's label): every row's total and
  // every column's total, the grand total included, are in the PDF.
  const rowTotals = await page.locator('[data-testid=cross-table] tbody tr > :last-child').allTextContents();
  const columnTotals = await page.locator('[data-testid=cross-table] tfoot tr > td').allTextContents();
  assert.equal(columnTotals.length, columns.length, 'a total under every column');
  for (const figure of [...rowTotals, ...columnTotals]) {
    const shown = squeeze(figure).replace(/incl\.estimate$/, '');
    assert.ok(all.includes(shown), `the figure ${shown} is printed`);
  }
  assert.ok(tablePage.width > tablePage.height, `the two-way table is on a landscape page (${tablePage.width}×${tablePage.height})`);
  // Inside the printable width: the page less its 10 mm margin (28.35 pt), so a column cut off at
  // the margin fails too, not only one past the paper's edge.
  for (const p of pages) assert.ok(p.rightmost <= p.width - 28.35 + 0.5, `no text past the page's margin (${p.rightmost} > ${p.width - 28.35})`);
  assert.ok(all.includes(squeeze(address)), `the address ${address} is printed`);
  assert.ok(all.includes(squeeze(date)), `"${date}" is printed`);
  assert.equal(all.includes('MADE-UPFIGURES'), madeUp, 'made-up figures say so on paper, and only they do');
  // "About this data" prints open; the on-screen controls and instructions do not print.
  assert.ok(all.includes(squeeze(description.slice(0, 80))), 'About this data is printed open');
  for (const control of ['Copy link', 'Skip to the figures', 'Print table mats', 'Show by', 'Select a bar for more detail']) {
    assert.ok(!all.includes(squeeze(control)), `"${control}" is not printed`);
  }
  // The footer's QR code opens the printed address.
  const footer = page.locator('[data-testid=print-footer]');
  assert.ok(await footer.isVisible(), 'the footer prints');
  assert.equal(await decodeQr(footer.locator('[data-testid=qr-code]')), address);
  assert.match(await footer.locator('[data-testid=qr-code]').getAttribute('alt'), /^QR code that opens this view: http/);
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: output(`${name}.png`), fullPage: true });
  assert.deepEqual(page.cspViolations, []);
  assert.deepEqual(page.pageErrors, []);
  await page.closeContext();
});

test('table mats for two chosen Places: two A3 landscape pages whose QR codes open each Place', async () => {
  // Chosen in the explorer: the link keeps its Place; another is added on the mats page.
  const explorer = await openApp(app.browser, '/?dataset=shropshire-illustrative&place=ludlow');
  const link = explorer.locator('[data-testid=table-mats-link]');
  await link.waitFor();
  assert.equal(await link.textContent(), 'Print table mats');
  await link.click();
  await explorer.locator('[data-testid=table-mats]').waitFor();
  assert.equal(await explorer.locator('[data-testid=table-mat]').count(), 1);
  await explorer.locator('[data-testid=mat-place-wem]').click();
  await explorer.waitForFunction(() => document.querySelectorAll('[data-testid=table-mat]').length === 2);
  assert.match(explorer.url(), /view=table-mats&place=ludlow&place=wem$/);
  await explorer.closeContext();

  const page = await openApp(app.browser, '/?dataset=shropshire-illustrative&view=table-mats&place=ludlow&place=wem', {
    beforeGoto: (p) => p.addInitScript(() => {
      window.__printed = 0;
      window.print = () => { window.__printed += 1; };
    }),
  });
  await page.locator('[data-testid=table-mat]').nth(1).waitFor();
  await page.locator('[data-testid=mats-print]').click();
  assert.equal(await page.evaluate(() => window.__printed), 1, 'one Print button prints every mat');
  const mats = page.locator('[data-testid=table-mat]');
  const names = await mats.locator('h2').allTextContents();
  assert.deepEqual(names, ['Ludlow', 'Wem']);
  assert.equal(await page.title(), 'Print table mats: \u2068Ludlow\u2069 and \u2068Wem\u2069 · Whole Place');
  const expected = [];
  for (let i = 0; i < 2; i += 1) {
    const mat = mats.nth(i);
    const headers = (await mat.locator('thead th').allTextContents()).map((h) => h.trim());
    const address = (await mat.locator('[data-testid=mat-address]').textContent()).trim();
    const total = (await mat.locator('tfoot td').last().textContent()).trim();
    assert.equal(await decodeQr(mat.locator('[data-testid=qr-code]')), address, 'the QR code holds the printed address');
    assert.match(address, new RegExp(`place=${names[i].toLowerCase()}`));
    expected.push({ headers, address, total });
  }
  await page.setViewportSize({ width: 1587, height: 1123 });
  const pages = await pdfPages(await printToPdf(page, 'table-mats-ludlow-wem.pdf'));
  await page.screenshot({ path: output('table-mats-ludlow-wem.png'), fullPage: true });
  assert.equal(pages.length, 2, 'one page per mat');
  pages.forEach((p, i) => {
    assert.ok(Math.abs(p.width - A3_LANDSCAPE.width) < 1 && Math.abs(p.height - A3_LANDSCAPE.height) < 1, `A3 landscape, not ${p.width}×${p.height}`);
    const text = squeeze(p.text);
    assert.ok(text.includes(names[i]), `page ${i + 1} names ${names[i]}`);
    for (const header of expected[i].headers) assert.ok(text.includes(squeeze(header)), `page ${i + 1} has the column "${header}"`);
    for (const words of ['What would you change?', 'MADE-UP FIGURES', 'This data has no outcome measures for this Place.', 'Printed on']) {
      assert.ok(text.includes(squeeze(words)), `page ${i + 1} says "${words}"`);
    }
    assert.ok(text.includes(squeeze(expected[i].address)), `page ${i + 1} prints its address`);
    assert.ok(p.rightmost <= p.width + 0.5, 'nothing past the edge');
  });
  assert.deepEqual(page.cspViolations, []);
  await page.closeContext();

  // Scanning the first mat opens Ludlow, and the explorer's headline is the mat's total.
  const live = await openApp(app.browser, new URL(expected[0].address).pathname + new URL(expected[0].address).search);
  await live.locator('[data-testid=headline-total]').waitFor();
  // The mat says "£" once, in its heading; the headline says it with the figure.
  assert.equal((await live.locator('[data-testid=headline-total]').textContent()).trim(), `£${expected[0].total}`);
  await live.closeContext();
});

test('every Place of the illustrative data: 18 mats, each on one A3 sheet', async () => {
  const page = await openApp(app.browser, '/?dataset=shropshire-illustrative&view=table-mats');
  await page.locator('[data-testid=table-mat]').nth(17).waitFor();
  assert.equal(await page.locator('[data-testid=table-mat]').count(), 18);
  assert.match(await page.locator('[data-testid=mats-summary]').textContent(), /^18 mats, one for every Place/);
  const names = await page.locator('[data-testid=table-mat] h2').allTextContents();
  const pages = await pdfPages(await printToPdf(page, 'table-mats-all.pdf'));
  assert.equal(pages.length, 18, 'no mat spills onto a second sheet');
  pages.forEach((p, i) => {
    assert.ok(squeeze(p.text).includes(squeeze(names[i])), `sheet ${i + 1} is ${names[i]}'s`);
    assert.ok(p.width > p.height && Math.abs(p.width - A3_LANDSCAPE.width) < 1, 'A3 landscape');
  });
  await page.closeContext();
});

test('a mats link naming no Place in the data prints what the page says, never a blank sheet', async () => {
  const page = await openApp(app.browser, '/?dataset=shropshire-illustrative&view=table-mats&place=nowhere');
  await page.locator('[data-testid=mats-not-places]').waitFor();
  assert.equal(await page.locator('[data-testid=table-mat]').count(), 0);
  const pages = await pdfPages(await printToPdf(page, 'table-mats-none.pdf'));
  const text = squeeze(pages.map((p) => p.text).join(' '));
  assert.ok(text.includes(squeeze('No mats: none of the Places in this link is in the data')), text.slice(0, 200));
  assert.ok(text.includes(squeeze('Left out, not Places in this data:')), 'the unknown id is named');
  await page.closeContext();
});

test('the published data: one mat, for Shropshire, with its outcome measures', async () => {
  const page = await openApp(app.browser, '/?dataset=shropshire-published&view=table-mats');
  await page.locator('[data-testid=table-mat]').waitFor();
  assert.equal(await page.locator('[data-testid=table-mat]').count(), 1);
  assert.equal(await page.locator('[data-testid=mat-place-shropshire]').count(), 0, 'no Places to choose between');
  // The latest year splits nothing by who it is for: the mat says so instead of one column.
  const note = await page.locator('[data-testid=mat-audience-note]').textContent();
  assert.match(note, /does not split .*2017-18.*'s spending here by who it is for/);
  const outcomes = await page.locator('[data-testid=mat-outcome] strong').allTextContents();
  assert.ok(outcomes.length >= 1, 'outcome measures beside the figures');
  await page.setViewportSize({ width: 1587, height: 1123 });
  const pages = await pdfPages(await printToPdf(page, 'table-mat-published.pdf'));
  await page.screenshot({ path: output('table-mat-published.png'), fullPage: true });
  assert.equal(pages.length, 1);
  const text = squeeze(pages[0].text);
  assert.ok(text.includes('Shropshire'));
  for (const label of outcomes) assert.ok(text.includes(squeeze(label)), `outcome "${label}" printed`);
  assert.ok(text.includes(squeeze('What would you change?')));
  assert.ok(text.includes(squeeze(note)), 'the note on who it is for is printed');
  assert.ok(!text.includes('MADE-UP'), 'published figures are not called made up');
  assert.deepEqual(page.cspViolations, []);
  await page.closeContext();
});

for (const colorScheme of ['light', 'dark']) {
  for (const width of [320, 1280]) {
    test(`the table mats page has no axe WCAG 2.2 AA violations at ${width} px, ${colorScheme}`, async () => {
      for (const path of ['/?dataset=shropshire-illustrative&view=table-mats&place=ludlow', '/?dataset=shropshire-published&view=table-mats']) {
        // The strict CSP would block axe's script; the page under it is checked by the tests above.
        const page = await openApp(app.browser, path, { width, contextOptions: { colorScheme, bypassCSP: true } });
        await page.locator('[data-testid=table-mat]').waitFor();
        const result = await axeViolations(page);
        assert.deepEqual(result, [], `axe violations on ${path}:\n${result.join('\n')}`);
        await page.closeContext();
      }
    });
  }
}

test('the print date is the day of printing: read again on beforeprint', async () => {
  const page = await openApp(app.browser, '/?dataset=shropshire-illustrative&view=table-mats&place=wem', {
    beforeGoto: (p) => p.clock.setFixedTime(new Date(2026, 2, 3, 12, 0)),
  });
  await page.locator('[data-testid=table-mat]').waitFor();
  const footer = page.locator('.table-mat__footer');
  assert.match(await footer.textContent(), /Printed on 3 March 2026\./);
  // Left open overnight, then printed: the date follows the clock at the moment of printing.
  await page.clock.setFixedTime(new Date(2027, 0, 1, 9, 0));
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.match(await footer.textContent(), /Printed on 1 January 2027\./);
  await page.closeContext();
});
