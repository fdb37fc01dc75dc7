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

/** A search answer of one trace padded to about `size` bytes by a long tag. */
function paddedAnswer(route, size) {
  const trace = apiTrace({ route });
  trace.spans[0].tags.push(tag('padding', 'x'.repeat(size)));
  return JSON.stringify({ data: [trace], total: 0, limit: 0, offset: 0, errors: null });
}

/** Writes `body` in `pieces` pieces `gapMs` apart, announcing its length. */
async function trickle(res, body, pieces, gapMs) {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  const step = Math.ceil(body.length / pieces);
  for (let at = 0; at < body.length; at += step) {
    res.write(body.slice(at, at + step));
    await sleep(gapMs);
  }
}

test('an answer that keeps sending for longer than the timeout is read to its end, its progress shown', async ({ page }) => {
  const server = await jaegerWith(['quick', 'long'], async (service, res) => {
    if (service === 'quick') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(paddedAnswer('/quick', 10));
    }
    // 400 KB over about 4 s with a 1 s timeout: never a second of silence.
    await trickle(res, paddedAnswer('/long', 400_000), 40, 100);
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
    const body = paddedAnswer('/stuck', 100_000);
    await trickle(res, body.slice(0, 50_000), 5, 50);
    // Then silence, the connection open.
  });
  try {
    await page.goto(`/?api=/jaeger/${server.address().port}/api&flavour=jaeger-v1&timeout=1`);
    const banner = page.getByRole('alert');
    await expect(banner).toContainText('Jaeger is slow: an answer stopped partway', { timeout: 6000 });
    await expect(banner).toContainText(/service=stuck.* stopped sending: nothing more for 1 s after 50 of 10\d KB in [\d.]+s\./);
    await expect(banner).not.toContainText('unreachable');
  } finally {
    server.close();
    server.closeAllConnections();
  }
});
