'use client';
// The product's three charts: one run's loss, one run's (or several runs') loss delta, and
// several runs overlaid (the reference tutorial's SGD-vs-Adam picture).
import { useMemo, type ReactElement } from 'react';
import type { RunRecord } from '@lrfinder/core';
import { deltaDomain, lossDomain, lrDomain } from '../domain';
import { formatLr } from '../format';
import { METHOD_LABELS, suggestionMarkers } from '../markers';
import { DEFAULT_SMA, lossDeltaSeries, lossSeries, overlaySeries } from '../series';
import type { SeriesKind } from '../types';
import type { PlacedMarker } from './layers';
import { LrLineChart, type StyledSeries } from './lr-line-chart';
import { KIND_STYLES, METHOD_COLORS, RUN_COLORS } from './theme';

/** Props every chart shares. */
export interface ChartSizeProps {
  /** Pixels; the chart fills its container's width when omitted. */
  width?: number;
  /** Pixels. @default 380 */
  height?: number;
  /** Title on top of the chart (and its accessible name). @default depends on the chart */
  title?: string;
  /** Which suggestion markers to draw. @default 'all' for one run, 'recommended' for several */
  markers?: 'all' | 'recommended' | 'none';
  /** `'auto'` keeps the loss explosion after divergence off the picture; `'data'` shows every value. @default 'auto' */
  yRange?: 'auto' | 'data';
  /** At most this many points per curve. @default 1000 */
  maxPoints?: number;
  /** Tooltips and crosshair. @default true */
  interactive?: boolean;
  /** @internal Only the <svg>, for SVG documents. */
  bare?: boolean;
}

function runMarkers(runs: readonly RunRecord[], which: 'all' | 'recommended' | 'none', dot: boolean, byRun: boolean): PlacedMarker[] {
  if (which === 'none') return [];
  return runs.flatMap((run, i) =>
    suggestionMarkers(run)
      .filter((m) => which === 'all' || m.recommended)
      .map((m) => ({
        ...m,
        // With several runs a marker takes its run's color and, while that stays readable
        // (up to 3 runs), says whose it is; its tooltip title always does.
        label: byRun && runs.length <= 3 ? `${run.label || run.id}: ${m.label}` : m.label,
        title: byRun ? `${run.label || run.id}: ${m.label}` : m.label,
        color: byRun ? RUN_COLORS[i % RUN_COLORS.length] : METHOD_COLORS[m.method],
        dot,
      })),
  );
}

function describe(runs: readonly RunRecord[]): string {
  return runs
    .map((run) => {
      const rec = run.suggestions?.recommended;
      const s = rec ? run.suggestions[rec] : null;
      const found = s && s.lr !== null ? `recommended learning rate ${formatLr(s.lr)} (${METHOD_LABELS[rec]})` : 'no recommended learning rate';
      return `${run.label || run.id}: ${run.points.length} steps, status ${run.status}, ${found}`;
    })
    .join('; ');
}

export interface LossChartProps extends ChartSizeProps {
  run: RunRecord;
  /** Draw the raw batch loss under the smoothed loss. @default true */
  showRaw?: boolean;
}

/** Loss and smoothed loss vs learning rate (log x) of one run, with every suggestion marked. */
export function LossChart(props: LossChartProps): ReactElement {
  const { run, showRaw = true, markers = 'all', yRange = 'auto', maxPoints } = props;
  const series = useMemo<StyledSeries[]>(
    () => lossSeries(run, { raw: showRaw, maxPoints }).map((s) => ({ ...s, color: KIND_STYLES[s.kind].color, style: KIND_STYLES[s.kind] })),
    [run, showRaw, maxPoints],
  );
  return (
    <LrLineChart
      chartKind="loss"
      title={props.title ?? `Loss vs learning rate — ${run.label || run.id}`}
      description={describe([run])}
      yLabel="loss"
      series={series}
      markers={runMarkers([run], markers, true, false)}
      xDomain={lrDomain([run], series)}
      yDomain={lossDomain(series, yRange)}
      width={props.width}
      height={props.height}
      interactive={props.interactive}
      bare={props.bare}
    />
  );
}

