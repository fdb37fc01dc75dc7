// Listing from Jaeger's trace summaries (v2.19 and later): one small request for every service,
// spans only for the traces opened and, within a budget, for the analysis views. The stand-in is
// built from a real Jaeger v2.20's recorded answers (summaries-jaeger.js).
import { test, expect } from '@playwright/test';
import { apiTrace, loopbackServer, mockJaeger, sleep, toOtlp } from './jaeger.js';
import { answerSummaries, answerTrace, bodyOf, mockSummariesJaeger, recorded, summarize, tracesOf } from './summaries-jaeger.js';

const T1 = '0af7651916cd43dd8448eb211c80319c';
const summaryRequests = (requests) => requests.filter((u) => u.pathname === '/api/v3/trace-summaries');
/** Traces asked by ID: v1's path first, where it is read span by span as it arrives. */
const traceRequests = (requests) => requests.filter((u) => u.pathname.startsWith('/api/traces/'));
const row = (page, id) => page.locator(`.td-list .td-trace[data-trace-id="${id}"]`);

/**
 * The recorded parameter cases (v3-trace-summaries.params-matrix.txt): each heading, the
 * parameters it stood for, and what Jaeger answered, read from the file: the trace IDs in its
 * (cut) answer, or the status and message of its refusal.
 */
