// Listing from Jaeger's trace summaries (v2.19 and later): one small request for every service,
// spans only for the traces opened and, within a budget, for the analysis views. The stand-in is
// built from a real Jaeger v2.20's recorded answers (summaries-jaeger.js).
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger, toOtlp } from './jaeger.js';
import { answerSummaries, bodyOf, mockSummariesJaeger, recorded, summarize, tracesOf } from './summaries-jaeger.js';

const T1 = '0af7651916cd43dd8448eb211c80319c';
const summaryRequests = (requests) => requests.filter((u) => u.pathname === '/api/v3/trace-summaries');
const traceRequests = (requests) => requests.filter((u) => u.pathname.startsWith('/api/v3/traces/'));
const row = (page, id) => page.locator(`.td-trace[data-trace-id="${id}"]`);

test('the stand-in answers as the recorded Jaeger v2.20 did, parameter case by case', () => {
  // The times fed were made when the request was sent: the answer's are the same, moved.
  const answered = JSON.parse(bodyOf(recorded('v3-trace-summaries.all.txt'))).summaries;
  const fed = [...tracesOf().values()].map(summarize);
  const traces = tracesOf(BigInt(answered[0].minStartTimeUnixNano) - BigInt(fed[0].minStartTimeUnixNano));
  expect([...traces.values()].map(summarize)).toEqual(answered);
  const window = { 'query.startTimeMin': '2026-12-06T23:00:00Z', 'query.startTimeMax': '2026-12-06T23:30:00Z' };
  const ids = (params) => {
    const answer = answerSummaries(new URLSearchParams({ ...window, ...params }), traces);
    return answer.status === 200 ? answer.body.summaries.map((s) => s.traceId.slice(0, 4)) : [answer.status, answer.body.error.message];
  };
  expect(ids({ 'query.searchDepth': '1' })).toEqual(['5b8e']);
  expect(ids({ 'query.search_depth': '2' })).toEqual(['5b8e', '6e0c']);
  expect(ids({ 'query.num_traces': '1' })).toEqual(['5b8e']);
  expect(ids({ 'query.searchDepth': '1', 'query.num_traces': '3' })).toEqual(['5b8e']);
  expect(ids({ 'query.searchDepth': '0' })).toEqual([500, 'search depth must be greater than 0 and less than max traces']);
  expect(ids({ 'query.operationName': 'GET /dispatch', 'query.serviceName': 'frontend' })).toEqual(['0af7']);
  expect(ids({ 'query.operationName': 'GET /dispatch' })).toEqual(['0af7']);
  expect(ids({ 'query.durationMin': '100ms' })).toEqual(['5b8e', '0af7']);
  expect(ids({ 'query.attributes': '{"db.system":"mysql"}' })).toEqual(['5b8e', '0af7']);
  expect(ids({ 'query.attributes': '{"error":"true"}' })).toEqual(['0af7']);
  expect(ids({ 'query.serviceName': 'nobody' })).toEqual([]);
  expect(answerSummaries(new URLSearchParams(), traces).body.error.message).toBe('query.startTimeMin and query.startTimeMax are required');
  expect(ids({ 'query.startTimeMin': '2026-12-06T23:30:00Z', 'query.startTimeMax': '2026-12-06T23:00:00Z' })).toEqual([400, 'query.startTimeMin must be before query.startTimeMax']);
  expect(ids({ 'query.searchDepth': 'x' })).toEqual([400, 'malformed parameter query.searchDepth: strconv.Atoi: parsing "x": invalid syntax']);
  expect(ids({ 'query.durationMin': '100' })).toEqual([400, 'malformed parameter query.durationMin: time: missing unit in duration "100"']);
  expect(ids({ 'query.attributes': 'db' })).toEqual([400, "malformed parameter query.attributes: invalid character 'd' looking for beginning of value"]);
});