export interface LossDeltaChartProps extends ChartSizeProps {
  /** One run... */
  run?: RunRecord;
  /** ...or several, overlaid. */
  runs?: readonly RunRecord[];
  /** Moving-average window of `(loss[i] - loss[i - sma]) / sma`. @default 20 */
  sma?: number;
}

function runsOf(props: { run?: RunRecord; runs?: readonly RunRecord[] }, name: string): readonly RunRecord[] {
  const runs = props.runs ?? (props.run ? [props.run] : []);
  if (runs.length === 0) throw new TypeError(`${name} needs a run or runs`);
  return runs;
}

function runStyled(series: ReturnType<typeof overlaySeries>): StyledSeries[] {
  return series.map((s, i) => ({ ...s, color: RUN_COLORS[i % RUN_COLORS.length], style: { width: 2.25, opacity: 1 } }));
}

/** The reference tutorial's loss-delta curve: where the loss falls fastest is the lowest point. */
export function LossDeltaChart(props: LossDeltaChartProps): ReactElement {
  const runs = runsOf(props, 'LossDeltaChart');
  const { sma = DEFAULT_SMA, yRange = 'auto', maxPoints } = props;
  const several = runs.length > 1;
  const series = useMemo<StyledSeries[]>(
    () =>
      several
        ? runStyled(overlaySeries(runs, { value: 'lossDelta', sma, maxPoints }))
        : lossDeltaSeries(runs[0], { sma, maxPoints }).map((s) => ({ ...s, color: KIND_STYLES.lossDelta.color, style: KIND_STYLES.lossDelta })),
    [runs, several, sma, maxPoints],
  );
  const which = props.markers ?? (several ? 'recommended' : 'all');
  return (
    <LrLineChart
      chartKind="loss-delta"
      title={props.title ?? `Loss delta (moving average ${sma}) — ${several ? `${runs.length} runs` : runs[0].label || runs[0].id}`}
      description={describe(runs)}
      yLabel="loss delta"
      series={series}
      markers={runMarkers(runs, which, false, several)}
      xDomain={lrDomain(runs, series)}
      yDomain={deltaDomain(series, yRange)}
      zeroLine
      width={props.width}
      height={props.height}
      interactive={props.interactive}
      bare={props.bare}
    />
  );
}

export interface OverlayChartProps extends ChartSizeProps {
  runs: readonly RunRecord[];
  /** Which curve of each run. @default 'smoothedLoss' */
  value?: SeriesKind;
  /** Window when `value` is `lossDelta`. @default 20 */
  sma?: number;
}

/** Several runs on one picture, one color each, with a legend (compare optimizers, batch sizes...). */
export function OverlayChart(props: OverlayChartProps): ReactElement {
  const runs = runsOf(props, 'OverlayChart');
  if (props.value === 'lossDelta') return <LossDeltaChart {...props} runs={runs} run={undefined} />;
  return <OverlayLossChart {...props} runs={runs} />;
}

function OverlayLossChart(props: OverlayChartProps): ReactElement {
  const { runs, value = 'smoothedLoss', sma = DEFAULT_SMA, yRange = 'auto', maxPoints } = props;
  const series = useMemo(() => runStyled(overlaySeries(runs, { value, sma, maxPoints })), [runs, value, sma, maxPoints]);
  return (
    <LrLineChart
      chartKind="overlay"
      title={props.title ?? `${value === 'loss' ? 'Loss' : 'Smoothed loss'} vs learning rate — ${runs.length} run${runs.length === 1 ? '' : 's'}`}
      description={describe(runs)}
      yLabel={value === 'loss' ? 'loss' : 'smoothed loss'}
      series={series}
      markers={runMarkers(runs, props.markers ?? 'recommended', true, true)}
      xDomain={lrDomain(runs, series)}
      yDomain={lossDomain(series, yRange)}
      width={props.width}
      height={props.height}
      interactive={props.interactive}
      bare={props.bare}
    />
  );
}
