// "About this data" shows what the file says about itself, so readers can judge and cite it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedApp, openApp, DIST_DIR, DEFAULT_DATA_FILE } from './harness.mjs';

const app = sharedApp();

test('about this data lists the title, status, licence, period and sources from the file', async () => {
  const doc = JSON.parse(readFileSync(path.join(DIST_DIR, DEFAULT_DATA_FILE), 'utf8'));
  const page = await openApp(app.browser, '/');
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
