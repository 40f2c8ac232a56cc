// `show` and `export` of a group file: recognised by its format (not its name), the group shown
// as its aggregate (medians with intervals, verdict, the repeats and their status), exported as
// the band's CSV or SVG.
import { promises as fs } from 'fs';
import { GROUP_FORMAT, SUGGESTION_METHODS, type GroupRecord } from '@lrfinder/core';
import { formatLr, table } from '../summary/format';
import { isGroupFile, readGroupFile } from './group-file-io';
import { methodInterval } from './group-summary';

/**
 * True when the file is named `*.group.json` (its errors are then a group reader's) or holds a
 * group record (format `lrfinder.group/v1`); anything else is left to the run reader.
 */
export async function holdsGroup(file: string): Promise<boolean> {
  if (isGroupFile(file)) return true;
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (text === null) return false;
  try {
    const value = JSON.parse(text) as { format?: unknown } | null;
    return typeof value === 'object' && value !== null && value.format === GROUP_FORMAT;
  } catch {
    return false;
  }
}

export { readGroupFile };

/** The text summary of a group. */
export function showGroup(g: GroupRecord): string {
  const a = g.aggregate;
  const c = a.config;
  const out: string[] = [];
  out.push(`${g.label}  (group ${g.id}, ${a.repeats} repeats aggregated${a.excluded.length ? `, ${a.excluded.length} left out` : ''})`);
  out.push(`range      ${formatLr(c.startLr)} -> ${formatLr(c.endLr)} (${c.schedule}), ${c.numIter} steps, batch ${c.batchSize ?? '-'}, smoothing ${c.smoothing}, diverge x${c.divergeThreshold ?? 'off'}, base seed ${g.baseSeed ?? '-'}`);
  out.push(`repeats    ${g.runs.map((r) => `${r.id} (seed ${r.seed ?? '-'}, ${r.status})`).join(', ')}`);
  for (const e of a.excluded) out.push(`left out   ${e.id}: ${e.reason}`);
  const partial = a.curve.find((p) => p.count < a.repeats);
  if (partial) out.push(`band       from lr ${formatLr(partial.lr)} (step ${partial.step}) on, only ${partial.count} of ${a.repeats} repeats were still running`);
  const s = a.stable;
  out.push(`stable     ${formatLr(s.lr)}${s.interval ? ` [${formatLr(s.interval.low)}, ${formatLr(s.interval.high)}] (holds the median with ${(100 * s.interval.coverage).toFixed(1)}%)` : ''}, ${s.rule} of ${s.method}${s.reason ? ` (${s.reason})` : ''}`);
  out.push(`verdict    ${a.verdict}`);
  out.push('', 'suggestions over the repeats:');
  const rows = [['  method', 'median', 'interval', 'max/min', 'IQR (decades)', 'repeats']];
  for (const m of SUGGESTION_METHODS) {
    const sp = a.suggestions[m];
    const iv = methodInterval(sp);
    rows.push([
      `  ${m}${s.method === m ? ' (stable)' : ''}`,
      formatLr(sp.median),
      iv ? `[${formatLr(iv.low)}, ${formatLr(iv.high)}]` : '-',
      sp.ratio === null ? '-' : `${sp.ratio.toFixed(1)}x${sp.wide ? ' wide' : ''}`,
      sp.iqrLog10 === null ? '-' : sp.iqrLog10.toFixed(2),
      `${sp.count}/${a.repeats}`,
    ]);
  }
  out.push(table(rows).trimEnd(), '');
  return out.join('\n') + '\n';
}

/** `step,lr,count,median,low,high,median_loss`: the band, one row per step. */
export function groupToCsv(g: GroupRecord): string {
  const rows = ['step,lr,count,median,low,high,median_loss'];
  for (const p of g.aggregate.curve) rows.push([p.step, p.lr, p.count, p.median, p.low, p.high, p.medianLoss ?? ''].join(','));
  return rows.join('\n') + '\n';
}
