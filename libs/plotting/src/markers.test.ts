import { suggestionMarkers } from './markers';
import { makeRun } from './testing/run-fixture';

describe('suggestionMarkers', () => {
  it('puts one marker per found method at its suggested learning rate, on the smoothed loss', () => {
    const run = makeRun({ suggest: { steepest: 30, valley: 42, minimum: 50 }, recommended: 'valley' });
    const markers = suggestionMarkers(run);
    expect(markers.map((m) => m.method)).toEqual(['steepest', 'minimum', 'valley']);
    for (const m of markers) {
      expect(m.lr).toBe(run.suggestions[m.method].lr);
      expect(m.lr).toBe(run.points[m.index].lr);
      expect(m.loss).toBe(run.points[m.index].smoothedLoss);
      expect(m.step).toBe(m.index);
    }
    expect(markers.filter((m) => m.recommended).map((m) => m.method)).toEqual(['valley']);
    expect(markers[1].label).toMatch(/^minimum \d(\.\d+)?e-\d$/);
  });

  it('meets the curve at the suggested lr when it is not its point’s lr (fastai minimum: lr / 10)', () => {
    const run = makeRun({ steps: 101, startLr: 1e-6, endLr: 1, suggest: { minimum: 80 } });
    // 101 steps over 6 decades: 100 steps per 6 decades, so lr / 10 is 16.67 steps earlier -> step 63.
    run.suggestions.minimum = { lr: run.points[80].lr / 10, index: 80 };
    const [m] = suggestionMarkers(run);
    expect(m).toMatchObject({ method: 'minimum', index: 80, step: 80, lr: run.points[80].lr / 10 });
    expect(m.loss).toBe(run.points[63].smoothedLoss);
  });

  it('has no marker for methods without a suggestion', () => {
    expect(suggestionMarkers(makeRun())).toEqual([]);
  });

  it('gives a null loss when the suggested point’s smoothed loss is not finite', () => {
    const run = makeRun({ losses: [3, 2, NaN, 1], suggest: { minimum: 3 } });
    expect(suggestionMarkers(run)[0]).toMatchObject({ method: 'minimum', loss: null, index: 3 });
  });
});

describe('METHOD_LABELS', () => {
  it('names every method of core, in core’s order', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SUGGESTION_METHODS } = require('@lrfinder/core');
    const { METHOD_LABELS } = require('./markers');
    expect(Object.keys(METHOD_LABELS)).toEqual([...SUGGESTION_METHODS]);
  });
});
