/**
 * The dashboard as a team uses it, in Chromium: stalled and provisional runs, polling that
 * stops, the charts' controls (zoom, pan, log y, smoothing, outliers, x by step, hover rows,
 * legend rescaling), compare beyond ten runs, edge cases in words, charts without JavaScript,
 * the list's columns, paging and counts, every page at 390 px, titles, keyboard focus and
 * upload, and the screenshot set (1440x900 and 390x844; UPDATE_SCREENSHOTS=1 writes them to
 * docs/screenshots/, else to test-results/).
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { serializeRun } from '@lrfinder/core';
import { FIXTURE, writeFixtureFolder, writeLiveRun } from '../src/testing/fixture-folder';
import { fixtureRun } from '../src/testing/fixtures';
import { edgeRuns } from '../src/testing/edge-runs';
import { repeatsFixture } from '../src/testing/group-fixture';
import { emulateCores, launchChromium } from './browser';
import { APP_DIR, startApp, type RunningApp } from './server';

const START_TIMEOUT = 15 * 60_000;
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(APP_DIR, 'docs', 'screenshots') : path.join(APP_DIR, 'test-results', 'screenshots');
const MANY = 130;

let root: string;
let dir: string;
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

async function writeRunFile(rel: string, text: string, ageMs = 0) {
  const file = path.join(dir, rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
  if (ageMs > 0) {
    const t = new Date(Date.now() - ageMs);
    await fs.utimes(file, t, t);
  }
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'lrf-features-'));
  dir = path.join(root, 'runs');
  await writeFixtureFolder(dir);
  // A run whose process died two minutes ago.
  const dead = await fixtureRun({ id: 'dead-run', label: 'dead process', runningAfter: 20 });
  await writeRunFile('dead-run.json', serializeRun({ ...dead, updatedAt: new Date(Date.now() - 120_000).toISOString() }), 120_000);
  for (const run of await edgeRuns()) await writeRunFile(`${run.id}.json`, serializeRun(run));
  // Two sweeps with a run of the same id and label.
  for (const sweep of ['twin-a', 'twin-b']) {
    await writeRunFile(`${sweep}/sgd.json`, serializeRun(await fixtureRun({ id: 'sgd', label: 'SGD', optimizer: 'sgd', bestLr: sweep === 'twin-a' ? 1e-3 : 4e-3, sweep: { id: sweep, index: 0, count: 1 } })));
  }
  // A long sweep: more rows than one page.
  for (let i = 0; i < MANY; i++) {
    const id = `r${String(i).padStart(3, '0')}`;
    const run = await fixtureRun({ id, label: `lr probe ${i}`, optimizer: i % 2 ? 'adam' : 'sgd', bestLr: 10 ** (-4 + (i % 16) / 5), numIter: 40, sweep: { id: 'many', index: i, count: MANY } });
    await writeRunFile(`many/${id}.json`, serializeRun(run));
  }
  // A group of five repeats (lrfinder.group/v1) beside its run files.
  for (const [name, text] of Object.entries((await repeatsFixture('adam-x5', 5)).files)) await writeRunFile(name, text);
  await fs.mkdir(SHOTS, { recursive: true });
  browser = await launchChromium();
  app = await startApp(dir, START_TIMEOUT);
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, START_TIMEOUT + 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (root) await fs.rm(root, { recursive: true, force: true });
}, 30_000);

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

/** Requests the page makes during `ms` whose URL matches `pattern`. */
async function requestsDuring(p: Page, pattern: RegExp, ms: number): Promise<string[]> {
  const seen: string[] = [];
  const on = (r: { url(): string }) => {
    if (pattern.test(r.url())) seen.push(r.url());
  };
  p.on('request', on);
  await p.waitForTimeout(ms);
  p.off('request', on);
  return seen;
}

const axisLabels = (chart: string, axis: 'x' | 'y') =>
  page.$$eval(`${chart} [data-chart-plot] svg text`, (texts, which) => {
    // Nivo's axis tick labels: bottom ones share a y, left ones share an x (text-anchor end).
    const boxes = texts.map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect(), anchor: t.getAttribute('text-anchor') }));
    return which === 'y'
      ? boxes.filter((b) => b.anchor === 'end' && /^-?[\d.]+(e-?\d+)?$/.test(b.text)).map((b) => b.text)
      : boxes.filter((b) => b.anchor === 'middle' && /^(\d+|[\d.]+e-?\d+)$/.test(b.text)).map((b) => b.text);
  }, axis);

