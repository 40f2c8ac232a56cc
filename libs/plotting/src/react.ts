'use client';
// Chart components of @lrfinder/plotting (React, Nivo). The same components render the static
// SVG files of @lrfinder/plotting/svg.
export {
  LossChart, LossDeltaChart, OverlayChart,
  type LossChartProps, type LossDeltaChartProps, type OverlayChartProps, type ChartSizeProps,
} from './react/charts';
export { chartTheme, RUN_COLORS, METHOD_COLORS, KIND_STYLES, runColor } from './react/theme';
