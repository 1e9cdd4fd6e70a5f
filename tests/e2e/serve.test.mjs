// The build to publish (dist/) and the server that previews it (tools/static-server.mjs, used by
// tools/serve.sh and these tests): pre-compressed copies of exactly the right files, served with
// Content-Encoding when the browser accepts them; long caching for content-hashed names only;
// no trace of a development server in dist/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import http from 'node:http';
import { startServer, DIST_DIR, HOME_DATA_FILE, ILLUSTRATIVE_DATA_FILE } from './harness.mjs';
import { acceptedEncodings, isHashedName, cacheControlFor, CACHE_HASHED, CACHE_UNHASHED } from '../../tools/static-server.mjs';
import { shouldCompress, precompress } from '../../tools/precompress.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.close();
});

/** A raw GET with the given request headers; the body is returned as sent (not decoded). */
function get(urlPath, headers = {}) {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: urlPath, method: 'GET', headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)));
}

const distFiles = () => filesUnder(DIST_DIR);
const appFile = (pattern) => distFiles().find((f) => pattern.test(f)) ?? assert.fail(`no ${pattern} in dist/`);

test('which files get pre-compressed copies', () => {
  const cases = [
    ['whole-place-0123456789abcdef_bg.wasm', true],
    ['whole-place-0123456789abcdef.js', true],
    ['boot-0123456789abcdef.js', true],
    ['main-0123456789abcdef.css', true],
    ['data/shropshire-illustrative-2011-12.json', true],
    ['schema/whole-place-v1.schema.json', true],
    ['favicon-0123456789abcdef.svg', true],
    ['index.html', false],
    ['config.json', false],
    ['CONFIG.JSON', false],
    ['data/config.json', false],
    ['notes.txt', false],
    ['whole-place_bg.wasm.br', false],
  ];
  for (const [name, expected] of cases) assert.equal(shouldCompress(name), expected, name);
});

