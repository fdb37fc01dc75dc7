// The trace list: queries per range and service, merging, refresh, load more, copy and links.
import { test, expect } from '@playwright/test';
import { bigTrace } from '../../bench/traces.mjs';
import { apiTrace, envelope, keepScreenshot, mockJaeger, nowUs, searches, span } from './jaeger.js';

const ranges = { '15m': 15 * 60, '1h': 3600, '6h': 6 * 3600, '24h': 24 * 3600, '7d': 7 * 24 * 3600 };

test('each range asks every service for its window in µs, ending now', async ({ page }) => {
  const trace = apiTrace();
  const requests = await mockJaeger(page, { search: () => [trace] });
  await page.goto('/');
  await expect(page.locator('.td-trace')).toHaveCount(1);
  // The page opens on 1h; then each button in turn, back to 1h.
  for (const [i, label] of ['1h', '15m', '6h', '24h', '7d', '1h'].entries()) {
    if (i > 0) {
      requests.length = 0;
      await page.getByRole('button', { name: label, exact: true }).click();
    }
    await expect.poll(() => searches(requests).length).toBe(2);
    const asked = searches(requests);
    expect(asked.map((u) => u.searchParams.get('service')).sort()).toEqual(['acontext-api', 'acontext-core']);
    for (const url of asked) {
      const start = Number(url.searchParams.get('start'));
      const end = Number(url.searchParams.get('end'));
      expect(Math.abs(end - nowUs())).toBeLessThan(1_500_000);
      expect(end - start).toBe(ranges[label] * 1e6);
      expect(url.searchParams.get('limit')).toBe('50');
    }
    await expect(page.getByRole('button', { name: label, exact: true })).toHaveAttribute('aria-pressed', 'true');
  }
});

test('traces from several services merge without duplicates, newest first, cut to the page size', async ({ page }) => {
  const now = nowUs();
  const shared = apiTrace({ start: now - 10e6, route: '/shared' });
  const older = apiTrace({ start: now - 50e6, route: '/older' });
  const newest = apiTrace({ start: now - 5e6, route: '/newest' });
  await mockJaeger(page, {
    search: (service) => (service === 'acontext-api' ? [shared, older] : [newest, shared]),
  });
  await page.goto('/?limit=3');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /newest', 'GET /shared', 'GET /older']);
  await expect(page.locator('.td-count')).toHaveText('3 traces');
});

test('a trace row shows method, operation, duration, span count, services and errors', async ({ page }) => {
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  const colours = {
    GET: 'rgb(21, 128, 61)', POST: 'rgb(29, 78, 216)', PUT: 'rgb(194, 65, 12)',
    PATCH: 'rgb(126, 34, 206)', DELETE: 'rgb(185, 28, 28)', OPTIONS: 'rgb(75, 85, 99)',
  };
  const now = nowUs();
  const traces = methods.map((method, i) => apiTrace({ method, start: now - (i + 1) * 10e6, status: method === 'DELETE' ? 503 : 200 }));
  await mockJaeger(page, { services: ['acontext-api'], search: () => traces });
  await page.goto('/');
  const rows = page.locator('.td-trace');
  await expect(rows).toHaveCount(6);
  for (const [i, method] of methods.entries()) {
    const badge = rows.nth(i).locator('.td-trace-row .td-method');
    await expect(badge).toHaveText(method);
    await expect(badge).toHaveCSS('background-color', colours[method]);
  }
  const first = rows.first();
  await expect(first.locator('.td-span-count')).toHaveText('4 spans');
  await expect(first.locator('.td-trace-duration')).toHaveText('100ms');
  await expect(first.locator('.td-trace-start')).toContainText(/\d\d:\d\d:\d\d · \d+ s ago/);
  // Most spans first, then by name.
  await expect(first.locator('.td-chip')).toHaveText(['postgres', 'acontext-api', 'acontext-core']);
  await expect(rows.nth(4).locator('.td-error-mark')).toHaveText('⚠ 1 error');
  await expect(first.locator('.td-error-mark')).toHaveCount(0);
  await keepScreenshot(page, 'list');
});

test('the trace ID copies in full with visible feedback', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const trace = apiTrace();
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  const copy = page.locator('.td-trace-id');
  await expect(copy).toHaveText(trace.traceID.slice(0, 7));
  await copy.click();
  await expect(copy).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(trace.traceID);
  await expect(copy).toHaveText(trace.traceID.slice(0, 7), { timeout: 4000 });
});

