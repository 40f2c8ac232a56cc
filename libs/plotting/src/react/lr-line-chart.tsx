'use client';
// The one chart all others are made of: series vs learning rate on a log-10 x axis (or vs step),
// drawn by Nivo's <Line>. Fixed size when width and height are given (SVG files); otherwise it
// fills its container, and is drawn on the server at a nominal width (scaled to fit) until the
// browser has measured it, so curves show before any JavaScript runs. Interactive charts add a
// toolbar (x by lr or step, linear or log y, ignore outliers, zoom reset and pan), hover rows
// for every visible curve, drag-to-zoom and a legend that switches curves (and rescales y).
import { useCallback, useId, useMemo, useState, type ReactElement, type ReactNode } from 'react';
import { Line } from '@nivo/line';
import { clippedCount, deltaDomain, logLossDomain, lossDomain, seriesInX, type Domain } from '../domain';
import { formatLoss, formatLr, linearTicks, zoomTicks } from '../format';
import type { CurveNote } from '../notes';
import type { ChartSeries } from '../types';
import { Header, headerHeight, legendRows, type LegendItem } from './legend-layer';
import { ClippedLines, MarkersLayer, MinorGrid, ZeroLine, type LayerProps, type LineStyle, type PlacedMarker } from './layers';
import { fromFraction, HoverTooltip, InteractionLayer, panned, rowsAt, type Drag, type PlotDatum, type XMode } from './interaction';
import { chartTheme, FONT_FAMILY, INK } from './theme';
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
  /** The learning-rate range (widened to whole decades). */
  xDomain: Domain;
  /** What y shows: losses (log y possible) or loss deltas (around zero). @default 'loss' */
  yKind?: 'loss' | 'delta';
  /** A fixed y range instead of one computed from the shown curves (static pictures). */
  yDomain?: Domain;
  /** Layers drawn under the lines (a repeats' band). */
  underlays?: readonly ((p: LayerProps) => ReactElement)[];
  /** `'auto'` leaves outliers out (the toolbar's "ignore outliers"); `'data'` shows all. @default 'auto' */
  yRange?: 'auto' | 'data';
  /** Draw a dashed line at y = 0 (loss delta). */
  zeroLine?: boolean;
  /** What the curves cannot say themselves (no points, NaN from a step...). */
  notes?: readonly CurveNote[];
  /** More controls for the toolbar (the smoothing slider). */
  controls?: ReactNode;
  /** Pixels; the chart fills its container's width when omitted. */
  width?: number;
  /** Pixels. @default 380 */
  height?: number;
  /** Toolbar, tooltips, zoom, legend toggles; off for static SVG files. @default true */
  interactive?: boolean;
  /** `data-chart` attribute of the chart, for pages and tests to find it. */
  chartKind: string;
  /** Only the <svg> (no wrapping <div>): for static SVG documents. Needs `width`. */
  bare?: boolean;
}

const MARGIN = { right: 28, bottom: 58, left: 72 };
/** Width the server draws a responsive chart at (scaled to the container until measured). */
const SSR_WIDTH = 960;

/** A log axis looks best over whole decades. */
function decades([lo, hi]: Domain): Domain {
  return [10 ** Math.floor(Math.log10(lo) + 1e-9), 10 ** Math.ceil(Math.log10(hi) - 1e-9)];
}

function stepDomain(series: readonly ChartSeries[]): Domain {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) for (const d of s.data) {
    lo = Math.min(lo, d.step);
    hi = Math.max(hi, d.step);
  }
  if (lo === Infinity) return [0, 1];
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

/** The settings a reader changes; kept by the responsive wrapper so a resize keeps them. */
export interface ViewState {
  xMode: XMode;
  yScale: 'linear' | 'log';
  ignoreOutliers: boolean;
  zoom: Domain | null;
  hidden: ReadonlySet<string>;
}

function useViewState(initialIgnore: boolean): [ViewState, (patch: Partial<ViewState>) => void] {
  const [state, setState] = useState<ViewState>({ xMode: 'lr', yScale: 'linear', ignoreOutliers: initialIgnore, zoom: null, hidden: new Set() });
  const update = useCallback((patch: Partial<ViewState>) => setState((s) => ({ ...s, ...patch })), []);
  return [state, update];
}

interface ChartProps extends LrLineChartProps {
  width: number;
  height: number;
  view: ViewState;
  setView: (patch: Partial<ViewState>) => void;
}