/** Sets a range input the way a user's drag does (React listens to the input event). */
async function setRange(selector: string, value: number) {
  await page.$eval(selector, (el, v) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

test('a running run shows its recommended lr as provisional; a dead one is stalled and not polled', async () => {
  await writeLiveRun(dir, 12);
  await page.goto(`${app.base}/runs/${FIXTURE.live}`);
  await page.waitForSelector('[data-testid=provisional]');
  expect(await page.textContent('[data-testid=provisional]')).toContain('provisional');

  await page.goto(`${app.base}/runs/dead-run`);
  expect(await (await page.waitForSelector('[data-testid=stalled]')).textContent()).toMatch(/^No write for \d+ (s|min): the process writing this run has probably stopped/);
  expect(await page.textContent('h1 .badge')).toBe('stalled');
  expect(await requestsDuring(page, /\/api\/runs\/dead-run/, 3000)).toEqual([]);

  await page.goto(`${app.base}/`);
  expect(await page.textContent('tr[data-run="dead-run"]')).toContain('stalled');
  expect(await page.getAttribute(`tr[data-run="${FIXTURE.live}"] td:nth-child(12)`, 'title')).toContain('provisional');
});

test('the list polls while a run is live and stops when none is', async () => {
  await writeLiveRun(dir, 14);
  await page.goto(`${app.base}/`);
  // router.refresh() asks for the page itself (`/?_rsc=...`); link prefetches are other pages.
  expect((await requestsDuring(page, /:\d+\/\?_rsc=/, 4500)).length).toBeGreaterThan(0);
  // The live fixture's file goes quiet (its process "dies"): nothing live is left.
  const old = new Date(Date.now() - 120_000);
  await fs.utimes(path.join(dir, `${FIXTURE.live}.json`), old, old);
  await page.goto(`${app.base}/`);
  expect(await page.textContent(`tr[data-run="${FIXTURE.live}"]`)).toContain('stalled');
  expect(await requestsDuring(page, /:\d+\/\?_rsc=|\/api\//, 5000)).toEqual([]);
});

test('the list: key columns, a count that follows the filter, pages past 100 runs, compare this sweep, one lr format', async () => {
  await page.goto(`${app.base}/`);
  const head = await page.$$eval('section[data-sweep=""] thead th', (ths) => ths.map((t) => t.textContent?.replace(/[▾▴]/g, '').trim()));
  expect(head).toEqual(expect.arrayContaining(['Dataset', 'Range', 'Steps', 'Lowest loss', 'Recommended lr']));
  const sgd = await page.textContent(`tr[data-run="${FIXTURE.sgd}"]`);
  expect(sgd).toContain('synthetic:blobs');
  expect(sgd).toContain('1e-6 → 1e0');
  const total = Number((await page.textContent('[data-testid=run-count]'))!.match(/^(\d+) runs$/)![1]);
  expect(total).toBeGreaterThan(MANY);
  await page.fill('input[type=search]', 'adam');
  await page.waitForFunction(() => /^\d+ of \d+ runs$/.test(document.querySelector('[data-testid=run-count]')?.textContent ?? ''));
  const [shown, of] = (await page.textContent('[data-testid=run-count]'))!.match(/\d+/g)!.map(Number);
  expect(of).toBe(total);
  expect(shown).toBe(await page.$$eval('tr[data-run]', (trs) => trs.length));
  await page.fill('input[type=search]', '');

  const many = page.locator('section[data-sweep="many"]');
  expect(await many.locator('tr[data-run]').count()).toBe(100);
  expect(await many.locator('[data-testid=pager]').textContent()).toContain(`1–100 of ${MANY}`);
  await many.getByRole('button', { name: /Next/ }).click();
  expect(await many.locator('tr[data-run]').count()).toBe(MANY - 100);
  expect(await many.locator('[data-testid=compare-sweep]').getAttribute('href')).toMatch(/^\/compare\?runs=many\/r\d{3}(,many\/r\d{3}){129}$/);

  // One number format: every recommended lr on the page is written 2.92e-2 style.
  const lrs = await page.$$eval('tr[data-run] td:nth-child(12)', (tds) => tds.map((t) => t.textContent!.replace(' (provisional)', '').trim()));
  expect(lrs.length).toBeGreaterThan(10);
  for (const v of lrs) expect(v).toMatch(/^(—|\d(\.\d+)?e-?\d+)$/);
});

test('a group of repeats is one row that opens to its repeats, and a page with the median curve and its band', async () => {
  await page.goto(`${app.base}/`);
  const row = page.locator('tr[data-group="adam-x5"]');
  expect(await row.textContent()).toContain('group of 5 repeats');
  expect(await page.locator('tr[data-run^="adam-x5-r"]').count()).toBe(0);
  await row.locator('[data-testid=expand-group]').click();
  expect(await page.locator('tr[data-run^="adam-x5-r"]').count()).toBe(5);
  expect(await row.locator('[data-testid=expand-group]').getAttribute('aria-expanded')).toBe('true');
  await row.locator('a').click();
  await page.waitForSelector('[data-testid=group-page]');
  expect(await page.title()).toBe('adam × 5 (5 repeats) · lrfinder');
  expect(await page.textContent('[data-testid=stable-lr]')).toMatch(/^\d(\.\d+)?e-\d+$/);
  expect((await page.textContent('[data-testid=verdict]'))!.length).toBeGreaterThan(10);
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid=band]') as HTMLImageElement | null;
    return img !== null && img.complete && img.naturalWidth > 0;
  });
  const svg = await (await fetch(`${app.base}/api/groups/adam-x5?format=svg`)).text();
  expect(svg).toContain('data-layer="band"');
  expect(await page.$$eval('[data-testid=repeats] tbody tr', (trs) => trs.length)).toBe(5);
});

test('run page charts: drag to zoom, double-click to reset, log y, smoothing, outliers, x by step, legend', async () => {
  // Adam's fixture explodes after its minimum: something for "ignore outliers" to leave out.
  const id = FIXTURE.adam;
  await page.goto(`${app.base}/runs/${id}`);
  const chart = '[data-chart="loss"][data-measured]';
  await page.waitForSelector(`${chart} path[data-series]`);
  const fullX = await axisLabels(chart, 'x');
  expect(fullX).toEqual(['1e-6', '1e-5', '1e-4', '1e-3', '1e-2', '1e-1', '1e0']);

  // Drag across the middle of the plot: the axis now spans about the middle third.
  const plot = (await page.locator(`${chart} [data-interaction]`).boundingBox())!;
  await page.mouse.move(plot.x + plot.width * 0.33, plot.y + plot.height / 2);
  await page.mouse.down();
  await page.mouse.move(plot.x + plot.width * 0.5, plot.y + plot.height / 2, { steps: 4 });
  await page.mouse.move(plot.x + plot.width * 0.66, plot.y + plot.height / 2, { steps: 4 });
  await page.mouse.up();
  await page.waitForSelector(`${chart} [data-control=reset-zoom]`);
  const zoomed = await axisLabels(chart, 'x');
  expect(zoomed).not.toEqual(fullX);
  expect(zoomed).toEqual(expect.arrayContaining(['1e-3']));
  expect(zoomed).not.toContain('1e-6');
  // Pan right by a quarter, then double-click: the whole range again.
  await page.click(`${chart} [data-control=pan-right]`);
  expect(await axisLabels(chart, 'x')).not.toEqual(zoomed);
  await page.dblclick(`${chart} [data-interaction]`);
  await page.waitForSelector(`${chart} [data-control=reset-zoom]`, { state: 'detached' });
  expect(await axisLabels(chart, 'x')).toEqual(fullX);

  // Ignore outliers: the explosion after divergence is left out, and the chart says so.
  const note = await page.textContent(`${chart} [data-clip-note]`);
  expect(note).toMatch(/^\d+ points? above [\d.]+ not shown \(ignore outliers is on\)$/);
  const clippedTop = await axisLabels(chart, 'y');
  await page.uncheck(`${chart} [data-control=ignore-outliers]`);
  expect(await page.$(`${chart} [data-clip-note]`)).toBeNull();
  expect(await axisLabels(chart, 'y')).not.toEqual(clippedTop);
  await page.check(`${chart} [data-control=ignore-outliers]`);

  // Log y.
  await page.selectOption(`${chart} [data-control=y-scale]`, 'log');
  expect(await page.textContent(`${chart} [data-chart-plot] svg`)).toContain('loss (log scale)');
  await page.selectOption(`${chart} [data-control=y-scale]`, 'linear');

  // Smoothing: the smoothed curve is recomputed in the browser.
  const smoothed = `${chart} path[data-series="${id}:smoothedLoss"]`;
  const before = await page.getAttribute(smoothed, 'd');
  await setRange(`${chart} [data-control=smoothing]`, 0);
  await page.waitForFunction(([sel, d]) => document.querySelector(sel)?.getAttribute('d') !== d, [smoothed, before] as const);
  // Beta 0 is the raw loss itself.
  expect(await page.getAttribute(smoothed, 'd')).toBe(await page.getAttribute(`${chart} path[data-series="${id}:loss"]`, 'd'));
  await page.click(`${chart} [data-control=smoothing-reset]`);
  expect(await page.getAttribute(smoothed, 'd')).toBe(before);

  // Hover: one row per curve, at the pointer's lr.
  await page.mouse.move(plot.x + plot.width * 0.4, plot.y + plot.height * 0.6);
  await page.waitForSelector(`${chart} [data-tooltip]`);
  expect(await page.$$eval(`${chart} [data-tooltip-row]`, (rows) => rows.length)).toBe(2);

  // x by step.
  await page.selectOption(`${chart} [data-control=x-mode]`, 'step');
  expect(await page.getAttribute('[data-chart="loss"]', 'data-x-scale')).toBe('linear');
  expect(await page.textContent(`${chart} [data-chart-plot] svg`)).toContain('step');
  expect(await axisLabels(chart, 'x')).toEqual(expect.arrayContaining(['0', '50']));
  await page.selectOption(`${chart} [data-control=x-mode]`, 'lr');
});

test('compare: every chosen run drawn in its own colour, twins told apart, hiding rescales y, hover lists every run', async () => {
  const sixteen = Array.from({ length: 16 }, (_, i) => `many/r${String(i).padStart(3, '0')}`);
  const chosen = [...sixteen, 'twin-a/sgd', 'twin-b/sgd'];
  await page.goto(`${app.base}/compare?runs=${chosen.join(',')}`);
  const overlay = '[data-chart="overlay"][data-measured]';
  await page.waitForSelector(`${overlay} path[data-series]`);
  const strokes = await page.$$eval(`${overlay} path[data-series]`, (ps) => ps.map((p) => p.getAttribute('stroke')));
  expect(strokes).toHaveLength(18);
  expect(new Set(strokes).size).toBe(18);
  const legend = await page.$$eval(`${overlay} [data-legend-item]`, (items) => items.map((i) => i.getAttribute('data-legend-item')));
  expect(legend).toHaveLength(18);
  expect(legend).toEqual(expect.arrayContaining(['SGD (twin-a/sgd)', 'SGD (twin-b/sgd)']));
  expect(new Set(legend).size).toBe(18);
  // Suggestion markers never stack into a tower: at most two rows of labels.
  const rows = await page.$$eval(`${overlay} [data-marker]:not([data-unlabelled]) rect`, (rects) => [...new Set(rects.map((r) => r.getAttribute('y')))]);
  expect(rows.length).toBeLessThanOrEqual(2);
  expect(await page.$$eval(`${overlay} [data-marker]`, (ms) => ms.length)).toBeGreaterThanOrEqual(16);
  // The picker: the chosen runs first, a filter for the rest.
  const picks = await page.$$eval('[data-pick]', (cs) => cs.slice(0, 18).map((c) => c.getAttribute('data-pick')));
  expect(picks).toEqual(chosen);
  await page.fill('[data-testid=picker-filter]', 'batch');
  expect(await page.$$eval('[data-pick]', (cs) => cs.length)).toBe(18 + 2);
  await page.fill('[data-testid=picker-filter]', '');
  await page.screenshot({ path: path.join(SHOTS, 'compare-18-runs-1440.png'), fullPage: false });

  // Hover in the middle: a row for every run still going at that lr.
  const plot = (await page.locator(`${overlay} [data-interaction]`).boundingBox())!;
  await page.mouse.move(plot.x + plot.width * 0.2, plot.y + plot.height / 2);
  await page.waitForSelector(`${overlay} [data-tooltip]`);
  expect(await page.$$eval(`${overlay} [data-tooltip-row]`, (r) => r.length)).toBe(18);
  await page.mouse.move(0, 0);

  // Two runs: hiding one rescales y to the other.
  await page.goto(`${app.base}/compare?runs=${FIXTURE.sgd},${FIXTURE.adam}`);
  await page.waitForSelector(`${overlay} path[data-series]`);
  const yDomain = () => page.getAttribute(`${overlay} [data-chart-toolbar]`, 'data-y-domain');
  const both = (await yDomain())!.split(',').map(Number);
  await page.click(`${overlay} [data-legend-item="Adam"]`);
  expect(await page.$$eval(`${overlay} path[data-series]`, (ps) => ps.length)).toBe(1);
  const sgdOnly = (await yDomain())!.split(',').map(Number);
  // Adam's floor (0.2) is below SGD's (0.25): without Adam the range starts higher.
  expect(sgdOnly[0]).toBeGreaterThan(both[0]);
});

test('edge cases are said in words: no points, one point, all NaN, NaN from step k', async () => {
  const expectations: [string, RegExp][] = [
    ['edge-empty', /no points yet/],
    ['edge-one', /one point only \(step 0, lr 1e-6\): a curve needs two/],
    ['edge-nan', /every loss is NaN or infinite: nothing to draw/],
    ['edge-nan-from', /diverged to NaN at lr \d(\.\d+)?e-\d+ \(step 30\)/],
  ];
  for (const [id, text] of expectations) {
    await page.goto(`${app.base}/runs/${id}`);
    const notes = await (await page.waitForSelector('[data-chart="loss"] [data-chart-notes]')).textContent();
    expect([id, notes]).toEqual([id, expect.stringMatching(text)]);
  }
  await page.goto(`${app.base}/runs/edge-nan`);
  expect(await page.textContent('[data-chart="loss"] [data-layer="empty-note"]')).toMatch(/every loss is NaN/);
});

test('charts are drawn on the server: curves show with JavaScript off', async () => {
  const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1440, height: 900 } });
  try {
    const p = await noJs.newPage();
    await p.goto(`${app.base}/runs/${FIXTURE.sgd}`);
    const d = await p.getAttribute(`[data-chart="loss"] path[data-series="${FIXTURE.sgd}:smoothedLoss"]`, 'd');
    expect(d?.length ?? 0).toBeGreaterThan(200);
    expect(await p.$$eval('[data-chart="loss"] [data-marker]', (ms) => ms.length)).toBeGreaterThan(0);
    await p.goto(`${app.base}/compare?runs=${FIXTURE.sgd},${FIXTURE.adam}`);
    expect(await p.$$eval('[data-chart="overlay"] path[data-series]', (ps) => ps.length)).toBe(2);
    await p.screenshot({ path: path.join(SHOTS, 'compare-no-javascript-1440.png') });
  } finally {
    await noJs.close();
  }
});

