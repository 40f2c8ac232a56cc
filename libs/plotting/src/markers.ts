// One marker per suggestion method that found a learning rate, at that rate on the run's
// smoothed loss curve.
import type { RunRecord, SuggestionMethod } from '@lrfinder/core';
import { formatLr } from './format';
import { PlottingError } from './errors';
import type { SuggestionMarker } from './types';

/**
 * How each method is named on a chart, in core's `SUGGESTION_METHODS` order (the type makes
 * this complete; importing the list itself would pull core's zod schemas into chart bundles).
 */
export const METHOD_LABELS: Record<SuggestionMethod, string> = {
  steepest: 'steepest',
  minimum: 'minimum',
  valley: 'valley',
  slide: 'slide',
  smaDelta: 'sma delta',
};

/**
 * The suggestions of a run as chart markers, in `SUGGESTION_METHODS` order; methods that found
 * nothing (`lr: null`, with a reason) have no marker.
 * @example suggestionMarkers(run).map((m) => m.label) // ['steepest 1.2e-2', 'valley 3.16e-3', ...]
 */
export function suggestionMarkers(run: RunRecord): SuggestionMarker[] {
  if (!run || typeof run !== 'object' || !run.suggestions) {
    throw new PlottingError('run', run === null ? 'null' : typeof run, 'a run record with suggestions');
  }
  const markers: SuggestionMarker[] = [];
  for (const method of Object.keys(METHOD_LABELS) as SuggestionMethod[]) {
    const s = run.suggestions[method];
    if (!s || s.lr === null || !(s.lr > 0) || !Number.isFinite(s.lr)) continue;
    const point = run.points[s.index];
    const loss = point && typeof point.smoothedLoss === 'number' && Number.isFinite(point.smoothedLoss) ? point.smoothedLoss : null;
    markers.push({
      method,
      lr: s.lr,
      index: s.index,
      step: point?.step ?? s.index,
      loss,
      recommended: run.suggestions.recommended === method,
      label: `${METHOD_LABELS[method]} ${formatLr(s.lr)}`,
      runId: run.id,
    });
  }
  return markers;
}
