// The browser benchmark: the release build in headless Debian Chromium, driven by Playwright and
// the Chrome DevTools Protocol. Prints a table of medians over RUNS runs and writes them to
// target/bench/browser.json. Usage: node bench/browser.mjs (scripts/bench builds first).
import { chromium } from '@playwright/test';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { extname } from 'node:path';
import { bigTrace, bigWindow, envelope, summariesOf, traceList } from './traces.mjs';
import { budget, bundleSize } from './size.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const REFRESHES = Number(process.env.REFRESHES ?? 300);
/** `ONLY=cold,lists,traces,window,summaries,refresh` runs those parts only (all by default). */
const ONLY = new Set((process.env.ONLY ?? 'cold,lists,traces,window,summaries,refresh').split(','));
const PORT = 4199;
/** The build to measure (`DIST=` another one, to compare builds back to back). */
const DIST = process.env.DIST ?? 'dist';
const BASE = `http://127.0.0.1:${PORT}`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** In-page helpers: wait for a condition, then for the next frame (the paint after it). */
const PAGE_HELPERS = () => {
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__wasm = e.detail.wasm;
    window.__wasmStartedAt = performance.now();
  });
  window.__bench = {
    frame: () => new Promise((r) => requestAnimationFrame(() => r())),
    async until(test) {
      while (!test()) await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      return performance.now();
    },
  };
};

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(PAGE_HELPERS);
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp };
}

/** JS heap after a forced GC, and the wasm linear memory (its high-water mark: it never shrinks). */
async function heapMb(cdp, page) {
  await cdp.send('HeapProfiler.collectGarbage');
  const h = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__wasm.memory.buffer.byteLength);
  return { js: h.usedSize / 2 ** 20, withWasm: (h.usedSize + wasm) / 2 ** 20 };
}

/**
 * A local server like a host's: dist/ as files, and Jaeger's query API answered from `answer()`,
 * so a 40 MB trace arrives at loopback speed rather than through test routing.
 */
let answer = () => envelope([]);
/** What a Jaeger without trace summaries answers `/api/v3/trace-summaries` with: its UI's page. */
const JAEGER_UI_PAGE = `<!DOCTYPE html><html lang="en"><title>Jaeger UI</title>${' '.repeat(1_360)}</html>`;
/** When set, answers the whole API as Jaeger v1 would: `(path, params)` → body, or null for 404. */
let jaeger = null;
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer((req, res) => {
  const url = new URL(req.url, BASE);
  const path = url.pathname;
  if (path.startsWith('/api/') && jaeger) {
    const body = jaeger(path, url.searchParams);
    if (typeof body === 'object' && body !== null) {
      res.writeHead(body.status, { 'content-type': body.type ?? 'application/json' });
      return res.end(body.body);
    }
    res.writeHead(body === null ? 404 : 200, { 'content-type': 'application/json' });
    return res.end(body ?? JSON.stringify({ data: null, errors: [{ code: 404, msg: 'trace not found' }] }));
  }
  if (path.startsWith('/api/traces') || path === '/api/services') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(path === '/api/services' ? JSON.stringify({ data: ['bench'] }) : answer());
  }
  if (path.startsWith('/api/')) {
    // Any other path, as Jaeger 1.75.0 answers it: its web UI's page (1,419 bytes).
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(JAEGER_UI_PAGE);
  }
  if (path === '/bench-blank') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<!DOCTYPE html><title>blank</title>');
  }
  const file = path === '/' ? 'index.html' : path.slice(1);
  try {
    const body = readFileSync(`${DIST}/${file}`);
    const headers = { 'content-type': types[extname(file)] ?? 'application/octet-stream' };
    // The bundle as a host serves it: compressed (gzip -9, what the budget counts).
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip' });
      return res.end(gzipped(file, body));
    }
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
const serve = (_page, body) => { answer = body; };
const gzippedFiles = new Map();
const gzipped = (file, body) => {
  if (!gzippedFiles.has(file)) gzippedFiles.set(file, gzipSync(body, { level: 9 }));
  return gzippedFiles.get(file);
};

