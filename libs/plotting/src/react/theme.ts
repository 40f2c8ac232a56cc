'use client';
// One look for every chart (dashboard and SVG files alike): a light, quiet frame so the curves
// and the suggestion markers carry the picture.
import type { SuggestionMethod } from '@lrfinder/core';
import type { SeriesKind } from '../types';

export const FONT_FAMILY = "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif";

export const INK = { strong: '#0f172a', text: '#334155', muted: '#64748b', axis: '#94a3b8', grid: '#e2e8f0', minorGrid: '#f1f5f9' };

/** Run colors of overlays, in order (distinct in hue and for common color blindness). */
export const RUN_COLORS = ['#2563eb', '#ea580c', '#059669', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777', '#475569', '#65a30d'];

/**
 * The colour of the i-th run of a chart: the 10 of RUN_COLORS first, then hues 137.5° apart
 * (the golden angle, so neighbours differ most) at alternating lightness. A run keeps its
 * colour when runs are added after it.
 * @example runColor(0) // '#2563eb'
 */
export function runColor(i: number): string {
  if (i < RUN_COLORS.length) return RUN_COLORS[i];
  const k = i - RUN_COLORS.length;
  const hue = Math.round((17 + k * 137.508) % 360);
  const light = [38, 52, 30][k % 3];
  return `hsl(${hue}, 70%, ${light}%)`;
}

export const METHOD_COLORS: Record<SuggestionMethod, string> = {
  steepest: '#ea580c',
  minimum: '#dc2626',
  valley: '#059669',
  slide: '#0891b2',
  smaDelta: '#9333ea',
};

/** Line style of a single-run chart's series by what they show. */
export const KIND_STYLES: Record<SeriesKind, { color: string; width: number; opacity: number }> = {
  loss: { color: '#93b4dd', width: 1.25, opacity: 0.9 },
  smoothedLoss: { color: '#1d4ed8', width: 2.5, opacity: 1 },
  lossDelta: { color: '#7c3aed', width: 2, opacity: 1 },
};

export const chartTheme = {
  background: '#ffffff',
  text: { fontFamily: FONT_FAMILY, fontSize: 11, fill: INK.text },
  axis: {
    domain: { line: { stroke: INK.axis, strokeWidth: 1 } },
    ticks: { line: { stroke: INK.axis, strokeWidth: 1 }, text: { fontFamily: FONT_FAMILY, fontSize: 11, fill: INK.muted } },
    legend: { text: { fontFamily: FONT_FAMILY, fontSize: 12, fill: INK.text, fontWeight: 600 } },
  },
  grid: { line: { stroke: INK.grid, strokeWidth: 1 } },
  crosshair: { line: { stroke: INK.muted, strokeWidth: 1, strokeOpacity: 0.6, strokeDasharray: '4 4' } },
  tooltip: {
    container: {
      background: '#ffffff',
      color: INK.strong,
      fontFamily: FONT_FAMILY,
      fontSize: 12,
      borderRadius: 6,
      boxShadow: '0 4px 14px rgba(15, 23, 42, 0.15)',
      padding: '8px 10px',
    },
  },
} as const;
