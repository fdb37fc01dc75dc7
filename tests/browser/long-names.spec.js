// Long names: a 2,000-character operation, alone or beside a long service name, gives way by
// ellipsis in the span tree, the trace list, the comparison and the Logs tab, each row keeping its
// service in sight beside it at desktop and phone widths; the tooltips and the detail keep both whole.
import { test, expect } from '@playwright/test';
import { apiTrace, mockJaeger, nowUs, span } from './jaeger.js';

const LONG_OP = `GET /api/v1/search?q=${'order status shipped '.repeat(100)}`.slice(0, 2000);
const LONG_SERVICE = `acontext-billing-reconciliation-worker-${'eu-west-1-shard-'.repeat(12)}primary`;

/** Two traces whose root and SELECT are named LONG_OP: one of acontext-api, acontext-core and
 * postgres (the SELECT logs "rows fetched"), one whose every service is named LONG_SERVICE. */
function longTraces() {
  const named = (id) => {
    const trace = apiTrace({ route: '/long', id });
    trace.spans[0].operationName = LONG_OP;
    trace.spans[2].operationName = LONG_OP;
    return trace;
  };
  const shortService = named('a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1');
  const longService = named('b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2');
  for (const process of Object.values(longService.processes)) process.serviceName = LONG_SERVICE;
  return { shortService, longService };
}

async function open(page, width, path = '/') {
  await page.setViewportSize({ width, height: 900 });
  const { shortService, longService } = longTraces();
  await mockJaeger(page, { services: ['acontext-api'], search: () => [shortService, longService] });
  await page.goto(path);
  const item = (trace) => page.locator(`.td-list .td-trace[data-trace-id="${trace.traceID}"]`);
  return { short: item(shortService), long: item(longService), shortService, longService };
}

/**
 * Where an operation and its service stand once their row is scrolled into view: each one's box,
 * whether its text is cut with an ellipsis, and whether a click at its middle lands on it.
 */
async function measure(row, op, service) {
  await row.evaluate((e) => e.scrollIntoView({ block: 'center', inline: 'start' }));
  const handles = [await op.elementHandle(), await service.elementHandle()];
  return row.page().evaluate((elements) => {
    const [o, s] = elements.map((e) => {
      const r = e.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {
        left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
        ellipsis: getComputedStyle(e).textOverflow === 'ellipsis',
        cut: e.scrollWidth > e.clientWidth,
        full: e.scrollWidth,
        onTop: e.contains(hit),
      };
    });
    const sameLine = Math.min(o.bottom, s.bottom) - Math.max(o.top, s.top) > 1;
    const overlap = sameLine && Math.min(o.right, s.right) - Math.max(o.left, s.left) > 1;
    return { op: o, service: s, sameLine, overlap, viewport: window.innerWidth };
  }, handles);
}

/** The operation is cut short with an ellipsis, keeping the larger share of a line it shares; the
 * service stays in sight beside it (at least 40 px, or all of a shorter name; all of a short one on
 * a desktop), cut the same way when it is long. */
async function expectBothShown(row, op, service, { longService }) {
  await expect(op).toBeVisible();
  await expect(service).toBeVisible();
  const m = await measure(row, op, service);
  expect(m.op.ellipsis).toBe(true);
  expect(m.op.cut).toBe(true);
  expect(m.service.ellipsis).toBe(true);
  if (longService) expect(m.service.cut).toBe(true);
  else if (m.viewport >= 1280) expect(m.service.cut).toBe(false);
  expect(m.service.width).toBeGreaterThanOrEqual(Math.min(40, m.service.full - 1));
  expect(m.op.width).toBeGreaterThanOrEqual(40);
  if (m.sameLine) expect(m.op.width).toBeGreaterThan(m.service.width);
  expect(m.overlap).toBe(false);
  for (const box of [m.op, m.service]) {
    expect(box.onTop).toBe(true);
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(m.viewport);
  }
}

/** Texts of the visible elements among `locator`'s that overlap by more than a pixel. */
async function overlapping(locator) {
  return locator.evaluateAll((elements) => {
    const boxes = elements.filter((e) => e.checkVisibility()).map((e) => [e.textContent.trim(), e.getBoundingClientRect()]);
    return boxes.flatMap(([text, a], i) => boxes.slice(i + 1)
      .filter(([, b]) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1)
      .map(([other]) => `${text} / ${other}`));
  });
}

/** A short operation stays whole beside a long service name, which gives way instead. */
async function expectOpWhole(row, op, service) {
  const m = await measure(row, op, service);
  expect(m.op.cut).toBe(false);
  expect(m.service.cut).toBe(true);
  expect(m.service.width).toBeGreaterThanOrEqual(40);
  expect(m.overlap).toBe(false);
}

