// The release build (wasm-opt included) loads and the app shell renders in a real browser.
import { test, expect } from '@playwright/test';

test('the release build renders the app shell', async ({ page }) => {
  const problems = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Traces' })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toContainText('tracedeck · a traces viewer for Jaeger');
  // The standalone page fills the window and keeps its header in view.
  const height = await page.evaluate(() => [document.querySelector('.td-app').getBoundingClientRect().height, innerHeight]);
  expect(height[0]).toBeGreaterThanOrEqual(height[1]);
  await expect(page.locator('.td-header')).toHaveCSS('position', 'sticky');
  expect(problems).toEqual([]);
});
