// A real tracing stack on loopback: real Jaegers built from the Go module proxy (scripts/setup.sh,
// `setup_real_stack`), the Go service standing in for acontext-api and the Python one for
// acontext-core, both exporting OTLP/HTTP to every Jaeger, and Jaeger's own tracegen for volume.
// Every port is a free loopback port; logs go to target/e2e/logs/.
//
// Used by the browser tests (tests/real/global-setup.mjs) and by `scripts/serve --jaeger`:
//   node e2e/stack.mjs serve [VERSION]   one Jaeger (default: what Acontext deploys) and a trickle
//                                        of Acontext-like requests, until interrupted; prints the
//                                        Jaeger's query URL as JSON on its first line.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where scripts/setup.sh leaves the built programs and the Python environment. */
export const binDir = join(root, 'target', 'e2e', 'bin');
const logDir = join(root, 'target', 'e2e', 'logs');

/**
 * The Jaegers under test. `version` is Jaeger's release, `module` the Go module version it is
 * built from (v2 releases carry v1.x module versions: module v1.75.0 is both 1.75.0 and v2.12.0),
 * `binary` the built program. Module v1.75.0 is the only Jaeger release this project's machines
 * approve (see docs/backends.md).
 */
export const JAEGERS = [
  { version: '1.75.0', module: 'v1.75.0', binary: 'jaeger-all-in-one-v1.75.0', deployedByAcontext: true },
  { version: '2.12.0', module: 'v1.75.0', binary: 'jaeger-v2.12.0' },
];

/**
 * A free TCP port on 127.0.0.1: free when asked, so another process could take it before the
 * program meant for it binds it; a program that then fails to start says so in its log.
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Every program this module started and that has not exited: `stopAll` ends them. */
const running = new Set();
// Whatever way this process ends, nothing it started outlives it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts a program with its stderr in target/e2e/logs/NAME.log; returns the child. Its stdout is
 * the caller's to read (`listening`) or to send to the log too (`logStdout`).
 */
function start(name, command, args, env = {}) {
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, `${name}.log`));
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.pipe(log);
  child.log = log;
  child.on('error', (error) => log.write(`could not start ${command}: ${error.message}\n`));
  child.name = name;
  running.add(child);
  child.on('exit', () => running.delete(child));
  return child;
}

/** Sends a program's stdout to its log as well, so a chatty one never blocks on a full pipe. */
function logStdout(child) {
  child.stdout.pipe(child.log);
  return child;
}

