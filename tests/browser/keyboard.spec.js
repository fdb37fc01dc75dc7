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

test("the chart's dots are one stop of the Tab key, the arrows step through them in time", async ({ page }) => {
  const now = Date.now() * 1000;
  const traces = [30, 20, 10].map((minutes, i) => apiTrace({ start: now - minutes * 60e6, route: `/r${i}` }));
  await mockJaeger(page, { services: ['acontext-api'], search: () => traces });
  await page.goto('/');
  const dots = page.getByRole('group', { name: 'One dot per trace' }).getByRole('button');
  await expect(dots).toHaveCount(3);
  await dots.first().focus();
  // The first dot is the oldest trace; → steps to the next in time, End to the newest, → wraps.
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', /^GET \/r0, /);
  await page.keyboard.press('ArrowRight');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', /^GET \/r1, /);
  await page.keyboard.press('End');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', /^GET \/r2, /);
  await page.keyboard.press('ArrowRight');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', /^GET \/r0, /);
  // One Tab leaves the dots altogether.
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).not.toHaveClass(/td-dot/);
  expect(await dots.evaluateAll((all) => all.filter((d) => d.tabIndex === 0).length)).toBe(1);
});

test('a row of tabs is one stop of the Tab key; the arrows choose the tab', async ({ page }) => {
  await mockJaeger(page, { services: ['acontext-api'], search: () => [apiTrace()] });
  await page.goto('/');
  const tabs = page.getByRole('tablist').first().getByRole('tab');
  await tabs.filter({ hasText: 'Chart' }).focus();
  // The overview's tabs are chosen with Enter (choosing one loads spans), not as the arrows pass.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Operations' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Chart' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Operations' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'Chart' })).toBeFocused();
  expect(await tabs.evaluateAll((all) => all.filter((t) => t.tabIndex === 0).length)).toBe(1);
  // An open trace's tabs too.
  await page.locator('.td-trace-toggle').click();
  await page.getByRole('tab', { name: 'Span tree' }).focus();
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Logs' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Logs' })).toHaveAttribute('aria-selected', 'true');
});
