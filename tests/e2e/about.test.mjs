// "About this data" shows what the file says about itself, so readers can judge and cite it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedApp, openApp, FIXTURES_DIR, ILLUSTRATIVE, ILLUSTRATIVE_DATA_FILE, readDataFile } from './harness.mjs';

const app = sharedApp();

test('about this data lists the title, status, licence, period and sources from a v1 file', async () => {
  // The illustrative dataset is format 1.0: one period and sources as text in its metadata. The
  // published one (format 1.1) is checked in published.test.mjs.
  const doc = readDataFile(ILLUSTRATIVE_DATA_FILE);
  const page = await openApp(app.browser, ILLUSTRATIVE);
  try {
    const about = page.locator('[data-testid=about-data]');
    await about.waitFor({ state: 'visible', timeout: 15_000 });
    await about.locator('summary').click();
    const text = await about.textContent();
    assert.ok(text.includes(doc.metadata.title), 'title');
    assert.ok(text.includes('Illustrative figures, not real spending'), 'status');
    assert.ok(text.includes(`${doc.metadata.period.label} (${doc.metadata.period.start} to ${doc.metadata.period.end})`), 'period');
    for (const source of doc.metadata.sources) assert.ok(text.includes(source), `source ${source}`);
    const licence = about.locator('a', { hasText: doc.metadata.licence.name });
    assert.equal(await licence.getAttribute('href'), doc.metadata.licence.url);
    assert.equal(await licence.getAttribute('rel'), 'noopener noreferrer');
  } finally {
    await page.closeContext();
  }
});

test('about this data does not repeat an unchecked "official" claim from a file that is not the site\'s own', async () => {
  const tiny = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'tiny.json'), 'utf8'));
  const claims = { ...tiny, metadata: { ...tiny.metadata, status: 'official', publisher: 'Shropshire Council' } };
  const page = await openApp(app.browser, '/');
  try {
    await page.locator('[data-testid=file-picker-input]').setInputFiles({
      name: 'claims.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(claims)),
    });
    const about = page.locator('[data-testid=about-data]');
    await page.waitForFunction(() => document.querySelector('[data-testid=dataset-title]')?.textContent === 'Tiny test area', null, {
      timeout: 15_000,
    });
    await about.locator('summary').click();
    assert.equal(await about.locator('[data-testid=about-status]').textContent(), 'The file says it is official; this site has not checked it');
    assert.ok((await about.textContent()).includes('Publisher (as the file says)'), 'the publisher is the file\'s claim');
  } finally {
    await page.closeContext();
  }
});
