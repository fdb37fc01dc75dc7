// Generated Jaeger payloads for the browser benchmark: realistic span trees of any size.

const hex = (n, width = 16) => n.toString(16).padStart(width, '0');

/**
 * One trace of `count` spans shaped like real services: each span has 1–6 children, HTTP/DB tags,
 * and an occasional log. `startUs` is when the root starts.
 */
export function bigTrace(count, startUs, seed = 1) {
  const traceID = hex(seed, 16) + hex(count, 16);
  const spans = [];
  let parent = 0;
  let left = 3;
  for (let i = 0; i < count; i++) {
    let ref = null;
    if (i > 0) {
      if (left === 0) {
        parent += 1;
        left = 1 + ((parent * 7919) % 6);
      }
      left -= 1;
      ref = parent;
    }
    const start = startUs + i * 3;
    spans.push({
      traceID,
      spanID: hex(i + 1),
      operationName: i % 3 === 0 ? 'GET /api/v1/session/:session_id' : 'SELECT acontext.sessions',
      references: ref === null ? [] : [{ refType: 'CHILD_OF', traceID, spanID: hex(ref + 1) }],
      startTime: start,
      duration: Math.max(1, count * 3 - i * 3 + (i % 97)),
      tags: [
        { key: 'span.kind', type: 'string', value: i % 2 === 0 ? 'server' : 'client' },
        { key: 'http.request.method', type: 'string', value: 'GET' },
        { key: 'http.response.status_code', type: 'int64', value: i % 500 === 0 ? 503 : 200 },
        { key: 'db.system', type: 'string', value: 'postgresql' },
      ],
      logs: i % 10 === 0 ? [{ timestamp: start + 1, fields: [{ key: 'event', type: 'string', value: 'retry' }] }] : [],
      processID: `p${(i % 4) + 1}`,
      warnings: null,
    });
  }
  const processes = {};
  for (let p = 1; p <= 4; p++) {
    processes[`p${p}`] = { serviceName: p === 1 ? 'acontext-api' : p === 2 ? 'acontext-core' : `service-${p}`, tags: [] };
  }
  return { traceID, spans, processes, warnings: null };
}

/** A list of `n` small traces (8–40 spans) ending at `nowUs`; `offset` shifts which ones. */
export function traceList(n, nowUs, offset = 0) {
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    return bigTrace(8 + (i % 33), nowUs - (i + 1) * 20e6, 1000 + i);
  });
}

export const envelope = (data) => JSON.stringify({ data, total: 0, limit: 0, offset: 0, errors: null });

/** A trace whose `count` spans are all children of the root (a fan-out), over `services`. */
export function fanoutTrace(count, startUs, seed, services) {
  const t = bigTrace(count, startUs, seed);
  for (const [i, span] of t.spans.entries()) {
    span.references = i === 0 ? [] : [{ refType: 'CHILD_OF', traceID: t.traceID, spanID: t.spans[0].spanID }];
    span.processID = `p${(i % services.length) + 1}`;
  }
  t.processes = Object.fromEntries(services.map((name, i) => [`p${i + 1}`, { serviceName: name, tags: [] }]));
  return t;
}

/** A trace of `count` spans each the child of the one before (a chain), all of one service. */
export function chainTrace(count, startUs, seed, service) {
  const t = bigTrace(count, startUs, seed);
  for (const [i, span] of t.spans.entries()) {
    span.references = i === 0 ? [] : [{ refType: 'CHILD_OF', traceID: t.traceID, spanID: t.spans[i - 1].spanID }];
    span.processID = 'p1';
  }
  t.processes = { p1: { serviceName: service, tags: [] } };
  return t;
}

/**
 * The last 15 minutes of a busy system, as issue 17 describes it: a 100,000-span trace over four
 * services, a 30,000-span fan-out over three, a 50,000-deep chain of one, and 20 small traces.
 * Returns `{ services, traces, big }`, `big` being the 100k trace's ID.
 */
export function bigWindow(nowUs) {
  const big = bigTrace(100_000, nowUs - 5 * 60e6, 7);
  const traces = [
    big,
    fanoutTrace(30_000, nowUs - 4 * 60e6, 8, ['acontext-api', 'acontext-core', 'service-3']),
    chainTrace(50_000, nowUs - 3 * 60e6, 9, 'service-4'),
    ...traceList(20, nowUs),
  ];
  const services = [...new Set(traces.flatMap((t) => Object.values(t.processes).map((p) => p.serviceName)))];
  return { services, traces, big: big.traceID };
}

/**
 * Jaeger's trace summaries of Jaeger JSON traces, as `/api/v3/trace-summaries` (v2.19+) writes
 * them: root = the earliest span without a parent, errors = spans tagged `error`, orphans = spans
 * whose parent is not in the trace, zero values left out, 64-bit numbers as strings.
 */
export function summariesOf(traces) {
  return traces.map((t) => {
    const ids = new Set(t.spans.map((s) => s.spanID));
    const parentOf = (s) => s.references.find((r) => r.refType === 'CHILD_OF')?.spanID;
    const service = (s) => t.processes[s.processID].serviceName;
    const failed = (s) => s.tags.some((tag) => tag.key === 'error' && String(tag.value) === 'true');
    let root = null;
    let min = Infinity;
    let max = 0;
    const services = new Map();
    let errors = 0;
    let orphans = 0;
    for (const s of t.spans) {
      const parent = parentOf(s);
      if (!parent && (!root || s.startTime < root.startTime)) root = s;
      if (parent && !ids.has(parent)) orphans += 1;
      min = Math.min(min, s.startTime);
      max = Math.max(max, s.startTime + s.duration);
      const own = services.get(service(s)) ?? { name: service(s), spanCount: 0 };
      own.spanCount += 1;
      if (failed(s)) {
        errors += 1;
        own.errorSpanCount = (own.errorSpanCount ?? 0) + 1;
      }
      services.set(own.name, own);
    }
    return {
      traceId: t.traceID,
      ...(root ? { rootServiceName: service(root), rootOperationName: root.operationName } : {}),
      minStartTimeUnixNano: `${min}000`,
      maxEndTimeUnixNano: `${max}000`,
      spanCount: t.spans.length,
      ...(errors ? { errorSpanCount: errors } : {}),
      ...(orphans ? { orphanSpanCount: orphans } : {}),
      services: [...services.values()].sort((a, b) => a.name.localeCompare(b.name)),
    };
  });
}
