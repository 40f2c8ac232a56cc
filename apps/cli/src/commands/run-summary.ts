// What `run` prints when its tests are done: the suggestion table, which optimizer reached
// the lower loss, where the files are and how to look at them; or the same as JSON.
import * as path from 'path';
import type { RunRecord } from '@lrfinder/core';
import { bestRun, formatLoss, formatLr, lowestLoss, suggestionTable } from '../summary/format';

type Plots = { loss: string; delta: string } | null;

export function runSummaryJson(runs: RunRecord[], files: string[], plots: Plots) {
  const best = bestRun(runs);
  return {
    runs: runs.map((r, i) => ({
      id: r.id,
      label: r.label,
      file: files[i],
      status: r.status,
      stopReason: r.stopReason,
      steps: r.points.length,
      lowestLoss: lowestLoss(r),
      suggestions: r.suggestions,
      msPerStep: r.timing.msPerStep,
      ...(r.error ? { error: r.error.message } : {}),
    })),
    lowestLoss: best ? { label: best.label, id: best.id, ...lowestLoss(best) } : null,
    plots,
  };
}

export function runSummaryText(runs: RunRecord[], files: string[], plots: Plots, o: { quiet: boolean; cwd: string }): string {
  if (runs.length === 0) return 'no test ran\n';
  const rel = (f: string) => path.relative(o.cwd, f) || f;
  const lines: string[] = [];
  lines.push('', `Suggested learning rates (* = recommended, ${runs[0].suggestions.recommended}):`, suggestionTable(runs));
  const best = bestRun(runs);
  if (best && runs.length > 1) {
    const others = runs.filter((r) => r !== best).map((r) => `${r.label} ${formatLoss(lowestLoss(r)?.loss)}`).join(', ');
    const b = lowestLoss(best)!;
    lines.push(`${best.label} reached the lower loss: ${formatLoss(b.loss)} (smoothed) at lr ${formatLr(b.lr)}; ${others}`);
  }
  for (const r of runs.filter((r) => r.status === 'failed')) lines.push(`${r.label} failed: ${r.error?.message ?? 'no reason recorded'}`);
  if (!o.quiet) {
    lines.push('', 'Run files:');
    files.forEach((f) => lines.push(`  ${rel(f)}`));
    if (plots) lines.push('Plots:', `  ${rel(plots.loss)}  (loss vs learning rate)`, `  ${rel(plots.delta)}  (loss delta, sma 20)`);
    const dir = rel(path.dirname(files[0]));
    lines.push(
      '',
      `Look at them: lrfinder show ${rel(files[0])}`,
      `Dashboard: ${dir === 'runs' ? '' : `RUNS_DIR=${path.dirname(files[0])} `}npm run dashboard  (at the repository root), then open http://localhost:3000`,
    );
  }
  return lines.join('\n') + '\n';
}
