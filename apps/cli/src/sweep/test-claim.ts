// Who runs which test of a sweep folder, when several processes work in it at once (two sweeps
// started by hand, a retried pod beside a live one): a test is taken by writing its claim file
// `<id>.claim` (host, pid) while holding the folder's lock (proper-lockfile, `.sweep.lock`),
// after checking that no live process claims it and that its run file still needs running. So
// each test runs once and no process renames or replaces a file another live one owns. The
// claim is removed when the test ends; a claim whose process is gone is taken over.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lockfile from 'proper-lockfile';
import { z } from 'zod';
import { journalPath, safeParseRun, type RunRecord } from '@lrfinder/core';
import { toDiskWriteError } from '../files/atomic-write';
import { readJson, writeJsonAtomic } from './json-file';
import { isProcessAlive } from './shard-marker';
import { withJournal, writeRunFileAtomic } from '../run/run-file-io';

export const CLAIM_FORMAT = 'lrfinder.sweep-claim/v1';
/** The folder lock, held only while a claim is checked and written (milliseconds). */
export const FOLDER_LOCK = '.sweep.lock';

const claimSchema = z.object({
  format: z.literal(CLAIM_FORMAT),
  host: z.string(),
  pid: z.number().int(),
  startedAt: z.string(),
});
export type TestClaim = z.infer<typeof claimSchema>;

export function claimFile(folder: string, id: string): string {
  return path.join(folder, `${id}.claim`);
}

export interface ClaimOptions {
  /** @default os.hostname() */
  host?: string;
  /** @default process.pid */
  pid?: number;
  /** @default process.kill(pid, 0) */
  isAlive?: (pid: number) => boolean;
  /** A claim from another host counts as gone when its test's file is older than this. @default 600000 */
  staleAfterMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/** The claim of a test, when one is there and valid. */
export async function readClaim(folder: string, id: string): Promise<TestClaim | null> {
  const read = await readJson(claimFile(folder, id));
  if (read.kind !== 'ok') return null;
  const parsed = claimSchema.safeParse(read.value);
  return parsed.success ? parsed.data : null;
}

async function fileAge(file: string, now: number): Promise<number> {
  const stat = await fs.stat(file).catch(() => null);
  return stat ? now - stat.mtimeMs : Infinity;
}

/**
 * Whether the claim's process is still at work: the claim or its test's run file changed within
 * `staleAfterMs` (a running test's file has a 10 s heartbeat), and, on this host, its pid is
 * alive and not ours (a claim of ours is left from before). The age check also catches a
 * reused pid.
 */
export async function claimIsLive(folder: string, id: string, claim: TestClaim, options: ClaimOptions = {}): Promise<boolean> {
  const host = options.host ?? os.hostname();
  const pid = options.pid ?? process.pid;
  if (claim.host === host && (claim.pid === pid || !(options.isAlive ?? isProcessAlive)(claim.pid))) return false;
  const now = (options.now ?? Date.now)();
  const age = Math.min(await fileAge(claimFile(folder, id), now), await fileAge(path.join(folder, `${id}.json`), now));
  return age < (options.staleAfterMs ?? 600_000);
}

/** The live owner of a test other than this process, or null. */
export async function liveOwner(folder: string, id: string, options: ClaimOptions = {}): Promise<TestClaim | null> {
  const claim = await readClaim(folder, id);
  return claim && (await claimIsLive(folder, id, claim, options)) ? claim : null;
}

/** Runs `fn` holding the folder's lock (waits for another process's short hold). */
export async function withFolderLock<T>(folder: string, fn: () => Promise<T>): Promise<T> {
  const release = await lockfile
    .lock(folder, {
    lockfilePath: path.join(folder, FOLDER_LOCK),
    realpath: false,
    stale: 10_000,
    retries: { retries: 200, factor: 1.2, minTimeout: 10, maxTimeout: 200 },
    // Held for milliseconds of file work: compromised only if this process froze for 10 s.
    onCompromised: () => undefined,
    })
    .catch((e: unknown) => {
      throw toDiskWriteError(e, path.join(folder, FOLDER_LOCK));
    });
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

export type ClaimResult =
  | { ok: true; release: () => Promise<void> }
  | { ok: false; owner: TestClaim | null; reason: string };

export interface ClaimTestOptions extends ClaimOptions {
  /** The test's current state, read under the lock: may it be run now? Else the reason not. */
  check: () => Promise<string | null>;
}

/**
 * Takes a test for this process, or says who has it. Under the folder lock: a live claim by
 * another process wins; then `check` must still allow the run (another process may have just
 * finished it); then the claim is written, and a previous run file (interrupted, failed, or a
 * dead process's `running` one, its journal folded in) is kept as `<id>.json.prev`.
 */
export async function claimTest(folder: string, id: string, options: ClaimTestOptions): Promise<ClaimResult> {
  return withFolderLock(folder, async () => {
    const owner = await liveOwner(folder, id, options);
    if (owner) return { ok: false, owner, reason: `claimed by pid ${owner.pid} on ${owner.host} since ${owner.startedAt}` };
    const refused = await options.check();
    if (refused) return { ok: false, owner: null, reason: refused };
    const claim: TestClaim = {
      format: CLAIM_FORMAT,
      host: options.host ?? os.hostname(),
      pid: options.pid ?? process.pid,
      startedAt: new Date((options.now ?? Date.now)()).toISOString(),
    };
    await writeJsonAtomic(claimFile(folder, id), claim);
    await keepPrevious(path.join(folder, `${id}.json`));
    const release = async () => {
      const mine = await readClaim(folder, id);
      if (mine && mine.pid === claim.pid && mine.host === claim.host) await fs.rm(claimFile(folder, id), { force: true });
    };
    return { ok: true, release };
  });
}

/** A dead run's file, its journal folded in, renamed to `.prev`; a lone journal removed. */
async function keepPrevious(file: string): Promise<void> {
  const journal = journalPath(file);
  const read = await readJson(file);
  if (read.kind === 'ok') {
    const parsed = safeParseRun(read.value);
    if (parsed.ok && (await fs.stat(journal).catch(() => null))) {
      const folded: RunRecord = await withJournal(file, parsed.run);
      const ended: RunRecord = folded.status === 'running' ? { ...folded, status: 'interrupted', stopReason: 'aborted' } : folded;
      await writeRunFileAtomic(file, ended);
    }
  }
  await fs.rm(journal, { force: true });
  await fs.rename(file, `${file}.prev`).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}
