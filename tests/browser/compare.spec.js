// Compare and correlate: each span against its kind over the loaded traces (markers, "Unusual
// only", the detail, the list's counts), two traces side by side, link templates, links between
// spans as jumps, and the trace's events in one place.
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger, nowUs, span, tag } from './jaeger.js';

test('on the demo data, unusual spans are marked with their ratio, listed alone on request and placed in the detail', async ({ page }) => {
  await page.goto('/?source=demo');
  const list = page.getByRole('region', { name: 'Recent traces' });
  // A trace row says how many of its spans are unusual for their kind.
  const counted = list.locator('.td-trace').filter({ has: page.locator('.td-trace-row .td-unusual-mark') }).first();
  await expect(counted).toBeVisible();
  const said = Number((await counted.locator('.td-trace-row .td-unusual-mark').textContent()).match(/^(\d+) unusual$/)[1]);
  expect(said).toBeGreaterThan(0);
  await counted.locator('.td-trace-toggle').click();
  const view = counted.locator('.td-trace-view');
  const toggle = view.getByRole('button', { name: `Unusual only (${said})` });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  // Only the unusual spans and their ancestors: each marked row reads "N× p50" (or "> p95").
  const tree = view.getByRole('treegrid', { name: 'Span tree' });
  const marks = tree.locator('.td-unusual-mark');
  await expect(marks).toHaveCount(said);
  for (const text of await marks.allTextContents()) expect(text).toMatch(/^(\d+(\.\d)?× p50|> p95)$/);
  const shown = await tree.getByRole('row').count();
  // The detail of a marked span says where it sits.
  await marks.first().click();
  const detail = page.getByRole('complementary', { name: 'Span detail' });
  const typical = detail.getByRole('group', { name: 'Typical duration' });
  await expect(typical.locator('dt')).toHaveText(['Percentile', 'p50', 'p95', 'Samples']);
  await expect(typical.locator('dd').first()).toHaveText(/^p\d+: as slow as or slower than .* of its kind, unusual$/);
  await expect(typical.locator('dd').last()).toHaveText(/^\d+ other spans$/);
  // Off again: every row is back.
  await toggle.click();
  expect(await tree.getByRole('row').count()).toBeGreaterThan(shown);
});

test('a kind seen fewer than five times says "too few samples", and a trace without unusual spans offers nothing to filter', async ({ page }) => {
  const trace = apiTrace({ route: '/only' });
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  await page.locator('.td-list .td-trace-toggle').first().click();
  const view = page.locator('.td-trace-view');
  await expect(view.getByRole('button', { name: 'Unusual only (0)' })).toBeDisabled();
  await view.getByRole('row').filter({ hasText: 'core call' }).click();
  const typical = page.getByRole('complementary', { name: 'Span detail' }).getByRole('group', { name: 'Typical duration' });
  await expect(typical.locator('dd')).toHaveText('too few samples (0 other spans of this service and operation loaded; 5 needed)');
  await expect(page.locator('.td-trace-row .td-unusual-mark')).toHaveCount(0);
});

