// A good guest: embedded in an iframe it drops its chrome, lets the host's background through,
// takes its theme from the URL and tells the host its height; text meets WCAG AA in both themes.
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger } from './jaeger.js';

test('in an iframe with embed=1 it drops its chrome and posts its height to the host', async ({ page }) => {
  await page.setContent(`
    <body style="background: rgb(250, 240, 230); margin: 0">
      <iframe id="td" style="width: 1200px; height: 400px; border: 0" src="http://127.0.0.1:4173/?embed=1&source=demo&theme=dark"></iframe>
      <script>
        window.heights = [];
        addEventListener('message', (e) => e.data?.type === 'tracedeck:height' && heights.push(e.data.height));
      </script>
    </body>`);
  const frame = page.frameLocator('#td');
  await expect(frame.locator('.td-trace')).toHaveCount(50);
  await expect(frame.getByRole('heading', { name: 'Traces', exact: true })).toHaveCount(0);
  await expect(frame.locator('.td-footer')).toBeHidden();
  await expect(frame.locator('.td-app')).toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
  await expect(frame.locator('.td-trace-op').first()).toHaveCSS('color', 'rgb(229, 231, 235)');
  await expect.poll(() => page.evaluate(() => heights.at(-1) ?? 0)).toBeGreaterThan(1000);
  const before = await page.evaluate(() => heights.at(-1));
  await frame.locator('.td-trace-toggle').first().click();
  await expect.poll(() => page.evaluate(() => heights.at(-1))).toBeGreaterThan(before + 100);
});

test('theme=light and theme=dark win over the system; auto follows it', async ({ page }) => {
  await mockJaeger(page, { services: ['acontext-api'], search: () => [apiTrace()] });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('.td-app')).toHaveCSS('background-color', 'rgb(11, 18, 32)');
  await page.goto('/?theme=light');
  await expect(page.locator('.td-app')).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?theme=dark');
  await expect(page.locator('.td-app')).toHaveCSS('background-color', 'rgb(11, 18, 32)');
});

for (const theme of ['light', 'dark']) {
  test(`text meets WCAG AA contrast in the ${theme} theme`, async ({ page }) => {
    const trace = apiTrace({ status: 503 });
    await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
    await page.goto(`/?theme=${theme}`);
    await page.locator('.td-trace-toggle').click();
    await page.locator('.td-span').first().click();
    const selectors = [
      '.td-title', '.td-range', '.td-range.td-active', '.td-countdown', '.td-count', '.td-trace-op', '.td-chip',
      '.td-span-count', '.td-trace-duration', '.td-trace-start', '.td-trace-row .td-method', '.td-error-mark',
      '.td-tool', '.td-tick', '.td-span-op', '.td-span-service', '.td-bar-label', '.td-detail-title',
      '.td-fact dt', '.td-fact dd', '.td-tags th', '.td-value', '.td-link', '.td-footer', '.td-copy',
      '.td-tab', '.td-tab[aria-selected="true"]', '.td-chart-readout', '.td-y-tick', '.td-x-axis span',
      '.td-volume-caption', '.td-control', '.td-sort', '.td-list-route', '.td-search-input',
    ];
    const results = await page.evaluate((selectors) => {
      const rgb = (c) => c.match(/[\d.]+/g).slice(0, 4).map(Number);
      const lum = ([r, g, b]) => {
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      // The first opaque background at or above the element.
      const background = (el) => {
        for (let at = el; at; at = at.parentElement) {
          const c = rgb(getComputedStyle(at).backgroundColor);
          if (c.length < 4 || c[3] > 0) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      return selectors.map((s) => {
        const el = document.querySelector(s);
        if (!el) return { s, missing: true };
        const fg = lum(rgb(getComputedStyle(el).color).slice(0, 3));
        const bg = lum(background(el));
        return { s, ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) };
      });
    }, selectors);
    for (const r of results) {
      expect(r.missing, r.s).toBeUndefined();
      expect(r.ratio, `${r.s} contrast`).toBeGreaterThanOrEqual(4.5);
    }
  });
}
