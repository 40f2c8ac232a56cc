// Run files on disk: written atomically (temp file + rename) so a reader never sees half a
// file, and created without ever replacing an existing file (hard link, which fails if the
// name is taken, on file systems that have it).
import { promises as fs } from 'fs';
import * as path from 'path';
import { serializeRun, type RunRecord } from '@lrfinder/core';

/** The run file already exists; runTest never overwrites one. */
export class RunFileExistsError extends Error {
  override readonly name = 'RunFileExistsError';
  constructor(readonly file: string) {
    super(`${file} already exists; lrfinder never overwrites a run file (choose another --out or id)`);
  }
}

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
}

export interface WriteOptions {
  /** Fail with RunFileExistsError instead of replacing an existing file. @default false */
  exclusive?: boolean;
}

/** Writes text to `file` atomically: readers see the old content or the new, never a mix. */
export async function writeFileAtomic(file: string, text: string, options: WriteOptions = {}): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = tempName(file);
  await fs.writeFile(tmp, text, 'utf8');
  try {
    if (options.exclusive) {
      try {
        await fs.link(tmp, file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new RunFileExistsError(file);
        // No hard links here (some network or FUSE file systems): check, then rename.
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw e;
        if (await exists(file)) throw new RunFileExistsError(file);
        await fs.rename(tmp, file);
      }
    } else {
      await fs.rename(tmp, file);
    }
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** Validates and writes a run record atomically (see writeFileAtomic). */
export async function writeRunFileAtomic(file: string, run: RunRecord, options: WriteOptions = {}): Promise<void> {
  await writeFileAtomic(file, serializeRun(run), options);
}
