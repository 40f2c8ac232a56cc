// Server-side SVG of a run's charts, rendered by @lrfinder/plotting/svg. Next.js does not allow
// react-dom/server inside route handler bundles, so scripts/build-svg-renderer.cjs bundles the
// renderer into .svg-renderer/svg.cjs and it is loaded here at run time, out of the bundler's sight.
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { GroupRecord, RunRecord } from '@lrfinder/core';
import { findRepoRoot } from './repo-root';

export interface SvgRenderer {
  renderLossSvg(runOrRuns: RunRecord | RunRecord[], options?: object): string;
  renderLossDeltaSvg(runOrRuns: RunRecord | RunRecord[], options?: { sma?: number }): string;
  renderBandSvg(groups: GroupRecord | GroupRecord[], options?: { width?: number; height?: number }): string;
}

export class SvgUnavailableError extends Error {
  override readonly name = 'SvgUnavailableError';
}

/** Where the bundled renderer lives (SVG_RENDERER overrides). */
export function rendererFile(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.SVG_RENDERER ?? path.join(/*turbopackIgnore: true*/ findRepoRoot(), 'apps', 'dashboard', '.svg-renderer', 'svg.cjs');
}

let cached: { file: string; mtimeMs: number; renderer: SvgRenderer } | null = null;

function nodeRequire(): NodeJS.Require {
  const mod = process.getBuiltinModule?.('node:module') as typeof import('node:module') | undefined;
  if (!mod) throw new SvgUnavailableError('SVG export needs Node >= 20.16 (process.getBuiltinModule)');
  return mod.createRequire(path.join(/*turbopackIgnore: true*/ findRepoRoot(), 'package.json'));
}

/** Loads the bundled renderer; throws SvgUnavailableError saying how to build it. */
export function loadSvgRenderer(): SvgRenderer {
  const file = rendererFile();
  let stat: fs.Stats;
  try {
    stat = fs.statSync(/*turbopackIgnore: true*/ file);
  } catch {
    throw new SvgUnavailableError('the SVG renderer is not built: run `npm run build -w @lrfinder/dashboard`');
  }
  if (cached && cached.file === file && cached.mtimeMs === stat.mtimeMs) return cached.renderer;
  const req = nodeRequire();
  delete req.cache[req.resolve(file)];
  const renderer = req(file) as SvgRenderer;
  cached = { file, mtimeMs: stat.mtimeMs, renderer };
  return renderer;
}

export function renderLossSvg(run: RunRecord): string {
  return loadSvgRenderer().renderLossSvg(run);
}

export function renderLossDeltaSvg(run: RunRecord, options: { sma: number }): string {
  return loadSvgRenderer().renderLossDeltaSvg(run, options);
}

export function renderBandSvg(group: GroupRecord): string {
  return loadSvgRenderer().renderBandSvg(group, { width: 1000, height: 560 });
}
