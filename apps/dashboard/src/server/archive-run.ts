// Deleting a run for whoever may write: the file is moved into the runs folder's `.archive/`
// (hidden from the list, never served), so a mistaken delete can be undone by moving it back.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { realInside, runFilePath, UnsafePathError, type RunRef, refToPath } from './safe-path';

/** Folder of archived runs inside the runs folder (dot-named: the list skips it). */
export const ARCHIVE_DIR = '.archive';

export type ArchiveResult =
  | { ok: true; path: string; archivedAs: string }
  | { ok: false; status: 400 | 404 | 500; reason: string };

/** Moves `<dir>/<ref>.json` to `<dir>/.archive/[<sweepId>/]<id>.<time>.json`. Never throws. */
export async function archiveRun(dir: string, ref: RunRef, now: Date = new Date()): Promise<ArchiveResult> {
  let file: string;
  try {
    const named = runFilePath(dir, ref);
    // A symlink inside the folder is removed itself (never its target); one pointing out is refused.
    await realInside(dir, named);
    file = named;
  } catch (e) {
    if (e instanceof UnsafePathError) return { ok: false, status: 400, reason: e.message };
    return { ok: false, status: 404, reason: `run ${refToPath(ref)} not found` };
  }
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const folder = path.join(dir, ARCHIVE_DIR, ...(ref.sweepId ? [ref.sweepId] : []));
  const target = path.join(folder, `${ref.id}.${stamp}.json`);
  try {
    await fs.mkdir(folder, { recursive: true });
    await fs.rename(file, target);
    return { ok: true, path: refToPath(ref), archivedAs: path.relative(dir, target).split(path.sep).join('/') };
  } catch (e) {
    return { ok: false, status: 500, reason: `could not archive the run: ${(e as Error).message}` };
  }
}
