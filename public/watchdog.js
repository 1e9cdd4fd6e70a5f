// The start-up watchdog: a tiny classic script that relies on nothing else loading. If the app's
// loader (boot.js) never runs, or one of the page's scripts fails to download, or the download
// stalls, it shows the "has not started" notice of index.html (styled by style/boot.css) with the
// most likely reason. It runs even where module scripts cannot (pages opened as a file, frames
// sandboxed without allow-same-origin), which is why it is a classic script without SRI.
//
// Protocol, on <html data-boot="…">: boot.js sets "loading" when it starts, "starting" once the
// wasm has arrived, "started" once the app runs, "failed" when it gives up, "panicked" when the
// app started and panicked (src/ui/panic.rs explains); this script sets "failed" itself. `data-boot-bytes` is the
// loader's download progress, used to tell a slow download from a stalled one.
(function () {
  'use strict';
  var root = document.documentElement;
  // With this class, style/boot.css leaves the notice to this script instead of revealing it by
  // itself after 8 seconds.
  root.classList.add('boot-watched');

  /** Seconds without a loader before we speak: inside the promised 10. */
  var NO_LOADER_SECONDS = 8;
  /**
   * Seconds without a downloaded byte before a download counts as stalled: also inside the
   * promised 10, for a request that never answers. The notice goes again if bytes arrive.
   */
  var STALL_SECONDS = 8;

  /**
   * Said at once on a page opened from disk (file://), where browsers never run the explorer:
   * what to do instead, in plain words (docs/workshops.md has the workshop kit).
   */
  var FILE_REASON =
    'The page was opened as a file on this computer, and browsers only run the explorer when a web ' +
    'server sends it. To use it from this folder: in a terminal, in the folder that holds index.html, ' +
    'run "python3 -m http.server 8080" (or any local web server) and open http://localhost:8080/ ' +
    'in the browser; from the project\u2019s source folder, run "bash tools/serve.sh" instead. Once ' +
    'opened from a web server, the explorer keeps working without the internet.';

  function state() {
    return root.getAttribute('data-boot');
  }

  function started() {
    return state() === 'started' || document.querySelector('.page__header') !== null;
  }

  /** Why modules cannot load here, when the page itself tells us. */
  function environmentReason() {
    if (location.protocol === 'file:') {
      return FILE_REASON;
    }
    if (window.origin === 'null') {
      return 'The page is shown inside a frame that does not let it load its own files (a sandboxed ' +
        'iframe without allow-same-origin). Open the page on its own.';
    }
    return '';
  }

  /** True if `url` is on this page's scheme and host (file:// pages included). */
  function sameSite(url) {
    var site = function (u) {
      return String(u).split('/').slice(0, 3).join('/');
    };
    return site(url) === site(location.href);
  }

  function show(reason, final) {
    if (started() || state() === 'failed') return;
    var text = document.getElementById('boot-failure-reason');
    if (!text) return;
    var why = environmentReason();
    text.textContent = why && reason ? why + ' (' + reason + ')' : why || reason;
    if (final) {
      root.setAttribute('data-boot', 'failed');
      var boot = document.querySelector('.boot');
      if (boot) boot.textContent = 'The Whole Place explorer could not start.';
    } else {
      root.setAttribute('data-boot-slow', '');
    }
  }

  // A script of the page that cannot be downloaded (blocked, missing, refused by the browser).
  // `error` does not bubble, so listen in the capture phase.
  document.addEventListener(
    'error',
    function (event) {
      var target = event.target;
      // Only this site's scripts: one an add-on failed to inject is not the explorer's problem.
      if (target && target.tagName === 'SCRIPT' && sameSite(target.src)) {
        var name = (target.getAttribute('src') || '').replace(/^\.?\//, '');
        show('The file ' + name + ' could not be loaded, so the explorer cannot start.', true);
      }
    },
    true
  );

  // From disk, nothing will start: say so now rather than after a wait.
  if (location.protocol === 'file:') {
    // Reloading cannot help here (style/boot.css hides that advice).
    root.classList.add('boot-from-disk');
    show('', true);
    return;
  }

  var lastBytes = null;
  var lastChange = Date.now();
  var began = Date.now();
  var timer = setInterval(function () {
    if (started() || state() === 'failed' || state() === 'panicked') {
      clearInterval(timer);
      return;
    }
    var now = Date.now();
    if (state() === null) {
      if (now - began >= NO_LOADER_SECONDS * 1000) {
        clearInterval(timer);
        show(
          'Its start-up script did not run within ' + NO_LOADER_SECONDS + ' seconds. The browser may be ' +
            'too old, or set to block scripts from this website.',
          true
        );
      }
      return;
    }
    // Downloaded: compiling and starting may take a while on a slow device, and is the loader's
    // to report.
    if (state() !== 'loading') return;
    // The loader is downloading: slow is fine as long as bytes keep arriving.
    var bytes = root.getAttribute('data-boot-bytes');
    if (bytes !== lastBytes) {
      lastBytes = bytes;
      lastChange = now;
      root.removeAttribute('data-boot-slow');
    } else if (now - lastChange >= STALL_SECONDS * 1000) {
      show(
        'Nothing has arrived for ' + STALL_SECONDS + ' seconds: the connection may have stalled. The ' +
          'explorer will start if the download resumes.',
        false
      );
    }
  }, 1000);
})();
