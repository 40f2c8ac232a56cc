'use client';
// The product's three charts: one run's loss, one run's (or several runs') loss delta, and
// several runs overlaid (the reference tutorial's SGD-vs-Adam picture).
import { useId, useMemo, useState, type ReactElement } from 'react';
import type { RunRecord } from '@lrfinder/core';
import { lrDomain } from '../domain';
import { formatLr } from '../format';
import { METHOD_LABELS, suggestionMarkers } from '../markers';
import { curveNotes, type CurveNote } from '../notes';
import { DEFAULT_SMA, lossDeltaSeries, lossSeries, overlaySeries, runLabels } from '../series';
import type { ChartSeries, SeriesKind } from '../types';
import type { PlacedMarker } from './layers';
import { LrLineChart, type StyledSeries } from './lr-line-chart';
import { FONT_FAMILY, KIND_STYLES, METHOD_COLORS, runColor } from './theme';

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
  /** `'auto'` keeps the loss explosion after divergence off the picture (and says how many points it leaves out); `'data'` shows every value. @default 'auto' */
  yRange?: 'auto' | 'data';
  /** At most this many points per curve. @default 1000 */
  maxPoints?: number;
  /** Toolbar, tooltips, zoom and legend toggles. @default true */
  interactive?: boolean;
  /** @internal Only the <svg>, for SVG documents. */
  bare?: boolean;
}

