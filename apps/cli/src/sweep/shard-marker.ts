// One small file per shard process, `<folder>/shards/shard-<i>-of-<n>.json`: which host and pid
// runs it, its state and the test it is on. Only that shard writes it (atomically), so shards
// still never write the same file. `sweep status` uses it to tell a live `running` test from
// one whose process is gone.
import { promises as fs } from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { ensureFolder } from '../files/atomic-write';
import { readJson, writeJsonAtomic } from './json-file';

export const SHARD_MARKER_FORMAT = 'lrfinder.sweep-shard/v1';
export const SHARDS_DIR = 'shards';

export const shardMarkerSchema = z.object({
  format: z.literal(SHARD_MARKER_FORMAT),
  sweepId: z.string(),
  shard: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  host: z.string(),
  pid: z.number().int(),
  /** `running` while the process works; what it ended with otherwise. */
  state: z.enum(['running', 'done', 'failed', 'interrupted']),
  /** The test id it is on, null between tests and at the end. */
  current: z.string().nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
});

export type ShardMarker = z.infer<typeof shardMarkerSchema>;

/**
 * `shards/shard-<i>-of-<n>.json`; a second live process of the same shard (two sweeps into one
 * folder) writes its own, `shard-<i>-of-<n>.<pid>.json`, so neither overwrites the other's.
 */
export function shardMarkerFile(folder: string, shard: { index: number; count: number }, instance?: number): string {
  return path.join(folder, SHARDS_DIR, `shard-${shard.index}-of-${shard.count}${instance !== undefined ? `.${instance}` : ''}.json`);
}

export async function writeShardMarker(folder: string, marker: ShardMarker, instance?: number): Promise<void> {
  await ensureFolder(path.join(folder, SHARDS_DIR));
  await writeJsonAtomic(shardMarkerFile(folder, { index: marker.shard, count: marker.count }, instance), marker);
}

/** Every valid marker of the folder; unreadable ones are skipped (they only refine the status). */
export async function readShardMarkers(folder: string): Promise<ShardMarker[]> {
  let names: string[];
  try {
    names = await fs.readdir(path.join(folder, SHARDS_DIR));
  } catch {
    return [];
  }
  const markers: ShardMarker[] = [];
  for (const name of names.filter((n) => /^shard-\d+-of-\d+(\.\d+)?\.json$/.test(n)).sort()) {
    const read = await readJson(path.join(folder, SHARDS_DIR, name));
    const parsed = read.kind === 'ok' ? shardMarkerSchema.safeParse(read.value) : null;
    if (parsed?.success) markers.push(parsed.data);
  }
  return markers;
}

/** Whether a process id is alive on this machine (signal 0 probes without signalling). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
