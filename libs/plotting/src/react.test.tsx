import { renderToStaticMarkup } from 'react-dom/server';
import { LossChart, LossDeltaChart, OverlayChart } from './react';
import { PointTooltip } from './react/tooltip';
import { makeRun } from './testing/run-fixture';
import { assertWellFormed } from './testing/svg-check';

const sgd = makeRun({ id: 'sgd-run', label: 'SGD', suggest: { valley: 40, minimum: 60 } });
const adam = makeRun({ id: 'adam-run', label: 'Adam', suggest: { valley: 30 } });

describe('chart components', () => {
  it('LossChart draws an svg with a log x axis in a div the page can find', () => {
    const html = renderToStaticMarkup(<LossChart run={sgd} width={700} height={360} />);
    expect(html).toMatch(/^<div style="[^"]*" data-chart="loss" data-x-scale="log" data-measured="true">/);
    expect(html).toContain('<svg');
    expect(html).toContain('aria-label="Loss vs learning rate — SGD"');
    expect(html.match(/data-marker=/g)).toHaveLength(2);
    expect(html).toContain('1e-3');
  });

  it('fills its container when no width is given; drawn on the server at 960 px, scaled until measured', () => {
    const html = renderToStaticMarkup(<LossChart run={sgd} height={300} />);
    expect(html).toMatch(/data-chart="loss"/);
    expect(html).not.toContain('data-measured');
    expect(html).toContain('height:300px');
    expect(html).toContain('width:100%');
    expect(html).toMatch(/<svg viewBox="0 0 960 300" width="100%" height="300" preserveAspectRatio="xMinYMin meet" data-ssr="">/);
    // The curves themselves, before any JavaScript.
    expect(html.match(/<path d="M[^"]{200,}"[^>]*data-series="sgd-run:smoothedLoss"/)).not.toBeNull();
    expect(html.match(/data-marker=/g)).toHaveLength(2);
  });

  it('says in words what a curve cannot: NaN from a step, nothing finite', () => {
    const diverged = makeRun({ id: 'nan', losses: [3, 2, 1.5, 1.2, null, null] });
    const html = renderToStaticMarkup(<LossChart run={diverged} width={700} />);
    expect(html).toMatch(/<li data-note="nan-from">diverged to NaN at lr [\d.]+e-\d+ \(step 4\)<\/li>/);
    const none = makeRun({ id: 'none', losses: [null, null] });
    expect(renderToStaticMarkup(<LossChart run={none} width={700} />)).toMatch(/<text data-layer="empty-note"[^>]*>every loss is NaN or infinite/);
  });

  it('interactive charts have the toolbar; static ones do not', () => {
    const html = renderToStaticMarkup(<OverlayChart runs={[sgd, adam]} width={700} />);
    for (const control of ['x-mode', 'y-scale', 'ignore-outliers', 'smoothing']) expect(html).toContain(`data-control="${control}"`);
    expect(renderToStaticMarkup(<OverlayChart runs={[sgd, adam]} width={700} interactive={false} />)).not.toContain('data-chart-toolbar');
    expect(renderToStaticMarkup(<LossDeltaChart run={sgd} width={700} />)).not.toContain('data-control="y-scale"');
  });

  it('OverlayChart has one line and legend item per run and their recommended markers', () => {
    const html = renderToStaticMarkup(<OverlayChart runs={[sgd, adam]} width={700} />);
    expect(html).toContain('data-chart="overlay"');
    expect(html).toContain('data-legend-item="SGD"');
    expect(html).toContain('data-legend-item="Adam"');
    expect(html.match(/data-marker="valley"/g)).toHaveLength(2);
    expect(html).not.toContain('data-marker="minimum"');
  });

  it('names the run on each marker label up to 3 runs, and in its hover title always', () => {
    const two = renderToStaticMarkup(<OverlayChart runs={[sgd, adam]} width={700} />);
    expect(two).toMatch(/<text[^>]*>SGD: valley [\d.]+e-\d ★<\/text>/);
    const runs = [sgd, adam, makeRun({ id: 'c', label: 'C', suggest: { valley: 20 } }), makeRun({ id: 'd', label: 'D', suggest: { valley: 50 } })];
    const four = renderToStaticMarkup(<OverlayChart runs={runs} width={700} />);
    expect(four).toMatch(/<text[^>]*>valley [\d.]+e-\d ★<\/text>/);
    expect(four).not.toMatch(/<text[^>]*>SGD: valley/);
    expect(four).toMatch(/<title>SGD: valley [\d.]+e-\d \(step 40\), recommended<\/title>/);
  });

  it('OverlayChart of loss deltas is the loss-delta chart of those runs', () => {
    const html = renderToStaticMarkup(<OverlayChart runs={[sgd, adam]} value="lossDelta" sma={10} width={700} />);
    expect(html).toContain('data-chart="loss-delta"');
    expect(html).toContain('Loss delta (moving average 10) — 2 runs');
  });

  it('LossDeltaChart takes the markers option and a custom title', () => {
    const html = renderToStaticMarkup(<LossDeltaChart run={sgd} markers="none" title="Delta" width={700} />);
    expect(html).not.toContain('data-marker=');
    expect(html).toContain('aria-label="Delta"');
    expect(() => renderToStaticMarkup(<LossDeltaChart width={700} />)).toThrow(/LossDeltaChart needs a run or runs/);
  });

  it('the static svg of a component is well-formed', () => {
    const html = renderToStaticMarkup(<LossChart run={sgd} width={700} bare interactive={false} />);
    expect(html.startsWith('<svg')).toBe(true);
    assertWellFormed(html);
  });
});

describe('tooltip', () => {
  it('says which curve, the learning rate, the loss and the step', () => {
    const html = renderToStaticMarkup(
      <PointTooltip point={{ seriesId: 'sgd-run:smoothedLoss', seriesColor: '#00f', data: { x: 0.00316, y: 0.51234, step: 42 } }}
        labels={new Map([['sgd-run:smoothedLoss', 'smoothed loss']])} valueName="loss" />,
    );
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    expect(text).toBe('smoothed loss lr 3.16e-3 loss 0.5123 step 42');
  });
});
