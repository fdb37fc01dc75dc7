// A narrow viewer (a phone, or a dashboard's side panel): every part of a row stays readable and
// nothing is drawn over anything else.
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger } from './jaeger.js';

/** Pairs of boxes among `locator`'s visible elements that overlap by more than a pixel. */
async function overlaps(locator) {
  return locator.evaluateAll((elements) => {
    const boxes = elements
      .filter((e) => e.checkVisibility())
      .map((e) => ({ text: e.textContent.trim(), r: e.getBoundingClientRect() }));
    const found = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i].r, boxes[j].r];
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 1 && y > 1) found.push(`${boxes[i].text} / ${boxes[j].text}`);
      }
    }
    return found;
  });
}

test('at phone width a trace row, the span tree and the detail stay readable, nothing overlapping', async ({ page }) => {
  await page.setViewportSize({ width: 420, height: 900 });
  await mockJaeger(page, {
    services: ['acontext-api'],
    search: () => [apiTrace({ route: '/api/v1/project/:project_id/session/:session_id/messages', status: 503 })],
  });
  await page.goto('/');
  const row = page.locator('.td-trace-row').first();
  await expect(row).toBeVisible();
  expect(await overlaps(row.locator('.td-method, .td-trace-op, .td-error-mark, .td-chip, .td-trace-meta > *, .td-copy, .td-icon-button'))).toEqual([]);
  // The operation keeps most of its line rather than giving it to the service chips.
  const op = await row.locator('.td-trace-op').boundingBox();
  expect(op.width).toBeGreaterThan(200);

  await page.locator('.td-trace-toggle').click();
  expect(await overlaps(page.locator('.td-tick'))).toEqual([]);
  // In the tree a long operation wins over the service label when the name column is short; the
  // label keeps a share of its own (long-names.spec.js).
  const root = page.locator('.td-span').first();
  const opBox = await root.locator('.td-span-op').boundingBox();
  const serviceBox = await root.locator('.td-span-service').boundingBox();
  expect(opBox.width).toBeGreaterThan(serviceBox.width);
  expect(serviceBox.width).toBeGreaterThanOrEqual(40);

  await page.locator('.td-span').nth(1).click();
  const title = page.locator('.td-detail-title');
  await expect(title).toHaveText('core call');
  const titleBox = await title.boundingBox();
  expect(titleBox.height).toBeLessThan(40);
  expect(titleBox.width).toBeGreaterThan(titleBox.height);
});

test('at phone width the operations table scrolls sideways with each operation kept beside its numbers', async ({ page }) => {
  await page.setViewportSize({ width: 420, height: 900 });
  await mockJaeger(page, { services: ['acontext-api'], search: () => [apiTrace({ route: '/api/v1/project/:project_id/session/:session_id/messages' })] });
  await page.goto('/');
  await page.getByRole('tab', { name: 'Operations' }).click();
  const scroller = page.locator('.td-stats-scroll');
  const op = page.locator('.td-stats tbody th').first();
  const before = await op.boundingBox();
  const scrolled = await scroller.evaluate((e) => { e.scrollLeft = 1000; return e.scrollLeft; });
  expect(scrolled).toBeGreaterThan(0);
  const after = await op.boundingBox();
  expect(Math.abs(after.x - before.x)).toBeLessThanOrEqual(1);
  // The long operation is cut short rather than pushing every number out of sight.
  expect(before.width).toBeLessThan(260);
});
