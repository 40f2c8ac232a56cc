// Timing helpers: wall and CPU time of a step, medians, peak RSS.

export interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** Times one (async) call: wall-clock and this process's CPU time. */
export async function timeOnce(f: () => unknown): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall and CPU ms per call of `f` after `warmup` untimed calls. */
export async function medianTiming(f: () => unknown, warmup: number, reps: number): Promise<Timing & { reps: number }> {
  for (let i = 0; i < warmup; i++) await f();
  const runs: Timing[] = [];
  for (let i = 0; i < reps; i++) runs.push(await timeOnce(f));
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), reps };
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function rssMiB(): number {
  return process.memoryUsage().rss / 2 ** 20;
}
