// The public surface of @lrfinder/plotting: pure transforms from run records to chart series.
// No React, no Node built-ins, no tfjs: usable in a browser, a worker or the CLI.
export type { ChartDatum, ChartSeries, SeriesKind, SuggestionMarker } from './types';
export { PlottingError } from './errors';
export { decimate, DEFAULT_MAX_POINTS, MIN_DECIMATE_POINTS } from './decimate';
export {
  lossSeries, lossDeltaSeries, overlaySeries, runLabels, resmooth, DEFAULT_SMA,
  type LossSeriesOptions, type LossDeltaSeriesOptions, type OverlaySeriesOptions,
} from './series';
export { suggestionMarkers, METHOD_LABELS } from './markers';
export { formatLr, formatLoss, logTicks, logMinorTicks, zoomTicks, linearTicks } from './format';
export { lrDomain, lossDomain, deltaDomain, logLossDomain, clippedCount, seriesInX, type Domain } from './domain';
export { curveNotes, type CurveNote, type CurveNoteKind } from './notes';
