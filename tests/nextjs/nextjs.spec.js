// The Next.js host app (examples/nextjs, built by scripts/nextjs with the npm package installed)
// against the real Jaeger 1.75.0 of the global setup: `next start` and `next dev` run here on free
// ports, with JAEGER_QUERY_URL given only at start, so the build cannot have baked it in.
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../e2e/stack.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const app = `${root}examples/nextjs`;
const logs = `${root}target/e2e/logs`;

function readStack() {
  try {
    return JSON.parse(readFileSync(`${root}target/e2e/stack.json`, 'utf8'));
  } catch (error) {
    return { error: `target/e2e/stack.json unreadable (${error.code ?? error.message}): the global setup writes it` };
  }
}
const stack = readStack();
const jaeger = stack.jaegers?.find((j) => j.version === '1.75.0');
// Where the viewer's "Open in Jaeger UI" links go: also read by the app per request.
const JAEGER_UI = 'https://jaeger.acme.example';

/** The spans of the read request, as the two services make them: [operation, service]. */
const READ_TREE = [
  ['GET /api/v1/session/{id}', 'acontext-api'],
  ['SELECT sessions', 'acontext-api'],
  ['HTTP GET', 'acontext-api'],
  ['GET /sessions/{id}/context', 'acontext-core'],
  ['SELECT messages', 'acontext-core'],
  ['SELECT blocks', 'acontext-core'],
  ['assemble context', 'acontext-core'],
];

/**
 * Runs `next start` or `next dev` in the example on a free port until it answers; its output goes
 * to target/e2e/logs/next-COMMAND.log. `stop()` ends its process group.
 */
