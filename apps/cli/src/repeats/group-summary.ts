// What `run --repeats` prints: every suggestion method as the median over the repeats with the
// interval of that median, the stable method marked, and each group's verdict in words; or JSON.
import * as path from 'path';
import { medianInterval, SUGGESTION_METHODS, type GroupRecord, type MedianInterval, type MethodSpread, type RunRecord } from '@lrfinder/core';
import type { RunGroups } from './run-groups';
import { formatLr, table } from '../summary/format';

/** The interval of a method's median over the repeats (exact order statistics, >= 90% where the repeats allow). */
export function methodInterval(spread: MethodSpread): MedianInterval | null {
  return medianInterval(spread.values.filter((v): v is number => v !== null));
}

function cell(spread: MethodSpread): string {
  if (spread.median === null) return '-';
  const iv = methodInterval(spread);
  return iv ? `${formatLr(spread.median)} [${formatLr(iv.low)}, ${formatLr(iv.high)}]` : formatLr(spread.median);
}

/** One column per group: each method's median [interval], its spread, the repeats counted. */
export function groupTable(groups: readonly GroupRecord[]): string {
  const rows: string[][] = [['', ...groups.map((g) => g.label)]];
  for (const m of SUGGESTION_METHODS) {
    rows.push([m, ...groups.map((g) => cell(g.aggregate.suggestions[m]) + (g.aggregate.stable.method === m ? '*' : ' '))]);
  }
  const stable = groups[0].aggregate.stable.method;
  rows.push([`${stable} spread`, ...groups.map((g) => {
    const r = g.aggregate.suggestions[stable].ratio;
    return (r === null ? '-' : `${r.toFixed(1)}x`) + ' ';
  })]);
  rows.push(['repeats', ...groups.map((g) => `${g.aggregate.repeats}${g.aggregate.excluded.length ? ` (+${g.aggregate.excluded.length} left out)` : ''} `)]);
  return table(rows);
}

/** A path as one shell word (quoted when it holds anything but plain path characters). */
const shellWord = (p: string): string => (/^[\w./@%+=:,-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);

/**
 * What `run --repeats` prints instead of the per-run table (K x optimizers columns would not fit
 * a terminal): the groups, failed repeats, and with `quiet` off where the files are.
 */
export function repeatsRunText(
  g: RunGroups, runs: readonly RunRecord[], files: readonly string[], o: { quiet: boolean; cwd: string; dashboard?: string | null },
): string {
  const rel = (f: string) => path.relative(o.cwd, f) || f;
  const lines = [groupSummaryText(g.groups, o.quiet ? [] : g.files, o.cwd).trimEnd()];
  for (const r of runs.filter((r) => r.status === 'failed')) lines.push(`${r.label} failed: ${r.error?.message ?? 'no reason recorded'}`);
  if (!o.quiet) {
    const dirs = [...new Set(files.map((f) => rel(path.dirname(f))))];
    lines.push(`Run files: ${files.length} (one per repeat, \`lrfinder show\` reads each) in ${dirs.join(', ')}`);
    if (g.plots.length > 0) lines.push('Band plots:', ...g.plots.map((p) => `  ${rel(p)}`));
    if (g.files.length > 0) lines.push('', `Look at them: npx lrfinder show ${g.files.map((f) => shellWord(rel(f))).join(' ')}`);
    if (o.dashboard) lines.push(`Dashboard: ${o.dashboard}, then open http://localhost:3000`);
  }
  return lines.join('\n') + '\n';
}

export function groupSummaryText(groups: readonly GroupRecord[], files: readonly string[], cwd: string): string {
  if (groups.length === 0) return '';
  const rel = (f: string) => path.relative(cwd, f) || f;
  const stable = groups[0].aggregate.stable;
  const coverage = stable.interval ? `, interval holds the median with >= ${Math.floor(100 * Math.min(...groups.map((g) => g.aggregate.stable.interval?.coverage ?? 1)))}%` : '';
  const lines = [
    '',
    `Over ${groups.map((g) => g.aggregate.repeats).join('/')} repeats: median [interval] of each suggestion (* = stable: ${stable.rule} of ${stable.method}${coverage}):`,
    groupTable(groups).trimEnd(),
    ...groups.map((g) => `${g.label}: stable lr ${formatLr(g.aggregate.stable.lr)}${g.aggregate.stable.interval ? ` [${formatLr(g.aggregate.stable.interval.low)}, ${formatLr(g.aggregate.stable.interval.high)}]` : ''}; ${g.aggregate.verdict}`),
    ...(files.length > 0 ? ['Group files:', ...files.map((f) => `  ${rel(f)}`)] : []),
  ];
  return lines.join('\n') + '\n';
}

export function groupSummaryJson(groups: readonly GroupRecord[], files: readonly string[]) {
  return groups.map((g, i) => ({
    id: g.id,
    label: g.label,
    file: files[i],
    repeats: g.aggregate.repeats,
    excluded: g.aggregate.excluded,
    stable: g.aggregate.stable,
    verdict: g.aggregate.verdict,
    suggestions: Object.fromEntries(SUGGESTION_METHODS.map((m) => {
      const s = g.aggregate.suggestions[m];
      return [m, { median: s.median, interval: methodInterval(s), ratio: s.ratio, iqrLog10: s.iqrLog10, wide: s.wide, values: s.values }];
    })),
  }));
}
