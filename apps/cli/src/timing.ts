// LRFINDER_TIMING=1: one stderr line per phase of a command (process start, modules loaded,
// backend ready, data read, model built, first step, run file, plots...), in the parent and in
// every child of a parallel run, all on one clock (the parent's start, handed to the children in
// LRFINDER_TIMING_T0), with the process's CPU time beside the wall time: on a shared machine the
// CPU time of a phase is what to compare. tools/bench/repeats.ts reads these lines. Off by default
// and free when off (no clock read, nothing written).

/** The prefix of every timing line (the parent passes children's lines through by it). */
export const TIMING_PREFIX = 'lrfinder timing ';

/** One phase as the timing line carries it. */
export interface TimingMark {
  /** Milliseconds since t0 (the first process's start), wall clock. */
  ms: number;
  /** User + system CPU milliseconds of this process so far. */
  cpuMs: number;
  pid: number;
  /** `parent`, or the label of a child's test (sgd, adam#2...). */
  role: string;
  phase: string;
}

export interface TimingEnv {
  LRFINDER_TIMING?: string;
  LRFINDER_TIMING_T0?: string;
}

/** Whether LRFINDER_TIMING asks for timing lines (1, true, yes, on). */
export function timingEnabled(env: TimingEnv = process.env): boolean {
  return /^(1|true|yes|on)$/i.test(env.LRFINDER_TIMING ?? '');
}

let role = 'parent';

/** Names this process in its timing lines (a child: its test's label). */
export function setTimingRole(name: string): void {
  role = name;
}

/**
 * The clock's zero, epoch milliseconds: LRFINDER_TIMING_T0 when a parent (or a bench) set it,
 * else this process's start; set into env so that children share it.
 */
export function timingOrigin(env: TimingEnv = process.env, processStart = performance.timeOrigin): number {
  const given = Number(env.LRFINDER_TIMING_T0);
  if (env.LRFINDER_TIMING_T0 && Number.isFinite(given)) return given;
  env.LRFINDER_TIMING_T0 = String(Math.round(processStart));
  return Math.round(processStart);
}

/** `lrfinder timing {"ms":..}`: one line of JSON after the prefix. */
export function formatMark(m: TimingMark): string {
  return `${TIMING_PREFIX}${JSON.stringify(m)}\n`;
}

/** The marks among lines of text (other lines ignored). */
export function parseMarks(text: string): TimingMark[] {
  const marks: TimingMark[] = [];
  for (const line of text.split('\n')) {
    const at = line.indexOf(TIMING_PREFIX);
    if (at < 0) continue;
    try {
      const m = JSON.parse(line.slice(at + TIMING_PREFIX.length)) as TimingMark;
      if (typeof m.ms === 'number' && typeof m.phase === 'string') marks.push(m);
    } catch {
      // a line cut by a crash: skipped
    }
  }
  return marks;
}

/** Records that `phase` ended now (a timing line on stderr), when LRFINDER_TIMING is on. */
export function mark(phase: string, env: TimingEnv = process.env): void {
  if (!timingEnabled(env)) return;
  const t0 = timingOrigin(env);
  const cpu = process.cpuUsage();
  const m: TimingMark = { ms: Date.now() - t0, cpuMs: Math.round((cpu.user + cpu.system) / 1000), pid: process.pid, role, phase };
  process.stderr.write(formatMark(m));
}