test('every service is listed from one small summaries request; a row fills in when its trace is opened', async ({ page }) => {
  const { requests } = await mockSummariesJaeger(page);
  const bytes = [];
  page.on('response', async (response) => {
    if (new URL(response.url()).pathname === '/api/v3/trace-summaries') bytes.push((await response.body()).length);
  });
  await page.goto('/?range=15m');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /route', 'POST /customer', 'GET /config', 'GET /dispatch']);
  await expect(page.locator('.td-footer')).toContainText('Jaeger api_v3 with trace summaries at /api (detected)');
  await expect(page.locator('.td-count')).toHaveText('4 traces');
  const asked = summaryRequests(requests);
  expect(asked).toHaveLength(1);
  expect(asked[0].searchParams.get('query.serviceName')).toBeNull();
  expect(asked[0].searchParams.get('query.searchDepth')).toBe('50');
  expect(bytes[0]).toBeLessThan(1500);
  // Nothing whole: no search of traces, no v1, no trace by ID until one is opened.
  expect(requests.filter((u) => u.pathname === '/api/v3/traces' || u.pathname === '/api/traces')).toHaveLength(0);
  expect(traceRequests(requests)).toHaveLength(0);

  // What the summary carries, and no method badge it cannot know.
  const dispatch = row(page, T1);
  await expect(dispatch.locator('.td-error-mark')).toHaveText('⚠ 1 error');
  await expect(dispatch.locator('.td-span-count')).toHaveText('5 spans');
  await expect(dispatch.locator('.td-trace-duration')).toHaveText('120ms');
  await expect(dispatch.locator('.td-chip-name')).toHaveText(['frontend', 'customer']);
  await expect(dispatch.locator('.td-trace-row .td-method')).toHaveCount(0);

  await dispatch.getByRole('button', { expanded: false }).first().click();
  await expect(dispatch.locator('.td-trace-row .td-method')).toHaveText('GET');
  await expect(dispatch.getByText('SQL SELECT', { exact: true }).first()).toBeVisible();
  expect(traceRequests(requests).map((u) => u.pathname)).toEqual([`/api/v3/traces/${T1}`]);
  // The refresh asks for summaries again, and finds the backend without probing.
  await page.getByRole('button', { name: /refresh/i }).first().click();
  await expect.poll(() => summaryRequests(requests).length).toBe(2);
  expect(requests.filter((u) => u.pathname.endsWith('/services') && !u.pathname.includes('/v3/'))).toHaveLength(0);
  await expect(dispatch.locator('.td-trace-row .td-method')).toHaveText('GET');
});

test('a row opened while its spans are on their way says so, and a failure offers to try again', async ({ page }) => {
  let fail = true;
  await mockSummariesJaeger(page, { traceDelayMs: 400 });
  await page.route(`**/api/v3/traces/${T1}`, async (route) => {
    if (fail) {
      fail = false;
      return route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { httpCode: 500, message: 'storage is down' } }) });
    }
    return route.fallback();
  });
  await page.goto('/?range=15m');
  const dispatch = row(page, T1);
  await dispatch.locator('.td-trace-toggle').click();
  await expect(dispatch.getByRole('alert')).toContainText('answered HTTP 500: storage is down');
  await dispatch.getByRole('button', { name: 'Try again' }).click();
  await expect(dispatch.getByRole('status')).toHaveText('Loading 5 spans…');
  await expect(dispatch.getByText('SQL SELECT', { exact: true }).first()).toBeVisible();
});

test("the list's service, filters, tags and depth go to Jaeger under their canonical names", async ({ page }) => {
  const { requests } = await mockSummariesJaeger(page);
  const last = () => summaryRequests(requests).at(-1).searchParams;
  await page.goto('/?range=15m&errors=1');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /dispatch']);
  expect(last().get('query.attributes')).toBe('{"error":"true"}');

  await page.goto('/?range=15m&min=100ms');
  await expect(page.locator('.td-trace-op')).toHaveText(['POST /customer', 'GET /dispatch']);
  expect(last().get('query.durationMin')).toBe('100000000ns');

  await page.goto(`/?range=15m&op=${encodeURIComponent('frontend:GET /dispatch')}`);
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /dispatch']);
  expect([last().get('query.serviceName'), last().get('query.operationName')]).toEqual(['frontend', 'GET /dispatch']);

  await page.goto(`/?range=15m&tags=${encodeURIComponent('{"db.system":"mysql"}')}`);
  await expect(page.locator('.td-trace-op')).toHaveText(['POST /customer', 'GET /dispatch']);
  expect(last().get('query.attributes')).toBe('{"db.system":"mysql"}');

  // A filter chosen on the page asks Jaeger again.
  await page.getByRole('button', { name: 'With errors' }).click();
  await expect.poll(() => last().get('query.attributes')).toBe('{"db.system":"mysql","error":"true"}');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /dispatch']);

  await page.goto('/?range=15m');
  await page.locator('.td-service-filter select').selectOption('customer');
  await expect.poll(() => last().get('query.serviceName')).toBe('customer');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /route', 'POST /customer', 'GET /dispatch']);

  // "Load more" asks deeper.
  await page.goto('/?range=15m&limit=2');
  await expect(page.locator('.td-trace-op')).toHaveCount(2);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(page.locator('.td-trace-op')).toHaveCount(4);
  expect(last().get('query.searchDepth')).toBe('4');
});