test('copying falls back to a selection copy when the clipboard API is refused', async ({ page }) => {
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    document.addEventListener('copy', () => {
      window.__copied = document.activeElement?.value ?? String(getSelection());
    });
  });
  const trace = apiTrace();
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  await page.locator('.td-trace-id').click();
  await expect(page.locator('.td-trace-id')).toHaveText('Copied');
  expect(await page.evaluate(() => window.__copied)).toBe(trace.traceID);
});

test('Jaeger links open the configured Jaeger UI in a new tab', async ({ page }) => {
  const trace = apiTrace();
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  const link = page.locator('.td-jaeger-link');
  await expect(link).toHaveAttribute('href', `http://localhost:16686/trace/${trace.traceID}`);
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');

  await page.goto('/?jaeger_ui=https://jaeger.example.com/');
  await expect(page.locator('.td-jaeger-link')).toHaveAttribute('href', `https://jaeger.example.com/trace/${trace.traceID}`);

  await page.goto('/?jaeger_ui=javascript:alert(1)');
  await expect(page.locator('.td-trace')).toHaveCount(1);
  await expect(page.locator('.td-jaeger-link')).toHaveCount(0);
  await expect(page.getByRole('alert')).toContainText('`jaeger_ui`');
});

test('auto-refresh counts down, refreshes, keeps expanded traces open and marks new ones', async ({ page }) => {
  const now = nowUs();
  const first = apiTrace({ start: now - 30e6, route: '/first' });
  const later = apiTrace({ start: now - 1e6, route: '/later' });
  let calls = 0;
  await mockJaeger(page, { services: ['acontext-api'], search: () => (++calls === 1 ? [first] : [later, first]) });
  await page.goto('/?refresh=2');
  await expect(page.locator('.td-countdown')).toHaveText(/next refresh in [12]s/);
  await page.locator('.td-trace-toggle').first().click();
  await expect(page.locator('.td-span')).toHaveCount(4);
  await page.mouse.move(0, 0);
  await expect(page.locator('.td-trace')).toHaveCount(2, { timeout: 5000 });
  expect(calls).toBeGreaterThanOrEqual(2);
  await expect(page.locator('.td-trace').first()).toHaveClass(/td-new/);
  await expect(page.locator('.td-trace').first().locator('.td-new-badge')).toHaveText('new');
  await expect(page.locator(`[data-trace-id="${first.traceID}"] .td-span`)).toHaveCount(4);
  await expect(page.locator('.td-last-refreshed')).toHaveText(/last refreshed \d\d:\d\d:\d\d/);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.locator('.td-countdown')).toHaveText('auto-refresh paused');
  const paused = calls;
  await page.waitForTimeout(2500);
  expect(calls).toBe(paused);
});

test('a refreshed list waits while the pointer is over the list', async ({ page }) => {
  const now = nowUs();
  const first = apiTrace({ start: now - 30e6, route: '/first' });
  const later = apiTrace({ start: now - 1e6, route: '/later' });
  // The newer trace arrives only once the pointer is over the list: a refresh that lands before
  // the hover (a slow runner) would show it at once, which is right but not what is tested.
  let over = false;
  await mockJaeger(page, { services: ['acontext-api'], search: () => (over ? [later, first] : [first]) });
  await page.goto('/?refresh=1');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /first']);
  await page.locator('.td-trace').first().hover();
  over = true;
  await expect(page.locator('.td-pending')).toBeVisible({ timeout: 4000 });
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /first']);
  await page.mouse.move(5, 600);
  await page.locator('.td-header').hover();
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /later', 'GET /first']);
});

