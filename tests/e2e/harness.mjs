// Shared helpers for the browser tests: a tiny static server for the release build, a headless
// Chromium, and totals computed straight from the shipped JSON, independently of the Rust code.
//
// The server serves /work/main/dist at `/` and tests/fixtures at `/fixtures/`. Build first:
//   cd /work/main && PATH="$PWD/tools/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH" trunk build --release
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DIST_DIR = path.resolve(here, '../../dist');
export const FIXTURES_DIR = path.resolve(here, '../fixtures');
export const OUTPUT_DIR = path.resolve(here, 'output');
export const DEFAULT_DATA_FILE = 'data/shropshire-illustrative-2011-12.json';

const BUILD_HINT =
  'Run the release build first: cd /work/main && ' +
  'PATH="$PWD/tools/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH" trunk build --release';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** Throws a clear error when there is no release build to test. */
export function requireDist() {
  if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
    throw new Error(`No release build: ${path.join(DIST_DIR, 'index.html')} is missing. ${BUILD_HINT}`);
  }
}

/**
 * Maps a URL path to a file under one of the two roots, or returns a status code:
 * 403 for anything that would escape its root, 404 for anything not served.
 */
export function resolveRequestPath(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return 400;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 403;
  // Any `..` segment is refused outright, before and after normalisation.
  if (decoded.split('/').some((segment) => segment === '..')) return 403;
  let root = DIST_DIR;
  let relative = decoded;
  if (decoded === '/fixtures' || decoded.startsWith('/fixtures/')) {
    root = FIXTURES_DIR;
    relative = decoded.slice('/fixtures'.length);
  }
  if (relative === '' || relative === '/') {
    if (root !== DIST_DIR) return 404;
    relative = '/index.html';
  }
  const file = path.resolve(root, '.' + relative);
  if (file !== root && !file.startsWith(root + path.sep)) return 403;
  return file;
}

/** Starts the static server on 127.0.0.1 and a free port. Returns { url, close }. */
export async function startServer() {
  requireDist();
  const server = http.createServer(async (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed');
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0];
    const resolved = resolveRequestPath(rawPath);
    if (typeof resolved === 'number') return send(resolved, `${resolved}`);
    const type = CONTENT_TYPES[path.extname(resolved).toLowerCase()];
    try {
      const info = await stat(resolved);
      if (!info.isFile() || !type) return send(404, 'Not found');
      const body = await readFile(resolved);
      return send(200, body, type);
    } catch {
      return send(404, 'Not found');
    }
  });
  // Keep-alive sockets would otherwise hold close() open after the browser is gone.
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const url = `http://127.0.0.1:${port}`;
  lastServerUrl = url;
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
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
 * page. `page.consoleErrors`, `page.pageErrors` and `page.dialogs` collect what went wrong; `page.closeContext()`
 * closes it. Options: width, height, baseUrl (defaults to the last started server), beforeGoto
 * (an async function given the page, e.g. to add routes), waitUntil (default "load").
 */
export async function openApp(browser, urlPath = '/', { width = 1280, height = 900, baseUrl, beforeGoto, waitUntil = 'load' } = {}) {
  const base = baseUrl ?? lastServerUrl;
  if (!base) throw new Error('openApp: start the server first (startServer) or pass baseUrl');
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.consoleErrors = [];
  page.pageErrors = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location()?.url ?? '';
    // The browser asks for a favicon on its own; the app does not ship one.
    if (where.endsWith('/favicon.ico')) return;
    page.consoleErrors.push(`${message.text()}${where ? ` (${where})` : ''}`);
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

/**
 * Totals over a parsed dataset document. `sumPence(filter)` adds the amounts of the facts that
 * pass `filter(fact)` (filtered before parsing, so broken amounts can be filtered out);
 * `subtree(id)` is the set of an activity id and all its descendants.
 */
export function totalsOf(doc) {
  const children = new Map();
  for (const activity of doc.activities ?? []) {
    if (activity.parent == null) continue;
    if (!children.has(activity.parent)) children.set(activity.parent, []);
    children.get(activity.parent).push(activity.id);
  }
  const subtree = (id) => {
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
  const sumPence = (filter = () => true) => doc.facts.filter(filter).reduce((sum, fact) => sum + factPence(fact), 0n);
  return { doc, facts: doc.facts, subtree, sumPence, formatPounds };
}

/** Totals over the shipped default dataset in dist/ (read with JSON.parse). */
export function datasetTotals() {
  requireDist();
  const doc = JSON.parse(readFileSync(path.join(DIST_DIR, DEFAULT_DATA_FILE), 'utf8'));
  return totalsOf(doc);
}

/**
 * Registers before/after hooks that start one static server and one Chromium for the calling
 * test file, and returns an object whose `browser` and `server` are set once they run.
 */
export function sharedApp() {
  const shared = { browser: null, server: null };
  before(async () => {
    shared.server = await startServer();
    shared.browser = await launch();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}
