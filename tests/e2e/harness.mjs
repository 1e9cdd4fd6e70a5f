// Shared helpers for the browser tests: the static server for the release build (the same one
// tools/serve.sh runs, tools/static-server.mjs), a headless Chromium, and totals computed straight
// from the shipped JSON, independently of the Rust code.
//
// Two datasets ship: the published figures (the home: a bare `/` opens them) and the made-up
// illustrative one (`ILLUSTRATIVE`; old links with view parameters and no `dataset=` open it too).
//
// The server serves dist/ at `/` and tests/fixtures at `/fixtures/`, with the publishing cache
// headers and pre-compressed files; with `{ csp: true }` also the strict CSP header. Build first:
//   PATH="$PWD/tools/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH" trunk build --release
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import {
  CSP,
  createStaticServer,
  listen,
  resolveRequestPath as resolveUnder,
} from '../../tools/static-server.mjs';

export { CSP };

const here = path.dirname(fileURLToPath(import.meta.url));
export const DIST_DIR = path.resolve(here, '../../dist');
export const FIXTURES_DIR = path.resolve(here, '../fixtures');
export const OUTPUT_DIR = path.resolve(here, 'output');
/** The home dataset's file (published figures, format 1.1, eight periods): a bare `/` opens it. */
export const HOME_DATA_FILE = 'data/shropshire-published-2010-11-to-2017-18.json';
/** The made-up 18-Place dataset's file (format 1.0, one period). */
export const ILLUSTRATIVE_DATA_FILE = 'data/shropshire-illustrative-2011-12.json';
/** The link that opens the illustrative dataset by its stable name. */
export const ILLUSTRATIVE = '/?dataset=shropshire-illustrative';
/** The link that opens the published dataset by its stable name. */
export const PUBLISHED = '/?dataset=shropshire-published';
/** Each shipped dataset's stable link name and file (as src/domain/catalogue.rs says). */
export const SHIPPED = {
  'shropshire-published': HOME_DATA_FILE,
  'shropshire-illustrative': ILLUSTRATIVE_DATA_FILE,
};

const BUILD_HINT =
  'Run the release build first, from the repository root: ' +
  'PATH="$PWD/tools/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH" trunk build --release';

const ROOTS = [
  { prefix: '/fixtures', dir: FIXTURES_DIR },
  { prefix: '/', dir: DIST_DIR },
];

/** Throws a clear error when there is no release build to test. */
export function requireDist() {
  if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
    throw new Error(`No release build: ${path.join(DIST_DIR, 'index.html')} is missing. ${BUILD_HINT}`);
  }
}

/**
 * Maps a URL path to a file under dist/ or tests/fixtures (under `/fixtures/`), or returns a
 * status code: 403 for anything that would escape its root, 404 for anything not served.
 */
export function resolveRequestPath(urlPath) {
  return resolveUnder(urlPath, ROOTS);
}

/**
 * Starts the static server on 127.0.0.1 and a free port. Returns { url, close }.
 * Options: csp (true: send the strict CSP header tools/serve.sh sends; default false, so tests of
 * other sites' files are not blocked by `connect-src 'self'`).
 */
export async function startServer({ csp = false } = {}) {
  requireDist();
  const server = createStaticServer({ roots: ROOTS, csp: csp ? CSP : null });
  const started = await listen(server);
  lastServerUrl = started.url;
  return started;
}

let lastServerUrl = null;

/** Launches Debian's headless Chromium. */
export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Opens `path` (e.g. "/?by=agency") in a fresh browser context of the given size and returns the
 * page. `page.consoleErrors`, `page.consoleWarnings`, `page.pageErrors`, `page.cspViolations` and
 * `page.dialogs` collect what went wrong; `page.closeContext()`
 * closes it. Options: width, height, baseUrl (defaults to the last started server), beforeGoto
 * (an async function given the page, e.g. to add routes), waitUntil (default "load"),
 * contextOptions (more Playwright browser-context options, e.g. { javaScriptEnabled: false }).
 * Service workers are blocked unless `contextOptions` says `serviceWorkers: 'allow'`: requests a
 * service worker answers never reach `page.route`, which many tests use (offline.test.mjs allows
 * them). A test file that opens its own context should pass `serviceWorkers: 'block'` too.
 */
