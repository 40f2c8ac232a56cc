// The chart data shapes: Nivo line series whose points carry the step they came from, so a
// tooltip can say where on the run a value was measured.
import type { SuggestionMethod } from '@lrfinder/core';

/** One plotted point: x is the learning rate, y a loss (null where it was not finite: a gap). */
export interface ChartDatum {
  x: number;
  y: number | null;
  step: number;
}

/** What a series shows, for styling and tooltips. */
export type SeriesKind = 'loss' | 'smoothedLoss' | 'lossDelta';

/** A Nivo line series (`{ id, data }`) with the label to show and the run it came from. */
export interface ChartSeries {
  /** Unique among the series of one chart (Nivo keys lines by it). */
  id: string;
  /** What a legend or tooltip shows. */
  label: string;
  kind: SeriesKind;
  runId: string;
  data: ChartDatum[];
}

/** A suggested learning rate of one method, placed on the run's smoothed loss curve. */
export interface SuggestionMarker {
  method: SuggestionMethod;
  /** The suggested learning rate (the marker's x). */
  lr: number;
  /** Index of the point the method chose in `run.points`. */
  index: number;
  /** Step of that point. */
  step: number;
  /**
   * Smoothed loss where the marker meets the curve: at the point nearest to `lr` (not always
   * `index`: `minimum` suggests a tenth of the lr at the minimum). Null when not finite.
   */
  loss: number | null;
  /** True for the method the run recommends. */
  recommended: boolean;
  /** e.g. `valley 3.16e-3`. */
  label: string;
  runId: string;
}
