'use client';
// The chart components the pages use, from @lrfinder/plotting/react (one chart implementation
// for the dashboard and the CLI's SVG files).
export { LossChart, LossDeltaChart, OverlayChart } from '@lrfinder/plotting/react';