async function startNext(command, ms) {
  const port = await freePort();
  mkdirSync(logs, { recursive: true });
  const log = `${logs}/next-${command}.log`;
  const out = createWriteStream(log);
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', JAEGER_QUERY_URL: jaeger.query, JAEGER_UI_URL: JAEGER_UI };
  delete env.NODE_ENV; // next sets its own for each command
  const child = spawn(`${app}/node_modules/.bin/next`, [command, '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: app, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = null;
  child.on('exit', (code, signal) => { exited = signal ?? code; });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + ms;
  for (;;) {
    if (exited !== null) throw new Error(`next ${command} exited (${exited}): see ${log}`);
    try {
      if ((await fetch(`${url}/acme`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > until) {
      process.kill(-child.pid, 'SIGKILL');
      throw new Error(`next ${command} did not answer within ${ms} ms: see ${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = async () => {
    if (exited !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => exited === null && process.kill(-child.pid, 'SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  };
  return { url, stop };
}

/** Records page errors, console errors and CSP violations (the latter from before any script). */
async function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()} (${m.location().url})`));
  page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return errors;
}

/** Counts live intervals, wrapping setInterval/clearInterval before any page script runs. */
async function countIntervals(page) {
  await page.addInitScript(() => {
    const live = new Set();
    window.__intervals = () => live.size;
    const set = window.setInterval.bind(window);
    const clear = window.clearInterval.bind(window);
    window.setInterval = (...args) => { const id = set(...args); live.add(id); return id; };
    window.clearInterval = (id) => { live.delete(id); clear(id); };
  });
}

/** The read request's trace in the list: its row, and the span tree once opened. */
function readTrace(page) {
  const row = page.getByRole('region', { name: 'Recent traces' }).locator(`[data-trace-id="${stack.traces.read.traceId}"]`);
  return {
    row,
    toggle: row.getByRole('button', { name: /GET \/api\/v1\/session\/\{id\}/ }),
    spans: row.getByRole('treegrid', { name: 'Span tree' }).locator('[role=row][aria-level]'),
  };
}

async function openReadTrace(page) {
  const trace = readTrace(page);
  await trace.toggle.click();
  await expect(trace.toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(trace.spans).toHaveCount(READ_TREE.length);
  return trace;
}

let next;
test.beforeAll(async () => {
  if (stack.error) throw new Error(`the real stack did not start: ${stack.error}`);
  if (!existsSync(`${app}/.next/BUILD_ID`)) throw new Error('examples/nextjs is not built: run scripts/nextjs first');
  next = await startNext('start', 60_000);
});
test.afterAll(async () => {
  await next?.stop();
});

test('the list shows traces through the proxy, one opens into its span tree, and the host hears of it', async ({ page }) => {
  const errors = await watchErrors(page);
  await page.goto(`${next.url}/acme/traces`);
  await expect(page.getByRole('heading', { name: 'Traces', level: 1 })).toBeVisible();
  const hostStatus = page.getByRole('status').filter({ hasText: 'Last opened trace' });
  await expect(hostStatus).toHaveText('Last opened trace: none yet');
  const trace = readTrace(page);
  await expect(trace.toggle).toContainText('7 spans');
  // chrome defaults to none: the host's own heading is the only title.
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);

  await openReadTrace(page);
  await expect(trace.spans.locator('.td-span-op')).toHaveText(READ_TREE.map(([op]) => op));
  for (const [i, [, service]] of READ_TREE.entries()) await expect(trace.spans.nth(i)).toHaveAttribute('data-service', service);
  // The `config` property reached the viewer: its colours, not the defaults.
  await expect(trace.spans.nth(0).locator('.td-bar')).toHaveCSS('background-color', 'rgb(245, 158, 11)');
  await expect(trace.spans.nth(3).locator('.td-bar')).toHaveCSS('background-color', 'rgb(139, 92, 246)');
  // jaeger-ui came from the server's environment at request time.
  await expect(trace.row.getByRole('link', { name: 'Open in Jaeger UI' }).first())
    .toHaveAttribute('href', `${JAEGER_UI}/trace/${stack.traces.read.traceId}`);
  // The `traceopen` event reached React through the `ontraceopen` prop.
  await expect(hostStatus).toHaveText(`Last opened trace: ${stack.traces.read.traceId}`);
  expect(errors).toEqual([]);
});

test('leaving through the host nav ends the viewer; coming back makes exactly one', async ({ page }) => {
  await countIntervals(page);
  await page.goto(`${next.url}/acme`);
  await expect(page.getByRole('heading', { name: 'Acme dashboard' })).toBeVisible();
  const before = await page.evaluate(() => window.__intervals());
  const nav = page.getByRole('navigation', { name: 'Acme' });

  await nav.getByRole('link', { name: 'Traces' }).click();
  await expect(readTrace(page).toggle).toBeVisible();
  // The viewer's refresh ticker is seen while it lives.
  const living = await page.evaluate(() => window.__intervals());
  expect(living).toBeGreaterThan(before);

  await nav.getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { name: 'Acme dashboard' })).toBeVisible();
  await expect(page.locator('.td-app')).toHaveCount(0);
  const requests = [];
  page.on('request', (r) => r.url().includes('/acme/api/jaeger') && requests.push(r.url()));
  await page.waitForTimeout(3_000);
  expect(requests).toEqual([]);
  expect(await page.evaluate(() => window.__intervals())).toBe(before);

  await nav.getByRole('link', { name: 'Traces' }).click();
  await expect(readTrace(page).toggle).toBeVisible();
  await openReadTrace(page);
  await expect(page.locator('.td-app')).toHaveCount(1);
  expect(await page.evaluate(() => window.__intervals())).toBe(living);
});

test("the host's dark mode becomes the viewer's theme without a remount", async ({ page }) => {
  await page.goto(`${next.url}/acme/traces`);
  const trace = await openReadTrace(page);
  const viewer = page.locator('.td-app');
  await expect(viewer).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await viewer.evaluate((el) => { el.dataset.sameViewer = 'yes'; });

  const toggle = page.getByRole('navigation', { name: 'Acme' }).getByRole('button', { name: 'Dark mode' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveClass('dark');
  await expect(viewer).toHaveCSS('background-color', 'rgb(11, 18, 32)');
  // Still the same viewer, still showing the open trace.
  await expect(viewer).toHaveAttribute('data-same-viewer', 'yes');
  await expect(trace.toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(trace.spans).toHaveCount(READ_TREE.length);

  await toggle.click();
  await expect(viewer).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await expect(trace.spans).toHaveCount(READ_TREE.length);
});

// Compared on one page at one moment, so that only the stylesheets differ: the page as shipped
// (Next's CSS chunk: the host's globals.css and the package's main.css together), then with that
// chunk switched off and the same two files given alone as constructed stylesheets.
const PROPERTIES = [
  'font-size', 'font-weight', 'line-height', 'box-sizing',
  'margin-top', 'margin-right', 'margin-bottom', 'margin-left',
  'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width',
  'background-color', 'color', 'text-transform', 'list-style-type', 'display',
  // The host's `a { text-decoration: inherit }` is rude too.
  'text-decoration-line',
];
const VIEWER = '.td-app, .td-app *';
const HOST = 'html, body, .host-nav, .host-nav *, .host-main, .host-main > h1, .host-main > p';

/** Computed styles of what `selector` matches, under each set of stylesheets (null: as shipped). */
function stylesUnder(page, selector, sets) {
  return page.evaluate(({ selector, properties, sets }) => {
    const shipped = [...document.styleSheets].filter((s) => s.ownerNode?.matches('link[rel=stylesheet]'));
    // No transition may show a value on its way between two sets, and the viewer keeps its width
    // (the host's layout, which its globals change, would move what `auto` margins place).
    const still = new CSSStyleSheet();
    still.replaceSync(`*, ::before, ::after { transition: none !important; animation: none !important; }
      trace-deck { display: block; width: ${document.querySelector('trace-deck')?.getBoundingClientRect().width}px !important; }`);
    document.adoptedStyleSheets = [still];
    const name = (el) => {
      const path = [];
      for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
        path.unshift(`${e.localName}${[...e.classList].map((c) => `.${c}`).join('')}:nth-child(${[...e.parentElement.children].indexOf(e) + 1})`);
      }
      return path.join(' > ') || 'html';
    };
    const result = {};
    for (const [set, texts] of Object.entries(sets)) {
      for (const s of shipped) s.disabled = texts !== null;
      document.adoptedStyleSheets = [still, ...(texts ?? []).map((text) => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(text);
        return sheet;
      })];
      result[set] = [...document.querySelectorAll(selector)].map((el) => {
        const style = getComputedStyle(el);
        return [name(el), Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)]))];
      });
    }
    for (const s of shipped) s.disabled = false;
    document.adoptedStyleSheets = [];
    return result;
  }, { selector, properties: PROPERTIES, sets });
}

/** What differs, one line per element kind, property and pair of values, with how many. */
function differences(shipped, alone, label) {
  expect(alone.length).toBe(shipped.length);
  const found = new Map();
  shipped.forEach(([el, style], i) => {
    const kind = el.split(' > ').at(-1).replace(/:nth-child\(\d+\)/, '');
    for (const p of PROPERTIES) {
      if (style[p] === alone[i][1][p]) continue;
      const line = `${kind} ${p}: ${style[p]} as shipped, ${alone[i][1][p]} ${label}`;
      found.set(line, [(found.get(line)?.[0] ?? 0) + 1, found.get(line)?.[1] ?? el]);
    }
  });
  return [...found].map(([line, [count, first]]) => `${line} (${count}×, first ${first})`);
}

test("the host's rude global styles leave the viewer as it is, and the viewer's leave the host", async ({ page }) => {
  const globals = readFileSync(`${app}/app/globals.css`, 'utf8');
  const viewerCss = readFileSync(`${app}/node_modules/tracedeck/main.css`, 'utf8');
  await page.goto(`${next.url}/acme/traces`);
  await openReadTrace(page);
  // With a span's detail open too, the viewer shows headings, tables, lists and buttons.
  await readTrace(page).spans.nth(4).click();
  await expect(page.getByRole('complementary', { name: 'Span detail' })).toContainText('SELECT * FROM messages');
  await page.mouse.move(0, 0);

  const viewer = await stylesUnder(page, VIEWER, { shipped: null, both: [globals, viewerCss], viewerOnly: [viewerCss] });
  const host = await stylesUnder(page, HOST, { shipped: null, both: [globals, viewerCss], hostOnly: [globals] });
  expect(viewer.shipped.length).toBeGreaterThan(100);
  // The two files alone cascade as Next's chunk does: the comparisons below are fair.
  expect(differences(viewer.shipped, viewer.both, 'from the files')).toEqual([]);
  expect(differences(host.shipped, host.both, 'from the files')).toEqual([]);
  // Host → viewer: the viewer with the host's globals is the viewer without them.
  expect.soft(differences(viewer.shipped, viewer.viewerOnly, 'without the host\'s globals.css')).toEqual([]);
  // Viewer → host: the host's nav, button and text with main.css are as without it.
  expect.soft(differences(host.shipped, host.hostOnly, 'without tracedeck/main.css')).toEqual([]);
});

test('the Content-Security-Policy is sent and honoured: nonce, wasm, and nothing else', async ({ page }) => {
  const errors = await watchErrors(page);
  const home = await page.goto(`${next.url}/acme`);
  const response = await page.goto(`${next.url}/acme/traces`);
  const csp = response.headers()['content-security-policy'];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic' 'wasm-unsafe-eval';/);
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
  // A fresh nonce for every page.
  expect(home.headers()['content-security-policy']).toMatch(/'nonce-/);
  expect(home.headers()['content-security-policy']).not.toBe(csp);
  await openReadTrace(page);
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
  expect(errors).toEqual([]);
});

test('next dev: StrictMode\'s double effects leave exactly one viewer, and nothing goes wrong', async ({ page }) => {
  test.setTimeout(240_000);
  const dev = await startNext('dev', 120_000);
  try {
    const errors = await watchErrors(page);
    // The first request compiles the page: generous time for it.
    await page.goto(`${dev.url}/acme/traces`, { timeout: 120_000 });
    await expect(readTrace(page).toggle).toBeVisible({ timeout: 60_000 });
    await openReadTrace(page);
    await page.waitForTimeout(1_000);
    await expect(page.locator('.td-app')).toHaveCount(1);
    expect(await page.evaluate(() => window.__violations)).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await dev.stop();
  }
});
