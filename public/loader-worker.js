// The loader Web Worker's entry (a module worker). It runs the app's own WebAssembly a second
// time, off the page's thread: the page sends the compiled module and its JavaScript bindings
// ({type: "code", glue, module}), so nothing is downloaded or compiled twice. A download asked
// for ({type: "fetch", url} or {type: "file", file}) starts at once, even before the code has
// arrived; then `load_from` (src/worker.rs) reads it and posts the page the summed figures
// (src/ui/loader.rs reads them). Messages out: see src/worker.rs.
let provideCode;
const code = new Promise((resolve) => {
  provideCode = resolve;
});
const bindings = code.then(async ({ glue, module }) => {
  const loaded = await import(glue);
  await loaded.default({ module_or_path: module });
  return loaded;
});
// Reported with the load that needed it (below), not as an unhandled rejection here.
bindings.catch(() => {});

function failed(detail) {
  self.postMessage({ type: 'failed', kind: 'network', status: 0, statusText: '', detail });
}

self.onmessage = (event) => {
  const request = event.data ?? {};
  if (request.type === 'code') {
    provideCode(request);
    return;
  }
  if (request.type !== 'fetch' && request.type !== 'file') return;
  const source = request.type === 'fetch' ? fetch(request.url) : Promise.resolve(request.file);
  // A failed download is reported by load_from (a "failed" message), not as unhandled here.
  source.catch(() => {});
  bindings.then(
    (loaded) =>
      loaded.load_from(source).catch((error) => failed(`The file could not be read: ${error}`)),
    (error) => failed(`The part of the explorer that reads files could not start: ${error}`),
  );
};