test('a refresh reads again only a trace that changed: one still being written comes by ID with its new span', async ({ page }) => {
  const now = nowUs();
  const done = apiTrace({ start: now - 30e6, route: '/done' });
  const growing = apiTrace({ start: now - 10e6, route: '/growing' });
  const grown = structuredClone(growing);
  grown.spans.push(span(grown.traceID, '0000000000000005', 'late write', { start: now - 10e6 + 50_000, duration: 1_000, parent: '0000000000000001' }));
  let refreshed = false;
  const requests = await mockJaeger(page, {
    services: ['acontext-api', 'acontext-core'],
    search: () => (refreshed ? [grown, done] : [growing, done]),
    trace: (id) => (id === grown.traceID ? grown : null),
  });
  await page.goto('/');
  const row = (trace) => page.locator(`[data-trace-id="${trace.traceID}"]`);
  await expect(row(growing).locator('.td-span-count')).toHaveText('4 spans');
  refreshed = true;
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(row(growing).locator('.td-span-count')).toHaveText('5 spans');
  await expect(row(done).locator('.td-span-count')).toHaveText('4 spans');
  await row(growing).locator('.td-trace-toggle').click();
  await expect(row(growing).locator('.td-span-op', { hasText: 'late write' })).toBeVisible();
  // The trace that did not change was not asked for by ID; the one that grew was, once.
  const byId = requests.filter((u) => u.pathname.startsWith('/api/traces/')).map((u) => u.pathname);
  expect(byId).toEqual([`/api/traces/${grown.traceID}`]);
});

