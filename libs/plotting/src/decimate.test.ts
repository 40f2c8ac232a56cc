import { decimate, MIN_DECIMATE_POINTS } from './decimate';
import { PlottingError } from './errors';

// Deterministic noise so the test is reproducible.
function noise(i: number): number {
  const s = Math.sin(i * 12.9898) * 43758.5453;
  return s - Math.floor(s);
}

function curve(n: number): { x: number; y: number | null; step: number }[] {
  return Array.from({ length: n }, (_, i) => ({ x: 1e-6 * 10 ** ((6 * i) / (n - 1)), y: 2 + Math.cos(i / 500) + noise(i), step: i }));
}

describe('decimate', () => {
  it('returns short series unchanged (a copy)', () => {
    const pts = curve(50);
    const out = decimate(pts, 1000);
    expect(out).toEqual(pts);
    expect(out).not.toBe(pts);
  });

  it('caps the count at max for several sizes and maxima', () => {
    for (const n of [1001, 5000, 20000]) {
      for (const max of [MIN_DECIMATE_POINTS, 100, 1000]) {
        const out = decimate(curve(n), max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out.length).toBeGreaterThan(Math.min(max, n) / 3);
      }
    }
  });

  it('keeps the first point, the minimum and the divergence (last) point, in order', () => {
    const pts = curve(20000);
    pts[12345].y = -5; // the minimum, somewhere in a bucket
    pts[19999].y = 1e6; // divergence at the end
    const out = decimate(pts, 200);
    expect(out[0]).toBe(pts[0]);
    expect(out[out.length - 1]).toBe(pts[19999]);
    expect(out).toContain(pts[12345]);
    const steps = out.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('keeps the last finite point and a gap when the run ends in NaN', () => {
    const pts = curve(5000);
    for (let i = 4990; i < 5000; i++) pts[i].y = null;
    pts[2500].y = null; // an isolated gap mid-run
    const out = decimate(pts, 300);
    expect(out).toContain(pts[4989]);
    expect(out[out.length - 1]).toBe(pts[4999]);
    expect(out.some((p) => p.step === 2500 && p.y === null)).toBe(true);
    expect(out.length).toBeLessThanOrEqual(300);
  });

  it('keeps each bucket’s extremes: a one-point spike survives', () => {
    const pts = curve(10000);
    pts[7777].y = 50;
    expect(decimate(pts, 500)).toContain(pts[7777]);
  });

  it('rejects a max below the kept points with the option named', () => {
    expect(() => decimate(curve(10), 3)).toThrow(PlottingError);
    expect(() => decimate(curve(10), 2.5)).toThrow(/maxPoints must be an integer >= 7; got 2.5/);
  });
});
