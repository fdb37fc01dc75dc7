// A slow backend is not a dead one: an answer that keeps sending is read to its end however long it
// takes (the timeout counts silence, not length), the list says how far each answer has come, and
// an answer that stops partway is called slow, with how much of it came.
import { test, expect } from '@playwright/test';
import { apiTrace, envelope, loopbackServer, sleep, tag } from './jaeger.js';

const now = () => Date.now() * 1000;

/** A search answer of one trace starting at `start` (µs), padded to about `size` bytes. */
function paddedAnswer(route, start, size) {
  const trace = apiTrace({ route, start });
  trace.spans[0].tags.push(tag('padding', 'x'.repeat(size)));
  return JSON.stringify(envelope([trace]));
}

/** A Jaeger whose services list is `services` and whose searches `answer(service, res)` answers. */
function jaegerWith(services, answer) {
  return loopbackServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/api/services') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ data: services }));
    }
    await answer(url.searchParams.get('service'), res);
  });
}

/** Announces `body`'s length and begins writing it. */
const begin = (res, body) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });

test('an answer that keeps sending for longer than the timeout is read to its end, its progress shown', async ({ page }) => {
  let seen;
  const lineSeen = new Promise((r) => { seen = r; });
  const server = await jaegerWith(['quick', 'long'], async (service, res) => {
    if (service === 'quick') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(paddedAnswer('/quick', now() - 60e6, 10));
    }
    // 1 KB every 100 ms (never two seconds of silence) until the test has read the progress
    // line, then the rest at once: however slow the runner, the line is there to be read.
    const body = paddedAnswer('/long', now() - 120e6, 400_000);
    begin(res, body);
    let at = 0;
    let waiting = true;
    lineSeen.then(() => { waiting = false; });
    while (waiting && at < body.length - 1000) {
      res.write(body.slice(at, at + 1000));
      at += 1000;
      await sleep(100);
    }
    res.end(body.slice(at));
  });
  try {
    await page.goto(`/?api=${server.api}&flavour=jaeger-v1&timeout=2`);
    const progress = page.getByRole('status').filter({ hasText: "long's answer" });
    await expect(progress).toContainText(/Loading, 1 trace read — long's answer: [\d.]+ (KB )?of 40\d KB; quick's answer: done, [\d.]+ KB/, { timeout: 15_000 });
    seen();
    await expect(page.locator('.td-trace-op')).toHaveText(['GET /quick', 'GET /long'], { timeout: 15_000 });
    await expect(progress).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
  } finally {
    seen();
    server.close();
  }
});

test('an answer that stops partway is called slow, with how much of it came, not unreachable', async ({ page }) => {
  const byId = [];
  const server = await jaegerWith(['stuck'], async (service, res) => {
    if (!service) {
      byId.push(res.req.url);
      return res.writeHead(404).end();
    }
    const body = paddedAnswer('/stuck', now() - 60e6, 100_000);
    begin(res, body);
    for (let at = 0; at < 50_000; at += 10_000) {
      res.write(body.slice(at, at + 10_000));
      await sleep(50);
    }
    // Then silence, the connection open.
  });
  try {
    await page.goto(`/?api=${server.api}&flavour=jaeger-v1&timeout=1`);
    const banner = page.getByRole('alert');
    await expect(banner).toContainText('Jaeger is slow: an answer stopped partway', { timeout: 15_000 });
    await expect(banner).toContainText(/service=stuck.* stopped sending after 50 of 10\d KB \(in [\d.]+m?s\): nothing more for 1 s\./);
    await expect(banner).toContainText('Jaeger is there but slow to send. A shorter range or one service asks for less');
    await expect(banner).not.toContainText('unreachable');
    // The trace the stalled answer had begun is not asked for again of a backend that stalls.
    expect(byId).toEqual([]);
  } finally {
    server.close();
  }
});

test('rows show as each trace is read while the answer still arrives, counted in the progress line', async ({ page }) => {
  let release;
  const released = new Promise((r) => { release = r; });
  const server = await jaegerWith(['acontext-core'], async (service, res) => {
    const traces = ['/first', '/second', '/third'].map((route, i) => apiTrace({ route, start: now() - (10 + i) * 1e6 }));
    const body = JSON.stringify(envelope(traces));
    const second = body.indexOf(JSON.stringify(traces[1]));
    begin(res, body);
    // The first trace whole, then a part of the second; the rest once the test has looked.
    res.write(body.slice(0, second + 40));
    await Promise.race([released, sleep(20_000)]);
    res.end(body.slice(second + 40));
  });
  try {
    await page.goto(`/?api=${server.api}&flavour=jaeger-v1&timeout=30`);
    const rows = page.locator('.td-trace-op');
    await expect(rows).toHaveText(['GET /first'], { timeout: 15_000 });
    await expect(page.getByRole('region', { name: 'Recent traces' })).toHaveAttribute('aria-busy', 'true');
    await expect(page.getByRole('status').filter({ hasText: "acontext-core's answer" }))
      .toHaveText(/^Loading, 1 trace read — acontext-core's answer: [\d.]+ of [\d.]+ KB$/);
    release();
    await expect(rows).toHaveText(['GET /first', 'GET /second', 'GET /third']);
    await expect(page.getByRole('region', { name: 'Recent traces' })).toHaveAttribute('aria-busy', 'false');
    // Rows that were there all along are not "new".
    await expect(page.locator('.td-new')).toHaveCount(0);
  } finally {
    release();
    server.close();
  }
});
