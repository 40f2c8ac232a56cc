import { groupRecord, rangeTest, type GroupRecord } from '@lrfinder/core';
import { renderBandSvg } from './svg';
import { PlottingError } from './errors';
import { formatLr } from './format';
import { assertWellFormed, xTicks } from './testing/svg-check';

/** Repeats of a bowl-shaped curve, shifted per repeat; repeat `stopAt` (if any) ends early with a NaN. */
async function group(id: string, scale: number, stopAt?: number): Promise<GroupRecord> {
  const runs = await Promise.all([0, 1, 2, 3, 4].map((k) =>
    rangeTest({
      id: `${id}-r${k}`, startLr: 1e-4, endLr: 1, numIter: 80, seed: k, now: () => Date.UTC(2026, 0, 1), divergeThreshold: Infinity,
      trainStep: (lr, step) => (k === 4 && stopAt !== undefined && step >= stopAt ? NaN : scale * (1 + (Math.log10(lr) + 2 + 0.1 * k) ** 2)),
    })));
  return groupRecord(runs, { id, baseSeed: 0, updatedAt: '2026-01-01T00:00:00.000Z' });
}

function expectedX(svg: string, lr: number): number {
  const ticks = xTicks(svg);
  const a = ticks[0];
  const b = ticks[ticks.length - 1];
  const la = Math.log10(Number(a.label));
  const lb = Math.log10(Number(b.label));
  return a.x + ((Math.log10(lr) - la) / (lb - la)) * (b.x - a.x);
}

describe('renderBandSvg', () => {
  it('draws the band under the median, the stable suggestion at its lr and its interval shaded', async () => {
    const g = await group('sgd-x5', 1);
    const svg = renderBandSvg(g);
    assertWellFormed(svg);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg).toMatch(/<g data-band="sgd-x5"><rect data-interval="sgd-x5"[^>]*><\/rect><path d="M[^"]+Z" fill="#2563eb" fill-opacity="0.18"/);
    expect(svg).toContain('data-series="sgd-x5:median"');
    expect(svg).not.toContain('data-series="sgd-x5:partial"');
    const { lr, interval } = g.aggregate.stable;
    const marker = new RegExp(`<g data-marker="valley" data-lr="${lr}" data-run="sgd-x5"[^>]*>(?:<title>[^<]*</title>)?<line x1="([^"]+)"`).exec(svg);
    expect(Number(marker![1])).toBeCloseTo(expectedX(svg, lr!), 0);
    const rect = /<rect data-interval="sgd-x5" x="([^"]+)" width="([^"]+)"/.exec(svg)!;
    expect(Number(rect[1])).toBeCloseTo(expectedX(svg, interval!.low) - expectedX(svg, 1e-4), 0);
    expect(svg).toContain('band: 10th-90th percentile (min-max where fewer than 5 repeats)');
  });

  it('says where repeats had stopped: the median turns dashed and the description names the lr', async () => {
    const g = await group('adam-x5', 0.5, 60);
    expect(g.aggregate.curve[60].count).toBe(4);
    const svg = renderBandSvg([await group('sgd-x5', 1), g]);
    assertWellFormed(svg);
    expect(svg).toMatch(/<path d="[^"]+"[^>]*stroke-dasharray="6 4"[^>]*data-series="adam-x5:partial"/);
    expect(svg).toContain(`from lr ${formatLr(g.aggregate.curve[60].lr)} on, only the repeats still running`);
    expect(svg).toMatch(/<desc>[^<]*only the repeats still running[^<]*<\/desc>/);
    expect(svg.match(/<g data-band=/g)).toHaveLength(2);
  });

  it('refuses what is not a group', () => {
    expect(() => renderBandSvg([])).toThrow(PlottingError);
    expect(() => renderBandSvg([{} as GroupRecord])).toThrow('groups[0]');
  });
});
