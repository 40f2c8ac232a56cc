// A process for the SIGKILL fault test: runs the real runTest (TF.js, cpu) and prints
// `STEP <k>` on stdout after every step it reports done (progress comes after the step is
// journaled, so a printed step must survive a kill). Pipes are synchronous on Linux: what the
// parent reads was written before the next step began.
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_TEST_OPTIONS, runTest, type TestOptions } from '../run/run-test';

// No TF.js banner on stderr (the CLI does the same).
tf.env().set('PROD', true);

const [optionsJson, outFile] = process.argv.slice(2);
const options = { ...DEFAULT_TEST_OPTIONS, ...(JSON.parse(optionsJson) as Partial<TestOptions>) } as TestOptions;
runTest(options, {
  id: 'killed',
  outFile,
  progress: { start() {}, stop() {}, step: (p) => void process.stdout.write(`STEP ${p.step}\n`) },
}).then(
  (run) => process.stdout.write(`END ${run.status}\n`),
  (e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  },
);