export async function openApp(
  browser,
  urlPath = '/',
  { width = 1280, height = 900, baseUrl, beforeGoto, waitUntil = 'load', contextOptions = {} } = {},
) {
  const base = baseUrl ?? lastServerUrl;
  if (!base) throw new Error('openApp: start the server first (startServer) or pass baseUrl');
  const context = await browser.newContext({ viewport: { width, height }, serviceWorkers: 'block', ...contextOptions });
  const page = await context.newPage();
  page.consoleErrors = [];
  page.consoleWarnings = [];
  page.pageErrors = [];
  page.cspViolations = [];
  page.on('console', (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning') return;
    // Playwright's own words when it blocks the app's service worker (above), not the app's.
    if (message.text() === 'Service Worker registration blocked by Playwright') return;
    const where = message.location()?.url ?? '';
    const line = `${message.text()}${where ? ` (${where})` : ''}`;
    (type === 'error' ? page.consoleErrors : page.consoleWarnings).push(line);
  });
  // Content-Security-Policy violations, as the page sees them (they also reach the console).
  await page.exposeFunction('__wholePlaceCspViolation', (text) => page.cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__wholePlaceCspViolation(
        `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile || '?'}:${event.lineNumber}`,
      );
    });
  });
  page.on('pageerror', (error) => page.pageErrors.push(String(error?.stack ?? error)));
  // A dialog (alert, confirm) would mean something ran that should not have; record and dismiss.
  page.dialogs = [];
  page.on('dialog', (dialog) => {
    page.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.closeContext = () => context.close();
  if (beforeGoto) await beforeGoto(page);
  await page.goto(new URL(urlPath, base).href, { waitUntil });
  return page;
}

// ---------------------------------------------------------------------------------------------
// Independent arithmetic: amounts as BigInt pence, parsed from text, never through floats.

const MINUS = '\u2212';

/** "1234.5" → 123450n, "-0.05" → -5n. Throws on anything that is not a plain decimal. */
export function parsePence(text) {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new Error(`not a decimal amount with at most 2 decimals: ${JSON.stringify(text)}`);
  const [, sign, whole, fraction = ''] = match;
  const pence = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
  return sign ? -pence : pence;
}

/** A fact's amount in pence: from "amount" (decimal text) or "amount_minor" (integer pence). */
export function factPence(fact) {
  if (typeof fact.amount === 'string') return parsePence(fact.amount);
  if (Number.isInteger(fact.amount_minor)) return BigInt(fact.amount_minor);
  throw new Error(`fact without a readable amount: ${JSON.stringify(fact)}`);
}

function groupThousands(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Pence → whole pounds as the app shows them: "£1,020,576,683", "−£1,234" (half away from zero). */
export function formatPounds(pence) {
  const value = BigInt(pence);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const pounds = (magnitude + 50n) / 100n;
  const sign = negative && pounds !== 0n ? MINUS : '';
  return `${sign}£${groupThousands(pounds.toString())}`;
}

/** Pence → "£727.00" / "−£1,234.05": the app shows pence when every figure is under £100,000. */
export function formatPoundsAndPence(pence) {
  const value = BigInt(pence);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const sign = negative ? MINUS : '';
  const whole = groupThousands((magnitude / 100n).toString());
  return `${sign}£${whole}.${(magnitude % 100n).toString().padStart(2, '0')}`;
}

/** "£1,234" / "−£1,234" / "-£1,234" → 1234n / -1234n (whole pounds). */
export function parsePounds(text) {
  const match = /^([\u2212-]?)£(\d{1,3}(?:,\d{3})*)$/.exec(text.trim());
  if (!match) throw new Error(`not a whole-pound amount: ${JSON.stringify(text)}`);
  const pounds = BigInt(match[2].replaceAll(',', ''));
  return match[1] ? -pounds : pounds;
}

/** Whether a fact's amount is an estimate (basis `apportioned` or `estimated`, format 1.1). */
export function isEstimate(fact) {
  return fact.basis === 'apportioned' || fact.basis === 'estimated';
}

/**
 * Totals over a parsed dataset document, for one period: the app shows one period at a time.
 * `period` is a period id of a format 1.1 file (default: the latest, by start date, as the app
 * opens); a file without `periods` is one period and every fact counts.
 * `sumPence(filter)` adds the amounts of the shown period's facts that pass `filter(fact)`
 * (filtered before parsing, so broken amounts can be filtered out); `subtree(id, list)` is the
 * set of a member id of `doc[list]` (default "activities") and all its descendants.
 * Returns also `facts` (the shown period's), `period` (its id, or null) and `periods` (the
 * file's, sorted by start).
 */
export function totalsOf(doc, { period } = {}) {
  const periods = [...(doc.periods ?? [])].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  // Transfers the funder already counted get an offsetting fact from the loader; nothing here
  // adds them, so refuse rather than compare against a wrong total.
  if ((doc.transfers ?? []).some((t) => t.in_funder_figures)) {
    throw new Error('totalsOf: transfers counted in the funder\'s figures are not handled by this harness');
  }
  let shown = null;
  if (periods.length > 0) {
    shown = period ?? periods.at(-1).id;
    if (!periods.some((p) => p.id === shown)) throw new Error(`totalsOf: no period ${JSON.stringify(shown)} in the file`);
  } else if (period != null) {
    throw new Error(`totalsOf: the file has no periods, so no period ${JSON.stringify(period)}`);
  }
  // A 1.1 file with one period may leave `period` off its facts.
  const onlyPeriod = periods.length === 1 ? periods[0].id : undefined;
  const facts = shown === null ? doc.facts : doc.facts.filter((f) => (f.period ?? onlyPeriod) === shown);
  const childrenOf = new Map();
  const subtree = (id, list = 'activities') => {
    if (!childrenOf.has(list)) {
      const children = new Map();
      for (const member of doc[list] ?? []) {
        if (member.parent == null) continue;
        if (!children.has(member.parent)) children.set(member.parent, []);
        children.get(member.parent).push(member.id);
      }
      childrenOf.set(list, children);
    }
    const children = childrenOf.get(list);
    const out = new Set();
    const stack = [id];
    while (stack.length) {
      const next = stack.pop();
      if (out.has(next)) continue;
      out.add(next);
      stack.push(...(children.get(next) ?? []));
    }
    return out;
  };
  const sumPence = (filter = () => true) => facts.filter(filter).reduce((sum, fact) => sum + factPence(fact), 0n);
  return { doc, facts, period: shown, periods, subtree, sumPence, formatPounds };
}

/** A shipped data file in dist/ (e.g. `HOME_DATA_FILE`), parsed with JSON.parse. */
export function readDataFile(file) {
  requireDist();
  return JSON.parse(readFileSync(path.join(DIST_DIR, file), 'utf8'));
}

/**
 * Totals over a shipped dataset in dist/: `file` is required (`HOME_DATA_FILE` or
 * `ILLUSTRATIVE_DATA_FILE`), options as for `totalsOf` (`period`).
 */
export function datasetTotals(file, options = {}) {
  if (!file) throw new Error('datasetTotals: name the file (HOME_DATA_FILE or ILLUSTRATIVE_DATA_FILE)');
  return totalsOf(readDataFile(file), options);
}

/**
 * Registers before/after hooks that start one static server (options as for `startServer`) and
 * one Chromium for the calling test file, and returns an object whose `browser` and `server` are set once they run.
 */
export function sharedApp({ csp = false } = {}) {
  const shared = { browser: null, server: null };
  before(async () => {
    shared.server = await startServer({ csp });
    shared.browser = await launch();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/** The WCAG 2.2 AA rule sets axe checks. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.2 AA violations on a page or frame, one line each ("id (impact): help —
 * targets"). axe is evaluated through the DevTools protocol, which a strict CSP does not block
 * (an added <script> tag would be), so pages are checked under the CSP they are served with.
 */
export async function axeViolations(target) {
  await target.evaluate(`${AXE_SOURCE};0`);
  return target.evaluate(async (tags) => {
    const { violations } = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }, AXE_TAGS);
}

/** Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF) into rows of cells. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Clicks the first bar link whose text starts with `prefix`, waiting for it to appear; fails
 * with the bars there are when none does. */
export async function clickBar(page, prefix, timeout = 15_000) {
  const handle = await page
    .waitForFunction(
      (p) => [...document.querySelectorAll('[data-testid=bar-link]')].find((a) => a.textContent.trim().startsWith(p)) ?? null,
      prefix,
      { timeout },
    )
    .catch(async () => {
      const labels = await page.locator('[data-testid=bar-link]').allTextContents();
      assert.fail(`no bar link starts with ${JSON.stringify(prefix)}; bars are ${JSON.stringify(labels)}`);
    });
  await handle.asElement().click();
}

/** Waits for the headline total to read `expected`, then asserts it (a readable failure). */
export async function expectHeadline(page, expected, timeout = 15_000) {
  const total = page.locator('[data-testid=headline-total]');
  await total.waitFor({ state: 'visible', timeout });
  await page
    .waitForFunction((e) => document.querySelector('[data-testid=headline-total]')?.textContent === e, expected, { timeout })
    .catch(() => {});
  assert.equal(await total.textContent(), expected, 'headline total');
}
