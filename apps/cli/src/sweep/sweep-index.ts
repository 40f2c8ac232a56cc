// index.json of a sweep folder: the sweep id, the count and the expanded test list. Every shard
// derives it from the same sweep file, so every shard writes the same content: it is written
// atomically (temp + rename) when absent, and when present it must match this shard's
// expansion, which catches a sweep file edited between shards (ids would no longer line up).
import * as path from 'path';
import { z } from 'zod';
import type { ExpandedSweep, ExpandedTest } from './expand';
import { canonicalJson, readJson, writeJsonAtomic } from './json-file';

export const SWEEP_INDEX_FORMAT = 'lrfinder.sweep/v1';
export const INDEX_FILE = 'index.json';

export const sweepIndexSchema = z.object({
  format: z.literal(SWEEP_INDEX_FORMAT),
  id: z.string().min(1),
  count: z.number().int().positive(),
  description: z.string().optional(),
  tests: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      id: z.string().min(1),
      label: z.string(),
      file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/),
      options: z.record(z.string(), z.unknown()),
      /** A repeat of a configuration (sweep `repeats` > 1): its group id, place and count. */
      repeat: z.object({ group: z.string().min(1), index: z.number().int().nonnegative(), of: z.number().int().min(2) }).optional(),
    }),
  ),
});

export interface SweepIndex {
  format: typeof SWEEP_INDEX_FORMAT;
  id: string;
  count: number;
  description?: string;
  tests: ExpandedTest[];
}

export class SweepFolderError extends Error {
  override readonly name = 'SweepFolderError';
  constructor(message: string, readonly folder: string) {
    super(message);
  }
}

export function toSweepIndex(sweep: ExpandedSweep, description?: string): SweepIndex {
  return {
    format: SWEEP_INDEX_FORMAT,
    id: sweep.id,
    count: sweep.count,
    ...(description ? { description } : {}),
    tests: sweep.tests,
  };
}

/** Reads `<folder>/index.json`. @throws SweepFolderError when absent or invalid. */
export async function readSweepIndex(folder: string): Promise<SweepIndex> {
  const file = path.join(folder, INDEX_FILE);
  const read = await readJson(file);
  if (read.kind === 'absent') throw new SweepFolderError(`${file} not found: is ${folder} a sweep folder (written by lrfinder sweep)?`, folder);
  if (read.kind === 'bad') throw new SweepFolderError(`${file}: ${read.message}`, folder);
  const parsed = sweepIndexSchema.safeParse(read.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SweepFolderError(`${file}: ${issue.path.join('.') || 'index'}: ${issue.message}`, folder);
  }
  return parsed.data as SweepIndex;
}

/**
 * Makes sure `<folder>/index.json` holds `index`: writes it when absent, checks it when present.
 * Concurrent shards racing on an absent file each rename identical content, which is harmless.
 * @throws SweepFolderError when the folder holds a different expansion.
 */
export async function ensureSweepIndex(folder: string, index: SweepIndex): Promise<void> {
  const file = path.join(folder, INDEX_FILE);
  if ((await readJson(file)).kind === 'absent') await writeJsonAtomic(file, index);
  const existing = await readSweepIndex(folder);
  if (canonicalJson({ ...existing, description: undefined }) !== canonicalJson({ ...index, description: undefined })) {
    const mine = new Map(index.tests.map((t) => [t.index, t]));
    const first = existing.tests.find((t) => canonicalJson(t) !== canonicalJson(mine.get(t.index)));
    const where = existing.count !== index.count
      ? `it holds ${existing.count} tests, the sweep file now expands to ${index.count}`
      : `test ${first?.index ?? '?'} (${first?.id ?? '?'}) differs`;
    throw new SweepFolderError(
      `${file} was written from a different sweep file (${where}): finish it with the sweep file it started with, or give the changed sweep a new "id"`,
      folder,
    );
  }
}
