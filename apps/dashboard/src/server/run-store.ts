// Reading run files from the runs folder. Every file is validated with safeParseRun; a file
// that cannot be read or validated becomes an error row with its reason, never an exception
// that would break the page. Nothing outside the folder is read (ids are checked, symlinks
// resolved and compared with the folder's real path).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { foldJournal, journalPath, safeParseRun, serializeRun, type RunRecord } from '@lrfinder/core';
import { ID_PATTERN, realInside, runFilePath, UnsafePathError, type RunRef } from './safe-path';
import { summarizeRun, type RunSummary } from './run-summary';
import { GROUP_SUFFIX, readGroupFile, summarizeGroup, type GroupSummary } from './group-store';

/** Largest run file read, in bytes: a 100k-step run is ~15 MB. @default 32 MiB */
export const MAX_RUN_FILE_BYTES = 32 * 1024 * 1024;
export const SWEEP_INDEX_FILE = 'index.json';

/** A file of the folder that is not a valid run file. */
export interface RunFileError {
  /** Path relative to the runs folder, with `/` separators. */
  file: string;
  reason: string;
}

export interface SweepGroup {
  /** null for the runs at the top of the folder. */
  id: string | null;
  description: string | null;
  /** Tests in the sweep (index.json `count`, else the largest run's `sweep.count`). */
  count: number | null;
  /** Runs that finished: `completed` or `diverged` (as `lrfinder sweep status` counts them). */
  done: number;
  /** Runs that ended without finishing: `interrupted` or `failed`. */
  stopped: number;
  runs: RunSummary[];
  /** Groups of repeats (`<id>.group.json`) in this folder; their runs are still in `runs`. */
  repeatGroups: GroupSummary[];
  errors: RunFileError[];
  /** Tests listed in index.json with no run file yet. */
  pending: { id: string; label: string }[];
}

export interface RunListing {
  dir: string;
  /** False when the folder does not exist (yet). */
  exists: boolean;
  groups: SweepGroup[];
}

export type ReadRunResult =
  | { ok: true; run: RunRecord; text: string; mtimeMs: number; size: number }
  | { ok: false; status: 400 | 404 | 413 | 422; reason: string };

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'file not found';
  if (err?.code === 'EACCES') return 'permission denied';
  return err?.message ?? String(e);
}

/** Reads and validates one run file named by `ref`. Never throws. */
export async function readRun(dir: string, ref: RunRef): Promise<ReadRunResult> {
  let file: string;
  try {
    file = await realInside(dir, runFilePath(dir, ref));
  } catch (e) {
    if (e instanceof UnsafePathError) return { ok: false, status: 400, reason: e.message };
    return { ok: false, status: 404, reason: describe(e) };
  }
  return readRunFile(file);
}

async function readRunFile(file: string): Promise<ReadRunResult> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { ok: false, status: 404, reason: 'not a file' };
    if (stat.size > MAX_RUN_FILE_BYTES) {
      return { ok: false, status: 413, reason: `file too large (${stat.size} bytes, limit ${MAX_RUN_FILE_BYTES})` };
    }
    const text = await fs.readFile(file, 'utf8');
    const parsed = safeParseRun(text);
    if (!parsed.ok) return { ok: false, status: 422, reason: parsed.error.message };
    const journaled = await withJournal(file, parsed.run);
    if (journaled) return { ok: true, run: journaled.run, text: serializeRun(journaled.run), mtimeMs: Math.max(stat.mtimeMs, journaled.mtimeMs), size: stat.size };
    return { ok: true, run: parsed.run, text, mtimeMs: stat.mtimeMs, size: stat.size };
  } catch (e) {
    return { ok: false, status: 404, reason: describe(e) };
  }
}

/**
 * A running (or killed) CLI test keeps its newest steps in `<id>.journal.jsonl` beside the run
 * file (one point per line; the run file is re-written only every 500 ms): folded in, or null
 * when there is no journal or it adds nothing.
 */
async function withJournal(file: string, run: RunRecord): Promise<{ run: RunRecord; mtimeMs: number } | null> {
  try {
    const journal = journalPath(file);
    const stat = await fs.stat(journal);
    if (!stat.isFile() || stat.size > MAX_RUN_FILE_BYTES) return null;
    const folded = foldJournal(run, await fs.readFile(journal, 'utf8'));
    return folded === run ? null : { run: folded, mtimeMs: stat.mtimeMs };
  } catch {
    return null;
  }
}

interface SweepIndexFacts {
  count: number | null;
  description: string | null;
  tests: { id: string; label: string }[];
}

