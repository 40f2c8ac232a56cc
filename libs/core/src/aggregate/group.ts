// Builds a group record from its repeats' run records: links (id, file, seed, status) and the aggregate.
import type { RunRecord } from '../run-record';
import { aggregateRuns, type AggregateOptions } from './aggregate';
import { GROUP_FORMAT, type GroupRecord } from './group-record';

export interface GroupRecordOptions {
  /** Group id (the file is `<id>.group.json`). */
  id: string;
  /** @default the first run's label */
  label?: string;
  /** The seed the repeats' seeds came from (`repeatSeeds`). @default null */
  baseSeed?: number | null;
  /** File of each run relative to the group file. @default `${run.id}.json` */
  fileOf?: (run: RunRecord) => string;
  aggregate?: AggregateOptions;
  /** @default the first run's createdAt */
  createdAt?: string;
  /** @default now */
  updatedAt?: string;
  sweep?: GroupRecord['sweep'];
  meta?: Record<string, unknown>;
}

/**
 * A `lrfinder.group/v1` record over the repeats (each stays its own run file).
 * @example writeFile(groupFileName(g.id), serializeGroup(groupRecord(runs, { id: 'adam-x3', baseSeed: 0 })))
 */
export function groupRecord(runs: readonly RunRecord[], options: GroupRecordOptions): GroupRecord {
  const aggregate = aggregateRuns(runs, options.aggregate);
  const fileOf = options.fileOf ?? ((r: RunRecord) => `${r.id}.json`);
  const createdAt = options.createdAt ?? runs.map((r) => r.createdAt).sort()[0];
  return {
    format: GROUP_FORMAT,
    id: options.id,
    label: options.label ?? runs[0].label,
    createdAt,
    updatedAt: options.updatedAt ?? new Date().toISOString(),
    baseSeed: options.baseSeed ?? null,
    runs: runs.map((r) => ({ id: r.id, file: fileOf(r), seed: r.config.seed, status: r.status })),
    aggregate,
    ...(options.sweep !== undefined ? { sweep: options.sweep } : {}),
    ...(options.meta !== undefined ? { meta: options.meta } : {}),
  };
}
