// What durability costs per step: one journal line appended and fdatasync'ed (as the CLI's
// LiveRunFile does after every step) against the same append without the sync, in a folder
// given as the first argument (default: the OS temp folder). Medians and 95th percentiles of
// `--lines` appends (default 500), in milliseconds.
// npx tsx tools/bench/journal-append.ts [folder] [--lines 500]
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

const args = process.argv.slice(2);
const folderArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--lines');
const lines = Number(args[args.indexOf('--lines') + 1] || 500) || 500;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function measure(folder: string, sync: boolean): Promise<{ median: number; p95: number }> {
  const file = path.join(folder, `bench-${process.pid}-${sync ? 'sync' : 'nosync'}.journal.jsonl`);
  const handle = await fs.open(file, 'w');
  const times: number[] = [];
  try {
    for (let step = 0; step < lines; step++) {
      const line = `${JSON.stringify({ step, lr: 1e-4 * 1.01 ** step, loss: 2.302585 - step * 1e-4, smoothedLoss: 2.3 - step * 1e-4 })}\n`;
      const t0 = process.hrtime.bigint();
      await handle.write(line);
      if (sync) await handle.datasync();
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  } finally {
    await handle.close();
    await fs.rm(file, { force: true });
  }
  times.sort((a, b) => a - b);
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

async function main(): Promise<void> {
  const folder = await fs.mkdtemp(path.join(folderArg ?? os.tmpdir(), 'lrfinder-journal-bench-'));
  try {
    const plain = await measure(folder, false);
    const synced = await measure(folder, true);
    const fmt = (r: { median: number; p95: number }) => `median ${r.median.toFixed(3)} ms, p95 ${r.p95.toFixed(3)} ms`;
    console.log(`${lines} journal appends in ${folder}`);
    console.log(`  write only:          ${fmt(plain)}`);
    console.log(`  write + fdatasync:   ${fmt(synced)}`);
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

void main();
