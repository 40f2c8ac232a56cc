import { bowlRun } from '../testing/fixtures';
import { textPlot } from './text-plot';

describe('textPlot', () => {
  it('draws the bowl: high at both ends, lowest row in the middle column', async () => {
    const run = await bowlRun({ numIter: 41 });
    const lines = textPlot(run, { width: 41, height: 9 }).split('\n');
    const rows = lines.slice(0, 9).map((l) => l.slice(l.indexOf('┤') + 1));
    expect(rows[0][0]).toBe('*');
    expect(rows[0][40]).toBe('*');
    expect(rows[8][20]).toBe('*');
    expect(lines[0].startsWith('5.00 ┤')).toBe(true); // (log10(1e-4) + 2)^2 + 1
    expect(lines[8].startsWith('1.00 ┤')).toBe(true);
    expect(lines[10]).toContain('1.0e-4');
    expect(lines[10]).toContain('1.0e+0');
  });

  it('says so when there is nothing to plot', async () => {
    const run = await bowlRun();
    expect(textPlot({ ...run, points: run.points.slice(0, 1) })).toMatch(/not enough/);
  });
});