/** Everything a frame needs, computed once per render for the svg and the toolbar alike. */
function useFrame(props: Omit<ChartProps, 'setView'>) {
  const { series, view, markers = [] } = props;
  const shown = series.filter((s) => !view.hidden.has(s.id));
  const plotted: (StyledSeries & { data: PlotDatum[] })[] =
    view.xMode === 'lr' ? shown.map((s) => ({ ...s, data: s.data })) : shown.map((s) => ({ ...s, data: s.data.map((d) => ({ ...d, x: d.step, lr: d.x })) }));
  const full: Domain = view.xMode === 'lr' ? decades(props.xDomain) : stepDomain(series);
  const xView: Domain = view.zoom ?? full;
  const inView = seriesInX(plotted, xView);
  const mode = view.ignoreOutliers ? 'auto' : 'data';
  let yScale = view.yScale;
  let logRefused = false;
  let yDomain: Domain;
  if (props.yDomain) {
    yDomain = props.yDomain;
    yScale = 'linear';
  } else if (props.yKind === 'delta') {
    yDomain = deltaDomain(inView, mode);
    yScale = 'linear';
  } else if (yScale === 'log') {
    const d = logLossDomain(inView, mode);
    if (d) yDomain = d;
    else {
      logRefused = true;
      yScale = 'linear';
      yDomain = lossDomain(inView, mode);
    }
  } else yDomain = lossDomain(inView, mode);
  const clipped = clippedCount(inView, yDomain);
  // A marker belongs to a series by its run id (one-run charts) or its series id (overlays,
  // where the same run may come twice).
  const shownKeys = new Set(shown.flatMap((s) => [s.runId, s.id]));
  const placed = markers
    .filter((m) => shownKeys.has(m.runId))
    .map((m) => (view.xMode === 'lr' ? m : { ...m, x: m.step }));
  return { plotted, full, xView, yDomain, yScale, logRefused, clipped, placed };
}

