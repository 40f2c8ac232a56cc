// SVG downloads: the route handler loads the renderer bundled from @lrfinder/plotting/svg by
// scripts/build-svg-renderer.cjs (built here into a temporary file).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { GET as runGET } from '../../app/api/runs/[...path]/route';
import { fixtureRun } from '../../testing/fixtures';
import { tmpRunsDir, writeRun } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildSvgRenderer } = require('../../../scripts/build-svg-renderer.cjs') as {
  buildSvgRenderer: (o: { outfile: string; quiet: boolean }) => string | null;
};

let t: Awaited<ReturnType<typeof tmpRunsDir>>;
const saved = { ...process.env };

beforeAll(async () => {
  t = await tmpRunsDir();
  process.env.RUNS_DIR = t.dir;
  process.env.SVG_RENDERER = path.join(t.root, 'svg.cjs');
  expect(buildSvgRenderer({ outfile: process.env.SVG_RENDERER, quiet: true })).toBe(process.env.SVG_RENDERER);
});
afterAll(async () => {
  process.env.RUNS_DIR = saved.RUNS_DIR;
  process.env.SVG_RENDERER = saved.SVG_RENDERER;
  await t.cleanup();
});

const ctx = (...segments: string[]) => ({ params: Promise.resolve({ path: segments }) });

test('SVG of the loss chart: a standalone document with a marker at every suggested lr', async () => {
  const run = await fixtureRun({ id: 'svg-run' });
  await writeRun(t.dir, run);
  const res = await runGET(new Request('http://t/api/runs/svg-run?format=svg&download'), ctx('svg-run'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="svg-run.svg"');
  const svg = await res.text();
  expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  for (const method of ['steepest', 'minimum', 'valley', 'slide', 'smaDelta'] as const) {
    const s = run.suggestions[method];
    if (s.lr !== null) expect(svg).toContain(`data-marker="${method}" data-lr="${s.lr}"`);
  }
});

test('SVG of the loss delta, and 501 with a how-to when the renderer is not built', async () => {
  const delta = await runGET(new Request('http://t/api/runs/svg-run?format=delta-svg&sma=5'), ctx('svg-run'));
  expect(delta.status).toBe(200);
  expect(await delta.text()).toContain('<svg');
  const file = process.env.SVG_RENDERER!;
  process.env.SVG_RENDERER = file + '.missing';
  try {
    const res = await runGET(new Request('http://t/api/runs/svg-run?format=svg'), ctx('svg-run'));
    expect(res.status).toBe(501);
    expect((await res.json()).error).toMatch(/npm run build -w @lrfinder\/dashboard/);
  } finally {
    process.env.SVG_RENDERER = file;
  }
  expect((await fs.stat(file)).size).toBeGreaterThan(0);
});
