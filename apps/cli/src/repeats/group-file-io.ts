// Group files on disk: `<out>/<id>.group.json` beside the repeats' run files, written atomically;
// read back (with the run files it links) by show and export.
import { promises as fs } from 'fs';
import * as path from 'path';
import { groupFileName, groupRecord, safeParseGroup, serializeGroup, type GroupRecord, type RunRecord } from '@lrfinder/core';
import { CliInputError } from '../io';
import { writeFileAtomic } from '../run/run-file-io';
import { readRunFile } from '../show/read-run';

/** Builds the group of `runs` (their files in `files`, same order) and writes `<out>/<id>.group.json`. */
export async function writeGroupFile(
  out: string,
  runs: readonly RunRecord[],
  files: readonly string[],
  o: { id: string; label: string; baseSeed: number; meta?: Record<string, unknown> },
): Promise<{ group: GroupRecord; file: string }> {
  const fileOf = new Map(runs.map((r, i) => [r.id, path.relative(out, files[i]).split(path.sep).join('/')]));
  const group = groupRecord(runs, { id: o.id, label: o.label, baseSeed: o.baseSeed, fileOf: (r) => fileOf.get(r.id) as string, meta: o.meta });
  const file = path.join(out, groupFileName(o.id));
  await writeFileAtomic(file, serializeGroup(group));
  return { group, file };
}

/** True when a file's name says it is a group (`*.group.json`). */
export const isGroupFile = (file: string): boolean => file.endsWith('.group.json');

/** Reads and validates a group file; a missing or invalid one is a CliInputError naming it. */
export async function readGroupFile(file: string): Promise<GroupRecord> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliInputError(`cannot read group file ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, 'file');
  }
  const parsed = safeParseGroup(text);
  if (!parsed.ok) throw new CliInputError(`${file} is not a valid group file: ${parsed.error.message}`, parsed.error.field || 'file');
  return parsed.group;
}

/** The run files a group links, read and validated (relative to the group file's folder). */
export async function readGroupRuns(file: string, group: GroupRecord): Promise<RunRecord[]> {
  const dir = path.dirname(file);
  return Promise.all(group.runs.map((r) => readRunFile(path.resolve(dir, r.file))));
}
