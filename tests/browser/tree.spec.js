// An expanded trace: the span tree, its bars and colours, collapsing, and the span detail.
import { test, expect } from '@playwright/test';
import { apiTrace, keepScreenshot, mockJaeger, span, tag } from './jaeger.js';

async function openOne(page, trace = apiTrace({ method: 'POST', status: 201 })) {
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  await page.locator('.td-trace-toggle').first().click();
  await expect(page.locator('.td-span')).toHaveCount(trace.spans.length);
  return trace;
}

test('spans nest by parent with depth, and subtrees collapse and expand', async ({ page }) => {
  await openOne(page);
  const rows = page.locator('.td-span');
  await expect(rows.locator('.td-span-op')).toHaveText(['POST /api/v1/session/:id', 'core call', 'SELECT sessions', 'UPDATE sessions']);
  await expect(rows.nth(0)).toHaveAttribute('aria-level', '1');
  await expect(rows.nth(2)).toHaveAttribute('aria-level', '3');
  await rows.nth(1).getByRole('button', { name: 'Collapse subtree' }).click();
  await expect(rows.locator('.td-span-op')).toHaveText(['POST /api/v1/session/:id', 'core call']);
  await expect(rows.nth(1)).toHaveAttribute('aria-expanded', 'false');
  await rows.nth(1).getByRole('button', { name: 'Expand subtree' }).click();
  await expect(rows).toHaveCount(4);
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(rows).toHaveCount(1);
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(rows).toHaveCount(4);
});

test('bars are coloured by service and placed by the timeline formula', async ({ page }) => {
  const trace = await openOne(page);
  const colours = { 'acontext-api': 'rgb(45, 212, 191)', 'acontext-core': 'rgb(96, 165, 250)', postgres: 'rgb(156, 163, 175)' };
  const rows = page.locator('.td-span');
  const services = ['acontext-api', 'acontext-core', 'postgres', 'postgres'];
  for (const [i, service] of services.entries()) {
    await expect(rows.nth(i)).toHaveAttribute('data-service', service);
    await expect(rows.nth(i).locator('.td-bar')).toHaveCSS('background-color', colours[service]);
    await expect(rows.nth(i).locator('.td-stripe')).toHaveCSS('background-color', colours[service]);
  }
  const start = Math.min(...trace.spans.map((s) => s.startTime));
  const end = Math.max(...trace.spans.map((s) => s.startTime + s.duration));
  for (const [i, s] of trace.spans.entries()) {
    const lane = await rows.nth(i).locator('.td-span-timeline').boundingBox();
    const bar = await rows.nth(i).locator('.td-bar').boundingBox();
    const left = lane.x + ((s.startTime - start) / (end - start)) * lane.width;
    const width = Math.max(2, (s.duration / (end - start)) * lane.width);
    expect(Math.abs(bar.x - left)).toBeLessThanOrEqual(1);
    expect(Math.abs(bar.width - width)).toBeLessThanOrEqual(1);
  }
  await expect(rows.nth(0).locator('.td-bar .td-bar-label')).toHaveText('100ms');
  await expect(rows.nth(3).locator('.td-bar-label-outside')).toHaveText('5ms');
  const ticks = page.locator('.td-tick');
  await expect(ticks).toHaveText(['0µs', '25ms', '50ms', '75ms', '100ms']);
});

test('a tiny span keeps a visible bar and a zero-length trace does not break the timeline', async ({ page }) => {
  const trace = apiTrace();
  trace.spans = [trace.spans[0]];
  trace.spans[0].duration = 0;
  await openOne(page, trace);
  const bar = await page.locator('.td-bar').boundingBox();
  expect(bar.width).toBeGreaterThanOrEqual(2);
  await expect(page.locator('.td-tick')).toHaveText(['0µs', '0µs', '0µs', '0µs', '0µs']);
});

