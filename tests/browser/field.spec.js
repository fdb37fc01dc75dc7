// Traces as they come from the field: Zipkin's shared client/server span IDs, base64 IDs,
// nanosecond times, broken times, references into other traces, and no Jaeger behind /api.
import { test, expect } from '@playwright/test';
import { envelope, mockJaeger, nowUs, span, tag } from './jaeger.js';

/** `front` calls `back` with one span ID for both sides of the call (Zipkin style). */
function checkout(traceID) {
  const start = nowUs() - 60e6;
  const id = (n) => n.toString(16).padStart(16, '0');
  return {
    traceID,
    spans: [
      span(traceID, id(1), 'POST /checkout', { start, duration: 600_000, tags: [tag('span.kind', 'server')] }),
      span(traceID, id(2), 'GET /items client', { start: start + 10_000, duration: 500_000, parent: id(1), tags: [tag('span.kind', 'client')] }),
      span(traceID, id(2), 'GET /items server', { start: start + 20_000, duration: 480_000, parent: id(1), process: 'p2', tags: [tag('span.kind', 'server'), tag('handler', 'items')] }),
      span(traceID, id(3), 'SELECT items', { start: start + 30_000, duration: 100_000, parent: id(2), process: 'p2' }),
    ],
    processes: { p1: { serviceName: 'front', tags: [] }, p2: { serviceName: 'back', tags: [] } },
    warnings: null,
  };
}

const asFile = (name, json) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });

test("the server side of a shared span ID is the client's child, and its own detail opens and survives a reload", async ({ page }) => {
  const trace = checkout('c0ffee0000000000c0ffee0000000001');
  await mockJaeger(page, { services: ['front'], search: () => [trace], trace: (id) => (id === trace.traceID ? trace : null) });
  await page.goto(`/?trace=${trace.traceID}`);
  const tree = page.locator('.td-opened');
  const row = (op) => tree.locator('.td-span').filter({ has: page.locator('.td-span-op', { hasText: op }) });
  await expect(tree.locator('.td-span-op')).toHaveText(['POST /checkout', 'GET /items client', 'GET /items server', 'SELECT items']);
  // Depth: root 1, client 2, server 3 (under the client), its query 4 (under the server).
  await expect(row('GET /items server')).toHaveAttribute('aria-level', '3');
  await expect(row('SELECT items')).toHaveAttribute('aria-level', '4');
  await expect(tree.getByText('duplicate ID')).toHaveCount(0);

  await row('GET /items server').click();
  const detail = tree.getByRole('complementary', { name: 'Span detail' });
  await expect(detail.getByRole('heading', { level: 3 })).toHaveText('GET /items server');
  const shared = detail.locator('.td-detail-info');
  await expect(shared).toContainText('Shares its span ID with the client span in front');
  // Information, not a problem: not in the error colour the repair notes use.
  await expect(detail.locator('.td-detail-note')).toHaveCount(0);
  await expect(detail).toContainText('handler');
  await expect(page).toHaveURL(/[?&]span=0000000000000002~2(&|$)/);

  await page.reload();
  const again = page.locator('.td-opened').getByRole('complementary', { name: 'Span detail' });
  await expect(again.getByRole('heading', { level: 3 })).toHaveText('GET /items server');
  await expect(page.locator('.td-opened .td-span.td-selected .td-span-op')).toHaveText('GET /items server');

  // The client side keeps the plain ID.
  await page.locator('.td-opened .td-span').filter({ hasText: 'GET /items client' }).click();
  await expect(page).toHaveURL(/[?&]span=0000000000000002(&|$)/);
  await expect(page.locator('.td-opened').getByRole('complementary', { name: 'Span detail' }).getByRole('heading', { level: 3 })).toHaveText('GET /items client');
});

test('a reference into another trace names it and opens it', async ({ page }) => {
  const producer = checkout('aaaa0000000000000000000000000001');
  const consumer = checkout('bbbb0000000000000000000000000002');
  consumer.spans[0].operationName = 'consume order';
  consumer.spans[0].references = [{ refType: 'FOLLOWS_FROM', traceID: producer.traceID, spanID: '0000000000000003' }];
  const traces = { [producer.traceID]: producer, [consumer.traceID]: consumer };
  await mockJaeger(page, { services: ['front'], search: () => [], trace: (id) => traces[id] ?? null });
  await page.goto(`/?trace=${consumer.traceID}&span=0000000000000001`);
  const detail = page.getByRole('complementary', { name: 'Span detail' });
  await expect(detail.locator('.td-refs').first()).toContainText(`follows from 0000000000000003 in trace ${producer.traceID}`);
  await detail.getByRole('button', { name: 'Open trace' }).click();
  await expect(page.locator('.td-opened .td-span-op').first()).toHaveText('POST /checkout');
  await expect(page.locator('.td-opened .td-trace-id')).toHaveText(producer.traceID.slice(0, 7));
});

