'use client';
// Tooltip of a point: which curve, the learning rate, the value, the step.
import type { ReactElement } from 'react';
import { formatLoss, formatLr } from '../format';
import { chartTheme, INK } from './theme';

export interface TooltipPoint {
  seriesId: string | number;
  seriesColor: string;
  data: { x: unknown; y: unknown; step?: number };
}

export function PointTooltip({ point, labels, valueName }: { point: TooltipPoint; labels: ReadonlyMap<string, string>; valueName: string }): ReactElement {
  const { x, y, step } = point.data;
  return (
    <div style={{ ...chartTheme.tooltip.container, minWidth: 150 }} data-tooltip="">
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, fontWeight: 600, marginBottom: 4 }}>
        <span style={{ width: 10, height: 10, borderRadius: 2, background: point.seriesColor, display: 'inline-block' }} />
        {labels.get(String(point.seriesId)) ?? String(point.seriesId)}
      </div>
      <table style={{ borderSpacing: 0, fontVariantNumeric: 'tabular-nums' }}>
        <tbody>
          <tr><td style={{ color: INK.muted, paddingRight: 10 }}>lr</td><td>{formatLr(Number(x))}</td></tr>
          <tr><td style={{ color: INK.muted, paddingRight: 10 }}>{valueName}</td><td>{formatLoss(typeof y === 'number' ? y : null)}</td></tr>
          {step !== undefined ? <tr><td style={{ color: INK.muted, paddingRight: 10 }}>step</td><td>{step}</td></tr> : null}
        </tbody>
      </table>
    </div>
  );
}