function Chart(props: ChartProps): ReactElement {
  const { series, width, height, interactive = true, view, setView } = props;
  const frame = useFrame(props);
  const { plotted, xView, yDomain, yScale, placed, full } = frame;
  const clipId = `lrf-clip-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const innerWidth = Math.max(width - MARGIN.left - MARGIN.right, 10);
  const legend: LegendItem[] = series.map((s) => ({ id: s.id, label: s.label, color: s.color, width: s.style.width, opacity: s.style.opacity }));
  const toggle = useCallback((id: string) => {
    const next = new Set(view.hidden);
    if (!next.delete(id)) next.add(id);
    setView({ hidden: next });
  }, [view.hidden, setView]);
  const rows = legendRows(legend, innerWidth).length;
  const margin = { ...MARGIN, top: headerHeight(rows) };
  const innerHeight = Math.max(height - margin.top - margin.bottom, 10);
  const styles = useMemo(() => new Map(series.map((s) => [s.id, s.style])), [series]);
  const colorOf = useMemo(() => new Map(series.map((s) => [s.id, s.color])), [series]);
  const lr = view.xMode === 'lr';
  const xTicks = lr ? zoomTicks(xView[0], xView[1]) : linearTicks(xView[0], xView[1], Math.max(3, Math.floor(innerWidth / 90)));
  const yTicks = yScale === 'log' ? zoomTicks(yDomain[0], yDomain[1]) : linearTicks(yDomain[0], yDomain[1], 6);

  // Hover and drag (interactive charts only).
  const [hoverPx, setHoverPx] = useState<number | null>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const xAt = (px: number) => fromFraction(px / innerWidth, xView, view.xMode);
  const hoverX = hoverPx === null ? null : xAt(hoverPx);
  const hoverRows = hoverX === null ? [] : rowsAt(plotted, hoverX, view.xMode);
  const handlers = {
    onHover: setHoverPx,
    onDragStart: (d: Drag) => setDrag(d),
    onDragMove: (px: number) => {
      setDrag((d) => {
        if (!d) return d;
        if (d.mode === 'pan') {
          const f = (d.to - px) / innerWidth;
          if (f !== 0) setView({ zoom: panned(view.zoom ?? full, f, view.xMode) });
          return { ...d, to: px };
        }
        return { ...d, to: px };
      });
    },
    onDragEnd: () => {
      if (drag && drag.mode === 'zoom' && Math.abs(drag.to - drag.from) >= 5) {
        const a = xAt(Math.min(drag.from, drag.to));
        const b = xAt(Math.max(drag.from, drag.to));
        if (lr ? b / a > 1.02 : b - a > 0.5) setView({ zoom: [a, b] });
      }
      setDrag(null);
    },
    onReset: () => setView({ zoom: null }),
  };

  const layers = [
    'grid',
    ...(lr ? [(p: LayerProps) => <MinorGridIn key="minor" props={p} domain={xView} />] : []),
    ...(props.zeroLine ? [(p: LayerProps) => <ZeroLine key="zero" props={p} />] : []),
    ...(props.underlays ?? []),
    'axes',
    (p: LayerProps) => <ClippedLines key="lines" props={p} clipId={clipId} styles={styles} />,
    (p: LayerProps) => <MarkersLayer key="markers" props={p} markers={placed} maxRows={series.length > 2 ? 2 : 3} />,
    (p: LayerProps) => <EmptyNote key="empty" props={p} notes={props.notes} plotted={plotted} />,
    ...(interactive ? [(p: LayerProps) => <InteractionLayer key="interaction" props={p} hoverPx={hoverPx} drag={drag} rows={hoverRows} handlers={handlers} />] : []),
    () => <Header key="header" title={props.title} description={props.description} items={legend} width={innerWidth} top={margin.top}
      hidden={view.hidden} onToggle={interactive && series.length > 1 ? toggle : undefined} />,
  ];

  const svg = (
    <Line
      data={plotted.map((s) => ({ id: s.id, data: s.data }))}
      width={width}
      height={height}
      margin={margin}
      xScale={lr ? { type: 'log', base: 10, min: xView[0], max: xView[1], nice: false } : { type: 'linear', min: xView[0], max: xView[1], nice: false }}
      yScale={yScale === 'log' ? { type: 'log', base: 10, min: yDomain[0], max: yDomain[1], nice: false } : { type: 'linear', min: yDomain[0], max: yDomain[1], nice: false }}
      colors={(s: { id: string | number }) => colorOf.get(String(s.id)) ?? INK.muted}
      theme={chartTheme}
      gridXValues={xTicks}
      gridYValues={yTicks}
      axisBottom={{
        tickValues: xTicks,
        format: (v: number) => (lr ? formatLr(v) : String(v)),
        tickSize: 5,
        tickPadding: 6,
        legend: lr ? 'learning rate (log scale)' : 'step',
        legendOffset: 44,
        legendPosition: 'middle',
      }}
      axisLeft={{
        tickValues: yTicks,
        format: (v: number) => formatLoss(v),
        tickSize: 5,
        tickPadding: 6,
        legend: yScale === 'log' ? `${props.yLabel} (log scale)` : props.yLabel,
        legendOffset: -58,
        legendPosition: 'middle',
      }}
      enablePoints={false}
      enableGridX
      enableGridY
      layers={layers as never}
      isInteractive={false}
      useMesh={false}
      enableCrosshair={false}
      animate={false}
      renderWrapper={false}
      role="img"
      ariaLabel={props.title}
    />
  );
  if (!interactive) return svg;
  const tipLeft = hoverPx === null ? 0 : hoverPx > innerWidth / 2 ? Math.max(0, margin.left + hoverPx - 16 - 300) : margin.left + hoverPx + 16;
  return (
    <>
      {svg}
      {hoverX !== null && !drag ? (
        <HoverTooltip rows={hoverRows} x={hoverX} mode={view.xMode} valueName={props.yLabel} left={tipLeft} top={Math.min(margin.top + 8, Math.max(0, innerHeight - 60))} />
      ) : null}
    </>
  );
}

function MinorGridIn({ props, domain }: { props: LayerProps; domain: Domain }): ReactElement {
  // Minor gridlines only where they help: over at most three decades of a zoomed axis.
  const decadesShown = Math.log10(domain[1]) - Math.log10(domain[0]);
  if (decadesShown < 0.5) return <g data-layer="minor-grid" />;
  return <MinorGrid props={props} domain={domain} />;
}

/** Centred words in an empty plot: nothing finite to draw. */
function EmptyNote({ props, notes = [], plotted }: { props: LayerProps; notes?: readonly CurveNote[]; plotted: readonly { data: readonly PlotDatum[] }[] }): ReactElement | null {
  const drawable = plotted.some((s) => s.data.some((d) => d.y !== null));
  if (drawable) return null;
  const text = notes.find((n) => n.kind === 'empty' || n.kind === 'all-nan')?.text ?? 'nothing to draw';
  return (
    <text data-layer="empty-note" x={props.innerWidth / 2} y={props.innerHeight / 2} textAnchor="middle" fontFamily={FONT_FAMILY} fontSize={14} fill={INK.muted}>
      {text}
    </text>
  );
}

/** The toolbar above an interactive chart. */
function Toolbar({ props, view, setView, frame }: { props: LrLineChartProps; view: ViewState; setView: (p: Partial<ViewState>) => void; frame: ReturnType<typeof useFrame> }) {
  const { clipped } = frame;
  const clipText = clipped.above + clipped.below > 0
    ? `${clipped.above + clipped.below} point${clipped.above + clipped.below === 1 ? '' : 's'} ${clipped.above ? `above ${formatLoss(frame.yDomain[1])}` : ''}${clipped.above && clipped.below ? ' and ' : ''}${clipped.below ? `below ${formatLoss(frame.yDomain[0])}` : ''} not shown`
    : null;
  return (
    <div className="lrf-chart-toolbar" data-chart-toolbar="" data-y-domain={frame.yDomain.map((v) => Number(v.toPrecision(6))).join(',')} style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '6px 14px', fontFamily: FONT_FAMILY, fontSize: 12.5, color: INK.text, marginBottom: 4 }}>
      <label style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
        x
        <select value={view.xMode} onChange={(e) => setView({ xMode: e.target.value as XMode, zoom: null })} data-control="x-mode" aria-label="x axis">
          <option value="lr">learning rate</option>
          <option value="step">step</option>
        </select>
      </label>
      {props.yKind !== 'delta' && !props.yDomain ? (
        <label style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
          y
          <select value={view.yScale} onChange={(e) => setView({ yScale: e.target.value as 'linear' | 'log' })} data-control="y-scale" aria-label="y axis scale">
            <option value="linear">linear</option>
            <option value="log">log</option>
          </select>
        </label>
      ) : null}
      <label style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
        <input type="checkbox" checked={view.ignoreOutliers} onChange={(e) => setView({ ignoreOutliers: e.target.checked })} data-control="ignore-outliers" />
        ignore outliers
      </label>
      {props.controls}
      {view.zoom ? (
        <span style={{ display: 'inline-flex', gap: 4 }}>
          <button type="button" onClick={() => setView({ zoom: panned(view.zoom!, -0.25, view.xMode) })} aria-label="pan left" data-control="pan-left">◀</button>
          <button type="button" onClick={() => setView({ zoom: panned(view.zoom!, 0.25, view.xMode) })} aria-label="pan right" data-control="pan-right">▶</button>
          <button type="button" onClick={() => setView({ zoom: null })} data-control="reset-zoom">Reset zoom</button>
        </span>
      ) : (
        <span style={{ color: INK.muted }}>drag to zoom · shift+drag to pan · double-click to reset</span>
      )}
      {clipText ? <span data-clip-note="" style={{ color: '#9a3412' }}>{clipText} (ignore outliers is on)</span> : null}
      {frame.logRefused ? <span data-log-note="" style={{ color: '#9a3412' }}>log y needs positive values: drawn linear</span> : null}
    </div>
  );
}

/** Loss-like series against the learning rate, log-10 x axis, with markers, legend and tooltips. */
export function LrLineChart(props: LrLineChartProps): ReactElement {
  const height = props.height ?? 380;
  const { width, interactive = true } = props;
  const [ref, measured] = useContainerWidth<HTMLDivElement>();
  const [view, setView] = useViewState((props.yRange ?? 'auto') === 'auto');
  const staticView = view;
  if (width !== undefined && props.bare) return <Chart {...props} width={width} height={height} view={staticView} setView={setView} />;
  const drawn = width ?? measured;
  const notes = props.notes ?? [];
  return (
    <div style={{ width: width ?? '100%', position: 'relative' }} data-chart={props.chartKind} data-x-scale={view.xMode === 'lr' ? 'log' : 'linear'}
      data-measured={drawn > 0 ? 'true' : undefined}>
      {interactive ? <ToolbarFor props={props} view={view} setView={setView} width={drawn || SSR_WIDTH} height={height} /> : null}
      <div ref={ref} style={{ width: width ?? '100%', height, position: 'relative' }} data-chart-plot="">
        {drawn > 0 ? (
          <Chart {...props} width={drawn} height={height} view={view} setView={setView} />
        ) : (
          // Server rendering (and the first browser frame): the chart at a nominal width, scaled
          // to the container; replaced by the measured one as soon as the browser runs.
          <svg viewBox={`0 0 ${SSR_WIDTH} ${height}`} width="100%" height={height} preserveAspectRatio="xMinYMin meet" data-ssr="">
            <Chart {...props} width={SSR_WIDTH} height={height} interactive={false} view={view} setView={setView} />
          </svg>
        )}
      </div>
      {notes.length > 0 ? (
        <ul data-chart-notes="" style={{ margin: '6px 0 0', paddingLeft: 18, fontFamily: FONT_FAMILY, fontSize: 12.5, color: '#9a3412' }}>
          {notes.map((n, i) => (
            <li key={i} data-note={n.kind}>
              {n.text}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ToolbarFor({ props, view, setView, width, height }: { props: LrLineChartProps; view: ViewState; setView: (p: Partial<ViewState>) => void; width: number; height: number }) {
  const frame = useFrame({ ...props, width, height, view });
  return <Toolbar props={props} view={view} setView={setView} frame={frame} />;
}
