// The plain-JS baseline for tools/bench.sh: the practical floor a hand-written page reaches on
// the same generated file, with no engine, no pre-aggregation and no framework. It fetches the
// JSON, JSON.parses it, turns the facts into typed arrays (one Int32Array of member indices per
// dimension, one of period indices, the amounts in a Float64Array) and answers every query by
// scanning every fact. tests/e2e/bench-page.mjs drives it through `window.baseline`.
//
// Amounts are integer ten-thousandths of a pound (the format allows at most 4 decimals) held in
// a Float64Array: doubles add integers exactly while every partial sum stays below 2^53
// (about 9.0e15 ten-thousandths, £900 billion). Load refuses a file whose absolute amounts add up
// to more than that, so no sum here can round; the generated files stay far below (the 1e6 file
// adds up to about £1.1 billion, 1.1e13 ten-thousandths).
//
// Open as /bench/baseline.html?data=/fixtures/bench-1e5.json (served by the benchmark's own
// server, never shipped in dist/).

const DIMS = ['place', 'audience', 'activity', 'agency'];
const LISTS = { place: 'places', audience: 'audiences', activity: 'activities', agency: 'agencies' };
const status = document.querySelector('[data-testid=baseline-status]');
const table = document.querySelector('[data-testid=baseline-table]');
const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });

/** "1234.5" → 12345000 (ten-thousandths); throws on anything else or beyond 2^53. */
function tenThousandths(fact) {
  if (Number.isInteger(fact.amount_minor)) return fact.amount_minor * 100;
  const match = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(fact.amount);
  if (!match) throw new Error(`not a decimal amount: ${JSON.stringify(fact.amount)}`);
  const value = Number(match[2]) * 10000 + Number((match[3] ?? '').padEnd(4, '0'));
  if (!Number.isSafeInteger(value)) throw new Error(`amount too large to add exactly: ${fact.amount}`);
  return match[1] ? -value : value;
}

/** The next frame: a message posted from an animation-frame callback runs after that frame. */
function nextFrame() {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(0);
    }),
  );
}

/** Column store of the file's facts. `keys[dim][i]` is fact i's member index (the list's length
 * for "not attributed"); `labels[dim]` has one more entry than the list, for that. */
function build(doc) {
  const n = doc.facts.length;
  const keys = {};
  const labels = {};
  const index = {};
  for (const dim of DIMS) {
    const members = doc[LISTS[dim]] ?? [];
    index[dim] = new Map(members.map((m, i) => [m.id, i]));
    labels[dim] = [...members.map((m) => m.label), 'Not attributed'];
    keys[dim] = new Int32Array(n);
  }
  // Each activity's top-level ancestor: "by activity" shows the top of the hierarchy.
  const activities = doc.activities ?? [];
  const top = new Int32Array(activities.length + 1);
  for (let i = 0; i < activities.length; i++) {
    let at = activities[i];
    for (let hops = 0; at.parent != null && hops < activities.length; hops++) {
      at = activities[index.activity.get(at.parent)] ?? at;
    }
    top[i] = index.activity.get(at.id);
  }
  top[activities.length] = activities.length;
  // Periods: format 1.1 files list them and facts name one; a 1.0 file is one period.
  const periods = [...(doc.periods ?? [])].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const periodIndex = new Map(periods.map((p, i) => [p.id, i]));
  const period = new Int32Array(n);
  const amount = new Float64Array(n);
  let absolute = 0;
  for (let i = 0; i < n; i++) {
    const fact = doc.facts[i];
    for (const dim of DIMS) {
      const id = fact[dim];
      keys[dim][i] = id == null ? labels[dim].length - 1 : (index[dim].get(id) ?? labels[dim].length - 1);
    }
    period[i] = periods.length > 1 ? (periodIndex.get(fact.period) ?? -1) : 0;
    amount[i] = tenThousandths(fact);
    absolute += Math.abs(amount[i]);
  }
  if (!Number.isSafeInteger(absolute)) throw new Error('the amounts add up to more than 2^53 ten-thousandths');
  return { n, keys, labels, top, period, amount, shown: Math.max(0, periods.length - 1) };
}

let store = null;
let place = 0;