test('the span detail shows identity, timing, tags with HTTP first, process, logs and links', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const trace = await openOne(page);
  await page.locator('.td-span').nth(0).click();
  const detail = page.getByRole('complementary', { name: 'Span detail' });
  await expect(detail.locator('.td-detail-title')).toHaveText('POST /api/v1/session/:id');
  await expect(detail.locator('.td-fact')).toContainText(['Serviceacontext-api', 'Kindserver', 'StatusOK · HTTP 201']);
  await expect(detail.locator('.td-fact').nth(4)).toHaveText('Duration100ms');
  await expect(detail.locator('.td-fact').nth(5)).toHaveText('Self time40ms');
  await expect(detail.locator('.td-tags').first().locator('th')).toHaveText([
    'http.request.method', 'http.route', 'http.response.status_code', 'span.kind',
  ]);
  await expect(detail.locator('.td-tags').nth(1)).toContainText('host.name');
  await expect(detail.getByRole('link', { name: /Open in Jaeger/ })).toHaveAttribute(
    'href', `http://localhost:16686/trace/${trace.traceID}?uiFind=0000000000000001`,
  );
  await detail.locator('.td-span-id').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('0000000000000001');
  // A tag's value copies with one click, its button showing on the row under the pointer.
  const routeRow = detail.locator('.td-tags tr', { has: page.locator('th', { hasText: 'http.route' }) });
  await expect(routeRow.locator('.td-copy-value')).toHaveCSS('opacity', '0');
  await routeRow.hover();
  await expect(routeRow.locator('.td-copy-value')).toHaveCSS('opacity', '1');
  await routeRow.getByRole('button', { name: 'Copy the value of http.route' }).click();
  await expect(routeRow.locator('.td-copy-value')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('/api/v1/session/:id');

  await page.locator('.td-span').nth(2).click();
  await expect(detail.locator('.td-detail-title')).toHaveText('SELECT sessions');
  await expect(detail).toContainText('Logs (1)');
  await expect(detail).toContainText('+25ms');
  await expect(detail).toContainText('rows fetched');
  await expect(detail.locator('.td-refs')).toHaveText('→ child of acontext-core · core call 0000000000000002');
  await keepScreenshot(page, 'tree-detail');
  await detail.getByRole('button', { name: 'Close span detail' }).click();
  await expect(detail).toHaveCount(0);
});

test('broken traces say so: missing parents, duplicates and errors are marked', async ({ page }) => {
  const trace = apiTrace({ status: 500 });
  trace.spans[3].references[0].spanID = 'ffffffffffffffff';
  trace.spans.push({ ...trace.spans[2] });
  await openOne(page, trace);
  await expect(page.locator('.td-tree-note')).toHaveText(['1 span with a missing parent', '1 duplicate span ID']);
  await expect(page.locator('.td-flag')).toHaveText(['duplicate ID', 'parent missing']);
  await expect(page.locator('.td-span.td-span-error')).toHaveCount(1);
  await page.locator('.td-span', { hasText: 'parent missing' }).click();
  await expect(page.locator('.td-detail-note')).toContainText('Parent missing');
});

test('a DeathStarBench export renders its 33-span traces', async ({ page }) => {
  const fs = await import('node:fs');
  const file = new URL('../../../shared/conformance/jaeger/deathstarbench-20traces.json', import.meta.url);
  test.skip(!fs.existsSync(file), '../shared/conformance is not here');
  const body = fs.readFileSync(file, 'utf8');
  // Its timestamps are from 2023: shift them into the last hour, as a live Jaeger would answer.
  const doc = JSON.parse(body);
  const shift = Date.now() * 1000 - 30 * 60e6 - Math.min(...doc.data.flatMap((t) => t.spans.map((s) => s.startTime)));
  for (const t of doc.data) for (const s of t.spans) s.startTime += shift;
  await mockJaeger(page, { services: ['nginx-web-server'], search: () => doc.data });
  await page.goto('/');
  await expect(page.locator('.td-trace')).toHaveCount(20);
  await expect(page.locator('.td-trace-op').first()).toHaveText('/wrk2-api/post/compose');
  await page.locator('.td-trace-toggle').first().click();
  await expect(page.getByRole('treegrid')).toHaveAttribute('aria-rowcount', '33');
  await expect(page.locator('.td-span').first()).toHaveAttribute('aria-level', '1');
  await keepScreenshot(page, 'deathstarbench');
});

