// A running test's files: every finished step appended (and fsync'ed) to the journal beside the
// run file before the next step starts, so a kill loses at most the step in flight; the run file
// itself re-written on a time basis (at most every 500 ms, a heartbeat at least every 10 s so a
// viewer can tell a live test from a dead one) and at the end, when the journal is folded in
// and deleted. On a full disk the last good run file is left saying it stopped, as far as the
// disk allows.
import { promises as nodeFs } from 'fs';
import * as path from 'path';
import { journalLine, journalPath, parseRun, type RunPoint, type RunRecord } from '@lrfinder/core';
import { DiskWriteError, ensureFolder, isNoSpace, overwriteInPlace, syncFolder, toDiskWriteError, type WriteFs } from '../files/atomic-write';
import { writeRunFileAtomic } from './run-file-io';

/** An error of the disk (full, read-only, gone...), as opposed to a defect such as an invalid record. */
const isDiskError = (e: unknown): boolean => e instanceof DiskWriteError || typeof (e as NodeJS.ErrnoException)?.code === 'string';

/** Least time between two live writes of the run file. */
export const LIVE_WRITE_MIN_MS = 500;
/** Most time between two writes of a running test's file (its `updatedAt` moves even without a step). */
export const HEARTBEAT_MS = 10_000;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending live write never keeps the process alive on its own.
    t.unref?.();
    return t;
  },
  clearTimeout: (t) => clearTimeout(t as NodeJS.Timeout),
};

export interface LiveRunFileOptions {
  /** The run file; its journal is `journalPath(file)`. */
  file: string;
  /** @default LIVE_WRITE_MIN_MS */
  minIntervalMs?: number;
  /** @default HEARTBEAT_MS */
  heartbeatMs?: number;
  /** @default Date.now */
  now?: () => number;
  /** @default the global timers, unref'ed */
  timers?: Timers;
  /** @default fs.promises; tests inject a full disk */
  fs?: WriteFs;
}

type FileHandle = Awaited<ReturnType<WriteFs['open']>>;

/** The files of one running test; `step` after each step, then `finish` once. */
export class LiveRunFile {
  readonly file: string;
  readonly journal: string;
  private readonly fs: WriteFs;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly minMs: number;
  private readonly heartbeatMs: number;
  private handle: FileHandle | null = null;
  private written: RunRecord | null = null;
  private lastWriteAt = -Infinity;
  private pending: (() => RunRecord) | null = null;
  private timer: unknown = null;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private closed = false;

  constructor(options: LiveRunFileOptions) {
    this.file = options.file;
    this.journal = journalPath(options.file);
    this.fs = options.fs ?? nodeFs;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? realTimers;
    this.minMs = options.minIntervalMs ?? LIVE_WRITE_MIN_MS;
    this.heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  }

  /** Resolves when the writes started so far (a timer's among them) are done. */
  idle(): Promise<void> {
    return this.chain;
  }

  /** The last record written to the run file, if any. */
  get lastWritten(): RunRecord | null {
    return this.written;
  }

  /**
   * Records a finished step: its journal line durably, then the run file when 500 ms have
   * passed since the last write (else soon after, by a timer). `snapshot` is called only when
   * the run file is written. Rejects with a DiskWriteError when the disk refuses.
   */
  async step(point: RunPoint, snapshot: () => RunRecord): Promise<void> {
    if (this.failure) throw this.failure;
    try {
      if (!this.handle) {
        await ensureFolder(path.dirname(this.journal), this.fs);
        this.handle = await this.fs.open(this.journal, 'w', 0o644);
        await syncFolder(path.dirname(this.journal), this.fs);
      }
      await this.handle.write(journalLine(point));
      await this.handle.datasync();
    } catch (e) {
      throw toDiskWriteError(e, this.journal);
    }
    this.pending = snapshot;
    if (this.now() - this.lastWriteAt >= this.minMs) await this.flush();
    else this.schedule(this.lastWriteAt + this.minMs - this.now());
    if (this.failure) throw this.failure;
  }

