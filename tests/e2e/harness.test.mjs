// Checks the test harness itself: what the static server serves and refuses, and the independent
// money arithmetic the browser tests compare against.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  startServer,
  formatPounds,
  parsePence,
  parsePounds,
  totalsOf,
  datasetTotals,
  ILLUSTRATIVE_DATA_FILE,
  HOME_DATA_FILE,
  isEstimate,
} from './harness.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.close();
});

/** A raw GET, so that `..` segments reach the server unnormalised. */
function get(rawPath) {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves the build and the fixtures with the right content types', async () => {
  const index = await get('/');
  assert.equal(index.status, 200);
  assert.match(index.type, /^text\/html/);
  const html = index.body.toString('utf8');
  const wasm = /href="\.?\/?([^"]+_bg\.wasm)"/.exec(html)?.[1];
  const js = /(whole-place-[0-9a-f]+\.js)/.exec(html)?.[1];
  const css = /href="\.?\/?([^"]+\.css)"/.exec(html)?.[1];
  assert.ok(wasm && js && css, 'index.html names its wasm, js and css');
  assert.equal((await get(`/${wasm}`)).type, 'application/wasm');
  assert.match((await get(`/${js}`)).type, /^text\/javascript/);
  assert.match((await get(`/${css}`)).type, /^text\/css/);
  assert.match((await get('/data/shropshire-illustrative-2011-12.json')).type, /^application\/json/);
  const fixture = await get('/fixtures/tiny.json');
  assert.equal(fixture.status, 200);
  assert.match(fixture.type, /^application\/json/);
  assert.equal((await get('/index.html?x=1')).status, 200);
});

test('404s what does not exist and refuses path traversal', async () => {
  assert.equal((await get('/nope.json')).status, 404);
  assert.equal((await get('/fixtures/missing.json')).status, 404);
  assert.equal((await get('/fixtures/')).status, 404);
  assert.equal((await get('/data')).status, 404);
  for (const raw of [
    '/../Cargo.toml',
    '/../../etc/passwd',
    '/fixtures/../../Cargo.toml',
    '/fixtures/../e2e/harness.mjs',
    '/%2e%2e/Cargo.toml',
    '/fixtures/%2E%2E/%2E%2E/Cargo.toml',
    '/..%2fCargo.toml',
    '/..%5cCargo.toml',
    '/index.html%00.json',
  ]) {
    const res = await get(raw);
    assert.ok(res.status === 403 || res.status === 404 || res.status === 400, `${raw} → ${res.status}`);
    assert.ok(!res.body.toString('utf8').includes('[package]'), `${raw} must not leak files`);
  }
});

test('money arithmetic is exact and formatted like the app', () => {
  assert.equal(parsePence('1234.56'), 123456n);
  assert.equal(parsePence('-0.05'), -5n);
  assert.equal(parsePence('7'), 700n);
  assert.equal(parsePence('7.5'), 750n);
  assert.throws(() => parsePence('12,50'));
  assert.throws(() => parsePence('1e3'));
  assert.equal(formatPounds(0n), '£0');
  assert.equal(formatPounds(49n), '£0');
  assert.equal(formatPounds(50n), '£1');
  assert.equal(formatPounds(-49n), '£0');
  assert.equal(formatPounds(-50n), '\u2212£1');
  assert.equal(formatPounds(123456789n), '£1,234,568');
  assert.equal(formatPounds(-123449n), '\u2212£1,234');
  assert.equal(parsePounds('\u2212£1,234'), -1234n);
  assert.equal(parsePounds('£1,020,576,683'), 1020576683n);
  // Large sums must not lose pence (floats would).
  assert.equal(formatPounds(parsePence('9007199254740993.49')), '£9,007,199,254,740,993');

  const tiny = totalsOf({
    activities: [
      { id: 'safety' },
      { id: 'offending', parent: 'safety' },
      { id: 'yot', parent: 'offending' },
      { id: 'health' },
    ],
    facts: [
      { activity: 'yot', amount: '1.10' },
      { activity: 'offending', amount: '2.20' },
      { activity: 'health', amount: '4.40' },
      { activity: 'safety', amount_minor: 5 },
    ],
  });
  assert.deepEqual([...tiny.subtree('safety')].sort(), ['offending', 'safety', 'yot']);
  assert.equal(tiny.sumPence((f) => tiny.subtree('offending').has(f.activity)), 330n);
  assert.equal(tiny.sumPence(), 775n);
  const illustrative = datasetTotals(ILLUSTRATIVE_DATA_FILE);
  assert.equal(illustrative.formatPounds(illustrative.sumPence()), '£1,020,576,683');
});

test('totals of a format 1.1 file count only the shown period: the latest unless one is named', () => {
  const doc = {
    // Listed out of order: the latest is the one that starts last, as the app sorts them.
    periods: [
      { id: 'b', start: '2012-04-01', end: '2013-03-31' },
      { id: 'a', start: '2011-04-01', end: '2012-03-31' },
    ],
    audiences: [{ id: 'adults' }, { id: 'carers', parent: 'adults' }],
    facts: [
      { period: 'a', audience: 'carers', amount: '1.00', basis: 'reported' },
      { period: 'b', audience: 'carers', amount: '2.00', basis: 'apportioned' },
      { period: 'b', audience: 'adults', amount: '4.00', basis: 'reported' },
    ],
  };
  // (options, period shown, total, carers and their parent, estimated)
  const cases = [
    [{}, 'b', 600n, 600n, 200n],
    [{ period: 'a' }, 'a', 100n, 100n, 0n],
    [{ period: 'b' }, 'b', 600n, 600n, 200n],
  ];
  for (const [options, period, total, adults, estimated] of cases) {
    const t = totalsOf(doc, options);
    assert.equal(t.period, period, JSON.stringify(options));
    assert.equal(t.sumPence(), total, JSON.stringify(options));
    assert.equal(t.sumPence((f) => t.subtree('adults', 'audiences').has(f.audience)), adults);
    assert.equal(t.sumPence(isEstimate), estimated);
  }
  assert.deepEqual(totalsOf(doc).periods.map((p) => p.id), ['a', 'b']);
  assert.throws(() => totalsOf(doc, { period: 'c' }), /no period "c"/);
  // One period: facts may leave `period` off.
  assert.equal(totalsOf({ periods: [{ id: 'x', start: '2011-04-01' }], facts: [{ amount: '3' }] }).sumPence(), 300n);
  // A v1 file has no periods: every fact counts, and naming a period is a mistake.
  assert.equal(totalsOf({ facts: [{ amount: '3' }, { amount: '4' }] }).sumPence(), 700n);
  assert.throws(() => totalsOf({ facts: [] }, { period: 'x' }));
  // Transfers the funder counted change the loader's totals; the harness refuses them.
  assert.throws(() => totalsOf({ facts: [], transfers: [{ in_funder_figures: true }] }), /transfers/);
  // The shipped home file: eight years, the latest 2017-18, every fact of it in exactly one year.
  const home = datasetTotals(HOME_DATA_FILE);
  assert.equal(home.periods.length, 8);
  assert.equal(home.period, '2017-18');
  const byYear = home.periods.reduce((sum, p) => sum + datasetTotals(HOME_DATA_FILE, { period: p.id }).sumPence(), 0n);
  assert.equal(byYear, home.doc.facts.reduce((sum, f) => sum + parsePence(f.amount), 0n));
});
