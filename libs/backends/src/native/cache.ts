// The per-user cache of native TensorFlow: one folder per TensorFlow / tfjs-node version (and
// flavour), published whole by one rename, checked against its manifest before every use, and
// built by one process at a time (a lock beside it).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

export const MANIFEST_FORMAT = 'lrfinder.tensorflow-cache/v1';
export const MANIFEST_FILE = 'manifest.json';

/** Where a cache folder's library came from. */
export type SourceKind = 'env' | 'python' | 'wheel';

/** What a published cache folder holds; written last, so its presence means complete. */
export interface CacheManifest {
  format: typeof MANIFEST_FORMAT;
  /** TensorFlow's version (of the C library). */
  tensorflow: string;
  tfjsNode: string;
  gpu: boolean;
  /** How the library was found: LRFINDER_TENSORFLOW_DIR, the user's Python, or the pinned wheel via pip. */
  source: { kind: SourceKind; path: string };
  createdAt: string;
  /** Every file the binding needs, relative to the folder (symlinks: their targets' facts). */
  files: Record<string, { size: number; sha256: string }>;
  /** GPU: CUDA libraries in the order they are loaded, relative paths, and their versions. */
  cuda?: { libraries: string[]; versions: Record<string, string> };
}

/** `$XDG_CACHE_HOME/lrfinder/tensorflow`, else `~/.cache/lrfinder/tensorflow`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || homedir(), '.cache');
  return path.join(base, 'lrfinder', 'tensorflow');
}

/** `2.21.0-tfjs-node-4.22.0` (`-gpu` for the CUDA flavour). */
export function entryName(tensorflow: string, tfjsNode: string, gpu: boolean): string {
  return `${tensorflow}-tfjs-node-${tfjsNode}${gpu ? '-gpu' : ''}`;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export type Verdict = { ok: true; manifest: CacheManifest } | { ok: false; absent: boolean; reason: string };

/**
 * Whether `dir` is a complete cache folder: its manifest, every file at its size, and the
 * binding's checksum; `full` checks every file's checksum (seconds: the library is ~850 MB).
 */
export async function verifyEntry(dir: string, options: { full?: boolean } = {}): Promise<Verdict> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    const exists = await fs.stat(dir).then(() => true, () => false);
    return { ok: false, absent: !exists, reason: exists ? `${dir} has no ${MANIFEST_FILE} (a half-written or foreign folder)` : `${dir} does not exist` };
  }
  let manifest: CacheManifest;
  try {
    manifest = JSON.parse(text) as CacheManifest;
    if (manifest.format !== MANIFEST_FORMAT || typeof manifest.files !== 'object' || manifest.files == null) throw new Error('format');
  } catch {
    return { ok: false, absent: false, reason: `${path.join(dir, MANIFEST_FILE)} is not a ${MANIFEST_FORMAT} manifest` };
  }
  for (const [rel, expected] of Object.entries(manifest.files)) {
    const file = path.join(dir, rel);
    const stat = await fs.stat(file).catch(() => null);
    if (stat == null) return { ok: false, absent: false, reason: `${rel} is missing from ${dir}` };
    if (stat.size !== expected.size) return { ok: false, absent: false, reason: `${rel} in ${dir} has ${stat.size} bytes, the manifest says ${expected.size}` };
    if (options.full || rel.endsWith('.node')) {
      if ((await sha256File(file)) !== expected.sha256) return { ok: false, absent: false, reason: `${rel} in ${dir} does not match its checksum` };
    }
  }
  return { ok: true, manifest };
}

/** Facts of each file for the manifest (symlinks followed). */
export async function describeFiles(dir: string, rels: string[]): Promise<CacheManifest['files']> {
  const files: CacheManifest['files'] = {};
  for (const rel of rels) {
    const file = path.join(dir, rel);
    files[rel] = { size: (await fs.stat(file)).size, sha256: await sha256File(file) };
  }
  return files;
}

/** A fresh temp folder beside the published ones (same file system: the rename is atomic). */
export async function makeTempEntry(root: string, name: string): Promise<string> {
  const dir = path.join(root, `.tmp-${name}-${process.pid}-${randomBytes(4).toString('hex')}`);
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

/** Removes what an earlier, interrupted build left (only called with the lock held). */
export async function removeLeftovers(root: string, name: string): Promise<string[]> {
  const names = await fs.readdir(root).catch(() => [] as string[]);
  const left = names.filter((n) => n.startsWith(`.tmp-${name}-`) || n.startsWith(`.old-${name}-`));
  for (const n of left) await fs.rm(path.join(root, n), { recursive: true, force: true });
  return left;
}

/** Puts `temp` in place of `dir` with one rename; a previous (broken) `dir` is moved aside first. */
export async function publishEntry(temp: string, dir: string): Promise<void> {
  const old = path.join(path.dirname(dir), `.old-${path.basename(dir)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  const hadOld = await fs.rename(dir, old).then(() => true, (e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return false;
    throw e;
  });
  await fs.rename(temp, dir);
  if (hadOld) await fs.rm(old, { recursive: true, force: true });
}

export interface LockOptions {
  /** Told once when another process holds the lock. */
  onWait?: (lockPath: string) => void;
  /** Gives up waiting after this long. @default 15 minutes */
  waitMs?: number;
}

/**
 * Runs `fn` holding `<root>/<name>.lock` (proper-lockfile: mtime refreshed while held, stale
 * after 30 s without refresh, so a killed holder does not block forever; released on exit and
 * on signals). Waits for another holder, telling `onWait` once.
 */
export async function withEntryLock<T>(root: string, name: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  await fs.mkdir(root, { recursive: true });
  const lockfilePath = path.join(root, `${name}.lock`);
  const base = { lockfilePath, stale: 30_000, realpath: false, onCompromised: () => { /* a takeover: the publish rename stays atomic */ } };
  // Loaded here, when a setup runs: every other process (each test's) would pay ~30 ms of CPU for it.
  const { default: lockfile } = await import('proper-lockfile');
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(root, base);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
    options.onWait?.(lockfilePath);
    const retries = Math.ceil((options.waitMs ?? 15 * 60_000) / 1000);
    release = await lockfile.lock(root, { ...base, retries: { retries, factor: 1, minTimeout: 1000, maxTimeout: 1000 } });
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
