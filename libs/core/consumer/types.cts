// Consumer check (types, CommonJS): the package's declarations resolve through `exports`.
import core = require('@lrfinder/core');

export const run: Promise<core.RunRecord> = core.rangeTest({ trainStep: (lr: number) => lr, numIter: 10 });
