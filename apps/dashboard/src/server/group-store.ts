// Groups of repeats (`<id>.group.json`, format lrfinder.group/v1, written by `lrfinder run
// --repeats` and sweeps with repeats) beside their run files: read with core's safeParseGroup,
// inside the runs folder only (same id rule and realpath check as run files).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { safeParseGroup, type GroupRecord } from '@lrfinder/core';
import { checkId, realInside, refToPath, UnsafePathError, type RunRef } from './safe-path';

export const GROUP_SUFFIX = '.group.json';
const MAX_GROUP_FILE_BYTES = 32 * 1024 * 1024;

/** What the list shows of a group: one row that opens to its repeats. */
export interface GroupSummary {
  /** `id` or `sweepId/id`: the group's path in URLs (/groups/<path>). */
  path: string;
  id: string;
  label: string;
  repeats: number;
  /** The run ids of its repeats (rows nested under the group's row). */
  runIds: string[];
  stableLr: number | null;
  stableMethod: string;
  interval: { low: number; high: number; coverage: number } | null;
  verdict: string;
  excluded: number;
}

export type ReadGroupResult = { ok: true; group: GroupRecord; mtimeMs: number } | { ok: false; status: 400 | 404 | 413 | 422; reason: string };

export function groupFilePath(dir: string, ref: RunRef): string {
  const name = `${checkId(ref.id, 'group id')}${GROUP_SUFFIX}`;
  return ref.sweepId ? path.join(dir, checkId(ref.sweepId, 'sweep id'), name) : path.join(dir, name);
}

/** Reads and validates the group file `ref` names. Never throws. */
export async function readGroupFile(dir: string, ref: RunRef): Promise<ReadGroupResult> {
  let file: string;
  try {
    file = await realInside(dir, groupFilePath(dir, ref));
  } catch (e) {
    if (e instanceof UnsafePathError) return { ok: false, status: 400, reason: e.message };
    return { ok: false, status: 404, reason: `group ${refToPath(ref)} not found` };
  }
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_GROUP_FILE_BYTES) return { ok: false, status: 413, reason: `group file too large (${stat.size} bytes)` };
    const parsed = safeParseGroup(await fs.readFile(file, 'utf8'));
    if (!parsed.ok) return { ok: false, status: 422, reason: parsed.error.message };
    return { ok: true, group: parsed.group, mtimeMs: stat.mtimeMs };
  } catch (e) {
    return { ok: false, status: 404, reason: (e as Error).message };
  }
}

export function summarizeGroup(ref: RunRef, g: GroupRecord): GroupSummary {
  const a = g.aggregate;
  return {
    path: refToPath(ref),
    id: g.id,
    label: g.label,
    repeats: a.repeats,
    runIds: g.runs.map((r) => r.id),
    stableLr: a.stable.lr,
    stableMethod: a.stable.method,
    interval: a.stable.interval,
    verdict: a.verdict,
    excluded: a.excluded.length,
  };
}
