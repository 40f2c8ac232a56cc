import { bufferSink } from '../io';
import { barProgress, lineProgress, progressMode } from './progress';

describe('progress', () => {
  it('picks silent for --json/--quiet, a bar on a TTY, lines otherwise', () => {
    expect(progressMode({ json: true }, bufferSink(true))).toBe('silent');
    expect(progressMode({ quiet: true }, bufferSink(true))).toBe('silent');
    expect(progressMode({}, bufferSink(true))).toBe('bar');
    expect(progressMode({}, bufferSink(false))).toBe('lines');
  });

  it('prints a line every 10% of the steps with step, lr, smoothed loss and eta', () => {
    const out = bufferSink();
    let t = 0;
    const p = lineProgress(out, { now: () => t, everySeconds: 1e9 });
    p.start({ label: 'adam', numIter: 20 });
    for (let step = 0; step < 20; step++) {
      t += 100;
      p.step({ step, numIter: 20, lr: 10 ** (-4 + step / 5), smoothedLoss: 2 - step / 20 });
    }
    p.stop({ status: 'completed' });
    const lines = out.text().trim().split('\n');
    expect(lines[0]).toBe('adam: 20 steps');
    expect(lines).toHaveLength(1 + 10 + 1);
    expect(lines[1]).toBe('adam: step 2/20 lr 1.58e-4 loss 1.950 eta 2s');
    expect(lines[11]).toBe('adam: completed after 2s');
  });

  it('draws a bar with the step count, lr and loss', () => {
    const out = bufferSink(true);
    const p = barProgress(out);
    p.start({ label: 'sgd', numIter: 4 });
    for (let step = 0; step < 4; step++) p.step({ step, numIter: 4, lr: 0.5, smoothedLoss: null });
    p.stop({ status: 'diverged' });
    expect(out.text()).toContain('4/4 | lr 5.00e-1 | loss nan');
    expect(out.text()).toContain('-> diverged');
  });
});