const PAGES: [string, string, RegExp][] = [
  ['runs-list', '/', /^Range tests · lrfinder$/],
  ['run-page', `/runs/${FIXTURE.sgd}`, /^SGD · lrfinder$/],
  ['sweep-run-page', `/runs/${FIXTURE.sweep}/${FIXTURE.sweepRuns[0]}`, /^batch 32 · lrfinder$/],
  ['compare', `/compare?runs=${FIXTURE.sgd},${FIXTURE.adam},${FIXTURE.sweep}/${FIXTURE.sweepRuns[0]}`, /^Compare runs · lrfinder$/],
  ['upload', '/upload', /^Upload run files · lrfinder$/],
  ['browser-sweep', '/sweep', /^Browser sweep · lrfinder$/],
  ['group-of-repeats', '/groups/adam-x5', /^adam × 5 \(5 repeats\) · lrfinder$/],
  ['run-not-found', '/runs/no-such-run', /lrfinder/],
];

test('the browser sweep runs wasm on more than one thread in the production build, and completes', async () => {
  // tfjs' XNNPACK pool takes half the logical cores (it assumes two hardware threads per core)
  // and caps any count it is given there: on a 2-core machine (CI) it is 1 whatever the app
  // does. So the browser reports 4 cores (DevTools emulation, page and workers): 2 threads.
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const p = await ctx.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await emulateCores(ctx, p, 4);
    await p.goto(`${app.base}/sweep`);
    expect(await p.evaluate(() => [crossOriginIsolated, navigator.hardwareConcurrency])).toEqual([true, 4]);
    await p.selectOption('[data-testid=backend-choice]', 'wasm');
    await p.uncheck('[data-optimizer=adam]');
    await p.fill('[data-testid=num-iter]', '20');
    await p.click('[data-testid=start]');
    await p.waitForSelector('[data-testid=sweep-status][data-phase="done"], [data-testid=sweep-status][data-phase="error"]', { timeout: 180_000 });
    expect([await p.getAttribute('[data-testid=sweep-status]', 'data-phase'), await p.textContent('[data-testid=sweep-status]')]).toEqual(['done', expect.anything()]);
    // tfjs' getThreadsCount in the sweep's worker, after training steps ran on its pool.
    expect(await p.getAttribute('[data-testid=backend-threads]', 'data-threads')).toBe('2');
    expect(await p.textContent('[data-testid=backend]')).toBe('backend wasm, 2 threads');
    const rows = await p.$$eval('[data-testid=sweep-results] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows).toEqual([expect.stringMatching(/^sgd.*(completed|diverged)20/)]);
  } finally {
    await ctx.close();
  }
}, 240_000);

