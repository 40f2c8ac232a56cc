// Run by mnist.test.ts in a child process with --expose-gc: the ArrayBuffer memory that a
// loaded MNIST source holds after garbage collection, printed as JSON.
import { loadMnist } from './mnist';

const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  const before = process.memoryUsage().arrayBuffers;
  const source = await loadMnist();
  gc();
  const held = process.memoryUsage().arrayBuffers - before;
  process.stdout.write(JSON.stringify({ held, retainedBytes: source.retainedBytes, trainSamples: source.info.trainSamples }));
}

main();
