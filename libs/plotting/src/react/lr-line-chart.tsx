'use client';
// The one chart all others are made of: series vs learning rate on a log-10 x axis, drawn by
// Nivo's <Line>. Fixed size when width and height are given (SVG files), responsive otherwise.
import { useCallback, useId, useMemo, useState, type ReactElement } from 'react';
import { Line } from '@nivo/line';
import type { Domain } from '../domain';
import { formatLoss, formatLr, logTicks } from '../format';
import type { ChartSeries } from '../types';
import { Header, headerHeight, legendRows, type LegendItem } from './legend-layer';
import { ClippedLines, MarkersLayer, MinorGrid, ZeroLine, type LayerProps, type LineStyle, type PlacedMarker } from './layers';
import { chartTheme, INK } from './theme';
import { PointTooltip, type TooltipPoint } from './tooltip';
import { useContainerWidth } from './use-width';

export interface StyledSeries extends ChartSeries {
  color: string;
  style: LineStyle;
}

export interface LrLineChartProps {
  /** Shown on top and read by screen readers. */
  title: string;
  /** Longer text for screen readers (what the chart shows, the recommended lr). */
  description?: string;
  yLabel: string;
  series: readonly StyledSeries[];
  markers?: readonly PlacedMarker[];
  xDomain: Domain;
  yDomain: Domain;
  /** Draw a dashed line at y = 0 (loss delta). */
  zeroLine?: boolean;
  /** Layers drawn under the lines (a repeats' band). */
  underlays?: readonly ((p: LayerProps) => ReactElement)[];
  /** Pixels; the chart fills its container's width when omitted. */
  width?: number;
  /** Pixels. @default 380 */
  height?: number;
  /** Tooltips and crosshair; off for static SVG files. @default true */
  interactive?: boolean;
  /** `data-chart` attribute of the chart, for pages and tests to find it. */
  chartKind: string;
  /** Only the <svg> (no wrapping <div>): for static SVG documents. Needs `width`. */
  bare?: boolean;
}

const MARGIN = { right: 28, bottom: 58, left: 72 };

/** A log axis looks best over whole decades. */
function decades([lo, hi]: Domain): Domain {
  return [10 ** Math.floor(Math.log10(lo) + 1e-9), 10 ** Math.ceil(Math.log10(hi) - 1e-9)];
}

function Chart(props: LrLineChartProps & { width: number; height: number }): ReactElement {
  const { series, markers = [], yDomain, width, height, interactive = true } = props;
  const xDomain = decades(props.xDomain);
  const clipId = `lrf-clip-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const innerWidth = Math.max(width - MARGIN.left - MARGIN.right, 10);
  const legend: LegendItem[] = series.map((s) => ({ id: s.id, label: s.label, color: s.color, width: s.style.width, opacity: s.style.opacity }));
  // Series switched off in the legend; axes keep their domains so curves can be compared.
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback((id: string) => setHidden((h) => {
    const next = new Set(h);
    if (!next.delete(id)) next.add(id);
    return next;
  }), []);
  const shown = series.filter((s) => !hidden.has(s.id));
  const shownRuns = new Set(shown.map((s) => s.runId));
  const shownMarkers = markers.filter((m) => shownRuns.has(m.runId));
  const rows = legendRows(legend, innerWidth).length;
  const margin = { ...MARGIN, top: headerHeight(rows) };
  const labels = useMemo(() => new Map(series.map((s) => [s.id, s.label])), [series]);
  const styles = useMemo(() => new Map(series.map((s) => [s.id, s.style])), [series]);
  const ticks = logTicks(xDomain[0], xDomain[1]);
  const valueName = props.yLabel;
  const tooltip = useMemo(
    () => ({ point }: { point: TooltipPoint }) => <PointTooltip point={point} labels={labels} valueName={valueName} />,
    [labels, valueName],
  );
  const colorOf = useMemo(() => new Map(series.map((s) => [s.id, s.color])), [series]);

  const layers = [
    'grid',
    (p: LayerProps) => <MinorGrid key="minor" props={p} domain={xDomain} />,
    ...(props.zeroLine ? [(p: LayerProps) => <ZeroLine key="zero" props={p} />] : []),
    ...(props.underlays ?? []),
    'axes',
    (p: LayerProps) => <ClippedLines key="lines" props={p} clipId={clipId} styles={styles} />,
    (p: LayerProps) => <MarkersLayer key="markers" props={p} markers={shownMarkers} />,
    'crosshair',
    'mesh',
    () => <Header key="header" title={props.title} description={props.description} items={legend} width={innerWidth} top={margin.top}
      hidden={hidden} onToggle={interactive && series.length > 1 ? toggle : undefined} />,
  ];

  return (
    <Line
      data={shown.map((s) => ({ id: s.id, data: s.data }))}
      width={width}
      height={height}
      margin={margin}
      xScale={{ type: 'log', base: 10, min: xDomain[0], max: xDomain[1], nice: false }}
      yScale={{ type: 'linear', min: yDomain[0], max: yDomain[1], nice: false }}
      colors={(s: { id: string | number }) => colorOf.get(String(s.id)) ?? INK.muted}
      theme={chartTheme}
      gridXValues={ticks}
      gridYValues={6}
      axisBottom={{
        tickValues: ticks,
        format: (v: number) => formatLr(v),
        tickSize: 5,
        tickPadding: 6,
        legend: 'learning rate (log scale)',
        legendOffset: 44,
        legendPosition: 'middle',
      }}
      axisLeft={{
        tickValues: 6,
        format: (v: number) => formatLoss(v),
        tickSize: 5,
        tickPadding: 6,
        legend: props.yLabel,
        legendOffset: -58,
        legendPosition: 'middle',
      }}
      enablePoints={false}
      enableGridX
      enableGridY
      layers={layers as never}
      isInteractive={interactive}
      useMesh={interactive}
      enableCrosshair={interactive}
      crosshairType="cross"
      tooltip={tooltip as never}
      animate={false}
      renderWrapper={interactive}
      role="img"
      ariaLabel={props.title}
    />
  );
}

/** Loss-like series against the learning rate, log-10 x axis, with markers, legend and tooltips. */
export function LrLineChart(props: LrLineChartProps): ReactElement {
  const height = props.height ?? 380;
  const { width } = props;
  const [ref, measured] = useContainerWidth<HTMLDivElement>();
  if (width !== undefined && props.bare) return <Chart {...props} width={width} height={height} />;
  const drawn = width ?? measured;
  return (
    <div ref={ref} style={{ width: width ?? '100%', height, position: 'relative' }} data-chart={props.chartKind} data-x-scale="log">
      {drawn > 0 ? <Chart {...props} width={drawn} height={height} /> : null}
    </div>
  );
}
