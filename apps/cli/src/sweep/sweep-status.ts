// The state of every test of a sweep folder, from index.json, the run files and the shard
// markers. Rule for a run file whose status is `running`: it counts as `interrupted` when
//   (a) its updatedAt is older than `staleAfterMs` (a running test's file has a 10 s heartbeat), or
//   (b) a shard marker names it as its current test and that shard's process is known gone:
//       the marker's state is no longer `running`, or the marker is from this host and its pid
//       is not alive.
// Otherwise it is `running`. completed and diverged are `done`; an unreadable file is `failed`.
// In folderStatus (what `sweep status` reports), a test without a run file whose claim (`<id>.claim`, test-claim.ts) is held by a live process
// (test-claim.ts's claimIsLive: alive here, or changed within `staleAfterMs`) is `running`, about
// to start; a claim whose process is gone leaves it `missing`, with the reason.
import * as os from 'os';
import * as path from 'path';
import { safeParseRun } from '@lrfinder/core';
import type { ExpandedTest } from './expand';
import { readJson } from './json-file';
import { isProcessAlive, readShardMarkers, type ShardMarker } from './shard-marker';
import { readSweepIndex, type SweepIndex } from './sweep-index';
import { claimIsLive, readClaim } from './test-claim';

export const TEST_STATES = ['done', 'running', 'interrupted', 'failed', 'missing'] as const;
export type TestState = (typeof TEST_STATES)[number];

/** @default 10 minutes */
export const DEFAULT_STALE_AFTER_MS = 10 * 60 * 1000;

export interface TestStatus {
  index: number;
  id: string;
  label: string;
  file: string;
  state: TestState;
  /** The run file's own status when there is one. */
  runStatus?: string;
  /** Why a test is failed or interrupted, in words. */
  reason?: string;
}

export interface StatusOptions {
  /** A `running` file not updated for this long counts as interrupted. @default 600000 */
  staleAfterMs?: number;
  /** @default Date.now */
  now?: () => number;
  /** @default os.hostname() */
  host?: string;
  /** @default probes with process.kill(pid, 0) */
  isAlive?: (pid: number) => boolean;
}

export interface FolderStatus {
  index: SweepIndex;
  tests: TestStatus[];
  markers: ShardMarker[];
}

function goneReason(marker: ShardMarker, host: string, isAlive: (pid: number) => boolean): string | null {
  if (marker.state !== 'running') return `its shard ${marker.shard}/${marker.count} ended (${marker.state}) without finishing it`;
  if (marker.host === host && !isAlive(marker.pid)) return `its shard ${marker.shard}/${marker.count} process (pid ${marker.pid}) is gone`;
  return null;
}

export async function testStatus(folder: string, test: ExpandedTest, markers: ShardMarker[], options: StatusOptions = {}): Promise<TestStatus> {
  const base = { index: test.index, id: test.id, label: test.label, file: test.file };
  const read = await readJson(path.join(folder, test.file));
  if (read.kind === 'absent') return { ...base, state: 'missing' };
  if (read.kind === 'bad') return { ...base, state: 'failed', reason: `unreadable run file: ${read.message}` };
  const parsed = safeParseRun(read.value);
  if (!parsed.ok) return { ...base, state: 'failed', reason: `invalid run file: ${parsed.error.message}` };
  const run = parsed.run;
  if (run.id !== test.id) return { ...base, state: 'failed', runStatus: run.status, reason: `the file holds run ${run.id}, not ${test.id}` };
  const withRun = { ...base, runStatus: run.status };
  switch (run.status) {
    case 'completed':
    case 'diverged':
      return { ...withRun, state: 'done' };
    case 'failed':
      return { ...withRun, state: 'failed', reason: run.error?.message ?? 'the test failed' };
    case 'interrupted':
      return { ...withRun, state: 'interrupted', reason: `stopped at step ${run.points.length}` };
    case 'running': {
      const now = (options.now ?? Date.now)();
      const age = now - Date.parse(run.updatedAt);
      const staleAfter = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
      if (age > staleAfter) {
        return { ...withRun, state: 'interrupted', reason: `running but not updated for ${Math.round(age / 1000)} s (stale after ${Math.round(staleAfter / 1000)} s)` };
      }
      const host = options.host ?? os.hostname();
      const isAlive = options.isAlive ?? isProcessAlive;
      const owner = markers
        .filter((m) => m.current === test.id)
        .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
      const gone = owner ? goneReason(owner, host, isAlive) : null;
      return gone ? { ...withRun, state: 'interrupted', reason: `running, but ${gone}` } : { ...withRun, state: 'running' };
    }
  }
}

/** Reads a sweep folder. @throws SweepFolderError when it has no valid index.json. */
export async function folderStatus(folder: string, options: StatusOptions = {}): Promise<FolderStatus> {
  const index = await readSweepIndex(folder);
  const markers = await readShardMarkers(folder);
  const tests: TestStatus[] = [];
  for (const test of index.tests) {
    const status = await testStatus(folder, test, markers, options);
    const claim = status.state === 'missing' ? await readClaim(folder, test.id) : null;
    if (claim == null) {
      tests.push(status);
      continue;
    }
    const who = `pid ${claim.pid} on ${claim.host} since ${claim.startedAt}`;
    tests.push(await claimIsLive(folder, test.id, claim, options)
      ? { ...status, state: 'running', reason: `claimed by ${who}, not started yet` }
      : { ...status, reason: `claimed by ${who}, a process that is gone: the next run takes it over` });
  }
  return { index, tests, markers };
}

export function countStates(tests: readonly { state: TestState }[]): Record<TestState, number> {
  const counts = Object.fromEntries(TEST_STATES.map((s) => [s, 0])) as Record<TestState, number>;
  for (const t of tests) counts[t.state] += 1;
  return counts;
}