/** The port a service printed as `{"listening": PORT}` on its first line. */
function listening(child) {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line).listening);
      } catch {
        reject(new Error(`${child.name} printed ${line}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`${child.name} exited (${code}); see target/e2e/logs/${child.name}.log`)));
  });
}

/** Polls `url` until it answers 200 or `ms` pass. */
async function ready(url, child, ms = 30_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${child.name} exited (${child.exitCode}); see target/e2e/logs/${child.name}.log`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${child.name} did not answer ${url} within ${ms} ms`);
}

/**
 * Starts one Jaeger on free loopback ports, in-memory, not tracing itself.
 * Resolves with `{ version, query, otlp, process }`, `query` being the query service's base URL
 * (UI, `/api`, `/api/v3`) and `otlp` the OTLP/HTTP receiver's.
 */
export async function startJaeger(jaeger) {
  const [http, grpc, otlpHttp, otlpGrpc, admin, collectorHttp, collectorGrpc] = await Promise.all(
    Array.from({ length: 7 }, freePort),
  );
  const bin = join(binDir, jaeger.binary);
  const name = `jaeger-${jaeger.version}`;
  const child = logStdout(jaeger.version.startsWith('1.')
    ? start(name, bin, [
        '--memory.max-traces=100000',
        `--query.http-server.host-port=127.0.0.1:${http}`,
        `--query.grpc-server.host-port=127.0.0.1:${grpc}`,
        `--collector.otlp.http.host-port=127.0.0.1:${otlpHttp}`,
        `--collector.otlp.grpc.host-port=127.0.0.1:${otlpGrpc}`,
        `--collector.http-server.host-port=127.0.0.1:${collectorHttp}`,
        `--collector.grpc-server.host-port=127.0.0.1:${collectorGrpc}`,
        `--admin.http.host-port=127.0.0.1:${admin}`,
        '--log-level=warn',
      ], {
        // v1 traces itself through the OpenTelemetry SDK, which honours this; otherwise a
        // `jaeger-all-in-one` service would appear in every list.
        OTEL_TRACES_SAMPLER: 'always_off',
        SPAN_STORAGE_TYPE: 'memory',
      })
    : start(name, bin, ['--config', join(root, 'e2e', 'jaeger', 'v2.yaml')], {
        JAEGER_QUERY_HTTP_PORT: String(http),
        JAEGER_QUERY_GRPC_PORT: String(grpc),
        JAEGER_OTLP_HTTP_PORT: String(otlpHttp),
        OTEL_TRACES_SAMPLER: 'always_off',
        OTEL_SDK_DISABLED: 'true',
      }));
  const query = `http://127.0.0.1:${http}`;
  await ready(`${query}/api/services`, child);
  return { version: jaeger.version, module: jaeger.module, deployedByAcontext: !!jaeger.deployedByAcontext, query, otlp: `http://127.0.0.1:${otlpHttp}`, process: child };
}

/**
 * Starts acontext-core (Python) and acontext-api (Go), both exporting to every `otlp` URL.
 * Resolves with `{ api, processes }`: acontext-api's base URL and both children.
 */
export async function startServices(otlp) {
  const core = start('acontext-core', join(binDir, 'python'), [join(root, 'e2e', 'core', 'core.py'), '--otlp', otlp.join(',')]);
  const corePort = await listening(core);
  const api = start('acontext-api', join(binDir, 'acontext-api'), ['-core', `http://127.0.0.1:${corePort}`, '-otlp', otlp.join(',')]);
  const apiPort = await listening(api);
  for (const child of [core, api]) logStdout(child);
  return { api: `http://127.0.0.1:${apiPort}`, processes: [core, api] };
}

/**
 * The requests Acontext's dashboard users make, one of each kind, each answered with its trace ID
 * (`x-trace-id`). `spans` is how many spans each trace holds once both services have exported.
 */
export const SCENARIOS = {
  read: { method: 'GET', path: (s) => `/api/v1/session/${s}`, status: 200, spans: 7 },
  llm: { method: 'POST', path: (s) => `/api/v1/session/${s}/messages`, status: 200, spans: 6 },
  failure: { method: 'GET', path: (s) => `/api/v1/session/${s}/fail`, status: 500, spans: 4 },
  background: { method: 'POST', path: (s) => `/api/v1/session/${s}/flush`, status: 202, spans: 5 },
};

/** Makes one request of a scenario; resolves with `{ traceId, status, spans }`. */
export async function request(api, kind, session = `sess-${Math.random().toString(16).slice(2, 10)}`) {
  const scenario = SCENARIOS[kind];
  const res = await fetch(api + scenario.path(session), { method: scenario.method });
  await res.arrayBuffer();
  return { kind, traceId: res.headers.get('x-trace-id'), status: res.status, spans: scenario.spans };
}

/**
 * Waits until Jaeger's v1 API returns each trace with all its spans (ingestion is asynchronous).
 * `traces` are `{ traceId, spans }`. Throws after `ms`.
 */
export async function queryable(jaeger, traces, ms = 30_000) {
  const until = Date.now() + ms;
  for (const { traceId, spans } of traces) {
    for (;;) {
      const res = await fetch(`${jaeger.query}/api/traces/${traceId}`).catch(() => null);
      const body = res?.ok ? await res.json() : null;
      if ((body?.data?.[0]?.spans?.length ?? 0) >= spans) break;
      if (Date.now() > until) throw new Error(`Jaeger ${jaeger.version} never returned trace ${traceId} with ${spans} spans`);
      await sleep(200);
    }
  }
}

/** Jaeger's cmd/tracegen: `count` traces of service `tracegen` into one Jaeger over OTLP/HTTP. */
export function tracegen(jaeger, count) {
  return new Promise((resolve, reject) => {
    const child = start(`tracegen-${jaeger.version}`, join(binDir, 'tracegen'), [
      '-traces', String(count), '-workers', '1', '-pause', '0s', '-trace-exporter', 'otlp-http',
      '-service', 'tracegen',
    ], { OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlp, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${jaeger.otlp}/v1/traces` });
    logStdout(child);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tracegen exited ${code}; see target/e2e/logs/tracegen-${jaeger.version}.log`))));
  });
}

/** Stops every program this module started and that still runs, politely first. */
export async function stopAll() {
  const children = [...running];
  for (const child of children) child.kill('SIGTERM');
  const until = Date.now() + 2_000;
  while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < until) await sleep(50);
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** `node e2e/stack.mjs serve [VERSION]`: one Jaeger and live traffic, for `scripts/serve --jaeger`. */
async function serve(version = JAEGERS.find((j) => j.deployedByAcontext).version) {
  const which = JAEGERS.find((j) => j.version === version);
  if (!which) throw new Error(`no Jaeger ${version} here; choose one of ${JAEGERS.map((j) => j.version).join(', ')}`);
  const quit = async () => {
    await stopAll();
    process.exit(0);
  };
  process.on('SIGHUP', quit);
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
  const jaeger = await startJaeger(which);
  const services = await startServices([jaeger.otlp]);
  console.log(JSON.stringify({ jaeger: jaeger.query, version: jaeger.version }));
  await tracegen(jaeger, 50);
  const kinds = Object.keys(SCENARIOS);
  // Mostly reads, some LLM turns, the odd failure and flush: a dashboard's day, compressed.
  const weights = ['read', 'read', 'read', 'llm', 'llm', 'failure', 'background'];
  for (let n = 0; ; n++) {
    const kind = n < kinds.length ? kinds[n] : weights[Math.floor(Math.random() * weights.length)];
    await request(services.api, kind).catch((error) => console.error(`request failed: ${error.message}`));
    await sleep(1_000 + Math.random() * 2_000);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  if (command !== 'serve') {
    console.error('usage: node e2e/stack.mjs serve [JAEGER_VERSION]');
    process.exit(2);
  }
  serve(...args).catch(async (error) => {
    console.error(error.message);
    await stopAll();
    process.exit(1);
  });
}
