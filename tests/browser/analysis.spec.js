// Finding the slow part and the failing part across the loaded traces: the chart and volume
// strip, sorting and filtering the list, operation statistics and comparison, the service map,
// latency thresholds; and inside a trace: filters, grouped siblings, exceptions.
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger, nowUs, span, tag } from './jaeger.js';

const minute = 60e6;

/** Three traces with known shapes: fast GET, slow failing POST (HTTP 500), middling DELETE 404. */
function three() {
  const fast = apiTrace({ start: nowUs() - 10 * minute, route: '/fast' });
  const slow = apiTrace({ start: nowUs() - 20 * minute, method: 'POST', route: '/slow', status: 500 });
  slow.spans[0].duration = 900_000;
  slow.spans[1].duration = 700_000;
  slow.spans[1].tags.push(tag('otel.status_code', 'ERROR'));
  const gone = apiTrace({ start: nowUs() - 30 * minute, method: 'DELETE', route: '/gone', status: 404 });
  gone.spans[0].duration = 300_000;
  return { fast, slow, gone };
}

const ops = (page) => page.locator('.td-list .td-trace-op');

test('the chart has one dot per trace, rings failures, tells the hovered trace and opens the clicked one', async ({ page }) => {
  const { fast, slow, gone } = three();
  await mockJaeger(page, { services: ['acontext-api'], search: () => [fast, slow, gone] });
  await page.goto('/');
  const chart = page.locator('.td-chart');
  await expect(chart.locator('.td-dot')).toHaveCount(3);
  await expect(chart.locator('.td-dot.td-dot-error')).toHaveCount(1);
  await expect(chart.locator(`.td-dot[data-trace-id="${slow.traceID}"]`)).toHaveClass(/td-dot-error/);
  // The slow trace sits highest: its dot has the smallest y.
  const y = (id) => chart.locator(`.td-dot[data-trace-id="${id}"] .td-dot-fill`).getAttribute('cy').then(parseFloat);
  expect(await y(slow.traceID)).toBeLessThan(await y(gone.traceID));
  expect(await y(gone.traceID)).toBeLessThan(await y(fast.traceID));
  // Newer traces sit further right.
  const x = (id) => chart.locator(`.td-dot[data-trace-id="${id}"] .td-dot-fill`).getAttribute('cx').then(parseFloat);
  expect(await x(fast.traceID)).toBeGreaterThan(await x(slow.traceID));
  // Dots keep the service's colour.
  await expect(chart.locator(`.td-dot[data-trace-id="${fast.traceID}"] .td-dot-fill`)).toHaveCSS('fill', 'rgb(45, 212, 191)');
  await chart.locator(`.td-dot[data-trace-id="${slow.traceID}"]`).hover();
  await expect(chart.locator('.td-chart-readout')).toContainText('POST /slow · 900ms · 4 spans · 2 errors');
  await chart.locator(`.td-dot[data-trace-id="${slow.traceID}"]`).click();
  const row = page.locator(`.td-list .td-trace[data-trace-id="${slow.traceID}"]`);
  await expect(row.locator('.td-trace-toggle')).toHaveAttribute('aria-expanded', 'true');
  await expect(row.locator('.td-span')).toHaveCount(4);
  // The volume strip counts the traces per minute of the hour.
  const strip = page.locator('.td-volume');
  await expect(strip).toHaveAttribute('aria-label', /^Trace volume: 3 traces in 6[01] buckets$/);
  await expect(strip.locator('.td-volume-bar:not(.td-volume-empty)')).toHaveCount(3);
  await expect(page.locator('.td-volume-caption')).toHaveText('Bars: loaded traces per minute');
  // Each bar stands under the dots it counts: the strip shares the chart's time axis.
  const bars = await strip.locator('.td-volume-bar:not(.td-volume-empty)').evaluateAll((rects) =>
    rects.map((r) => [parseFloat(r.getAttribute('x')), parseFloat(r.getAttribute('width'))]));
  for (const t of [fast, slow, gone]) {
    const cx = await x(t.traceID);
    expect(bars.some(([left, width]) => cx >= left - 0.5 && cx <= left + width + 0.5), `a bar under ${cx}%`).toBe(true);
  }
  await expect(page.locator('.td-x-axis span').first()).toHaveText(/^\d\d:\d\d:\d\d$/);
  // Over a week the axis carries dates, and the strip counts per six hours.
  await page.getByRole('button', { name: '7d', exact: true }).click();
  await expect(page.locator('.td-volume-caption')).toHaveText('Bars: loaded traces per 6 hours');
  await expect(page.locator('.td-x-axis span')).toHaveText([/^\d\d-\d\d \d\d:\d\d$/, /^\d\d-\d\d \d\d:\d\d$/, /^\d\d-\d\d \d\d:\d\d$/]);
});

