import { startServer, launch, openApp } from './harness.mjs';
const server = await startServer();
const browser = await launch();
const dump = async (page) => page.evaluate(() => {
  const t = (s) => [...document.querySelectorAll(`[data-testid=${s}]`)].map((e) => e.textContent.slice(0, 300));
  return { url: location.search, title: document.title, total: t('headline-total'), period: t('headline-period'), people: t('headline-people'), hh: t('headline-households'), est: t('headline-estimated'), attr: t('attribution'),
    bars: t('bar-link').slice(0, 4), barEst: t('bar-estimate').slice(0, 3), tableEst: t('table-estimate').slice(0, 3), tableTotal: t('table-total'), cov: t('coverage-item'), comp: t('comparison-sentence'),
    trend: t('trend-row'), trendSum: t('trend-summary'), outcomes: t('outcome').length, outSent: t('outcome-sentence').slice(0, 3), caution: t('outcomes-caution'), notice: t('link-notice'), none: t('outcomes-none'),
    years: [...document.querySelectorAll('[data-testid^=year-]')].map(a => a.getAttribute('data-testid') + '=' + a.getAttribute('href')).slice(0, 3),
    switcher: [...document.querySelectorAll('[data-testid^=dataset-]')].map(a => a.getAttribute('data-testid') + '=' + a.getAttribute('href') + ':' + a.textContent),
    slice: [...document.querySelectorAll('[data-testid^=slice-by-]')].map(a => a.getAttribute('data-testid') + ':' + a.getAttribute('aria-current')) };
});
for (const link of process.argv.slice(2)) {
  const page = await openApp(browser, link);
  await page.locator('[data-testid=headline-total], [data-testid=error-panel]').first().waitFor();
  console.log(link, JSON.stringify(await dump(page), null, 1));
  console.log(page.pageErrors.length, page.consoleErrors.length, page.consoleWarnings);
  await page.closeContext();
}
await browser.close(); await server.close();
