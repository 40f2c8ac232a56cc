// What the shapes of a run record cannot say: the relations between its fields. A record that
// fails one of these cannot have come from a range test (increasing learning rates within
// [startLr, endLr], steps in order, suggestions that point at their own points, ...).
import { STOP_REASONS_OF } from './run-format';
import type { RunRecord, SuggestionMethod } from './run-record';

export interface FieldProblem {
  field: string;
  message: string;
}

/** Relative slack for learning rates computed by another writer (another language, rounding). */
const REL = 1e-9;
const near = (a: number, b: number) => Math.abs(a - b) <= REL * Math.max(Math.abs(a), Math.abs(b));

/** The first relation between fields that does not hold, or null. */
export function checkRunSemantics(run: RunRecord): FieldProblem | null {
  const { config, points } = run;
  if (!(config.endLr > config.startLr)) {
    return { field: 'config.endLr', message: `must be greater than config.startLr (${config.startLr}); got ${config.endLr}` };
  }
  if (points.length > config.numIter) {
    return { field: 'points', message: `holds ${points.length} points, more than config.numIter (${config.numIter})` };
  }
  const low = config.startLr * (1 - REL);
  const high = config.endLr * (1 + REL);
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const at = `points.${i}`;
    if (p.step >= config.numIter) return { field: `${at}.step`, message: `must be < config.numIter (${config.numIter}); got ${p.step}` };
    if (i > 0 && !(p.step > points[i - 1].step)) {
      return { field: `${at}.step`, message: `steps must increase (duplicated or out of order): ${points[i - 1].step} then ${p.step}` };
    }
    if (p.lr < low || p.lr > high) {
      return { field: `${at}.lr`, message: `must be within [config.startLr, config.endLr] = [${config.startLr}, ${config.endLr}]; got ${p.lr}` };
    }
    if (i > 0 && !(p.lr > points[i - 1].lr)) {
      return { field: `${at}.lr`, message: `learning rates must increase: ${points[i - 1].lr} then ${p.lr}` };
    }
    if (p.loss !== null && p.smoothedLoss === null) {
      return { field: `${at}.smoothedLoss`, message: 'is null beside a finite loss (only a non-finite loss has no smoothed loss)' };
    }
    if (p.loss === null && p.smoothedLoss !== null) {
      return { field: `${at}.smoothedLoss`, message: 'must be null where the loss is null (a non-finite loss makes the average non-finite)' };
    }
  }
  const allowed = STOP_REASONS_OF[run.status];
  if (!allowed.includes(run.stopReason)) {
    return { field: 'stopReason', message: `status ${run.status} goes with stopReason ${allowed.map((r) => JSON.stringify(r)).join(' or ')}; got ${JSON.stringify(run.stopReason)}` };
  }
  if (Date.parse(run.updatedAt) < Date.parse(run.createdAt)) {
    return { field: 'updatedAt', message: `must not be before createdAt (${run.createdAt}); got ${run.updatedAt}` };
  }
  for (const method of ['steepest', 'minimum', 'valley', 'slide', 'smaDelta'] as SuggestionMethod[]) {
    const s = run.suggestions[method];
    if (s.lr === null) continue;
    const at = `suggestions.${method}`;
    if (s.index >= points.length) return { field: `${at}.index`, message: `must point at one of the ${points.length} points; got ${s.index}` };
    const point = points[s.index];
    if (point.loss === null) return { field: `${at}.index`, message: `points at point ${s.index}, whose loss is not finite` };
    // slide's lr is the point's times its adjustValue, which the record does not keep.
    const expected = method === 'minimum' ? point.lr / 10 : method === 'slide' ? s.lr : point.lr;
    if (!near(s.lr, expected)) {
      return { field: `${at}.lr`, message: `must be the lr of point ${s.index}${method === 'minimum' ? ' divided by 10' : ''} (${expected}); got ${s.lr}` };
    }
    if (s.belowStartLr !== undefined && s.belowStartLr !== s.lr < config.startLr) {
      return { field: `${at}.belowStartLr`, message: `must be ${s.lr < config.startLr} (lr ${s.lr}, config.startLr ${config.startLr}); got ${s.belowStartLr}` };
    }
  }
  return null;
}