test('the list sorts and filters in the browser, and the address keeps it', async ({ page }) => {
  const { fast, slow, gone } = three();
  await mockJaeger(page, { services: ['acontext-api'], search: () => [fast, slow, gone] });
  await page.goto('/');
  await expect(ops(page)).toHaveText(['GET /fast', 'POST /slow', 'DELETE /gone']);
  await page.getByLabel('Sort traces').selectOption('longest');
  await expect(ops(page)).toHaveText(['POST /slow', 'DELETE /gone', 'GET /fast']);
  await page.getByLabel('Sort traces').selectOption('shortest');
  await expect(ops(page)).toHaveText(['GET /fast', 'DELETE /gone', 'POST /slow']);
  await page.getByRole('button', { name: 'With errors' }).click();
  await expect(ops(page)).toHaveText(['POST /slow']);
  await page.getByRole('button', { name: 'With errors' }).click();
  await page.getByLabel('Minimum trace duration, like 500ms').fill('250ms');
  await expect(ops(page)).toHaveText(['DELETE /gone', 'POST /slow']);
  await expect(page.locator('.td-shown-count')).toHaveText('2 of 3 shown');
  await page.getByLabel('Minimum trace duration, like 500ms').fill('');
  await page.getByLabel('HTTP method').selectOption('DELETE');
  await expect(ops(page)).toHaveText(['DELETE /gone']);
  await page.getByLabel('HTTP method').selectOption('');
  await page.getByLabel('HTTP status').selectOption('5xx');
  await expect(ops(page)).toHaveText(['POST /slow']);
  await page.getByLabel('HTTP status').selectOption('');
  await page.getByLabel('Route contains').fill('FAS');
  await expect(ops(page)).toHaveText(['GET /fast']);
  await page.getByLabel('Route contains').fill('');
  await page.getByLabel('HTTP status').selectOption('4xx');
  await page.getByLabel('Minimum trace duration, like 500ms').fill('1.5s');
  await expect(page.getByRole('heading', { name: 'No loaded trace matches the filters' })).toBeVisible();
  await page.getByLabel('Minimum trace duration, like 500ms').fill('100ms');
  await expect(page).toHaveURL(/status=4xx/);
  await expect(page).toHaveURL(/min=100ms/);
  await expect(page).toHaveURL(/sort=shortest/);
  await page.reload();
  await expect(ops(page)).toHaveText(['DELETE /gone']);
  await expect(page.getByLabel('HTTP status')).toHaveValue('4xx');
  await expect(page.getByLabel('Sort traces')).toHaveValue('shortest');
  await expect(page.getByLabel('Minimum trace duration, like 500ms')).toHaveValue('100ms');
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(ops(page)).toHaveText(['GET /fast', 'DELETE /gone', 'POST /slow']);
  // The chart shows what the list shows.
  await page.getByRole('button', { name: 'With errors' }).click();
  await expect(page.locator('.td-chart .td-dot')).toHaveCount(1);
});

