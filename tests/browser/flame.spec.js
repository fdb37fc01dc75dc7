// Where the time goes: the flame graph of an open trace (hover, focus, back, search), of the loaded
// traces (one root operation, the traces holding a node), and LLM calls' conversations, prices and
// per-model numbers.
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger, nowUs, tag } from './jaeger.js';

/** Opens the first listed trace's flame graph tab; returns its canvas and the canvas' width. */
async function openFlame(page) {
  await page.locator('.td-list .td-trace-toggle').first().click();
  const view = page.locator('.td-trace-view');
  await view.getByRole('tab', { name: 'Flame graph' }).click();
  await expect(view.getByRole('tab', { name: 'Flame graph' })).toHaveAttribute('aria-selected', 'true');
  const canvas = view.getByRole('img', { name: /^Flame graph:/ });
  await expect(canvas).toBeVisible();
  const { width } = await canvas.boundingBox();
  return { view, canvas, width };
}

/** The opacity (0–255) of the canvas' pixel at CSS px (x, y): 0 where nothing is drawn. */
const alphaAt = (canvas, x, y) => canvas.evaluate((el, [x, y]) => {
  const ratio = el.width / el.clientWidth;
  return el.getContext('2d').getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data[3];
}, [x, y]);

const ROW = 20; // px per row of boxes (widgets/flame.rs)
const rowY = (row) => row * ROW + ROW / 2;

