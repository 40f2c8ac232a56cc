// The one way this CLI writes a file: a temp file in the same folder, fsync'ed, renamed over
// the target (or hard-linked, to never replace one), then the folder fsync'ed, so a reader or a
// power cut sees the old content or the new, never half a file. The temp file is removed on
// every error path, and disk errors (full, read-only, no permission) become one clear line.
import { promises as nodeFs } from 'fs';
import * as path from 'path';

/** The part of `fs.promises` these writes use; tests inject a fake to simulate a full disk. */
export type WriteFs = Pick<typeof nodeFs, 'open' | 'rename' | 'link' | 'rm' | 'mkdir' | 'access'>;

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENAMETOOLONG: 'name too long',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
};

const ADVICE: Record<string, string> = {
  ENOSPC: 'free some space or write elsewhere (--out)',
  EDQUOT: 'free some space or write elsewhere (--out)',
  EROFS: 'choose a writable folder (--out)',
  EACCES: 'choose a folder you can write to (--out)',
  EPERM: 'choose a folder you can write to (--out)',
};

/** A file could not be written; `reason` is the cause in words (`no space left on device`). */
export class DiskWriteError extends Error {
  override readonly name = 'DiskWriteError';
  constructor(
    readonly path: string,
    readonly code: string,
    readonly reason: string,
  ) {
    super(`cannot write ${path}: ${reason} (${code})${ADVICE[code] ? `; ${ADVICE[code]}` : ''}`);
  }
}

/** The target exists and `exclusive` was asked. */
export class FileExistsError extends Error {
  override readonly name = 'FileExistsError';
  constructor(readonly path: string) {
    super(`${path} already exists`);
  }
}

/** A DiskWriteError for an fs error about `file` (other errors are returned unchanged). */
export function toDiskWriteError(e: unknown, file: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (e instanceof DiskWriteError || !code || !(code in REASONS)) return e;
  return new DiskWriteError(file, code, REASONS[code]);
}

/** Whether `e` says the disk is full (so there is no point retrying the same write). */
export function isNoSpace(e: unknown): boolean {
  const code = e instanceof DiskWriteError ? e.code : (e as NodeJS.ErrnoException)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

export interface AtomicWriteOptions {
  /** Fail with FileExistsError instead of replacing an existing file. @default false */
  exclusive?: boolean;
  /** @default fs.promises */
  fs?: WriteFs;
}

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/** fsync of a folder makes a rename in it durable; some file systems refuse it, which is fine. */
export async function syncFolder(dir: string, fs: WriteFs = nodeFs): Promise<void> {
  let handle: Awaited<ReturnType<WriteFs['open']>> | null = null;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EBADF' && code !== 'ENOTSUP' && code !== 'EPERM' && code !== 'EACCES') throw e;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Creates `dir` and its parents. Node reports a recursive mkdir on a read-only mount as ENOENT;
 * the first missing folder is then made alone, which gives the real reason (EROFS, EACCES).
 * @throws DiskWriteError naming the folder
 */
export async function ensureFolder(dir: string, fs: WriteFs = nodeFs): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw toDiskWriteError(e, dir);
    let first = dir;
    while (path.dirname(first) !== first && !(await fs.access(path.dirname(first)).then(() => true, () => false))) first = path.dirname(first);
    try {
      await fs.mkdir(first);
      await fs.mkdir(dir, { recursive: true });
    } catch (real) {
      throw toDiskWriteError(real, dir);
    }
  }
}

async function writeSynced(fs: WriteFs, file: string, text: string, flags: string): Promise<void> {
  const handle = await fs.open(file, flags, 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `text` to `file` atomically and durably (see the file comment). Creates the folder.
 * @throws FileExistsError (exclusive and the file exists), DiskWriteError (disk full, read-only,
 * no permission...), or the fs error as is.
 * @example await writeFileAtomic('runs/x.json', text, { exclusive: true });
 */
export async function writeFileAtomic(file: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const dir = path.dirname(file);
  await ensureFolder(dir, fs);
  const tmp = tempName(file);
  try {
    await writeSynced(fs, tmp, text, 'wx');
    if (options.exclusive) await linkNew(fs, tmp, file);
    else await fs.rename(tmp, file);
    await syncFolder(dir, fs);
  } catch (e) {
    throw toDiskWriteError(e, file);
  } finally {
    // After a link the temp name is a second name of the file; after a rename it is gone.
    await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
}

async function linkNew(fs: WriteFs, tmp: string, file: string): Promise<void> {
  try {
    await fs.link(tmp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new FileExistsError(file);
    // No hard links here (some network or FUSE file systems): check, then rename.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw e;
    const taken = await fs.access(file).then(() => true, () => false);
    if (taken) throw new FileExistsError(file);
    await fs.rename(tmp, file);
  }
}

/**
 * Last resort when the disk is full: overwrites `file` in place, which needs no new space as
 * long as `text` is no longer than the file already is. Not atomic (a crash mid-write can tear
 * it), so only for leaving a final status where an atomic write is impossible.
 * @returns false (nothing written) when `text` is longer than the file.
 */
export async function overwriteInPlace(file: string, text: string, options: { fs?: WriteFs } = {}): Promise<boolean> {
  const fs = options.fs ?? nodeFs;
  const bytes = Buffer.from(text, 'utf8');
  try {
    const handle = await fs.open(file, 'r+');
    try {
      const { size } = await handle.stat();
      if (bytes.length > size) return false;
      await handle.write(bytes, 0, bytes.length, 0);
      await handle.truncate(bytes.length);
      await handle.sync();
      return true;
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw toDiskWriteError(e, file);
  }
}
