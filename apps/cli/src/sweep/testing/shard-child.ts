// A shard process for the kill test: runs `lrfinder sweep`'s handler with the tiny runTest and,
// on test number `hangAt` (1-based) at step 12, prints HANGING and waits to be killed (SIGKILL:
// no handler runs, like an OOM kill or a lost node).
import { sweepCommand } from '../sweep-command';
import { tinyRunTest } from './tiny-run-test';

const [file, out, shard, hangAt] = process.argv.slice(2);
let started = 0;
const { runTest } = tinyRunTest({
  onStep: (_id, step) => {
    if (step === 0) started += 1;
    if (started === Number(hangAt) && step === 12) {
      process.stdout.write('HANGING\n');
      const start = Date.now();
      while (Date.now() - start < 60_000) {
        // busy-wait: the process is stuck mid-test until the parent kills it
      }
    }
  },
});
sweepCommand({ file, out, shard }, { runTest, stdout: process.stdout, stderr: process.stderr, env: {} }).then((code) => {
  process.exitCode = code;
});
