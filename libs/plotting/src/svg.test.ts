import { renderLossDeltaSvg, renderLossSvg } from './svg';
import { PlottingError } from './errors';
import { makeRun } from './testing/run-fixture';
import { assertWellFormed, numericAttributes, xTicks } from './testing/svg-check';

const run = makeRun({ id: 'mnist-sgd', label: 'SGD', steps: 300, suggest: { steepest: 120, valley: 140, minimum: 150 }, recommended: 'valley' });
const adam = makeRun({ id: 'mnist-adam', label: 'Adam', steps: 200, startLr: 1e-5, endLr: 0.1, suggest: { valley: 80 } });

/** Where a learning rate lands on the x axis, from the positions of two decade ticks. */
function expectedX(svg: string, lr: number): number {
  const ticks = xTicks(svg);
  const a = ticks[0];
  const b = ticks[ticks.length - 1];
  const la = Math.log10(Number(a.label));
  const lb = Math.log10(Number(b.label));
  return a.x + ((Math.log10(lr) - la) / (lb - la)) * (b.x - a.x);
}

function markerLineX(svg: string, method: string, runId: string): number {
  const m = new RegExp(`<g data-marker="${method}" data-lr="[^"]+" data-run="${runId}"[^>]*>(?:<title>[^<]*</title>)?<line x1="([^"]+)"`).exec(svg);
  if (!m) throw new Error(`no ${method} marker for ${runId}`);
  return Number(m[1]);
}

