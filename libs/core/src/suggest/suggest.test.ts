import { RangeTestError } from '../errors';
import type { RunPoint } from '../run-record';
import { finitePrefix, minimum, RECOMMENDED_METHOD, slide, smaDelta, steepest, suggest, unitGradient, valley } from './index';

const idx = (n: number) => Array.from({ length: n }, (_, i) => 10 ** (i / 4 - 3)); // any increasing lrs

describe('valley (fastai)', () => {
  it('longest decreasing run 0..7 of length 7: start 0, index 0 + floor(7/3) + floor(7/6) = 3', () => {
    const lrs = idx(10);
    expect(valley(lrs, [9, 9, 8, 7, 5, 3, 2, 1.5, 4, 10])).toEqual({ lr: lrs[3], index: 3 });
  });

  it('uses the longest decreasing subsequence, not only contiguous runs, and fastai\'s start = end - length', () => {
    // 5 > 4 > 3 > 2 at indices 0, 2, 4, 6: length 4 ends at 6, start 2, index 2 + 1 + 0 = 3
    const lrs = idx(7);
    expect(valley(lrs, [5, 6, 4, 7, 3, 8, 2])).toEqual({ lr: lrs[3], index: 3 });
  });

  it('takes the first end among equally long valleys', () => {
    // decreasing sequences of length 4 end at 3 (4,3,2,1) and at 7 (4,3,2,1.5 or 4.5,3.5,2.5,1.5);
    // the first end wins: start 3 - 4 = -1, index -1 + floor(4/3) + floor(4/6) = 0 (end 7 would give 4)
    expect(valley(idx(8), [4, 3, 2, 1, 4.5, 3.5, 2.5, 1.5]).index).toBe(0);
  });

  it('a curve that never decreases has no valley', () => {
    expect(valley(idx(3), [1, 2, 3])).toMatchObject({ lr: null, reason: 'the loss never decreases' });
  });

  it('where fastai\'s arithmetic gives index -1 we take the first point', () => {
    expect(valley(idx(4), [5, 4, 6, 7]).index).toBe(0);
  });
});

