// Automated WCAG 2.2 A/AA checks with axe-core on every kind of view, at phone and laptop widths.
// axe finds only what a machine can find (contrast, names, roles, structure); keyboard use and
// reading order are covered by explorer.test.mjs, and a human audit is still owed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { sharedApp, openApp } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const VIEWS = [
  ['home', '/', '[data-testid=headline-total]'],
  ['founding question', '/?by=agency&place=ludlow&audience=young-16-19&activity=offender-management', '[data-testid=headline-total]'],
  ['two-way table', '/?by=activity&then=agency', '[data-testid=cross-table]'],
  ['filters open', '/?by=audience&place=wem', '[data-testid=headline-total]'],
  ['partly broken data', '/?data=/fixtures/e2e-partly-broken.json', '[data-testid=problems-panel]'],
  ['error panel', '/?data=/fixtures/e2e-not-json.json', '[data-testid=error-panel]'],
];

const app = sharedApp();

for (const width of [320, 1280]) {
  for (const [name, path, ready] of VIEWS) {
    test(`no axe WCAG 2.2 AA violations: ${name} at ${width} px`, async () => {
      const page = await openApp(app.browser, path, { width });
      try {
        await page.locator(ready).first().waitFor({ state: 'visible', timeout: 15_000 });
        if (name === 'filters open') {
          // Expand every filter group so the checkboxes are checked too.
          for (const summary of await page.locator('.filter-panel__summary').all()) await summary.click();
        }
        await page.addScriptTag({ path: AXE_PATH });
        const result = await page.evaluate(async (tags) => {
          const { violations } = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
          return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
        }, TAGS);
        assert.deepEqual(result, [], `axe violations on ${name} at ${width}px:\n${result.join('\n')}`);
        assert.deepEqual(page.pageErrors, []);
      } finally {
        await page.closeContext();
      }
    });
  }
}

test('the axe check can fail: a planted unnamed button is reported', async () => {
  const page = await openApp(app.browser, '/');
  try {
    await page.locator('[data-testid=headline-total]').waitFor({ state: 'visible', timeout: 15_000 });
    await page.evaluate(() => document.querySelector('main').append(document.createElement('button')));
    await page.addScriptTag({ path: AXE_PATH });
    const ids = await page.evaluate(async (tags) => {
      const { violations } = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return violations.map((v) => v.id);
    }, TAGS);
    assert.ok(ids.includes('button-name'), `expected button-name, got ${JSON.stringify(ids)}`);
  } finally {
    await page.closeContext();
  }
});