test('a 5,000-span trace keeps only the rows in view in the DOM, and scrolls to its last span', async ({ page }) => {
  const trace = apiTrace();
  const root = trace.spans[0];
  const start = root.startTime;
  trace.spans = [root];
  for (let i = 1; i < 5000; i++) {
    const id = (0x1000 + i).toString(16).padStart(16, '0');
    const parent = i % 50 === 1 ? root.spanID : (0x1000 + i - 1).toString(16).padStart(16, '0');
    trace.spans.push(span(trace.traceID, id, `step ${i}`, { start: start + i * 10, duration: 10, parent, process: 'p2' }));
  }
  root.duration = 60_000;
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  await page.locator('.td-trace-toggle').click();
  const tree = page.getByRole('treegrid');
  await expect(tree).toHaveAttribute('aria-rowcount', '5000');
  expect(await page.locator('.td-span').count()).toBeLessThan(80);
  await tree.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(page.locator('.td-span-op', { hasText: /^step 4999$/ })).toBeVisible();
  expect(await page.locator('.td-span').count()).toBeLessThan(80);
  await tree.evaluate((el) => { el.scrollTop = 0; });
  await page.locator('.td-span').first().getByRole('button', { name: 'Collapse subtree' }).click();
  await expect(tree).toHaveAttribute('aria-rowcount', '1');
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(tree).toHaveAttribute('aria-rowcount', '5000');
});

test('the critical path is drawn on the bars, and can be shown alone', async ({ page }) => {
  const trace = apiTrace();
  const start = trace.spans[0].startTime;
  // A cache lookup that finishes inside the SELECT never bounds the trace.
  trace.spans.push(span(trace.traceID, '0000000000000005', 'GET cache', { start: start + 22_000, duration: 8_000, parent: '0000000000000002', process: 'p3' }));
  await openOne(page, trace);
  const row = (op) => page.locator('.td-span', { has: page.locator('.td-span-op', { hasText: new RegExp(`^${op}$`) }) });
  await expect(row('GET /api/v1/session/:id').locator('.td-critical')).toHaveCount(2);
  await expect(row('core call').locator('.td-critical')).toHaveCount(3);
  await expect(row('GET cache').locator('.td-critical')).toHaveCount(0);
  // The root's last stretch, 70–100 ms of a 100 ms trace.
  const lane = await row('GET /api/v1/session/:id').locator('.td-span-timeline').boundingBox();
  const last = await row('GET /api/v1/session/:id').locator('.td-critical').first().boundingBox();
  expect(Math.abs(last.x - (lane.x + 0.7 * lane.width))).toBeLessThanOrEqual(1);
  expect(Math.abs(last.width - 0.3 * lane.width)).toBeLessThanOrEqual(1);
  await page.getByRole('button', { name: 'Critical path only' }).click();
  await expect(page.getByRole('treegrid')).toHaveAttribute('aria-rowcount', '4');
  await expect(page.locator('.td-span-op')).toHaveText(['GET /api/v1/session/:id', 'core call', 'SELECT sessions', 'UPDATE sessions']);
  await keepScreenshot(page, 'critical-path');
  await page.getByRole('button', { name: 'Critical path only' }).click();
  await expect(page.getByRole('treegrid')).toHaveAttribute('aria-rowcount', '5');
});

