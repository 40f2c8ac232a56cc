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
