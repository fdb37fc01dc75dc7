// The viewer against real Jaegers (1.75.0, what Acontext deploys, and 2.12.0), holding traces that
// real OpenTelemetry SDKs emitted: the Go acontext-api calling the Python acontext-core with W3C
// trace context (e2e/). Every flavour that can talk to each Jaeger is tried: its v1 HTTP API, its
// api_v3 (OTLP JSON), and `auto`. The page reaches each Jaeger through the test server's proxy,
// as a host serves its Jaeger on its own origin.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { queryable, request } from '../../e2e/stack.mjs';

/** What the global setup started, or why it could not (then every test here fails with that). */
function readStack() {
  try {
    return JSON.parse(readFileSync('target/e2e/stack.json', 'utf8'));
  } catch (error) {
    return { error: `target/e2e/stack.json unreadable (${error.code ?? error.message}): the global setup writes it` };
  }
}
const stack = readStack();
const jaegers = stack.jaegers ?? [{ version: 'unavailable' }];
const teal = 'rgb(45, 212, 191)';
const blue = 'rgb(96, 165, 250)';

/** The page against one Jaeger in one flavour, listing the two Acontext services over 15 minutes. */
function address(jaeger, flavour, extra = '') {
  const port = new URL(jaeger.query).port;
  return `/?api=/jaeger/${port}/api&flavour=${flavour}&jaeger_ui=${jaeger.query}` +
    `&services=acontext-api,acontext-core&range=15m${extra}`;
}

/** The spans of the read request, as the two services' code makes them: [depth, operation, service]. */
const READ_TREE = [
  [1, 'GET /api/v1/session/{id}', 'acontext-api'],
  [2, 'SELECT sessions', 'acontext-api'],
  [2, 'HTTP GET', 'acontext-api'],
  [3, 'GET /sessions/{id}/context', 'acontext-core'],
  [4, 'SELECT messages', 'acontext-core'],
  [4, 'SELECT blocks', 'acontext-core'],
  [4, 'assemble context', 'acontext-core'],
];

async function expectReadTree(rows) {
  await expect(rows).toHaveCount(READ_TREE.length);
  await expect(rows.locator('.td-span-op')).toHaveText(READ_TREE.map(([, op]) => op));
  for (const [i, [depth, , service]] of READ_TREE.entries()) {
    await expect(rows.nth(i)).toHaveAttribute('aria-level', String(depth));
    await expect(rows.nth(i)).toHaveAttribute('data-service', service);
  }
}

test.beforeAll(() => {
  if (stack.error) throw new Error(`the real stack did not start: ${stack.error}`);
});

