// The step journal beside a run file: one JSON line per finished step, appended (and synced)
// by the writer as each step ends, so a killed process loses at most the step in flight. The
// run file is re-written less often; a reader folds the journal's newer steps into it.
import { pointSchema, type RunPoint, type RunRecord } from './run-record';
import { suggest } from './suggest';

/** The journal of a run file: `runs/x.json` -> `runs/x.journal.jsonl`. */
export function journalPath(runFile: string): string {
  return `${runFile.replace(/\.json$/, '')}.journal.jsonl`;
}

/** One journal line for a point (the point exactly as in the run file's `points`). */
export function journalLine(point: RunPoint): string {
  return `${JSON.stringify(point)}\n`;
}

/**
 * The record with the journal's steps that it does not hold yet appended in order, and its
 * suggestions recomputed from the longer curve. Steps the record already has are ignored; the
 * fold stops at the first line that is not a valid point (a torn last line, after a kill) or
 * that would leave a gap. Pure; returns `record` itself when the journal adds nothing.
 * @example const run = foldJournal(parseRun(runText), journalText);
 */
export function foldJournal(record: RunRecord, journalText: string): RunRecord {
  const added: RunPoint[] = [];
  let next = record.points.length > 0 ? record.points[record.points.length - 1].step + 1 : 0;
  for (const line of journalText.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      break;
    }
    const parsed = pointSchema.safeParse(value);
    if (!parsed.success) break;
    const point = parsed.data;
    if (point.step < next) continue;
    if (point.step > next) break;
    added.push(point);
    next += 1;
  }
  if (added.length === 0) return record;
  const points = [...record.points, ...added];
  return { ...record, points, suggestions: suggest(points, { numIter: record.config.numIter }) };
}