function recordedCases() {
  const sections = recorded('v3-trace-summaries.params-matrix.txt').split(/^## /m).slice(1);
  const answers = new Map(sections.map((text) => {
    const [heading, ...rest] = text.split('\n');
    const body = rest.join('\n');
    const refusal = /^(\d{3}) \{"error":\{"httpCode":\d+,"message":"((?:[^"\\]|\\.)*)"/m.exec(body);
    const ids = [...body.matchAll(/"traceId":"(\w{4})/g)].map((m) => m[1]);
    return [heading.trim(), refusal && refusal[1] !== '200' ? [Number(refusal[1]), JSON.parse(`"${refusal[2]}"`)] : ids];
  }));
  return answers;
}

const CASES = [
  ['searchDepth=1', { 'query.searchDepth': '1' }],
  ['deprecated query.search_depth=2 + snake_case times', { 'query.search_depth': '2' }],
  ['deprecated query.num_traces=1', { 'query.num_traces': '1' }],
  ['searchDepth=0', { 'query.searchDepth': '0' }],
  ['operationName=GET /dispatch + serviceName=frontend', { 'query.operationName': 'GET /dispatch', 'query.serviceName': 'frontend' }],
  ['operationName only (no service)', { 'query.operationName': 'GET /dispatch' }],
  ['durationMin=100ms', { 'query.durationMin': '100ms' }],
  ['attributes={"db.system":"mysql"}', { 'query.attributes': '{"db.system":"mysql"}' }],
  ['attributes error=true', { 'query.attributes': '{"error":"true"}' }],
  ['service no match', { 'query.serviceName': 'nobody' }],
  ['missing times', { 'query.startTimeMin': null, 'query.startTimeMax': null }],
  ['bad time', { 'query.startTimeMin': 'yesterday' }],
  ['min>=max', { 'query.startTimeMin': '2026-12-06T23:30:00Z', 'query.startTimeMax': '2026-12-06T23:00:00Z' }],
  ['bad searchDepth', { 'query.searchDepth': 'x' }],
  ['bad durationMin (no unit)', { 'query.durationMin': '100' }],
  ['bad attributes', { 'query.attributes': 'db' }],
  ['start/end as RFC3339 without fraction', { 'query.searchDepth': '1' }],
];

test('the stand-in answers as the recorded Jaeger v2.20 did, parameter case by case', () => {
  // The times fed were made when the request was sent: the answer's are the same, moved.
  const answered = JSON.parse(bodyOf(recorded('v3-trace-summaries.all.txt'))).summaries;
  const fed = [...tracesOf().values()].map(summarize);
  const traces = tracesOf(BigInt(answered[0].minStartTimeUnixNano) - BigInt(fed[0].minStartTimeUnixNano));
  expect([...traces.values()].map(summarize)).toEqual(answered);
  const cases = recordedCases();
  for (const [heading, params] of CASES) {
    const query = new URLSearchParams({ 'query.startTimeMin': '2026-12-06T23:00:00Z', 'query.startTimeMax': '2026-12-06T23:30:00Z' });
    for (const [key, value] of Object.entries(params)) {
      if (value === null) query.delete(key);
      else query.set(key, value);
    }
    const answer = answerSummaries(query, traces);
    const ours = answer.status === 200 ? answer.body.summaries.map((s) => s.traceId.slice(0, 4)) : [answer.status, answer.body.error.message];
    expect(cases.has(heading), heading).toBe(true);
    // A cut answer names only the first traces it held.
    const theirs = cases.get(heading);
    expect(typeof theirs[0] === 'number' ? ours : ours.slice(0, theirs.length), heading).toEqual(theirs);
  }
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
  await expect.poll(() => bytes[0]).toBeLessThan(1500);
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
  expect(traceRequests(requests).map((u) => u.pathname)).toEqual([`/api/traces/${T1}`]);
  expect(requests.filter((u) => u.pathname.startsWith('/api/v3/traces/'))).toHaveLength(0);
  // The refresh asks for summaries again, finds the backend without probing, and keeps the open
  // trace (its span count unchanged) without fetching it again.
  await page.getByRole('button', { name: /refresh/i }).first().click();
  await expect.poll(() => summaryRequests(requests).length).toBe(2);
  await expect(page.locator('.td-list')).toHaveAttribute('aria-busy', 'false');
  // v1's services were asked once, beside the first summaries request, while finding out.
  expect(requests.filter((u) => u.pathname === '/api/services')).toHaveLength(1);
  await expect(dispatch.locator('.td-trace-row .td-method')).toHaveText('GET');
  await expect(dispatch.getByText('SQL SELECT', { exact: true }).first()).toBeVisible();
  expect(traceRequests(requests)).toHaveLength(1);
});

test('a row opened while its spans are on their way says so, and a failure offers to try again', async ({ page }) => {
  let fail = true;
  await mockSummariesJaeger(page, { traceDelayMs: 400 });
  await page.route(`**/api/traces/${T1}`, async (route) => {
    if (fail) {
      fail = false;
      return route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ data: null, errors: [{ code: 500, msg: 'storage is down' }] }) });
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

  // Jaeger holds every condition to one span, the list's filters are about the whole trace: the
  // 120 ms trace whose failed span took 50 ms is both "with errors" and "at least 100 ms".
  await page.goto('/?range=15m&errors=1&min=100ms');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /dispatch']);
  expect([last().get('query.attributes'), last().get('query.durationMin')]).toEqual(['{"error":"true"}', null]);

  await page.goto(`/?range=15m&tags=${encodeURIComponent('{"db.system":"mysql"}')}`);
  await expect(page.locator('.td-trace-op')).toHaveText(['POST /customer', 'GET /dispatch']);
  expect(last().get('query.attributes')).toBe('{"db.system":"mysql"}');
  // "With errors" beside `tags` would join their span-level object: it filters here instead.
  const before = summaryRequests(requests).length;
  await page.getByRole('button', { name: 'With errors' }).click();
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /dispatch']);
  expect(summaryRequests(requests)).toHaveLength(before);

  // A filter chosen on the page that Jaeger applies asks again.
  await page.goto('/?range=15m');
  await expect(page.locator('.td-trace-op')).toHaveCount(4);
  await page.getByRole('button', { name: 'With errors' }).click();
  await expect.poll(() => last().get('query.attributes')).toBe('{"error":"true"}');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /dispatch']);
  await expect(page.locator('.td-new-badge')).toHaveCount(0);

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
  await mockJaeger(page, { search: (service) => (service === 'acontext-api' ? [apiTrace()] : []) });
  await page.route('**/api/v3/trace-summaries*', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Jaeger UI</title>' }));
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url())));
  await page.goto('/');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /api/v1/session/:id']);
  await expect(page.locator('.td-footer')).toContainText('Jaeger query API v1 at /api (detected)');
  await page.getByRole('button', { name: /refresh/i }).first().click();
  await expect.poll(() => requests.filter((u) => u.pathname === '/api/traces').length).toBe(4);
  // Asked once, to find out; not on the refresh.
  expect(requests.filter((u) => u.pathname === '/api/v3/trace-summaries')).toHaveLength(1);
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
  await expect(page.getByRole('figure', { name: 'Traces by start time and duration' }).locator('.td-dot')).toHaveCount(4);
  expect(traceRequests(requests)).toHaveLength(0);

  await page.getByRole('tab', { name: 'Operations' }).click();
  const basedOn = page.locator('.td-based-on');
  await expect(basedOn).toContainText('Using 2 of 4 listed traces (4 of 13 spans).');
  // The two smallest: two spans each.
  expect(traceRequests(requests).map((u) => u.pathname.split('/').pop().slice(0, 4)).sort()).toEqual(['5b8e', '6e0c']);
  await expect(page.getByRole('tabpanel', { name: 'Operations' })).toContainText('SQL INSERT');
  await expect(page.getByRole('tabpanel', { name: 'Operations' })).not.toContainText('SQL SELECT');

  // The biggest is opened on demand: its spans join what the views are based on.
  await row(page, T1).locator('.td-trace-toggle').click();
  await expect(basedOn).toContainText('Using 3 of 4 listed traces (9 of 13 spans).');
  await basedOn.getByRole('button', { name: 'Load next: 1 trace (4 spans)' }).click();
  await expect(basedOn).toHaveText('Using all 4 listed traces (13 spans).');
  await expect(page.getByRole('tabpanel', { name: 'Operations' })).toContainText('SQL SELECT');
});

