// Text from traces is data: it renders as inert text, whatever it holds; and the page works under
// a strict Content-Security-Policy.
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger, tag } from './jaeger.js';

const PAYLOADS = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '"><svg onload="window.__pwned = 3">',
  'javascript:window.__pwned = 4',
  '\u202Egnp.exe\u202C right-to-left override',
  'zero\u200Bwidth\u200Dchars\uFEFF',
];

test('operation, service, tag and log text with markup renders as inert text', async ({ page }) => {
  const trace = apiTrace();
  trace.spans[0].operationName = PAYLOADS[0];
  trace.spans[1].operationName = PAYLOADS[1];
  trace.processes.p3.serviceName = PAYLOADS[2];
  trace.spans[0].tags.push(tag('url', PAYLOADS[3]), tag('rtl', PAYLOADS[4]), tag('zw', PAYLOADS[5]), tag('huge', 'x'.repeat(1_000_000)));
  trace.spans[0].logs = [{ timestamp: trace.spans[0].startTime, fields: [tag('event', PAYLOADS[1]), tag('message', PAYLOADS[2])] }];
  trace.spans[0].warnings = [PAYLOADS[0]];
  await mockJaeger(page, { services: ['acontext-api'], search: () => [trace] });
  await page.goto('/');
  await expect(page.locator('.td-trace-op')).toHaveText(PAYLOADS[0]);
  await page.locator('.td-trace-toggle').click();
  await expect(page.locator('.td-span-op').nth(1)).toHaveText(PAYLOADS[1]);
  await page.locator('.td-span').first().click();
  const detail = page.locator('.td-detail');
  await expect(detail).toContainText(PAYLOADS[3]);
  await expect(detail).toContainText(PAYLOADS[4]);
  await expect(detail).toContainText('Logs (1)');
  await expect(detail.locator('.td-warnings')).toHaveText(PAYLOADS[0]);

  // Nothing ran, and no element was made from the data.
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  // (The chart and the volume strip are tracedeck's own SVG; no other SVG may appear.)
  const made = '.td-app script, .td-app img, .td-app iframe, .td-app foreignObject, .td-app svg:not(.td-scatter, .td-volume)';
  expect(await page.locator(made).count()).toBe(0);
  // The only links are the fixed Jaeger ones.
  const hrefs = await page.locator('.td-app a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of hrefs) expect(href).toMatch(/^(http:\/\/localhost:16686\/trace\/[0-9a-f]{32}(\?uiFind=[0-9a-f]{16})?|\?source=demo)$/);

  // A 1 MB value is cut, with a way to see it whole.
  const huge = detail.locator('tr', { hasText: 'huge' });
  expect((await huge.locator('.td-value').innerText()).length).toBeLessThan(400);
  await huge.getByRole('button', { name: 'Show all' }).click();
  expect((await huge.locator('.td-value').innerText()).length).toBe(1_000_000);
});

test('the release build works under a strict Content-Security-Policy', async ({ page }) => {
  const violations = [];
  page.on('console', (m) => /Content Security Policy|Refused to/.test(m.text()) && violations.push(m.text()));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto('/?csp=1&source=demo');
  expect(response.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  await expect(page.locator('.td-trace')).toHaveCount(50);
  await page.locator('.td-trace-toggle').first().click();
  const bar = page.locator('.td-span').nth(2).locator('.td-bar');
  await expect(bar).toHaveCSS('position', 'absolute');
  // The bar's place is set through the CSSOM (a custom property the stylesheet turns into `left`).
  expect(await bar.evaluate((el) => el.style.getPropertyValue('--td-left'))).toMatch(/^[\d.]+$/);
  expect(Number.parseFloat(await bar.evaluate((el) => getComputedStyle(el).left))).toBeGreaterThan(0);
  await page.locator('.td-span').first().click();
  await expect(page.locator('.td-detail')).toBeVisible();
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
  expect(violations).toEqual([]);
});