test('a collapsed tree still shows where it failed, and jump to first error opens it', async ({ page }) => {
  const trace = apiTrace();
  trace.spans[2].tags.push(tag('error', true));
  await openOne(page, trace);
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(page.getByRole('treegrid')).toHaveAttribute('aria-rowcount', '1');
  await expect(page.locator('.td-span').first().locator('.td-error-inside')).toHaveText('⚠ error inside');
  await page.getByRole('button', { name: 'Jump to first error' }).click();
  // Its ancestors open (so its sibling shows too); nothing else is touched.
  await expect(page.getByRole('treegrid')).toHaveAttribute('aria-rowcount', '4');
  await expect(page.locator('.td-detail-title')).toHaveText('SELECT sessions');
  await expect(page.locator('.td-span.td-focused .td-span-op')).toHaveText('SELECT sessions');
  await expect(page.locator('.td-error-inside')).toHaveCount(0);
});

test('the slowest spans by self time are listed, and clicking one reveals it', async ({ page }) => {
  await openOne(page);
  await expect(page.locator('.td-slow')).toHaveText([
    'POST /api/v1/session/:id 40ms', 'core call 35ms', 'SELECT sessions 20ms', 'UPDATE sessions 5ms',
  ]);
  await expect(page.locator('.td-span-op').nth(1)).toHaveAttribute('title', 'core call · 60ms (self time 35ms)');
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(page.getByRole('treegrid')).toHaveAttribute('aria-rowcount', '1');
  await page.locator('.td-slow', { hasText: 'SELECT sessions' }).click();
  await expect(page.getByRole('treegrid')).toHaveAttribute('aria-rowcount', '4');
  await expect(page.locator('.td-detail-title')).toHaveText('SELECT sessions');
});

test('searching a trace finds spans by text or key=value, steps through them, and can hide the rest', async ({ page }) => {
  const trace = apiTrace();
  trace.spans[3].tags.push(tag('rows.affected', 7));
  await openOne(page, trace);
  const box = page.getByRole('searchbox', { name: 'Search spans' });
  await box.fill('SESSIONS');
  await expect(page.locator('.td-search-count')).toHaveText('2 matches');
  await expect(page.locator('.td-span.td-match .td-span-op')).toHaveText(['SELECT sessions', 'UPDATE sessions']);
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.locator('.td-search-count')).toHaveText('1 of 2');
  await expect(page.locator('.td-detail-title')).toHaveText('SELECT sessions');
  await box.press('Enter');
  await expect(page.locator('.td-search-count')).toHaveText('2 of 2');
  await expect(page.locator('.td-detail-title')).toHaveText('UPDATE sessions');
  await box.fill('rows.affected=7');
  await expect(page.locator('.td-search-count')).toHaveText('1 match');
  await page.getByRole('button', { name: 'Matches only' }).click();
  // The match keeps its ancestors for context; its sibling goes.
  await expect(page.locator('.td-span-op')).toHaveText(['GET /api/v1/session/:id', 'core call', 'UPDATE sessions']);
  await box.fill('');
  await expect(page.getByRole('treegrid')).toHaveAttribute('aria-rowcount', '4');
});

