// The chart components in a real browser (Debian's chromium, driven by playwright-core): they
// size themselves to their container, show a tooltip with lr, loss and step on hover, and the
// legend switches curves on and off. Bundled with esbuild from the sources, served as a file.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeRun } from './testing/run-fixture';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ENTRY = `
import { createRoot } from 'react-dom/client';
import { LossChart, OverlayChart } from '@lrfinder/plotting/react';
import { makeRun } from ${JSON.stringify(path.join(__dirname, 'testing', 'run-fixture.ts'))};
const sgd = makeRun({ id: 'sgd', label: 'SGD', steps: 300, suggest: { steepest: 120, valley: 140, minimum: 150 } });
const adam = makeRun({ id: 'adam', label: 'Adam', steps: 200, startLr: 1e-5, endLr: 0.1, suggest: { valley: 80 } });
createRoot(document.getElementById('root')).render(
  <div style={{ width: 820 }}>
    <LossChart run={sgd} height={380} />
    <OverlayChart runs={[sgd, adam]} height={320} />
  </div>,
);
`;

let dir: string;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`these tests need Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrf-plotting-'));
  fs.writeFileSync(path.join(dir, 'entry.tsx'), ENTRY);
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><body style="margin:0"><div id="root"></div><script src="app.js"></script></body></html>');
  await build({
    entryPoints: [path.join(dir, 'entry.tsx')],
    outfile: path.join(dir, 'app.js'),
    bundle: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfig: path.join(ROOT, 'tsconfig.base.json'),
    nodePaths: [path.join(ROOT, 'node_modules')],
    logLevel: 'error',
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`file://${path.join(dir, 'index.html')}`);
  await page.locator('[data-chart="overlay"] svg').waitFor();
});

afterAll(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('chart components in Chromium', () => {
  it('fill their container’s width', async () => {
    const box = await page.locator('[data-chart="loss"] svg').boundingBox();
    expect(box?.width).toBe(820);
    expect(box?.height).toBe(380);
    expect(errors).toEqual([]);
  });

  it('show every curve at the pointer: one row each, with its value and step', async () => {
    const svg = page.locator('[data-chart="loss"] svg');
    const box = (await svg.boundingBox())!;
    // Halfway along the plot area: lr = 1e-3 on a 1e-6 .. 1e0 axis.
    await page.mouse.move(box.x + 72 + (820 - 72 - 28) / 2, box.y + 250);
    const tip = page.locator('[data-chart="loss"] [data-tooltip]');
    await tip.waitFor({ timeout: 10000 });
    expect((await tip.innerText()).split('\n')[0]).toBe('lr 1e-3');
    const rows = await tip.locator('[data-tooltip-row]').evaluateAll((trs) =>
      trs.map((tr) => ({ id: tr.getAttribute('data-tooltip-row'), value: tr.querySelector('[data-value]')!.textContent, where: tr.querySelector('[data-where]')!.textContent })));
    expect(rows.map((r) => r.id).sort()).toEqual(['sgd:loss', 'sgd:smoothedLoss']);
    // Read back as numbers and compared with the fixture's own point (not with formatLoss, the
    // code under test): 4 significant digits for the loss.
    const near = (shown: string, value: number, digits: number) =>
      expect(Math.abs(Number(shown) - value)).toBeLessThanOrEqual(0.5 * 10 ** (Math.floor(Math.log10(Math.abs(value))) - digits + 1) * (1 + 1e-9));
    for (const r of rows) {
      // The nearest point to the pointer: near the middle of the run, and its own loss.
      const step = Number(/^step (\d+)$/.exec(r.where ?? '')![1]);
      expect(step).toBeGreaterThan(120);
      expect(step).toBeLessThan(180);
      const point = makeRun({ steps: 300 }).points[step];
      near(r.value!, (r.id === 'sgd:loss' ? point.loss : point.smoothedLoss) as number, 4);
      expect(Math.abs(Math.log10(point.lr) + 3)).toBeLessThan(0.05);
    }
    await page.mouse.move(0, 0);
  });

  it('switch a curve and its markers off and on from the legend (click and keyboard)', async () => {
    const overlay = page.locator('[data-chart="overlay"]');
    const adam = overlay.locator('[data-legend-item="Adam"]');
    expect(await overlay.locator('path[data-series]').count()).toBe(2);
    await adam.click();
    expect(await overlay.locator('path[data-series="adam"]').count()).toBe(0);
    expect(await overlay.locator('[data-marker][data-run="adam"]').count()).toBe(0);
    expect(await adam.getAttribute('aria-pressed')).toBe('false');
    await adam.focus();
    await page.keyboard.press('Enter');
    expect(await overlay.locator('path[data-series="adam"]').count()).toBe(1);
    expect(await adam.getAttribute('aria-pressed')).toBe('true');
    expect(errors).toEqual([]);
  });
});
