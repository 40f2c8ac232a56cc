'use client';
// The chart components the pages use. They come from @lrfinder/plotting/react (contract:
// LossChart, LossDeltaChart, OverlayChart); local-charts.tsx stands in until it lands.
export { LossChart, LossDeltaChart, OverlayChart } from './local-charts';
