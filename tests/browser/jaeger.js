// A stand-in for Jaeger's query API (v1) in the browser tests: Jaeger-format payloads answered
// through Playwright routing, with every request recorded.

export const nowUs = () => Date.now() * 1000;

let nextId = 1;
const hex = (n, width) => n.toString(16).padStart(width, '0');

/** A span in Jaeger's JSON; `refs` are CHILD_OF parents in the same trace. */
export function span(traceID, spanID, operationName, { start, duration, process = 'p1', parent, tags = [], logs = [] }) {
  return {
    traceID, spanID, operationName, startTime: start, duration, processID: process, flags: 1,
    references: parent ? [{ refType: 'CHILD_OF', traceID, spanID: parent }] : [],
    tags, logs, warnings: null,
  };
}

export const tag = (key, value) => ({
  key, value,
  type: typeof value === 'number' ? 'int64' : typeof value === 'boolean' ? 'bool' : 'string',
});

/**
 * A realistic small trace: an acontext-api HTTP server span calling acontext-core, which queries
 * postgres (a third service) twice. `start` is µs; `method`, `status` shape the root span.
 */
export function apiTrace({ start = nowUs() - 60e6, method = 'GET', route = '/api/v1/session/:id', status = 200, id } = {}) {
  const traceID = id ?? hex(nextId++, 16) + hex(Math.floor(Math.random() * 2 ** 32), 16);
  const s = (n) => hex(n, 16);
  const fail = status >= 500;
  return {
    traceID,
    spans: [
      span(traceID, s(1), `${method} ${route}`, {
        start, duration: 100_000,
        tags: [tag('span.kind', 'server'), tag('http.request.method', method), tag('http.route', route),
          tag('http.response.status_code', status), ...(fail ? [tag('otel.status_code', 'ERROR')] : [])],
      }),
      span(traceID, s(2), 'core call', { start: start + 10_000, duration: 60_000, parent: s(1), process: 'p2', tags: [tag('span.kind', 'server')] }),
      span(traceID, s(3), 'SELECT sessions', {
        start: start + 20_000, duration: 20_000, parent: s(2), process: 'p3',
        tags: [tag('db.system', 'postgresql'), tag('db.statement', 'SELECT * FROM sessions WHERE id = $1')],
        logs: [{ timestamp: start + 25_000, fields: [tag('event', 'rows fetched'), tag('rows', 3)] }],
      }),
      span(traceID, s(4), 'UPDATE sessions', { start: start + 45_000, duration: 5_000, parent: s(2), process: 'p3', tags: [tag('db.system', 'postgresql')] }),
    ],
    processes: {
      p1: { serviceName: 'acontext-api', tags: [tag('host.name', 'api-1')] },
      p2: { serviceName: 'acontext-core', tags: [tag('host.name', 'core-1')] },
      p3: { serviceName: 'postgres', tags: [] },
    },
    warnings: null,
  };
}

export const envelope = (traces) => ({ data: traces, total: 0, limit: 0, offset: 0, errors: null });
export const errorEnvelope = (code, msg) => ({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] });

/**
 * Routes /api/* for a page. `search(service, params)` answers a search: an array of traces, or
 * `{ status, body, delayMs, abort }`. Returns the recorded requests.
 */
export async function mockJaeger(page, { services = ['acontext-api', 'acontext-core', 'jaeger-all-in-one'], search = () => [], trace = () => null } = {}) {
  const requests = [];
  await page.route((url) => url.pathname.startsWith('/api/'), async (route) => {
    const url = new URL(route.request().url());
    requests.push(url);
    let answer;
    if (url.pathname === '/api/services') {
      answer = typeof services === 'function' ? services() : { status: 200, body: envelope(services) };
    } else if (url.pathname === '/api/traces') {
      answer = await search(url.searchParams.get('service'), url.searchParams, requests);
    } else if (url.pathname.startsWith('/api/traces/')) {
      const found = trace(url.pathname.slice('/api/traces/'.length));
      answer = found ? { status: 200, body: envelope([found]) } : { status: 404, body: errorEnvelope(404, 'trace not found') };
    }
    if (Array.isArray(answer)) answer = { status: 200, body: envelope(answer) };
    answer ??= { status: 200, body: envelope([]) };
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (answer.abort) return route.abort(answer.abort);
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    await route.fulfill({ status: answer.status ?? 200, contentType: answer.contentType ?? 'application/json', body });
  });
  return requests;
}

export const searches = (requests) => requests.filter((u) => u.pathname === '/api/traces');

/** Saves a screenshot of the current state as a test artifact. */
export async function keepScreenshot(page, name) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

/** The same trace as OTLP JSON, the way a Jaeger v2 api_v3 answer carries it. */
export function toOtlp(trace) {
  const value = (v) => (typeof v === 'number' ? { intValue: String(v) } : typeof v === 'boolean' ? { boolValue: v } : { stringValue: String(v) });
  const kinds = { server: 2, client: 3, producer: 4, consumer: 5, internal: 1 };
  const byProcess = new Map();
  for (const s of trace.spans) {
    if (!byProcess.has(s.processID)) byProcess.set(s.processID, []);
    const kind = s.tags.find((t) => t.key === 'span.kind')?.value;
    const failed = s.tags.some((t) => t.key === 'otel.status_code' && t.value === 'ERROR');
    const parent = s.references.find((r) => r.refType === 'CHILD_OF')?.spanID;
    byProcess.get(s.processID).push({
      traceId: s.traceID,
      spanId: s.spanID,
      ...(parent ? { parentSpanId: parent } : {}),
      name: s.operationName,
      kind: kinds[kind] ?? 1,
      startTimeUnixNano: String(BigInt(s.startTime) * 1000n),
      endTimeUnixNano: String(BigInt(s.startTime + s.duration) * 1000n),
      attributes: s.tags.filter((t) => t.key !== 'span.kind' && t.key !== 'otel.status_code').map((t) => ({ key: t.key, value: value(t.value) })),
      events: s.logs.map((l) => ({ timeUnixNano: String(BigInt(l.timestamp) * 1000n), attributes: l.fields.map((f) => ({ key: f.key, value: value(f.value) })) })),
      status: failed ? { code: 2 } : {},
    });
  }
  return [...byProcess.entries()].map(([pid, spans]) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: trace.processes[pid].serviceName } }] },
    scopeSpans: [{ scope: { name: 'tests' }, spans }],
  }));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A real HTTP server on a free loopback port, for what routing cannot do (answers that arrive in
 * pieces, stall, or are cut short); the page reaches it at `/jaeger/PORT/`. Close it with `close`.
 */
export async function loopbackServer(handler) {
  const { createServer } = await import('node:http');
  const server = createServer(handler);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    api: `/jaeger/${server.address().port}/api`,
    close() {
      server.close();
      server.closeAllConnections();
    },
  };
}
