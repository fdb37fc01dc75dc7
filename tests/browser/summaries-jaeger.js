// A stand-in for Jaeger v2.20's query API with trace summaries, built from what a real v2.20 was
// fed and answered (tests/fixtures/jaeger-v2.20, recorded 2026-12-06): the same spans, moved to
// end a minute ago; summaries computed as Jaeger computes them and listed in its storage order;
// parameters read and refused in its words.
import { readFileSync } from 'node:fs';

const dir = new URL('../fixtures/jaeger-v2.20/', import.meta.url);
export const recorded = (name) => readFileSync(new URL(name, dir), 'utf8');
/** The body of a recorded whole HTTP answer. */
export const bodyOf = (answer) => answer.split(/\r?\n\r?\n/).slice(1).join('\n\n');

const fed = JSON.parse(recorded('otlp-request.json'));
/** Jaeger's storage order: the order of its recorded answer for every service. */
const storageOrder = JSON.parse(bodyOf(recorded('v3-trace-summaries.all.txt'))).summaries.map((s) => s.traceId);

/** Every span fed, with its service, times moved by `shiftNs`. */
function spansOf(shiftNs) {
  return fed.resourceSpans.flatMap((rs) => {
    const service = rs.resource.attributes.find((a) => a.key === 'service.name').value.stringValue;
    return rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((span) => ({
        service,
        resource: rs.resource,
        scope: ss.scope,
        span: {
          ...span,
          startTimeUnixNano: String(BigInt(span.startTimeUnixNano) + shiftNs),
          endTimeUnixNano: String(BigInt(span.endTimeUnixNano) + shiftNs),
        },
      })),
    );
  });
}

/** A trace's summary as Jaeger writes it: zero values left out, 64-bit numbers as strings. */
export function summarize(spans) {
  const ids = new Set(spans.map((s) => s.span.spanId));
  const roots = spans.filter((s) => !s.span.parentSpanId).sort((a, b) => (BigInt(a.span.startTimeUnixNano) < BigInt(b.span.startTimeUnixNano) ? -1 : 1));
  const min = spans.reduce((m, s) => (BigInt(s.span.startTimeUnixNano) < m ? BigInt(s.span.startTimeUnixNano) : m), BigInt(spans[0].span.startTimeUnixNano));
  const max = spans.reduce((m, s) => (BigInt(s.span.endTimeUnixNano) > m ? BigInt(s.span.endTimeUnixNano) : m), 0n);
  const failed = (s) => s.span.status?.code === 2;
  const services = [...new Set(spans.map((s) => s.service))].sort().map((name) => {
    const own = spans.filter((s) => s.service === name);
    const errors = own.filter(failed).length;
    return { name, spanCount: own.length, ...(errors ? { errorSpanCount: errors } : {}) };
  });
  const errors = spans.filter(failed).length;
  const orphans = spans.filter((s) => s.span.parentSpanId && !ids.has(s.span.parentSpanId)).length;
  return {
    traceId: spans[0].span.traceId,
    ...(roots[0] ? { rootServiceName: roots[0].service, rootOperationName: roots[0].span.name } : {}),
    minStartTimeUnixNano: String(min),
    maxEndTimeUnixNano: String(max),
    spanCount: spans.length,
    ...(errors ? { errorSpanCount: errors } : {}),
    ...(orphans ? { orphanSpanCount: orphans } : {}),
    services,
  };
}

/** The traces fed, moved by `shiftNs`, in storage order: trace ID → spans. */
export function tracesOf(shiftNs = 0n) {
  const byTrace = new Map(storageOrder.map((id) => [id, []]));
  for (const s of spansOf(shiftNs)) byTrace.get(s.span.traceId).push(s);
  return byTrace;
}

const goDuration = (text) => {
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$/.exec(text);
  if (!m) return null;
  const unit = { ns: 1n, us: 1000n, µs: 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n }[m[2]];
  return BigInt(Math.round(Number(m[1]) * Number(unit)));
};