test('operation statistics rank, filter the list, and compare with a pinned window', async ({ page }) => {
  const { fast, slow, gone } = three();
  const requests = await mockJaeger(page, {
    services: ['acontext-api'],
    search: (_, params) => [fast, slow, gone].filter((t) => t.spans[0].startTime >= Number(params.get('start'))),
  });
  await page.goto('/');
  await page.getByRole('tab', { name: 'Operations' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Operations' })).toBeVisible();
  const table = page.locator('.td-stats');
  const row = (op) => table.locator('tbody tr', { has: page.locator('.td-op-link', { hasText: op }) });
  // core call: 60, 700, 60 ms → p50 60 ms, p95 700 ms; one of three failed; self time is what
  // its two queries (20 + 5 ms) leave: 35 + 675 + 35 = 745 ms.
  await expect(row('core call').locator('td')).toHaveText(['3', '33.3%', '60ms', '700ms', '700ms', '700ms', '745ms']);
  await expect(row('POST /slow').locator('td').nth(1)).toHaveText('100.0%');
  await table.getByRole('button', { name: 'p95' }).click();
  await expect(table.locator('tbody tr').first().locator('.td-op-link')).toContainText('POST /slow');
  await expect(table.locator('th[aria-sort="descending"]')).toHaveText('p95');
  await row('DELETE /gone').locator('.td-op-link').click();
  await expect(ops(page)).toHaveText(['DELETE /gone']);
  await expect(page.locator('.td-filter-chip')).toContainText('contains acontext-api · DELETE /gone');
  await expect(page).toHaveURL(/op=acontext-api%3ADELETE%20%2Fgone/);
  await page.getByRole('button', { name: 'Remove the operation filter' }).click();
  await expect(ops(page)).toHaveCount(3);
  await page.getByRole('button', { name: 'Pin for comparison' }).click();
  await expect(page.locator('.td-pinned')).toContainText('Compared with the window pinned (1h at');
  await page.getByRole('button', { name: '15m', exact: true }).click();
  await expect.poll(() => requests.filter((u) => Number(u.searchParams.get('end')) - Number(u.searchParams.get('start')) === 15 * minute).length).toBeGreaterThan(0);
  await expect(ops(page)).toHaveText(['GET /fast']);
  // core call in the last 15 minutes: only the fast trace's 60 ms → p50 ±0, p95 700 → 60 (−640 ms);
  // errors 1 of 3 → 0 of 1: −33.3 points.
  await expect(row('core call').locator('td.td-delta')).toHaveText(['±0', '−640ms', '−33.3 pt']);
  // The two other requests are only in the pinned window (listed in its order: by p95).
  await expect(table.locator('tr.td-gone')).toHaveText([
    'acontext-api POST /slownot in this window (pinned: 1 span, p95 900ms)',
    'acontext-api DELETE /gonenot in this window (pinned: 1 span, p95 300ms)',
  ]);
});

test('the service map counts calls and failures, and a click lists that service only', async ({ page }) => {
  const { fast, slow } = three();
  const requests = await mockJaeger(page, { services: ['acontext-api'], search: () => [fast, slow] });
  await page.goto('/');
  await page.getByRole('tab', { name: 'Service map' }).click();
  const map = page.locator('.td-service-map');
  await expect(map.locator('.td-node')).toHaveCount(3);
  await expect(map.locator('.td-node[data-service="acontext-core"] .td-node-facts')).toHaveText('2 spans · 2 traces · 1 err');
  // api → core: 2 calls, the slow one failed; core → postgres: 4 calls.
  await expect(map.locator('.td-edge text')).toHaveText(['2 calls · 1 failed', '4 calls']);
  const x = async (service) => Number(await map.locator(`.td-node[data-service="${service}"] rect`).first().getAttribute('x'));
  expect(await x('acontext-api')).toBeLessThan(await x('acontext-core'));
  expect(await x('acontext-core')).toBeLessThan(await x('postgres'));
  await map.locator('.td-node[data-service="postgres"]').click();
  await expect(page).toHaveURL(/service=postgres/);
  await expect.poll(() => requests.filter((u) => u.searchParams.get('service') === 'postgres').length).toBeGreaterThan(0);
  await expect(page.getByLabel('Service', { exact: true })).toHaveValue('postgres');
});

test('latency thresholds from the settings mark the traces and spans over them', async ({ page }) => {
  const { fast, slow } = three();
  await page.route('**/tracedeck.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ thresholds: { 'core call': '500ms' } }) }));
  await mockJaeger(page, { services: ['acontext-api'], search: () => [fast, slow] });
  await page.goto('/');
  const slowRow = page.locator(`.td-list .td-trace[data-trace-id="${slow.traceID}"]`);
  await expect(slowRow.locator('.td-slow-mark')).toHaveText('⏱ 1 over threshold');
  await expect(page.locator(`.td-list .td-trace[data-trace-id="${fast.traceID}"] .td-slow-mark`)).toHaveCount(0);
  await slowRow.locator('.td-trace-toggle').click();
  await expect(slowRow.locator('.td-span .td-slow-mark')).toHaveCount(1);
  await expect(slowRow.locator('.td-span', { has: page.locator('.td-slow-mark') }).locator('.td-span-op')).toHaveText('core call');
  await page.getByRole('tab', { name: 'Operations' }).click();
  await expect(page.locator('.td-stats tr.td-over-threshold .td-op-link')).toHaveText(['acontext-core core call']);
});

test('inside a trace, filters for service, kind, duration and errors narrow the matches and live in the address', async ({ page }) => {
  const { slow } = three();
  // Only the root fails here, so "errors only" has something to leave out.
  slow.spans[1].tags = slow.spans[1].tags.filter((t) => t.key !== 'otel.status_code');
  await mockJaeger(page, { services: ['acontext-api'], search: () => [slow], trace: (id) => (id === slow.traceID ? slow : null) });
  await page.goto('/');
  await page.locator('.td-trace-toggle').click();
  const count = page.locator('.td-search-count');
  await page.getByLabel('Only spans of service').selectOption('postgres');
  await expect(count).toHaveText('2 matches');
  await page.getByLabel('Minimum duration, like 50ms').fill('10ms');
  await expect(count).toHaveText('1 match');
  await expect(page.locator('.td-span.td-match .td-span-op')).toHaveText(['SELECT sessions']);
  await page.getByLabel('Only spans of service').selectOption('');
  await page.getByLabel('Only spans of kind').selectOption('server');
  await expect(page.locator('.td-span.td-match .td-span-op')).toHaveText(['POST /slow', 'core call']);
  await page.locator('.td-span-filters').getByRole('button', { name: 'Errors only' }).click();
  await expect(page.locator('.td-span.td-match .td-span-op')).toHaveText(['POST /slow']);
  await expect(page).toHaveURL(new RegExp(`trace=${slow.traceID}.*find_errors=1&find_min=10ms&find_kind=server`));
  await page.reload();
  await expect(page.locator('.td-opened .td-search-count')).toHaveText('1 match');
  await expect(page.locator('.td-opened').getByLabel('Only spans of kind')).toHaveValue('server');
  await expect(page.locator('.td-opened').getByLabel('Minimum duration, like 50ms')).toHaveValue('10ms');
  await expect(page.locator('.td-opened .td-span-filters').getByRole('button', { name: 'Errors only' })).toHaveAttribute('aria-pressed', 'true');
});

test('a run of similar siblings folds into one row that unfolds, and a search reaches inside it', async ({ page }) => {
  const trace = apiTrace({ route: '/loop' });
  const base = trace.spans[0].startTime;
  for (let n = 0; n < 8; n++) {
    trace.spans.push(span(trace.traceID, (100 + n).toString(16).padStart(16, '0'), 'GET cache', {
      start: base + 50_000 + n * 5_000, duration: 1_000 + n * 500, parent: '0000000000000002', process: 'p3',
      tags: n === 5 ? [tag('key', 'needle'), tag('error', true)] : [tag('key', `k${n}`)],
    }));
  }
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  await page.locator('.td-trace-toggle').click();
  const tree = page.getByRole('treegrid');
  // 4 spans + one group row for the 8 cache reads.
  await expect(tree).toHaveAttribute('aria-rowcount', '5');
  const group = page.locator('.td-span.td-grouped');
  await expect(group.locator('.td-group-toggle')).toHaveText('8×');
  // (1 + 1.5 + … + 4.5 ms) / 8 = 2.75 ms.
  await expect(group).toContainText('avg 2.75ms');
  await expect(group.locator('.td-error-inside')).toHaveText('⚠ 1 failed');
  await group.locator('.td-group-toggle').click();
  await expect(tree).toHaveAttribute('aria-rowcount', '12');
  await page.getByRole('button', { name: 'Fold the 8 similar spans into one row' }).click();
  await expect(tree).toHaveAttribute('aria-rowcount', '5');
  // From the keyboard: End reaches the group row, Right unfolds it.
  await tree.focus();
  await tree.press('End');
  await tree.press('ArrowRight');
  await expect(tree).toHaveAttribute('aria-rowcount', '12');
  await page.getByRole('button', { name: 'Fold the 8 similar spans into one row' }).click();
  await page.getByRole('searchbox', { name: 'Search spans' }).fill('needle');
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(tree).toHaveAttribute('aria-rowcount', '12');
  await expect(page.locator('.td-detail-title')).toHaveText('GET cache');
});

test('an exception event is shown formatted in the span detail', async ({ page }) => {
  const trace = apiTrace({ route: '/boom', status: 500 });
  trace.spans[1].logs.push({
    timestamp: trace.spans[1].startTime + 30_000,
    fields: [tag('event', 'exception'), tag('exception.type', 'ValueError'), tag('exception.message', 'bad <b>input</b>'),
      tag('exception.stacktrace', 'Traceback (most recent call last):\n  File "app.py", line 3, in run\nValueError: bad input'),
      tag('exception.escaped', true)],
  });
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  await page.locator('.td-trace-toggle').click();
  await page.locator('.td-span').nth(1).click();
  const exception = page.getByRole('group', { name: 'Exception' });
  await expect(exception.locator('.td-exception-title')).toHaveText('ValueError: bad <b>input</b>');
  await expect(exception.locator('.td-exception-when')).toHaveText('+40ms · escaped the span');
  await expect(exception.locator('.td-stacktrace')).toHaveText('Traceback (most recent call last):\n  File "app.py", line 3, in run\nValueError: bad input');
  await expect(exception.locator('b')).toHaveCount(0);
});

test('every count agrees with its noun: 1 span, 1 error, 1 call, 1 trace', async ({ page }) => {
  const start = nowUs() - 5 * minute;
  const traceID = 'ab00000000000000ab00000000000001';
  const one = {
    traceID,
    spans: [
      span(traceID, '0000000000000001', 'GET /one', { start, duration: 50_000, tags: [tag('http.request.method', 'GET'), tag('error', true)] }),
      span(traceID, '0000000000000002', 'core call', { start: start + 1_000, duration: 10_000, parent: '0000000000000001', process: 'p2' }),
    ],
    processes: { p1: { serviceName: 'acontext-api', tags: [] }, p2: { serviceName: 'acontext-core', tags: [] } },
    warnings: null,
  };
  await mockJaeger(page, { services: ['acontext-api'], search: () => [one] });
  await page.goto('/');
  const row = page.locator('.td-list .td-trace');
  await expect(page.locator('.td-count')).toHaveText('1 trace');
  await expect(row.locator('.td-error-mark')).toHaveText('⚠ 1 error');
  await expect(row.locator('.td-chip').first()).toHaveAttribute('title', 'acontext-api: 1 span');
  await page.locator(`.td-chart .td-dot[data-trace-id="${traceID}"]`).hover();
  await expect(page.locator('.td-chart-readout')).toContainText('GET /one · 50ms · 2 spans · 1 error');
  await expect(page.locator('.td-volume')).toHaveAttribute('aria-label', /^Trace volume: 1 trace in /);
  await page.getByRole('tab', { name: 'Service map' }).click();
  const map = page.locator('.td-service-map');
  await expect(map.locator('.td-edge text')).toHaveText(['1 call']);
  await expect(map.locator('.td-node[data-service="acontext-core"] .td-node-facts')).toHaveText('1 span · 1 trace');
  await row.locator('.td-trace-toggle').click();
  await page.getByRole('searchbox', { name: 'Search spans' }).fill('core call');
  await expect(page.locator('.td-search-count')).toHaveText(/^1 of 1$|^1 match$/);
});

test('an LLM call shows its model and tokens on its row, in the detail and in the trace total', async ({ page }) => {
  const trace = apiTrace({ method: 'POST', route: '/api/v1/session/:id/messages' });
  // The core call becomes an LLM call lasting 60 of the trace's 100 ms, with the older token names.
  trace.spans[1].tags.push(tag('gen_ai.system', 'anthropic'), tag('gen_ai.request.model', 'claude-sonnet'),
    tag('gen_ai.usage.prompt_tokens', 12000), tag('gen_ai.usage.completion_tokens', 345));
  const plain = apiTrace({ route: '/plain', start: nowUs() - 10e6 });
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace, plain] });
  await page.goto('/');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /plain', 'POST /api/v1/session/:id/messages']);
  await expect(page.locator('.td-llm-total')).toHaveText('12,345 tokens · LLM 60%');
  await page.getByLabel('Sort traces').selectOption('Most LLM tokens');
  await expect(page.locator('.td-trace-op')).toHaveText(['POST /api/v1/session/:id/messages', 'GET /plain']);
  await expect(page).toHaveURL(/sort=tokens/);
  await page.locator('.td-trace-toggle').first().click();
  const rows = page.locator('.td-span');
  await expect(rows.locator('.td-llm-pill')).toHaveCount(1);
  await expect(rows.nth(1).locator('.td-llm-pill')).toHaveText('claude-sonnet · 12,000→345');
  await rows.nth(1).click();
  const call = page.getByRole('group', { name: 'LLM call' });
  await expect(call.locator('dt')).toHaveText(['System', 'Request model', 'Input tokens', 'Output tokens']);
  await expect(call.locator('dd')).toHaveText(['anthropic', 'claude-sonnet', '12,000', '345']);
  // A span that is no LLM call has no such section.
  await rows.nth(2).click();
  await expect(page.getByRole('group', { name: 'LLM call' })).toHaveCount(0);
});
