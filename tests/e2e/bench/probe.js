// Installed in every Whole Place page the benchmark opens (Playwright `addInitScript`), before
// any of the page's own scripts, as `window.__bench`. It times, inside the page:
//   - the first answer: navigation start → the first frame after the headline total has text;
//   - main-thread long tasks (PerformanceObserver `longtask`, buffered), for the load figures;
//   - a click: performance.now() just before the action → the first frame after the view has
//     changed (`act`).
// "The first frame after" is a message posted from the next requestAnimationFrame callback: it
// runs once that frame's style, layout and paint are done, so the time includes drawing.
// Not shipped: tests/e2e/bench-page.mjs reads this file and passes it to the page.
(() => {
  const bench = {
    firstAnswer: null,
    longTasks: [],
  };
  window.__bench = bench;

  function nextFrame() {
    return new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(0);
      }),
    );
  }
  bench.nextFrame = nextFrame;

  try {
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
    });
    observer.observe({ type: 'longtask', buffered: true });
    bench.flushLongTasks = () => {
      for (const entry of observer.takeRecords()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
    };
  } catch {
    bench.flushLongTasks = () => {};
    bench.longTasks = null;
  }

  // The first answer: the headline total appears with text.
  const answered = () => (document.querySelector('[data-testid=headline-total]')?.textContent ?? '').trim() !== '';
  const watch = new MutationObserver(() => {
    if (bench.firstAnswerSeen || !answered()) return;
    bench.firstAnswerSeen = performance.now();
    watch.disconnect();
    nextFrame().then((t) => {
      bench.firstAnswer = t;
    });
  });
  watch.observe(document, { childList: true, subtree: true, characterData: true });

  const heading = () => document.querySelector('[data-testid=chart-heading]')?.textContent ?? null;
  const crossTable = () => document.querySelector('[data-testid=cross-table]') !== null;
  bench.heading = heading;

  /** Resolves when `done()` holds (checked now and after each DOM change) with { changed, frame }:
   * the time it was seen to hold and the time of the next frame after that; rejects after
   * `timeoutMs`. */
  function whenDone(done, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const finish = () => {
        const changed = performance.now();
        observer.disconnect();
        clearTimeout(timer);
        nextFrame().then((frame) => resolve({ changed, frame }));
      };
      const observer = new MutationObserver(() => {
        if (done()) finish();
      });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`the view did not change within ${timeoutMs} ms (heading: ${heading()})`));
      }, timeoutMs);
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      if (done()) finish();
    });
  }

  /**
   * Performs one click of the benchmark and returns { ms, domMs, heading }, or null
   * when the page offers no such control. Kinds:
   *   bar: follow the largest attributed bar (a chart row link);
   *   slice: follow "Show spending by <arg>" (arg: place, audience, activity, agency);
   *   back: history.back(), done when the chart heading reads `arg` and no two-way table shows;
   *   then: choose `arg` in "then by" (or the first offered when arg is empty) and press Show,
   *         done when the two-way table is drawn.
   */
  bench.act = async (kind, arg) => {
    const before = heading();
    let start;
    let done;
    if (kind === 'bar') {
      const link = document.querySelector('.bar-chart__row:not(.bar-chart__row--unattributed) [data-testid=bar-link]');
      if (!link) return null;
      done = () => heading() !== before;
      start = performance.now();
      link.click();
    } else if (kind === 'slice') {
      const link = document.querySelector(`[data-testid=slice-by-${arg}]`);
      if (!link || link.closest('[hidden]')) return null;
      done = () => heading() !== before;
      start = performance.now();
      link.click();
    } else if (kind === 'back') {
      done = () => heading() === arg && !crossTable();
      start = performance.now();
      history.back();
    } else if (kind === 'then') {
      const select = document.querySelector('[data-testid=then-by]');
      const button = document.querySelector('[data-testid=then-by-show]');
      if (!select || !button) return null;
      const value = arg || [...select.options].map((o) => o.value).find((v) => v !== '');
      if (![...select.options].some((o) => o.value === value)) return null;
      done = crossTable;
      start = performance.now();
      select.value = value;
      button.click();
    } else {
      throw new Error(`unknown click kind ${kind}`);
    }
    // ms: to the next frame after the change; domMs: to the DOM change alone (seen by a
    // MutationObserver, so at the end of the task or microtask that made it).
    const end = await whenDone(done);
    return { ms: end.frame - start, domMs: end.changed - start, heading: heading() };
  };
})();