test('a trace\'s flame graph names the hovered span, focuses a click, goes back and lights up search matches', async ({ page }) => {
  // GET 0–100 ms; core call 10–70 ms below it; SELECT 20–40 and UPDATE 45–50 below that.
  const trace = apiTrace({ route: '/items' });
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  const { view, canvas, width } = await openFlame(page);
  await expect(canvas).toHaveAttribute('aria-label', 'Flame graph: 4 boxes in 3 rows');
  // A time axis under the chart, and the services' colours.
  const ticks = view.getByLabel("Time from the trace's start").locator('.td-tick');
  await expect(ticks).toHaveText(['0µs', '25ms', '50ms', '75ms', '100ms']);
  await expect(view.getByRole('list', { name: 'Service colours' }).locator('.td-chip')).toHaveText(['acontext-api', 'acontext-core', 'postgres']);
  const tip = view.getByRole('tooltip');
  await canvas.hover({ position: { x: width * 0.4, y: rowY(1) } });
  await expect(tip).toHaveText(/acontext-core · core call\s*60ms · self 35ms/);
  // Nothing at 80 % of row 1: no tooltip.
  await canvas.hover({ position: { x: width * 0.8, y: rowY(1) } });
  await expect(tip).toHaveCount(0);

  // A click focuses the span: it fills the width, the breadcrumb leads back, the detail opens.
  await canvas.click({ position: { x: width * 0.4, y: rowY(1) } });
  const crumbs = view.getByRole('navigation', { name: 'Flame graph focus' }).getByRole('button');
  await expect(crumbs).toHaveText(['Whole trace', 'GET /items', 'core call']);
  await expect(crumbs.last()).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('complementary', { name: 'Span detail' }).locator('h3')).toHaveText('core call');
  // The axis follows: core call runs 10–70 ms.
  await expect(ticks).toHaveText(['10ms', '25ms', '40ms', '55ms', '70ms']);
  // Now SELECT (10–30 ms into core call's 60) spans a sixth to a half of the width, on the second row.
  await canvas.hover({ position: { x: width / 3, y: rowY(1) } });
  await expect(tip).toHaveText(/postgres · SELECT sessions\s*20ms/);
  await canvas.hover({ position: { x: width * 0.9, y: rowY(0) } });
  await expect(tip).toHaveText(/core call/);
  await view.getByLabel(/^Flame graph: Down or Enter/).press('Escape');
  await expect(crumbs).toHaveText(['Whole trace', 'GET /items']);
  await crumbs.first().click();
  await expect(crumbs).toHaveText(['Whole trace']);
  await canvas.hover({ position: { x: width * 0.8, y: rowY(0) } });
  await expect(tip).toHaveText(/acontext-api · GET \/items\s*100ms/);

  // Zoom buttons narrow the window around the middle; Reset brings the whole back.
  await view.getByRole('button', { name: 'Zoom in' }).click();
  await view.getByRole('button', { name: 'Zoom in' }).click();
  // 64 % of the width around the middle: 18–82 ms; core call (10–70 ms) now starts at the left edge.
  await canvas.hover({ position: { x: 2, y: rowY(1) } });
  await expect(tip).toHaveText(/core call/);
  await view.getByRole('button', { name: 'Reset' }).click();
  await canvas.hover({ position: { x: 2, y: rowY(1) } });
  await expect(tip).toHaveCount(0);

  // The keyboard walks the boxes, and the focused one is said in words.
  const stage = view.getByLabel(/^Flame graph: Down or Enter/);
  await stage.focus();
  await page.keyboard.press('ArrowDown');
  await expect(view.locator('.td-flame-focused')).toHaveText('acontext-api · GET /items: 100ms · self 40ms · 100% of the trace, from +0µs');
  await page.keyboard.press('ArrowDown');
  await expect(view.locator('.td-flame-focused')).toHaveText('acontext-core · core call: 60ms · self 35ms · 60% of the trace, from +10ms');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(view.locator('.td-flame-focused')).toHaveText('postgres · UPDATE sessions: 5ms · self 5ms · 5% of the trace, from +45ms');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(view.locator('.td-flame-focused')).toHaveText('');
  await expect(crumbs).toHaveText(['Whole trace']);

  // A search dims every box it does not match.
  const drawn = await alphaAt(canvas, width * 0.05, rowY(0));
  expect(drawn).toBe(255);
  await view.getByRole('searchbox', { name: 'Search spans' }).fill('SELECT');
  await expect.poll(() => alphaAt(canvas, width * 0.05, rowY(0))).toBeLessThan(100);
  expect(await alphaAt(canvas, width * 0.3, rowY(2))).toBe(255);
  // Stepping to the match (Enter) focuses it here too.
  await view.getByRole('searchbox', { name: 'Search spans' }).press('Enter');
  await expect(crumbs).toHaveText(['Whole trace', 'GET /items', 'core call', 'SELECT sessions']);
  await view.getByRole('searchbox', { name: 'Search spans' }).fill('');
  await expect.poll(() => alphaAt(canvas, width * 0.05, rowY(0))).toBe(255);

  // Merged by operation: the selected span stays focused, its numbers now those of its operation.
  await view.getByRole('button', { name: 'Merged by operation' }).click();
  await expect(view.getByRole('button', { name: 'Merged by operation' })).toHaveAttribute('aria-pressed', 'true');
  await expect(crumbs).toHaveText(['Whole trace', 'GET /items', 'core call', 'SELECT sessions']);
  await canvas.hover({ position: { x: width * 0.5, y: rowY(0) } });
  await expect(tip).toHaveText(/postgres · SELECT sessions\s*1 span in 1 trace\s*20ms total/);
  // The two postgres operations side by side from core call's left edge.
  await crumbs.nth(2).click();
  await canvas.hover({ position: { x: width * 0.05, y: rowY(1) } });
  await expect(tip).toHaveText(/postgres · SELECT sessions/);
  await canvas.hover({ position: { x: width * 0.37, y: rowY(1) } });
  await expect(tip).toHaveText(/postgres · UPDATE sessions\s*1 span in 1 trace\s*5ms total/);
  // Back to the tree: the span tree is as it was.
  await view.getByRole('tab', { name: 'Span tree' }).click();
  await expect(view.getByRole('treegrid', { name: 'Span tree' })).toBeVisible();
});