test('a linked trace that is also listed opens in the list with its spans, not asked for again', async ({ page }) => {
  const { requests } = await mockSummariesJaeger(page);
  await page.goto(`/?range=15m&trace=${T1}`);
  await expect(page.locator('.td-opened').getByText('SQL SELECT', { exact: true }).first()).toBeVisible();
  const listed = row(page, T1);
  await expect(listed.locator('.td-above-badge')).toHaveText('open above');
  await listed.locator('.td-trace-toggle').click();
  await expect(page.locator('.td-opened')).toHaveCount(0);
  await expect(listed.getByText('SQL SELECT', { exact: true }).first()).toBeVisible();
  await expect(listed.locator('.td-trace-row .td-method')).toHaveText('GET');
  expect(traceRequests(requests)).toHaveLength(1);
});

test('a filter that needs spans says which rows it cannot judge, and loads their spans on request', async ({ page }) => {
  const { requests } = await mockSummariesJaeger(page);
  await page.goto('/?range=15m&method=GET');
  const note = page.locator('.td-list-note');
  await expect(note).toContainText("4 listed traces not shown: this filter needs a trace's spans");
  expect(traceRequests(requests)).toHaveLength(0);
  await note.getByRole('button', { name: 'Load their spans: 4 traces (13 spans)' }).click();
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /config', 'GET /dispatch']);
  await expect(note).toHaveCount(0);
  expect(traceRequests(requests)).toHaveLength(4);
});

test('a row whose spans come slowly says how much has come', async ({ page }) => {
  const latestEnd = [...tracesOf().values()].flat().reduce((m, s) => (BigInt(s.span.endTimeUnixNano) > m ? BigInt(s.span.endTimeUnixNano) : m), 0n);
  const traces = tracesOf(BigInt(Date.now() - 60_000) * 1000000n - latestEnd);
  // A real server, so the trace's answer can arrive in two pieces three seconds apart.
  const jaeger = await loopbackServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname.replace(/^\/api/, '');
    res.setHeader('content-type', 'application/json');
    if (path === '/v3/trace-summaries') return res.end(JSON.stringify(answerSummaries(url.searchParams, traces).body));
    if (path === '/v3/services') return res.end('{"services":["frontend","customer"]}');
    if (path === `/v3/traces/${T1}`) {
      // Three pieces within a quarter second, then silence: the row must show the last count.
      const body = Buffer.from(JSON.stringify(answerTrace(traces.get(T1))));
      for (const at of [0, 700, 1400]) {
        res.write(body.subarray(at, at + 700));
        await sleep(60);
      }
      await sleep(3000);
      return res.end(body.subarray(2100));
    }
    res.statusCode = 404;
    res.end('404 page not found');
  });
  try {
    await page.goto(`/?range=15m&api=${jaeger.api}`);
    const dispatch = row(page, T1);
    await dispatch.locator('.td-trace-toggle').click();
    // The three pieces are in (2,100 of its 2,280 bytes), the rest is not.
    await expect(dispatch.getByRole('status')).toHaveText('Loading 5 spans… 2.1 KB so far');
    await expect(dispatch.getByText('SQL SELECT', { exact: true }).first()).toBeVisible({ timeout: 10_000 });
  } finally {
    jaeger.close();
  }
});

test('a Jaeger that does not serve v1\'s trace by ID is asked api_v3\'s, found out once', async ({ page }) => {
  const { requests } = await mockSummariesJaeger(page, { v1ById: false });
  await page.goto('/?range=15m');
  const dispatch = row(page, T1);
  await dispatch.locator('.td-trace-toggle').click();
  await expect(dispatch.locator('.td-trace-row .td-method')).toHaveText('GET');
  await expect(dispatch.getByText('SQL SELECT', { exact: true }).first()).toBeVisible();
  const other = '4bf92f3577b34da6a3ce929d0e0e4736';
  await row(page, other).locator('.td-trace-toggle').click();
  await expect(row(page, other).locator('.td-span').first()).toBeVisible();
  expect(requests.filter((u) => u.pathname.includes('/traces/')).map((u) => u.pathname))
    .toEqual([`/api/traces/${T1}`, `/api/v3/traces/${T1}`, `/api/v3/traces/${other}`]);
});
