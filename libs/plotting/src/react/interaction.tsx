'use client';
// Pointer work on a chart, as TensorBoard's scalars do it: hover shows every visible curve at
// the pointer's x (one tooltip row each), drag selects an x range to zoom into, shift+drag pans,
// double-click goes back to the whole range. Pixel <-> data conversions are ours (log or linear),
// so the zoom works the same whichever scale Nivo draws.
import type { PointerEvent as ReactPointerEvent, ReactElement } from 'react';
import type { Domain } from '../domain';
import { formatLoss, formatLr } from '../format';
import type { ChartDatum } from '../types';
import type { LayerProps } from './layers';
import { chartTheme, INK } from './theme';

export type XMode = 'lr' | 'step';

/** x in data units -> fraction of the plot width. */
export function toFraction(x: number, [lo, hi]: Domain, mode: XMode): number {
  return mode === 'lr' ? (Math.log10(x) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (x - lo) / (hi - lo);
}

/** Fraction of the plot width -> x in data units. */
export function fromFraction(f: number, [lo, hi]: Domain, mode: XMode): number {
  return mode === 'lr' ? 10 ** (Math.log10(lo) + f * (Math.log10(hi) - Math.log10(lo))) : lo + f * (hi - lo);
}

/** The x range `[a, b]` moved by `f` plot widths (log or linear). */
export function panned(domain: Domain, f: number, mode: XMode): Domain {
  return [fromFraction(f, domain, mode), fromFraction(1 + f, domain, mode)];
}

/** A plotted point; with x by step, `lr` keeps its learning rate. */
export type PlotDatum = ChartDatum & { lr?: number };

export interface HoverRow {
  id: string;
  label: string;
  color: string;
  datum: PlotDatum;
}

/** The point of each series nearest to `x` (log distance for lr), skipping series with none near. */
export function rowsAt(series: readonly { id: string; label: string; color: string; data: readonly PlotDatum[] }[], x: number, mode: XMode): HoverRow[] {
  const dist = mode === 'lr' ? (a: number) => Math.abs(Math.log(a) - Math.log(x)) : (a: number) => Math.abs(a - x);
  const rows: HoverRow[] = [];
  const near = (lo: number, hi: number) => (mode === 'lr' ? x >= lo / 1.05 && x <= hi * 1.05 : x >= lo - 1 && x <= hi + 1);
  for (const s of series) {
    // A run that stopped before this x (diverged earlier) has nothing to say here.
    if (s.data.length === 0 || !near(s.data[0].x, s.data[s.data.length - 1].x)) continue;
    let best: PlotDatum | null = null;
    let bestD = Infinity;
    for (const d of s.data) {
      const dd = dist(d.x);
      if (dd < bestD) {
        bestD = dd;
        best = d;
      }
    }
    if (best) rows.push({ id: s.id, label: s.label, color: s.color, datum: best });
  }
  return rows;
}

export interface Drag {
  mode: 'zoom' | 'pan';
  /** Pixels from the plot's left edge. */
  from: number;
  to: number;
}

export interface InteractionHandlers {
  onHover: (px: number | null) => void;
  onDragStart: (drag: Drag) => void;
  onDragMove: (px: number) => void;
  onDragEnd: () => void;
  onReset: () => void;
}

function plotX(e: ReactPointerEvent<SVGRectElement> | React.MouseEvent<SVGRectElement>): number {
  const box = e.currentTarget.getBoundingClientRect();
  return e.clientX - box.left;
}

/** The transparent rectangle over the plot that takes the pointer, and what it draws back. */
export function InteractionLayer({ props, hoverPx, drag, rows, handlers }: {
  props: LayerProps;
  hoverPx: number | null;
  drag: Drag | null;
  /** The hovered points, already in data units; placed with the layer's scales. */
  rows: readonly HoverRow[];
  handlers: InteractionHandlers;
}): ReactElement {
  const xScale = props.xScale as (v: number) => number;
  const yScale = props.yScale as (v: number) => number;
  const { innerWidth: w, innerHeight: h } = props;
  return (
    <g data-layer="interaction">
      {drag && drag.mode === 'zoom' ? (
        <rect data-zoom-selection="" x={Math.min(drag.from, drag.to)} y={0} width={Math.abs(drag.to - drag.from)} height={h}
          fill="#2563eb" fillOpacity={0.12} stroke="#2563eb" strokeOpacity={0.5} />
      ) : null}
      {hoverPx !== null && !drag ? (
        <g pointerEvents="none">
          <line x1={hoverPx} x2={hoverPx} y1={0} y2={h} stroke={INK.muted} strokeOpacity={0.6} strokeDasharray="4 4" />
          {rows.map((r) => {
            if (r.datum.y === null) return null;
            const cx = xScale(r.datum.x);
            const cy = yScale(r.datum.y);
            if (!Number.isFinite(cx) || !Number.isFinite(cy) || cy < 0 || cy > h) return null;
            return <circle key={r.id} cx={cx} cy={cy} r={4} fill="#fff" stroke={r.color} strokeWidth={2} />;
          })}
        </g>
      ) : null}
      <rect
        data-interaction=""
        x={0}
        y={0}
        width={w}
        height={h}
        fill="transparent"
        style={{ cursor: drag?.mode === 'pan' ? 'grabbing' : 'crosshair', touchAction: 'pan-y' }}
        onPointerMove={(e) => {
          const px = Math.max(0, Math.min(w, plotX(e)));
          if (drag) handlers.onDragMove(px);
          else handlers.onHover(px);
        }}
        onPointerLeave={() => {
          if (!drag) handlers.onHover(null);
        }}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.currentTarget.setPointerCapture?.(e.pointerId);
          const px = plotX(e);
          handlers.onDragStart({ mode: e.shiftKey ? 'pan' : 'zoom', from: px, to: px });
        }}
        onPointerUp={(e) => {
          e.currentTarget.releasePointerCapture?.(e.pointerId);
          handlers.onDragEnd();
        }}
        onDoubleClick={() => handlers.onReset()}
      />
    </g>
  );
}

/** The tooltip: the pointer's x, then one row per visible curve (its value there and step). */
export function HoverTooltip({ rows, x, mode, valueName, left, top }: {
  rows: readonly HoverRow[];
  x: number;
  mode: XMode;
  valueName: string;
  left: number;
  top: number;
}): ReactElement | null {
  if (rows.length === 0) return null;
  const sorted = [...rows].sort((a, b) => (a.datum.y ?? Infinity) - (b.datum.y ?? Infinity));
  return (
    <div data-tooltip="" style={{ ...chartTheme.tooltip.container, position: 'absolute', left, top, pointerEvents: 'none', zIndex: 2, minWidth: 170, maxWidth: 360 }}>
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{mode === 'lr' ? `lr ${formatLr(x)}` : `step ${Math.round(x)}`}</div>
      <table style={{ borderSpacing: 0, fontVariantNumeric: 'tabular-nums' }}>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.id} data-tooltip-row={r.id}>
              <td style={{ paddingRight: 6 }}>
                <span style={{ width: 10, height: 10, borderRadius: 2, background: r.color, display: 'inline-block' }} />
              </td>
              <td style={{ paddingRight: 10, maxWidth: 180, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} data-label="">{r.label}</td>
              <td style={{ paddingRight: 10 }} data-value="" title={valueName}>{formatLoss(r.datum.y)}</td>
              <td style={{ color: INK.muted }} data-where="">
                {mode === 'lr' ? `step ${r.datum.step}` : `lr ${formatLr(r.datum.lr ?? r.datum.x)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
