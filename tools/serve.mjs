// Serves the release build in dist/ as a council's web server should (tools/static-server.mjs):
// strict CSP header, pre-compressed files, publishing cache headers. No live reload, and it never
// writes to dist/, so what you preview is exactly what you publish.
//
// Usage: node tools/serve.mjs [--port 8080] [--host 127.0.0.1] [--no-csp] [DIR]   (DIR: dist)
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createStaticServer, listen, CSP } from './static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let port = 8080;
let host = '127.0.0.1';
let csp = CSP;
let dir = path.resolve(here, '..', 'dist');
for (let i = 0; i < args.length; i += 1) {
  const arg = args[i];
  if (arg === '--port') port = Number(args[++i]);
  else if (arg === '--host') host = args[++i];
  else if (arg === '--no-csp') csp = null;
  else if (arg.startsWith('-')) {
    console.error(`unknown option ${arg}\nusage: node tools/serve.mjs [--port 8080] [--host 127.0.0.1] [--no-csp] [DIR]`);
    process.exit(2);
  } else dir = path.resolve(arg);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('--port needs a number from 0 to 65535');
  process.exit(2);
}
if (!existsSync(path.join(dir, 'index.html'))) {
  console.error(`${path.join(dir, 'index.html')} is missing: build first (trunk build --release)`);
  process.exit(1);
}

const server = createStaticServer({ roots: [{ prefix: '/', dir }], csp });
const { url } = await listen(server, { host, port });
console.log(`[serve] ${dir} at ${url}/ ${csp ? '(with the strict CSP header)' : '(no CSP header)'}; stop with Ctrl+C`);