test('the Logs tab lists every event of the trace in time order, filters them, and a click selects the span', async ({ page }) => {
  const trace = apiTrace({ route: '/logs' });
  const start = trace.spans[0].startTime;
  trace.spans[1].logs = [
    { timestamp: start + 65_000, fields: [tag('event', 'exception'), tag('exception.type', 'TimeoutError'), tag('exception.message', 'core gave up'), tag('exception.stacktrace', 'at core.py:12')] },
    { timestamp: start + 12_000, fields: [tag('event', 'request received'), tag('session', 's-42')] },
  ];
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  await page.locator('.td-list .td-trace-toggle').first().click();
  const view = page.locator('.td-trace-view');
  await view.getByRole('tab', { name: 'Logs' }).click();
  await expect(view.getByRole('tab', { name: 'Logs' })).toHaveAttribute('aria-selected', 'true');
  const table = view.getByRole('table', { name: 'Events of the trace' });
  const rows = table.locator('tbody tr');
  // In time order across spans: core's first event, postgres' at 25 ms, core's exception at 65 ms.
  await expect(rows.locator('.td-event-time')).toHaveText(['+12ms', '+25ms', '+65ms']);
  await expect(rows.locator('.td-event-name')).toHaveText(['request received', 'rows fetched', 'exception']);
  await expect(rows.nth(1).locator('.td-event-span')).toHaveText('postgres · SELECT sessions');
  await expect(rows.nth(1).locator('.td-event-fields')).toHaveText('rows=3');
  await expect(rows.nth(2).locator('.td-exception-title')).toHaveText('TimeoutError: core gave up');
  await expect(rows.nth(2).locator('.td-stacktrace')).toHaveText('at core.py:12');
  await expect(view.getByRole('status').filter({ hasText: 'events' })).toHaveText('3 events');

  const filter = view.getByRole('searchbox', { name: 'Filter events' });
  await filter.fill('timeout');
  await expect(rows.locator('.td-event-name')).toHaveText(['exception']);
  await expect(view.getByRole('status').filter({ hasText: 'events' })).toHaveText('1 of 3 events');
  await filter.fill('nothing like this');
  await expect(view.getByText('No event matches the filter.')).toBeVisible();
  await filter.fill('postgres');
  // A click on the span selects it: its detail opens, and the tree shows it selected.
  await rows.first().getByRole('button', { name: 'postgres · SELECT sessions' }).click();
  await expect(page.getByRole('complementary', { name: 'Span detail' }).locator('h3')).toHaveText('SELECT sessions');
  await expect(rows.first()).toHaveClass(/td-selected/);
  await view.getByRole('tab', { name: 'Span tree' }).click();
  await expect(view.getByRole('row', { selected: true })).toContainText('SELECT sessions');
});

test('a trace without events says so on its Logs tab', async ({ page }) => {
  const trace = apiTrace({ route: '/quiet' });
  trace.spans.forEach((s) => { s.logs = []; });
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  await page.locator('.td-list .td-trace-toggle').first().click();
  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'No span of this trace recorded an event' })).toBeVisible();
});

test('link templates from tracedeck.json open a log search from a trace row and a span, and bad ones are reported', async ({ page, context }) => {
  const trace = apiTrace({ route: '/linked' });
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.route('**/tracedeck.json', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({
      links: {
        trace: [{ name: 'Trace logs', url: 'https://logs.example/search?q={trace_id}&from={start_ms}&to={end_ms}', margin: '1m' }],
        span: [
          { name: 'Logs', url: 'https://logs.example/search?q={trace_id}%20{service}&from={start_iso}&to={end_iso}' },
          { name: 'Query plan', url: 'https://db.example/{tag:db.statement}', when: 'db.system' },
          { name: 'Host', url: 'https://hosts.example/{tag:host.name}' },
          { name: 'Bad', url: 'javascript:alert(1)' },
        ],
      },
    }),
  }));
  // The link-outs' target answers here, so the tab opened by a click has a page.
  await context.route('https://logs.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Logs</title>' }));
  await page.goto('/');
  await expect(page.locator('.td-banner-warn')).toContainText('Setting `links` in tracedeck.json: span[3]: "javascript:alert(1)" does not start with http:// or https://');
  const row = page.locator('.td-list .td-trace').first();
  const startMs = Math.floor(trace.spans[0].startTime / 1000);
  await expect(row.getByRole('link', { name: 'Trace logs ↗' })).toHaveAttribute('href',
    `https://logs.example/search?q=${trace.traceID}&from=${startMs - 60_000}&to=${startMs + 100 + 60_000}`);
  await row.locator('.td-trace-toggle').click();
  await row.getByRole('row').filter({ hasText: 'SELECT sessions' }).click();
  const detail = page.getByRole('complementary', { name: 'Span detail' });
  const logs = detail.getByRole('link', { name: 'Logs ↗' });
  const href = await logs.getAttribute('href');
  expect(href).toMatch(new RegExp(`^https://logs\\.example/search\\?q=${trace.traceID}%20postgres&from=\\d{4}-\\d\\d-\\d\\dT\\d\\d%3A\\d\\d%3A\\d\\d\\.\\d{9}Z&to=`));
  // The SELECT's statement is encoded into the path; its process has no host.name.
  await expect(detail.getByRole('link', { name: 'Query plan ↗' })).toHaveAttribute('href', 'https://db.example/SELECT%20%2A%20FROM%20sessions%20WHERE%20id%20%3D%20%241');
  // A link the span cannot fill says why, in words and in its tooltip.
  const host = detail.locator('.td-link-out-missing');
  await expect(host).toHaveText('Host (this span has no tag host.name)');
  await expect(host).toHaveAttribute('title', 'No Host link: this span has no tag host.name');
  // The API's span has host.name but no db.system: Host links, Query plan is not offered.
  await row.getByRole('row').filter({ hasText: 'GET /linked' }).click();
  await expect(detail.getByRole('link', { name: 'Host ↗' })).toHaveAttribute('href', 'https://hosts.example/api-1');
  await expect(detail.getByRole('link', { name: 'Query plan ↗' })).toHaveCount(0);
  // A click opens the log search in a new tab.
  await row.getByRole('row').filter({ hasText: 'SELECT sessions' }).click();
  const [tab] = await Promise.all([context.waitForEvent('page'), logs.click()]);
  await tab.waitForLoadState();
  expect(tab.url()).toBe(href);
  await expect(tab).toHaveTitle('Logs');
});

