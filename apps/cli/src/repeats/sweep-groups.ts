// Groups in a sweep: repeats are tests like any other and shard alike, so no process owns a
// group. After its tests, each shard writes the group file of every group it ran a repeat of
// whose repeats have all finished; the last shard to finish one therefore always writes it. The
// content depends only on the run files (times from the runs), so shards that race write the
// same bytes, atomically.
import { promises as fs } from 'fs';
import * as path from 'path';
import { groupFileName, groupRecord, safeParseRun, serializeGroup, type GroupRecord, type RunRecord } from '@lrfinder/core';
import { renderBandSvg } from '@lrfinder/plotting/svg';
import { writeFileAtomic } from '../run/run-file-io';
import type { ExpandedTest } from '../sweep/expand';

export interface SweepGroupsResult {
  /** Group files written. */
  written: string[];
  /** Groups with a repeat still missing or running (another shard will write them). */
  waiting: string[];
}

async function finishedRun(file: string): Promise<RunRecord | null> {
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const parsed = safeParseRun(text);
  return parsed.ok && parsed.run.status !== 'running' ? parsed.run : null;
}

/** The group record of a sweep group whose repeats have all finished, or null. */
export async function sweepGroup(folder: string, sweepId: string, members: readonly ExpandedTest[]): Promise<GroupRecord | null> {
  const runs: RunRecord[] = [];
  for (const t of members) {
    const run = await finishedRun(path.join(folder, t.file));
    if (!run) return null;
    runs.push(run);
  }
  const times = runs.map((r) => r.updatedAt).sort();
  return groupRecord(runs, {
    id: members[0].repeat!.group,
    label: members[0].label.replace(/ r0$/, ''),
    baseSeed: members[0].options.seed,
    fileOf: (r) => members[runs.indexOf(r)].file,
    createdAt: runs.map((r) => r.createdAt).sort()[0],
    updatedAt: times[times.length - 1],
    meta: { sweep: sweepId, tests: members.map((t) => t.index) },
  });
}

/**
 * Writes the group file of each group `mine` has a repeat of, once all its repeats have finished
 * (and with `plot` its band chart, `<group>.svg`).
 */
export async function writeSweepGroups(
  folder: string, sweepId: string, all: readonly ExpandedTest[], mine: readonly ExpandedTest[], o: { plot?: boolean } = {},
): Promise<SweepGroupsResult> {
  const result: SweepGroupsResult = { written: [], waiting: [] };
  const ids = [...new Set(mine.flatMap((t) => (t.repeat ? [t.repeat.group] : [])))];
  for (const id of ids) {
    const members = all.filter((t) => t.repeat?.group === id).sort((a, b) => a.repeat!.index - b.repeat!.index);
    const group = await sweepGroup(folder, sweepId, members);
    if (!group) {
      result.waiting.push(id);
      continue;
    }
    const file = path.join(folder, groupFileName(id));
    await writeFileAtomic(file, serializeGroup(group));
    if (o.plot) await writeFileAtomic(path.join(folder, `${id}.svg`), renderBandSvg(group));
    result.written.push(file);
  }
  return result;
}
