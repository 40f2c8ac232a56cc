import { promises as fs } from 'fs';
import * as path from 'path';
import { foldJournal, parseRun, rangeTest, type RunRecord } from '@lrfinder/core';
import { fullDisk } from '../testing/faulty-fs';
import { tempDir } from '../testing/fixtures';
import type { WriteFs } from '../files/atomic-write';
import { HEARTBEAT_MS, LiveRunFile, type Timers } from './live-run-file';

/** When the snapshots' test starts (their createdAt): the CLI stamps records and writes with one clock. */
const T0 = Date.UTC(2026, 0, 1);

/**
 * Timers driven by hand: `fire(t)` moves the clock to t and runs what is due. Times are ms after
 * `origin` (T0 by default, the snapshots' clock), and `now()` is `origin + t`.
 */
function manualClock(origin = T0) {
  let t = 0;
  const due: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = ++ids;
      due.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      const i = due.findIndex((d) => d.id === id);
      if (i >= 0) due.splice(i, 1);
    },
  };
  return {
    timers,
    now: () => origin + t,
    set: (ms: number) => (t = ms),
    pending: () => due.map((d) => d.at),
    async fire(ms: number) {
      t = ms;
      for (const d of due.filter((x) => x.at <= ms)) {
        due.splice(due.indexOf(d), 1);
        d.fn();
      }
    },
  };
}

/** A 20-step run on a known bowl and its `running` snapshot after each step. */
async function snapshots(numIter = 20): Promise<{ full: RunRecord; after: RunRecord[] }> {
  const after: RunRecord[] = [];
  let t = T0;
  const full = await rangeTest({
    id: 'live', numIter, startLr: 1e-4, endLr: 1, divergeThreshold: Infinity, now: () => (t += 10),
    trainStep: (lr) => 1 + (Math.log10(lr) + 2) ** 2,
    onStep: (e) => void after.push(e.record),
  });
  return { full, after };
}

const onDisk = async (file: string) => parseRun(await fs.readFile(file, 'utf8'));