test('base64 IDs, nanosecond spans and a missing end time read as what they are', async ({ page }) => {
  await mockJaeger(page, { services: ['front'], search: () => [] });
  await page.goto('/');
  const t0 = BigInt(nowUs() - 60e6) * 1000n;
  const ns = (n) => String(t0 + BigInt(n));
  const otlp = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'acontext-core' } }] },
      scopeSpans: [{
        spans: [
          { traceId: 'XgyTodeyT2iFweDyqbPUxw==', spanId: 'AAAAAAAAAAE=', parentSpanId: 'AAAAAAAAAAA=', name: 'handle', startTimeUnixNano: ns(0), endTimeUnixNano: ns(2_000_000) },
          { traceId: 'XgyTodeyT2iFweDyqbPUxw==', spanId: 'fB46W50vSmE=', parentSpanId: 'AAAAAAAAAAE=', name: 'cache hit', startTimeUnixNano: ns(100_000), endTimeUnixNano: ns(100_800) },
          { traceId: 'XgyTodeyT2iFweDyqbPUxw==', spanId: 'AAAAAAAAAAM=', parentSpanId: 'AAAAAAAAAAE=', name: 'stream', startTimeUnixNano: ns(500_000) },
        ],
      }],
    }],
  };
  await page.locator('.td-file-input').setInputFiles(asFile('proto.json', otlp));
  const item = page.locator('.td-trace');
  await expect(item.locator('.td-trace-id')).toHaveText('5e0c93a');
  await expect(item.locator('.td-jaeger-link')).toHaveAttribute('href', /\/trace\/5e0c93a1d7b24f6885c1e0f2a9b3d4c7$/);
  await item.locator('.td-trace-toggle').click();
  // The root's zero parent is no parent: no "parent missing", no reference.
  await expect(item.getByText('parent missing')).toHaveCount(0);
  const row = (op) => item.locator('.td-span').filter({ has: page.locator('.td-span-op', { hasText: op }) });
  await expect(row('cache hit').locator('.td-bar')).toHaveAttribute('title', '800ns');
  await expect(row('stream')).toContainText('no end time');

  await row('cache hit').click();
  const detail = item.getByRole('complementary', { name: 'Span detail' });
  await expect(detail.locator('.td-span-id')).toHaveText('Span 7c1e3a5b9d2f4a61');
  await expect(detail.locator('.td-fact').filter({ hasText: 'Duration' })).toContainText('800ns');
  // The base64 parent reads as its hex ID, a jump to the span it names.
  await expect(detail.locator('.td-refs')).toHaveText('→ child of acontext-core · handle 0000000000000001');

  await row('stream').click();
  await expect(detail).toContainText('End time missing: its duration is unknown, drawn as 0.');
  await expect(detail).not.toContainText('Negative duration');
  await expect(item).toContainText('1 span with broken times');
});

test('a trace opened by ID that is also listed is drawn once', async ({ page }) => {
  const trace = checkout('dddd0000000000000000000000000004');
  await mockJaeger(page, { services: ['front'], search: () => [trace], trace: (id) => (id === trace.traceID ? trace : null) });
  await page.goto('/');
  await expect(page.locator('.td-trace-op')).toHaveText(['POST /checkout']);
  await page.getByRole('textbox', { name: 'Trace ID' }).fill(trace.traceID);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.locator('.td-opened .td-span')).toHaveCount(4);
  // One tree on the page; the list's row says where it is and brings it down when clicked.
  await expect(page.locator('.td-span-op', { hasText: 'SELECT items' })).toHaveCount(1);
  const listed = page.locator('.td-trace').filter({ hasText: 'open above' });
  await expect(listed).toHaveCount(1);
  await listed.locator('.td-trace-toggle').click();
  await expect(page.locator('.td-opened')).toHaveCount(0);
  await expect(page.locator('.td-span-op', { hasText: 'SELECT items' })).toHaveCount(1);
});

