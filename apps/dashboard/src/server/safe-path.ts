// Turning untrusted run references (URL segments, uploaded ids) into files that are
// guaranteed to lie inside the runs folder. Two layers: a strict name rule (the run-file id
// rule: no separators, no dots first, no percent signs, no backslashes) and a realpath check
// that catches symlinks pointing out of the folder.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** Run ids and sweep ids: the run-file `id` rule of lrfinder.run/v1. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A run in the runs folder: `<dir>/<id>.json`, or `<dir>/<sweepId>/<id>.json` in a sweep. */
export interface RunRef {
  sweepId: string | null;
  id: string;
}

export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
  constructor(
    message: string,
    /** The offending input, as received. */
    readonly value: string,
  ) {
    super(message);
  }
}

/** Checks one id; throws UnsafePathError naming what is wrong. */
export function checkId(value: string, what = 'run id'): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw new UnsafePathError(
      `invalid ${what} ${JSON.stringify(String(value).slice(0, 80))}: use 1-128 of A-Z a-z 0-9 . _ - starting with a letter or digit`,
      String(value),
    );
  }
  return value;
}

/**
 * The run reference of URL path segments (`[id]` or `[sweepId, id]`, an optional `.json`
 * suffix allowed). Segments arrive URL-decoded; anything that is not a plain id (`..`, empty,
 * `%2F` or `%2e` left after decoding, `/`, `\`, NUL) is refused.
 */
export function refFromSegments(segments: readonly string[]): RunRef {
  if (!Array.isArray(segments) || segments.length < 1 || segments.length > 2) {
    throw new UnsafePathError('a run path is <id> or <sweepId>/<id>', segments.join('/'));
  }
  const names = segments.map((s) => {
    let decoded = s;
    // Accept raw (still encoded) segments too: decode once, then the id rule refuses any
    // separator or dot-segment the decoding revealed.
    if (s.includes('%')) {
      try {
        decoded = decodeURIComponent(s);
      } catch {
        throw new UnsafePathError('malformed percent-encoding in run path', s);
      }
    }
    return decoded;
  });
  const last = names[names.length - 1].replace(/\.json$/, '');
  if (names.length === 2) return { sweepId: checkId(names[0], 'sweep id'), id: checkId(last) };
  return { sweepId: null, id: checkId(last) };
}

/** `sweepId/id` or `id`: the URL form of a reference (ids never need escaping). */
export function refToPath(ref: RunRef): string {
  return ref.sweepId ? `${ref.sweepId}/${ref.id}` : ref.id;
}

/** Parses `sweepId/id` or `id` (as found in `?runs=` lists). */
export function refFromPath(value: string): RunRef {
  return refFromSegments(value.split('/'));
}

/** True when `child` is `parent` itself or lies below it (both absolute, normalized). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The file a reference names, before any symlink is followed. */
export function runFilePath(dir: string, ref: RunRef): string {
  const file = ref.sweepId
    ? path.join(dir, checkId(ref.sweepId, 'sweep id'), `${checkId(ref.id)}.json`)
    : path.join(dir, `${checkId(ref.id)}.json`);
  if (!isInside(path.resolve(dir), path.resolve(file))) throw new UnsafePathError('run path outside the runs folder', file);
  return file;
}

/**
 * Resolves every symlink of `file` and checks the real file still lies inside the real runs
 * folder. Returns the real path; throws UnsafePathError for a link pointing out, and the fs
 * error (ENOENT...) when the file does not exist.
 */
export async function realInside(dir: string, file: string): Promise<string> {
  const [realDir, realFile] = await Promise.all([fs.realpath(dir), fs.realpath(file)]);
  if (!isInside(realDir, realFile) || realFile === realDir) {
    throw new UnsafePathError('the file points outside the runs folder', path.basename(file));
  }
  return realFile;
}