for (const jaeger of jaegers) {
  const flavours = [
    ['jaeger-v1', 'Jaeger query API v1 at /jaeger/'],
    ['jaeger-v3', 'Jaeger api_v3 (OTLP JSON) at /jaeger/'],
    // Both still answer v1's search, which `auto` asks first.
    ['auto', 'Jaeger query API v1 at /jaeger/'],
  ];
  for (const [flavour, footer] of flavours) {
    test.describe(`Jaeger ${jaeger.version}, flavour ${flavour}`, () => {
      test('lists the SDKs\' traces once each, across both services, and opens one as the SDKs built it', async ({ page }) => {
        const { read, llm, failure } = stack.traces;
        await page.goto(address(jaeger, flavour));
        await expect(page.locator('.td-footer')).toContainText(footer);
        // The read request touches both services: asked of each, listed once.
        const row = (t) => page.locator(`.td-list .td-trace[data-trace-id="${t.traceId}"]`);
        for (const t of [read, llm, failure]) await expect(row(t)).toHaveCount(1);
        await expect(row(read).locator('.td-trace-op')).toHaveText('GET /api/v1/session/{id}');
        await expect(row(read).locator('.td-trace-row .td-method')).toHaveText('GET');
        await expect(row(llm).locator('.td-trace-row .td-method')).toHaveText('POST');
        await expect(row(read).locator('.td-span-count')).toHaveText('7 spans');
        // Most spans first: acontext-core made 4 of them, acontext-api 3.
        await expect(row(read).locator('.td-chip')).toHaveText(['acontext-core', 'acontext-api']);
        await expect(row(read).locator('.td-error-mark')).toHaveCount(0);
        await expect(row(failure).locator('.td-error-mark')).toHaveText('⚠ 4 errors');
        await expect(page.getByRole('alert')).toHaveCount(0);

        await row(read).locator('.td-trace-toggle').click();
        const rows = row(read).locator('.td-span');
        // The API→core edge exists only because the Python service continued the Go one's context.
        await expectReadTree(rows);
        await expect(rows.nth(0).locator('.td-bar')).toHaveCSS('background-color', teal);
        await expect(rows.nth(3).locator('.td-bar')).toHaveCSS('background-color', blue);

        // The Jaeger link goes to that Jaeger's UI, which answers it with its page (built from the
        // module, the placeholder page, its UI configuration injected all the same).
        const link = row(read).locator('.td-jaeger-link');
        await expect(link).toHaveAttribute('href', `${jaeger.query}/trace/${read.traceId}`);
        const answer = await page.request.get(await link.getAttribute('href'));
        expect(answer.status()).toBe(200);
        expect(await answer.text()).toContain('JAEGER_CONFIG');
      });

      test('span details: database and LLM attributes, and the recorded exception', async ({ page }) => {
        const { read, llm, failure } = stack.traces;
        await page.goto(address(jaeger, flavour));
        const detail = page.getByRole('complementary', { name: 'Span detail' });

        const readRow = page.locator(`.td-list .td-trace[data-trace-id="${read.traceId}"]`);
        await readRow.locator('.td-trace-toggle').click();
        await readRow.locator('.td-span', { hasText: 'SELECT messages' }).click();
        await expect(detail).toContainText('SELECT * FROM messages WHERE session_id = $1 ORDER BY created_at');
        await expect(detail).toContainText('postgresql');
        await expect(detail).toContainText('acontext-core');
        await readRow.locator('.td-trace-toggle').click();

        const llmRow = page.locator(`.td-list .td-trace[data-trace-id="${llm.traceId}"]`);
        // The LLM call seen as such: the trace's tokens, the row's model and tokens, the detail.
        await expect(llmRow.locator('.td-llm-total')).toHaveText(/^1,290 tokens · LLM \d+%$/);
        await llmRow.locator('.td-trace-toggle').click();
        const chat = llmRow.locator('.td-span', { hasText: 'chat gpt-4o-mini' });
        await expect(chat.locator('.td-llm-pill')).toHaveText('gpt-4o-mini-2024-07-18 · 1,234→56');
        await chat.click();
        const call = detail.getByRole('group', { name: 'LLM call' });
        // Finish reasons are an array: `["stop"]` in v1's JSON, an OTLP arrayValue in api_v3.
        for (const [label, value] of [['System', 'openai'], ['Operation', 'chat'], ['Request model', 'gpt-4o-mini'],
          ['Input tokens', '1,234'], ['Output tokens', '56'], ['Finish reasons', 'stop'], ['Temperature', '0.2'], ['Max tokens', '512']]) {
          await expect(call.locator('.td-fact', { hasText: label })).toHaveText(`${label}${value}`);
        }
        await expect(detail).toContainText('gen_ai.usage.input_tokens');
        // The SDK's GenAI events read as the conversation.
        const turns = detail.getByRole('group', { name: 'Conversation' }).getByRole('listitem');
        await expect(turns.locator('.td-message-role')).toHaveText(['system', 'user', 'assistant · answer']);
        await expect(turns.locator('.td-message-text')).toHaveText([
          'Summarise the session briefly.', /^What happened in session \S+\?$/, 'The user set up a project and uploaded two files.',
        ]);
        await llmRow.locator('.td-trace-toggle').click();

        const failureRow = page.locator(`.td-list .td-trace[data-trace-id="${failure.traceId}"]`);
        await failureRow.locator('.td-trace-toggle').click();
        const spans = failureRow.locator('.td-span');
        await expect(spans.locator('.td-span-op')).toHaveText([
          'GET /api/v1/session/{id}/fail', 'HTTP POST', 'POST /sessions/{id}/explode', 'extract memory',
        ]);
        // Every span of it failed: the SDKs set the error status on all four.
        await expect(failureRow.locator('.td-span.td-span-error')).toHaveCount(4);
        await spans.filter({ hasText: 'extract memory' }).click();
        const exception = detail.getByRole('group', { name: 'Exception' });
        await expect(exception.locator('.td-exception-title')).toHaveText(/^ValueError: session sess-[0-9a-f]+ has no messages to extract$/);
        await expect(exception.locator('.td-stacktrace')).toContainText('Traceback (most recent call last)');
      });

      test('a span link into another trace opens that trace', async ({ page }) => {
        const { background } = stack.traces;
        await page.goto(address(jaeger, flavour));
        // The batch job acontext-core ran after answering: its own trace, linked to the work that queued it.
        const batch = page.locator(`.td-list .td-trace[data-trace-id="${jaeger.batch}"]`);
        await batch.locator('.td-trace-toggle').click();
        await batch.locator('.td-span', { hasText: 'compact batch' }).click();
        const detail = page.getByRole('complementary', { name: 'Span detail' });
        const link = detail.getByRole('listitem').filter({ hasText: 'follows from' });
        await expect(link).toContainText(`in trace ${background.traceId}`);
        // The link's own attributes travel where the backend keeps OTLP: Jaeger v2's api_v3.
        // Jaeger's own model (v1, and 1.75.0's api_v3) has no place for them.
        const attribute = link.getByRole('row', { name: /link\.reason/ });
        if (jaeger.version.startsWith('2.') && flavour === 'jaeger-v3') {
          await expect(attribute).toContainText('queued by flush');
        } else {
          await expect(attribute).toHaveCount(0);
        }
        await detail.getByRole('button', { name: 'Open trace' }).click();
        const opened = page.locator('.td-opened');
        await expect(opened.locator('.td-span-op')).toHaveText([
          'POST /api/v1/session/{id}/flush', 'HTTP POST', 'POST /sessions/{id}/flush', 'flush buffer', 'UPDATE sessions',
        ]);
        // The flush went on after the answer: it ends after every span above it.
        const ends = await opened.locator('.td-span .td-bar').evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().right));
        expect(ends[3]).toBeGreaterThan(Math.max(ends[0], ends[1], ends[2]));
      });

      test('a trace ID opens its trace; one emitted now appears on the next auto-refresh', async ({ page }) => {
        const { read } = stack.traces;
        await page.goto(address(jaeger, flavour, '&refresh=2'));
        const box = page.getByRole('textbox', { name: 'Trace ID' });
        await box.fill(read.traceId);
        await box.press('Enter');
        await expectReadTree(page.locator('.td-opened .td-span'));
        // The list has loaded before the new request is made, so only a refresh can bring it.
        await expect(page.locator(`.td-list .td-trace[data-trace-id="${stack.traces.llm.traceId}"]`)).toHaveCount(1);

        const fresh = await request(stack.api, 'read');
        await expect(page.locator(`.td-list .td-trace[data-trace-id="${fresh.traceId}"]`)).toHaveCount(0);
        await queryable(jaeger, [fresh]);
        await expect(page.locator(`.td-list .td-trace[data-trace-id="${fresh.traceId}"]`)).toHaveCount(1, { timeout: 10_000 });
      });

      test('"Download JSON" of a real trace opens again as the same tree', async ({ page }) => {
        const { read } = stack.traces;
        await page.goto(address(jaeger, flavour));
        const row = page.locator(`.td-list .td-trace[data-trace-id="${read.traceId}"]`);
        await row.locator('.td-trace-toggle').click();
        await expectReadTree(row.locator('.td-span'));
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
        const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString();
        await page.locator('.td-file-input').setInputFiles({ name: 'real.json', mimeType: 'application/json', buffer: Buffer.from(text) });
        await expect(page.locator('.td-file-badge')).toHaveText('File: real.json');
        const reopened = page.locator(`.td-list .td-trace[data-trace-id="${read.traceId}"]`);
        await expect(reopened).toHaveCount(1);
        await expectReadTree(reopened.locator('.td-span'));
      });
    });
  }

  test(`Jaeger ${jaeger.version} has no trace summaries (v2.19 and later do): found out once, then listed from v1`, async ({ page }) => {
    const asked = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname.replace(/^\/jaeger\/\d+/, '')));
    const answered = page.waitForResponse((r) => r.url().includes('/api/v3/trace-summaries?'));
    await page.goto(address(jaeger, 'auto'));
    // Its web UI answers the path with its page.
    const answer = await answered;
    expect([answer.status(), answer.headers()['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    await expect(page.locator('.td-footer')).toContainText('Jaeger query API v1 at /jaeger/');
    await expect(page.locator(`.td-list .td-trace[data-trace-id="${stack.traces.read.traceId}"]`)).toHaveCount(1);
    await page.getByRole('button', { name: /refresh/i }).first().click();
    await expect.poll(() => asked.filter((p) => p === '/api/traces').length).toBe(4);
    expect(asked.filter((p) => p === '/api/v3/trace-summaries')).toHaveLength(1);
  });

  test.describe(`Jaeger ${jaeger.version}: refusals`, () => {
    test('api_v3\'s 404 "No traces found" is an empty list', async ({ page }) => {
      const refused = page.waitForResponse((r) => r.url().includes('/api/v3/traces?'));
      await page.goto(address(jaeger, 'jaeger-v3').replace('services=acontext-api,acontext-core', 'services=nobody-here'));
      const answer = await refused;
      expect(answer.status()).toBe(404);
      expect(await answer.text()).toContain('No traces found');
      await expect(page.getByRole('heading', { name: 'No traces in the last 15 minutes' })).toBeVisible();
      await expect(page.getByRole('alert')).toHaveCount(0);
    });

    test('a 400 for a bad parameter shows Jaeger\'s own words', async ({ page }) => {
      // The search URL pasted where the API's base belongs.
      await page.goto(address(jaeger, 'jaeger-v1').replace(/api=([^&]*)/, 'api=$1/traces'));
      const alert = page.getByRole('alert');
      // Jaeger takes the path's next word for a trace ID.
      await expect(alert).toContainText('answered HTTP 400: strconv.ParseUint: parsing "traces": invalid syntax');
    });

    test('tracegen\'s 1,000 traces page in 50 at a time from the real search', async ({ page }) => {
      await page.goto(address(jaeger, 'jaeger-v1').replace('services=acontext-api,acontext-core', 'services=tracegen'));
      await expect(page.locator('.td-list .td-trace')).toHaveCount(50);
      await expect(page.locator('.td-list .td-trace').first().locator('.td-trace-op')).toHaveText('lets-go');
      await page.getByRole('button', { name: 'Load more' }).click();
      await expect(page.locator('.td-list .td-trace')).toHaveCount(100);
    });
  });
}
