// The view lives in the address: reload restores it, back/forward step through it, links share it.
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger } from './jaeger.js';

async function setup(page) {
  const trace = apiTrace({ route: '/shared' });
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace], trace: (id) => (id === trace.traceID ? trace : null) });
  return trace;
}

test('an address with a trace and a span opens both', async ({ page }) => {
  const trace = await setup(page);
  await page.goto(`/?trace=${trace.traceID}&span=0000000000000003`);
  await expect(page.locator('.td-opened .td-span')).toHaveCount(4);
  await expect(page.locator('.td-opened .td-detail-title')).toHaveText('SELECT sessions');
  await expect(page.locator('.td-opened .td-span.td-selected .td-span-op')).toHaveText('SELECT sessions');
});

test('selecting a span puts it in the address, and a reload restores it', async ({ page }) => {
  const trace = await setup(page);
  await page.goto('/');
  await page.locator('.td-trace-toggle').click();
  await page.locator('.td-span').nth(1).click();
  await expect(page).toHaveURL(new RegExp(`[?&]trace=${trace.traceID}&span=0000000000000002`));
  await page.reload();
  await expect(page.locator('.td-opened .td-detail-title')).toHaveText('core call');
});

test('back and forward step through range changes and selections', async ({ page }) => {
  await setup(page);
  await page.goto('/');
  await expect(page).toHaveURL(/\?range=1h$/);
  await page.getByRole('button', { name: '6h', exact: true }).click();
  await expect(page).toHaveURL(/range=6h/);
  await page.locator('.td-trace-toggle').click();
  await page.locator('.td-span').first().click();
  await expect(page.locator('.td-detail')).toBeVisible();
  await page.goBack();
  await expect(page.locator('.td-detail')).toHaveCount(0);
  await page.goBack();
  await expect(page).toHaveURL(/range=1h/);
  await expect(page.getByRole('button', { name: '1h', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await page.goForward();
  await expect(page.getByRole('button', { name: '6h', exact: true })).toHaveAttribute('aria-pressed', 'true');
});

test('copy link on a trace and on a span gives addresses that open them', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const trace = await setup(page);
  await page.goto('/?services=acontext-api');
  await page.locator('.td-trace .td-copy-link').click();
  const traceLink = await page.evaluate(() => navigator.clipboard.readText());
  expect(traceLink).toBe(`http://127.0.0.1:4173/?services=acontext-api&range=1h&trace=${trace.traceID}`);
  await page.locator('.td-trace-toggle').click();
  await page.locator('.td-span').nth(3).click();
  await page.locator('.td-detail .td-copy-link').click();
  const spanLink = await page.evaluate(() => navigator.clipboard.readText());
  expect(spanLink).toBe(`http://127.0.0.1:4173/?services=acontext-api&range=1h&trace=${trace.traceID}&span=0000000000000004`);
  await page.goto(spanLink);
  await expect(page.locator('.td-opened .td-detail-title')).toHaveText('UPDATE sessions');
});

test('a custom window is asked for exactly, kept in the address, and restored on reload', async ({ page }) => {
  const trace = apiTrace({ route: '/shared' });
  const requests = await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  await page.getByRole('button', { name: 'Custom' }).click();
  await page.locator('.td-range-from').fill('2026-01-02T03:04:05');
  await page.locator('.td-range-to').fill('2026-01-01T00:00:00');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('.td-custom-range')).toContainText('The window must end after it starts.');
  await page.locator('.td-range-to').fill('2026-01-02T05:04:05');
  await page.getByRole('button', { name: 'Apply' }).click();
  const [start, end] = await page.evaluate(() => [
    new Date('2026-01-02T03:04:05').getTime() * 1000, new Date('2026-01-02T05:04:05').getTime() * 1000]);
  await expect(page).toHaveURL(new RegExp(`start=${start}&end=${end}`));
  await expect.poll(() => requests.filter((u) => u.searchParams.get('start') === String(start)).length).toBeGreaterThan(0);
  const asked = requests.findLast((u) => u.pathname === '/api/traces');
  expect(asked.searchParams.get('end')).toBe(String(end));
  const custom = page.locator('.td-range-custom');
  await expect(custom).toHaveAttribute('aria-pressed', 'true');
  await expect(custom).toHaveText('01-02 03:04 – 01-02 05:04');
  await page.reload();
  await expect(custom).toHaveText('01-02 03:04 – 01-02 05:04');
  await page.goBack();
  await expect(page.getByRole('button', { name: '1h', exact: true })).toHaveAttribute('aria-pressed', 'true');
});

test('the service filter lists one service, lives in the address, and back undoes it', async ({ page }) => {
  const requests = await mockJaeger(page, {
    search: (service) => [apiTrace({ route: `/${service}` })],
  });
  await page.goto('/');
  await expect(page.locator('.td-trace')).toHaveCount(2);
  await page.getByLabel('Service', { exact: true }).selectOption('acontext-core');
  await expect(page.locator('.td-trace')).toHaveCount(1);
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /acontext-core']);
  await expect(page).toHaveURL(/service=acontext-core/);
  expect(requests.findLast((u) => u.pathname === '/api/traces').searchParams.get('service')).toBe('acontext-core');
  await page.reload();
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /acontext-core']);
  await expect(page.getByLabel('Service', { exact: true })).toHaveValue('acontext-core');
  await page.goBack();
  await expect(page.locator('.td-trace')).toHaveCount(2);
  await expect(page.getByLabel('Service', { exact: true })).toHaveValue('');
});

test('a search inside a trace is kept in the address without a history entry per letter', async ({ page }) => {
  const trace = await setup(page);
  await page.goto('/');
  await page.locator('.td-trace-toggle').click();
  const historyBefore = await page.evaluate(() => history.length);
  await page.locator('.td-search-input').pressSequentially('sessions');
  await expect(page).toHaveURL(new RegExp(`trace=${trace.traceID}&find=sessions`));
  expect(await page.evaluate(() => history.length)).toBe(historyBefore + 1);
  await page.reload();
  await expect(page.locator('.td-opened .td-search-input')).toHaveValue('sessions');
  await expect(page.locator('.td-opened .td-search-count')).toHaveText('2 matches');
});

test('a trace shown as its flame graph keeps that in the address, and a reload opens it so', async ({ page }) => {
  const trace = await setup(page);
  await page.goto('/');
  await page.locator('.td-trace-toggle').click();
  const view = page.locator('.td-trace-view');
  await view.getByRole('tab', { name: 'Flame graph' }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]trace=${trace.traceID}&view=flame$`));
  await view.getByRole('button', { name: 'Merged by operation' }).click();
  await expect(page).toHaveURL(/[?&]view=flame-merged$/);
  await page.reload();
  const opened = page.locator('.td-opened .td-trace-view');
  await expect(opened.getByRole('tab', { name: 'Flame graph' })).toHaveAttribute('aria-selected', 'true');
  await expect(opened.getByRole('button', { name: 'Merged by operation' })).toHaveAttribute('aria-pressed', 'true');
  await expect(opened.getByRole('img', { name: 'Flame graph: 4 boxes in 3 rows' })).toBeVisible();
  // Back to the span tree: the view leaves the address.
  await opened.getByRole('tab', { name: 'Span tree' }).click();
  await expect(page).not.toHaveURL(/view=/);
});
