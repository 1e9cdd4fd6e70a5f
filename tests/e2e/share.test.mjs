// Share and download, on the release build under the strict CSP: "Copy link" puts the view's
// address on the clipboard, the share sheet appears only where the browser has one, the CSV has a
// byte-order mark, header rows and exact amounts that match sums computed here from the JSON
// (independently of the Rust code), labels a spreadsheet could run are neutralised, and the chart
// downloads as a well-formed SVG and a real PNG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  sharedApp,
  openApp,
  datasetTotals,
  parsePence,
  ILLUSTRATIVE_DATA_FILE,
  HOME_DATA_FILE,
  FIXTURES_DIR,
  totalsOf,
  readDataFile,
  parseCsv,
} from './harness.mjs';

const app = sharedApp({ csp: true });

const LUDLOW = '/?dataset=shropshire-illustrative&place=ludlow';

/** Clicks a download button and returns { name, bytes }. */
async function download(page, testId) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid=${testId}]`).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

/** Opens a view and waits for the share panel. */
async function openView(path, options = {}) {
  const page = await openApp(app.browser, path, { contextOptions: { acceptDownloads: true }, ...options });
  await page.locator('[data-testid=share-panel]').waitFor({ state: 'visible', timeout: 15_000 });
  return page;
}

const header = (rows, name) => rows.find((r) => r[0] === name)?.[1];

test('"Copy link" puts the canonical address of the view on the clipboard and says so', async () => {
  const page = await openView(LUDLOW, {
    contextOptions: { acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] },
  });
  try {
    const shown = await page.locator('[data-testid=share-link]').inputValue();
    assert.equal(shown, `${new URL(app.server.url).origin}/?dataset=shropshire-illustrative&by=audience&place=ludlow`);
    await page.locator('[data-testid=copy-link]').click();
    await page.locator('[data-testid=copy-status]').filter({ hasText: 'Link copied.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown);
    // The status is a live region, so a screen reader hears it.
    assert.equal(await page.locator('[data-testid=copy-status]').getAttribute('role'), 'status');
    // The copied link opens the same view.
    const headline = await page.locator('[data-testid=headline-total]').textContent();
    await page.goto(shown);
    await page.locator('[data-testid=headline-total]').waitFor();
    assert.equal(await page.locator('[data-testid=headline-total]').textContent(), headline);
    assert.deepEqual(page.pageErrors, []);
    assert.deepEqual(page.cspViolations, []);
  } finally {
    await page.closeContext();
  }
});

test('without clipboard permission, copying says to select the link, which is in a text field', async () => {
  const page = await openView(LUDLOW);
  try {
    // Headless Chromium without the permission refuses writeText; a browser without the API too.
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    });
    await page.locator('[data-testid=copy-link]').click();
    await page.locator('[data-testid=copy-status]').filter({ hasText: 'select the link' }).waitFor();
    const field = page.locator('[data-testid=share-link]');
    assert.equal(await field.getAttribute('readonly'), '');
    assert.equal(await page.locator('label[for=share-link]').textContent(), 'Link to this view');
  } finally {
    await page.closeContext();
  }
});

test('the share button appears only where the browser has a share sheet, and shares the view', async () => {
  const plain = await openView(LUDLOW);
  try {
    const hasShare = await plain.evaluate(() => typeof navigator.share === 'function');
    assert.equal(await plain.locator('[data-testid=share-sheet]').count(), hasShare ? 1 : 0, 'never a dead button');
  } finally {
    await plain.closeContext();
  }
  const page = await openView(LUDLOW, {
    beforeGoto: (p) =>
      p.addInitScript(() => {
        window.__shared = [];
        navigator.share = (data) => {
          window.__shared.push(data);
          return Promise.resolve();
        };
      }),
  });
  try {
    await page.locator('[data-testid=share-sheet]').click();
    const shared = await page.evaluate(() => window.__shared);
    assert.equal(shared.length, 1);
    assert.equal(shared[0].url, await page.locator('[data-testid=share-link]').inputValue());
    assert.match(shared[0].text, /Ludlow/);
  } finally {
    await page.closeContext();
  }
});

test('the CSV of a view: BOM, made-up warning first, header rows, and exact amounts that match the JSON', async () => {
  const page = await openView(LUDLOW);
  try {
    const { name, bytes } = await download(page, 'download-csv');
    assert.equal(name, 'whole-place_shropshire-illustrative_2011-12_ludlow_by-audience.csv');
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
    const text = bytes.toString('utf8').slice(1);
    assert.ok(text.includes('\r\n'), 'CRLF line ends');
    const rows = parseCsv(text);
    assert.match(rows[0][0], /^MADE-UP FIGURES/);
    assert.match(header(rows, 'Selection'), /in .?Ludlow/);
    assert.equal(header(rows, 'Shown by'), 'Audience');
    assert.equal(header(rows, 'Year'), '2011/12');
    assert.equal(header(rows, 'Dataset'), readDataFile(ILLUSTRATIVE_DATA_FILE).metadata.title);
    assert.match(header(rows, 'Status'), /Illustrative/);
    assert.ok(header(rows, 'Licence'), 'licence row');
    assert.equal(header(rows, 'Attribution'), undefined, 'no OGL attribution for made-up figures');
    assert.match(header(rows, 'Basis'), /Estimated or apportioned/);
    assert.equal(header(rows, 'View'), await page.locator('[data-testid=share-link]').inputValue());
    assert.equal(header(rows, 'Downloaded'), new Date().toISOString().slice(0, 10));
    // The table: every audience's exact amount is the sum of Ludlow's facts for it.
    const totals = datasetTotals(ILLUSTRATIVE_DATA_FILE);
    const start = rows.findIndex((r) => r[0] === 'Audience');
    const end = rows.findIndex((r) => r[0] === 'Total');
    assert.deepEqual(rows[start].slice(0, 3), ['Audience', 'Id', 'Amount (exact)']);
    const table = rows.slice(start + 1, end);
    assert.ok(table.length > 1, 'more than one bar');
    for (const [label, id, exact] of table) {
      const audience = id === '~none' ? null : id;
      const expected = totals.sumPence((f) => f.place === 'ludlow' && (f.audience ?? null) === audience);
      assert.equal(parsePence(exact), expected, `${label}: ${exact}`);
    }
    assert.equal(parsePence(rows[end][2]), totals.sumPence((f) => f.place === 'ludlow'));
    // The rounded figures are the ones the page shows.
    const shown = await page.locator('[data-testid=bar-chart] .bar-chart__value').allTextContents();
    assert.deepEqual(
      table.map((r) => `£${BigInt(r[4]).toLocaleString('en-GB')}`),
      shown.map((s) => s.trim()),
    );
    assert.match(await page.locator('[data-testid=download-status]').textContent(), /CSV/);
  } finally {
    await page.closeContext();
  }
});

test('the CSV of the published figures carries the OGL attribution and no made-up warning', async () => {
  const page = await openView('/?dataset=shropshire-published');
  try {
    const { bytes } = await download(page, 'download-csv');
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    assert.equal(rows[0][0], 'Whole Place: figures for one view');
    assert.match(header(rows, 'Attribution'), /Open Government Licence v3\.0/);
    assert.match(header(rows, 'Status'), /Compiled|Official/);
    const total = rows.find((r) => r[0] === 'Total');
    assert.equal(parsePence(total[2]), datasetTotals(HOME_DATA_FILE).sumPence());
    assert.ok(rows.some((r) => r[0] === 'Data source' && r[2]?.startsWith('https://')), 'sources with addresses');
  } finally {
    await page.closeContext();
  }
});

test('labels a spreadsheet could run as formulas are neutralised; negative amounts stay numbers', async () => {
  const page = await openView('/?data=/fixtures/export-hostile.json&by=place');
  try {
    const { bytes } = await download(page, 'download-csv');
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    const doc = JSON.parse(readFileSync(`${FIXTURES_DIR}/export-hostile.json`, 'utf8'));
    const totals = totalsOf(doc);
    for (const place of doc.places) {
      const neutral = /^[\u200b\u2066-\u2069\u202a-\u202e]*[=+\-@\t\r]/.test(place.label);
      const row = rows.find((r) => r[1] === place.id);
      assert.ok(row, `a row for ${place.id}`);
      if (neutral) assert.equal(row[0], `'${place.label}`, place.id);
      assert.equal(parsePence(row[2]), totals.sumPence((f) => f.place === place.id), place.id);
    }
    const minus = rows.find((r) => r[1] === 'minus');
    assert.equal(minus[2], '-300.75', 'a negative amount is a plain number');
    assert.ok(rows.find((r) => r[1] === 'quotes')[0].includes('"hi", then'), 'quotes and commas survive quoting');
    for (const cell of rows.flat()) {
      if (/^-?\d+(\.\d+)?$/.test(cell)) continue;
      assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `a cell a spreadsheet would run: ${JSON.stringify(cell)}`);
    }
    assert.ok(rows.some((r) => r[0] === 'Data source' && r[1].startsWith("'=HYPERLINK")));
  } finally {
    await page.closeContext();
  }
});

