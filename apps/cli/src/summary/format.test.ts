import { bowlRun } from '../testing/fixtures';
import { bestRun, formatLr, lowestLoss, suggestionTable, table } from './format';

describe('summary formatting', () => {
  it('finds the lowest smoothed loss: the bowl minimum 1 at lr 1e-2', async () => {
    const run = await bowlRun({ numIter: 41 }); // lrs 10^(-4 + k/10): k = 20 is exactly 1e-2
    const low = lowestLoss(run)!;
    expect(low.step).toBe(20);
    expect(low.lr).toBeCloseTo(1e-2, 12);
    expect(low.loss).toBeCloseTo(1, 12);
  });

  it('picks the run with the lower loss', async () => {
    const sgd = await bowlRun({ label: 'sgd', scale: 2 });
    const adam = await bowlRun({ label: 'adam', scale: 0.5 });
    expect(bestRun([sgd, adam])?.label).toBe('adam');
    expect(bestRun([])).toBeNull();
  });

  it('tables every suggestion method per run, recommended marked', async () => {
    const sgd = await bowlRun({ label: 'sgd', numIter: 41 });
    const text = suggestionTable([sgd]);
    const lines = text.trim().split('\n');
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual(['sgd', 'steepest', 'minimum', 'valley', 'slide', 'smaDelta', 'lowest', 'at', 'status', 'steps', 'ms/step']);
    expect(text).toMatch(new RegExp(`${sgd.suggestions.recommended}\\s+\\S+\\*`));
    expect(text).toMatch(new RegExp(`minimum\\s+${formatLr(sgd.suggestions.minimum.lr).replace('+', '\\+')}`));
    expect(text).toMatch(/steps\s+41\/41/);
  });

  it('aligns columns', () => {
    expect(table([['a', 'bb'], ['ccc', 'd']])).toBe('a    bb\nccc   d\n');
  });
});
