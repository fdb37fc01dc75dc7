// Every state a user can reach has its own look: loading, empty, unreachable, errors, partial.
import { test, expect } from '@playwright/test';
import { apiTrace, errorEnvelope, keepScreenshot, mockJaeger } from './jaeger.js';

test('the first load shows skeleton rows', async ({ page }) => {
  await mockJaeger(page, { services: ['acontext-api'], search: () => ({ status: 200, body: { data: [] }, delayMs: 1500 }) });
  await page.goto('/');
  await expect(page.getByLabel('Loading traces')).toBeVisible();
  // No count before the first answer: "0 traces" would say there are none.
  await expect(page.locator('.td-count')).toHaveText('');
  await expect(page.locator('.td-refresh-button')).toHaveClass(/td-spinning/);
  await keepScreenshot(page, 'loading');
  await expect(page.getByLabel('Loading traces')).toHaveCount(0, { timeout: 4000 });
});

test('no traces says so for the range, with what to check', async ({ page }) => {
  await mockJaeger(page, { services: ['acontext-api', 'acontext-core'], search: () => [] });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'No traces in the last hour' })).toBeVisible();
  await expect(page.locator('.td-empty-state')).toContainText('Services asked: acontext-api, acontext-core.');
  await expect(page.locator('.td-count')).toHaveText('0 traces');
  // Nothing to download, and the button looks it.
  const download = page.getByRole('button', { name: 'Download list' });
  await expect(download).toBeDisabled();
  await expect(download).toHaveCSS('opacity', '0.55');
  await keepScreenshot(page, 'empty');
  await page.getByRole('button', { name: '24h', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'No traces in the last 24 hours' })).toBeVisible();
});

test('an unreachable backend names the URL and offers the demo', async ({ page }) => {
  await mockJaeger(page, { services: () => ({ abort: 'connectionrefused' }) });
  await page.goto('/');
  const banner = page.getByRole('alert');
  await expect(banner).toContainText('Jaeger is unreachable');
  await expect(banner).toContainText('Could not reach /api/services');
  // Where to look, naming the setting to change; and no "0 traces", which would read as none.
  await expect(banner).toContainText('or set api to where it answers.');
  await expect(page.locator('.td-count')).toHaveText('no traces loaded');
  await keepScreenshot(page, 'unreachable');
  await banner.getByRole('button', { name: 'Try the demo data' }).click();
  await expect(page.locator('.td-demo-badge')).toHaveText('Demo data');
  await expect(page.locator('.td-trace')).toHaveCount(50);
});

test("a backend error shows Jaeger's own message", async ({ page }) => {
  await mockJaeger(page, {
    services: ['acontext-api'],
    search: () => ({ status: 400, contentType: 'text/plain', body: errorEnvelope(400, "parameter 'service' is required") }),
  });
  await page.goto('/');
  const banner = page.getByRole('alert');
  await expect(banner).toContainText('Jaeger reported an error');
  await expect(banner).toContainText("answered HTTP 400: parameter 'service' is required (code 400)");
  await keepScreenshot(page, 'backend-error');
});

test('one failing service leaves the others listed and says which failed', async ({ page }) => {
  await mockJaeger(page, {
    search: (service) => (service === 'acontext-core'
      ? { status: 500, body: errorEnvelope(500, 'storage timeout') }
      : [apiTrace({ route: '/still-here' })]),
  });
  await page.goto('/');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /still-here']);
  const warning = page.locator('.td-banner-warn');
  await expect(warning).toContainText('Some services could not be listed');
  await expect(warning).toContainText('acontext-core: /api/traces?service=acontext-core');
  await expect(warning).toContainText('storage timeout (code 500)');
});

test('the last good list stays under an error, and clears when the backend recovers', async ({ page }) => {
  let failing = false;
  await mockJaeger(page, {
    services: ['acontext-api'],
    search: () => (failing ? { status: 502, contentType: 'text/html', body: '<html>Bad Gateway</html>' } : [apiTrace({ route: '/kept' })]),
  });
  await page.goto('/');
  await page.locator('.td-trace-toggle').click();
  await expect(page.locator('.td-span')).toHaveCount(4);
  failing = true;
  await page.getByRole('button', { name: 'Refresh now' }).click();
  const banner = page.getByRole('alert');
  await expect(banner).toContainText('Jaeger is unreachable');
  await expect(banner).toContainText('/api/traces?service=acontext-api&start=');
  await expect(banner).toContainText('answered HTTP 502 (Bad Gateway): the proxy in front of Jaeger could not reach it.');
  await expect(banner).toContainText('Showing the last list that loaded.');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /kept']);
  await expect(page.locator('.td-span')).toHaveCount(4);
  failing = false;
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.locator('.td-span')).toHaveCount(4);
});

test('a proxy that answers 500 without a body counts as Jaeger being unreachable', async ({ page }) => {
  await mockJaeger(page, { services: () => ({ status: 500, body: '' }) });
  await page.goto('/');
  const banner = page.getByRole('alert');
  await expect(banner).toContainText('Jaeger is unreachable');
  await expect(banner).toContainText('/api/services answered HTTP 500 (Internal Server Error)');
  await expect(banner.getByRole('button', { name: 'Try the demo data' })).toBeVisible();
});

test('an HTML page with status 200 is not mistaken for traces, and gets the proxy advice', async ({ page }) => {
  await mockJaeger(page, { services: ['acontext-api'], search: () => ({ status: 200, contentType: 'text/html', body: '<!doctype html><p>login</p>' }) });
  await page.goto('/');
  const banner = page.getByRole('alert');
  await expect(banner).toContainText("The answer is not Jaeger's");
  await expect(banner).toContainText('an HTML page, not Jaeger\'s JSON');
  await expect(banner).toContainText('is proxied to it');
  await expect(banner.getByRole('button', { name: 'Try the demo data' })).toBeVisible();
});

test('the demo source lists realistic Acontext traces, labelled as demo data', async ({ page }) => {
  const requests = [];
  page.on('request', (r) => r.url().includes('/api/') && requests.push(r.url()));
  await page.goto('/?source=demo');
  await expect(page.locator('.td-demo-badge')).toHaveText('Demo data');
  await expect(page.locator('.td-trace')).toHaveCount(50);
  await expect(page.locator('.td-trace .td-chip').first()).toContainText(/acontext-(api|core)/);
  await expect(page.locator('.td-error-mark').first()).toBeVisible();
  await page.locator('.td-trace-toggle').first().click();
  await expect(page.locator('.td-span-op').first()).toHaveText(/^(GET|POST|PUT|PATCH|DELETE) \/api\/v1\//);
  await expect(page.locator('.td-span[data-service="acontext-core"]').first()).toBeVisible();
  await keepScreenshot(page, 'demo');
  expect(requests).toEqual([]);
});
