// Starts the real stack once for the whole browser run (e2e/stack.mjs): both Jaegers, the two
// services, one request of each kind, and 1,000 tracegen traces per Jaeger, all queryable before
// the first test. The stand-in tests ignore it; the real-Jaeger tests read target/e2e/stack.json,
// and fail with the reason written there when the stack could not start.
import { mkdirSync, writeFileSync } from 'node:fs';
import { JAEGERS, SCENARIOS, queryable, request, startJaeger, startServices, stopAll, tracegen } from '../../e2e/stack.mjs';

export const TRACEGEN_TRACES = 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls a v1 search until it yields `count` traces; resolves with them. */
async function search(jaeger, query, count, ms = 30_000) {
  const until = Date.now() + ms;
  for (;;) {
    const body = await (await fetch(`${jaeger.query}/api/traces?${query}`)).json();
    if ((body.data?.length ?? 0) >= count) return body.data;
    if (Date.now() > until) throw new Error(`Jaeger ${jaeger.version}: ${query} found ${body.data?.length ?? 0} of ${count} traces`);
    await sleep(200);
  }
}

export default async function globalSetup() {
  mkdirSync('target/e2e', { recursive: true });
  const started = Date.now();
  try {
    const jaegers = await Promise.all(JAEGERS.map(startJaeger));
    const services = await startServices(jaegers.map((j) => j.otlp));
    const traces = {};
    for (const kind of Object.keys(SCENARIOS)) traces[kind] = await request(services.api, kind);
    await Promise.all(jaegers.map((j) => queryable(j, Object.values(traces))));
    await Promise.all(jaegers.map((j) => tracegen(j, TRACEGEN_TRACES)));
    const batches = {};
    for (const j of jaegers) {
      const lookback = `start=${(started - 60_000) * 1000}&end=${(Date.now() + 60_000) * 1000}`;
      await search(j, `service=tracegen&limit=${TRACEGEN_TRACES}&${lookback}`, TRACEGEN_TRACES);
      // The batch job the background request queued: a trace of its own, linked back.
      [batches[j.version]] = (await search(j, `service=acontext-core&operation=compact%20batch&limit=5&${lookback}`, 1)).map((t) => t.traceID);
    }
    const stack = {
      jaegers: jaegers.map(({ process, ...jaeger }) => ({ ...jaeger, batch: batches[jaeger.version] })),
      api: services.api,
      traces,
      tracegen: TRACEGEN_TRACES,
      startedInMs: Date.now() - started,
    };
    writeFileSync('target/e2e/stack.json', JSON.stringify(stack, null, 2));
    console.log(`real stack: Jaeger ${jaegers.map((j) => j.version).join(' and ')} up and filled in ${stack.startedInMs} ms`);
  } catch (error) {
    await stopAll();
    writeFileSync('target/e2e/stack.json', JSON.stringify({ error: error.message }));
    console.error(`\n!!! the real stack did not start: ${error.message}\n!!! every real-Jaeger test fails with this reason\n`);
  }
  return stopAll;
}
