// The span tree is a WAI-ARIA treegrid: arrow keys move and fold, Enter opens the detail,
// Escape closes it, Home/End jump.
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger } from './jaeger.js';

test('the span tree answers the treegrid keys', async ({ page }) => {
  await mockJaeger(page, { services: ['acontext-api'], search: () => [apiTrace()] });
  await page.goto('/');
  await page.locator('.td-trace-toggle').click();
  const tree = page.getByRole('treegrid');
  const focusedOp = () => page.locator('.td-span.td-focused .td-span-op');
  await tree.focus();
  await expect(focusedOp()).toHaveText('GET /api/v1/session/:id');
  await expect(tree).toHaveAttribute('aria-activedescendant', /^td-row-[0-9a-f]+-0$/);
  await page.keyboard.press('ArrowDown');
  await expect(focusedOp()).toHaveText('core call');
  await page.keyboard.press('ArrowRight');
  await expect(focusedOp()).toHaveText('SELECT sessions');
  await page.keyboard.press('End');
  await expect(focusedOp()).toHaveText('UPDATE sessions');
  await page.keyboard.press('ArrowLeft');
  await expect(focusedOp()).toHaveText('core call');
  await page.keyboard.press('ArrowLeft');
  await expect(tree).toHaveAttribute('aria-rowcount', '2');
  await page.keyboard.press('ArrowRight');
  await expect(tree).toHaveAttribute('aria-rowcount', '4');
  await page.keyboard.press('Enter');
  await expect(page.locator('.td-detail-title')).toHaveText('core call');
  await page.keyboard.press('Escape');
  await expect(page.locator('.td-detail')).toHaveCount(0);
  await page.keyboard.press('Home');
  await expect(focusedOp()).toHaveText('GET /api/v1/session/:id');
  await page.keyboard.press('ArrowUp');
  await expect(focusedOp()).toHaveText('GET /api/v1/session/:id');
  // z zooms the timeline to the focused span (SELECT sessions, 20–40 ms, with 2 ms each side);
  // Shift+Z shows the whole trace again.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(focusedOp()).toHaveText('SELECT sessions');
  await page.keyboard.press('z');
  await expect(page.locator('.td-zoom-state')).toHaveText('Timeline: 18ms – 42ms');
  await page.keyboard.press('Shift+Z');
  await expect(page.locator('.td-zoom-state')).toHaveCount(0);
  await expect(page.locator('.td-tick').first()).toHaveText('0µs');
});