test('a follows-from reference jumps to its span and back, and a link into another trace is followed there and back', async ({ page }) => {
  const start = nowUs() - 90e6;
  const A = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
  const B = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';
  const follows = (span, traceID, spanID) => { span.references.push({ refType: 'FOLLOWS_FROM', traceID, spanID }); return span; };
  const producer = {
    traceID: A,
    spans: [
      span(A, '0000000000000001', 'POST /jobs', { start, duration: 50_000 }),
      span(A, '0000000000000002', 'enqueue', { start: start + 5_000, duration: 5_000, parent: '0000000000000001' }),
      follows(span(A, '0000000000000003', 'notify', { start: start + 20_000, duration: 5_000, parent: '0000000000000001' }), A, '0000000000000002'),
    ],
    processes: { p1: { serviceName: 'acontext-api', tags: [] } },
  };
  const consumer = {
    traceID: B,
    spans: [follows(span(B, '0000000000000009', 'consume job', { start: start + 30e6, duration: 8_000 }), A, '0000000000000002')],
    processes: { p1: { serviceName: 'acontext-core', tags: [] } },
  };
  await mockJaeger(page, { services: ['acontext-api'], search: () => [consumer, producer] });
  await page.goto('/');
  const detail = page.getByRole('complementary', { name: 'Span detail' });

  // In A: notify follows from enqueue; the jump selects enqueue, which says who follows it.
  const a = page.locator(`.td-list .td-trace[data-trace-id="${A}"]`);
  await a.locator('.td-trace-toggle').click();
  await a.getByRole('row').filter({ hasText: 'notify' }).click();
  await detail.getByRole('button', { name: '→ follows from acontext-api · enqueue' }).click();
  await expect(detail.locator('h3')).toHaveText('enqueue');
  await expect(a.getByRole('row', { selected: true })).toContainText('enqueue');
  await detail.getByRole('button', { name: '← followed by acontext-api · notify' }).click();
  await expect(detail.locator('h3')).toHaveText('notify');
  // A is linked from B, which the list holds.
  const linkedFrom = a.getByRole('group', { name: 'Linked from' });
  await expect(linkedFrom.getByRole('button')).toHaveText('consume job · b2b2b2b');

  // In B: the link names A and its root operation; "Open trace" opens A above the list…
  const b = page.locator(`.td-list .td-trace[data-trace-id="${B}"]`);
  await b.locator('.td-trace-toggle').click();
  await b.getByRole('row').filter({ hasText: 'consume job' }).click();
  const link = detail.getByRole('listitem').filter({ hasText: 'in trace' });
  await expect(link).toContainText(`follows from 0000000000000002 in trace ${A} (POST /jobs)`);
  await link.getByRole('button', { name: 'Open trace' }).click();
  const opened = page.getByRole('region', { name: 'Opened trace' });
  await expect(opened.locator('.td-trace-op')).toHaveText('POST /jobs');
  // …with the span referred to selected, in the tree and the address.
  await expect(opened.getByRole('row', { selected: true })).toContainText('enqueue');
  await expect(page).toHaveURL(new RegExp(`trace=${A}&span=0000000000000002`));
  // …and back: A's "Linked from" opens B.
  await opened.getByRole('group', { name: 'Linked from' }).getByRole('button', { name: 'consume job · b2b2b2b' }).click();
  await expect(opened.locator('.td-trace-op')).toHaveText('consume job');
  await expect(opened.getByRole('row', { selected: true })).toContainText('consume job');
  await expect(page).toHaveURL(new RegExp(`trace=${B}&span=0000000000000009`));
});

