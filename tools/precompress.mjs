// Writes `.br` and `.gz` copies of the wasm, JavaScript, CSS and data JSON files of a release
// build, for servers that send pre-compressed files (nginx `brotli_static`/`gzip_static`, Apache
// MultiViews or rewrite rules, tools/static-server.mjs). Run by Trunk as a post_build hook
// (Trunk.toml), so every `trunk build --release` produces them, whoever runs it.
//
// It also checks each .wasm file is valid WebAssembly and fails the build if not: a build whose
// wasm was overwritten half-way (two builds sharing one target folder) must never be published.
//
// Never compressed: index.html and config.json, which publishers edit by hand on the server (a
// stale compressed copy would silently win over the edit), and anything that is not one of the
// types above. A copy that would not be smaller is not written.
//
// Usage: node tools/precompress.mjs [DIR]   (DIR: $TRUNK_STAGING_DIR, else dist)
import { readdir, readFile, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Extensions that get compressed copies. */
export const COMPRESSED_TYPES = new Set(['.wasm', '.js', '.mjs', '.css', '.json', '.svg']);
/** File names that never get compressed copies, wherever they are. */
export const NEVER_COMPRESSED = new Set(['index.html', 'config.json']);

/** True if `fileName` (a path or a bare name) should get `.br` and `.gz` copies. */
export function shouldCompress(fileName) {
  const base = path.basename(fileName);
  if (NEVER_COMPRESSED.has(base.toLowerCase())) return false;
  return COMPRESSED_TYPES.has(path.extname(base).toLowerCase());
}

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

/** Compresses every eligible file under `dir`; returns [{ file, raw, br, gz }] (bytes). */
export async function precompress(dir) {
  const files = [];
  for await (const file of walk(dir)) {
    if (file.endsWith('.br') || file.endsWith('.gz')) {
      // A copy left from an earlier run over the same folder: drop it, it may be stale.
      await rm(file);
    } else if (shouldCompress(file)) {
      files.push(file);
    }
  }
  return Promise.all(
    files.map(async (file) => {
      const raw = await readFile(file);
      if (file.endsWith('.wasm') && !WebAssembly.validate(raw)) {
        throw new Error(`${file} is not valid WebAssembly (was it overwritten during the build?)`);
      }
      const [br, gz] = await Promise.all([
        brotli(raw, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            [zlib.constants.BROTLI_PARAM_MODE]:
              path.extname(file) === '.wasm' ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
          },
        }),
        gzip(raw, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ]);
      const result = { file: path.relative(dir, file), raw: raw.length, br: null, gz: null };
      if (br.length < raw.length) {
        await writeFile(`${file}.br`, br);
        result.br = br.length;
      }
      if (gz.length < raw.length) {
        await writeFile(`${file}.gz`, gz);
        result.gz = gz.length;
      }
      return result;
    }),
  );
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
  if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') {
    // Debug builds are for the compiler's eyes only and their wasm is large: not worth it.
    console.log('[precompress] debug build: no compressed copies');
  } else {
    let results;
    try {
      results = await precompress(dir);
    } catch (error) {
      console.error(`[precompress] ${error.message}`);
      process.exit(1);
    }
    const kib = (n) => (n == null ? '-' : `${(n / 1024).toFixed(1)} KiB`);
    for (const r of results.sort((a, b) => b.raw - a.raw).slice(0, 6)) {
      console.log(`[precompress] ${r.file}: ${kib(r.raw)} raw, ${kib(r.gz)} gzip, ${kib(r.br)} brotli`);
    }
    console.log(`[precompress] ${results.length} files in ${dir}`);
  }
}
