// Standalone SVG documents of the charts, rendered on the server with react-dom/server from
// the very components the dashboard shows: the CLI's `--plot` and `export --format svg`.
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { RunRecord } from '@lrfinder/core';
import { DEFAULT_SMA } from '../series';
import { PlottingError } from '../errors';
import { LossChart, LossDeltaChart, OverlayChart } from '../react/charts';

// The chart options that make sense in a file, written out rather than derived from the React
// components' props so that the declarations of @lrfinder/plotting/svg need no React types (the
// calls below check that they still fit the components).
export interface SvgOptions {
  /** @default 900 */
  width?: number;
  /** @default 520 */
  height?: number;
  /** Title on top of the chart (and the document's <title>). @default depends on the chart */
  title?: string;
  /** Which suggestion markers to draw. @default 'all' for one run, 'recommended' for several */
  markers?: 'all' | 'recommended' | 'none';
  /** `'auto'` keeps the loss explosion after divergence off the picture; `'data'` shows every value. @default 'auto' */
  yRange?: 'auto' | 'data';
  /** At most this many points per curve. @default 1000 */
  maxPoints?: number;
}

export interface LossSvgOptions extends SvgOptions {
  /** For one run: draw the raw batch loss under the smoothed loss. @default true */
  showRaw?: boolean;
  /** For several runs: which curve of each. @default 'smoothedLoss' */
  value?: 'loss' | 'smoothedLoss';
}

export interface LossDeltaSvgOptions extends SvgOptions {
  /** Moving-average window. @default 20 */
  sma?: number;
}

function runsOf(runOrRuns: RunRecord | readonly RunRecord[]): readonly RunRecord[] {
  const runs = Array.isArray(runOrRuns) ? (runOrRuns as readonly RunRecord[]) : [runOrRuns as RunRecord];
  if (runs.length === 0) throw new PlottingError('runOrRuns', '[]', 'a run record or a non-empty array of them');
  runs.forEach((run, i) => {
    if (!run || typeof run !== 'object' || !Array.isArray(run.points)) {
      throw new PlottingError(Array.isArray(runOrRuns) ? `runOrRuns[${i}]` : 'runOrRuns', run === null ? 'null' : typeof run, 'a run record (parseRun)');
    }
  });
  return runs;
}

export function size(options: SvgOptions): { width: number; height: number } {
  const { width = 900, height = 520 } = options;
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isFinite(v) || v < 200 || v > 10000) throw new PlottingError(name, v, 'a number of pixels in [200, 10000]');
  }
  return { width, height };
}

/** Turns a chart's <svg> into a document: XML prolog, white background, <title> and <desc>. */
export function toDocument(element: ReactElement, width: number, height: number): string {
  const markup = renderToStaticMarkup(element);
  const open = markup.match(/^<svg\b[^>]*>/);
  if (!open) throw new Error('the chart did not render an <svg> element');
  // Both texts come from React's markup, so they are escaped already.
  const title = /aria-label="([^"]*)"/.exec(open[0])?.[1] ?? '';
  const desc = /<desc>([^<]*)<\/desc>/.exec(markup)?.[1];
  let head = open[0];
  if (!/\sxmlns=/.test(head)) head = head.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
  head = head.replace(/\swidth="[^"]*"/, '').replace(/\sheight="[^"]*"/, '').replace('<svg', `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`);
  const body = markup.slice(open[0].length);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    head +
    `<title>${title}</title>` +
    (desc ? `<desc>${desc}</desc>` : '') +
    // Nivo paints the theme's background; a white one is added only if that ever changes.
    (/^<rect width="\d+" height="\d+" fill="#ffffff">/.test(body.replace(/^<desc>[^<]*<\/desc>/, '')) ? '' : '<rect width="100%" height="100%" fill="#ffffff"/>') +
    body +
    '\n'
  );
}

/**
 * Loss vs learning rate as a standalone SVG document: one run (loss, smoothed loss and every
 * suggestion) or several runs overlaid (smoothed loss, each run's recommended suggestion).
 * @example fs.writeFileSync('run.svg', renderLossSvg(run))
 */
export function renderLossSvg(runOrRuns: RunRecord | readonly RunRecord[], options: LossSvgOptions = {}): string {
  const runs = runsOf(runOrRuns);
  const { width, height } = size(options);
  const common = { ...options, width, height, interactive: false, bare: true };
  const element = Array.isArray(runOrRuns)
    ? createElement(OverlayChart, { ...common, runs, value: options.value ?? 'smoothedLoss' })
    : createElement(LossChart, { ...common, run: runs[0] });
  return toDocument(element, width, height);
}

/**
 * The loss-delta curve (`(loss[i] - loss[i - sma]) / sma`) as a standalone SVG document, of one
 * run or several overlaid.
 * @example renderLossDeltaSvg([sgdRun, adamRun], { sma: 20 })
 */
export function renderLossDeltaSvg(runOrRuns: RunRecord | readonly RunRecord[], options: LossDeltaSvgOptions = {}): string {
  const runs = runsOf(runOrRuns);
  const { width, height } = size(options);
  const element = createElement(LossDeltaChart, {
    ...options, width, height, interactive: false, bare: true, sma: options.sma ?? DEFAULT_SMA,
    ...(Array.isArray(runOrRuns) ? { runs } : { run: runs[0] }),
  });
  return toDocument(element, width, height);
}
