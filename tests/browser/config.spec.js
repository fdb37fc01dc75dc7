// Settings come in layers: defaults, tracedeck.json next to index.html, the address. Bad values
// are named with their source, and the rest still works.
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger } from './jaeger.js';

/** Serves `body` as tracedeck.json (a string is sent as it is). */
async function settingsFile(page, body, status = 200) {
  await page.route('**/tracedeck.json', (route) =>
    route.fulfill({ status, contentType: 'application/json', body: typeof body === 'string' ? body : JSON.stringify(body) }));
}

test('tracedeck.json sets services, range, page size, colours and request headers; the address wins', async ({ page }) => {
  const requests = await mockJaeger(page, { search: () => [apiTrace()] });
  await settingsFile(page, {
    services: ['acontext-core'],
    range: '6h',
    limit: 7,
    refresh: 5,
    colors: { 'acontext-api': '#ff0000' },
    headers: { 'X-Team': 'observability' },
  });
  const headers = [];
  page.on('request', (r) => r.url().includes('/api/') && headers.push(r.headers()['x-team']));
  await page.goto('/');
  await expect(page.locator('.td-trace')).toHaveCount(1);
  const search = requests.find((u) => u.pathname === '/api/traces');
  expect(search.searchParams.get('service')).toBe('acontext-core');
  expect(search.searchParams.get('limit')).toBe('7');
  const span = Number(search.searchParams.get('end')) - Number(search.searchParams.get('start'));
  expect(span).toBe(6 * 3600e6);
  expect(headers.length).toBeGreaterThan(0);
  expect(headers.every((h) => h === 'observability')).toBe(true);
  await expect(page.locator('.td-chip', { hasText: 'acontext-api' }).locator('.td-dot')).toHaveCSS('background-color', 'rgb(255, 0, 0)');
  await expect(page.locator('.td-countdown')).toHaveText(/next refresh in [1-5]s/);
  await expect(page.locator('.td-banner-warn')).toHaveCount(0);

  await page.goto('/?range=15m');
  await expect(page.getByRole('button', { name: '15m', exact: true })).toHaveAttribute('aria-pressed', 'true');
});

test('bad settings are named with their source, and everything else still works', async ({ page }) => {
  await mockJaeger(page, { services: ['acontext-api'], search: () => [apiTrace()] });
  await settingsFile(page, { refresh: 'soon', colour: '#fff', headers: { 'Bad Name': 'x' }, theme: 'dark' });
  await page.goto('/?limit=0');
  const banner = page.locator('.td-banner-warn');
  await expect(banner).toContainText('Setting `refresh` in tracedeck.json: "soon" is not a whole number from 1 to 86400');
  await expect(banner).toContainText('Setting `colour` in tracedeck.json: this is not a setting tracedeck knows');
  await expect(banner).toContainText('Setting `headers` in tracedeck.json: "Bad Name" is not a header name');
  await expect(banner).toContainText('Setting `limit` in the address');
  await expect(page.locator('.td-app')).toHaveClass(/td-theme-dark/);
  await expect(page.locator('.td-trace')).toHaveCount(1);
});

test('a broken tracedeck.json is reported and the defaults stand; a missing one is no error', async ({ page }) => {
  await mockJaeger(page, { services: ['acontext-api'], search: () => [apiTrace()] });
  await settingsFile(page, '{"range": "6h",');
  await page.goto('/');
  await expect(page.locator('.td-banner-warn')).toContainText('tracedeck.json could not be used: tracedeck.json is not valid JSON');
  await expect(page.locator('.td-trace')).toHaveCount(1);
  await page.unroute('**/tracedeck.json');
  await settingsFile(page, 'not found', 404);
  await page.reload();
  await expect(page.locator('.td-trace')).toHaveCount(1);
  await expect(page.locator('.td-banner-warn')).toHaveCount(0);
});

test('with request headers configured, the address cannot send them to another server', async ({ page }) => {
  const requests = await mockJaeger(page, { services: ['acontext-api'], search: () => [apiTrace()] });
  await settingsFile(page, { headers: { Authorization: 'Bearer secret' } });
  const elsewhere = [];
  page.on('request', (r) => r.url().startsWith('http://evil.example') && elsewhere.push(r.url()));
  await page.goto('/?api=http://evil.example/api&headers=x');
  await expect(page.locator('.td-banner-warn')).toContainText('Setting `api` in the address: cannot change while request headers are configured');
  await expect(page.locator('.td-banner-warn')).toContainText("Setting `headers` in the address: can be set by the page's owner only");
  await expect(page.locator('.td-trace')).toHaveCount(1);
  expect(requests.length).toBeGreaterThan(0);
  expect(elsewhere).toEqual([]);
});

test('allow_demo=false: no demo offer when Jaeger is unreachable, and source=demo is refused', async ({ page }) => {
  await page.route((url) => url.pathname.startsWith('/api/'), (route) => route.abort('connectionrefused'));
  await settingsFile(page, { allow_demo: false });
  await page.goto('/?source=demo');
  await expect(page.locator('.td-banner-warn')).toContainText('demo data is turned off here');
  await expect(page.locator('.td-banner-error')).toContainText('Jaeger is unreachable');
  await expect(page.getByRole('button', { name: 'Try the demo data' })).toHaveCount(0);
  await expect(page.locator('.td-demo-badge')).toHaveCount(0);
});
