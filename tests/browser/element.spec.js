// The <trace-deck> custom element from the npm package (scripts/package), in the plain-HTML host
// example: settings from attributes and the `config` property, the look changed in place,
// events the host hears, removal and moves, and the package's content-hashed files.
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger, searches } from './jaeger.js';

async function host(page, traces = [apiTrace({ route: '/element' })]) {
  const requests = await mockJaeger(page, { search: (service) => (service === 'acontext-api' ? traces : []) });
  await page.goto('/examples/element.html');
  return requests;
}

test('the element lists from its attributes, without page chrome, and tells the host what opens', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const requests = await host(page);
  const viewer = page.locator('trace-deck .td-app');
  await expect(viewer.locator('.td-trace-op')).toHaveText(['GET /element']);
  // Its attributes were read: the services asked for and the range.
  expect(searches(requests).map((u) => u.searchParams.get('service')).sort()).toEqual(['acontext-api', 'acontext-core']);
  await expect(viewer.getByRole('button', { name: '1h', exact: true })).toHaveAttribute('aria-pressed', 'true');
  // In a page with its own heading, the viewer draws no title, mark or footer.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme dashboard · Traces');
  await expect(viewer.locator('.td-footer')).toBeHidden();
  await page.evaluate(() => {
    const seen = [];
    for (const type of ['traceopen', 'traceclose', 'spanselect', 'heightchange']) {
      document.getElementById('traces').addEventListener(type, (e) => seen.push({ type, detail: e.detail }));
    }
    window.seen = seen;
  });
  await viewer.locator('.td-trace-toggle').click();
  const traceId = await viewer.locator('.td-trace').getAttribute('data-trace-id');
  await expect(page.getByRole('status', { name: 'Last trace opened' })).toHaveText(traceId);
  await viewer.locator('.td-span').nth(1).click();
  await expect(viewer.locator('.td-detail-title')).toHaveText('core call');
  await viewer.locator('.td-trace-toggle').click();
  const seen = await page.evaluate(() => window.seen.filter((e) => e.type !== 'heightchange'));
  // Closing the trace clears the selection in it, for the host.
  expect(seen.map((e) => e.type)).toEqual(['traceopen', 'spanselect', 'traceclose', 'spanselect']);
  expect(seen[0].detail).toEqual({ traceId });
  const spanId = seen[1].detail.spanId;
  expect(seen[1].detail).toEqual({ traceId, spanId: expect.stringMatching(/^[0-9a-f]{16}$/), spanKey: spanId });
  expect(seen[2].detail).toEqual({ traceId });
  expect(seen[3].detail).toEqual({ traceId, spanId: null, spanKey: null });
  // The height was told as the tree opened and closed.
  const heights = await page.evaluate(() => window.seen.filter((e) => e.type === 'heightchange').map((e) => e.detail.height));
  expect(heights.length).toBeGreaterThanOrEqual(2);
  expect(errors).toEqual([]);
});