/**
 * A first visit over a real link: cache off, the network throttled by CDP to 10 Mbit/s down and
 * 40 ms latency, page → a 50-trace list painted; with when wasm started and when the search
 * answered (Jaeger's answer is not compressed: its ≈ 650 KB count too).
 */
async function coldStart(browser) {
  const body = envelope(traceList(50, Date.now() * 1000));
  const { context, page, cdp } = await newPage(browser);
  await serve(page, () => body);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 });
  await page.goto(`${BASE}/?services=bench`);
  const result = await page.evaluate(async () => {
    const painted = await window.__bench.until(() => document.querySelectorAll('.td-trace').length === 50);
    const search = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/traces'));
    return { paintedMs: painted, wasmStartedMs: window.__wasmStartedAt ?? NaN, searchAnsweredMs: search.responseEnd };
  });
  await context.close();
  return result;
}

/** Response → every row of a `count`-trace list painted (1,000 is the largest page size). */
async function listPaint(browser, count) {
  const nowUs = Date.now() * 1000;
  const body = envelope(traceList(count, nowUs));
  const { context, page } = await newPage(browser);
  await serve(page, () => body);
  await page.goto(`${BASE}/?services=bench&limit=${count}&range=24h`);
  const ms = await page.evaluate(async (count) => {
    const painted = await window.__bench.until(() => document.querySelectorAll('.td-trace').length === count);
    const response = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/traces'));
    return painted - response.responseEnd;
  }, count);
  await context.close();
  return ms;
}

/** Navigation → list row painted, then click → first span rows painted, for one big trace. */
async function openTrace(browser, spans, withCollapse) {
  const nowUs = Date.now() * 1000;
  const body = envelope([bigTrace(spans, nowUs - 60e6)]);
  const { context, page, cdp } = await newPage(browser);
  await serve(page, () => body);
  await page.goto(`${BASE}/?services=bench`);
  const result = await page.evaluate(async (withCollapse) => {
    const b = window.__bench;
    const listed = await b.until(() => document.querySelector('.td-trace-toggle'));
    const response = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/traces'));
    const measured = (name) => performance.getEntriesByName(name).reduce((t, e) => t + e.duration, 0);
    const clicked = performance.now();
    document.querySelector('.td-trace-toggle').click();
    const rows = await b.until(() => document.querySelector('.td-span'));
    const out = {
      listedFromNavigation: listed, listedFromResponse: listed - response.responseEnd, clickToRows: rows - clicked, firstRowsFromNavigation: rows,
      // Phases of navigation → first rows: wasm started, the search asked and answered, the
      // app's parse and build of the answer, the list painted, the click's first rows.
      wasmStartedMs: window.__wasmStartedAt ?? NaN, requestStartMs: response.startTime, lastByteMs: response.responseEnd,
      parseMs: measured('tracedeck:list-parse'), buildMs: measured('tracedeck:list-build'),
    };
    if (withCollapse) {
      const tree = () => document.querySelector('[role=treegrid]');
      const total = tree().getAttribute('aria-rowcount');
      const button = (name) => [...document.querySelectorAll('.td-tool')].find((x) => x.textContent === name);
      let t = performance.now();
      button('Collapse all').click();
      out.collapseAll = (await b.until(() => tree().getAttribute('aria-rowcount') === '1')) - t;
      t = performance.now();
      button('Expand all').click();
      out.expandAll = (await b.until(() => tree().getAttribute('aria-rowcount') === total)) - t;
    }
    return out;
  }, withCollapse);
  if (withCollapse) {
    result.domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    const heap = await heapMb(cdp, page);
    result.heapJsMb = heap.js;
    result.heapWithWasmMb = heap.withWasm;
    Object.assign(result, await page.evaluate(async () => {
      // rAF intervals jitter around 16.67 ms even when idle; a frame that took longer than its
      // 16.7 ms budget shows as an interval of two vsyncs or more.
      const tree = document.querySelector('[role=treegrid]');
      const scroll = async (step, frames) => {
        const deltas = [];
        let last = await new Promise((r) => requestAnimationFrame(r));
        for (let i = 0; i < frames && tree.scrollTop + tree.clientHeight < tree.scrollHeight - 1; i++) {
          tree.scrollTop += step;
          const now = await new Promise((r) => requestAnimationFrame(r));
          deltas.push(now - last);
          last = now;
        }
        return { frames: deltas.length, over: deltas.filter((d) => d > 25).length, longest: Math.max(...deltas) };
      };
      tree.scrollTop = 0;
      const wheel = await scroll(28 * 8, 300);
      tree.scrollTop = 0;
      const fling = await scroll(28 * 500, 1000);
      return {
        wheelFrames: wheel.frames, wheelOver: wheel.over, wheelLongest: wheel.longest,
        scrollFrames: fling.frames, framesOver16_7ms: fling.over, longestFrameMs: fling.longest,
      };
    }));
    Object.assign(result, await page.evaluate(flameGraph));
  }
  await context.close();
  return result;
}

