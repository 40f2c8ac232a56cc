// A small loss-vs-learning-rate plot in text characters (log x), for `lrfinder show`.
import type { RunRecord } from '@lrfinder/core';

export interface TextPlotOptions {
  /** Plot columns. @default 60 */
  width?: number;
  /** Plot rows. @default 12 */
  height?: number;
}

/**
 * Smoothed loss against log10(lr): one `*` per column (the mean of the points in it), the
 * recommended suggestion as a `|` column, y labels on the left, lr range below.
 */
export function textPlot(run: RunRecord, options: TextPlotOptions = {}): string {
  const width = options.width ?? 60;
  const height = options.height ?? 12;
  const pts = run.points.filter((p) => p.smoothedLoss !== null);
  if (pts.length < 2) return '(not enough finite points to plot)\n';
  const x0 = Math.log10(pts[0].lr);
  const x1 = Math.log10(pts[pts.length - 1].lr);
  const span = x1 - x0 || 1;
  const col = (lr: number) => Math.min(width - 1, Math.max(0, Math.round(((Math.log10(lr) - x0) / span) * (width - 1))));
  const sums = new Array<number>(width).fill(0);
  const counts = new Array<number>(width).fill(0);
  for (const p of pts) {
    sums[col(p.lr)] += p.smoothedLoss!;
    counts[col(p.lr)] += 1;
  }
  const ys = sums.map((s, i) => (counts[i] ? s / counts[i] : null));
  const finite = ys.filter((y): y is number => y !== null);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const row = (y: number) => (hi === lo ? 0 : Math.round(((hi - y) / (hi - lo)) * (height - 1)));
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  const rec = run.suggestions[run.suggestions.recommended];
  if (rec.lr !== null && rec.lr >= pts[0].lr && rec.lr <= pts[pts.length - 1].lr) {
    const c = col(rec.lr);
    for (const r of grid) r[c] = '|';
  }
  ys.forEach((y, c) => {
    if (y !== null) grid[row(y)][c] = '*';
  });
  const labels = grid.map((_, r) => (r === 0 ? hi.toPrecision(3) : r === height - 1 ? lo.toPrecision(3) : ''));
  const lw = Math.max(...labels.map((l) => l.length));
  const lines = grid.map((r, i) => `${labels[i].padStart(lw)} ┤${r.join('')}`);
  const left = pts[0].lr.toExponential(1);
  const right = pts[pts.length - 1].lr.toExponential(1);
  lines.push(`${' '.repeat(lw)} └${'─'.repeat(width)}`);
  lines.push(`${' '.repeat(lw)}  ${left}${' '.repeat(Math.max(1, width - left.length - right.length))}${right}  lr (log)`);
  return lines.join('\n') + '\n';
}
