// Repeats as one picture: each group's median smoothed loss with its band (10th-90th percentile,
// min-max below 5 repeats), dashed where repeats had stopped (the band is then made of the
// survivors), and the stable suggestion with its interval. A standalone SVG for the CLI's --plot.
import { createElement, type ReactElement } from 'react';
import type { GroupRecord } from '@lrfinder/core';
import { lossDomain, type Domain } from '../domain';
import { PlottingError } from '../errors';
import { formatLr } from '../format';
import { ClippedLayer, type LayerProps, type PlacedMarker } from '../react/layers';
import { LrLineChart, type StyledSeries } from '../react/lr-line-chart';
import { RUN_COLORS } from '../react/theme';
import { size, toDocument, type SvgOptions } from './render';

type Scale = (v: number) => number;

function groupsOf(input: GroupRecord | readonly GroupRecord[]): readonly GroupRecord[] {
  const groups = Array.isArray(input) ? (input as readonly GroupRecord[]) : [input as GroupRecord];
  if (groups.length === 0) throw new PlottingError('groups', '[]', 'a group record or a non-empty array of them');
  groups.forEach((g, i) => {
    if (!g || typeof g !== 'object' || !Array.isArray(g.aggregate?.curve)) throw new PlottingError(`groups[${i}]`, typeof g, 'a group record (parseGroup)');
  });
  return groups;
}

/** The median split in two series: where every repeat is still running (solid) and where fewer are (dashed). */
function medianSeries(g: GroupRecord, color: string): StyledSeries[] {
  const { curve, repeats } = g.aggregate;
  const firstPartial = curve.findIndex((p) => p.count < repeats);
  const full = curve.map((p, i) => ({ x: p.lr, y: firstPartial < 0 || i < firstPartial ? p.median : null, step: p.step }));
  const out: StyledSeries[] = [{
    id: `${g.id}:median`, label: `${g.label}: median of ${repeats}, band ${repeats >= 5 ? 'p10-p90' : 'min-max'}`, kind: 'smoothedLoss', runId: g.id, data: full, color, style: { width: 2.5, opacity: 1 },
  }];
  if (firstPartial >= 0) {
    const partial = curve.map((p, i) => ({ x: p.lr, y: i >= Math.max(0, firstPartial - 1) ? p.median : null, step: p.step }));
    out.push({
      id: `${g.id}:partial`, label: `${g.label}: fewer repeats (from ${formatLr(curve[firstPartial].lr)})`, kind: 'smoothedLoss', runId: g.id, data: partial,
      color, style: { width: 2, opacity: 0.8, dash: '6 4' },
    });
  }
  return out;
}

function BandLayer({ props, groups, colors, clipId }: { props: LayerProps; groups: readonly GroupRecord[]; colors: string[]; clipId: string }): ReactElement {
  const x = props.xScale as Scale;
  const y = props.yScale as Scale;
  const pt = (lr: number, v: number) => `${x(lr).toFixed(2)},${y(v).toFixed(2)}`;
  return (
    <ClippedLayer props={props} clipId={clipId} layer="band">
      {groups.map((g, i) => {
        const { curve } = g.aggregate;
        const iv = g.aggregate.stable.interval;
        const d = curve.length < 2 ? '' : `M${curve.map((p) => pt(p.lr, p.high)).join('L')}L${curve.slice().reverse().map((p) => pt(p.lr, p.low)).join('L')}Z`;
        return (
          <g key={g.id} data-band={g.id}>
            {iv ? <rect data-interval={g.id} x={x(iv.low)} width={Math.max(1, x(iv.high) - x(iv.low))} y={0} height={props.innerHeight} fill={colors[i]} fillOpacity={0.08} /> : null}
            <path d={d} fill={colors[i]} fillOpacity={0.18} stroke="none" />
          </g>
        );
      })}
    </ClippedLayer>
  );
}

function stableMarker(g: GroupRecord, color: string, withLabel: boolean): PlacedMarker[] {
  const { stable, curve } = g.aggregate;
  if (stable.lr === null || curve.length === 0) return [];
  const lr = stable.lr;
  const nearest = curve.reduce((best, p) => (Math.abs(Math.log(p.lr / lr)) < Math.abs(Math.log(best.lr / lr)) ? p : best));
  const iv = stable.interval ? ` [${formatLr(stable.interval.low)}, ${formatLr(stable.interval.high)}]` : '';
  const text = `stable ${stable.method} ${formatLr(lr)}${iv}`;
  return [{
    method: stable.method, lr, index: curve.indexOf(nearest), step: nearest.step, loss: nearest.median, recommended: true,
    label: withLabel ? `${g.label}: ${text}` : text, title: `${g.label}: ${text}; ${g.aggregate.verdict}`, runId: g.id, color, dot: true,
  }];
}

function describeGroups(groups: readonly GroupRecord[]): string {
  return groups.map((g) => {
    const a = g.aggregate;
    const partial = a.curve.find((p) => p.count < a.repeats);
    const band = `band: 10th-90th percentile (min-max where fewer than 5 repeats)${partial ? `; from lr ${formatLr(partial.lr)} on, only the repeats still running` : ''}`;
    const stable = a.stable.lr === null ? 'no stable learning rate' : `stable learning rate ${formatLr(a.stable.lr)} (${a.stable.method})`;
    return `${g.label}: ${a.repeats} repeats, ${stable}, ${band}; ${a.verdict}`;
  }).join('; ');
}

/**
 * The median smoothed loss of each group of repeats with its band and its stable suggestion
 * (interval shaded), several groups overlaid (SGD's band against Adam's).
 * @example fs.writeFileSync('adam.svg', renderBandSvg(group))
 */
export function renderBandSvg(input: GroupRecord | readonly GroupRecord[], options: SvgOptions = {}): string {
  const groups = groupsOf(input);
  const { width, height } = size(options);
  const colors = groups.map((_, i) => RUN_COLORS[i % RUN_COLORS.length]);
  const series = groups.flatMap((g, i) => medianSeries(g, colors[i]));
  const edges = groups.flatMap((g) => (['low', 'high'] as const).map((k) => ({
    id: `${g.id}:${k}`, label: k, kind: 'smoothedLoss' as const, runId: g.id, data: g.aggregate.curve.map((p) => ({ x: p.lr, y: p[k], step: p.step })),
  })));
  const xs = groups.flatMap((g) => [g.aggregate.config.startLr, g.aggregate.config.endLr]);
  const xDomain: Domain = [Math.min(...xs), Math.max(...xs)];
  const [lo, hi] = lossDomain([...series, ...edges], options.yRange ?? 'auto');
  const element = createElement(LrLineChart, {
    chartKind: 'band',
    title: options.title ?? `Smoothed loss over repeats — ${groups.map((g) => `${g.label} (${g.aggregate.repeats})`).join(', ')}`,
    description: describeGroups(groups),
    yLabel: 'smoothed loss',
    series,
    markers: options.markers === 'none' ? [] : groups.flatMap((g, i) => stableMarker(g, colors[i], groups.length > 1)),
    xDomain,
    yDomain: [lo, hi],
    underlays: [(p: LayerProps) => <BandLayer key="band" props={p} groups={groups} colors={colors} clipId="lrf-band-clip" />],
    width,
    height,
    interactive: false,
    bare: true,
  });
  return toDocument(element, width, height);
}
