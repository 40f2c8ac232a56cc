/**
 * End-to-end: the built dashboard (next build + next start through scripts/start.mjs) on a
 * loopback port, a fixture runs folder in a temporary directory, Debian's chromium through
 * playwright-core. Screenshots of every page go to test-results/screenshots/.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseRun, type RunRecord } from '@lrfinder/core';
import { FIXTURE, writeFixtureFolder, writeLiveRun } from '../src/testing/fixture-folder';
import { fixtureRun } from '../src/testing/fixtures';
import { launchChromium } from './browser';
import { APP_DIR, startApp, type RunningApp } from './server';

const SHOTS = path.join(APP_DIR, 'test-results', 'screenshots');
/** The first test pays for `next build` when the build is missing or stale (CI starts clean). */
const START_TIMEOUT = 15 * 60_000;

let root: string;
let dir: string;
let app: RunningApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'lrf-e2e-'));
  dir = path.join(root, 'runs');
  await writeFixtureFolder(dir);
  await fs.mkdir(SHOTS, { recursive: true });
  // One after the other: if the app fails to start, afterAll still closes the browser.
  browser = await launchChromium();
  app = await startApp(dir, START_TIMEOUT);
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, START_TIMEOUT + 30_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (root) await fs.rm(root, { recursive: true, force: true });
}, 30_000);

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const readFixture = async (rel: string): Promise<RunRecord> => parseRun(await fs.readFile(path.join(dir, rel), 'utf8'));

/** Centres (client x) of the bottom axis' decade labels of a chart, and the labels' exponents. */
async function decadeTicks(chart: string): Promise<{ exp: number; x: number }[]> {
  return page.$$eval(`${chart} svg text`, (texts) =>
    texts
      .map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect() }))
      .filter(({ text }) => /^1e[-+]?\d+$/.test(text))
      .map(({ text, box }) => ({ exp: Number(text.slice(2)), x: box.left + box.width / 2 })),
  );
}

test('runs list: sweeps with their progress, the columns, filter, and a malformed file as an error row', async () => {
  await page.goto(`${app.base}/`);
  for (const p of [FIXTURE.sgd, FIXTURE.adam, FIXTURE.live, ...FIXTURE.sweepRuns.map((r) => `${FIXTURE.sweep}/${r}`)]) {
    await page.waitForSelector(`tr[data-run="${p}"]`);
  }
  const sgdRow = await page.textContent(`tr[data-run="${FIXTURE.sgd}"]`);
  const sgd = await readFixture(`${FIXTURE.sgd}.json`);
  expect(sgdRow).toContain('SGD');
  expect(sgdRow).toContain('tiny-mlp');
  expect(sgdRow).toContain('cpu');
  expect(sgdRow).toMatch(new RegExp(sgd.status));
  expect(await page.textContent(`section[data-sweep="${FIXTURE.sweep}"] [data-testid=sweep-progress]`)).toBe('2/3 done');
  expect(await page.textContent(`section[data-sweep="${FIXTURE.sweep}"] tr[data-pending="bs-512"]`)).toContain('pending');
  const error = await page.textContent(`tr[data-error-file="${FIXTURE.malformed}"]`);
  expect(error).toContain('invalid');
  expect(error).toMatch(/createdAt|Invalid input/);
  await shot('runs-list');

  await page.fill('input[type=search]', 'adam');
  await page.waitForSelector(`tr[data-run="${FIXTURE.sgd}"]`, { state: 'detached' });
  expect(await page.$(`tr[data-run="${FIXTURE.adam}"]`)).not.toBeNull();
  await page.fill('input[type=search]', '');
});