/**
 * In the page, with a big trace open: its flame graph tab clicked → drawn (the layout and the
 * draw from User Timing, `tracedeck:flame-layout` / `tracedeck:flame-draw`), one "Zoom in" →
 * drawn, then a drag panning the zoomed graph 8 px a frame for 120 frames: rAF intervals over
 * 25 ms (a frame over its budget) and the longest draw.
 */
async function flameGraph() {
  const b = window.__bench;
  const view = document.querySelector('.td-trace-view');
  const draws = () => performance.getEntriesByName('tracedeck:flame-draw');
  const button = (name) => [...view.querySelectorAll('button')].find((x) => x.textContent === name);
  const t0 = performance.now();
  [...view.querySelectorAll('[role=tab]')].find((t) => t.textContent === 'Flame graph').click();
  const drawn = await b.until(() => draws().length > 0);
  const out = {
    flameClickToDrawnMs: drawn - t0,
    flameLayoutMs: performance.getEntriesByName('tracedeck:flame-layout')[0].duration,
    flameFirstDrawMs: draws()[0].duration,
  };
  performance.clearMeasures('tracedeck:flame-draw');
  const t1 = performance.now();
  button('Zoom in').click();
  out.flameZoomStepMs = (await b.until(() => draws().length > 0)) - t1;
  out.flameZoomDrawMs = draws()[0].duration;
  for (let i = 0; i < 8; i++) button('Zoom in').click();
  const canvas = view.querySelector('.td-flame-canvas');
  const rect = canvas.getBoundingClientRect();
  let x = rect.left + rect.width * 0.75;
  const at = (type) => canvas.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: rect.top + 10, bubbles: true }));
  at('pointerdown');
  const deltas = [];
  let longestDraw = 0;
  let last = await b.frame().then(() => performance.now());
  for (let i = 0; i < 120; i++) {
    x -= 8;
    at('pointermove');
    const now = await new Promise((r) => requestAnimationFrame(r));
    deltas.push(now - last);
    last = now;
    longestDraw = Math.max(longestDraw, draws()[0]?.duration ?? 0);
  }
  at('pointerup');
  return { ...out, flamePanFrames: deltas.length, flamePanOver: deltas.filter((d) => d > 25).length, flamePanLongestFrameMs: Math.max(...deltas), flamePanLongestDrawMs: longestDraw };
}

/**
 * The window of issue 17 (bench/traces.mjs, `bigWindow`), served as Jaeger v1 serves it: every
 * service's search answers whole traces, so the 100k-span trace arrives once per service it
 * touches. Measures `?trace=ID` → first rows of that trace, and page → every list row painted,
 * each with its phases: wasm started, the API's requests (first request → last byte), and the
 * app's own User Timing measures (`tracedeck:list-parse`, `…:list-build`, `…:trace-parse`,
 * `…:trace-build`, summed per load; src/app/runtime/timing.rs).
 */