/** Two runs of one endpoint: the second's SELECT 50 ms slower, root and core call 30 ms, its
 * UPDATE gone, a cache call added (overlapping the SELECT, so off the critical path). */
function twoRuns() {
  const before = apiTrace({ route: '/cmp', start: nowUs() - 120e6, id: 'be4010e0000000000000000000000001' });
  const after = apiTrace({ route: '/cmp', start: nowUs() - 60e6, id: 'af7e20e0000000000000000000000002' });
  after.spans[0].duration = 130_000;
  after.spans[1].duration = 90_000;
  after.spans[2].duration = 70_000;
  after.spans.splice(3, 1);
  after.spans.push(span(after.traceID, '0000000000000005', 'cache get', { start: after.spans[0].startTime + 80_000, duration: 2_000, parent: '0000000000000002', process: 'p2' }));
  return { before, after };
}

test('two traces picked in the list open one merged tree with both durations, and the comparison lives in the address', async ({ page }) => {
  const { before, after } = twoRuns();
  await mockJaeger(page, { services: ['acontext-api'], search: () => [after, before] });
  await page.goto('/');
  const rowOf = (t) => page.locator(`.td-list .td-trace[data-trace-id="${t.traceID}"]`);
  const pickBefore = rowOf(before).getByRole('button', { name: 'Compare' });
  await pickBefore.click();
  await expect(rowOf(before).getByRole('button', { name: 'Cancel compare' })).toHaveAttribute('aria-pressed', 'true');
  const a = before.traceID.slice(0, 7), b = after.traceID.slice(0, 7);
  await rowOf(after).getByRole('button', { name: `Compare with ${a}` }).click();
  const panel = page.getByRole('region', { name: 'Comparison' });
  // The comparison takes the keyboard focus, and is scrolled clear of the sticky header.
  await expect(panel).toBeFocused();
  const headerBottom = await page.locator('.td-header').evaluate((el) => el.getBoundingClientRect().bottom);
  expect((await panel.boundingBox()).y).toBeGreaterThanOrEqual(headerBottom - 1);
  await expect(panel.locator('.td-compare-summary')).toHaveText(`Trace duration ${a} 100ms → ${b} 130ms: +30ms (+30%) · 3 spans slower · 1 only in ${a} · 1 only in ${b}`);
  const table = panel.getByRole('table', { name: 'Merged spans of the two traces' });
  await expect(table.getByRole('columnheader')).toHaveText(['Service · operation', a, b, 'Change']);
  const rows = table.locator('tbody tr');
  await expect(rows.locator('.td-cmp-op')).toHaveText(['GET /cmp', 'core call', 'SELECT sessions', 'UPDATE sessions', 'cache get']);
  // ◆: on that trace's critical path.
  await expect(rows.nth(2).locator('td')).toHaveText(['postgres · SELECT sessions', '20ms ◆', '70ms ◆', '+50ms (+250%)']);
  await expect(rows.nth(2).locator('.td-cmp-critical').first()).toHaveAttribute('title', `On ${a}'s critical path`);
  await expect(rows.nth(3).locator('td')).toHaveText(['postgres · UPDATE sessions', '5ms ◆', '—', `only in ${a}`]);
  await expect(rows.nth(4).locator('td')).toHaveText(['acontext-core · cache get', '—', '2ms', `only in ${b}`]);
  await expect(rows.nth(4)).toHaveClass(/td-cmp-added/);
  // Largest slowdown first: SELECT (+50) before the root and core call (+30), one-sided rows last.
  await panel.getByRole('button', { name: 'Largest slowdown first' }).click();
  await expect(rows.locator('.td-cmp-op')).toHaveText(['SELECT sessions', 'GET /cmp', 'core call', 'UPDATE sessions', 'cache get']);
  await panel.getByRole('button', { name: 'Largest slowdown first' }).click();
  await expect(rows.locator('.td-cmp-op')).toHaveText(['GET /cmp', 'core call', 'SELECT sessions', 'UPDATE sessions', 'cache get']);
  await expect(page).toHaveURL(new RegExp(`compare=${before.traceID}%2C${after.traceID}`));
  // The compared traces leave the list (a file's trace replaces it): the comparison stays.
  const other = { data: [apiTrace({ route: '/other' })] };
  await page.locator('.td-file-input').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(other)) });
  await expect(page.locator('.td-list .td-trace-op')).toHaveText(['GET /other']);
  await expect(panel.locator('.td-compare-summary')).toContainText(`Trace duration ${a} 100ms → ${b} 130ms`);

  // The address restores it on a reload.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Comparison' }).locator('.td-compare-summary')).toContainText(`Trace duration ${a} 100ms → ${b} 130ms`);
  // Closing it leaves the address.
  await page.getByRole('button', { name: 'Close comparison' }).click();
  await expect(page.getByRole('region', { name: 'Comparison' })).toHaveCount(0);
  await expect(page).not.toHaveURL(/compare=/);
});

