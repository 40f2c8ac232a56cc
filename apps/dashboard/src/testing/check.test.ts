import { safeParseRun } from '@lrfinder/core';
import { fixtureRun } from './fixtures';

test('fixture runs are valid run files, complete and running', async () => {
  const done = await fixtureRun({ id: 'a' });
  const running = await fixtureRun({ id: 'b', runningAfter: 10 });
  expect(safeParseRun(JSON.parse(JSON.stringify(done))).ok).toBe(true);
  expect(safeParseRun(JSON.parse(JSON.stringify(running))).ok).toBe(true);
  expect(running.status).toBe('running');
  expect(running.points).toHaveLength(10);
  expect(done.status).not.toBe('running');
  // The analytic curve's minimum is at 1e-3: the minimum suggestion lands near it.
  expect(Math.abs(Math.log10(done.suggestions.minimum.lr as number) + 3)).toBeLessThan(0.5);
});