test('the demo trace\'s flame graph names its root and focuses it', async ({ page }) => {
  await page.goto('/?source=demo');
  const { view, canvas } = await openFlame(page);
  const root = (await page.locator('.td-list .td-trace-op').first().textContent()).trim();
  await canvas.hover({ position: { x: 3, y: rowY(0) } });
  const escaped = root.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  await expect(view.getByRole('tooltip').locator('strong')).toHaveText(new RegExp(`^[\\w-]+ · ${escaped}$`));
  await canvas.click({ position: { x: 3, y: rowY(0) } });
  const crumbs = view.getByRole('navigation', { name: 'Flame graph focus' }).getByRole('button');
  await expect(crumbs).toHaveText(['Whole trace', root]);
  await expect(page.getByRole('complementary', { name: 'Span detail' }).locator('h3')).toHaveText(root);
  // Back to the whole trace.
  await crumbs.first().click();
  await expect(crumbs).toHaveText(['Whole trace']);
  // A search that the root does not match dims it; stepped to, the first match is focused and
  // its detail opens.
  const search = view.getByRole('searchbox', { name: 'Search spans' });
  await search.fill('acontext-core');
  await expect.poll(() => alphaAt(canvas, 3, rowY(0))).toBeLessThan(100);
  await search.press('Enter');
  await expect(crumbs).not.toHaveCount(1);
  const match = (await crumbs.last().textContent()).trim();
  await expect(page.getByRole('complementary', { name: 'Span detail' }).locator('h3')).toHaveText(match);
});

test('the loaded traces\' flame graph merges one root operation\'s traces and lists those holding a node', async ({ page }) => {
  const a1 = apiTrace({ route: '/a', start: nowUs() - 60e6 });
  const a2 = apiTrace({ route: '/a', start: nowUs() - 120e6 });
  a2.spans[1].duration = 80_000; // core call: 60 ms and 80 ms
  a2.spans[1].tags.push(tag('otel.status_code', 'ERROR'));
  const b = apiTrace({ route: '/b', method: 'POST', start: nowUs() - 30e6 });
  await mockJaeger(page, { services: ['acontext-api'], search: () => [b, a1, a2] });
  await page.goto('/');
  const overview = page.getByRole('region', { name: 'Across the loaded traces' });
  await overview.getByRole('tab', { name: 'Flame graph' }).click();
  const select = overview.getByLabel('Root operation');
  await expect(select.locator('option')).toHaveText([
    'All root operations (3 traces)', 'acontext-api · GET /a (2 traces)', 'acontext-api · POST /b (1 trace)',
  ]);
  const canvas = overview.getByRole('img', { name: /^Flame graph:/ });
  const tip = overview.getByRole('tooltip');
  const { width } = await canvas.boundingBox();
  await canvas.hover({ position: { x: 3, y: rowY(0) } });
  await expect(tip).toHaveText(/All root operations\s*3 spans in 3 traces/);

  await select.selectOption({ label: 'acontext-api · GET /a (2 traces)' });
  await canvas.hover({ position: { x: 3, y: rowY(0) } });
  await expect(tip).toHaveText(/acontext-api · GET \/a\s*2 spans in 2 traces\s*200ms total · self/);
  // core call: 140 of 200 ms, from the left.
  await canvas.hover({ position: { x: width * 0.5, y: rowY(1) } });
  await expect(tip).toHaveText(/acontext-core · core call\s*2 spans in 2 traces\s*140ms total · self 90ms\s*1 error \(50%\)/);
  await overview.getByRole('button', { name: 'Mean per trace' }).click();
  await canvas.hover({ position: { x: width * 0.5 + 1, y: rowY(1) } });
  await expect(tip).toHaveText(/70ms mean per trace holding it · self 45ms/);

  await canvas.click({ position: { x: width * 0.5, y: rowY(1) } });
  const holding = overview.getByRole('heading', { name: 'Traces holding acontext-core · core call (2)' });
  await expect(holding).toBeVisible();
  const links = overview.locator('.td-flame-traces').getByRole('button');
  await expect(links).toHaveCount(2);
  await expect(links).toHaveText([/^\d\d:\d\d:\d\d · GET \/a · 100ms · \w{7}$/, /^\d\d:\d\d:\d\d · GET \/a · 100ms · \w{7}$/]);
  await overview.locator(`.td-flame-traces [data-trace-id="${a1.traceID}"]`).click();
  await expect(page.locator(`.td-trace[data-trace-id="${a1.traceID}"] .td-trace-toggle`)).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator(`.td-trace[data-trace-id="${b.traceID}"] .td-trace-toggle`)).toHaveAttribute('aria-expanded', 'false');
});

