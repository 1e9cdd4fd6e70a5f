// The service worker: keeps the explorer working offline (a village hall with poor or no Wi-Fi).
// Copied by Trunk to the root of dist/, so its scope is the app's folder, wherever that is
// published; every address here is relative to it.
//
// - The app shell (index.html, the content-hashed JS, wasm and CSS, boot.js, watchdog.js,
//   loader-worker.js, favicon, manifest, icons) is stored at install under a cache named by the
//   build's version; activating a new version deletes the old versions' caches, so a new release
//   replaces the old. The version and the file list are written below by tools/stamp-sw.mjs
//   (a post-build hook, Trunk.toml) from dist/'s contents: never edit them by hand.
// - Pages: network first; the shell's index.html when the network fails (or says nothing for
//   NETWORK_WAIT_MS). Data files (any `.json`: data, config.json, schema): network first, each
//   good answer kept in the data cache (one cache across releases: data is versioned by its own
//   headers); the kept copy when the network fails or is that slow, marked with the
//   `X-Whole-Place-Saved` header so the page can say it shows a saved copy.
//   Data files the page showed before this worker controlled it are sent by boot.js ("keep").
// - Embedded pages (`embed=` any value but "" or "0", as src/domain/url.rs reads it) and their
//   loader workers (started as `loader-worker.js?embed=1`) get nothing stored: embed mode stays
//   storage-free. boot.js never registers this worker from an embedded page.
//
// Only GET requests to this app's own origin and folder are handled; anything else goes to the
// network untouched.

/* stamp: the build's version and app-shell files, written by tools/stamp-sw.mjs */
const BUILD = { version: 'unstamped', files: [] };
/* end stamp */

const APP_CACHE_PREFIX = 'whole-place-app-';
const APP_CACHE = APP_CACHE_PREFIX + BUILD.version;
/** Data files and config.json that have been shown: one cache across releases. */
const DATA_CACHE = 'whole-place-data';
/** How long to wait for the network's first byte before answering from a kept copy. */
const NETWORK_WAIT_MS = 4000;
/** The header that marks an answer from a kept copy (read by src/worker.rs). */
const SAVED_HEADER = 'X-Whole-Place-Saved';
/** Trunk's content-hashed names, as tools/static-server.mjs (`isHashedName`) tells them. */
const HASHED = /-[0-9a-f]{13,16}(?:_bg)?\.[a-z0-9]+$/;

const scope = new URL(self.registration.scope);
const indexUrl = new URL('index.html', scope).href;

/** Whether an address is an embedded page's: `embed` with any value but "" or "0". */
function isEmbedded(address) {
  const params = new URL(address).searchParams;
  return params.getAll('embed').some((value) => value !== '' && value !== '0');
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      if (BUILD.files.length > 0) {
        const cache = await caches.open(APP_CACHE);
        // A content-hashed file (`main-0123456789abcdef.css`) may come from the browser's HTTP
        // cache, where the page just put it (no second download of the wasm); any other straight
        // from the server (`reload`), never a stale copy of the previous release's index.html.
        const request = (file) => new Request(new URL(file, scope), { cache: HASHED.test(file) ? 'default' : 'reload' });
        await cache.addAll(BUILD.files.map(request));
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(APP_CACHE_PREFIX) && name !== APP_CACHE).map((name) => caches.delete(name)),
      );
      // Take over the page that registered us, so the data it loads next is kept too.
      await self.clients.claim();
    })(),
  );
});

/** `response` (a kept copy) marked as such, for the page's "saved copy" note. */
function markedSaved(response) {
  const headers = new Headers(response.headers);
  headers.set(SAVED_HEADER, '1');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Whether the request comes from an embedded page or its loader worker. */
async function fromEmbedded(event) {
  if (event.request.mode === 'navigate') return isEmbedded(event.request.url);
  const client = event.clientId ? await self.clients.get(event.clientId) : null;
  return client ? isEmbedded(client.url) : false;
}

/**
 * The network's answer, kept in the data cache when good; the kept copy (marked) when the
 * network fails, or is silent for NETWORK_WAIT_MS while a copy exists.
 */
async function networkFirst(request) {
  const cache = await caches.open(DATA_CACHE);
  const kept = () => cache.match(request, { ignoreVary: true }).then((copy) => (copy ? markedSaved(copy) : undefined));
  const network = fetch(request).then(async (response) => {
    if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  });
  return orFallback(network, kept);
}

/**
 * The network's answer for a page; the app shell's index.html when the network fails or is silent
 * for NETWORK_WAIT_MS (one copy serves every view: the view is in the query).
 */
function page(request) {
  return orFallback(fetch(request), () => caches.match(indexUrl, { cacheName: APP_CACHE }));
}

/**
 * `network`, unless it fails or is silent for NETWORK_WAIT_MS and `fallback()` has something;
 * a slow answer with no fallback is awaited.
 */
async function orFallback(network, fallback) {
  let timer;
  const slow = new Promise((resolve) => {
    timer = setTimeout(resolve, NETWORK_WAIT_MS);
  }).then(fallback);
  try {
    return await Promise.race([network, slow.then((copy) => copy ?? network)]);
  } catch (error) {
    const copy = await fallback();
    if (copy) return copy;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The app shell's own copy, else the network. */
async function shellFirst(request) {
  const copy = await caches.match(request, { cacheName: APP_CACHE, ignoreSearch: true });
  return copy ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const name = url.pathname.slice(scope.pathname.length);
  // Data files, config.json and the schema, even opened as a page ("download the JSON file").
  const isData = name.endsWith('.json');
  const isPage = !isData && request.mode === 'navigate';
  // Anything else (another release's files, embed.js) is the network's.
  const inShell = !isData && !isPage && BUILD.files.includes(name);
  if (!isPage && !inShell && !isData) return;
  event.respondWith(
    (async () => {
      if (await fromEmbedded(event)) return fetch(request);
      if (isPage) return page(request);
      if (inShell) return shellFirst(request);
      return networkFirst(request);
    })(),
  );
});

// From boot.js: files the page showed before this worker controlled it ({type: "keep", urls},
// with a MessagePort for the answer {type: "kept"}), fetched again (usually from the browser's
// HTTP cache) and kept, unless already kept. Only this app's own files.
self.addEventListener('message', (event) => {
  const message = event.data ?? {};
  if (message.type !== 'keep' || !Array.isArray(message.urls)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(DATA_CACHE);
      await Promise.all(
        message.urls.map(async (address) => {
          try {
            const url = new URL(address, scope);
            if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
            if (await cache.match(url.href, { ignoreVary: true })) return;
            const response = await fetch(url.href);
            if (response.ok) await cache.put(url.href, response);
          } catch {
            // Offline or refused: kept next time the page loads it.
          }
        }),
      );
      // Tell boot.js, which marks the page ready to work offline (<html data-offline="ready">).
      event.ports[0]?.postMessage({ type: 'kept' });
    })(),
  );
});
