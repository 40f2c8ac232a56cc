// After `run --repeats K`: one group per optimizer over its K run files (`<id>.group.json`), and
// with --plot the band picture of each group and of all groups overlaid.
import * as path from 'path';
import type { GroupRecord, RunRecord } from '@lrfinder/core';
import { makeRunId, timeStamp } from '../run/run-id';
import { writeFileAtomic } from '../run/run-file-io';
import { writeGroupFile } from './group-file-io';

export interface RunGroups {
  groups: GroupRecord[];
  /** Group files, same order. */
  files: string[];
  /** Band plots: one per group, then the overlay when there are several groups. */
  plots: string[];
}

/**
 * Groups the finished runs by the test they repeat (`owners[i]` names run i's test, e.g. its
 * optimizer) and writes a group file per test that has at least one run.
 */
export async function writeRunGroups(o: {
  out: string;
  tests: readonly string[];
  owners: readonly string[];
  runs: readonly RunRecord[];
  files: readonly string[];
  baseSeed: number;
  started: number;
  plot: boolean;
  meta?: Record<string, unknown>;
}): Promise<RunGroups> {
  const result: RunGroups = { groups: [], files: [], plots: [] };
  // The plotting library (React, Nivo: ~0.25 s of CPU to load) only when there are plots to draw.
  const renderBandSvg = o.plot ? (await import('@lrfinder/plotting/svg')).renderBandSvg : null;
  for (const test of o.tests) {
    const mine = o.runs.map((r, i) => ({ r, file: o.files[i] })).filter((_, i) => o.owners[i] === test);
    if (mine.length === 0) continue;
    const id = makeRunId(`${test}-x${mine.length}`, o.started);
    const { group, file } = await writeGroupFile(o.out, mine.map((m) => m.r), mine.map((m) => m.file), { id, label: test, baseSeed: o.baseSeed, meta: o.meta });
    result.groups.push(group);
    result.files.push(file);
    if (renderBandSvg) {
      const svg = file.replace(/\.group\.json$/, '.svg');
      await writeFileAtomic(svg, renderBandSvg(group));
      result.plots.push(svg);
    }
  }
  if (renderBandSvg && result.groups.length > 1) {
    const svg = path.join(o.out, `${timeStamp(o.started)}-${result.groups.map((g) => g.label).join('-vs-')}.band.svg`);
    await writeFileAtomic(svg, renderBandSvg(result.groups));
    result.plots.push(svg);
  }
  return result;
}
