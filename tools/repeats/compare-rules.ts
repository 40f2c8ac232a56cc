// Which stable rule: the median of the repeats' own valley picks, or the valley of the median
// curve? Measured on curves with a known answer; prints Markdown (committed as RESULTS.md).
// Run: npx tsx --tsconfig tools/tsconfig.json tools/repeats/compare-rules.ts [--groups 200]
import { aggregateRuns, rangeTest, repeatSeeds, smoothLosses, valley, type RunRecord, type StableRule } from '@lrfinder/core';
// The least-squares problem of core's tests (the test helpers are not part of the package API).
import { leastSquares, normal, sgdTrainStep } from '../../libs/core/src/test-helpers/least-squares';

const groupsArg = process.argv.indexOf('--groups');
const GROUPS = groupsArg > 0 ? Number(process.argv[groupsArg + 1]) : 200;
const K = 10;
const RULES: StableRule[] = ['median-of-repeats', 'median-curve'];

const log10 = Math.log10;
const quantile = (xs: number[], q: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  return s[Math.floor(h)] + (h - Math.floor(h)) * (s[Math.min(Math.floor(h) + 1, s.length - 1)] - s[Math.floor(h)]);
};
const rms = (xs: number[]) => Math.sqrt(xs.reduce((a, v) => a + v * v, 0) / xs.length);
const fmt = (v: number, d = 3) => v.toFixed(d);

interface Estimates { rule: StableRule | 'single run'; logs: number[]; nulls: number }

async function groupsOf(make: (seed: number) => Promise<RunRecord>): Promise<Estimates[]> {
  const out: Estimates[] = [...RULES, 'single run' as const].map((rule) => ({ rule, logs: [], nulls: 0 }));
  for (let g = 0; g < GROUPS; g++) {
    const runs = await Promise.all(repeatSeeds(1000 + g, K).map(make));
    for (const [i, rule] of RULES.entries()) {
      const lr = aggregateRuns(runs, { rule }).stable.lr;
      if (lr === null) out[i].nulls++;
      else out[i].logs.push(log10(lr));
    }
    const single = runs[0].suggestions.valley.lr;
    if (single === null) out[2].nulls++;
    else out[2].logs.push(log10(single));
  }
  return out;
}

function table(title: string, truth: number | null, estimates: Estimates[], limit?: number): string {
  const rows = estimates.map(({ rule, logs, nulls }) => {
    const err = truth === null ? null : logs.map((l) => l - truth);
    const median = quantile(logs, 0.5);
    const below = limit === undefined ? '' : ` | ${fmt((100 * logs.filter((l) => l < log10(limit)).length) / logs.length, 0)}%`;
    return `| ${rule} | ${fmt(10 ** median, 5)} | ${err ? fmt(quantile(err, 0.5)) : '-'} | ${err ? fmt(rms(err)) : '-'} | ${fmt(quantile(logs, 0.9) - quantile(logs, 0.1))} | ${nulls}${below} |`;
  });
  return [
    `### ${title}`,
    '',
    ...(truth === null ? [] : [`Known answer: ${(10 ** truth).toExponential(3)}.`, '']),
    `| estimate | median lr | bias (decades) | rms error (decades) | p10-p90 width across groups (decades) | none${limit === undefined ? '' : ' | below 2/lambda_max'} |`,
    `| --- | --- | --- | --- | --- | ---${limit === undefined ? '' : ' | ---'} |`,
    ...rows,
    '',
  ].join('\n');
}

/**
 * Synthetic curve over x = log10(lr): flat at 2.3 up to 1e-3, a cosine descent to 0.3 at 10^-1.5,
 * flat again, then a blow-up past 10^-0.8. Exactly flat parts, so the noise-free valley is the
 * descent and nothing else. Each repeat: log-normal batch noise, and the whole curve shifted along
 * lr by `shift` decades x N(0, 1) (what initial weights do).
 */
async function synthetic(noise: number, shift: number): Promise<string> {
  const numIter = 200, startLr = 1e-4, endLr = 1;
  const clean = (lr: number) => {
    const x = log10(lr);
    const descent = x < -3 ? 2.3 : x > -1.5 ? 0.3 : 1.3 + Math.cos((Math.PI * (x + 3)) / 1.5);
    return descent + (x > -0.8 ? 10 ** (3 * (x + 0.8)) - 1 : 0);
  };
  const lrs = Array.from({ length: numIter }, (_, i) => startLr * (endLr / startLr) ** (i / (numIter - 1)));
  // the answer: fastai's valley of the noise-free curve, smoothed and windowed exactly as a run is
  const smoothed = smoothLosses(lrs.map(clean), 0.98);
  const skip = Math.floor(numIter / 10);
  const truthPick = valley(lrs.slice(skip, numIter - 5), smoothed.slice(skip, numIter - 5));
  const truth = log10(truthPick.lr as number);
  const estimates = await groupsOf(async (seed) => {
    const rnd = normal(seed);
    const offset = shift * rnd();
    return rangeTest({
      startLr, endLr, numIter, seed, now: () => 0,
      trainStep: (lr) => clean(lr * 10 ** offset) * Math.exp(noise * rnd()),
    });
  });
  return table(`Synthetic curve, batch noise ${noise} (log-normal), repeat shift ${shift} decades, ${numIter} steps`, truth, estimates);
}

async function leastSquaresRuns(batchSize: number): Promise<string> {
  const problem = leastSquares();
  const limit = 2 / problem.lambdaMax;
  const estimates = await groupsOf(async (seed) =>
    rangeTest({ startLr: 1e-4, endLr: 10, numIter: 100, batchSize, seed, now: () => 0, trainStep: sgdTrainStep(problem, batchSize, seed).step }));
  return table(`Least squares (core's test problem), plain SGD, batch ${batchSize}, 2/lambda_max = ${limit.toExponential(3)}`, null, estimates, limit);
}

async function main() {
  const parts = [
    `## Stable rule: median of repeats vs valley of the median curve (${GROUPS} groups of ${K} repeats each)`,
    '',
    'Each group: K = 10 repeats with seeds repeatSeeds(1000 + g, 10). "single run" is the first repeat of each group alone.',
    'Errors are log10(estimate / answer); the width is how far the estimate moves from one group to the next.',
    'The learning-rate grid is discrete (synthetic: 200 steps over 4 decades, 0.02 decades a step; least squares: 100 steps over 5 decades, 0.05), so widths come in whole steps.',
    '',
    await synthetic(0.1, 0),
    await synthetic(0.3, 0),
    await synthetic(0.3, 0.15),
    await leastSquaresRuns(16),
    await leastSquaresRuns(64),
  ];
  console.log(parts.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
