'use client';
// TEMPORARY stand-in for @lrfinder/plotting/react while that package is being written: the same
// props as the contract (run / runs, width?, height?, sma?), drawn with @nivo/line directly.
// charts.tsx re-exports the real components once they exist; this file then goes away.
import { ResponsiveLine } from '@nivo/line';
import { lossDeltas, SUGGESTION_METHODS, type RunRecord } from '@lrfinder/core';

interface ChartProps {
  width?: number;
  height?: number;
}

type Series = { id: string; data: { x: number; y: number | null }[] };

function decade(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

function Frame({ series, markers = [], width, height = 360 }: { series: Series[]; markers?: { axis: 'x'; value: number; legend: string }[] } & ChartProps) {
  const lrs = series.flatMap((s) => s.data.map((d) => d.x));
  const lo = Math.min(...lrs);
  const hi = Math.max(...lrs);
  if (!(lo > 0) || !(hi > 0)) return <div className="chart-empty">no points yet</div>;
  return (
    <div style={{ width: width ?? '100%', height }} data-chart="loss">
      <ResponsiveLine
        data={series}
        xScale={{ type: 'log', base: 10, min: lo, max: hi }}
        yScale={{ type: 'linear', min: 'auto', max: 'auto' }}
        margin={{ top: 16, right: 24, bottom: 48, left: 64 }}
        axisBottom={{ tickValues: decade(lo, hi).filter((v) => v >= lo && v <= hi), format: (v) => Number(v).toExponential(0), legend: 'learning rate (log)', legendOffset: 38, legendPosition: 'middle' }}
        axisLeft={{ legend: 'loss', legendOffset: -52, legendPosition: 'middle' }}
        enablePoints={false}
        useMesh
        colors={{ scheme: 'category10' }}
        markers={markers.map((m) => ({ ...m, lineStyle: { stroke: '#d33', strokeDasharray: '4 4' }, textStyle: { fontSize: 11, fill: '#d33' } }))}
        legends={series.length > 1 ? [{ anchor: 'top-right', direction: 'column', itemWidth: 140, itemHeight: 18 }] : []}
      />
    </div>
  );
}

export function LossChart({ run, ...rest }: { run: RunRecord } & ChartProps) {
  const series: Series[] = [
    { id: 'loss', data: run.points.map((p) => ({ x: p.lr, y: p.loss })) },
    { id: 'smoothed', data: run.points.map((p) => ({ x: p.lr, y: p.smoothedLoss })) },
  ];
  const markers = SUGGESTION_METHODS.flatMap((m) => {
    const s = run.suggestions[m];
    return s.lr === null ? [] : [{ axis: 'x' as const, value: s.lr, legend: m }];
  });
  return <Frame series={series} markers={markers} {...rest} />;
}

export function LossDeltaChart({ run, sma = 20, ...rest }: { run: RunRecord; sma?: number } & ChartProps) {
  const deltas = lossDeltas(run.points.map((p) => p.loss), sma);
  return <Frame series={[{ id: `loss delta (sma ${sma})`, data: run.points.map((p, i) => ({ x: p.lr, y: deltas[i] })) }]} {...rest} />;
}

export function OverlayChart({ runs, ...rest }: { runs: RunRecord[] } & ChartProps) {
  return <Frame series={runs.map((r) => ({ id: `${r.label} (${r.id})`, data: r.points.map((p) => ({ x: p.lr, y: p.smoothedLoss })) }))} {...rest} />;
}