test("no summaries is an empty list; Jaeger's refusals are shown in its words and the list stays", async ({ page }) => {
  let answer = () => ({ status: 200, body: { summaries: [] } });
  await mockSummariesJaeger(page, { summaries: (params) => answer(params) });
  await page.goto('/?range=15m&limit=2');
  await expect(page.getByRole('heading', { name: 'No traces in the last 15 minutes' })).toBeVisible();

  answer = () => undefined;
  await page.getByRole('button', { name: /refresh/i }).first().click();
  await expect(page.locator('.td-trace-op')).toHaveCount(2);

  // Deeper than the store's max traces: Jaeger's 500.
  answer = (params) => (Number(params.get('query.searchDepth')) > 2 ? { status: 500, body: { error: { httpCode: 500, message: 'search depth must be greater than 0 and less than max traces' } } } : undefined);
  await page.getByRole('button', { name: 'Load more' }).click();
  const banner = page.getByRole('alert').filter({ hasText: 'Jaeger reported an error' });
  await expect(banner).toContainText('answered HTTP 500: search depth must be greater than 0 and less than max traces');
  await expect(banner).toContainText('Showing the last list that loaded.');
  await expect(page.locator('.td-trace-op')).toHaveCount(2);

  // A parameter refused: Jaeger's 400.
  answer = (params) => (params.get('query.attributes') ? { status: 400, body: { error: { httpCode: 400, message: "malformed parameter query.attributes: invalid character 'd' looking for beginning of value" } } } : undefined);
  await page.getByRole('button', { name: 'With errors' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Jaeger reported an error' })).toContainText('answered HTTP 400: malformed parameter query.attributes');
});

test('a Jaeger without summaries is found out once, and listed from its older API', async ({ page }) => {
  // Jaeger 1.x: the path is its web UI's.
  const requests = await mockJaeger(page, { search: (service) => (service === 'acontext-api' ? [apiTrace()] : []) });
  await page.route('**/api/v3/trace-summaries*', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Jaeger UI</title>' }));
  await page.goto('/');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /api/v1/session/:id']);
  await expect(page.locator('.td-footer')).toContainText('Jaeger query API v1 at /api (detected)');
  await page.getByRole('button', { name: /refresh/i }).first().click();
  await expect.poll(() => requests.filter((u) => u.pathname === '/api/traces').length).toBe(4);
  expect(requests.filter((u) => u.pathname === '/api/v3/trace-summaries')).toHaveLength(0);
});

test('a Jaeger v2 before summaries (404 there) is listed from api_v3 searches', async ({ page }) => {
  const trace = apiTrace({ method: 'POST' });
  await page.route((u) => u.pathname.startsWith('/api/'), (route) => {
    const path = new URL(route.request().url()).pathname;
    const json = (status, body) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
    if (path === '/api/v3/services') return json(200, { services: ['acontext-api'] });
    if (path === '/api/v3/traces') return json(200, { result: { resourceSpans: toOtlp(trace) } });
    return route.fulfill({ status: 404, contentType: 'text/plain', body: '404 page not found' });
  });
  await page.goto('/?flavour=jaeger-v3');
  await expect(page.locator('.td-trace-op')).toHaveText(['POST /api/v1/session/:id']);
  await expect(page.locator('.td-method')).toHaveText('POST');
  await expect(page.locator('.td-footer')).toContainText('Jaeger api_v3 (OTLP JSON) at /api');
});

test('the analysis views load spans within the budget, smallest first, say what they are based on, and load more', async ({ page }) => {
  const { requests } = await mockSummariesJaeger(page);
  await page.goto('/?range=15m&analysis_traces=2');
  await expect(page.locator('.td-trace-op')).toHaveCount(4);
  // The chart needs no spans.
  await expect(page.locator('.td-chart .td-dot, .td-chart [data-trace-id]')).not.toHaveCount(0);
  expect(traceRequests(requests)).toHaveLength(0);

  await page.getByRole('tab', { name: 'Operations' }).click();
  const basedOn = page.locator('.td-based-on');
  await expect(basedOn).toContainText('Based on 2 of 4 listed traces (their spans loaded); 9 of 13 spans not loaded.');
  // The two smallest: two spans each.
  expect(traceRequests(requests).map((u) => u.pathname.split('/').pop().slice(0, 4)).sort()).toEqual(['5b8e', '6e0c']);
  await expect(page.getByRole('tabpanel', { name: 'Operations' })).toContainText('SQL INSERT');
  await expect(page.getByRole('tabpanel', { name: 'Operations' })).not.toContainText('SQL SELECT');

  // The biggest is opened on demand: its spans join what the views are based on.
  await row(page, T1).locator('.td-trace-toggle').click();
  await expect(basedOn).toContainText('Based on 3 of 4 listed traces');
  await basedOn.getByRole('button', { name: "Load more traces' spans" }).click();
  await expect(basedOn).toHaveText('Based on all 4 listed traces.');
  await expect(page.getByRole('tabpanel', { name: 'Operations' })).toContainText('SQL SELECT');
});