test('a comparison address fetches a trace that is not listed, and says when one cannot be found', async ({ page }) => {
  const { before, after } = twoRuns();
  const byId = { [before.traceID]: before };
  await mockJaeger(page, { services: ['acontext-api'], search: () => [after], trace: (id) => byId[id] ?? null });
  await page.goto(`/?compare=${before.traceID},${after.traceID}`);
  const panel = page.getByRole('region', { name: 'Comparison' });
  await expect(panel.locator('.td-compare-summary')).toContainText('100ms → ');
  await page.goto(`/?compare=${'f'.repeat(32)},${after.traceID}`);
  await expect(panel.getByRole('alert')).toHaveText(`No trace with ID ${'f'.repeat(32)} was found.`);
});

test('"Compare with typical" sets the open trace against the p50 of the other loaded traces of its root operation', async ({ page }) => {
  const runs = [20_000, 22_000, 24_000].map((select, n) => {
    const t = apiTrace({ route: '/typ', start: nowUs() - (200 - n * 10) * 1e6 });
    t.spans[2].duration = select;
    return t;
  });
  const slow = apiTrace({ route: '/typ', start: nowUs() - 30e6 });
  slow.spans[2].duration = 60_000;
  const other = apiTrace({ route: '/elsewhere' });
  await mockJaeger(page, { services: ['acontext-api'], search: () => [other, slow, ...runs] });
  await page.goto('/');
  const row = page.locator(`.td-list .td-trace[data-trace-id="${slow.traceID}"]`);
  await row.locator('.td-trace-toggle').click();
  await row.getByRole('button', { name: 'Compare with typical' }).click();
  const panel = page.getByRole('region', { name: 'Comparison' });
  const s = slow.traceID.slice(0, 7);
  await expect(panel.getByRole('columnheader')).toHaveText(['Service · operation', 'typical (3 traces)', s, 'Change']);
  const select = panel.locator('tbody tr').filter({ hasText: 'SELECT sessions' });
  // The p50 of 20, 22 and 24 ms is 22 ms.
  await expect(select.locator('td')).toHaveText(['postgres · SELECT sessions', '22ms', '60ms ◆', '+38ms (+173%)']);
  await expect(select.locator('td').nth(1)).toHaveAttribute('title', 'p50 of 3 spans');
  await expect(page).toHaveURL(new RegExp(`compare=${slow.traceID}%2Ctypical`));
  // A trace whose root no other loaded trace has: nothing typical, said so.
  const lone = page.locator(`.td-list .td-trace[data-trace-id="${other.traceID}"]`);
  await lone.locator('.td-trace-toggle').click();
  await lone.getByRole('button', { name: 'Compare with typical' }).click();
  await expect(panel.getByRole('alert')).toHaveText('No other loaded trace has the root operation GET /elsewhere: nothing typical to compare it with.');
});

test('at phone width a comparison scrolls inside itself, not the page', async ({ page }) => {
  const { before, after } = twoRuns();
  await page.setViewportSize({ width: 390, height: 800 });
  await mockJaeger(page, { services: ['acontext-api'], search: () => [after, before] });
  await page.goto(`/?compare=${before.traceID},${after.traceID}`);
  await expect(page.getByRole('region', { name: 'Comparison' }).locator('.td-compare-summary')).toContainText('Trace duration');
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(widths[0]).toBeLessThanOrEqual(widths[1]);
});