test('precompress on a folder: copies for the right files, stale copies dropped, a broken wasm refused', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'precompress-'));
  try {
    const text = 'a line of text that repeats\n'.repeat(200);
    // The smallest valid module: magic number and version.
    const wasm = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...Buffer.alloc(300)]);
    mkdirSync(path.join(dir, 'data'));
    const files = {
      'index.html': text,
      'config.json': text,
      'app-0123456789abcdef.js': text,
      'data/figures.json': text,
      'data/figures.json.br': 'stale',
      'notes.txt': text,
    };
    for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
    writeFileSync(path.join(dir, 'app-0123456789abcdef_bg.wasm'), Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    await precompress(dir);
    const made = filesUnder(dir).filter((f) => /\.(br|gz)$/.test(f)).sort();
    assert.deepEqual(made, [
      'app-0123456789abcdef.js.br',
      'app-0123456789abcdef.js.gz',
      path.join('data', 'figures.json.br'),
      path.join('data', 'figures.json.gz'),
    ]);
    assert.equal(zlib.brotliDecompressSync(readFileSync(path.join(dir, 'data/figures.json.br'))).toString(), text, 'stale copy replaced');
    // A wasm file that is not valid WebAssembly (e.g. overwritten half-way) fails the build.
    writeFileSync(path.join(dir, 'app-0123456789abcdef_bg.wasm'), Buffer.concat([wasm, Buffer.from('garbage')]));
    await assert.rejects(precompress(dir), /not valid WebAssembly/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('which names count as content-hashed (cached for a year)', () => {
  const cases = [
    ['whole-place-0123456789abcdef_bg.wasm', true],
    ['whole-place-0123456789abcdef.js', true],
    ['main-fedcba9876543210.css', true],
    ['favicon-0123456789abcdef.svg', true],
    ['index.html', false],
    ['config.json', false],
    ['data/shropshire-illustrative-2011-12.json', false],
    ['schema/whole-place-v1.schema.json', false],
    ['main-0123456789ABCDEF.css', false],
    // Trunk writes the hash without leading zeros: 15 digits one time in sixteen.
    ['main-eb9aacb22f35e43.css', true],
    ['main-0123456789ab.css', false],
  ];
  for (const [name, expected] of cases) {
    assert.equal(isHashedName(name), expected, name);
    assert.equal(cacheControlFor(name), expected ? CACHE_HASHED : CACHE_UNHASHED, name);
  }
});

test('which encodings a browser accepts', () => {
  const cases = [
    ['gzip, deflate, br, zstd', ['br', 'gzip']],
    ['gzip', ['gzip']],
    ['br;q=1.0, gzip;q=0.8', ['br', 'gzip']],
    ['br;q=0, gzip', ['gzip']],
    ['identity', []],
    ['', []],
    [undefined, []],
    ['*', ['br', 'gzip']],
    ['*, br;q=0', ['gzip']],
  ];
  for (const [header, expected] of cases) assert.deepEqual(acceptedEncodings(header), expected, String(header));
});

test('dist/ has .br and .gz copies of the wasm, JavaScript, CSS and data, and of nothing it must not', () => {
  const files = new Set(distFiles());
  const originals = [...files].filter((f) => !f.endsWith('.br') && !f.endsWith('.gz'));
  const eligible = originals.filter(shouldCompress);
  for (const pattern of [/_bg\.wasm$/, /^whole-place-[0-9a-f]+\.js$/, /^boot-[0-9a-f]+\.js$/, /\.css$/, /^data\/.+\.json$/]) {
    assert.ok(eligible.some((f) => pattern.test(f)), `a file matching ${pattern} is compressed`);
  }
  for (const file of eligible) {
    const raw = readFileSync(path.join(DIST_DIR, file));
    for (const [suffix, decode] of [['.br', zlib.brotliDecompressSync], ['.gz', zlib.gunzipSync]]) {
      if (!files.has(file + suffix)) {
        assert.ok(raw.length < 100, `${file}${suffix} may only be missing for a tiny file`);
        continue;
      }
      assert.ok(decode(readFileSync(path.join(DIST_DIR, file + suffix))).equals(raw), `${file}${suffix} decodes to ${file}`);
    }
  }
  for (const file of files) {
    if (!file.endsWith('.br') && !file.endsWith('.gz')) continue;
    const original = file.replace(/\.(br|gz)$/, '');
    assert.ok(files.has(original), `${file} has its original`);
    assert.ok(shouldCompress(original), `${file}: ${original} must never be pre-compressed`);
  }
  assert.ok(!files.has('index.html.br') && !files.has('index.html.gz'));
});

test('dist/ is the release build, with nothing from a development server', () => {
  const html = readFileSync(path.join(DIST_DIR, 'index.html'), 'utf8');
  const js = readFileSync(path.join(DIST_DIR, appFile(/^whole-place-[0-9a-f]+\.js$/)), 'utf8');
  for (const [name, text] of [['index.html', html], ['the wasm-bindgen JS', js]]) {
    assert.doesNotMatch(text, /WebSocket|__trunk_address__|__TRUNK|autoreload/i, `${name} has no live-reload code`);
  }
  // A debug build's wasm is several megabytes; the release build is a few hundred kilobytes.
  const wasm = readFileSync(path.join(DIST_DIR, appFile(/_bg\.wasm$/)));
  assert.ok(wasm.length < 2_000_000, `release-sized wasm (${wasm.length} bytes)`);
});

test('the server sends the pre-compressed copy the browser accepts, with the right headers', async () => {
  const wasm = appFile(/_bg\.wasm$/);
  const raw = readFileSync(path.join(DIST_DIR, wasm));
  const cases = [
    ['gzip, deflate, br', 'br', zlib.brotliDecompressSync],
    ['gzip, deflate', 'gzip', zlib.gunzipSync],
    ['identity', undefined, (b) => b],
  ];
  for (const [accept, encoding, decode] of cases) {
    const res = await get(`/${wasm}`, { 'Accept-Encoding': accept });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], encoding, accept);
    assert.equal(res.headers['content-type'], 'application/wasm');
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.equal(Number(res.headers['content-length']), res.body.length);
    assert.ok(decode(res.body).equals(raw), `${accept}: the body decodes to the wasm`);
  }
});

test('cache headers: a year for hashed files, revalidate for index.html, data and config', async () => {
  const cases = [
    [`/${appFile(/_bg\.wasm$/)}`, CACHE_HASHED],
    [`/${appFile(/^whole-place-[0-9a-f]+\.js$/)}`, CACHE_HASHED],
    [`/${appFile(/^main-[0-9a-f]+\.css$/)}`, CACHE_HASHED],
    ['/', CACHE_UNHASHED],
    ['/index.html', CACHE_UNHASHED],
    [`/${HOME_DATA_FILE}`, CACHE_UNHASHED],
    [`/${ILLUSTRATIVE_DATA_FILE}`, CACHE_UNHASHED],
  ];
  for (const [urlPath, expected] of cases) {
    const res = await get(urlPath, { 'Accept-Encoding': 'br' });
    assert.equal(res.status, 200, urlPath);
    assert.equal(res.headers['cache-control'], expected, urlPath);
    // Revalidation is cheap: the same ETag gets 304 and no body.
    const again = await get(urlPath, { 'Accept-Encoding': 'br', 'If-None-Match': res.headers.etag });
    assert.equal(again.status, 304, `${urlPath} revalidates`);
    assert.equal(again.body.length, 0);
  }
  const index = await get('/', { 'Accept-Encoding': 'gzip, br' });
  assert.equal(index.headers['content-encoding'], undefined, 'index.html is sent as it is');
});
