// Number formats of the charts: learning rates as `1e-4` / `3.16e-3`, losses with 4
// significant digits.
import { PlottingError } from './errors';

function exponential(value: number, digits: number): string {
  return value.toExponential(digits).replace('e+', 'e');
}

/**
 * A learning rate as the log axis and tooltips show it.
 * @example formatLr(0.0001) // '1e-4'
 * @example formatLr(0.0031623) // '3.16e-3'
 */
export function formatLr(lr: number): string {
  if (!Number.isFinite(lr)) return String(lr);
  const short = exponential(lr, 2).replace(/\.?0+e/, 'e');
  return short;
}

/**
 * A loss (or loss delta) with up to 4 significant digits, exponential when tiny or huge.
 * @example formatLoss(2.302585) // '2.303'
 * @example formatLoss(-0.000123456) // '-1.235e-4'
 */
export function formatLoss(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs < 1e-3 || abs >= 1e5) return exponential(value, 3).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(4)));
}

/**
 * Tick values of a log-10 axis from `min` to `max`: the powers of ten inside, plus 2x and 5x
 * multiples when fewer than three powers fit (a range of less than two decades).
 * @example logTicks(1e-7, 10) // [1e-7, 1e-6, ..., 1, 10]
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new PlottingError('log axis domain', `[${min}, ${max}]`, 'two finite numbers 0 < min <= max');
  }
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const inside = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  const powers: number[] = [];
  for (let e = lo; e <= hi; e++) powers.push(Number(`1e${e}`));
  const ticks = powers.filter(inside);
  if (ticks.length >= 3) return ticks;
  const dense = powers.flatMap((p) => [p, 2 * p, 5 * p].map((v) => Number(v.toPrecision(1)))).filter(inside);
  return [...new Set(dense)].sort((a, b) => a - b);
}

/** Minor gridline positions of a log-10 axis: 2x..9x of each decade inside the domain. */
export function logMinorTicks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (let k = 2; k <= 9; k++) {
      const v = Number(`${k}e${e}`);
      if (v > min && v < max) out.push(v);
    }
  }
  return out;
}

/**
 * Ticks of a log axis zoomed in to any range: logTicks when it gives three or more, else five
 * values evenly spaced in log10, rounded to 2 significant digits.
 * @example zoomTicks(2e-3, 3e-3) // [0.002, 0.0022, 0.0024, 0.0027, 0.003]
 */
export function zoomTicks(min: number, max: number): number[] {
  const ticks = logTicks(min, max);
  if (ticks.length >= 3) return ticks;
  const a = Math.log10(min);
  const b = Math.log10(max);
  const out = Array.from({ length: 5 }, (_, i) => Number((10 ** (a + ((b - a) * i) / 4)).toPrecision(2)));
  return [...new Set(out)].filter((v) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9));
}

/**
 * Ticks of a linear axis: about `count` round values (1, 2 or 5 times a power of ten apart).
 * @example linearTicks(0, 300) // [0, 50, 100, 150, 200, 250, 300]
 */
export function linearTicks(min: number, max: number, count = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) return Number.isFinite(min) ? [min] : [];
  // A range narrower than the numbers' own precision has no ticks between its ends.
  if (max - min <= Math.max(Math.abs(min), Math.abs(max)) * 1e-12) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const first = Math.ceil(min / step);
  const out: number[] = [];
  for (let k = first; k * step <= max + step * 1e-9 && out.length < 100; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}
