import { rangeTest } from './range-test';
import { foldJournal, journalLine, journalPath } from './run-journal';
import { parseRun, serializeRun } from './run-file';
import type { RunRecord } from './run-record';

/** A full 30-step run on a known bowl (minimum 1 at lr 1e-2) and its snapshot after `k` steps. */
async function runAndSnapshot(k: number): Promise<{ full: RunRecord; snapshot: RunRecord }> {
  let snapshot: RunRecord | undefined;
  let t = Date.UTC(2026, 0, 1);
  const full = await rangeTest({
    id: 'j',
    numIter: 30,
    startLr: 1e-4,
    endLr: 1,
    divergeThreshold: Infinity,
    now: () => (t += 10),
    trainStep: (lr) => 1 + (Math.log10(lr) + 2) ** 2,
    onStep: (e) => {
      if (e.point.step === k - 1) snapshot = e.record;
    },
  });
  return { full, snapshot: snapshot! };
}

const journalOf = (run: RunRecord, from = 0) => run.points.slice(from).map(journalLine).join('');

describe('foldJournal', () => {
  it('folds a snapshot of 10 steps and the journal of all 30 into the full curve and its suggestions', async () => {
    const { full, snapshot } = await runAndSnapshot(10);
    expect(snapshot.points).toHaveLength(10);
    const folded = foldJournal(snapshot, journalOf(full));
    expect(folded.points).toEqual(full.points);
    expect(folded.suggestions).toEqual(full.suggestions);
    expect(folded.status).toBe('running');
    expect(parseRun(serializeRun(folded))).toEqual(folded);
  });

  it('ignores a torn last line and steps the record already holds', async () => {
    const { full, snapshot } = await runAndSnapshot(5);
    const text = journalOf(full).split('\n').slice(0, 12).join('\n') + '\n' + journalLine(full.points[12]).slice(0, 20);
    const folded = foldJournal(snapshot, text);
    expect(folded.points.map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(folded.points).toEqual(full.points.slice(0, 12));
  });

  it('stops at a gap or a line that is not a point, and returns the record itself when nothing is new', async () => {
    const { full, snapshot } = await runAndSnapshot(5);
    const gap = journalOf(full, 5).split('\n');
    gap.splice(3, 1); // step 8 missing
    expect(foldJournal(snapshot, gap.join('\n')).points).toHaveLength(8);
    const bad = journalOf(full, 5).replace('"step":7', '"step":-7');
    expect(foldJournal(snapshot, bad).points).toHaveLength(7);
    expect(foldJournal(full, journalOf(full))).toBe(full);
    expect(foldJournal(snapshot, '')).toBe(snapshot);
  });

  it('keeps null losses and valLoss as the run file has them', async () => {
    const { snapshot } = await runAndSnapshot(2);
    const line = JSON.stringify({ step: 2, lr: 0.5, loss: null, smoothedLoss: null, valLoss: 1.5 });
    const folded = foldJournal(snapshot, `${line}\n`);
    expect(folded.points[2]).toEqual({ step: 2, lr: 0.5, loss: null, smoothedLoss: null, valLoss: 1.5 });
  });

  it('names the journal beside the run file', () => {
    expect(journalPath('runs/a.json')).toBe('runs/a.journal.jsonl');
    expect(journalPath('/x/y.z.json')).toBe('/x/y.z.journal.jsonl');
  });
});
