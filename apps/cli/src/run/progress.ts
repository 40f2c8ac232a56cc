// Progress of a running test: a cli-progress bar on a terminal, plain periodic lines
// otherwise, nothing with --json / --quiet. Written to stderr so stdout holds only results.
import { SingleBar } from 'cli-progress';
import type { TextSink } from '../io';

import { silentProgress, type ProgressSink } from './progress-sink';

export { silentProgress, type ProgressSink, type ProgressStart, type ProgressStep } from './progress-sink';

export type ProgressMode = 'bar' | 'lines' | 'silent';

function fmt(v: number | null, digits = 4): string {
  return v === null || !Number.isFinite(v) ? 'nan' : v.toPrecision(digits);
}

function fmtLr(lr: number): string {
  return lr.toExponential(2);
}

/** The mode for these flags and this stream. */
export function progressMode(flags: { json?: boolean; quiet?: boolean }, stream: TextSink): ProgressMode {
  if (flags.json || flags.quiet) return 'silent';
  return stream.isTTY ? 'bar' : 'lines';
}

export interface LineProgressOptions {
  /** Seconds between lines at most (a line is also printed every 10% of the steps). @default 10 */
  everySeconds?: number;
  /** @default Date.now */
  now?: () => number;
}

/** One line at the start, every 10% of the steps or `everySeconds`, and at the end. */
export function lineProgress(stream: TextSink, options: LineProgressOptions = {}): ProgressSink {
  const now = options.now ?? Date.now;
  const every = (options.everySeconds ?? 10) * 1000;
  let label = '';
  let started = 0;
  let last = 0;
  return {
    start(info) {
      label = info.label;
      started = last = now();
      stream.write(`${label}: ${info.numIter} steps\n`);
    },
    step(p) {
      const t = now();
      const tenth = Math.max(1, Math.round(p.numIter / 10));
      if ((p.step + 1) % tenth !== 0 && t - last < every) return;
      last = t;
      const done = p.step + 1;
      const eta = ((t - started) / done) * (p.numIter - done);
      stream.write(`${label}: step ${done}/${p.numIter} lr ${fmtLr(p.lr)} loss ${fmt(p.smoothedLoss)} eta ${Math.round(eta / 1000)}s\n`);
    },
    stop({ status }) {
      stream.write(`${label}: ${status} after ${Math.round((now() - started) / 100) / 10}s\n`);
    },
  };
}

/** A cli-progress bar: step, learning rate, smoothed loss and time left. */
export function barProgress(stream: TextSink): ProgressSink {
  let bar: SingleBar | null = null;
  return {
    start(info) {
      bar = new SingleBar({
        format: `${info.label.padEnd(8)} {bar} {value}/{total} | lr {lr} | loss {loss} | ETA {eta_formatted}`,
        stream: stream as unknown as NodeJS.WritableStream,
        barsize: 24,
        hideCursor: true,
        etaBuffer: 20,
        fps: 5,
      });
      bar.start(info.numIter, 0, { lr: '-', loss: '-' });
    },
    step(p) {
      bar?.update(p.step + 1, { lr: fmtLr(p.lr), loss: fmt(p.smoothedLoss) });
    },
    stop({ status }) {
      bar?.stop();
      bar = null;
      stream.write(`  -> ${status}\n`);
    },
  };
}

export function createProgress(mode: ProgressMode, stream: TextSink): ProgressSink {
  if (mode === 'silent') return silentProgress;
  return mode === 'bar' ? barProgress(stream) : lineProgress(stream);
}
