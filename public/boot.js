// The app's loader: an external module instead of Trunk's inline start-up script, so the page
// runs under a Content-Security-Policy without 'unsafe-inline' or hashes (README "Publishing").
// Plain JavaScript because it runs before the WebAssembly exists: it starts loading the default
// dataset (in the loader worker) alongside the app, shows download progress on slow connections, and explains a failed
// start instead of leaving "Loading…" on screen for ever.
//
// It finds the app's files from the preloads Trunk writes (Trunk.toml `pattern_preload`), so the
// content-hashed names never have to be known here. It reports to public/watchdog.js through
// <html data-boot="loading|starting|started|failed|panicked"> and `data-boot-bytes`.

// The shipped datasets by their link names, and which one a link opens: the same rule as
// src/domain/catalogue.rs (`open`), which tests/e2e/csp.test.mjs checks this agrees with.
const SHIPPED = {
  'shropshire-published': 'data/shropshire-published-2010-11-to-2017-18.json',
  'shropshire-illustrative': 'data/shropshire-illustrative-2011-12.json',
};
const HOME = 'shropshire-published';
const BEFORE_NAMES = 'shropshire-illustrative';
const OLD_VIEW_PARAMETERS = ['by', 'then', 'place', 'audience', 'activity', 'agency'];
const NEW_VIEW_PARAMETERS = ['year', 'compare'];
const root = document.documentElement;

/**
 * Whether the page is embedded in another site's frame: `embed` with any value but "" or "0", as
 * src/domain/url.rs reads it. Embedded, nothing is stored in the browser (no service worker).
 */
function isEmbedded(params) {
  return params.getAll('embed').some((value) => value !== '' && value !== '0');
}

/**
 * The loader worker's script: marked `?embed=1` for an embedded page, so the service worker
 * (public/sw.js), if one controls the page, stores nothing for it (src/ui/loader.rs does the same).
 */
function loaderWorkerScript() {
  return isEmbedded(new URLSearchParams(location.search)) ? 'loader-worker.js?embed=1' : 'loader-worker.js';
}

/** The shipped file the page's link opens, or null for a `data` address. */
function shippedFile(params) {
  if (params.get('data')) return null;
  const name = params.get('dataset');
  if (name) return SHIPPED[name] ?? SHIPPED[HOME];
  const old = OLD_VIEW_PARAMETERS.some((key) => params.has(key)) && !NEW_VIEW_PARAMETERS.some((key) => params.has(key));
  return SHIPPED[old ? BEFORE_NAMES : HOME];
}

function bootMessage(text) {
  const boot = document.querySelector('.boot');
  if (boot) boot.textContent = text;
}

/** Shows the "has not started" notice of index.html with `reason`; final. */
function fail(reason) {
  if (root.dataset.boot === 'started') return;
  root.dataset.boot = 'failed';
  bootMessage('The Whole Place explorer could not start.');
  const text = document.getElementById('boot-failure-reason');
  if (text) text.textContent = reason;
}

/**
 * Starts loading the shipped dataset the link opens while the app itself downloads (none for a
 * `data` link): the loader worker (public/loader-worker.js) fetches and reads it off the main
 * thread. The app adopts this worker and the messages it has sent (src/ui/loader.rs), so the file
 * downloads once.
 */
function startEarlyLoad() {
  const file = shippedFile(new URLSearchParams(location.search));
  if (!file || typeof Worker !== 'function') return;
  const url = new URL(file, document.baseURI).href;
  let worker;
  try {
    worker = new Worker(loaderWorkerScript(), { type: 'module' });
  } catch {
    return; // The app starts its own worker and reports what fails.
  }
  const early = { url, worker, messages: [], listener: null };
  const deliver = (message) => (early.listener ? early.listener(message) : early.messages.push(message));
  worker.onmessage = (event) => deliver(event.data);
  worker.onerror = () =>
    deliver({ type: 'failed', kind: 'network', detail: 'the loader worker could not start' });
  worker.postMessage({ type: 'fetch', url });
  window.wholePlaceEarlyLoad = early;
  // For the browser tests: which file was started early (the app adopts it and deletes the global).
  root.dataset.earlyLoad = file;
}