test('a plain web server where Jaeger belongs is named as no Jaeger, with the demo offered', async ({ page }) => {
  await page.route((url) => url.pathname.startsWith('/api/'), (route) => route.fulfill({
    status: 404, contentType: 'text/html', body: '<!doctype html><html><body><h1>404 Not Found</h1></body></html>',
  }));
  await page.goto('/');
  const banner = page.getByRole('alert');
  await expect(banner).toContainText('no Jaeger query service answers at this address');
  await expect(banner).toContainText('/api/services answered with HTTP 404');
  await expect(banner).not.toContainText('Jaeger reported an error');
  await expect(banner).toContainText("Jaeger's query API listens on port 16686");
  await banner.getByRole('button', { name: 'Try the demo data' }).click();
  await expect(page.locator('.td-trace')).toHaveCount(50);
});

test('a link from a file trace to another in the same file opens it without asking a backend', async ({ page }) => {
  await mockJaeger(page, { services: ['front'], search: () => [] });
  const first = checkout('eeee0000000000000000000000000005');
  const second = checkout('ffff0000000000000000000000000006');
  second.spans[0].operationName = 'retry checkout';
  second.spans[0].references = [{ refType: 'FOLLOWS_FROM', traceID: first.traceID, spanID: '0000000000000001' }];
  await page.goto('/');
  const asked = [];
  await page.locator('.td-file-input').setInputFiles(asFile('pair.json', envelope([first, second])));
  page.on('request', (r) => r.url().includes('/api/') && asked.push(r.url()));
  await page.locator('.td-trace').filter({ hasText: 'retry checkout' }).locator('.td-trace-toggle').click();
  await page.locator('.td-span').filter({ hasText: 'retry checkout' }).click();
  await page.getByRole('complementary', { name: 'Span detail' }).getByRole('button', { name: 'Open trace' }).click();
  await expect(page.locator('.td-opened .td-trace-op')).toHaveText('POST /checkout');
  expect(asked).toEqual([]);
});

test('a search that matches nothing, with "Matches only", says so instead of an empty tree', async ({ page }) => {
  const trace = checkout('abcd0000000000000000000000000007');
  await mockJaeger(page, { services: ['front'], search: () => [trace], trace: (id) => (id === trace.traceID ? trace : null) });
  await page.goto(`/?trace=${trace.traceID}`);
  const opened = page.locator('.td-opened');
  await expect(opened.locator('.td-span')).toHaveCount(4);
  await opened.getByRole('searchbox', { name: 'Search spans' }).fill('nothing-like-this');
  await opened.getByRole('button', { name: 'Matches only' }).click();
  await expect(opened.locator('.td-span')).toHaveCount(0);
  await expect(opened.getByRole('status').filter({ hasText: 'No span to show' })).toBeVisible();
  await expect(opened.locator('.td-search-count')).toHaveText('0 matches');
});

test('a file opened over the demo data is not labelled demo data', async ({ page }) => {
  await page.goto('/?source=demo');
  await expect(page.locator('.td-demo-badge')).toHaveText('Demo data');
  await page.locator('.td-file-input').setInputFiles(asFile('mine.json', envelope([checkout('eeee0000000000000000000000000009')])));
  await expect(page.locator('.td-file-badge')).toHaveText('File: mine.json');
  await expect(page.locator('.td-demo-badge')).toHaveCount(0);
  await page.getByRole('button', { name: 'Back to live' }).click();
  await expect(page.locator('.td-demo-badge')).toHaveText('Demo data');
});

test('a reference to a trace that is not in the opened file says so, without asking a backend', async ({ page }) => {
  await mockJaeger(page, { services: ['front'], search: () => [] });
  const lonely = checkout('eeee000000000000000000000000000a');
  lonely.spans[0].references = [{ refType: 'FOLLOWS_FROM', traceID: 'ffff00000000000000000000000000ff', spanID: '0000000000000001' }];
  await page.goto('/');
  await page.locator('.td-file-input').setInputFiles(asFile('one.json', envelope([lonely])));
  const asked = [];
  page.on('request', (r) => r.url().includes('/api/') && asked.push(r.url()));
  await page.locator('.td-trace-toggle').click();
  await page.locator('.td-span').filter({ hasText: 'POST /checkout' }).click();
  await page.getByRole('complementary', { name: 'Span detail' }).getByRole('button', { name: 'Open trace' }).click();
  await expect(page.locator('.td-opened').getByRole('alert')).toContainText(
    'No trace with ID ffff00000000000000000000000000ff in one.json: choose "Back to live" to look for it in Jaeger.',
  );
  expect(asked).toEqual([]);
});
