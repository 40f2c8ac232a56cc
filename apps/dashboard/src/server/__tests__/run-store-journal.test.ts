// The step journal a running CLI test keeps beside its run file is folded in by the run store.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { journalLine, parseRun, rangeTest, suggest, type RunRecord } from '@lrfinder/core';
import { listRuns, readRun } from '../run-store';
import { tmpRunsDir, writeRun } from './helpers';

async function fullRun(): Promise<RunRecord> {
  let t = Date.UTC(2026, 0, 1);
  return rangeTest({
    id: 'live', numIter: 30, startLr: 1e-4, endLr: 1, divergeThreshold: Infinity, now: () => (t += 10),
    trainStep: (lr) => 1 + (Math.log10(lr) + 2) ** 2,
  });
}

describe('run store and the step journal', () => {
  it('reads a running file with its journal folded in (torn last line ignored), in the list too', async () => {
    const { dir, cleanup } = await tmpRunsDir();
    try {
      const full = await fullRun();
      // What the CLI writes mid-test: the first points, and the suggestions of those points only.
      const points = full.points.slice(0, 8);
      const snapshot: RunRecord = { ...full, status: 'running', stopReason: null, points, suggestions: suggest(points, { numIter: 30 }) };
      const file = await writeRun(dir, snapshot);
      await fs.writeFile(path.join(dir, 'live.journal.jsonl'), full.points.slice(0, 20).map(journalLine).join('') + '{"step":20,');
      const read = await readRun(dir, { sweepId: null, id: 'live' });
      if (!read.ok) throw new Error(read.reason);
      expect(read.run.points).toEqual(full.points.slice(0, 20));
      expect(parseRun(read.text)).toEqual(read.run);
      const list = await listRuns(dir);
      expect(list.groups[0].runs.map((r) => r.id)).toEqual(['live']);
      expect(list.groups[0].errors).toEqual([]);
      // Without a journal the file is read as it is.
      await fs.rm(path.join(dir, 'live.journal.jsonl'));
      const plain = await readRun(dir, { sweepId: null, id: 'live' });
      expect(plain.ok && plain.run.points.length).toBe(8);
      expect(plain.ok && plain.text).toBe(await fs.readFile(file, 'utf8'));
    } finally {
      await cleanup();
    }
  });
});