describe('renderLossSvg', () => {
  const svg = renderLossSvg(run);

  it('is a standalone SVG document: prolog, xmlns, size, title, white background', () => {
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true);
    const open = /^<svg[^>]*>/m.exec(svg.split('\n')[1])![0];
    expect(open).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(open).toContain('width="900"');
    expect(open).toContain('height="520"');
    expect(open).toContain('viewBox="0 0 900 520"');
    expect(svg).toMatch(/<title>Loss vs learning rate — SGD<\/title><desc>SGD: 300 steps, status diverged, recommended learning rate [\d.]+e-\d \(valley\)<\/desc>/);
    expect(svg).toMatch(/<rect width="900" height="520" fill="#ffffff">/);
    assertWellFormed(svg);
  });

  it('has no NaN, Infinity or undefined in any coordinate', () => {
    const values = numericAttributes(svg);
    expect(values.length).toBeGreaterThan(50);
    for (const v of values) expect(v).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg).not.toMatch(/NaN|undefined/);
  });

  it('has a log-10 x axis: decade ticks 1e-6 ... 1e0, equally spaced', () => {
    const ticks = xTicks(svg);
    expect(ticks.map((t) => t.label)).toEqual(['1e-6', '1e-5', '1e-4', '1e-3', '1e-2', '1e-1', '1e0']);
    const gaps = ticks.slice(1).map((t, i) => t.x - ticks[i].x);
    for (const g of gaps) expect(g).toBeCloseTo(gaps[0], 6);
  });

  it('marks every suggestion at its learning rate, the recommended one flagged', () => {
    for (const method of ['steepest', 'valley', 'minimum'] as const) {
      const lr = run.suggestions[method].lr as number;
      expect(markerLineX(svg, method, 'mnist-sgd')).toBeCloseTo(expectedX(svg, lr), 6);
    }
    expect(svg.match(/data-marker=/g)).toHaveLength(3);
    expect(svg).toMatch(/data-marker="valley"[^>]*data-recommended="true"/);
    expect(svg).toContain('valley 6.45e-4 ★');
  });

  it('draws the loss and smoothed loss with a legend', () => {
    expect(svg).toContain('data-series="mnist-sgd:loss"');
    expect(svg).toContain('data-series="mnist-sgd:smoothedLoss"');
    expect(svg).toContain('data-legend-item="smoothed loss"');
  });

  it('leaves a gap where the loss is not finite', () => {
    const losses = Array.from({ length: 60 }, (_, i) => 3 - i / 30);
    losses[20] = NaN;
    losses[40] = Infinity;
    const gappy = renderLossSvg(makeRun({ id: 'gappy', losses }), { showRaw: true });
    const d = /<path d="([^"]*)"[^>]*data-series="gappy:loss"/.exec(gappy)![1];
    expect(d.match(/M/g)).toHaveLength(3); // three pieces: 0-19, 21-39, 41-59
    expect(d).not.toMatch(/NaN/);
    assertWellFormed(gappy);
  });

  it('overlays several runs with their labels and each run’s recommended marker', () => {
    const overlay = renderLossSvg([run, adam]);
    expect(overlay).toContain('<title>Smoothed loss vs learning rate — 2 runs</title>');
    expect(overlay).toContain('data-series="mnist-sgd"');
    expect(overlay).toContain('data-series="mnist-adam"');
    expect(overlay).toContain('data-legend-item="SGD"');
    expect(overlay).toContain('data-legend-item="Adam"');
    expect(xTicks(overlay).map((t) => t.label)).toEqual(['1e-6', '1e-5', '1e-4', '1e-3', '1e-2', '1e-1', '1e0']);
    expect(markerLineX(overlay, 'valley', 'mnist-adam')).toBeCloseTo(expectedX(overlay, adam.suggestions.valley.lr as number), 6);
    expect(overlay.match(/data-marker=/g)).toHaveLength(2);
    assertWellFormed(overlay);
  });

  it('escapes labels and honours the size option', () => {
    const odd = renderLossSvg(makeRun({ id: 'odd', label: 'a<b> & "c"' }), { width: 640, height: 400 });
    expect(odd).toContain('<title>Loss vs learning rate — a&lt;b&gt; &amp; &quot;c&quot;</title>');
    expect(odd).toMatch(/<svg width="640" height="400" viewBox="0 0 640 400"/);
    assertWellFormed(odd);
  });

  it('draws a run that has no points yet, or one, on its configured lr range (a live run)', () => {
    for (const losses of [[], [2.3]]) {
      const live = { ...makeRun({ id: 'live', losses }), status: 'running' as const, stopReason: null };
      const svg = renderLossSvg(live);
      expect(svg).not.toMatch(/NaN|undefined|Infinity/);
      expect(xTicks(svg).map((t) => t.label)).toEqual(['1e-6', '1e-5', '1e-4', '1e-3', '1e-2', '1e-1', '1e0']);
      assertWellFormed(svg);
      expect(renderLossDeltaSvg(live)).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  it('rejects bad input with the argument named', () => {
    expect(() => renderLossSvg([])).toThrow(PlottingError);
    expect(() => renderLossSvg([run, {} as never])).toThrow(/runOrRuns\[1\] must be a run record/);
    expect(() => renderLossSvg(run, { width: 10 })).toThrow(/width must be a number of pixels/);
  });
});

describe('renderLossDeltaSvg', () => {
  it('draws the loss delta of one run with a zero line, log ticks and markers', () => {
    const svg = renderLossDeltaSvg(run, { sma: 20 });
    expect(svg).toContain('<title>Loss delta (moving average 20) — SGD</title>');
    expect(svg).toContain('data-series="mnist-sgd:lossDelta"');
    expect(svg).toContain('data-layer="zero"');
    expect(xTicks(svg).map((t) => t.label)).toEqual(['1e-6', '1e-5', '1e-4', '1e-3', '1e-2', '1e-1', '1e0']);
    expect(markerLineX(svg, 'valley', 'mnist-sgd')).toBeCloseTo(expectedX(svg, run.suggestions.valley.lr as number), 6);
    expect(svg).not.toMatch(/NaN|undefined/);
    assertWellFormed(svg);
  });

  it('overlays several runs and uses the given window', () => {
    const svg = renderLossDeltaSvg([run, adam], { sma: 5 });
    expect(svg).toContain('<title>Loss delta (moving average 5) — 2 runs</title>');
    expect(svg).toContain('data-series="mnist-adam"');
    assertWellFormed(svg);
  });

  it('renders a run with too few points for the window (nothing to draw, no NaN)', () => {
    const svg = renderLossDeltaSvg(makeRun({ losses: [2, 1.9, 1.8] }));
    expect(svg).not.toMatch(/NaN|undefined/);
    assertWellFormed(svg);
  });
});
