import { curveNotes } from '@lrfinder/plotting';
import { edgeRuns } from './edge-runs';

test('the edge runs are valid run files, each with the note its chart must show', async () => {
  const runs = await edgeRuns();
  expect(runs.map((r) => curveNotes(r).map((n) => n.kind))).toEqual([['empty'], ['single'], ['all-nan'], ['nan-from']]);
  expect(curveNotes(runs[3])[0].step).toBe(runs[3].points[30].step);
});