const attributeValue = (v) => v.stringValue ?? v.intValue ?? (v.boolValue !== undefined ? String(v.boolValue) : undefined);

/**
 * Jaeger's answer to `/api/v3/trace-summaries` with `params`: `{ status, body }`. A trace matches
 * when one of its spans matches every parameter given (service, operation, duration, attributes;
 * `error=true` means a span whose status is ERROR).
 */
export function answerSummaries(params, traces) {
  const pick = (...names) => names.map((n) => params.get(n)).find((v) => v !== null && v !== undefined) ?? null;
  const refuse = (status, message) => ({ status, body: { error: { httpCode: status, message } } });
  const minText = pick('query.startTimeMin', 'query.start_time_min');
  const maxText = pick('query.startTimeMax', 'query.start_time_max');
  if (!minText || !maxText) return refuse(400, 'query.startTimeMin and query.startTimeMax are required');
  const min = Date.parse(minText);
  const max = Date.parse(maxText);
  if (Number.isNaN(min)) return refuse(400, `malformed parameter query.startTimeMin: parsing time "${minText}" as "2006-01-02T15:04:05.999999999Z07:00": cannot parse "${minText}" as "2006"`);
  if (min >= max) return refuse(400, 'query.startTimeMin must be before query.startTimeMax');
  const depthText = pick('query.searchDepth', 'query.search_depth', 'query.num_traces') ?? '100';
  if (!/^-?\d+$/.test(depthText)) return refuse(400, `malformed parameter query.searchDepth: strconv.Atoi: parsing "${depthText}": invalid syntax`);
  const depth = Number(depthText);
  if (depth <= 0 || depth > 1000) return refuse(500, 'search depth must be greater than 0 and less than max traces');
  const durationMinText = pick('query.durationMin', 'query.duration_min');
  const durationMin = durationMinText === null ? null : goDuration(durationMinText);
  if (durationMinText !== null && durationMin === null) return refuse(400, `malformed parameter query.durationMin: time: missing unit in duration "${durationMinText}"`);
  let attributes = {};
  const attributesText = params.get('query.attributes');
  if (attributesText) {
    try {
      attributes = JSON.parse(attributesText);
    } catch {
      return refuse(400, `malformed parameter query.attributes: invalid character '${attributesText[0]}' looking for beginning of value`);
    }
  }
  const service = pick('query.serviceName', 'query.service_name');
  const operation = pick('query.operationName', 'query.operation_name');
  const spanMatches = (s) => {
    const start = Number(BigInt(s.span.startTimeUnixNano) / 1000000n);
    const duration = BigInt(s.span.endTimeUnixNano) - BigInt(s.span.startTimeUnixNano);
    return (
      start >= min &&
      start <= max &&
      (!service || s.service === service) &&
      (!operation || s.span.name === operation) &&
      (durationMin === null || duration >= durationMin) &&
      Object.entries(attributes).every(([key, value]) =>
        key === 'error'
          ? (s.span.status?.code === 2) === (value === 'true')
          : [...(s.span.attributes ?? []), ...s.resource.attributes].some((a) => a.key === key && attributeValue(a.value) === value),
      )
    );
  };
  const summaries = [...traces.values()].filter((spans) => spans.some(spanMatches)).slice(0, depth).map(summarize);
  return { status: 200, body: { summaries } };
}

/** One trace as api_v3 answers it: the OTLP envelope, its spans grouped by resource and scope. */
export function answerTrace(spans) {
  const byResource = new Map();
  for (const s of spans) {
    if (!byResource.has(s.resource)) byResource.set(s.resource, new Map());
    const scopes = byResource.get(s.resource);
    if (!scopes.has(s.scope)) scopes.set(s.scope, []);
    scopes.get(s.scope).push(s.span);
  }
  return {
    result: {
      resourceSpans: [...byResource].map(([resource, scopes]) => ({
        resource,
        scopeSpans: [...scopes].map(([scope, list]) => ({ scope, spans: list })),
      })),
    },
  };
}

