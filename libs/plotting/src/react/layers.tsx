'use client';
// Custom Nivo layers: lines clipped to the plot area (values beyond the y domain leave the
// picture instead of covering the axes), log minor gridlines, a zero line, suggestion markers.
import type { ReactElement, ReactNode } from 'react';
import { logMinorTicks } from '../format';
import type { SuggestionMarker } from '../types';
import { FONT_FAMILY, INK } from './theme';

type Scale = (v: number) => number;
type Position = { x: number | null; y: number | null };
export interface LayerProps {
  innerWidth: number;
  innerHeight: number;
  xScale: unknown;
  yScale: unknown;
  series: readonly { id: string | number; color: string; data: readonly { position: Position }[] }[];
  lineGenerator: (points: Position[]) => string | null;
}

export interface LineStyle {
  width: number;
  opacity: number;
  dash?: string;
}

/** A layer whose children are clipped to the plot area (zoomed or clipped data stays inside). */
export function ClippedLayer({ props, clipId, layer, children }: { props: LayerProps; clipId: string; layer: string; children: ReactNode }): ReactElement {
  return (
    <g data-layer={layer}>
      <defs>
        <clipPath id={clipId}>
          <rect x={0} y={0} width={props.innerWidth} height={props.innerHeight} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clipId})`}>{children}</g>
    </g>
  );
}

export function ClippedLines({ props, clipId, styles }: { props: LayerProps; clipId: string; styles: ReadonlyMap<string, LineStyle> }): ReactElement {
  return (
    <ClippedLayer props={props} clipId={clipId} layer="lines">
      {props.series.map((s) => {
        const style = styles.get(String(s.id)) ?? { width: 2, opacity: 1 };
        const d = props.lineGenerator(s.data.map((p) => p.position)) ?? '';
        return (
          <path key={String(s.id)} d={d} fill="none" stroke={s.color} strokeWidth={style.width} strokeOpacity={style.opacity}
            strokeDasharray={style.dash} strokeLinejoin="round" strokeLinecap="round" data-series={String(s.id)} />
        );
      })}
    </ClippedLayer>
  );
}

export function MinorGrid({ props, domain }: { props: LayerProps; domain: [number, number] }): ReactElement {
  const x = props.xScale as Scale;
  return (
    <g data-layer="minor-grid">
      {logMinorTicks(domain[0], domain[1]).map((v) => (
        <line key={v} x1={x(v)} x2={x(v)} y1={0} y2={props.innerHeight} stroke={INK.minorGrid} strokeWidth={1} />
      ))}
    </g>
  );
}

export function ZeroLine({ props }: { props: LayerProps }): ReactElement | null {
  const y = (props.yScale as Scale)(0);
  if (!(y >= 0 && y <= props.innerHeight)) return null;
  return <line data-layer="zero" x1={0} x2={props.innerWidth} y1={y} y2={y} stroke={INK.axis} strokeWidth={1} strokeDasharray="3 3" />;
}

export interface PlacedMarker extends SuggestionMarker {
  color: string;
  /** Draw a dot on the curve at (lr, loss). */
  dot: boolean;
  /** Hover text; defaults to the label. */
  title?: string;
  /** Where to draw it on the x axis when that is not `lr` (x by step). */
  x?: number;
}

const LABEL_ROW = 16;
const CHAR_WIDTH = 6.2;

/**
 * Vertical line per suggestion, a dot where it meets the curve, labels in at most `maxRows`
 * rows so none overlap; markers whose label finds no room get a small flag at the top instead
 * (their text is in the hover title), so many runs never stack into a tower of labels.
 */
export function MarkersLayer({ props, markers, maxRows = 3 }: { props: LayerProps; markers: readonly PlacedMarker[]; maxRows?: number }): ReactElement {
  const x = props.xScale as Scale;
  const y = props.yScale as Scale;
  const placed = markers
    .map((m) => ({ m, px: x(m.x ?? m.lr) }))
    .filter(({ px }) => Number.isFinite(px) && px >= 0 && px <= props.innerWidth)
    .sort((a, b) => a.px - b.px);
  // Greedy rows: a label goes to the first row whose last label ends left of it.
  const rowEnds: number[] = [];
  const labels = placed.map(({ m, px }) => {
    const text = m.recommended ? `${m.label} ★` : m.label;
    const w = text.length * CHAR_WIDTH + 8;
    const left = Math.min(Math.max(px - w / 2, 0), props.innerWidth - w);
    let row = rowEnds.findIndex((end) => end < left);
    if (row < 0 && rowEnds.length < maxRows) row = rowEnds.push(0) - 1;
    if (row >= 0) rowEnds[row] = left + w + 4;
    return { m, px, text, left, w, row };
  });
  return (
    <g data-layer="markers">
      {labels.map(({ m, px, text, left, w, row }) => {
        const py = m.dot && m.loss !== null ? y(m.loss) : NaN;
        const ly = 6 + row * LABEL_ROW;
        if (row < 0) {
          return (
            <g key={`${m.runId}:${m.method}`} data-marker={m.method} data-lr={m.lr} data-run={m.runId} data-recommended={m.recommended ? 'true' : undefined} data-unlabelled="">
              <title>{`${m.title ?? m.label} (step ${m.step})${m.recommended ? ', recommended' : ''}`}</title>
              <line x1={px} x2={px} y1={8} y2={props.innerHeight} stroke={m.color} strokeWidth={1.25} strokeDasharray={m.recommended ? '2 3' : '5 4'} strokeOpacity={0.7} />
              <path d={`M${px - 5},0 L${px + 5},0 L${px},8 Z`} fill={m.color} />
              {Number.isFinite(py) && py >= 0 && py <= props.innerHeight ? <circle cx={px} cy={py} r={3.5} fill="#ffffff" stroke={m.color} strokeWidth={2} /> : null}
            </g>
          );
        }
        return (
          <g key={`${m.runId}:${m.method}`} data-marker={m.method} data-lr={m.lr} data-run={m.runId} data-recommended={m.recommended ? 'true' : undefined}>
            <title>{`${m.title ?? m.label} (step ${m.step})${m.recommended ? ', recommended' : ''}`}</title>
            <line x1={px} x2={px} y1={ly + 14} y2={props.innerHeight} stroke={m.color} strokeWidth={m.recommended ? 1.75 : 1.25}
              strokeDasharray={m.recommended ? undefined : '5 4'} strokeOpacity={0.85} />
            {Number.isFinite(py) && py >= 0 && py <= props.innerHeight ? (
              <circle cx={px} cy={py} r={m.recommended ? 5 : 4} fill="#ffffff" stroke={m.color} strokeWidth={2} />
            ) : null}
            <rect x={left} y={ly} width={w} height={14} rx={3} fill="#ffffff" fillOpacity={0.9} stroke={m.color} strokeOpacity={0.5} />
            <text x={left + w / 2} y={ly + 10.5} textAnchor="middle" fontFamily={FONT_FAMILY} fontSize={10.5}
              fontWeight={m.recommended ? 700 : 500} fill={m.color}>
              {text}
            </text>
          </g>
        );
      })}
    </g>
  );
}
