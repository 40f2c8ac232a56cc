// What `run` prints when its tests are done: the suggestion table, which optimizer reached
// the lower loss, where the files are and how to look at them; or the same as JSON.
import { existsSync, readFileSync } from 'fs';
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
    // Advice that works as printed from where the user is: `npx lrfinder` finds the command in
    // the repository (after npm ci), in a project that installed @lrfinder/cli, and globally.
    lines.push('', `Look at them: npx lrfinder show ${shellWord(rel(files[0]))}`);
    const dashboard = dashboardAdvice(path.dirname(path.resolve(o.cwd, files[0])), o.cwd);
    if (dashboard) lines.push(`Dashboard: ${dashboard}, then open http://localhost:3000`);
  }
  return lines.join('\n') + '\n';
}

/** A path as one shell word (quoted when it holds anything but plain path characters). */
function shellWord(p: string): string {
  return /^[\w./@%+=:,-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

/**
 * The repository this CLI runs from (the lrfinder workspace, the only place with the dashboard),
 * or null when it runs as an installed package. Found from this file's folder: the sources under
 * jest, dist/ (or dist/chunks/) of the bundle.
 */
export function repositoryRoot(from: string = __dirname): string | null {
  let dir = from;
  for (let i = 0; i < 6; i += 1) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === 'lrfinder-workspace') return existsSync(path.join(dir, 'apps', 'dashboard', 'package.json')) ? dir : null;
    } catch {
      // no package.json here: go up
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

/** How to open the dashboard on `runsDir`, typed from `cwd`; null outside the repository. */
export function dashboardAdvice(runsDir: string, cwd: string, root: string | null = repositoryRoot()): string | null {
  if (root == null) return null;
  const fromRoot = path.relative(root, runsDir);
  const inside = fromRoot !== '' && !fromRoot.startsWith('..') && !path.isAbsolute(fromRoot);
  const runsEnv = fromRoot === 'runs' ? '' : `RUNS_DIR=${shellWord(inside ? fromRoot : runsDir)} `;
  const cd = path.resolve(cwd) === root ? '' : `cd ${shellWord(path.relative(cwd, root) || '.')} && `;
  return `${cd}${runsEnv}npm run dashboard`;
}
