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