test('run page: log-scaled x axis, a marker at every suggested lr, suggestions and downloads', async () => {
  const run = await readFixture(`${FIXTURE.sgd}.json`);
  await page.goto(`${app.base}/runs/${FIXTURE.sgd}`);
  // Drawn on the server first; measured (the browser's own width) once React runs.
  await page.waitForSelector('[data-chart="loss"][data-measured] [data-marker]');
  expect(await page.getAttribute('[data-chart="loss"]', 'data-x-scale')).toBe('log');

  // Log scale: decade ticks are evenly spaced (they would bunch up at the right on a linear axis).
  const ticks = await decadeTicks('[data-chart="loss"]');
  expect(ticks.length).toBeGreaterThanOrEqual(4);
  const step = (ticks[ticks.length - 1].x - ticks[0].x) / (ticks[ticks.length - 1].exp - ticks[0].exp);
  expect(step).toBeGreaterThan(20);
  for (const t of ticks) expect(Math.abs(t.x - (ticks[0].x + (t.exp - ticks[0].exp) * step))).toBeLessThan(1.5);

  // One marker per method with a value, drawn where log10(lr) puts it.
  const markers = await page.$$eval('[data-chart="loss"] [data-marker]', (gs) =>
    gs.map((g) => {
      const line = g.querySelector('line')!.getBoundingClientRect();
      return { method: g.getAttribute('data-marker')!, lr: Number(g.getAttribute('data-lr')), x: line.left + line.width / 2 };
    }),
  );
  const expected = (['steepest', 'minimum', 'valley', 'slide', 'smaDelta'] as const).filter((m) => run.suggestions[m].lr !== null);
  expect(markers.map((m) => m.method).sort()).toEqual([...expected].sort());
  for (const m of markers) {
    expect(m.lr).toBe(run.suggestions[m.method as (typeof expected)[number]].lr);
    expect(Math.abs(m.x - (ticks[0].x + (Math.log10(m.lr) - ticks[0].exp) * step))).toBeLessThan(2);
  }
  await page.waitForSelector('[data-chart="loss-delta"]');
  const table = await page.textContent('[data-testid=suggestions]');
  for (const m of expected) expect(table).toContain(m);
  expect(await page.textContent('[data-testid=recommended-lr]')).not.toBe('—');
  await shot('run-page');

  // PNG: drawn in the browser from the server's SVG.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-png]')]);
  expect(download.suggestedFilename()).toBe(`${FIXTURE.sgd}.png`);
  const png = await fs.readFile((await download.path())!);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  // JSON, CSV and SVG links answer with their types.
  for (const [format, type] of [['json', 'application/json'], ['csv', 'text/csv'], ['svg', 'image/svg+xml']]) {
    const res = await fetch(`${app.base}/api/runs/${FIXTURE.sgd}?format=${format}&download`);
    expect(res.headers.get('content-type')).toContain(type);
    expect(res.headers.get('content-disposition')).toContain(`${FIXTURE.sgd}.${format}`);
  }
});

test('a malformed run file shows its reason on its page', async () => {
  await page.goto(`${app.base}/runs/broken`);
  const text = await page.textContent('[data-testid=run-problem]');
  expect(text).toContain('Invalid run file');
  expect(text).toMatch(/createdAt|Invalid input/);
});

test('compare: two runs overlaid, the choice in the URL', async () => {
  await page.goto(`${app.base}/compare?runs=${FIXTURE.sgd},${FIXTURE.adam}`);
  await page.waitForSelector('[data-chart][data-measured] [data-series]');
  const series = await page.$$eval('[data-chart] [data-layer="lines"]', (layers) => layers[0].querySelectorAll('[data-series]').length);
  expect(series).toBe(2);
  const legend = await page.$$eval('[data-legend-item]', (items) => items.map((i) => i.getAttribute('data-legend-item')));
  expect(legend).toEqual(expect.arrayContaining(['SGD', 'Adam']));
  expect(await page.$$eval('[data-testid=compare-table] tbody tr', (rows) => rows.length)).toBe(2);
  expect(await page.getAttribute('[data-chart]', 'data-x-scale')).toBe('log');
  await shot('compare');

  const third = `${FIXTURE.sweep}/${FIXTURE.sweepRuns[0]}`;
  // The checkbox is controlled by the URL: clicking it navigates, the page re-renders.
  await page.click(`[data-pick="${third}"]`);
  await page.waitForURL((url) => url.searchParams.get('runs') === `${FIXTURE.sgd},${FIXTURE.adam},${third}`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=compare-table] tbody tr').length === 3);
  expect(await page.isChecked(`[data-pick="${third}"]`)).toBe(true);
});

test('live: a running run updates on screen when its file grows, without a reload', async () => {
  // Written now: a file quiet for 45 s is a stalled run, which the page does not follow.
  await writeLiveRun(dir, 12);
  await page.goto(`${app.base}/runs/${FIXTURE.live}`);
  await page.waitForSelector('[data-chart="loss"] [data-series]');
  expect(await page.textContent('[data-testid=step-count]')).toBe('12');
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42)); // gone if the page reloads
  const before = Date.now();
  await writeLiveRun(dir, 40);
  await page.waitForFunction(() => document.querySelector('[data-testid=step-count]')?.textContent === '40', undefined, { timeout: 15_000 });
  const latency = Date.now() - before;
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  console.log(`live update shown ${latency} ms after the file changed (poll every 1 s)`);
  await shot('live-run');
});