function runMarkers(runs: readonly RunRecord[], which: 'all' | 'recommended' | 'none', dot: boolean, byRun: boolean, keys?: readonly string[], names?: readonly string[]): PlacedMarker[] {
  if (which === 'none') return [];
  return runs.flatMap((run, i) =>
    suggestionMarkers(run)
      .filter((m) => which === 'all' || m.recommended)
      .map((m) => {
        const name = names?.[i] ?? (run.label || run.id);
        return {
          ...m,
          runId: keys?.[i] ?? m.runId,
          // With several runs a marker takes its run's color and, while that stays readable
          // (up to 3 runs), says whose it is; its hover title always does.
          label: byRun && runs.length <= 3 ? `${name}: ${m.label}` : m.label,
          title: byRun ? `${name}: ${m.label}` : m.label,
          color: byRun ? runColor(i) : METHOD_COLORS[m.method],
          dot,
        };
      }),
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

function notesOf(runs: readonly RunRecord[], names?: readonly string[]): CurveNote[] {
  return runs.flatMap((run, i) => curveNotes(run, runs.length > 1 ? names?.[i] ?? (run.label || run.id) : ''));
}

/** The smoothing slider: EMA beta of the smoothed curve, recomputed in the browser from the raw losses. */
function SmoothingSlider({ value, onChange, initial }: { value: number; onChange: (v: number) => void; initial: number }) {
  const id = useId();
  return (
    <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center', fontFamily: FONT_FAMILY }}>
      <label htmlFor={id}>smoothing</label>
      <input id={id} type="range" min={0} max={0.995} step={0.005} value={value} onChange={(e) => onChange(Number(e.target.value))}
        data-control="smoothing" aria-valuetext={`beta ${value}`} style={{ width: 110 }} />
      <output htmlFor={id} data-smoothing-value="" style={{ minWidth: 38, fontVariantNumeric: 'tabular-nums' }}>{value.toFixed(3)}</output>
      {value !== initial ? <button type="button" onClick={() => onChange(initial)} data-control="smoothing-reset">run&apos;s {initial}</button> : null}
    </span>
  );
}

/** The smoothing a run was recorded with (the EMA beta of its config). */
function recordedSmoothing(runs: readonly RunRecord[]): number {
  const b = runs[0]?.config?.smoothing;
  return typeof b === 'number' && b >= 0 && b < 1 ? b : 0.98;
}

export interface LossChartProps extends ChartSizeProps {
  run: RunRecord;
  /** Draw the raw batch loss under the smoothed loss. @default true */
  showRaw?: boolean;
}

/** Loss and smoothed loss vs learning rate (log x) of one run, with every suggestion marked. */
export function LossChart(props: LossChartProps): ReactElement {
  const { run, showRaw = true, markers = 'all', yRange = 'auto', maxPoints, interactive = true } = props;
  const initial = recordedSmoothing([run]);
  const [smoothing, setSmoothing] = useState(initial);
  const series = useMemo<StyledSeries[]>(
    () =>
      lossSeries(run, { raw: showRaw, maxPoints, smoothing: smoothing === initial ? undefined : smoothing })
        .map((s) => ({ ...s, color: KIND_STYLES[s.kind].color, style: KIND_STYLES[s.kind] })),
    [run, showRaw, maxPoints, smoothing, initial],
  );
  return (
    <LrLineChart
      chartKind="loss"
      title={props.title ?? `Loss vs learning rate — ${run.label || run.id}`}
      description={describe([run])}
      yLabel="loss"
      yKind="loss"
      yRange={yRange}
      series={series}
      markers={runMarkers([run], markers, true, false)}
      xDomain={lrDomain([run], series)}
      notes={notesOf([run])}
      controls={interactive && !props.bare ? <SmoothingSlider value={smoothing} onChange={setSmoothing} initial={initial} /> : undefined}
      width={props.width}
      height={props.height}
      interactive={interactive}
      bare={props.bare}
    />
  );
}

export interface LossDeltaChartProps extends ChartSizeProps {
  /** One run... */
  run?: RunRecord;
  /** ...or several, overlaid. */
  runs?: readonly RunRecord[];
  /** Legend names of the runs (default: their labels, told apart where they repeat). */
  names?: readonly string[];
  /** Moving-average window of `(loss[i] - loss[i - sma]) / sma`. @default 20 */
  sma?: number;
}

function runsOf(props: { run?: RunRecord; runs?: readonly RunRecord[] }, name: string): readonly RunRecord[] {
  const runs = props.runs ?? (props.run ? [props.run] : []);
  if (runs.length === 0) throw new TypeError(`${name} needs a run or runs`);
  return runs;
}

function runStyled(series: ChartSeries[], names?: readonly string[]): StyledSeries[] {
  return series.map((s, i) => ({ ...s, label: names?.[i] ?? s.label, color: runColor(i), style: { width: 2.25, opacity: 1 } }));
}

/** The reference tutorial's loss-delta curve: where the loss falls fastest is the lowest point. */
export function LossDeltaChart(props: LossDeltaChartProps): ReactElement {
  const runs = runsOf(props, 'LossDeltaChart');
  const { sma = DEFAULT_SMA, yRange = 'auto', maxPoints, names } = props;
  const several = runs.length > 1;
  const series = useMemo<StyledSeries[]>(
    () =>
      several
        ? runStyled(overlaySeries(runs, { value: 'lossDelta', sma, maxPoints }), names)
        : lossDeltaSeries(runs[0], { sma, maxPoints }).map((s) => ({ ...s, color: KIND_STYLES.lossDelta.color, style: KIND_STYLES.lossDelta })),
    [runs, several, sma, maxPoints, names],
  );
  const which = props.markers ?? (several ? 'recommended' : 'all');
  const shownNames = names ?? runLabels(runs);
  return (
    <LrLineChart
      chartKind="loss-delta"
      title={props.title ?? `Loss delta (moving average ${sma}) — ${several ? `${runs.length} runs` : runs[0].label || runs[0].id}`}
      description={describe(runs)}
      yLabel="loss delta"
      yKind="delta"
      yRange={yRange}
      series={series}
      markers={runMarkers(runs, which, false, several, several ? series.map((s) => s.id) : undefined, shownNames)}
      xDomain={lrDomain(runs, series)}
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
  /** Legend names of the runs (default: their labels, told apart where they repeat). */
  names?: readonly string[];
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
  const { runs, value = 'smoothedLoss', sma = DEFAULT_SMA, yRange = 'auto', maxPoints, names, interactive = true } = props;
  const initial = recordedSmoothing(runs);
  const [smoothing, setSmoothing] = useState(initial);
  const resmoothed = value === 'smoothedLoss' && smoothing !== initial ? smoothing : undefined;
  const series = useMemo(() => runStyled(overlaySeries(runs, { value, sma, maxPoints, smoothing: resmoothed }), names), [runs, value, sma, maxPoints, resmoothed, names]);
  const shownNames = names ?? runLabels(runs);
  return (
    <LrLineChart
      chartKind="overlay"
      title={props.title ?? `${value === 'loss' ? 'Loss' : 'Smoothed loss'} vs learning rate — ${runs.length} run${runs.length === 1 ? '' : 's'}`}
      description={describe(runs)}
      yLabel={value === 'loss' ? 'loss' : 'smoothed loss'}
      yKind="loss"
      yRange={yRange}
      series={series}
      markers={runMarkers(runs, props.markers ?? 'recommended', true, true, series.map((s) => s.id), shownNames)}
      xDomain={lrDomain(runs, series)}
      notes={notesOf(runs, shownNames)}
      controls={interactive && !props.bare && value === 'smoothedLoss' ? <SmoothingSlider value={smoothing} onChange={setSmoothing} initial={initial} /> : undefined}
      width={props.width}
      height={props.height}
      interactive={interactive}
      bare={props.bare}
    />
  );
}
