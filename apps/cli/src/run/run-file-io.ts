// Run files on disk, through the CLI's one atomic writer (files/atomic-write.ts): a reader never
// sees half a file, and a run file is created without ever replacing an existing one.
import { promises as fs } from 'fs';
import { foldJournal, journalPath, serializeRun, type RunRecord } from '@lrfinder/core';
import { FileExistsError, writeFileAtomic as writeAtomic, type AtomicWriteOptions } from '../files/atomic-write';

export { DiskWriteError, isNoSpace, overwriteInPlace } from '../files/atomic-write';

/** The run file already exists; runTest never overwrites one. */
export class RunFileExistsError extends Error {
  override readonly name = 'RunFileExistsError';
  constructor(readonly file: string) {
    super(`${file} already exists; lrfinder never overwrites a run file (choose another --out or id)`);
  }
}

export type WriteOptions = AtomicWriteOptions;

/**
 * Writes text to `file` atomically: readers see the old content or the new, never a mix.
 * @throws RunFileExistsError (exclusive, file taken), DiskWriteError (disk full, read-only...)
 */
export async function writeFileAtomic(file: string, text: string, options: WriteOptions = {}): Promise<void> {
  try {
    await writeAtomic(file, text, options);
  } catch (e) {
    throw e instanceof FileExistsError ? new RunFileExistsError(file) : e;
  }
}

/** Validates and writes a run record atomically (see writeFileAtomic). */
export async function writeRunFileAtomic(file: string, run: RunRecord, options: WriteOptions = {}): Promise<void> {
  await writeFileAtomic(file, serializeRun(run), options);
}

/**
 * `run` with the steps of its journal (`<id>.journal.jsonl`, left by a running or killed test)
 * folded in; `run` itself when there is no journal.
 */
export async function withJournal(file: string, run: RunRecord): Promise<RunRecord> {
  let text: string;
  try {
    text = await fs.readFile(journalPath(file), 'utf8');
  } catch {
    return run;
  }
  return foldJournal(run, text);
}