test('dragging across the ruler zooms the timeline into that window, and a span can be zoomed to', async ({ page }) => {
  // Root 0–100 ms; SELECT sessions 20–40 ms; UPDATE sessions 45–50 ms.
  await openOne(page, apiTrace());
  const ticks = page.locator('.td-tick');
  const ruler = await page.locator('.td-ruler').boundingBox();
  const y = ruler.y + ruler.height / 2;
  // A click on the ruler is not a drag: nothing zooms.
  await page.mouse.click(ruler.x + 0.5 * ruler.width, y);
  await expect(ticks).toHaveText(['0µs', '25ms', '50ms', '75ms', '100ms']);
  // Drag from 20 ms to 60 ms (right to left works the same).
  await page.mouse.move(ruler.x + 0.6 * ruler.width, y);
  await page.mouse.down();
  await page.mouse.move(ruler.x + 0.4 * ruler.width, y, { steps: 4 });
  await expect(page.locator('.td-zoom-select')).toBeVisible();
  await page.mouse.move(ruler.x + 0.2 * ruler.width, y, { steps: 4 });
  await page.mouse.up();
  await expect(page.locator('.td-zoom-select')).toHaveCount(0);
  await expect(page.locator('.td-zoom-state')).toHaveText(/^Timeline: (19\.\d+|20(\.\d+)?)ms – (59\.\d+|60(\.\d+)?)ms$/);
  // SELECT sessions (20–40 ms) now fills the first half of its lane.
  const row = (op) => page.locator('.td-span', { has: page.locator('.td-span-op', { hasText: new RegExp(`^${op}$`) }) });
  const lane = await row('SELECT sessions').locator('.td-span-timeline').boundingBox();
  const select = await row('SELECT sessions').locator('.td-bar').boundingBox();
  expect(Math.abs(select.x - lane.x)).toBeLessThanOrEqual(3);
  expect(Math.abs(select.width - lane.width / 2)).toBeLessThanOrEqual(3);
  // The root bar runs past both edges of the window and is cut at its lane.
  const cut = await row('GET /api/v1/session/:id').locator('.td-span-timeline').evaluate((lane) =>
    getComputedStyle(lane).overflow === 'clip'
    && lane.querySelector('.td-bar').getBoundingClientRect().width > lane.getBoundingClientRect().width);
  expect(cut).toBe(true);
  await page.getByRole('button', { name: 'Show the whole trace' }).click();
  await expect(ticks).toHaveText(['0µs', '25ms', '50ms', '75ms', '100ms']);
  await expect(page.locator('.td-zoom-state')).toHaveCount(0);
  // A drag that leaves the ruler keeps going, and stops at the trace's start.
  await page.mouse.move(ruler.x + 0.6 * ruler.width, y);
  await page.mouse.down();
  await page.mouse.move(ruler.x - 80, y + 60, { steps: 6 });
  await page.mouse.up();
  await expect(page.locator('.td-zoom-state')).toHaveText(/^Timeline: 0µs – (59\.\d+|60(\.\d+)?)ms$/);
  await page.getByRole('button', { name: 'Show the whole trace' }).click();
  // From the detail: the span and a tenth of its length each side (18–42 ms).
  await row('SELECT sessions').click();
  await page.getByRole('button', { name: 'Zoom to span' }).click();
  await expect(ticks).toHaveText(['18ms', '24ms', '30ms', '36ms', '42ms']);
  await expect(page.locator('.td-zoom-state')).toHaveText('Timeline: 18ms – 42ms');
  // Beside it, a strip for the whole trace marks where the window is: 18–42 % of it.
  const map = await page.locator('.td-zoom-map').boundingBox();
  const mark = await page.locator('.td-zoom-window').boundingBox();
  expect(Math.abs(mark.x - (map.x + 1 + 0.18 * (map.width - 2)))).toBeLessThanOrEqual(1);
  expect(Math.abs(mark.width - 0.24 * (map.width - 2))).toBeLessThanOrEqual(1);
});

test('a trace the backend sent without spans says so instead of an empty tree', async ({ page }) => {
  const bare = { traceID: 'a1b2c3d4e5f60718', spans: [], processes: {}, warnings: null };
  await mockJaeger(page, { services: ['acontext-api'], search: () => [apiTrace(), bare] });
  await page.goto('/');
  const row = page.locator(`.td-trace[data-trace-id="${bare.traceID}"]`);
  await expect(row.locator('.td-span-count')).toHaveText('0 spans');
  // No duration and no 1970 start time for it, and no dot on the chart.
  await expect(row.locator('.td-trace-start, .td-trace-duration')).toHaveCount(0);
  await expect(page.locator('.td-chart .td-dot')).toHaveCount(1);
  await row.locator('.td-trace-toggle').click();
  await expect(row.locator('.td-tree-empty')).toContainText('This trace holds no spans');
  await expect(row.getByRole('treegrid')).toHaveCount(0);
});
