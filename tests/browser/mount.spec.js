// Embedding with JavaScript: the host example page mounts tracedeck into a <div>; instances are
// independent, setConfig restarts one with merged settings, and unmount leaves nothing behind.
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger } from './jaeger.js';

/** Counts live intervals and window/document listeners, before any page script runs. */
async function countTimersAndListeners(page) {
  await page.addInitScript(() => {
    const live = { intervals: new Set(), listeners: 0 };
    window.__live = live;
    const setI = window.setInterval.bind(window);
    const clearI = window.clearInterval.bind(window);
    window.setInterval = (...args) => { const id = setI(...args); live.intervals.add(id); return id; };
    window.clearInterval = (id) => { live.intervals.delete(id); clearI(id); };
    for (const target of [window, document]) {
      const add = target.addEventListener.bind(target);
      const remove = target.removeEventListener.bind(target);
      const registered = new Set();
      const key = (type, fn, options) => `${type}|${typeof options === 'boolean' ? options : !!options?.capture}`;
      const ids = new WeakMap();
      target.addEventListener = (type, fn, options) => {
        if (!ids.has(fn)) ids.set(fn, Math.random());
        const k = key(type, fn, options) + ids.get(fn);
        if (!registered.has(k)) { registered.add(k); live.listeners++; }
        return add(type, fn, options);
      };
      target.removeEventListener = (type, fn, options) => {
        const k = key(type, fn, options) + (ids.get(fn) ?? '');
        if (registered.delete(k)) live.listeners--;
        return remove(type, fn, options);
      };
    }
  });
}

async function host(page, traces = [apiTrace({ route: '/hosted' })]) {
  const requests = await mockJaeger(page, { search: (service) => (service === 'acontext-api' ? traces : []) });
  await page.goto('/examples/host.html');
  await page.waitForFunction(() => window.tracedeck);
  return requests;
}