test('a theme attribute changes the look in place; another setting restarts where it was', async ({ page }) => {
  const requests = await host(page);
  const viewer = page.locator('trace-deck .td-app');
  await viewer.locator('.td-trace-toggle').click();
  await viewer.locator('.td-span').nth(2).click();
  await page.evaluate(() => { document.querySelector('trace-deck .td-app').dataset.first = 'yes'; });
  const before = searches(requests).length;
  await page.locator('#host-theme').click();
  await expect(viewer).toHaveClass(/td-theme-dark/);
  // The same viewer (not a remount), nothing asked again, what it showed kept.
  await expect(viewer).toHaveAttribute('data-first', 'yes');
  await expect(viewer.locator('.td-detail-title')).toHaveText('SELECT sessions');
  expect(searches(requests).length).toBe(before);
  // `chrome` is live too.
  await page.evaluate(() => document.getElementById('traces').setAttribute('chrome', 'full'));
  await expect(viewer.getByRole('heading', { level: 1, name: 'Traces' })).toBeVisible();
  await expect(viewer).toHaveAttribute('data-first', 'yes');
  // A range change starts it again, on the new range, with the trace still open.
  await page.evaluate(() => document.getElementById('traces').setAttribute('range', '6h'));
  await expect(viewer.getByRole('button', { name: '6h', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(viewer).not.toHaveAttribute('data-first', 'yes');
  await expect(viewer.locator('.td-detail-title')).toHaveText('SELECT sessions');
  // A bad attribute is named in the viewer's words, and removing it falls back.
  await page.evaluate(() => document.getElementById('traces').setAttribute('limit', 'many'));
  await expect(viewer.locator('.td-banner-warn')).toContainText('Setting `limit` in the mount config: "many" is not a whole number');
  await page.evaluate(() => document.getElementById('traces').removeAttribute('limit'));
  await expect(viewer.locator('.td-banner-warn')).toHaveCount(0);
});

test('the config property carries object settings and wins over an attribute', async ({ page }) => {
  const requests = await host(page);
  const viewer = page.locator('trace-deck .td-app');
  await expect(viewer.locator('.td-trace')).toHaveCount(1);
  const headers = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/traces') headers.push(r.headers()['x-tenant']); });
  await page.evaluate(() => {
    const el = document.getElementById('traces');
    el.config = { ...el.config, headers: { 'X-Tenant': 'acme' }, range: '24h' };
  });
  await expect(viewer.getByRole('button', { name: '24h', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => headers.includes('acme')).toBe(true);
  const last = searches(requests).at(-1);
  expect(Number(last.searchParams.get('end')) - Number(last.searchParams.get('start'))).toBe(24 * 3600e6);
});

test('a moved element keeps its viewer; a removed one unmounts it', async ({ page }) => {
  await host(page);
  const viewer = page.locator('trace-deck .td-app');
  await viewer.locator('.td-trace-toggle').click();
  await expect(viewer.locator('.td-span')).toHaveCount(4);
  await page.evaluate(() => {
    const box = document.createElement('section');
    document.body.prepend(box);
    box.append(document.getElementById('traces'));
  });
  await expect(page.locator('section > trace-deck .td-span')).toHaveCount(4);
  await expect(page.locator('.td-app')).toHaveCount(1);
  // Removed, it unmounts: the element kept aside is emptied and asks nothing more.
  await page.evaluate(() => { window.removed = document.getElementById('traces'); window.removed.remove(); });
  await expect.poll(() => page.evaluate(() => window.removed.childElementCount)).toBe(0);
  const asked = [];
  page.on('request', (r) => new URL(r.url()).pathname.startsWith('/api/') && asked.push(r.url()));
  await page.evaluate(() => window.removed.setAttribute('range', '6h'));
  await page.waitForTimeout(500);
  expect(asked).toEqual([]);
  // Put back, it mounts a new viewer.
  await page.evaluate(() => {
    const el = document.createElement('trace-deck');
    el.setAttribute('services', 'acontext-api');
    document.body.append(el);
  });
  await expect(page.locator('trace-deck .td-trace-op')).toHaveText(['GET /element']);
});

test('a config set before the element is defined reaches the viewer', async ({ page }) => {
  const headers = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/traces') headers.push(r.headers()['x-tenant']); });
  await mockJaeger(page, { search: () => [apiTrace({ route: '/early' })] });
  await page.goto('/examples/element.html');
  await expect(page.locator('#traces .td-trace')).not.toHaveCount(0);
  await page.evaluate(async () => {
    const el = document.createElement('early-deck');
    el.config = { headers: { 'X-Tenant': 'early' }, services: ['acontext-api'] };
    document.body.append(el);
    const { define } = await import('/package/index.js');
    define('early-deck');
  });
  await expect(page.locator('early-deck .td-trace-op')).toHaveText(['GET /early']);
  await expect.poll(() => headers.includes('early')).toBe(true);
});

test('the element says it is loading until its viewer shows', async ({ page }) => {
  // The wasm held back a second, as over a slow link.
  await page.route(/tracedeck_bg\.[0-9a-f]+\.wasm$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1000));
    await route.continue();
  });
  await mockJaeger(page, { search: (service) => (service === 'acontext-api' ? [apiTrace({ route: '/late' })] : []) });
  await page.goto('/examples/element.html');
  await expect(page.locator('trace-deck').getByRole('status')).toHaveText('Loading traces…');
  await expect(page.locator('trace-deck .td-trace-op')).toHaveText(['GET /late']);
  await expect(page.locator('trace-deck > .td-boot')).toHaveCount(0);
});

test('a wasm that cannot load is said in the element, and told as an error event', async ({ page }) => {
  await page.route(/tracedeck_bg\.[0-9a-f]+\.wasm$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.addInitScript(() => {
    document.addEventListener('error', (e) => {
      if (e.target.localName === 'trace-deck') window.deckError = e.detail.message;
    }, true);
  });
  await mockJaeger(page);
  await page.goto('/examples/element.html');
  await expect(page.locator('trace-deck').getByRole('alert')).toContainText('The trace viewer could not load');
  expect(await page.evaluate(() => window.deckError)).toBeTruthy();
});

test('the package names its JS and wasm by content, so a new build never meets an old wasm', async ({ page }) => {
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await host(page);
  await expect(page.locator('trace-deck .td-trace')).toHaveCount(1);
  expect(fetched.filter((p) => /^\/package\/tracedeck\.[0-9a-f]{16}\.js$/.test(p))).toHaveLength(1);
  expect(fetched.filter((p) => /^\/package\/tracedeck_bg\.[0-9a-f]{16}\.wasm$/.test(p))).toHaveLength(1);
  expect(fetched.some((p) => p.endsWith('/tracedeck_bg.wasm'))).toBe(false);
});
