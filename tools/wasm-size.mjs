// What each crate costs in a wasm file: code bytes per crate (from the function names a build
// kept: `wasm-bindgen --keep-debug`, `wasm-opt -g`), and how many brotli bytes the file would lose
// without that crate's code (the whole file compressed again without it, so shared context is
// counted fairly). Data segments are one row: they cannot be told apart by crate.
//
// Usage: node tools/wasm-size.mjs FILE.wasm [--top N] [--depth D] [--only PREFIX]
//   --depth 2 groups by the first two path segments (whole_place::ui, core::fmt, …);
//   --only keeps the rows whose group starts with PREFIX. tools/wasm-size.sh builds such a file.
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';

const file = process.argv[2];
const topArg = process.argv.indexOf('--top');
const top = topArg > 0 ? Number(process.argv[topArg + 1]) : 30;
const depthArg = process.argv.indexOf('--depth');
const depth = depthArg > 0 ? Number(process.argv[depthArg + 1]) : 1;
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? process.argv[onlyArg + 1] : '';
if (!file) {
  console.error('usage: node tools/wasm-size.mjs FILE.wasm [--top N]');
  process.exit(2);
}
const bytes = readFileSync(file);

let pos = 8;
function uleb() {
  let result = 0, shift = 0, b;
  do { b = bytes[pos++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return result;
}
function name() { const n = uleb(); const s = bytes.toString('utf8', pos, pos + n); pos += n; return s; }

let importedFunctions = 0;
const bodies = [];        // [start, end) of each defined function body, in order
const kept = [];          // non-code, non-custom sections: [start, end)
const names = new Map();  // function index -> name
let dataBytes = 0;
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = uleb();
  const start = pos, end = pos + size;
  if (id === 2) {
    for (let i = uleb(); i > 0; i--) {
      name(); name();
      const kind = bytes[pos++];
      if (kind === 0) { uleb(); importedFunctions++; }
      else if (kind === 1) { pos++; const f = bytes[pos++]; uleb(); if (f & 1) uleb(); }
      else if (kind === 2) { const f = bytes[pos++]; uleb(); if (f & 1) uleb(); }
      else if (kind === 3) { pos += 2; }
      else { pos++; uleb(); }
    }
  } else if (id === 10) {
    for (let i = uleb(); i > 0; i--) { const n = uleb(); bodies.push([pos, pos + n]); pos += n; }
  } else if (id === 0) {
    if (name() === 'name') {
      while (pos < end) {
        const sub = bytes[pos++], subSize = uleb(), subEnd = pos + subSize;
        if (sub === 1) for (let i = uleb(); i > 0; i--) { const idx = uleb(); names.set(idx, name()); }
        pos = subEnd;
      }
    }
  } else {
    if (id === 11) dataBytes += size;
    kept.push([start, end]);
  }
  pos = end;
}

/** The crate a demangled name belongs to: the first path segment, looking through `<`, `&`,
 * `drop_in_place<…>` and `<T as Trait>` (a generic type's code goes to the trait's crate). */
function crateOf(n, segments = 1) {
  let s = n;
  for (;;) {
    const before = s;
    s = s.replace(/^(<|&mut |&|\(|\[|dyn |\*const |\*mut )/, '');
    s = s.replace(/^core::ptr::drop_in_place</, '');
    s = s.replace(/^[A-Z][A-Za-z0-9]? as /, '');
    if (s === before) break;
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/.exec(s);
  if (!m) return 'other (unnamed, shims)';
  const c = m[1];
  if (segments > 1) {
    const path = s.replace(/\[[0-9a-f]+\]/g, '').split(/::|<| as |\{/).filter((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p));
    return path.slice(0, segments).join('::');
  }
  return ['core', 'alloc', 'std', 'dlmalloc', 'compiler_builtins', 'hashbrown', 'rustc_demangle'].includes(c) ? `std (${c})` : c;
}

const byCrate = new Map();
bodies.forEach(([s, e], i) => {
  const c = crateOf(names.get(i + importedFunctions) ?? '', depth);
  const row = byCrate.get(c) ?? { bytes: 0, count: 0, ranges: [] };
  row.bytes += e - s; row.count++; row.ranges.push(i);
  byCrate.set(c, row);
});

const br = (buf) => zlib.brotliCompressSync(buf, { params: {
  [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
  [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length;
const keptBuf = Buffer.concat(kept.map(([s, e]) => bytes.subarray(s, e)));
const code = (skip) => Buffer.concat(bodies.filter((_, i) => !skip?.has(i)).map(([s, e]) => bytes.subarray(s, e)));
const codeBytes = bodies.reduce((t, [s, e]) => t + e - s, 0);
const whole = br(Buffer.concat([keptBuf, code()]));
const kib = (n) => (n / 1024).toFixed(1).padStart(7);

console.log(`${file}: ${bodies.length} functions, code ${kib(codeBytes)} KiB, data ${kib(dataBytes)} KiB; ` +
  `brotli of code+data+tables ${kib(whole)} KiB (names and other custom sections excluded)`);
console.log(`${'crate'.padEnd(28)} ${'fns'.padStart(5)} ${'code KiB'.padStart(9)} ${'% code'.padStart(7)} ${'br KiB saved without it'.padStart(24)}`);
const rows = [...byCrate.entries()].filter(([c]) => c.startsWith(only)).sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top);
for (const [c, row] of rows) {
  const without = br(Buffer.concat([keptBuf, code(new Set(row.ranges))]));
  console.log(`${c.padEnd(28)} ${String(row.count).padStart(5)} ${kib(row.bytes)}   ${(100 * row.bytes / codeBytes).toFixed(1).padStart(5)}% ${kib(whole - without)}`);
}
console.log(`${'data, tables, types, imports'.padEnd(28)} ${''.padStart(5)} ${kib(keptBuf.length)}          ${kib(whole - br(code()))}`);
