// Writes the build's version and the app shell's file list into dist/sw.js (public/sw.js, the
// service worker), between its `/* stamp … */` and `/* end stamp */` lines. Run by Trunk as a
// post-build hook (Trunk.toml), before tools/precompress.mjs, so the compressed copies are of the
// stamped file. Never edit the stamp by hand: it is made from what the build wrote.
//
// The shell: every file at the top of the output folder (index.html, the content-hashed JS,
// wasm and CSS, boot.js, watchdog.js, loader-worker.js, favicon, manifest) and under icons/,
// except sw.js itself, config.json (a publisher's setting: the service worker fetches it network
// first), embed.js (for other sites' pages) and compressed copies. Data files are not in the shell:
// the service worker keeps those the page has shown.
//
// The version: the first 16 hex digits of a SHA-256 over the shell's names and contents, so any
// change to the app makes a new version (and a new cache, which replaces the old).
//
// Usage: node tools/stamp-sw.mjs [DIR]   (DIR: $TRUNK_STAGING_DIR, else dist)
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Top-level file names never in the shell. */
export const NOT_IN_SHELL = new Set(['sw.js', 'config.json', 'embed.js']);
/** Folders (under the output) whose files are in the shell. */
export const SHELL_FOLDERS = ['icons'];
const STAMP = /\/\* stamp[^*]*\*\/\n[\s\S]*?\n\/\* end stamp \*\//;

/** The shell's file names under `dir`, relative to it with `/`, sorted. */
export async function shellFiles(dir) {
  const files = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile() && !NOT_IN_SHELL.has(entry.name) && !/\.(br|gz)$/.test(entry.name)) files.push(entry.name);
  }
  for (const folder of SHELL_FOLDERS) {
    let entries = [];
    try {
      entries = await readdir(path.join(dir, folder), { withFileTypes: true });
    } catch {
      continue; // no such folder in this build
    }
    for (const entry of entries) {
      if (entry.isFile() && !/\.(br|gz)$/.test(entry.name)) files.push(`${folder}/${entry.name}`);
    }
  }
  return files.sort();
}

/** The version of a shell: a hash of each file's name and content. */
export async function shellVersion(dir, files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(dir, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** `source` (the service worker's text) with the stamp replaced; throws if it has no stamp. */
export function stampText(source, build) {
  if (!STAMP.test(source)) throw new Error('sw.js has no "/* stamp */ … /* end stamp */" lines to replace');
  const line = `const BUILD = ${JSON.stringify(build)};`;
  return source.replace(STAMP, () => `/* stamp: written by tools/stamp-sw.mjs; do not edit */\n${line}\n/* end stamp */`);
}

/** Stamps `dir`/sw.js; returns { version, files }. */
export async function stamp(dir) {
  const worker = path.join(dir, 'sw.js');
  const source = await readFile(worker, 'utf8');
  const files = await shellFiles(dir);
  const build = { version: await shellVersion(dir, files), files };
  await writeFile(worker, stampText(source, build));
  return build;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
  try {
    const build = await stamp(dir);
    console.log(`[stamp-sw] version ${build.version}: ${build.files.length} files in the app shell`);
  } catch (error) {
    console.error(`[stamp-sw] ${error.message}`);
    process.exit(1);
  }
}
