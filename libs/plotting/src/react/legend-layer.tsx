'use client';
// Title and legend in the top margin: the title on the first line, the series on the next
// line(s), wrapped to the chart's width. Drawn by us so labels (not ids) show.
import { FONT_FAMILY, INK } from './theme';

export interface LegendItem {
  id: string;
  label: string;
  color: string;
  width: number;
  opacity: number;
}

const ITEM_HEIGHT = 18;
const SWATCH = 18;
const CHAR_WIDTH = 6.6;

/** Rows of legend items (each `[item, x]`) fitting `width`. */
export function legendRows(items: readonly LegendItem[], width: number): [LegendItem, number][][] {
  const rows: [LegendItem, number][][] = [[]];
  let x = 0;
  for (const item of items) {
    const w = SWATCH + 6 + item.label.length * CHAR_WIDTH + 18;
    if (x > 0 && x + w > width) {
      rows.push([]);
      x = 0;
    }
    rows[rows.length - 1].push([item, x]);
    x += w;
  }
  return rows;
}

/** Height of the top margin for a title and `rows` legend rows. */
export function headerHeight(rows: number): number {
  return 40 + rows * ITEM_HEIGHT + 8;
}

export interface HeaderProps {
  title: string;
  description?: string;
  items: readonly LegendItem[];
  width: number;
  top: number;
  /** Ids of series switched off in the legend. */
  hidden?: ReadonlySet<string>;
  /** Makes legend items buttons that switch their series on and off. */
  onToggle?: (id: string) => void;
}

export function Header({ title, description, items, width, top, hidden, onToggle }: HeaderProps) {
  const rows = items.length > 0 ? legendRows(items, width) : [];
  return (
    <g transform={`translate(0, ${-top})`} data-layer="header">
      {description ? <desc>{description}</desc> : null}
      <text x={0} y={24} fontFamily={FONT_FAMILY} fontSize={15} fontWeight={650} fill={INK.strong}>
        {title}
      </text>
      {rows.map((row, r) => (
        <g key={r} transform={`translate(0, ${44 + r * ITEM_HEIGHT})`}>
          {row.map(([item, x], i) => (
            <g key={i} transform={`translate(${x}, 0)`} data-legend-item={item.label} opacity={hidden?.has(item.id) ? 0.35 : 1}
              {...(onToggle ? {
                role: 'button',
                tabIndex: 0,
                'aria-pressed': !hidden?.has(item.id),
                'aria-label': `${hidden?.has(item.id) ? 'show' : 'hide'} ${item.label}`,
                style: { cursor: 'pointer' },
                onClick: () => onToggle(item.id),
                onKeyDown: (e: { key: string; preventDefault(): void }) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onToggle(item.id);
                  }
                },
              } : {})}>
              <rect x={-2} y={-13} width={SWATCH + 10 + item.label.length * CHAR_WIDTH} height={17} fill="transparent" />
              <line x1={0} x2={SWATCH} y1={-4} y2={-4} stroke={item.color} strokeWidth={Math.max(item.width, 2)} strokeOpacity={item.opacity} strokeLinecap="round" />
              <text x={SWATCH + 6} y={0} fontFamily={FONT_FAMILY} fontSize={12} fill={INK.text}>
                {item.label}
              </text>
            </g>
          ))}
        </g>
      ))}
    </g>
  );
}