describe('LiveRunFile', () => {
  it('journals every step (synced), writes the run file at most every 500 ms, and a heartbeat after 10 s', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'live.json');
    const clock = manualClock();
    const syncs: string[] = [];
    const recording: WriteFs = {
      ...fs,
      open: (async (f: string, flags?: string, mode?: number) => {
        const h = await fs.open(f, flags, mode);
        const datasync = h.datasync.bind(h);
        h.datasync = async () => {
          syncs.push(path.basename(f));
          return datasync();
        };
        return h;
      }) as WriteFs['open'],
    };
    const live = new LiveRunFile({ file, now: clock.now, timers: clock.timers, fs: recording });
    const { full, after } = await snapshots();
    // Steps 0..4 at t = 0, 100, ..., 400: the first is written at once, the others wait.
    for (let k = 0; k < 5; k++) {
      clock.set(k * 100);
      await live.step(after[k].points[k], () => after[k]);
    }
    expect(syncs).toEqual(Array(5).fill('live.journal.jsonl'));
    expect((await onDisk(file)).points).toHaveLength(1);
    expect(foldJournal(await onDisk(file), await fs.readFile(live.journal, 'utf8')).points).toEqual(full.points.slice(0, 5));
    expect(clock.pending()).toEqual([500]);
    await clock.fire(500);
    await live.idle();
    expect((await onDisk(file)).points).toHaveLength(5);
    // No step for 10 s (a long step, a slow batch): the heartbeat re-writes with a new updatedAt.
    expect(clock.pending()).toEqual([500 + HEARTBEAT_MS]);
    await clock.fire(500 + HEARTBEAT_MS);
    await live.idle();
    const beat = await onDisk(file);
    expect(beat.points).toHaveLength(5);
    expect(beat.status).toBe('running');
    expect(beat.updatedAt).toBe(new Date(T0 + 500 + HEARTBEAT_MS).toISOString());
    // A step 600 ms after the last write is written at once.
    clock.set(500 + HEARTBEAT_MS + 600);
    await live.step(after[5].points[5], () => after[5]);
    expect((await onDisk(file)).points).toHaveLength(6);
    // The end: the final record, the journal gone, no temp file, no timer left.
    expect(await live.finish(full)).toBe(full);
    expect(await onDisk(file)).toEqual(full);
    expect(await fs.readdir(dir)).toEqual(['live.json']);
    expect(clock.pending()).toEqual([]);
  });

  it('full disk mid-test: the step rejects with the reason, and finish leaves the run file failed, no temp or journal', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'full.json');
    const { after } = await snapshots();
    // Room for the first run file write and a few journal lines, not for the second write.
    const disk = fullDisk(Buffer.byteLength(JSON.stringify(after[0], null, 2)) + 400);
    const clock = manualClock();
    const live = new LiveRunFile({ file, now: clock.now, timers: clock.timers, fs: disk });
    let k = 0;
    let error: Error | null = null;
    for (; k < 20 && !error; k++) {
      clock.set(k * 1000);
      await live.step(after[k].points[k], () => after[k]).catch((e: Error) => (error = e));
    }
    expect(error!.message).toMatch(/no space left on device \(ENOSPC\)/);
    const failed: RunRecord = { ...after[k - 2], status: 'failed', stopReason: 'error', error: { message: error!.message } };
    const result = await live.finish(failed);
    expect(result.status).toBe('failed');
    const left = await onDisk(file);
    expect(left.status).toBe('failed');
    expect(left.error?.message).toContain('no space left on device');
    expect(left.points.length).toBeGreaterThanOrEqual(1);
    expect(await fs.readdir(dir)).toEqual(['full.json']);
  });

  it('full disk at the final write: the record in place as compact JSON when it fits, else the last good file marked failed', async () => {
    const dir = await tempDir();
    const { full, after } = await snapshots(40);
    const size = (r: RunRecord, indent?: number) => Buffer.byteLength(JSON.stringify(r, null, indent) + '\n');
    // The longest snapshot whose compact JSON fits where the pretty 10-step file is.
    const fits = after.filter((r) => size(r) <= size(after[9], 2)).pop()!;
    expect(fits.points.length).toBeGreaterThan(10);
    for (const [name, finalRecord, expectStatus] of [
      ['fits', fits, 'running'],
      ['too-big', full, 'failed'],
    ] as const) {
      const file = path.join(dir, `${name}.json`);
      const first = Buffer.byteLength(JSON.stringify(after[9], null, 2) + '\n');
      // Enough for the first write's temp file and the journal, nothing more afterwards.
      const disk = fullDisk(first + 10 * 120);
      const clock = manualClock();
      const live = new LiveRunFile({ file, now: clock.now, timers: clock.timers, fs: disk });
      for (let k = 0; k < 10; k++) {
        clock.set(k * 40);
        await live.step(after[k].points[k], () => after[9]);
      }
      await live.finish(finalRecord).then(
        (r) => expect(r.status).toBe(expectStatus === 'running' ? finalRecord.status : 'failed'),
      );
      const left = await onDisk(file);
      expect(left.status).toBe(expectStatus);
      if (expectStatus === 'running') expect(left).toEqual(finalRecord);
      else {
        expect(left.error?.message).toContain('no space left on device');
        expect(left.points).toEqual(after[9].points);
      }
    }
    expect((await fs.readdir(dir)).sort()).toEqual(['fits.json', 'too-big.json']);
  });
  it('a clock behind the records (stepped back): the heartbeat and the failed mark never write updatedAt before the record\'s own', async () => {
    const dir = await tempDir();
    const { full, after } = await snapshots(40);
    const file = path.join(dir, 'behind.json');
    const first = Buffer.byteLength(JSON.stringify(after[9], null, 2) + '\n');
    const disk = fullDisk(first + 10 * 120);
    // The clock reads 1970 while the records say 2026.
    const clock = manualClock(0);
    const live = new LiveRunFile({ file, now: clock.now, timers: clock.timers, fs: disk });
    for (let k = 0; k < 10; k++) {
      clock.set(k * 40);
      await live.step(after[k].points[k], () => after[9]);
    }
    await clock.fire(HEARTBEAT_MS + 1000);
    await live.idle();
    const beat = await onDisk(file);
    expect(beat.status).toBe('running');
    expect(beat.updatedAt).toBe(after[9].updatedAt);
    // The final record does not fit: the last good file is marked failed, and still valid.
    const result = await live.finish(full);
    expect(result.status).toBe('failed');
    expect(result.updatedAt).toBe(full.updatedAt);
    const left = await onDisk(file);
    expect(left.status).toBe('failed');
    expect(left.stopReason).toBe('error');
    expect(left.updatedAt).toBe(after[9].updatedAt);
    expect(left.points).toEqual(after[9].points);
  });

  it('a record that cannot be valid is thrown, never dropped: by the step, or by finish after a timer\'s write', async () => {
    const dir = await tempDir();
    const { full, after } = await snapshots();
    const invalid = (r: RunRecord): RunRecord => ({ ...r, updatedAt: '2025-01-01T00:00:00.000Z' });
    const clock = manualClock();
    const live = new LiveRunFile({ file: path.join(dir, 'a.json'), now: clock.now, timers: clock.timers });
    await expect(live.step(after[0].points[0], () => invalid(after[0]))).rejects.toThrow(/updatedAt: must not be before createdAt/);
    await live.abandon();
    // The invalid snapshot written by the timer, then no more steps: finish says so.
    const file = path.join(dir, 'b.json');
    const other = new LiveRunFile({ file, now: clock.now, timers: clock.timers });
    clock.set(0);
    await other.step(after[0].points[0], () => after[0]);
    clock.set(100);
    await other.step(after[1].points[1], () => invalid(after[1]));
    await clock.fire(500);
    await other.idle();
    await expect(other.finish(full)).rejects.toThrow(/updatedAt: must not be before createdAt/);
    expect((await onDisk(file)).points).toEqual(after[0].points);
  });
});
