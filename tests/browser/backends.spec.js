// Every backend flavour: Jaeger v1, Jaeger v2's api_v3 (OTLP JSON), and Acontext's endpoint show
// the same trace the same way.
import { test, expect } from '@playwright/test';
import { apiTrace, envelope, mockJaeger, nowUs, toOtlp } from './jaeger.js';

/** What a user sees of a trace: its list row and every span row of its tree. */
async function seen(page) {
  await page.locator('.td-trace-toggle').first().click();
  const row = await page.locator('.td-trace-toggle').first().innerText();
  const spans = await page.locator('.td-span').allInnerTexts();
  return { row: row.replace(/\d+ s ago|just now/, 'AGE'), spans };
}

async function mockV3(page, traces, requests = []) {
  await page.route((u) => u.pathname.startsWith('/api/'), async (route) => {
    const url = new URL(route.request().url());
    requests.push(url);
    const json = (status, body) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
    if (url.pathname === '/api/services' || url.pathname === '/api/traces') {
      return route.fulfill({ status: 404, contentType: 'text/plain', body: '404 page not found' });
    }
    if (url.pathname === '/api/v3/services') return json(200, { services: ['acontext-api', 'jaeger'] });
    if (url.pathname === '/api/v3/traces') {
      return json(200, { result: { resourceSpans: traces.flatMap(toOtlp) } });
    }
    const id = url.pathname.split('/').pop();
    const found = traces.find((t) => t.traceID === id);
    return found
      ? json(200, { result: { resourceSpans: toOtlp(found) } })
      : json(404, { error: { httpCode: 404, message: 'No traces found' } });
  });
  return requests;
}

test('Jaeger api_v3 is detected when v1 is gone, queried with RFC 3339 times, and read as OTLP', async ({ page }) => {
  const trace = apiTrace({ method: 'POST', status: 503 });
  const requests = await mockV3(page, [trace]);
  await page.goto('/');
  await expect(page.locator('.td-trace-op')).toHaveText(['POST /api/v1/session/:id']);
  await expect(page.locator('.td-footer')).toContainText('Jaeger api_v3 (OTLP JSON) at /api (detected)');
  const search = requests.find((u) => u.pathname === '/api/v3/traces');
  expect(search.searchParams.get('query.service_name')).toBe('acontext-api');
  expect(search.searchParams.get('query.search_depth')).toBe('50');
  expect(search.searchParams.get('query.num_traces')).toBe('50');
  const min = Date.parse(search.searchParams.get('query.start_time_min'));
  const max = Date.parse(search.searchParams.get('query.start_time_max'));
  expect(search.searchParams.get('query.start_time_max')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  expect(Math.abs(max - Date.now())).toBeLessThan(2000);
  expect(max - min).toBe(3600e3);
  expect(requests.filter((u) => u.pathname === '/api/v3/traces').length).toBe(1);
  await expect(page.locator('.td-error-mark').first()).toContainText('error');

  const box = page.getByRole('textbox', { name: 'Trace ID' });
  await box.fill(trace.traceID);
  await box.press('Enter');
  await expect(page.locator('.td-opened .td-span')).toHaveCount(4);
  await box.fill('abcdef');
  await box.press('Enter');
  await expect(page.locator('.td-opened')).toContainText('No trace with ID 0000000000abcdef was found.');
});

test('api_v3 answering 404 "No traces found" is an empty list, not an error', async ({ page }) => {
  await page.route((u) => u.pathname.startsWith('/api/'), (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/api/v3/services') return route.fulfill({ status: 200, body: '{"services":["a"]}' });
    return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"httpCode":404,"message":"No traces found"}}' });
  });
  await page.goto('/?flavour=jaeger-v3');
  await expect(page.getByRole('heading', { name: 'No traces in the last hour' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test("Acontext's admin endpoint is asked with Jaeger's parameters for the project", async ({ page }) => {
  const trace = apiTrace();
  const requests = [];
  await page.route((u) => u.pathname.startsWith('/acx/'), (route) => {
    requests.push(new URL(route.request().url()));
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(envelope([trace])) });
  });
  await page.goto(`/?api=/acx&flavour=acontext&project=proj-1&tags=${encodeURIComponent('{"error":"true"}')}`);
  await expect(page.locator('.td-trace')).toHaveCount(1);
  expect(requests.map((u) => u.pathname)).toEqual(Array(2).fill('/acx/admin/v1/project/proj-1/metrics'));
  expect(requests.map((u) => u.searchParams.get('service')).sort()).toEqual(['acontext-api', 'acontext-core']);
  const q = requests[0].searchParams;
  expect(Number(q.get('end')) - Number(q.get('start'))).toBe(3600e6);
  expect(Math.abs(Number(q.get('end')) - nowUs())).toBeLessThan(2e6);
  expect(q.get('limit')).toBe('50');
  expect(q.get('tags')).toBe('{"error":"true"}');
  await expect(page.locator('.td-footer')).toContainText('Acontext endpoint, project proj-1 at /acx');
});

test('the same trace looks the same from v1, api_v3, the Acontext endpoint and files', async ({ browser }) => {
  const trace = apiTrace({ method: 'PATCH', status: 500 });
  const views = [];
  for (const source of ['v1', 'v3', 'acontext', 'jaeger-file', 'otlp-file']) {
    const page = await browser.newPage();
    if (source === 'v1') await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
    if (source === 'v3') await mockV3(page, [trace]);
    if (source === 'acontext') {
      await page.route((u) => u.pathname.includes('/admin/v1/'), (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(envelope([trace])) }));
    }
    if (source.endsWith('-file')) await mockJaeger(page, { services: [] });
    await page.goto(source === 'acontext' ? '/?flavour=acontext&project=p&services=acontext-api' : '/');
    if (source.endsWith('-file')) {
      const json = source === 'jaeger-file' ? trace : { resourceSpans: toOtlp(trace) };
      await page.locator('.td-file-input').setInputFiles({ name: 't.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
    }
    await expect(page.locator('.td-trace')).toHaveCount(1);
    views.push(await seen(page));
    await page.close();
  }
  expect(views[0].spans).toHaveLength(4);
  for (const view of views.slice(1)) expect(view).toEqual(views[0]);
});
