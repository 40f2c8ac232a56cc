import { runRecordSchema } from '@lrfinder/core';
import { makeRunId, slug, timeStamp } from './run-id';

describe('run ids', () => {
  it('are time, label slug and a 4-character random tail', () => {
    const at = Date.UTC(2026, 10, 29, 6, 15, 3);
    expect(timeStamp(at)).toBe('20261129-061503');
    expect(makeRunId('Adam', at, () => 0)).toBe('20261129-061503-adam-0000');
    expect(makeRunId('adam', at, () => 1 - 1e-12)).toBe('20261129-061503-adam-zzzz');
  });

  it('turn any label into a valid run-file id', () => {
    expect(slug('SGD / lr=1e-3 (momentum 0.9)')).toBe('sgd-lr-1e-3-momentum-0.9');
    expect(slug('../..')).toBe('run');
    for (const label of ['', '...', 'ünïcode ✓', 'x'.repeat(500)]) {
      expect(runRecordSchema.shape.id.safeParse(makeRunId(label, 0)).success).toBe(true);
    }
  });

  it('differ between calls at the same millisecond', () => {
    const ids = new Set(Array.from({ length: 50 }, () => makeRunId('sgd', 0)));
    expect(ids.size).toBeGreaterThan(45);
  });
});