// Each query is its own loop (not one loop taking callbacks): a call site that sees several
// callbacks stops being inlined, and the floor should be what a careful hand-written page gets.
/** The queries Whole Place answers on the same clicks (tests/e2e/bench-page.mjs). */
const QUERIES = {
  // by Place (the home view, and "back")
  'by-place': () => {
    const { n, period, amount, shown } = store;
    const key = store.keys.place;
    const sums = new Float64Array(store.labels.place.length);
    for (let i = 0; i < n; i++) if (period[i] === shown) sums[key[i]] += amount[i];
    return { rows: 'place', cols: null, sums };
  },
  // a Place's bar followed: that Place by audience
  'place-by-audience': () => {
    const { n, period, amount, shown } = store;
    const p = store.keys.place;
    const key = store.keys.audience;
    const sums = new Float64Array(store.labels.audience.length);
    for (let i = 0; i < n; i++) if (period[i] === shown && p[i] === place) sums[key[i]] += amount[i];
    return { rows: 'audience', cols: null, sums };
  },
  // one Place by (top-level) activity
  'place-by-activity': () => {
    const { n, period, amount, shown, top } = store;
    const p = store.keys.place;
    const key = store.keys.activity;
    const sums = new Float64Array(store.labels.activity.length);
    for (let i = 0; i < n; i++) if (period[i] === shown && p[i] === place) sums[top[key[i]]] += amount[i];
    return { rows: 'activity', cols: null, sums };
  },
  // "by activity" (top level, every Place)
  'by-activity': () => {
    const { n, period, amount, shown, top } = store;
    const key = store.keys.activity;
    const sums = new Float64Array(store.labels.activity.length);
    for (let i = 0; i < n; i++) if (period[i] === shown) sums[top[key[i]]] += amount[i];
    return { rows: 'activity', cols: null, sums };
  },
  // two-way: Place × agency
  'place-x-agency': () => {
    const { n, period, amount, shown } = store;
    const p = store.keys.place;
    const g = store.keys.agency;
    const columns = store.labels.agency.length;
    const sums = new Float64Array(store.labels.place.length * columns);
    for (let i = 0; i < n; i++) if (period[i] === shown) sums[p[i] * columns + g[i]] += amount[i];
    return { rows: 'place', cols: 'agency', sums };
  },
};

/** Replaces the table with the answer: one row per member with a non-zero sum. */
function draw({ rows, cols, sums }) {
  const columns = cols ? store.labels[cols].length : 1;
  const head = document.createElement('tr');
  for (const text of [rows, ...(cols ? store.labels[cols] : ['Total'])]) {
    const th = document.createElement('th');
    th.textContent = text;
    head.append(th);
  }
  const body = document.createDocumentFragment();
  store.labels[rows].forEach((label, r) => {
    let any = false;
    for (let c = 0; c < columns; c++) any ||= sums[r * columns + c] !== 0;
    if (!any) return;
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.textContent = label;
    tr.append(th);
    for (let c = 0; c < columns; c++) {
      const td = document.createElement('td');
      td.textContent = pounds.format(Math.round(sums[r * columns + c] / 10000));
      tr.append(td);
    }
    body.append(tr);
  });
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(body);
}

async function load() {
  const source = new URLSearchParams(location.search).get('data');
  if (!source) throw new Error('no ?data= file to load');
  const t0 = performance.now();
  const response = await fetch(source);
  if (!response.ok) throw new Error(`${source}: ${response.status}`);
  const text = await response.text();
  const t1 = performance.now();
  const doc = JSON.parse(text);
  const t2 = performance.now();
  store = build(doc);
  const t3 = performance.now();
  // The Place the benchmark drills into: the largest, as Whole Place's first bar.
  const byPlace = QUERIES['by-place']().sums;
  for (let i = 0; i < store.labels.place.length - 1; i++) if (byPlace[i] > byPlace[place]) place = i;
  draw(QUERIES['by-place']());
  status.textContent = `${store.n} facts`;
  return { facts: store.n, fetch: t1 - t0, parse: t2 - t1, build: t3 - t2, place: store.labels.place[place] };
}

const ready = load();
ready.catch((error) => {
  status.textContent = `Failed: ${error.message}`;
});

window.baseline = {
  /** Resolves to { facts, fetch, parse, build (ms), place (the drilled Place's label) }. */
  ready,
  /** The query names, in the order the benchmark reports them. */
  queries: Object.keys(QUERIES),
  /** Milliseconds to answer `name` by scanning every fact (no DOM). */
  queryOnly(name) {
    const t0 = performance.now();
    const answer = QUERIES[name]();
    const t1 = performance.now();
    // Read the answer so the scan cannot be skipped.
    if (answer.sums.length === 0) throw new Error(`${name}: empty answer`);
    return t1 - t0;
  },
  /** Milliseconds to answer `name`, write it into the table and reach the next frame. */
  async queryDomFrame(name) {
    const t0 = performance.now();
    draw(QUERIES[name]());
    return (await nextFrame()) - t0;
  },
};