test('load more asks the same window one page deeper, so a backend that picks traces by arrival skips none', async ({ page }) => {
  const now = nowUs();
  // As Jaeger 2.x's memory store answers: the most recently received matching traces, whose starts
  // need not be the newest. /b arrived last but started before /c.
  const received = [
    apiTrace({ start: now - 30e6, route: '/b' }),
    apiTrace({ start: now - 10e6, route: '/a' }),
    apiTrace({ start: now - 20e6, route: '/c' }),
    apiTrace({ start: now - 40e6, route: '/d' }),
  ];
  await mockJaeger(page, {
    services: ['acontext-api'],
    search: (_service, params) => received.filter((t) => t.spans[0].startTime <= Number(params.get('end'))).slice(0, Number(params.get('limit'))),
  });
  await page.goto('/?limit=2');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /a', 'GET /b']);
  const seen = [];
  page.on('request', (r) => r.url().includes('/api/traces?') && seen.push(new URL(r.url())));
  await page.getByRole('button', { name: 'Load more' }).click();
  // /c started between the two shown: a window ending before /b would have lost it.
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /a', 'GET /c', 'GET /b', 'GET /d']);
  expect(seen[0].searchParams.get('limit')).toBe('4');
  expect(Number(seen[0].searchParams.get('end'))).toBeGreaterThan(now);
  // Older traces did not just arrive: none is marked new.
  await expect(page.locator('.td-new-badge')).toHaveCount(0);
  // That page came back full; the next is short, so the list says it has everything.
  await expect(page.getByText('no more to load')).toHaveCount(0);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(page.getByText('4 traces in the last hour: no more to load.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
});

test('a pasted trace ID is validated, then opened even outside the range', async ({ page }) => {
  const old = apiTrace({ start: nowUs() - 9 * 24 * 3600e6, route: '/last-week' });
  await mockJaeger(page, { services: ['acontext-api'], search: () => [], trace: (id) => (id === old.traceID ? old : null) });
  await page.goto('/');
  const box = page.getByRole('textbox', { name: 'Trace ID' });
  await box.fill('not-a-trace');
  await box.press('Enter');
  await expect(page.locator('.td-find-error')).toContainText('hex digits');
  await box.fill(`  ${old.traceID.toUpperCase()} `);
  await box.press('Enter');
  const opened = page.locator('.td-opened');
  await expect(opened.locator('.td-trace-op')).toHaveText('GET /last-week');
  await expect(opened.locator('.td-span')).toHaveCount(4);
  await box.fill('abc123');
  await box.press('Enter');
  await expect(opened).toContainText('No trace with ID 0000000000abc123 was found.');
});

test('a slow answer for an earlier range never overwrites the range chosen after', async ({ page }) => {
  const now = nowUs();
  const slowHour = apiTrace({ start: now - 40 * 60e6, route: '/from-1h' });
  const quick = apiTrace({ start: now - 60e6, route: '/from-15m' });
  await mockJaeger(page, {
    services: ['acontext-api'],
    search: (_s, params) => {
      const span = Number(params.get('end')) - Number(params.get('start'));
      return span === 3600e6 ? { status: 200, body: envelope([slowHour]), delayMs: 1500 } : [quick];
    },
  });
  await page.goto('/');
  await page.getByRole('button', { name: '15m', exact: true }).click();
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /from-15m']);
  await page.waitForTimeout(2000);
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /from-15m']);
});

test('a trace the address links loads first, and the list after it', async ({ page }) => {
  const linked = apiTrace({ route: '/linked' });
  const other = apiTrace({ route: '/other', start: nowUs() - 5e6 });
  const events = [];
  await page.route((u) => u.pathname.startsWith('/api/'), async (route) => {
    const path = new URL(route.request().url()).pathname;
    events.push(path);
    let body = envelope([other, linked]);
    if (path === '/api/services') body = envelope(['acontext-api']);
    if (path === `/api/traces/${linked.traceID}`) {
      await new Promise((r) => setTimeout(r, 500));
      events.push('linked trace answered');
      body = envelope([linked]);
    }
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
  });
  await page.goto(`/?trace=${linked.traceID}`);
  await expect(page.locator('.td-opened .td-trace-op')).toHaveText('GET /linked');
  await expect(page.locator('.td-list .td-trace-op').first()).toHaveText('GET /other');
  // No search went out while the linked trace was on its way.
  expect(events.indexOf('/api/traces')).toBeGreaterThan(events.indexOf('linked trace answered'));
});

test('a trace over the budget is listed by its summary, its spans fetched when opened and kept while listed', async ({ page }) => {
  const small = apiTrace({ start: nowUs() - 30e6 });
  const big = bigTrace(2_000, nowUs() - 60e6, 9);
  const requests = await mockJaeger(page, {
    services: ['acontext-api'],
    search: () => [small, big],
    trace: (id) => (id === big.traceID ? big : null),
  });
  const byId = () => requests.filter((u) => u.pathname === `/api/traces/${big.traceID}`);
  // 1 MB of spans a round: a trace of over 1,497 spans (at 700 bytes each) is not held whole.
  await page.goto('/?flavour=jaeger-v1&analysis_mb=1');
  const bigRow = page.locator('.td-trace').filter({ hasText: ':session_id' });
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /api/v1/session/:id', 'GET /api/v1/session/:session_id']);
  // What its summary carries, and nothing guessed: no method badge until its spans are here.
  await expect(bigRow).toContainText('2,000 spans');
  await expect(bigRow.locator('.td-trace-row .td-method')).toHaveCount(0);
  await expect(page.locator('.td-trace').first().locator('.td-trace-row .td-method')).toHaveText('GET');

  // The analysis views say they are based on the small trace and leave the big one a click away.
  await page.getByRole('tab', { name: 'Operations' }).click();
  const basedOn = page.locator('.td-based-on');
  await expect(basedOn).toContainText('Using 1 of 2 listed traces (4 of 2,004 spans).');
  await expect(basedOn.getByRole('button', { name: 'Load next: 1 trace (2,000 spans)' })).toBeVisible();
  expect(byId()).toHaveLength(0);

  // Opened from the keyboard, its spans come by ID, and the row is drawn from them, the focus
  // still on its toggle.
  await bigRow.locator('.td-trace-toggle').focus();
  await page.keyboard.press('Enter');
  await expect(bigRow.locator('.td-span-op').filter({ hasText: 'SELECT acontext.sessions' }).first()).toBeVisible();
  await expect(bigRow.locator('.td-trace-row .td-method')).toHaveText('GET');
  await expect(bigRow.locator('.td-trace-toggle')).toBeFocused();
  await expect(basedOn).toHaveText('Using all 2 listed traces (2,004 spans).');
  expect(byId()).toHaveLength(1);

  // Once here, its spans stay while it is listed: closed and refreshed, it is not asked for
  // again, nor read again from the search's copy.
  await bigRow.locator('.td-trace-toggle').click();
  const searchesBefore = searches(requests).length;
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect.poll(() => searches(requests).length).toBeGreaterThan(searchesBefore);
  await expect(page.locator('.td-list')).toHaveAttribute('aria-busy', 'false');
  // Nothing is held back now: the views are based on every trace, and say nothing of it.
  await expect(basedOn).toHaveCount(0);
  await expect(bigRow.locator('.td-trace-row .td-method')).toHaveText('GET');
  await bigRow.locator('.td-trace-toggle').click();
  await expect(bigRow.locator('.td-span-op').filter({ hasText: 'SELECT acontext.sessions' }).first()).toBeVisible();
  expect(byId()).toHaveLength(1);
});
