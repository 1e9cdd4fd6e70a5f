// Start-up hooks for Trunk's loader (index.html: data-initializer). Plain JavaScript because it
// runs before the WebAssembly exists: it shows download progress on slow connections, starts
// fetching the default dataset alongside the app, and explains a failed start instead of leaving
// "Loading…" on screen for ever.

const DEFAULT_DATA = 'data/shropshire-illustrative-2011-12.json';

function bootMessage(text) {
  const boot = document.querySelector('.boot');
  if (boot) boot.textContent = text;
}

export default function initializer() {
  return {
    onStart() {
      // Fetch the shipped dataset while the app downloads, unless the link names another one.
      // The app's own request for the same address then reuses this response.
      if (!new URLSearchParams(location.search).has('data')) {
        const link = document.createElement('link');
        link.rel = 'preload';
        link.as = 'fetch';
        link.href = DEFAULT_DATA;
        link.crossOrigin = 'anonymous';
        document.head.append(link);
      }
    },
    onProgress({ current }) {
      // Bytes, not a percentage: Trunk's expected total is measured before wasm-opt shrinks the
      // file, so a percentage would stall at about half and then jump.
      bootMessage(`Loading the Whole Place explorer… ${Math.round(current / 1024)} KB`);
    },
    onFailure(reason) {
      bootMessage('The Whole Place explorer could not start.');
      const panel = document.getElementById('panic-message');
      const detail = document.getElementById('panic-detail');
      if (detail) {
        detail.textContent =
          `This browser could not run the explorer (it needs WebAssembly), or the download failed. ` +
          `Detail: ${reason}`;
      }
      if (panel) panel.hidden = false;
    },
  };
}
