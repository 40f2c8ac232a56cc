// Output paths (`run --out`, `sweep --out`, `export -o`) checked before anything is written, and
// file-system errors told as a sentence naming the path and the problem, never a raw
// EEXIST / ENAMETOOLONG / EACCES / EISDIR / EROFS.
import { constants, promises as fs } from 'fs';
import * as path from 'path';
import { CliInputError } from './io';

/** Longest name of one folder or file, and of a whole path, in bytes (Linux NAME_MAX, PATH_MAX - 1). */
export const NAME_MAX = 255;
export const PATH_MAX = 4095;

/** The file-system calls the checks use; tests pass fakes (a read-only mount, no permission). */
export interface PathFs {
  stat(p: string): Promise<{ isDirectory(): boolean }>;
  access(p: string, mode: number): Promise<void>;
}

const PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'is on a read-only file system',
  ENAMETOOLONG: 'the name is too long',
  EEXIST: 'already exists',
  EISDIR: 'is a folder, not a file',
  ELOOP: 'too many symbolic links',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'no such file',
  ENOSPC: 'no space left on the device',
};

/** What an fs error says about its path, in words: `no such file or folder`, `is a folder, not a file`. */
export function fsProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return (code && PROBLEMS[code]) || (e instanceof Error ? e.message : String(e));
}

/** File-system error codes that a path the user gave explains (exit 2). */
export const PATH_ERROR_CODES = ['EACCES', 'EPERM', 'EROFS', 'ENAMETOOLONG', 'EEXIST', 'EISDIR', 'ENOTDIR'] as const;

/** `cannot write /x/y: permission denied` for an fs error; null when it is not one. */
export function fsErrorSentence(e: unknown, verb = 'write'): string | null {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err.code !== 'string' || !(err.code in PROBLEMS)) return null;
  const where = (err as { dest?: string }).dest ?? err.path;
  return `cannot ${err.syscall === 'open' && verb === 'write' ? 'write' : verb} ${where ?? 'the output'}: ${PROBLEMS[err.code]}`;
}

/** Throws CliInputError when a path or one of its names is longer than the system allows. */
export function checkPathLength(p: string, flag: string): void {
  const bytes = Buffer.byteLength(p);
  if (bytes > PATH_MAX) throw new CliInputError(`${flag}: the path is ${bytes} bytes long; at most ${PATH_MAX}`, flag);
  const long = p.split(path.sep).find((name) => Buffer.byteLength(name) > NAME_MAX);
  if (long !== undefined) {
    throw new CliInputError(`${flag} ${short(p)}: the name "${short(long, 40)}" is ${Buffer.byteLength(long)} bytes long; at most ${NAME_MAX} per folder or file name`, flag);
  }
}

function short(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max / 2)}...${text.slice(-max / 2)}`;
}

/** The nearest folder that exists at or above `p`, checked to be a folder and writable. */
async function writableAncestor(p: string, flag: string, given: string, fsi: PathFs, pIsGiven = true): Promise<void> {
  let at = p;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = (await fsi.stat(at)).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && path.dirname(at) !== at) {
        at = path.dirname(at);
        continue;
      }
      if (code === 'ENOTDIR') {
        at = path.dirname(at);
        continue;
      }
      throw new CliInputError(`${flag} ${given}: cannot look at ${at}: ${PROBLEMS[code ?? ''] ?? (e as Error).message}`, flag);
    }
    if (!isDir) {
      throw new CliInputError(at === p && pIsGiven ? `${flag} ${given} is a file, not a folder` : `${flag} ${given}: ${at} is a file, not a folder`, flag);
    }
    try {
      await fsi.access(at, constants.W_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'EROFS' ? 'is on a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'is not writable (permission denied)' : `cannot be written (${PROBLEMS[code ?? ''] ?? (e as Error).message})`;
      throw new CliInputError(`${flag} ${given}: ${at === p && pIsGiven ? 'the folder' : at} ${why}`, flag);
    }
    return;
  }
}

/** Checks an output folder (created later if missing): name lengths, no file in the way, writable. */
export async function checkOutFolder(dir: string, flag: string, given = dir, fsi: PathFs = fs): Promise<void> {
  checkPathLength(dir, flag);
  await writableAncestor(dir, flag, given, fsi);
}

/** Checks an output file: name lengths, not a folder, its folder writable. */
export async function checkOutFile(file: string, flag: string, given = file, fsi: PathFs = fs): Promise<void> {
  checkPathLength(file, flag);
  const isDir = await fsi.stat(file).then((s) => s.isDirectory(), () => false);
  if (isDir) throw new CliInputError(`${flag} ${given} is a folder; give a file name (e.g. ${path.join(given, 'out.svg')})`, flag);
  await writableAncestor(path.dirname(file), flag, given, fsi, false);
}