test('scripts run by nonce: no unsafe-inline in any page\'s script-src, no policy violation, every page hydrates', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    await ctx.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    const p = await ctx.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    const nonces = new Set<string>();
    for (const [name, url] of [...PAGES, ['unknown-page', '/no/such/page', /lrfinder/] as const]) {
      const res = (await p.goto(`${app.base}${url}`))!;
      const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(res.headers()['content-security-policy'] ?? '')?.[1] ?? '';
      expect([name, scriptSrc]).toEqual([name, expect.stringMatching(/'nonce-[A-Za-z0-9+/]+=*'/)]);
      expect([name, scriptSrc]).toEqual([name, expect.not.stringContaining("'unsafe-inline'")]);
      nonces.add(/'nonce-([^']+)'/.exec(scriptSrc)![1]);
      await p.waitForLoadState('networkidle');
      // React hydrated the server's HTML: its fiber is on the page's elements.
      const hydrated = await p.waitForFunction(() => Object.keys(document.querySelector('header.topbar') ?? {}).some((k) => k.startsWith('__reactFiber')), undefined, { timeout: 15_000 }).then(() => true, () => false);
      expect([name, hydrated]).toEqual([name, true]);
      expect([name, await p.evaluate(() => (window as unknown as { __violations: string[] }).__violations)]).toEqual([name, []]);
    }
    expect(nonces.size).toBe(PAGES.length + 1);
    // Client-side interactions work: the list's filter and a chart's log y.
    await p.goto(`${app.base}/`);
    await p.fill('input[type=search]', 'adam');
    await p.waitForFunction(() => /^\d+ of \d+ runs$/.test(document.querySelector('[data-testid=run-count]')?.textContent ?? ''));
    await p.goto(`${app.base}/runs/${FIXTURE.sgd}`);
    await p.waitForSelector('[data-chart="loss"][data-measured] path[data-series]');
    await p.selectOption('[data-chart="loss"] [data-control=y-scale]', 'log');
    expect(await p.textContent('[data-chart="loss"] [data-chart-plot] svg')).toContain('loss (log scale)');
    expect(await p.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  } finally {
    await ctx.close();
  }
});

