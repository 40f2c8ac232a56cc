// The reference experiment's repeats as Markdown: for each group file in a folder (from
// `lrfinder run --repeats K`), the stable suggestion by both rules, every method's median and
// spread. Run: npx tsx --tsconfig tools/tsconfig.json tools/repeats/reference-groups.ts <folder>
import { promises as fs } from 'fs';
import * as path from 'path';
import { aggregateRuns, parseGroup, parseRun, SUGGESTION_METHODS } from '@lrfinder/core';

const lr = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v.toExponential(2));

async function main() {
  const folder = process.argv[2];
  if (!folder) throw new Error('give the folder of a run --repeats');
  const names = (await fs.readdir(folder)).filter((n) => n.endsWith('.group.json')).sort();
  const out: string[] = [];
  for (const name of names) {
    const g = parseGroup(await fs.readFile(path.join(folder, name), 'utf8'));
    const runs = await Promise.all(g.runs.map(async (r) => parseRun(await fs.readFile(path.join(folder, r.file), 'utf8'))));
    const byCurve = aggregateRuns(runs, { rule: 'median-curve' });
    const a = g.aggregate;
    const iv = a.stable.interval;
    out.push(`### ${g.label} (${a.repeats} repeats, seeds ${a.seeds.join(', ')})`, '');
    out.push(`- stable (median of the repeats' valley picks): **${lr(a.stable.lr)}**, interval [${lr(iv?.low)}, ${lr(iv?.high)}] (holds the median with ${iv ? (100 * iv.coverage).toFixed(1) : '-'}%)`);
    out.push(`- valley of the median curve: ${lr(byCurve.stable.lr)}`);
    out.push(`- statuses: ${runs.map((r) => `${r.status}${r.status === 'diverged' ? ` at step ${r.points.length - 1}` : ''}`).join(', ')}`);
    out.push(`- verdict: ${a.verdict}`, '');
    out.push('| method | per repeat | median | max/min | IQR (decades) |', '| --- | --- | --- | --- | --- |');
    for (const m of SUGGESTION_METHODS) {
      const s = a.suggestions[m];
      out.push(`| ${m} | ${s.values.map(lr).join(', ')} | ${lr(s.median)} | ${s.ratio === null ? '-' : `${s.ratio.toFixed(1)}x`} | ${s.iqrLog10 === null ? '-' : s.iqrLog10.toFixed(2)} |`);
    }
    out.push('');
  }
  console.log(out.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
