// Text formatting shared by run, show and export: learning rates, losses, tables.
import { SUGGESTION_METHODS, type RunRecord, type Suggestion } from '@lrfinder/core';

export function formatLr(lr: number | null | undefined): string {
  if (lr === null || lr === undefined || !Number.isFinite(lr)) return '-';
  return lr.toExponential(2);
}

export function formatLoss(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-';
  return v.toPrecision(4);
}

/** Text of a suggestion: its lr, or `- (reason)` when there is none. */
export function formatSuggestion(s: Suggestion, withReason = false): string {
  if (s.lr !== null) return formatLr(s.lr);
  return withReason && 'reason' in s ? `- (${s.reason})` : '-';
}

/** Lowest smoothed loss of a run and its learning rate, or null when no finite loss. */
export function lowestLoss(run: RunRecord): { loss: number; lr: number; step: number } | null {
  let best: { loss: number; lr: number; step: number } | null = null;
  for (const p of run.points) {
    if (p.smoothedLoss !== null && (best === null || p.smoothedLoss < best.loss)) best = { loss: p.smoothedLoss, lr: p.lr, step: p.step };
  }
  return best;
}

/** Lays out rows as aligned columns (first column left, the rest right-aligned). */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd()).join('\n') + '\n';
}

/** One column per run: every suggestion method (recommended marked *), status, steps, lowest loss. */
export function suggestionTable(runs: RunRecord[]): string {
  const rows: string[][] = [['', ...runs.map((r) => r.label)]];
  for (const m of SUGGESTION_METHODS) {
    rows.push([m, ...runs.map((r) => formatSuggestion(r.suggestions[m]) + (r.suggestions.recommended === m ? '*' : ' '))]);
  }
  rows.push(['lowest loss', ...runs.map((r) => formatLoss(lowestLoss(r)?.loss) + ' ')]);
  rows.push(['at lr', ...runs.map((r) => formatLr(lowestLoss(r)?.lr) + ' ')]);
  rows.push(['status', ...runs.map((r) => `${r.status} `)]);
  rows.push(['steps', ...runs.map((r) => `${r.points.length}/${r.config.numIter} `)]);
  rows.push(['ms/step', ...runs.map((r) => (r.timing.msPerStep === null ? '-' : r.timing.msPerStep.toFixed(0)) + ' ')]);
  return table(rows);
}

/** The run with the lowest smoothed loss, or null when none has a finite loss. */
export function bestRun(runs: RunRecord[]): RunRecord | null {
  let best: RunRecord | null = null;
  for (const r of runs) {
    const l = lowestLoss(r);
    if (l && (best === null || l.loss < (lowestLoss(best)?.loss ?? Infinity))) best = r;
  }
  return best;
}
