// Test fixtures: real run records from core's rangeTest on an analytic loss curve, and a
// temporary folder.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rangeTest, type RunRecord } from '@lrfinder/core';

/** loss(lr) = 1 + (log10(lr) + 2)^2: minimum 1 at lr = 1e-2. */
export function bowlLoss(lr: number): number {
  return 1 + (Math.log10(lr) + 2) ** 2;
}

let clock = Date.UTC(2026, 0, 1);

/** A completed run over 1e-4 .. 1 on bowlLoss (scaled by `scale`), with a fixed clock. */
export async function bowlRun(o: { id?: string; label?: string; scale?: number; numIter?: number } = {}): Promise<RunRecord> {
  const scale = o.scale ?? 1;
  return rangeTest({
    id: o.id ?? 'bowl',
    label: o.label ?? 'sgd',
    startLr: 1e-4,
    endLr: 1,
    numIter: o.numIter ?? 40,
    smoothing: 0,
    divergeThreshold: Infinity,
    now: () => (clock += 10),
    trainStep: (lr) => scale * bowlLoss(lr),
  });
}

export async function tempDir(prefix = 'lrfinder-cli-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}