test('every page at 390 px: no horizontal overflow, a title of its own', async () => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  try {
    const p = await phone.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    for (const [name, url, title] of PAGES) {
      await p.goto(`${app.base}${url}`);
      await p.waitForLoadState('networkidle');
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      expect([name, width]).toEqual([name, 390]);
      // Nor does any table frame scroll sideways inside the page.
      const inner = await p.$$eval('.table-wrap, .card', (els) => els.filter((el) => el.scrollWidth > el.clientWidth).map((el) => `${el.className}: ${el.scrollWidth} > ${el.clientWidth}`));
      expect([name, inner]).toEqual([name, []]);
      expect([name, await p.title()]).toEqual([name, expect.stringMatching(title)]);
    }
    // The runs tables never scroll sideways and keep their key columns in sight.
    await p.goto(`${app.base}/`);
    await p.waitForLoadState('networkidle');
    const frames = await p.$$eval('.table-wrap', (els) =>
      els.map((el) => ({
        sweep: el.closest('section')?.getAttribute('data-sweep'),
        scroll: el.scrollWidth,
        client: el.clientWidth,
        // The cells sticking out, for the failure message.
        widest: [...el.querySelectorAll('td, th')].filter((c) => c.getBoundingClientRect().right > el.getBoundingClientRect().right).map((c) => c.textContent?.slice(0, 60)).slice(0, 3),
      })),
    );
    expect(frames.length).toBeGreaterThan(2);
    for (const f of frames) expect([f.sweep, f.scroll <= f.client, f.widest]).toEqual([f.sweep, true, []]);
    const heads = await p.$$eval('section[data-sweep=""] thead th', (ths) =>
      ths.filter((t) => t.getBoundingClientRect().width > 0).map((t) => ({ text: t.textContent?.replace(/[▾▴]/g, '').trim(), right: t.getBoundingClientRect().right })),
    );
    expect(heads.map((h) => h.text)).toEqual(['', 'Label', 'Status', 'Recommended lr']);
    for (const h of heads) expect(h.right).toBeLessThanOrEqual(390);
    // The other columns fold into a line under the label.
    expect(await p.isVisible(`tr[data-run="${FIXTURE.sgd}"] [data-testid=fold]`)).toBe(true);
    expect(await p.textContent(`tr[data-run="${FIXTURE.sgd}"] [data-testid=fold]`)).toMatch(/^sgd · \d+ steps · lowest \d/);
  } finally {
    await phone.close();
  }
});

