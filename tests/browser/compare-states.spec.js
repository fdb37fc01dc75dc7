// The designed states of issue 15's views that need a slow or huge input: a comparison waiting
// for a trace, and a trace with more events than the Logs tab lists.
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger, envelope, nowUs, tag } from './jaeger.js';

test('a comparison says which trace it is waiting for while it loads', async ({ page }) => {
  const a = apiTrace({ route: '/slow', start: nowUs() - 90e6, id: 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0' });
  const b = apiTrace({ route: '/slow', start: nowUs() - 60e6, id: 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0' });
  await mockJaeger(page, { services: ['acontext-api'], search: () => [a] });
  // Trace b answers only after a while.
  let release;
  const answered = new Promise((r) => { release = r; });
  await page.route(`**/api/traces/${b.traceID}`, async (route) => {
    await answered;
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(envelope([b])) });
  });
  await page.goto(`/?compare=${a.traceID},${b.traceID}`);
  const panel = page.getByRole('region', { name: 'Comparison' });
  await expect(panel.getByRole('status')).toHaveText(`Loading ${b.traceID} for the comparison…`);
  release();
  await expect(panel.locator('.td-compare-summary')).toContainText('Trace duration');
});

test('a trace with more events than the Logs tab lists says so, and the filter reaches the rest', async ({ page }) => {
  const trace = apiTrace({ route: '/chatty' });
  const start = trace.spans[0].startTime;
  trace.spans[1].logs = Array.from({ length: 600 }, (_, n) => ({ timestamp: start + 10_000 + n, fields: [tag('event', `step ${n}`)] }));
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  await page.locator('.td-list .td-trace-toggle').first().click();
  const view = page.locator('.td-trace-view');
  await view.getByRole('tab', { name: 'Logs' }).click();
  const rows = view.getByRole('table', { name: 'Events of the trace' }).locator('tbody tr');
  await expect(rows).toHaveCount(500);
  // 600 steps and the SELECT's own log.
  await expect(view.getByRole('status').filter({ hasText: 'events' })).toHaveText('601 events: the first 500 shown; the filter finds the rest');
  await view.getByRole('searchbox', { name: 'Filter events' }).fill('step 599');
  await expect(rows.locator('.td-event-name')).toHaveText(['step 599']);
});