describe('slide (fastai)', () => {
  it('numpy.gradient with unit spacing', () => {
    expect(unitGradient([1, 2, 4, 7])).toEqual([1, 1.5, 2.5, 3]);
  });

  it('slides left while the end gradients differ: lrDiff 2 stops at left = 2', () => {
    // g = [0,0,0,0,.5,1.5,2.5,3]; |3-1.5|, |2.5-.5|, |1.5-0|, |.5-0| > .005, then |0-0| stops
    const lrs = idx(8);
    expect(slide(lrs, [2, 2, 2, 2, 2, 3, 5, 8], { lrDiff: 2 })).toEqual({ lr: lrs[2], index: 2 });
    expect(slide(lrs, [2, 2, 2, 2, 2, 3, 5, 8], { lrDiff: 2, adjustValue: 0.5 })).toEqual({ lr: lrs[2] * 0.5, index: 2 });
  });

  it('keeps the first left end when the ends already agree', () => {
    const lrs = idx(10);
    expect(slide(lrs, [10, 8, 6, 4, 2, 2, 2, 2, 2, 2], { lrDiff: 2 })).toEqual({ lr: lrs[7], index: 7 });
  });

  it('defaults (lrDiff 15, thresh 0.005) on a 20-point curve: index 4', () => {
    const losses = [10, 10, 10, 10, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    // right 19, left 4: |0 - (-0.5)| > thresh -> 4; right 18, left 3: |0 - 0| stops
    expect(slide(idx(20), losses)).toEqual({ lr: idx(20)[4], index: 4 });
  });

  it('needs more than lrDiff points', () => {
    expect(slide(idx(15), Array.from({ length: 15 }, (_, i) => 15 - i))).toMatchObject({ lr: null, reason: 'needs at least 16 finite points, got 15' });
  });
});

describe('steepest', () => {
  it('most negative central slope against ln(lr), on decades', () => {
    const lrs = [1e-4, 1e-3, 1e-2, 1e-1, 1];
    // slopes at 1..3: -0.5/(2 ln10), -1.9/(2 ln10), +0.5/(2 ln10)
    expect(steepest(lrs, [3, 2.9, 2.5, 1, 3])).toEqual({ lr: 1e-2, index: 2 });
  });

  it('measures the slope against ln(lr), not lr', () => {
    // slopes: -3/ln 3 = -2.73, -2.5/ln 2 = -3.61, -0.6/ln(5/3) = -1.17 -> index 2 (against lr it would be index 1)
    expect(steepest([1, 2, 3, 4, 5], [5, 4, 2, 1.5, 1.4])).toEqual({ lr: 3, index: 2 });
  });

  it('null when the loss never falls', () => {
    expect(steepest([1, 2, 3], [1, 1, 2]).lr).toBeNull();
    expect(steepest([1, 2], [2, 1]).lr).toBeNull();
  });
});

describe('minimum', () => {
  it('one tenth of the lr at the lowest loss, first on ties', () => {
    expect(minimum([1e-3, 1e-2, 1e-1, 1], [3, 1, 2, 1])).toEqual({ lr: 1e-3, index: 1 });
  });
});

describe('smaDelta (keras_lr_finder get_best_lr)', () => {
  it('lowest (loss[i] - loss[i - sma]) / sma in the window, first on ties', () => {
    const losses = [10, 10, 9, 7, 4, 2, 1.5, 1.4, 1.4, 2, 5, 9];
    // deltas from i = 2: -.5, -1.5, -2.5, -2.5, -1.25, ...; window 2..10 -> index 4
    const lrs = idx(12);
    expect(smaDelta(lrs, losses, { sma: 2, skipStart: 2, skipEnd: 1 })).toEqual({ lr: lrs[4], index: 4 });
  });

  it('pads the first sma deltas with 0 like keras_lr_finder, and gives null when nothing falls', () => {
    expect(smaDelta(idx(5), [1, 2, 3, 4, 5], { sma: 3, skipStart: 0, skipEnd: 0 }).lr).toBeNull();
    expect(smaDelta(idx(5), [5, 4, 3, 2, 1], { sma: 3, skipStart: 0, skipEnd: 0 })).toEqual({ lr: idx(5)[3], index: 3 });
  });
});

describe('suggest', () => {
  const points = (losses: (number | null)[], smoothed = losses): RunPoint[] =>
    losses.map((loss, step) => ({ step, lr: 10 ** (step / 10 - 5), loss, smoothedLoss: smoothed[step] }));

  it('uses only the finite prefix and indexes into the points', () => {
    // a lower loss after the NaN must not count
    const losses = [9, 9, 8, 7, 5, 3, 2, 1.5, 4, 10, null, 0.1];
    const pts = points(losses);
    expect(finitePrefix(pts)).toHaveLength(10);
    const s = suggest(pts, { skipStart: 0, skipEnd: 0 });
    // lowest loss 1.5 at point 7 (lr 10^-4.3); a tenth of it, 10^-5.3, is below the first lr 1e-5
    expect(s.minimum).toEqual({ lr: pts[7].lr / 10, index: 7, belowStartLr: true });
    expect(s.valley).toEqual({ lr: pts[3].lr, index: 3 });
    expect(s.recommended).toBe(RECOMMENDED_METHOD);
  });

  it('skips numIter/10 points at the start and 5 at the end by default, indexes shifted back', () => {
    const smooth = Array.from({ length: 40 }, (_, i) => (i < 25 ? 10 - i * 0.3 : 3 + (i - 25) * 2));
    const pts = points(smooth);
    const s = suggest(pts, { numIter: 40 });
    // window: points 4..34 (skip 40/10 = 4 and 5). Lowest smoothed loss 10 - 24 * 0.3 = 2.8 at point 24.
    expect(s.minimum).toEqual({ lr: 10 ** (2.4 - 5) / 10, index: 24 });
    // the descent 4..24 is the longest decreasing run: 21 points, window end 20, start 20 - 21 = -1,
    // index -1 + floor(21/3) + floor(21/6) = 9 in the window, point 13 of the run
    expect(s.valley).toEqual({ lr: pts[13].lr, index: 13 });
    // with no skipping at all the descent starts at point 0: 25 points, end 24, start -1, -1 + 8 + 4 = 11
    expect(suggest(pts, { skipStart: 0, skipEnd: 0 }).valley).toEqual({ lr: pts[11].lr, index: 11 });
  });

  it('reasons instead of numbers when too few points remain', () => {
    const s = suggest(points([3, 2, 1]), { numIter: 100 });
    for (const m of ['steepest', 'minimum', 'valley', 'slide', 'smaDelta'] as const) {
      expect(s[m]).toMatchObject({ lr: null, index: null, reason: expect.any(String) });
    }
  });
});

describe('flat curves and float noise', () => {
  const lrs = idx(30);
  it('a flat curve gives no suggestion from any rule, with the reason', () => {
    const flat = new Array(30).fill(2);
    for (const rule of [steepest, minimum, valley, slide, smaDelta]) {
      expect(rule(lrs, flat)).toEqual({ lr: null, index: null, reason: expect.stringMatching(/^the loss is flat/) });
    }
    const pts = flat.map((l, step) => ({ step, lr: lrs[step], loss: l, smoothedLoss: l }));
    const s = suggest(pts);
    for (const m of ['steepest', 'minimum', 'valley', 'slide', 'smaDelta'] as const) expect(s[m]).toMatchObject({ reason: expect.stringMatching(/^the loss is flat/) });
  });

  it('a curve that only moves by rounding noise is flat too (the old EMA gave 2, 1.999999999999998, ...)', () => {
    const noisy = Array.from({ length: 30 }, (_, i) => 2 - (i % 3) * 2 * Number.EPSILON);
    expect(valley(lrs, noisy)).toMatchObject({ reason: expect.stringMatching(/^the loss is flat/) });
  });

  it('valley does not read a descent of a few ulps as part of the valley', () => {
    // points 0..5 fall by 1e-15 each (noise), 6 is a real drop: the valley is 5 -> 6 only,
    // end 6, length 2, start 4: index 4 + 0 + 0 = 4 (reading noise as descent gives 0..6: index 2)
    const l = [3, 3 - 1e-15, 3 - 2e-15, 3 - 3e-15, 3 - 4e-15, 3 - 5e-15, 1, 2];
    expect(valley(idx(8), l)).toEqual({ lr: idx(8)[4], index: 4 });
    // steepest: only the real drop counts; central slopes at 5 and 6, 5 first: (1 - (3-4e-15)) vs (2 - (3-5e-15))
    expect(steepest(idx(8), l).index).toBe(5);
  });
});

describe('the exported rules on non-finite losses use the finite prefix', () => {
  const lrs = idx(8);
  it('minimum ignores a NaN and what comes after it', () => {
    expect(minimum(lrs, [3, 2, 1, NaN, 0.5, 0.1, 0.1, 0.1])).toEqual({ lr: lrs[2] / 10, index: 2, belowStartLr: true });
    // a NaN first leaves nothing finite: a reason, not the NaN point
    expect(minimum(lrs, [NaN, 2, 1, 0, 0, 0, 0, 0])).toEqual({ lr: null, index: null, reason: expect.stringMatching(/^needs at least 1 finite points, got 0 \(point 0/) });
  });

  it('valley, steepest, smaDelta and slide stop at the first non-finite loss', () => {
    const l = [9, 8, 7, 6, Infinity, 1, 0.5, 0.1];
    // finite prefix 9, 8, 7, 6: one run of 4, end 3, start -1: index -1 + 1 + 0 = 0
    expect(valley(lrs, l)).toEqual({ lr: lrs[0], index: 0 });
    expect(steepest(lrs, l).index).toBe(1);
    expect(smaDelta(lrs, l, { sma: 1, skipStart: 0, skipEnd: 0 }).index).toBe(1);
    expect(slide(lrs, l, { lrDiff: 4 })).toHaveProperty('reason', 'needs at least 5 finite points, got 4 (point 4 has a non-finite or non-positive value; rules use the finite prefix)');
  });
});

describe('minimum below the tested range', () => {
  it('keeps fastai\'s lr / 10 and flags it when that is below startLr', () => {
    expect(minimum([1e-3, 1e-2, 1e-1], [3, 1, 2])).toEqual({ lr: 1e-3, index: 1 }); // 1e-3 is not below 1e-3
    expect(minimum([1e-3, 1e-2, 1e-1], [1, 2, 3])).toEqual({ lr: 1e-4, index: 0, belowStartLr: true });
    expect(minimum([1e-3, 1e-2, 1e-1], [1, 2, 3], { startLr: 1e-5 })).toEqual({ lr: 1e-4, index: 0 });
  });
});

describe('suggest options are validated up front, naming the option', () => {
  const pts = [3, 2, 1].map((l, step) => ({ step, lr: 10 ** step, loss: l, smoothedLoss: l }));
  it.each([
    [{ skipStart: 2.5 }, 'skipStart', 'an integer >= 0'],
    [{ skipStart: -1 }, 'skipStart', 'an integer >= 0'],
    [{ skipEnd: NaN }, 'skipEnd', 'an integer >= 0'],
    [{ sma: 0 }, 'sma', 'an integer >= 1'],
    [{ slide: { lrDiff: -1 } }, 'slide.lrDiff', 'an integer >= 1'],
    [{ slide: { thresh: -0.1 } }, 'slide.thresh', 'a finite number >= 0'],
    [{ skipstart: 2 }, 'skipstart', 'a known option (did you mean skipStart?)'],
    [{ lrDiff: 3 }, 'lrDiff', 'a known option'],
  ])('%j -> %s', (options, option, expected) => {
    const err = (() => {
      try {
        suggest(pts, options as never);
      } catch (e) {
        return e as RangeTestError;
      }
    })();
    expect(err).toBeInstanceOf(RangeTestError);
    expect(err?.option).toBe(option);
    expect(err?.message.startsWith(`${option} must be ${expected}`)).toBe(true);
  });
});
