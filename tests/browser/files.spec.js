// Trace files: opened with the picker or dropped, in any format, saved back as Jaeger JSON.
import { test, expect } from '@playwright/test';
import { apiTrace, envelope, mockJaeger, toOtlp } from './jaeger.js';

const asFile = (name, json) => ({ name, mimeType: 'application/json', buffer: Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)) });

test.beforeEach(async ({ page }) => {
  await mockJaeger(page, { services: ['acontext-api'], search: () => [apiTrace({ route: '/live' })] });
});

test('a Jaeger file opens in the list, labelled, with no backend asked', async ({ page }) => {
  const a = apiTrace({ route: '/from-file-a' });
  const b = apiTrace({ route: '/from-file-b', start: a.spans[0].startTime - 5e6 });
  await page.goto('/');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /live']);
  const asked = [];
  page.on('request', (r) => r.url().includes('/api/') && asked.push(r.url()));
  await page.locator('.td-file-input').setInputFiles(asFile('export.json', envelope([b, a])));
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /from-file-a', 'GET /from-file-b']);
  await expect(page.locator('.td-file-badge')).toHaveText('File: export.json');
  await expect(page.locator('.td-footer')).toContainText('traces from export.json');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await page.waitForTimeout(300);
  expect(asked).toEqual([]);
  await page.getByRole('button', { name: 'Back to live' }).click();
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /live']);
});

test('OTLP files, JSON Lines and span arrays open the same way', async ({ page }) => {
  const t = apiTrace({ route: '/otlp' });
  await page.goto('/');
  await page.locator('.td-file-input').setInputFiles(asFile('otlp.json', { resourceSpans: toOtlp(t) }));
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /otlp']);
  await page.locator('.td-trace-toggle').click();
  await expect(page.locator('.td-span')).toHaveCount(4);

  const u = apiTrace({ route: '/lines' });
  const lines = `${JSON.stringify({ resourceSpans: toOtlp(u) })}\n${JSON.stringify(apiTrace({ route: '/bare' }))}\n`;
  await page.locator('.td-file-input').setInputFiles(asFile('mixed.jsonl', lines));
  await expect(page.locator('.td-trace')).toHaveCount(2);

  const spansOnly = u.spans.map((s) => ({ ...s, process: u.processes[s.processID] }));
  await page.locator('.td-file-input').setInputFiles(asFile('spans.json', spansOnly));
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /lines']);
});

test('a dropped file opens too', async ({ page }) => {
  await page.goto('/');
  await page.locator('.td-app').waitFor();
  const text = JSON.stringify(apiTrace({ route: '/dropped' }));
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    document.querySelector('.td-app').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, text);
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /dropped']);
  await expect(page.locator('.td-file-badge')).toHaveText('File: dropped.json');
});

test('a bad file says what is wrong and where, and the list stays', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /live']);
  await page.locator('.td-file-input').setInputFiles(asFile('broken.json', '{"data": [\n  {"traceID": "1", "spans": [}\n]}'));
  const banner = page.getByRole('alert');
  await expect(banner).toContainText('broken.json: not valid JSON');
  await expect(banner).toContainText('line 2 column');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /live']);
  await page.locator('.td-file-input').setInputFiles(asFile('other.json', { hello: 'world' }));
  await expect(banner).toContainText('other.json: not a trace document');
});

test('download JSON saves the open trace and the list in a form that opens again', async ({ page }) => {
  await page.goto('/');
  await page.locator('.td-trace-toggle').click();
  const [one] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
  expect(one.suggestedFilename()).toMatch(/^trace-[0-9a-f]{32}\.json$/);
  const saved = JSON.parse(await (await one.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()));
  expect(saved.data).toHaveLength(1);
  expect(saved.data[0].spans).toHaveLength(4);
  expect(saved.data[0].spans[0].operationName).toBe('GET /live');

  const [list] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download list' }).click()]);
  expect(list.suggestedFilename()).toBe('traces.json');
  const text = await (await list.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  await page.locator('.td-file-input').setInputFiles(asFile('traces.json', text));
  await expect(page.locator('.td-file-badge')).toHaveText('File: traces.json');
  // The trace was open before, and stays open when it comes back from the file.
  await expect(page.locator('.td-span-op')).toHaveText(['GET /live', 'core call', 'SELECT sessions', 'UPDATE sessions']);
});

test("a file of a few seconds' traces counts them per second under its dots", async ({ page }) => {
  const start = Date.now() * 1000 - 86_400e6;
  const traces = [0, 1.5e6, 3e6].map((offset, i) => apiTrace({ route: `/burst${i}`, start: start + offset }));
  await page.goto('/');
  await page.locator('.td-file-input').setInputFiles(asFile('burst.json', envelope(traces)));
  await expect(page.locator('.td-list .td-trace')).toHaveCount(3);
  await expect(page.locator('.td-volume-caption')).toHaveText('Bars: loaded traces per second');
  await expect(page.locator('.td-volume-bar:not(.td-volume-empty)')).toHaveCount(3);
});

test("a file's old traces spread over the chart, and its services filter it in the browser", async ({ page }) => {
  const day = 86_400e6;
  const old = apiTrace({ route: '/old', start: Date.now() * 1000 - 30 * day });
  const older = apiTrace({ route: '/older', start: old.spans[0].startTime - 3_600e6 });
  older.processes.p2.serviceName = 'billing';
  await page.goto('/');
  await page.locator('.td-file-input').setInputFiles(asFile('last-month.json', envelope([old, older])));
  await expect(page.locator('.td-list .td-trace')).toHaveCount(2);
  // The chart spans the file's traces, not the last hour they are not in.
  const x = (t) => page.locator(`.td-dot[data-trace-id="${t.traceID}"] .td-dot-fill`).getAttribute('cx').then(parseFloat);
  expect(await x(old)).toBeGreaterThan(80);
  expect(await x(older)).toBeLessThan(20);
  await page.getByRole('tab', { name: 'Service map' }).click();
  await page.locator('.td-node[data-service="billing"]').click();
  await expect(page.locator('.td-list .td-trace-op')).toHaveText(['GET /older']);
  await page.getByLabel('Service', { exact: true }).selectOption('');
  await expect(page.locator('.td-list .td-trace')).toHaveCount(2);
  // The range is the live list's: choosing one keeps the file's month-old traces.
  await page.getByRole('button', { name: '15m', exact: true }).click();
  await expect(page.locator('.td-list .td-trace')).toHaveCount(2);
  await expect(page.locator('.td-file-badge')).toHaveText('File: last-month.json');
});