async function bigWindowOpen(browser, windowData, linked) {
  const { context, page } = await newPage(browser);
  // The main thread's long tasks (over 50 ms) from navigation on: how long the page froze.
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration)))
      .observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${BASE}/?range=15m${linked ? `&trace=${windowData.big}` : ''}`);
  const result = await page.evaluate(async ({ linked, count }) => {
    const firstRows = linked ? NaN : await window.__bench.until(() => document.querySelector('.td-list .td-trace'));
    const done = await window.__bench.until(() => (linked
      ? document.querySelector('.td-opened .td-span')
      : document.querySelectorAll('.td-list .td-trace').length === count));
    const api = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/'));
    const sum = (name) => performance.getEntriesByName(name).reduce((t, e) => t + e.duration, 0);
    return {
      doneMs: done,
      firstRowsMs: firstRows,
      // Until the list was whole (long tasks of the wasm's start included).
      longestTaskMs: Math.max(0, ...window.__longTasks),
      wasmStartedMs: window.__wasmStartedAt ?? NaN,
      requestsMs: api.length ? Math.max(...api.map((e) => e.responseEnd)) - Math.min(...api.map((e) => e.startTime)) : 0,
      lastResponseMs: api.length ? Math.max(...api.map((e) => e.responseEnd)) : 0,
      bytesMb: api.reduce((t, e) => t + e.encodedBodySize, 0) / 2 ** 20,
      listParseMs: sum('tracedeck:list-parse'),
      listBuildMs: sum('tracedeck:list-build'),
      traceParseMs: sum('tracedeck:trace-parse'),
      traceBuildMs: sum('tracedeck:trace-build'),
    };
  }, { linked, count: windowData.traces.length });
  if (!linked) Object.assign(result, await page.evaluate(windowRefresh, windowData.traces.length));
  await context.close();
  return result;
}

/**
 * In the page, with the big window listed: one refresh (the button, as auto-refresh does it),
 * timed from the click to the list painted again, with the main thread's long tasks meanwhile
 * (Long Tasks API: tasks over 50 ms), the longest of them being how long the page was frozen.
 */
async function windowRefresh(count) {
  const b = window.__bench;
  const tasks = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: 'longtask' });
  const list = () => document.querySelector('.td-list');
  const t0 = performance.now();
  document.querySelector('.td-refresh-button').click();
  await b.until(() => list().getAttribute('aria-busy') === 'true');
  const done = await b.until(() => list().getAttribute('aria-busy') === 'false' && document.querySelectorAll('.td-list .td-trace').length === count);
  await b.frame();
  observer.disconnect();
  const sum = (name) => performance.getEntriesByName(name).reduce((t, e) => t + e.duration, 0);
  return {
    refreshMs: done - t0, refreshLongestTaskMs: Math.max(0, ...tasks), refreshLongTasksMs: tasks.reduce((a, x) => a + x, 0),
    refreshParseMs: sum('tracedeck:list-parse'), refreshBuildMs: sum('tracedeck:list-build'),
  };
}

/**
 * The floor under the big window's list: a blank page of the same origin fetching every
 * service's search answer at once and reading each body whole (`arrayBuffer()`), nothing else;
 * first request → last body read.
 */
async function transferFloor(browser, services) {
  const { context, page } = await newPage(browser);
  await page.goto(`${BASE}/bench-blank`);
  const ms = await page.evaluate(async (services) => {
    const t0 = performance.now();
    await Promise.all(services.map((s) => fetch(`/api/traces?service=${encodeURIComponent(s)}`).then((r) => r.arrayBuffer())));
    return performance.now() - t0;
  }, services);
  await context.close();
  return ms;
}

/**
 * The big window from a Jaeger v2.20 (summaries, and v1 beside them as v2.20 still has it): page
 * → every list row painted, or with `?trace=ID` → first rows of the 100k trace, with the API's
 * bytes; over `throttled` (10 Mbit/s, 40 ms: CDP) for a cold start; memory once drawn.
 */
async function summariesOpen(browser, windowData, { linked = false, throttled = false } = {}) {
  const { context, page, cdp } = await newPage(browser);
  if (throttled) {
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 });
  }
  await page.goto(`${BASE}/?range=15m${linked ? `&trace=${windowData.big}` : ''}`);
  const result = await page.evaluate(async ({ linked, count, giveUpMs }) => {
    // A build that lists from whole traces takes minutes over the throttled link: given up on.
    const done = await window.__bench.until(() => performance.now() > giveUpMs || (linked
      ? document.querySelector('.td-opened .td-span')
      : document.querySelectorAll('.td-list .td-trace').length === count));
    const api = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/'));
    return {
      doneMs: done > giveUpMs ? Infinity : done,
      apiKb: api.reduce((t, e) => t + e.encodedBodySize, 0) / 1024,
      requests: api.map((e) => new URL(e.name).pathname),
    };
  }, { linked, count: windowData.traces.length, giveUpMs: 30_000 });
  if (linked && result.doneMs !== Infinity) result.memoryMb = (await heapMb(cdp, page)).withWasm;
  await context.close();
  return result;
}

/** 300 refreshes of a 50-trace list whose traces keep changing; heap after 10 and after all. */
async function refreshHeap(browser) {
  const nowUs = Date.now() * 1000;
  let n = 0;
  const { context, page, cdp } = await newPage(browser);
  await serve(page, () => envelope(traceList(50, nowUs, (n++ % 7) * 3)));
  await page.goto(`${BASE}/?services=bench`);
  const refresh = async (times) => {
    for (let i = 0; i < times; i++) {
      const before = n;
      await page.click('.td-refresh-button');
      await page.waitForFunction((b) => document.querySelector('.td-list')?.getAttribute('aria-busy') === 'false', before);
      if (n === before) throw new Error('a refresh did not reach the server');
    }
  };
  await page.waitForSelector('.td-trace');
  await refresh(10);
  const after10 = await heapMb(cdp, page);
  await refresh(REFRESHES - 10);
  const afterAll = await heapMb(cdp, page);
  await context.close();
  return { after10Mb: after10.withWasm, afterAllMb: afterAll.withWasm, growthPct: ((afterAll.withWasm - after10.withWasm) / after10.withWasm) * 100 };
}

await new Promise((r) => server.listen(PORT, '127.0.0.1', r));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const f = (x) => (x === Infinity ? 'over 30,000 (given up)' : typeof x === 'number' ? x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : x);
const m = (list, key) => median(list.map((x) => x[key]));
const size = bundleSize(DIST);
const results = { machine: 'headless Debian Chromium, 2 cores', runs: RUNS, transferGzipBytes: size.gzip, transferBrotliBytes: size.brotli, transferFiles: size.files };
/** Printed rows: measure, value, target ('' when the issue sets none). */
const rows = [['transfer size: gzip -9 (brotli -11)', `${(size.gzip / 1024).toFixed(1)} KB (${(size.brotli / 1024).toFixed(1)} KB)`, `gzip ≤ ${budget().targetKb} KB (budget ${budget().gzipKb} KB)`]];
try {
  if (ONLY.has('cold')) {
    const runs = [];
    for (let r = 0; r < RUNS; r++) runs.push(await coldStart(browser));
    results.coldStart = { paintedMs: m(runs, 'paintedMs'), wasmStartedMs: m(runs, 'wasmStartedMs'), searchAnsweredMs: m(runs, 'searchAnsweredMs') };
    const c = results.coldStart;
    rows.push(['cold start, 10 Mbit/s and 40 ms: page → 50-trace list painted', `${f(c.paintedMs)} ms: wasm started at ${f(c.wasmStartedMs)}, the search answered at ${f(c.searchAnsweredMs)}`, 'measured: the issue sets no number']);
    process.stderr.write('cold start done\n');
  }
  if (ONLY.has('lists')) {
    const list = [];
    const list1000 = [];
    for (let r = 0; r < RUNS; r++) {
      list.push(await listPaint(browser, 50));
      list1000.push(await listPaint(browser, 1000));
    }
    results.listPaintAfterResponseMs = median(list);
    results.list1000PaintAfterResponseMs = median(list1000);
    rows.push(['50-trace list painted after response', `${f(results.listPaintAfterResponseMs)} ms`, '≤ 100 ms'],
      ['1,000-trace list painted after response', `${f(results.list1000PaintAfterResponseMs)} ms`, '≤ 300 ms']);
    process.stderr.write('lists done\n');
  }
  if (ONLY.has('traces')) {
    const runs = { t1k: [], t10k: [], t100k: [] };
    for (let r = 0; r < RUNS; r++) {
      runs.t1k.push(await openTrace(browser, 1_000, false));
      runs.t10k.push(await openTrace(browser, 10_000, false));
      runs.t100k.push(await openTrace(browser, 100_000, true));
      process.stderr.write(`trace run ${r + 1}/${RUNS} done\n`);
    }
    const t = runs.t100k;
    Object.assign(results, {
      clickToFirstRowsMs: { '1k': m(runs.t1k, 'clickToRows'), '10k': m(runs.t10k, 'clickToRows'), '100k': m(t, 'clickToRows') },
      listedAfterResponseMs: { '1k': m(runs.t1k, 'listedFromResponse'), '10k': m(runs.t10k, 'listedFromResponse'), '100k': m(t, 'listedFromResponse') },
      navigationToFirstRows100kMs: m(t, 'firstRowsFromNavigation'),
      navigation100kPhases: Object.fromEntries(['wasmStartedMs', 'requestStartMs', 'lastByteMs', 'parseMs', 'buildMs', 'listedFromNavigation', 'clickToRows'].map((k) => [k, m(t, k)])),
      collapseAll100kMs: m(t, 'collapseAll'),
      expandAll100kMs: m(t, 'expandAll'),
      scroll100k: { frames: m(t, 'scrollFrames'), framesOver16_7ms: m(t, 'framesOver16_7ms'), longestFrameMs: m(t, 'longestFrameMs') },
      wheelScroll100k: { frames: m(t, 'wheelFrames'), framesOver16_7ms: m(t, 'wheelOver'), longestFrameMs: m(t, 'wheelLongest') },
      flame100k: {
        clickToDrawnMs: m(t, 'flameClickToDrawnMs'), layoutMs: m(t, 'flameLayoutMs'), firstDrawMs: m(t, 'flameFirstDrawMs'),
        zoomStepMs: m(t, 'flameZoomStepMs'), zoomDrawMs: m(t, 'flameZoomDrawMs'),
        panFrames: m(t, 'flamePanFrames'), panOver: m(t, 'flamePanOver'), panLongestFrameMs: m(t, 'flamePanLongestFrameMs'), panLongestDrawMs: m(t, 'flamePanLongestDrawMs'),
      },
      domNodesWith100kOpen: m(t, 'domNodes'),
      heapWith100kOpenMb: { js: m(t, 'heapJsMb'), jsAndWasm: m(t, 'heapWithWasmMb') },
    });
    const p = results.navigation100kPhases;
    rows.push(
      ...['1k', '10k', '100k'].map((k) => [`click → first rows, ${k}-span trace`, `${f(results.clickToFirstRowsMs[k])} ms`, k === '10k' ? '≤ 150 ms' : '']),
      ...['1k', '10k', '100k'].map((k) => [`response → row listed, ${k}-span trace (parse + build)`, `${f(results.listedAfterResponseMs[k])} ms`, '']),
      ['navigation → first rows, 100k-span trace', `${f(results.navigationToFirstRows100kMs)} ms: wasm started at ${f(p.wasmStartedMs)}; ` +
        `search asked at ${f(p.requestStartMs)}, last byte at ${f(p.lastByteMs)}; parse ${f(p.parseMs)} + build ${f(p.buildMs)}; ` +
        `row listed at ${f(p.listedFromNavigation)}; click → first rows ${f(p.clickToRows)}`, '≤ 650 ms'],
      ['collapse all / expand all, 100k', `${f(results.collapseAll100kMs)} / ${f(results.expandAll100kMs)} ms`, '≤ 50 ms'],
      ['fling: scroll 100k top→bottom, 500 rows a frame: frames over budget (rAF interval > 25 ms)', `${results.scroll100k.framesOver16_7ms} of ${results.scroll100k.frames} (longest ${f(results.scroll100k.longestFrameMs)} ms)`, '0'],
      ['wheel-speed scroll 100k, 8 rows a frame: frames over budget (rAF interval > 25 ms)', `${results.wheelScroll100k.framesOver16_7ms} of ${results.wheelScroll100k.frames} (longest ${f(results.wheelScroll100k.longestFrameMs)} ms)`, '0'],
      ['flame graph, 100k trace: tab → drawn; its layout and draw', `${f(results.flame100k.clickToDrawnMs)} ms; layout ${f(results.flame100k.layoutMs)} ms, draw ${f(results.flame100k.firstDrawMs)} ms`, 'draw ≤ 16.7 ms'],
      ['flame graph, 100k: a zoom step → drawn; its draw', `${f(results.flame100k.zoomStepMs)} ms; draw ${f(results.flame100k.zoomDrawMs)} ms`, 'draw ≤ 16.7 ms'],
      ['flame graph, 100k: panning, frames over 25 ms', `${results.flame100k.panOver} of ${results.flame100k.panFrames} (longest frame ${f(results.flame100k.panLongestFrameMs)} ms, longest draw ${f(results.flame100k.panLongestDrawMs)} ms)`, '0'],
      ['DOM elements with the 100k trace open', `${results.domNodesWith100kOpen}`, ''],
      ['memory with the 100k trace open (JS heap / JS + wasm memory)', `${f(results.heapWith100kOpenMb.js)} / ${f(results.heapWith100kOpenMb.jsAndWasm)} MB`, 'JS + wasm ≤ 150 MB'],
    );
  }
  if (ONLY.has('window')) {
    // Its bodies take ~400 MB of this process's memory, so they are made only here.
    const windowData = bigWindow(Date.now() * 1000);
    const touches = (t, s) => Object.values(t.processes).some((p) => p.serviceName === s);
    const bodies = new Map(windowData.services.map((s) => [s, envelope(windowData.traces.filter((t) => touches(t, s)))]));
    // Every answer written out beforehand, so the server's own JSON writing is not timed.
    const byId = new Map(windowData.traces.map((t) => [t.traceID, envelope([t])]));
    jaeger = (path, params) => {
      if (path === '/api/services') return JSON.stringify({ data: windowData.services });
      if (path === '/api/traces') return bodies.get(params.get('service')) ?? envelope([]);
      return byId.get(path.slice('/api/traces/'.length)) ?? null;
    };
    const linked = [];
    const list = [];
    const floor = [];
    for (let r = 0; r < RUNS; r++) {
      linked.push(await bigWindowOpen(browser, windowData, true));
      list.push(await bigWindowOpen(browser, windowData, false));
      floor.push(await transferFloor(browser, windowData.services));
      process.stderr.write(`big window run ${r + 1}/${RUNS} done\n`);
    }
    jaeger = null;
    const phases = (runs) => Object.fromEntries(Object.keys(runs[0]).map((k) => [k, m(runs, k)]));
    results.bigWindow = { linkedTrace: phases(linked), list: phases(list), transferFloorMs: median(floor) };
    const phaseText = (p, what) => `wasm started at ${f(p.wasmStartedMs)}; first request at ${f(p.lastResponseMs - p.requestsMs)}, ` +
      `last byte at ${f(p.lastResponseMs)} (${f(p.bytesMb)} MB); parse ${f(p[`${what}ParseMs`])} (as the bytes arrived) + build ${f(p[`${what}BuildMs`])}; the rest is the first draw`;
    const { linkedTrace: l, list: w } = results.bigWindow;
    rows.push(
      ['big window: `?trace=ID` → first rows of the 100k trace', `${f(l.doneMs)} ms: ${phaseText(l, 'trace')}`, '≤ 650 ms'],
      ['big window (no summaries): page → first rows; the longest main-thread task until the list is whole', `${f(w.firstRowsMs)} ms; longest task ${f(w.longestTaskMs)} ms`, 'first rows ≤ 1,500 ms; task ≤ 100 ms'],
      ['big window: page → list painted', `${f(w.doneMs)} ms: ${phaseText(w, 'list')}`, ''],
      ['big window: the same answers fetched and read, unparsed, by a page already loaded (the transfer floor)', `${f(results.bigWindow.transferFloorMs)} ms`, 'none: the floor for whole-trace answers'],
      ['big window: a refresh → list painted again; the longest main-thread task meanwhile (long tasks summed)', `${f(w.refreshMs)} ms (parse ${f(w.refreshParseMs)} + build ${f(w.refreshBuildMs)}); longest task ${f(w.refreshLongestTaskMs)} ms (${f(w.refreshLongTasksMs)} ms)`, 'measured: the issue sets no number'],
    );
  }
  if (ONLY.has('summaries')) {
    const windowData = bigWindow(Date.now() * 1000);
    const touches = (t, s) => Object.values(t.processes).some((p) => p.serviceName === s);
    const bodies = new Map(windowData.services.map((s) => [s, envelope(windowData.traces.filter((t) => touches(t, s)))]));
    const byId = new Map(windowData.traces.map((t) => [t.traceID, envelope([t])]));
    const summaries = JSON.stringify({ summaries: summariesOf(windowData.traces) });
    jaeger = (path, params) => {
      if (path === '/api/v3/trace-summaries') return summaries;
      if (path === '/api/v3/services' || path === '/api/services') {
        return path.includes('v3') ? JSON.stringify({ services: windowData.services }) : JSON.stringify({ data: windowData.services });
      }
      if (path === '/api/traces') return bodies.get(params.get('service')) ?? envelope([]);
      if (path.startsWith('/api/traces/')) return byId.get(path.slice('/api/traces/'.length)) ?? null;
      return null;
    };
    const list = [];
    const linked = [];
    const cold = [];
    for (let r = 0; r < RUNS; r++) {
      list.push(await summariesOpen(browser, windowData));
      linked.push(await summariesOpen(browser, windowData, { linked: true }));
      cold.push(await summariesOpen(browser, windowData, { throttled: true }));
      process.stderr.write(`summaries run ${r + 1}/${RUNS} done\n`);
    }
    jaeger = null;
    const jaegerUiKb = Buffer.byteLength(summaries) / 1024;
    results.summaries = {
      listMs: m(list, 'doneMs'), listApiKb: m(list, 'apiKb'), listRequests: list[0].requests,
      linkedMs: m(linked, 'doneMs'), linkedMemoryMb: m(linked, 'memoryMb'),
      coldMs: m(cold, 'doneMs'), jaegerUiSummariesKb: jaegerUiKb,
    };
    const r = results.summaries;
    rows.push(
      ['summaries backend (v2.20), big window: page → list painted', `${f(r.listMs)} ms`, '≤ 800 ms'],
      ['summaries backend: the list\'s API bytes (Jaeger UI\'s summaries answer for the same traces)', `${f(r.listApiKb)} KB (${f(r.jaegerUiSummariesKb)} KB)`, `≤ ${f(1.2 * r.jaegerUiSummariesKb)} KB (1.2×)`],
      ['summaries backend, 10 Mbit/s and 40 ms: cold start → list painted', `${f(r.coldMs)} ms`, '≤ 3,000 ms'],
      ['summaries backend: `?trace=ID` → first rows of the 100k trace', `${f(r.linkedMs)} ms`, '≤ 1,200 ms'],
      ['summaries backend: JS + wasm memory with the 100k trace open', `${f(r.linkedMemoryMb)} MB`, '≤ 120 MB'],
    );
  }
  if (ONLY.has('refresh')) {
    const heap = await refreshHeap(browser);
    results.refreshes = { count: REFRESHES, ...heap };
    rows.push([`heap after 10 / ${REFRESHES} refreshes (JS + wasm memory)`, `${f(heap.after10Mb)} / ${f(heap.afterAllMb)} MB (${f(heap.growthPct)} %)`, 'within 5 %']);
  }
  mkdirSync('target/bench', { recursive: true });
  // A partial run (ONLY=) writes beside the full results, never over them.
  const out = process.env.ONLY ? `target/bench/browser-${[...ONLY].join('-')}.json` : 'target/bench/browser.json';
  writeFileSync(out, JSON.stringify(results, null, 2));
  console.log(`\n| measure (median of ${RUNS}) | tracedeck | target |\n| --- | --- | --- |`);
  for (const [k, v, t] of rows) console.log(`| ${k} | ${v} | ${t} |`);
  console.log(`\nwritten to ${out}`);
} finally {
  await browser.close();
  server.close();
}