for (const width of [1280, 390]) {
  test(`at ${width} px the span tree keeps each row's service beside a 2,000-character operation, a long service name included`, async ({ page }) => {
    const { short, long } = await open(page, width);
    for (const [item, service, longService] of [[short, 'acontext-api', false], [long, LONG_SERVICE, true]]) {
      await item.locator('.td-trace-toggle').click();
      const tree = item.getByRole('treegrid', { name: 'Span tree' });
      // The root (with its method badge) and the SELECT two levels down.
      for (const [nth, name] of [[0, service], [1, longService ? LONG_SERVICE : 'postgres']]) {
        const row = tree.getByRole('row').filter({ hasText: LONG_OP }).nth(nth);
        const op = row.locator('.td-span-op');
        const label = row.locator('.td-span-service');
        await expect(label).toHaveText(name);
        await expect(label).toHaveAttribute('title', name);
        expect(await op.getAttribute('title')).toContain(LONG_OP);
        await expectBothShown(row, op, label, { longService });
      }
      if (longService) {
        const row = tree.getByRole('row').filter({ hasText: 'core call' });
        await expectOpWhole(row, row.locator('.td-span-op'), row.locator('.td-span-service'));
      }
      // The detail names the operation whole.
      await tree.getByRole('row').filter({ hasText: LONG_OP }).first().click();
      const title = page.getByRole('complementary', { name: 'Span detail' }).locator('.td-detail-title');
      await expect(title).toHaveText(LONG_OP);
      // …within a few lines it scrolls in, so the rest of the detail stays in view.
      expect((await title.boundingBox()).height).toBeLessThan(90);
      await item.locator('.td-trace-toggle').click();
    }
  });

  test(`at ${width} px a trace row keeps its service chip beside a 2,000-character operation, a long service name included`, async ({ page }) => {
    const { short, long } = await open(page, width);
    // Most spans first: postgres has two; in the other trace every span is of LONG_SERVICE.
    for (const [item, service, spans, longService] of [[short, 'postgres', '2 spans', false], [long, LONG_SERVICE, '4 spans', true]]) {
      const row = item.locator('.td-trace-row');
      const op = row.locator('.td-trace-op');
      const chip = row.locator('.td-chip').first();
      await expect(op).toHaveText(LONG_OP);
      await expect(op).toHaveAttribute('title', LONG_OP);
      await expect(chip).toHaveText(service);
      await expect(chip).toHaveAttribute('title', `${service}: ${spans}`);
      await expectBothShown(row, op, chip.locator('.td-chip-name'), { longService });
      // Nor do the row's facts and buttons run under the operation or each other.
      expect(await overlapping(row.locator('.td-trace-op, .td-chips, .td-trace-meta > *, .td-copy, .td-icon-button'))).toEqual([]);
    }
  });

  test(`at ${width} px the comparison keeps each span's service beside a 2,000-character operation, a long service name included`, async ({ page }) => {
    const { shortService, longService } = longTraces();
    await open(page, width, `/?compare=${shortService.traceID},${longService.traceID}`);
    const table = page.getByRole('region', { name: 'Comparison' }).getByRole('table', { name: 'Merged spans of the two traces' });
    for (const [service, long] of [['acontext-api', false], ['postgres', false], [LONG_SERVICE, true]]) {
      const row = table.getByRole('row').filter({ hasText: `${service} · ${LONG_OP}` }).first();
      const op = row.locator('.td-cmp-op');
      const label = row.locator('.td-cmp-service');
      await expect(op).toHaveAttribute('title', LONG_OP);
      await expect(label).toHaveAttribute('title', service);
      await expectBothShown(row, op, label, { longService: long });
    }
    const row = table.getByRole('row').filter({ hasText: `${LONG_SERVICE} · core call` });
    await expectOpWhole(row, row.locator('.td-cmp-op'), row.locator('.td-cmp-service'));
  });

  test(`at ${width} px the Logs tab keeps each event's service beside a 2,000-character operation, a long service name included`, async ({ page }) => {
    const { short, long } = await open(page, width);
    for (const [item, service, longService] of [[short, 'postgres', false], [long, LONG_SERVICE, true]]) {
      await item.locator('.td-trace-toggle').click();
      await item.getByRole('tab', { name: 'Logs' }).click();
      const row = item.getByRole('table', { name: 'Events of the trace' }).getByRole('row').filter({ hasText: 'rows fetched' });
      const op = row.locator('.td-event-op');
      const label = row.locator('.td-event-service');
      await expect(row.locator('.td-event-span')).toHaveText(`${service} · ${LONG_OP}`);
      // The fields keep a readable width (the table scrolls sideways instead).
      expect((await row.locator('.td-event-fields').boundingBox()).width).toBeGreaterThanOrEqual(180);
      await expect(op).toHaveAttribute('title', LONG_OP);
      await expect(label).toHaveAttribute('title', service);
      await expectBothShown(row, op, label, { longService });
      await item.locator('.td-trace-toggle').click();
    }
  });
}

test('at 390 px a span ten levels deep still shows its operation and service', async ({ page }) => {
  const traceID = 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3';
  const start = nowUs() - 60e6;
  const spans = Array.from({ length: 11 }, (_, depth) => span(traceID, (depth + 1).toString(16).padStart(16, '0'), `step ${depth}`, {
    start: start + depth * 1_000, duration: 100_000 - depth * 1_000,
    parent: depth ? depth.toString(16).padStart(16, '0') : undefined,
  }));
  const trace = { traceID, spans, processes: { p1: { serviceName: 'acontext-api', tags: [] } }, warnings: null };
  await mockJaeger(page, { search: (service) => (service === 'acontext-api' ? [trace] : []) });
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('/');
  await page.locator('.td-trace-toggle').click();
  const deepest = page.getByRole('treegrid', { name: 'Span tree' }).getByRole('row').filter({ hasText: 'step 10' });
  const op = deepest.locator('.td-span-op');
  await expect(op).toBeVisible();
  await expect(deepest.locator('.td-span-service')).toBeVisible();
  // Its name is readable, not an ellipsis: the whole of "step 10" fits.
  expect(await op.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  // The ruler's labels do not run together.
  const ticks = await page.locator('.td-tick').evaluateAll((els) => els.filter((e) => e.offsetParent).map((e) => e.getBoundingClientRect()));
  for (let i = 1; i < ticks.length; i++) expect(ticks[i].left).toBeGreaterThanOrEqual(ticks[i - 1].right);
});
