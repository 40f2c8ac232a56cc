import { bowlRun } from '../testing/fixtures';
import { runToCsv } from './csv';

describe('runToCsv', () => {
  it('writes one row per step with the sma loss delta of the tutorial', async () => {
    const run = await bowlRun({ numIter: 41 });
    const rows = runToCsv(run, { sma: 2 }).trim().split('\n');
    expect(rows[0]).toBe('step,lr,loss,smoothed_loss,val_loss,loss_delta');
    expect(rows).toHaveLength(42);
    const cells = rows.map((r) => r.split(','));
    expect(cells[1][4]).toBe('');
    expect(cells[1][5]).toBe('');
    expect(cells[2][5]).toBe('');
    // row of step k: (loss[k] - loss[k-2]) / 2 with loss = 1 + (k/10 - 2)^2
    const loss = (k: number) => 1 + (k / 10 - 2) ** 2;
    expect(Number(cells[11][5])).toBeCloseTo((loss(10) - loss(8)) / 2, 10);
    expect(Number(cells[11][2])).toBeCloseTo(loss(10), 10);
  });
});