test('an LLM call reads as a conversation, priced when llm_prices are set, and counted per model', async ({ page }) => {
  const trace = apiTrace({ method: 'POST', route: '/api/v1/session/:id/messages' });
  const start = trace.spans[1].startTime;
  const context = 'The session so far: '.padEnd(900, 'x');
  trace.spans[1].operationName = 'chat claude-sonnet';
  trace.spans[1].tags.push(tag('gen_ai.system', 'anthropic'), tag('gen_ai.request.model', 'claude-sonnet'),
    tag('gen_ai.usage.input_tokens', 12000), tag('gen_ai.usage.output_tokens', 345));
  trace.spans[1].logs = [
    { timestamp: start, fields: [tag('event', 'gen_ai.system.message'), tag('content', 'Answer briefly.')] },
    { timestamp: start, fields: [tag('event', 'gen_ai.user.message'), tag('content', context)] },
    { timestamp: start + 60_000, fields: [tag('event', 'gen_ai.choice'), tag('index', 0),
      tag('message', JSON.stringify({ role: 'assistant', content: '<b>Done</b>: three steps.' }))] },
  ];
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  // $3 and $20 per 1,000 tokens: 12 × 3 + 0.345 × 20 = $42.90.
  await page.goto('/?llm_price=claude-sonnet:3/20');
  await expect(page.locator('.td-llm-total')).toHaveText('12,345 tokens · LLM 60% · ≈ $42.90');
  await page.locator('.td-trace-toggle').first().click();
  await page.locator('.td-span').nth(1).click();
  const call = page.getByRole('group', { name: 'LLM call' });
  await expect(call.locator('dt').last()).toHaveText('Estimated cost');
  await expect(call.locator('dd').last()).toHaveText('≈ $42.90');
  const conversation = page.getByRole('group', { name: 'Conversation' });
  const turns = conversation.getByRole('listitem');
  await expect(turns.locator('.td-message-role')).toHaveText(['system', 'user', 'assistant · answer']);
  // Text from the trace is text, never markup.
  await expect(turns.nth(2).locator('.td-message-text')).toHaveText('<b>Done</b>: three steps.');
  await expect(conversation.locator('b')).toHaveCount(0);
  // The long context is folded to 400 characters until asked for.
  const more = turns.nth(1).getByRole('button', { name: 'Show all (500 more characters)' });
  await expect(turns.nth(1).locator('.td-message-text')).toHaveText(`${context.slice(0, 400)}…`);
  await more.click();
  await expect(turns.nth(1).locator('.td-message-text')).toHaveText(context);
  await expect(turns.nth(1).getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');

  const overview = page.getByRole('region', { name: 'Across the loaded traces' });
  await overview.getByRole('tab', { name: 'Operations' }).click();
  const models = overview.getByRole('table', { name: 'LLM calls by model' });
  await expect(models.getByRole('columnheader')).toHaveText(['Model', 'Calls', 'p50', 'p95', 'Tokens per call', 'Tokens', 'Est. cost']);
  await expect(models.getByRole('row').nth(1)).toHaveText(['claude-sonnet', '1', '60ms', '60ms', '12,000 → 345', '12,345', '≈ $42.90'].join(''));
});

test('a bad llm_price is reported and no cost is shown', async ({ page }) => {
  const trace = apiTrace();
  trace.spans[1].tags.push(tag('gen_ai.request.model', 'm'), tag('gen_ai.usage.input_tokens', 10));
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/?llm_price=m:cheap');
  await expect(page.getByText(/"m:cheap" is not model:input\/output/)).toBeVisible();
  await expect(page.locator('.td-llm-total')).toHaveText('10 tokens · LLM 60%');
});

test('the loaded traces\' flame graph says so when their traces hold no spans', async ({ page }) => {
  const hollow = { traceID: '00000000000000000000000000000abc', spans: [], processes: {}, warnings: null };
  await mockJaeger(page, { services: ['acontext-api'], search: () => [hollow] });
  await page.goto('/');
  const overview = page.getByRole('region', { name: 'Across the loaded traces' });
  await overview.getByRole('tab', { name: 'Flame graph' }).click();
  await expect(overview.getByRole('status')).toHaveText('The loaded traces hold no spans to draw.');
  await expect(overview.getByRole('img', { name: /^Flame graph:/ })).toHaveCount(0);
});
