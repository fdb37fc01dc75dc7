// Serves the release build (dist/) on loopback for the browser tests; every path that is not a
// file gets index.html, as a host serving a single-page app would. /examples/ is the repository's
// examples folder, so the host example page runs against the same build; /package/ is the npm
// package's folder as scripts/package stages it (target/package/tracedeck/). A page asked for with `csp=1`
// in its query comes with the strict Content-Security-Policy the README gives hosts.
// /jaeger/PORT/… is passed through to http://127.0.0.1:PORT/…, the way a host proxies its Jaeger
// onto its own origin: the real-Jaeger tests (tests/real/) reach each Jaeger so.
// Usage: node static-server.mjs DIR PORT
import { createHash } from 'node:crypto';
import { createServer, request } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const [root = 'dist', port = '4173'] = process.argv.slice(2);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
};

/** The policy for a page: everything from this origin, wasm allowed, and the loader by its hash. */
export function contentSecurityPolicy(html) {
  const hashes = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)]
    .filter((m) => m[1].trim())
    .map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
  return `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}; style-src 'self'; connect-src 'self'`;
}

/** Passes a request to a loopback port unchanged and its answer back; 502 if nothing answers. */
function proxy(req, res, port, path) {
  const failed = () => (res.headersSent ? res.destroy() : res.writeHead(502).end('upstream unreachable'));
  try {
    const upstream = request({ host: '127.0.0.1', port, path, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', failed);
    req.pipe(upstream);
  } catch {
    failed();
  }
}

createServer(async (req, res) => {
  const proxied = req.url.match(/^\/jaeger\/(\d{4,5})(\/.*)$/);
  if (proxied && Number(proxied[1]) >= 1024 && Number(proxied[1]) <= 65535) {
    return proxy(req, res, Number(proxied[1]), proxied[2]);
  }
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = path.startsWith('/examples/')
    ? join('.', path)
    : path.startsWith('/package/')
      ? join('target/package/tracedeck', path.slice('/package/'.length))
      : join(root, path);
  try {
    if (!(await stat(file)).isFile()) file = join(root, 'index.html');
  } catch {
    file = join(root, 'index.html');
  }
  try {
    const body = await readFile(file);
    const headers = { 'content-type': types[extname(file)] ?? 'application/octet-stream' };
    if (extname(file) === '.html' && new URL(req.url, 'http://x').searchParams.get('csp') === '1') {
      headers['content-security-policy'] = contentSecurityPolicy(body.toString());
    }
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
}).listen(Number(port), '127.0.0.1');
