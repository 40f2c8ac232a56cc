// Storing a run file that arrived over HTTP (upload, browser sweep): validated with parseRun,
// written atomically into the runs folder, never overwriting an existing run.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { safeParseRun, serializeRun } from '@lrfinder/core';
import { ID_PATTERN, isInside, refToPath, type RunRef } from './safe-path';

export type StoreResult =
  | { ok: true; id: string; path: string }
  | { ok: false; status: 409 | 413 | 422 | 500; reason: string; field?: string };

/** Largest run file accepted by upload, in bytes. @default 5 MiB */
export const MAX_UPLOAD_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Validates `text` as a run file and stores it as `<dir>/<id>.json`, or
 * `<dir>/<sweep.id>/<id>.json` when the run belongs to a sweep whose id is a valid folder name.
 * Refuses (never throws) invalid files, files over the size limit and ids already present.
 */
export async function storeRun(dir: string, text: string, maxBytes = MAX_UPLOAD_FILE_BYTES): Promise<StoreResult> {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) return { ok: false, status: 413, reason: `file too large: ${bytes} bytes (limit ${maxBytes})` };
  const parsed = safeParseRun(text);
  if (!parsed.ok) return { ok: false, status: 422, reason: parsed.error.message, field: parsed.error.field };
  const run = parsed.run;
  const sweepId = run.sweep && ID_PATTERN.test(run.sweep.id) ? run.sweep.id : null;
  const ref: RunRef = { sweepId, id: run.id };
  try {
    await fs.mkdir(dir, { recursive: true });
    const realDir = await fs.realpath(dir);
    const folder = sweepId ? path.join(realDir, sweepId) : realDir;
    await fs.mkdir(folder, { recursive: true });
    const realFolder = await fs.realpath(folder);
    if (!isInside(realDir, realFolder)) {
      return { ok: false, status: 422, reason: `sweep folder ${sweepId} points outside the runs folder` };
    }
    const target = path.join(realFolder, `${run.id}.json`);
    const tmp = path.join(realFolder, `.upload-${randomBytes(6).toString('hex')}.tmp`);
    await fs.writeFile(tmp, serializeRun(run), { flag: 'wx' });
    try {
      // link() fails with EEXIST instead of replacing: an existing run is never overwritten,
      // and readers never see a half-written file.
      await fs.link(tmp, target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        return { ok: false, status: 409, reason: `a run with id ${run.id} already exists${sweepId ? ` in sweep ${sweepId}` : ''}` };
      }
      throw e;
    } finally {
      await fs.unlink(tmp).catch(() => undefined);
    }
    return { ok: true, id: run.id, path: refToPath(ref) };
  } catch (e) {
    return { ok: false, status: 500, reason: `could not store the run: ${(e as Error).message}` };
  }
}