/** One trace as Jaeger's v1 `/api/traces/{id}` answers it (v2.20 still has it, and so does
 * Jaeger's main branch, which dropped v1's services and search): Jaeger JSON, times in µs. */
export function answerV1Trace(spans) {
  const services = [...new Set(spans.map((s) => s.service))];
  const value = (v) => v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue;
  return {
    data: [{
      traceID: spans[0].span.traceId,
      spans: spans.map(({ service, span }) => ({
        traceID: span.traceId,
        spanID: span.spanId,
        operationName: span.name,
        references: span.parentSpanId ? [{ refType: 'CHILD_OF', traceID: span.traceId, spanID: span.parentSpanId }] : [],
        startTime: Number(BigInt(span.startTimeUnixNano) / 1000n),
        duration: Number((BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1000n),
        tags: [
          ...(span.attributes ?? []).map((a) => ({ key: a.key, type: 'string', value: String(value(a.value)) })),
          ...(span.status?.code === 2 ? [{ key: 'error', type: 'bool', value: true }] : []),
        ],
        logs: [],
        processID: `p${services.indexOf(service) + 1}`,
      })),
      processes: Object.fromEntries(services.map((name, i) => [`p${i + 1}`, { serviceName: name, tags: [] }])),
    }],
    total: 0, limit: 0, offset: 0, errors: null,
  };
}

/**
 * Routes /api/* of a page as Jaeger v2.20 answers it, the recorded traces ending a minute ago.
 * `summaries(params)` may replace the summaries answer (`{ status, body }`); a trace by ID comes
 * `traceDelayMs` late; `v1ById: false` answers v1's `/api/traces/{id}` as a Jaeger without it
 * (Go's plain 404). Returns the requests.
 */
export async function mockSummariesJaeger(page, { summaries, traceDelayMs = 0, v1ById = true } = {}) {
  const latestEnd = [...tracesOf().values()].flat().reduce((m, s) => (BigInt(s.span.endTimeUnixNano) > m ? BigInt(s.span.endTimeUnixNano) : m), 0n);
  const shift = BigInt(Date.now() - 60_000) * 1000000n - latestEnd;
  const traces = tracesOf(shift);
  const requests = [];
  await page.route((url) => url.pathname.startsWith('/api/'), async (route) => {
    const url = new URL(route.request().url());
    requests.push(url);
    const json = (status, body) => route.fulfill({ status, contentType: 'application/json', headers: { Connection: 'close', Traceresponse: '' }, body: JSON.stringify(body) });
    if (url.pathname === '/api/v3/trace-summaries') {
      const answer = summaries?.(url.searchParams) ?? answerSummaries(url.searchParams, traces);
      return json(answer.status, answer.body);
    }
    if (url.pathname === '/api/v3/services') return json(200, { services: ['frontend', 'customer'] });
    if (url.pathname.startsWith('/api/traces/') && v1ById) {
      if (traceDelayMs) await new Promise((r) => setTimeout(r, traceDelayMs));
      const spans = traces.get(url.pathname.split('/').pop());
      return spans ? json(200, answerV1Trace(spans)) : json(404, { data: null, errors: [{ code: 404, msg: 'trace not found' }] });
    }
    if (url.pathname.startsWith('/api/v3/traces/')) {
      if (traceDelayMs) await new Promise((r) => setTimeout(r, traceDelayMs));
      const spans = traces.get(url.pathname.split('/').pop());
      return spans ? json(200, answerTrace(spans)) : json(404, { error: { httpCode: 404, message: 'trace not found' } });
    }
    // v1's services and search: gone on Jaeger's main branch, which the list must not need.
    return route.fulfill({ status: 404, contentType: 'text/plain', body: '404 page not found' });
  });
  return { requests, traces };
}