test('the host page mounts the viewer in its div; host and viewer styles stay apart', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await host(page);
  const viewer = page.locator('#traces .td-app');
  await expect(viewer.locator('.td-trace-op')).toHaveText(['GET /hosted']);
  // Loading the module did not mount a page of its own on the host's body.
  await expect(page.locator('body > .td-app')).toHaveCount(0);
  await expect(page.locator('.td-app')).toHaveCount(1);
  // The host's rude global rules do not reach tracedeck's buttons...
  const range = viewer.getByRole('button', { name: '6h', exact: true });
  await expect(range).not.toHaveCSS('background-color', 'rgb(240, 171, 252)');
  await expect(range).toHaveCSS('text-transform', 'none');
  await expect(range).toHaveCSS('box-sizing', 'border-box');
  // Mounted, it leaves the title, mark and footer to the host page, unless asked.
  await expect(viewer.getByRole('heading', { level: 1 })).toHaveCount(0);
  await expect(viewer.locator('.td-footer')).toBeHidden();
  await page.evaluate(() => window.tracedeck.viewer().setConfig({ chrome: 'full' }));
  await expect(viewer.locator('.td-footer')).toContainText('Jaeger query API v1 at /api');
  // The host's `h1 { font-weight: inherit }` leaves the viewer's title bold.
  await expect(viewer.getByRole('heading', { level: 1 })).toHaveCSS('font-weight', '700');
  // ...and tracedeck's rules do not reach the host's.
  await expect(page.locator('#host-theme')).toHaveCSS('background-color', 'rgb(240, 171, 252)');
  await expect(page.locator('#host-theme')).toHaveCSS('text-transform', 'uppercase');
  await expect(page.locator('body')).toHaveCSS('font-family', 'Georgia, serif');
  // A guest is as tall as its content and scrolls with the host: no full-window height, no
  // header pinned over the host's own.
  await expect(viewer).toHaveCSS('min-height', '0px');
  await expect(viewer.locator('.td-header')).toHaveCSS('position', 'static');
  // A mounted viewer leaves the host's address alone unless asked.
  await viewer.locator('.td-trace-toggle').click();
  await viewer.locator('.td-span').nth(1).click();
  await expect(viewer.locator('.td-detail-title')).toHaveText('core call');
  expect(new URL(page.url()).search).toBe('');
  await expect(viewer.locator('.td-copy-link')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('setConfig restarts the viewer with merged settings and names a bad one', async ({ page }) => {
  const requests = await host(page);
  const viewer = page.locator('#traces .td-app');
  await expect(viewer.locator('.td-trace')).toHaveCount(1);
  // What the viewer shows survives a restart: the open trace and its selected span.
  await viewer.locator('.td-trace-toggle').click();
  await viewer.locator('.td-span').nth(2).click();
  await page.locator('#host-theme').click();
  await expect(viewer).toHaveClass(/td-theme-dark/);
  await expect(viewer.locator('.td-trace')).toHaveCount(1);
  await expect(viewer.locator('.td-detail-title')).toHaveText('SELECT sessions');
  await page.evaluate(() => window.tracedeck.viewer().setConfig({ range: '24h', limit: 'many' }));
  await expect(viewer.getByRole('button', { name: '24h', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(viewer).toHaveClass(/td-theme-dark/);
  await expect(viewer.locator('.td-banner-warn')).toContainText('Setting `limit` in the mount config: "many" is not a whole number');
  // The route handler records a request a moment after the page sends it, so wait for it.
  await expect.poll(() => {
    const last = requests.findLast((u) => u.pathname === '/api/traces');
    return Number(last.searchParams.get('end')) - Number(last.searchParams.get('start'));
  }).toBe(24 * 3600e6);
  await page.evaluate(() => window.tracedeck.viewer().setConfig({ theme: null, limit: null }));
  await expect(viewer).not.toHaveClass(/td-theme-dark/);
  await expect(viewer.locator('.td-banner-warn')).toHaveCount(0);
});

test('two viewers on one page keep their own state', async ({ page }) => {
  await host(page);
  await page.evaluate(async () => {
    const { mount } = window.tracedeck;
    const second = document.createElement('div');
    second.id = 'second';
    document.body.append(second);
    window.second = mount(second, { services: ['acontext-api'], range: '15m', theme: 'dark' });
  });
  const first = page.locator('#traces .td-app');
  const second = page.locator('#second .td-app');
  await expect(first.locator('.td-trace')).toHaveCount(1);
  await expect(second.locator('.td-trace')).toHaveCount(1);
  await first.locator('.td-trace-toggle').click();
  await expect(first.locator('.td-span')).toHaveCount(4);
  await expect(second.locator('.td-span')).toHaveCount(0);
  await second.getByRole('button', { name: '6h', exact: true }).click();
  await expect(second.getByRole('button', { name: '6h', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(first.getByRole('button', { name: '1h', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(second).toHaveClass(/td-theme-dark/);
  await expect(first).not.toHaveClass(/td-theme-dark/);
  await page.evaluate(() => window.second.unmount());
  await expect(second).toHaveCount(0);
  await expect(first.locator('.td-span')).toHaveCount(4);
});

test('mounting and unmounting 50 times leaves no timers, no listeners and no heap growth', async ({ page }) => {
  await countTimersAndListeners(page);
  await host(page, Array.from({ length: 20 }, () => apiTrace()));
  await expect(page.locator('#traces .td-trace')).toHaveCount(20);
  await page.locator('#host-unmount').click();
  await expect(page.locator('.td-app')).toHaveCount(0);
  const baseline = await page.evaluate(() => ({ intervals: window.__live.intervals.size, listeners: window.__live.listeners }));
  const cycle = (n) => page.evaluate(async (n) => {
    const { mount } = window.tracedeck;
    const target = document.getElementById('traces');
    for (let i = 0; i < n; i++) {
      const viewer = mount(target, { services: ['acontext-api'], sync_url: true });
      await new Promise((resolve) => {
        const check = () => (target.querySelectorAll('.td-trace').length === 20 ? resolve() : setTimeout(check, 5));
        check();
      });
      target.querySelector('.td-trace-toggle').click();
      await new Promise((r) => setTimeout(r, 0));
      // While mounted, the refresh ticker and the back/forward listener are seen.
      window.__seen = { intervals: window.__live.intervals.size, listeners: window.__live.listeners };
      viewer.unmount();
      viewer.free();
    }
  }, n);
  const heap = async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    await cdp.detach();
    const wasm = await page.evaluate(() => window.tracedeck.memoryBytes());
    return { js: usedSize, wasm };
  };
  await cycle(10);
  const before = await heap();
  await cycle(50);
  const after = await heap();
  const live = await page.evaluate(() => ({ intervals: window.__live.intervals.size, listeners: window.__live.listeners }));
  const seen = await page.evaluate(() => window.__seen);
  expect(seen.intervals).toBe(1);
  expect(seen.listeners).toBeGreaterThan(baseline.listeners);
  expect(live).toEqual(baseline);
  expect(baseline.intervals).toBe(0);
  await expect(page.locator('#traces')).toBeEmpty();
  const mb = (n) => (n / 1e6).toFixed(2);
  console.log(`50 mount/unmount cycles: JS heap ${mb(before.js)} → ${mb(after.js)} MB, wasm memory ${mb(before.wasm)} → ${mb(after.wasm)} MB`);
  expect(after.js - before.js).toBeLessThan(500_000);
  expect(after.wasm - before.wasm).toBeLessThan(500_000);
});

test('a viewer outlives a handle the host dropped, survives a move, and ends when its element leaves the document', async ({ page }) => {
  await host(page);
  await page.evaluate(() => {
    const div = document.createElement('div');
    div.id = 'unkept';
    document.body.append(div);
    // The handle is not kept: only the garbage collector knows it.
    window.tracedeck.mount(div, { services: ['acontext-api'] });
  });
  const unkept = page.locator('#unkept .td-app');
  await expect(unkept.locator('.td-trace-op')).toHaveText(['GET /hosted']);
  const cdp = await page.context().newCDPSession(page);
  for (let i = 0; i < 3; i++) {
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(300);
  }
  await cdp.detach();
  // Still there, and still working.
  await unkept.locator('.td-trace-toggle').click();
  await expect(unkept.locator('.td-span')).toHaveCount(4);
  // Moved (out of the document a moment, then back elsewhere), it stays.
  await page.evaluate(async () => {
    const div = document.getElementById('unkept');
    div.remove();
    await new Promise((r) => setTimeout(r, 200));
    document.body.prepend(div);
  });
  await page.waitForTimeout(1_500);
  await expect(unkept.locator('.td-span')).toHaveCount(4);
  // Taken out of the document for good, the viewer unmounts: its nodes go from the element.
  const left = await page.evaluate(async () => {
    const div = document.getElementById('unkept');
    div.remove();
    await new Promise((r) => setTimeout(r, 1_500));
    return div.querySelectorAll('.td-app').length;
  });
  expect(left).toBe(0);
  // The host's own viewer is untouched.
  await expect(page.locator('#traces .td-trace-op')).toHaveText(['GET /hosted']);
});

test('a viewer whose element is removed at once, its handle dropped, leaves no timer behind', async ({ page }) => {
  await countTimersAndListeners(page);
  await host(page);
  const before = await page.evaluate(() => window.__live.intervals.size);
  await page.evaluate(() => {
    const div = document.createElement('div');
    document.body.append(div);
    window.tracedeck.mount(div, { services: ['acontext-api'] });
    div.remove();
  });
  await page.waitForTimeout(1_500);
  expect(await page.evaluate(() => window.__live.intervals.size)).toBe(before);
});

test('mount refuses what is not an element or a config object, clearly', async ({ page }) => {
  await host(page);
  const messages = await page.evaluate(async () => {
    const { mount } = window.tracedeck;
    const attempt = (...args) => { try { mount(...args); return 'mounted'; } catch (e) { return e.message; } };
    return [attempt(null, {}), attempt(document.createElement('div'), 'api=/api')];
  });
  expect(messages).toEqual([
    'tracedeck mount: the first argument must be an element',
    'tracedeck mount: the config must be an object',
  ]);
});
