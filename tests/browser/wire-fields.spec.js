// What the wire carries reaches the span detail: a link's attributes with its reference, the
// instrumentation scope's attributes, what the SDK dropped; and a file that other tools read
// (a lone UTF-16 surrogate, a byte-order mark) opens here too.
import { test, expect } from '@playwright/test';
import { apiTrace, envelope, mockJaeger } from './jaeger.js';

const asFile = (name, text) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
const nowNs = () => BigInt(Date.now()) * 1_000_000n;

/** One OTLP span of `acontext-core`, with a link into another trace and everything around it. */
function linkedSpan() {
  const start = nowNs() - 60_000_000_000n;
  return {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'acontext-core' } }], droppedAttributesCount: 2 },
      scopeSpans: [{
        scope: { name: 'opentelemetry.instrumentation.celery', version: '0.48b0', attributes: [{ key: 'library.language', value: { stringValue: 'python' } }] },
        spans: [{
          traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'compact batch', kind: 5,
          startTimeUnixNano: String(start), endTimeUnixNano: String(start + 120_000_000n),
          attributes: [{ key: 'messaging.system', value: { stringValue: 'rabbitmq' } }],
          droppedAttributesCount: 12,
          links: [{
            traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331',
            attributes: [{ key: 'messaging.message.id', value: { stringValue: 'msg-42' } }, { key: 'link.reason', value: { stringValue: 'queued by the API' } }],
          }],
        }],
      }],
    }],
  };
}

test.beforeEach(async ({ page }) => {
  await mockJaeger(page, { services: ['acontext-api'], search: () => [apiTrace({ route: '/live' })] });
});

test("a link's attributes show with its reference, the scope's with the tags, and what the SDK dropped is said", async ({ page }) => {
  await page.goto('/');
  await page.locator('.td-file-input').setInputFiles(asFile('linked.json', JSON.stringify(linkedSpan())));
  await expect(page.locator('.td-trace-op')).toHaveText(['compact batch']);
  await page.locator('.td-trace-toggle').click();
  await page.locator('.td-span').first().click();
  const detail = page.getByRole('complementary', { name: 'Span detail' });

  const reference = detail.locator('.td-refs li').filter({ hasText: '0af7651916cd43dd8448eb211c80319c' });
  await expect(reference).toContainText('follows from');
  await expect(reference.getByRole('row', { name: /messaging\.message\.id/ })).toContainText('msg-42');
  await expect(reference.getByRole('row', { name: /link\.reason/ })).toContainText('queued by the API');

  await expect(detail.getByRole('row', { name: /otel\.scope\.library\.language/ })).toContainText('python');
  await expect(detail.getByRole('row', { name: /otel\.scope\.name/ })).toContainText('opentelemetry.instrumentation.celery');

  await expect(detail).toContainText('12 attributes dropped by the SDK: the span as shown is incomplete.');
  await expect(detail).toContainText('2 resource attributes dropped by the SDK');
});

test('a file with half an emoji (a lone surrogate escape) opens, the broken character shown as � and named', async ({ page }) => {
  const t = apiTrace({ route: '/chat' });
  t.spans[0].operationName = 'reply ☺';
  // The escape of half an emoji, as a length limit that cut it leaves it in JSON.
  const text = JSON.stringify(envelope([t])).replace('☺', '\\ud83d');
  expect(text).toContain('\\ud83d');
  await page.goto('/');
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /live']);
  await page.locator('.td-file-input').setInputFiles(asFile('cut.json', text));
  await expect(page.locator('.td-file-badge')).toHaveText('File: cut.json');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.locator('.td-trace-toggle').click();
  await page.locator('.td-span').first().click();
  const detail = page.getByRole('complementary', { name: 'Span detail' });
  await expect(detail.locator('.td-detail-title')).toHaveText('reply \ufffd');
  await expect(detail.getByRole('listitem').filter({ hasText: 'A broken character' })).toHaveText(
    'A broken character (half of a UTF-16 surrogate pair, as a cut emoji leaves) in its operation name is shown as \ufffd.',
  );
});

// The browser's UTF-8 decoding drops the mark before the reader sees it (the reader skips one too,
// for bytes from elsewhere: core/tests/wire_fields.rs); this keeps the outcome a user sees.
test('a file that starts with a byte-order mark opens', async ({ page }) => {
  await page.goto('/');
  await page.locator('.td-file-input').setInputFiles(asFile('bom.json', `\ufeff${JSON.stringify(envelope([apiTrace({ route: '/bom' })]))}`));
  await expect(page.locator('.td-trace-op')).toHaveText(['GET /bom']);
});
