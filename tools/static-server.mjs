// A small static file server for the release build, with what a council's web server should do
// (see README "Publishing"): the strict Content-Security-Policy header, pre-compressed `.br` /
// `.gz` copies sent with Content-Encoding when the browser accepts them, long caching for
// content-hashed files and `no-cache` (revalidate every time) for everything else.
//
// Used by tools/serve.mjs (the `tools/serve.sh` preview) and tests/e2e/harness.mjs, so the tests
// exercise exactly what a publisher previews. Node built-ins only: tools/ has no node_modules.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The Content-Security-Policy the app is built to run under (README "Publishing"). No hashes or
 * nonces: every script is an external file, so the policy never changes between builds.
 * `frame-ancestors *`: any website may embed the explorer (docs/embedding.md). It has no login,
 * no form and nothing to click that changes anything anywhere, so being framed cannot be used
 * against its readers (clickjacking needs an action to steal); a publisher who wants to allow
 * only their own sites lists them instead.
 */
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors *";

/** Content types by lower-case extension; anything else is not served (404). */
export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/** One year: for files whose name carries a hash of their content, so they never change. */
export const CACHE_HASHED = 'public, max-age=31536000, immutable';
/** Everything else (index.html, config.json, data files): the browser revalidates each time. */
export const CACHE_UNHASHED = 'no-cache';

/**
 * True for Trunk's content-hashed output names, e.g. `whole-place-0123456789abcdef_bg.wasm`,
 * `main-0123456789abcdef.css`, `boot-0123456789abcdef.js` (a 64-bit hash in hex before the
 * extension). Trunk writes the hash without leading zeros (`main-eb9aacb22f35e43.css`), so it
 * has 16 digits or, one time in sixteen, fewer: 13 to 16 are accepted. Such a name changes
 * whenever the content does, so it may be cached for ever.
 */
export function isHashedName(fileName) {
  return /-[0-9a-f]{13,16}(?:_bg)?\.[a-z0-9]+$/.test(path.basename(fileName));
}

/** The Cache-Control value for a file under the build (by name only). */
export function cacheControlFor(fileName) {
  return isHashedName(fileName) ? CACHE_HASHED : CACHE_UNHASHED;
}

/**
 * The encodings a request accepts, best first, among those we pre-compress: e.g. "gzip, deflate,
 * br" → ['br', 'gzip']. An encoding given `q=0` is refused.
 */
export function acceptedEncodings(header = '') {
  const accepted = new Map();
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name, q ? Number(q[1]) : 1);
  }
  const star = accepted.get('*') ?? 0;
  return ['br', 'gzip'].filter((enc) => (accepted.get(enc) ?? star) > 0);
}

/**
 * Maps a URL path to a file under one of `roots` ([{ prefix: '/fixtures', dir }, { prefix: '/',
 * dir }], longest prefix first), or returns a status code: 400 for a malformed path, 403 for
 * anything that would escape its root, 404 for a folder other than the site root. `/` is the
 * site root's index.html.
 */
export function resolveRequestPath(urlPath, roots) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return 400;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 403;
  // Any `..` segment is refused outright, before and after normalisation.
  if (decoded.split('/').some((segment) => segment === '..')) return 403;
  const sorted = [...roots].sort((a, b) => b.prefix.length - a.prefix.length);
  for (const { prefix, dir } of sorted) {
    const bare = prefix.replace(/\/$/, '');
    if (bare !== '' && decoded !== bare && !decoded.startsWith(bare + '/')) continue;
    let relative = decoded.slice(bare.length);
    if (relative === '' || relative === '/') {
      if (bare !== '') return 404;
      relative = '/index.html';
    }
    const root = path.resolve(dir);
    const file = path.resolve(root, '.' + relative);
    if (file !== root && !file.startsWith(root + path.sep)) return 403;
    return file;
  }
  return 404;
}

/**
 * Creates (does not start) the server. Options:
 * - roots: as for `resolveRequestPath`;
 * - csp: the Content-Security-Policy header value, or null for none;
 * - cache: true for the publishing cache headers (default), false for `no-store` everywhere.
 * Serves GET and HEAD only; answers `If-None-Match` with 304.
 */
export function createStaticServer({ roots, csp = CSP, cache = true }) {
  return http.createServer(async (req, res) => {
    const common = { 'X-Content-Type-Options': 'nosniff' };
    if (csp) common['Content-Security-Policy'] = csp;
    const send = (status, body) => {
      res.writeHead(status, { ...common, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed');
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0];
    const resolved = resolveRequestPath(rawPath, roots);
    if (typeof resolved === 'number') return send(resolved, `${resolved}`);
    const type = CONTENT_TYPES[path.extname(resolved).toLowerCase()];
    let info;
    try {
      info = await stat(resolved);
    } catch {
      return send(404, 'Not found');
    }
    if (!info.isFile() || !type) return send(404, 'Not found');

    // A pre-compressed copy next to the file, if the browser takes it.
    let file = resolved;
    let size = info.size;
    let encoding = null;
    for (const enc of acceptedEncodings(req.headers['accept-encoding'])) {
      const candidate = `${resolved}.${enc === 'gzip' ? 'gz' : 'br'}`;
      try {
        const compressed = await stat(candidate);
        if (compressed.isFile()) {
          file = candidate;
          size = compressed.size;
          encoding = enc;
          break;
        }
      } catch {
        // no such copy: try the next encoding, or send the file as it is
      }
    }

    const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}${encoding ? `-${encoding}` : ''}"`;
    const headers = {
      ...common,
      'Content-Type': type,
      'Cache-Control': cache ? cacheControlFor(resolved) : 'no-store',
      ETag: etag,
      'Last-Modified': info.mtime.toUTCString(),
      Vary: 'Accept-Encoding',
    };
    if (encoding) headers['Content-Encoding'] = encoding;
    if (cache && req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    headers['Content-Length'] = size;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });
}

/**
 * Starts `server` on `host:port` (port 0: any free port). Returns { url, close }; close() also
 * drops keep-alive sockets, which would otherwise hold it open after a browser is gone.
 */
export async function listen(server, { host = '127.0.0.1', port = 0 } = {}) {
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