test('the chart downloads as a well-formed SVG with its title, source and made-up label drawn in, and as a PNG', async () => {
  const page = await openView(`${LUDLOW}&audience=young-16-19`);
  try {
    const svg = await download(page, 'download-svg');
    assert.match(svg.name, /^whole-place_shropshire-illustrative_2011-12_ludlow_young-16-19_by-[a-z]+\.svg$/);
    const text = svg.bytes.toString('utf8');
    const parsed = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.localName,
        title: doc.querySelector('title')?.textContent,
        texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
      };
    }, text);
    assert.equal(parsed.error, null);
    assert.equal(parsed.root, 'svg');
    assert.match(parsed.title, /Ludlow/);
    const all = parsed.texts.join('\n');
    assert.match(all, /MADE-UP FIGURES/);
    assert.ok(all.includes(`Source: ${readDataFile(ILLUSTRATIVE_DATA_FILE).metadata.title}.`), all);
    assert.match(all, new RegExp(`Downloaded ${new Date().toISOString().slice(0, 10)}`));
    // The bars' values are the page's.
    const shown = (await page.locator('[data-testid=bar-chart] .bar-chart__value').allTextContents()).map((s) => s.trim());
    for (const value of shown) assert.ok(parsed.texts.some((t) => t.startsWith(value)), value);

    const png = await download(page, 'download-png');
    assert.match(png.name, /\.png$/);
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    // IHDR width: the SVG's 800 px at twice the size.
    assert.equal(png.bytes.readUInt32BE(16), 1600);
    assert.ok(png.bytes.length > 5_000, 'the picture has content');
    assert.deepEqual(page.cspViolations, []);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.closeContext();
  }
});

