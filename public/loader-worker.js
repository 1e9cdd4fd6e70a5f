// The loader Web Worker's entry (a classic worker script: no module workers needed). It starts
// the download the moment it is asked, while the loader's WebAssembly (src/worker.rs, built by
// Trunk as `whole-place-loader`) downloads and compiles; then the WebAssembly reads the body as
// it streams in and posts the page the summed figures (src/ui/loader.rs reads them).
//
// Messages in: {type: "fetch", url} or {type: "file", file}. Messages out: see src/worker.rs.
importScripts('./whole-place-loader.js');
/* global wasm_bindgen */
const started = wasm_bindgen({ module_or_path: './whole-place-loader_bg.wasm' });

self.onmessage = (event) => {
  const request = event.data ?? {};
  const source = request.type === 'fetch' ? fetch(request.url) : Promise.resolve(request.file);
  // A failed download is reported by load_from (a "failed" message), not as unhandled here.
  source.catch(() => {});
  started.then(
    () => wasm_bindgen.load_from(source),
    (error) =>
      self.postMessage({
        type: 'failed',
        kind: 'network',
        status: 0,
        statusText: '',
        detail: `The part of the explorer that reads files could not start: ${error}`,
      }),
  );
};