test('upload: a malformed file is refused with its reason, a valid one is stored and listed', async () => {
  await page.goto(`${app.base}/upload`);
  const bad = { ...(await fixtureRun({ id: 'up-bad' })), status: 'exploded' };
  await page.setInputFiles('[data-testid=file-input]', { name: 'up-bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const refused = await (await page.waitForSelector('[data-refused="up-bad.json"]')).textContent();
  expect(refused).toMatch(/^Refused up-bad\.json: status: /);
  await shot('upload-refused');

  const good = await fixtureRun({ id: 'up-good', label: 'uploaded' });
  await page.setInputFiles('[data-testid=file-input]', { name: 'up-good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await page.waitForSelector('[data-stored="up-good"]');
  expect(parseRun(await fs.readFile(path.join(dir, 'up-good.json'), 'utf8')).label).toBe('uploaded');
  await expect(fs.stat(path.join(dir, 'up-bad.json'))).rejects.toThrow();
  await shot('upload-accepted');
  await page.goto(`${app.base}/`);
  await page.waitForSelector('tr[data-run="up-good"]');
});

test('browser sweep: 20 steps on synthetic data in a Web Worker, charted, saved to the folder', async () => {
  await page.goto(`${app.base}/sweep`);
  await page.fill('[data-testid=num-iter]', '20');
  await page.click('[data-testid=start]');
  await page.waitForSelector('[data-testid=sweep-status][data-phase="done"], [data-testid=sweep-status][data-phase="error"]', { timeout: 180_000 });
  expect(await page.getAttribute('[data-testid=sweep-status]', 'data-phase')).toBe('done');
  const backend = await page.textContent('[data-testid=backend]');
  // Headless Chromium has no GPU: its WebGL, if any, is software (SwiftShader), which auto skips for wasm.
  expect(backend).toMatch(/^backend wasm/);
  await page.waitForSelector('[data-testid=sweep-chart] [data-chart] [data-series]');
  const rows = await page.$$eval('[data-testid=sweep-results] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
  expect(rows).toHaveLength(2);
  for (const row of rows) expect(row).toMatch(/^(sgd|adam).*(completed|diverged)20/);
  await shot('browser-sweep');

  await page.click('[data-testid=save]');
  expect(await (await page.waitForSelector('[data-testid=saved]')).textContent()).toMatch(/Saved 2 run\(s\)/);
  const sweeps = (await fs.readdir(dir)).filter((n) => n.startsWith('browser-'));
  expect(sweeps).toHaveLength(1);
  const saved = await Promise.all((await fs.readdir(path.join(dir, sweeps[0]))).map(async (f) => parseRun(await fs.readFile(path.join(dir, sweeps[0], f), 'utf8'))));
  expect(saved.map((r) => [r.optimizer?.name, r.points.length, r.sweep?.count]).sort()).toEqual([
    ['adam', 20, 2],
    ['sgd', 20, 2],
  ]);
  await page.goto(`${app.base}/`);
  expect(await page.textContent(`section[data-sweep="${sweeps[0]}"] [data-testid=sweep-progress]`)).toBe('2/2 done');
}, 240_000);

test('browser sweep on the wasm backend: the ConvNet on the MNIST subset served by the app; Stop interrupts a test', async () => {
  await page.goto(`${app.base}/sweep`);
  await page.selectOption('[data-testid=dataset]', 'mnist');
  await page.selectOption('[data-testid=model]', 'cnn');
  await page.selectOption('[data-testid=backend-choice]', 'wasm');
  await page.uncheck('[data-optimizer=sgd]');
  await page.fill('[data-testid=num-iter]', '20');
  await page.click('[data-testid=start]');
  await page.waitForSelector('[data-testid=sweep-status][data-phase="done"], [data-testid=sweep-status][data-phase="error"]', { timeout: 180_000 });
  expect(await page.getAttribute('[data-testid=sweep-status]', 'data-phase')).toBe('done');
  expect(await page.textContent('[data-testid=backend]')).toMatch(/^backend wasm, \d+ threads?$/);
  const rows = await page.$$eval('[data-testid=sweep-results] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
  expect(rows).toEqual([expect.stringMatching(/^adam.*(completed|diverged)20/)]);
  await page.waitForSelector('[data-testid=sweep-chart] [data-chart] [data-series]');
  await shot('browser-sweep-wasm-mnist');

  // A long test on the cpu backend (a range too low to diverge), stopped after its first steps.
  await page.fill('[data-testid=end-lr]', '1e-4');
  await page.selectOption('[data-testid=dataset]', 'synthetic:blobs');
  await page.selectOption('[data-testid=model]', 'mlp');
  await page.selectOption('[data-testid=backend-choice]', 'cpu');
  await page.fill('[data-testid=num-iter]', '2000');
  await page.click('[data-testid=start]');
  await page.waitForSelector('[data-testid=sweep-results] tbody tr');
  await page.click('[data-testid=stop]');
  await page.waitForSelector('[data-testid=sweep-status][data-phase="done"]', { timeout: 60_000 });
  expect(await page.textContent('[data-testid=sweep-status] h2')).toContain('stopped');
  const stopped = await page.$$eval('[data-testid=sweep-results] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
  expect(stopped).toEqual([expect.stringMatching(/^adam.*interrupted/)]);
}, 240_000);