/** The response body as a stream that reports the bytes received so far. */
function withProgress(response) {
  if (!response.body) return response;
  const reader = response.body.getReader();
  let current = 0;
  const stream = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        // Downloaded; compiling and starting are next (the watchdog stops timing the download).
        root.dataset.boot = 'starting';
        root.removeAttribute('data-boot-slow');
        controller.close();
        return;
      }
      current += value.byteLength;
      root.dataset.bootBytes = String(current);
      // Bytes, not a percentage: the size is not known before the download ends (and is the
      // compressed size when the server compresses).
      bootMessage(`Loading the Whole Place explorer… ${Math.round(current / 1024)} KB`);
      controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const { headers, status, statusText } = response;
  return new Response(stream, { headers, status, statusText });
}

/** The compiled app: streaming when the server says `application/wasm`, else from the bytes. */
async function compile(responsePromise) {
  const response = await responsePromise;
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(response.clone());
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // a wrong MIME type: compile the bytes
    }
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

async function start() {
  root.dataset.boot = 'loading';
  startEarlyLoad();
  const js = document.querySelector('link[rel="modulepreload"][data-app]');
  const wasm = document.querySelector('link[rel="preload"][data-app]');
  if (!js || !wasm) {
    fail('This page does not name the explorer\u2019s files (it was not built with Trunk.toml).');
    return;
  }
  try {
    const wasmResponse = fetch(wasm.href).then((response) => {
      if (!response.ok) {
        throw new Error(`${wasm.getAttribute('href')}: ${response.status} ${response.statusText}`.trim());
      }
      return withProgress(response);
    });
    // Swallowed here, reported below: a rejected download must not also be "unhandled".
    wasmResponse.catch(() => {});
    // Compiled once, here: the page instantiates it, and so does the loader worker, which gets
    // the compiled module by message (src/ui/loader.rs sends it to any worker it starts).
    const module = await compile(wasmResponse);
    const code = { glue: new URL(js.href, document.baseURI).href, module };
    window.wholePlaceCode = code;
    window.wholePlaceEarlyLoad?.worker.postMessage({ type: 'code', ...code });
    const bindings = await import(js.href);
    const exports = await bindings.default({ module_or_path: module });
    // For the browser tests (window.wasmBindings.diagnosticPanic), as Trunk did.
    window.wasmBindings = bindings;
    // For the benchmark (tools/bench.sh): the main thread's WebAssembly memory, in bytes.
    window.wholePlaceWasmMemory = () => exports.memory.buffer.byteLength;
    root.dataset.boot = 'started';
    registerServiceWorker();
  } catch (error) {
    if (document.getElementById('panic-message')?.hidden === false) {
      // The app started and then panicked; its own message (src/ui/panic.rs) says so.
      root.dataset.boot = 'panicked';
      return;
    }
    fail(
      'This browser could not run the explorer (it needs WebAssembly), or the download failed. ' +
        `Detail: ${error}`,
    );
  }
}

/**
 * Registers the service worker (public/sw.js) that keeps the explorer working offline, once the
 * app runs, never when embedded (embed mode stays storage-free) nor where the browser has none
 * (a file:// page, a plain-http address other than localhost). Then asks it to keep the data file
 * and setting this page loaded before the worker controlled it, and marks the page
 * <html data-offline="ready"> once they are kept (the browser tests wait for it).
 */
async function registerServiceWorker() {
  if (isEmbedded(new URLSearchParams(location.search)) || !('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('sw.js');
    const registration = await navigator.serviceWorker.ready;
    const urls = ['config.json'];
    const early = root.dataset.earlyLoad;
    if (early) urls.push(early);
    // A `data` link's file, which the app may have fetched before the worker took over (the
    // worker keeps only files in this app's own folder; others are not kept).
    const data = new URLSearchParams(location.search).get('data');
    if (data) urls.push(data);
    const channel = new MessageChannel();
    const kept = new Promise((resolve) => {
      channel.port1.onmessage = resolve;
    });
    registration.active?.postMessage({ type: 'keep', urls: urls.map((u) => new URL(u, document.baseURI).href) }, [
      channel.port2,
    ]);
    await kept;
    root.dataset.offline = 'ready';
  } catch {
    // Storage refused (private browsing, a setting): the explorer works, only not offline.
    root.dataset.offline = 'unavailable';
  }
}

start();