test('keyboard: a visible focus on the sort headers and chart controls, upload by Enter', async () => {
  // Pages of other contexts opened by earlier tests took the focus: a page in the background
  // gets keys but may not open a file chooser.
  await page.bringToFront();
  await page.goto(`${app.base}/`);
  let focused = '';
  for (let i = 0; i < 40 && focused !== 'sort'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => (document.activeElement?.classList.contains('sort') ? 'sort' : document.activeElement?.tagName ?? ''));
  }
  expect(focused).toBe('sort');
  const outline = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement!);
    return { style: s.outlineStyle, width: s.outlineWidth };
  });
  expect(outline.style).not.toBe('none');
  expect(parseFloat(outline.width)).toBeGreaterThanOrEqual(2);
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.closest('th')?.getAttribute('aria-sort'))).toMatch(/ascending|descending/);

  // Playwright intercepts file choosers once a listener is on (a message to the browser): put
  // it on before the page loads, so the chooser Enter opens cannot come before it.
  const chooserSeen = page.waitForEvent('filechooser', { timeout: 60_000 });
  chooserSeen.catch(() => undefined);
  await page.goto(`${app.base}/upload`);
  // Tab reaches the server-rendered zone before hydration; Enter works once its handlers are on.
  await page.waitForSelector('[data-testid=dropzone][data-ready=true]');
  await page.evaluate(() => {
    const input = document.querySelector('[data-testid=file-input]');
    input?.addEventListener('click', () => ((window as unknown as { inputClicked?: boolean }).inputClicked = true));
  });
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'dropzone');
  }
  expect(reached).toBe(true);
  const outlineZone = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outlineZone).not.toBe('none');
  await page.keyboard.press('Enter');
  const chooser = await chooserSeen.catch(async (e: Error) => {
    const clicked = await page.evaluate(() => (window as unknown as { inputClicked?: boolean }).inputClicked === true);
    throw new Error(`no file chooser after Enter on the drop zone (its file input was clicked: ${clicked}): ${e.message}`);
  });
  const run = await fixtureRun({ id: 'by-keyboard', label: 'uploaded by keyboard' });
  await chooser.setFiles({ name: 'by-keyboard.json', mimeType: 'application/json', buffer: Buffer.from(serializeRun(run)) });
  await page.waitForSelector('[data-stored="by-keyboard"]');
});

test('the screenshot set: every page at 1440x900 and 390x844', async () => {
  for (const [width, height] of [[1440, 900], [390, 844]]) {
    const ctx = await browser.newContext({ viewport: { width, height } });
    try {
      const p = await ctx.newPage();
      for (const [name, url] of PAGES) {
        await p.goto(`${app.base}${url}`);
        await p.waitForLoadState('networkidle');
        await p.waitForTimeout(300);
        await p.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: false });
      }
      await p.goto(`${app.base}/runs/edge-nan-from`);
      await p.waitForLoadState('networkidle');
      await p.screenshot({ path: path.join(SHOTS, `nan-from-step-${width}.png`), fullPage: false });
    } finally {
      await ctx.close();
    }
  }
  const files = await fs.readdir(SHOTS);
  for (const [name] of PAGES) for (const w of [1440, 390]) expect(files).toContain(`${name}-${w}.png`);
}, 180_000);