  /** Writes the newest snapshot, or (heartbeat) the last record with `updatedAt` now. */
  private flush(): Promise<void> {
    this.cancelTimer();
    this.chain = this.chain.then(async () => {
      if (this.closed || this.failure) return;
      const next = this.pending ? this.pending() : this.written ? { ...this.written, updatedAt: this.stamp(this.written) } : null;
      this.pending = null;
      if (!next) return;
      try {
        await writeRunFileAtomic(this.file, next, { exclusive: !this.written, fs: this.fs });
        this.written = next;
        this.lastWriteAt = this.now();
      } catch (e) {
        this.failure = e;
      }
      this.schedule(this.heartbeatMs);
    });
    return this.chain;
  }

  /**
   * `now` as an updatedAt for `run`: never before its own updatedAt (a clock stepped back would
   * make the record invalid, `updatedAt` before `createdAt`, and refused).
   */
  private stamp(run: RunRecord): string {
    return new Date(Math.max(this.now(), Date.parse(run.updatedAt))).toISOString();
  }

  private schedule(ms: number): void {
    if (this.closed || this.failure) return;
    this.cancelTimer();
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, Math.max(0, ms));
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private async closeJournal(remove: boolean): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
    if (remove) await this.fs.rm(this.journal, { force: true });
  }

  /** Stops without a final record (the test never ran): timers off, an unused journal removed. */
  async abandon(): Promise<void> {
    this.cancelTimer();
    await this.chain;
    this.closed = true;
    this.cancelTimer();
    await this.closeJournal(!this.written).catch(() => undefined);
  }

  /**
   * Writes the final record, then deletes the journal (every step is in the record). On a full
   * disk: the journal is deleted to make room and the write tried again; then, in place, the
   * record as compact JSON, or the last good run file marked `failed` with the reason. Returns
   * the record, with status `failed` and the disk's reason when it could not be written whole.
   * @throws errors other than a full disk (a taken file name, a read-only folder...)
   */
  async finish(record: RunRecord): Promise<RunRecord> {
    this.cancelTimer();
    await this.chain;
    this.closed = true;
    this.cancelTimer();
    // A live write refused for another reason than the disk (an invalid record: a defect) is
    // not left unsaid when no step came after it to throw it.
    if (this.failure && !(this.failure instanceof DiskWriteError) && !isNoSpace(this.failure)) {
      await this.closeJournal(false);
      throw this.failure;
    }
    const atomic = () => writeRunFileAtomic(this.file, record, { exclusive: !this.written, fs: this.fs });
    try {
      await atomic();
      await this.closeJournal(true);
      return record;
    } catch (e) {
      if (!isNoSpace(e)) {
        await this.closeJournal(false);
        throw e;
      }
      // Every journal step is in `record`: its space is better used for the record.
      await this.closeJournal(true).catch(() => undefined);
      try {
        await atomic();
        return record;
      } catch (again) {
        if (!isNoSpace(again)) throw again;
        return this.stoppedInPlace(record, again as Error);
      }
    }
  }

  private async stoppedInPlace(record: RunRecord, error: Error): Promise<RunRecord> {
    const failed = (run: RunRecord): RunRecord =>
      run.status === 'failed' ? run : { ...run, status: 'failed', stopReason: 'error', error: { message: error.message }, updatedAt: this.stamp(run) };
    const compact = (run: RunRecord) => JSON.stringify(parseRun(run)) + '\n';
    if (!this.written) return failed(record);
    // Both records are validated before the disk is touched: an invalid one is a defect, thrown.
    const whole = compact(record);
    try {
      if (await overwriteInPlace(this.file, whole, { fs: this.fs })) return record;
    } catch (e) {
      if (!isDiskError(e)) throw e;
      return failed(record);
    }
    const last = compact(failed(this.written));
    try {
      await overwriteInPlace(this.file, last, { fs: this.fs });
    } catch (e) {
      // Nothing more the disk allows: the file keeps its last `running` snapshot, and its
      // heartbeat has stopped, so a viewer sees it stalled.
      if (!isDiskError(e)) throw e;
    }
    return failed(record);
  }
}