/** The facts of a sweep's index.json the list needs (format lrfinder.sweep/v1, read leniently). */
async function readSweepIndex(folder: string): Promise<SweepIndexFacts | { error: string } | null> {
  let text: string;
  try {
    text = await fs.readFile(path.join(folder, SWEEP_INDEX_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const value = JSON.parse(text) as { count?: unknown; description?: unknown; tests?: unknown };
    const count = Number.isInteger(value?.count) && (value.count as number) > 0 ? (value.count as number) : null;
    const tests = (Array.isArray(value?.tests) ? value.tests : [])
      .filter((t): t is { id: string; label?: unknown } => typeof t?.id === 'string' && ID_PATTERN.test(t.id))
      .map((t) => ({ id: t.id, label: typeof t.label === 'string' ? t.label : t.id }));
    return { count, description: typeof value?.description === 'string' ? value.description : null, tests };
  } catch (e) {
    return { error: `index.json is not JSON: ${(e as Error).message}` };
  }
}

/** One folder level: run files (`*.json`) with their summaries or error rows. */
async function readGroup(dir: string, sweepId: string | null): Promise<SweepGroup> {
  const folder = sweepId ? path.join(dir, sweepId) : dir;
  const group: SweepGroup = { id: sweepId, description: null, count: null, done: 0, stopped: 0, runs: [], repeatGroups: [], errors: [], pending: [] };
  const rel = (name: string) => (sweepId ? `${sweepId}/${name}` : name);
  const entries = await fs.readdir(folder, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const name = entry.name;
    if (name.startsWith('.') || !name.endsWith('.json')) continue;
    if (sweepId && name === SWEEP_INDEX_FILE) continue;
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    if (name.endsWith(GROUP_SUFFIX)) {
      const ref = { sweepId, id: name.slice(0, -GROUP_SUFFIX.length) };
      const read = ID_PATTERN.test(ref.id) ? await readGroupFile(dir, ref) : { ok: false as const, reason: 'file name is not a valid group id' };
      if (read.ok) group.repeatGroups.push(summarizeGroup(ref, read.group));
      else group.errors.push({ file: rel(name), reason: read.reason });
      continue;
    }
    const id = name.slice(0, -'.json'.length);
    if (!ID_PATTERN.test(id)) {
      group.errors.push({ file: rel(name), reason: 'file name is not a valid run id' });
      continue;
    }
    let real: string;
    try {
      real = await realInside(dir, path.join(folder, name));
    } catch (e) {
      group.errors.push({ file: rel(name), reason: e instanceof UnsafePathError ? e.message : describe(e) });
      continue;
    }
    const result = await readRunFile(real);
    if (!result.ok) {
      group.errors.push({ file: rel(name), reason: result.reason });
      continue;
    }
    if (result.run.id !== id) {
      group.errors.push({ file: rel(name), reason: `run id ${JSON.stringify(result.run.id)} does not match the file name` });
      continue;
    }
    group.runs.push(summarizeRun({ sweepId, id }, result.run, result.mtimeMs));
  }
  group.done = group.runs.filter((r) => r.status === 'completed' || r.status === 'diverged').length;
  group.stopped = group.runs.filter((r) => r.status === 'interrupted' || r.status === 'failed').length;
  if (sweepId) {
    const index = await readSweepIndex(folder);
    if (index && 'error' in index) group.errors.push({ file: `${sweepId}/${SWEEP_INDEX_FILE}`, reason: index.error });
    else if (index) {
      group.count = index.count;
      group.description = index.description;
      const present = new Set([...group.runs.map((r) => r.id), ...group.errors.map((e) => e.file.slice(sweepId.length + 1, -'.json'.length))]);
      group.pending = index.tests.filter((t) => !present.has(t.id));
    }
    if (group.count === null) {
      const counts = group.runs.map((r) => r.sweepCount ?? 0);
      group.count = counts.length > 0 ? Math.max(...counts) || null : null;
    }
  }
  return group;
}

/**
 * Every run of the folder: top-level `*.json` runs first, then one group per sweep folder
 * (`<sweepId>/<id>.json` + `index.json`). Symlinked sweep folders pointing outside are
 * reported as errors, not followed.
 */
export async function listRuns(dir: string): Promise<RunListing> {
  try {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) return { dir, exists: false, groups: [] };
  } catch {
    return { dir, exists: false, groups: [] };
  }
  const top = await readGroup(dir, null);
  const groups: SweepGroup[] = [top];
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    // *.json entries (files or links to files) are the top group's business.
    if (entry.name.startsWith('.') || entry.name.endsWith('.json')) continue;
    if (!(entry.isDirectory() || entry.isSymbolicLink())) continue;
    if (!ID_PATTERN.test(entry.name)) continue;
    try {
      const real = await realInside(dir, path.join(dir, entry.name));
      if (!(await fs.stat(real)).isDirectory()) continue;
      groups.push(await readGroup(dir, entry.name));
    } catch (e) {
      top.errors.push({ file: `${entry.name}/`, reason: e instanceof UnsafePathError ? e.message : describe(e) });
    }
  }
  return { dir, exists: true, groups };
}
