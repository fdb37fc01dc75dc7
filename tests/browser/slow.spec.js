// A slow backend is not a dead one: an answer that keeps sending is read to its end however long it
// takes (the timeout counts silence, not length), the list says how far each answer has come, and
// an answer that stops partway is called slow, with how much of it came.
import { test, expect } from '@playwright/test';
import { apiTrace, tag } from './jaeger.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A Jaeger on a loopback port whose services are answered by `answer(service, res)`. */
async function jaegerWith(services, answer) {
  const { createServer } = await import('node:http');
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/api/services') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ data: services }));
    }
    await answer(url.searchParams.get('service'), res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

/** A search answer of one trace starting at `start` (µs), padded to about `size` bytes. */
function paddedAnswer(route, start, size) {
  const trace = apiTrace({ route, start });
  trace.spans[0].tags.push(tag('padding', 'x'.repeat(size)));
  return JSON.stringify({ data: [trace], total: 0, limit: 0, offset: 0, errors: null });
}

/** Announces `body`'s length, then writes its first `upTo` bytes in `pieces` pieces `gapMs` apart. */
async function trickle(res, body, { pieces, gapMs, upTo = body.length }) {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  const step = Math.ceil(upTo / pieces);
  for (let at = 0; at < upTo; at += step) {
    res.write(body.slice(at, Math.min(at + step, upTo)));
    await sleep(gapMs);
  }
}

const now = () => Date.now() * 1000;

test('an answer that keeps sending for longer than the timeout is read to its end, its progress shown', async ({ page }) => {
  const server = await jaegerWith(['quick', 'long'], async (service, res) => {
    if (service === 'quick') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(paddedAnswer('/quick', now() - 60e6, 10));
    }
    // 400 KB over about 4 s with a 1 s timeout: never a second of silence.
    await trickle(res, paddedAnswer('/long', now() - 120e6, 400_000), { pieces: 40, gapMs: 100 });
    res.end();
  });
  try {
    await page.goto(`/?api=/jaeger/${server.address().port}/api&flavour=jaeger-v1&timeout=1`);
    const progress = page.getByRole('status').filter({ hasText: "long's answer" });
    await expect(progress).toContainText(/Loading — long's answer: [\d.]+ of 40\d KB; quick's answer: done/, { timeout: 4000 });
    await expect(page.locator('.td-trace-op')).toHaveText(['GET /quick', 'GET /long'], { timeout: 10_000 });
    await expect(progress).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
  } finally {
    server.close();
    server.closeAllConnections();
  }
});

test('an answer that stops partway is called slow, with how much of it came, not unreachable', async ({ page }) => {
  const server = await jaegerWith(['stuck'], async (_service, res) => {
    await trickle(res, paddedAnswer('/stuck', now() - 60e6, 100_000), { pieces: 5, gapMs: 50, upTo: 50_000 });
    // Then silence, the connection open.
  });
  try {
    await page.goto(`/?api=/jaeger/${server.address().port}/api&flavour=jaeger-v1&timeout=1`);
    const banner = page.getByRole('alert');
    await expect(banner).toContainText('Jaeger is slow: an answer stopped partway', { timeout: 6000 });
    await expect(banner).toContainText(/service=stuck.* stopped sending after 50 of 10\d KB \(in [\d.]+m?s\): nothing more for 1 s\./);
    await expect(banner).not.toContainText('unreachable');
  } finally {
    server.close();
    server.closeAllConnections();
  }
});