test('"Embed this view" writes a frame for this view with embed=1 and the host script', async () => {
  const page = await openView(LUDLOW);
  try {
    await page.locator('[data-testid=embed-panel] summary').click();
    const code = await page.locator('[data-testid=embed-code]').inputValue();
    const origin = new URL(app.server.url).origin;
    assert.ok(
      code.includes(`src="${origin}/?dataset=shropshire-illustrative&amp;by=audience&amp;place=ludlow&amp;embed=1"`),
      code,
    );
    assert.match(code, /title="Whole Place: [^"]*Ludlow[^"]*\(made-up figures\)"/);
    assert.match(code, /sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"/);
    assert.match(code, /loading="lazy"/);
    assert.ok(code.includes(`<script src="${origin}/embed.js" defer></script>`), code);
  } finally {
    await page.closeContext();
  }
});

test('per resident, A to Z: the CSV and the chart files follow the view, with the average and numbers', async () => {
  const page = await openView('/?dataset=shropshire-illustrative&by=place&measure=per-resident&sort=name');
  try {
    const labels = (await page.locator('[data-testid=bar-chart] .bar-chart__label bdi').allTextContents()).map((s) => s.trim());
    const values = (await page.locator('[data-testid=bar-chart] .bar-chart__value').allTextContents()).map((s) => s.trim());
    const rows = parseCsv((await download(page, 'download-csv')).bytes.toString('utf8').slice(1));
    assert.equal(header(rows, 'Measure'), 'Per resident');
    const start = rows.findIndex((r) => r[0] === 'Where (Place)' || r[1] === 'Id');
    const end = rows.findIndex((r) => r[0] === 'Total');
    const table = rows.slice(start + 1, end);
    assert.deepEqual(table.map((r) => r[0]), labels, 'the page order (A to Z, area-wide last)');
    assert.match(rows[start][6], /\(GBP\)$/);
    // Each per-resident cell is a plain number, the figure the bar shows.
    table.forEach((r, i) => {
      assert.match(r[6], /^-?\d+\.\d\d$/, `${r[0]}: ${r[6]}`);
      const shown = `£${Number(r[6]).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;
      assert.ok(values[i].startsWith(shown), `${r[0]}: ${values[i]} vs ${shown}`);
    });
    assert.ok(rows.some((r) => /^Average across/.test(r[0]) && /^\d+\.\d\d$/.test(r[6])), 'the average row');
    const svg = (await download(page, 'download-svg')).bytes.toString('utf8');
    assert.match(svg, /<title id="chart-title">[^<]*per resident<\/title>/);
    const first = values[0];
    assert.ok(svg.includes(first), `the SVG draws the per-resident value ${first}`);
  } finally {
    await page.closeContext();
  }
});

test('a share the page shows as "<0.1%" is "<0.1" in the CSV, not 0.0', async () => {
  const page = await openView('/?dataset=shropshire-published&year=2017-18&by=activity&agency=department-for-work-and-pensions');
  try {
    const rows = parseCsv((await download(page, 'download-csv')).bytes.toString('utf8').slice(1));
    const general = rows.find((r) => r[0] === 'General public services');
    assert.equal(general?.[5], '<0.1');
  } finally {
    await page.closeContext();
  }
});

test('a file opened from this computer is exported as that file, never as the website\'s data, and has no link or embed', async () => {
  const page = await openView('/?dataset=shropshire-illustrative&by=agency');
  try {
    await page.locator('[data-testid=file-picker-input]').setInputFiles({
      name: 'my-area.json',
      mimeType: 'application/json',
      buffer: readFileSync(`${FIXTURES_DIR}/export-hostile.json`),
    });
    await page.locator('[data-testid=source-banner]').waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('[data-testid=share-no-link]').waitFor({ state: 'visible' });
    assert.equal(await page.locator('[data-testid=embed-panel]').count(), 0, 'no embed code');
    assert.equal(await page.locator('[data-testid=share-link]').count(), 0, 'no link');
    const { name, bytes } = await download(page, 'download-csv');
    assert.ok(!name.includes('shropshire'), name);
    assert.match(name, /own-file-my-area/);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    assert.ok(rows.some((r) => /file opened on this computer \(my-area\.json\)/.test(r[0])), 'says whose file');
    assert.match(header(rows, 'View'), /cannot be linked/);
  } finally {
    await page.closeContext();
  }
});
