// Consumer check (types, ESM): the package's declarations resolve through `exports`.
import { LRFinder, rangeTest, type RunRecord } from '@lrfinder/core';

export const run: Promise<RunRecord> = rangeTest({ trainStep: (lr: number) => lr, numIter: 10 });
export const finderClass: typeof LRFinder = LRFinder;
