// Repeats are aggregated only when they are the same test up to the seed: the same learning
// rates at the same steps (schedule), the same smoothing and stop rule, optimizer, model, data.
import type { RunRecord } from '../run-record';

/** Runs given to `aggregateRuns` cannot be aggregated; `field` names what differs (e.g. `config.endLr`). */
export class GroupError extends Error {
  override readonly name = 'GroupError';
  constructor(
    message: string,
    /** Dotted path of the field that is wrong or differs between runs; '' for the whole input. */
    readonly field: string,
  ) {
    super(message);
  }
}

type Fact = [field: string, value: (run: RunRecord) => unknown];

/** Everything that must be equal between repeats; the seed (and ids, times, backend) may differ. */
const FACTS: Fact[] = [
  ['config.startLr', (r) => r.config.startLr],
  ['config.endLr', (r) => r.config.endLr],
  ['config.numIter', (r) => r.config.numIter],
  ['config.schedule', (r) => r.config.schedule],
  ['config.batchSize', (r) => r.config.batchSize],
  ['config.smoothing', (r) => r.config.smoothing],
  ['config.divergeThreshold', (r) => r.config.divergeThreshold],
  ['config.accumulationSteps', (r) => r.config.accumulationSteps ?? 1],
  ['optimizer.name', (r) => r.optimizer?.name ?? null],
  ['optimizer.config', (r) => r.optimizer?.config ?? null],
  ['model.name', (r) => r.model?.name ?? null],
  ['dataset.name', (r) => r.dataset?.name ?? null],
];

/** Key-order independent JSON, so two equal configs written by different producers compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Throws a GroupError naming the first field in which a run differs from the first run. */
export function checkSameConfiguration(runs: readonly RunRecord[]): void {
  if (runs.length === 0) throw new GroupError('no runs to aggregate: give at least one run record', '');
  const ids = new Set<string>();
  for (const run of runs) {
    if (ids.has(run.id)) throw new GroupError(`run ${run.id} is given twice: each repeat is one run`, 'id');
    ids.add(run.id);
  }
  const [first] = runs;
  for (const [field, value] of FACTS) {
    const expected = canonical(value(first));
    for (const run of runs.slice(1)) {
      const found = canonical(value(run));
      if (found !== expected) {
        throw new GroupError(
          `run ${run.id} has ${field} ${found} but run ${first.id} has ${expected}: repeats must be one configuration (only the seed may differ)`,
          field,
        );
      }
    }
  }
}
