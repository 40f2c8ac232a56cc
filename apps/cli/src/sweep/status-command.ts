// `lrfinder sweep status <folder>`: done / running / interrupted / failed / missing tests of a
// sweep folder, in total and per shard (test index mod shard count), and which ones --resume runs.
import { promises as fs } from 'fs';
import * as path from 'path';
import { groupFileName } from '@lrfinder/core';
import { countStates, folderStatus, TEST_STATES, type TestState, type TestStatus } from './sweep-status';
import { SweepFolderError } from './sweep-index';
import { EXIT, type TextSink } from './types';

export interface SweepStatusArgs {
  /** The sweep folder (`<out>/<sweepId>`, the one holding index.json). */
  folder: string;
  /** Group by this many shards. @default the count of the newest shard marker, else 1 */
  shardCount?: number;
  /** A `running` file not updated for this many seconds counts as interrupted. @default 600 */
  staleAfter?: number;
  /** Print one JSON object instead of text. */
  json?: boolean;
}

export interface SweepStatusDeps {
  stdout: TextSink;
  stderr: TextSink;
  cwd?: string;
  now?: () => number;
  host?: string;
  isAlive?: (pid: number) => boolean;
}

export interface ShardSummary {
  shard: number;
  count: number;
  tests: number;
  states: Record<TestState, number>;
}

/** A group of repeats (sweep `repeats` > 1): how many of its tests are done, and whether its file is written. */
export interface GroupSummary {
  id: string;
  of: number;
  done: number;
  /** The group file (`<id>.group.json`) is in the folder. */
  written: boolean;
}

export interface SweepStatusReport {
  sweepId: string;
  folder: string;
  count: number;
  shardCount: number;
  states: Record<TestState, number>;
  shards: ShardSummary[];
  tests: (TestStatus & { shard: number })[];
  /** The sweep's groups of repeats, in index order (none without `repeats`). */
  groups: GroupSummary[];
  /** Every test is done (completed or diverged). */
  complete: boolean;
}

/** Tests listed by name in the text output; --json has them all. */
const MAX_LISTED = 20;

function line(states: Record<TestState, number>): string {
  return TEST_STATES.map((s) => `${states[s]} ${s}`).join(', ');
}

/** Status of a sweep folder as data (what the text and --json outputs print). */
export async function sweepStatus(args: SweepStatusArgs, deps: Omit<SweepStatusDeps, 'stdout' | 'stderr'> = {}): Promise<SweepStatusReport> {
  const folder = path.resolve(deps.cwd ?? process.cwd(), args.folder);
  const status = await folderStatus(folder, {
    now: deps.now, host: deps.host, isAlive: deps.isAlive,
    staleAfterMs: args.staleAfter === undefined ? undefined : args.staleAfter * 1000,
  });
  const newest = [...status.markers].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
  const shardCount = args.shardCount ?? newest?.count ?? 1;
  const tests = status.tests.map((t) => ({ ...t, shard: t.index % shardCount }));
  const shards = Array.from({ length: shardCount }, (_, shard) => {
    const mine = tests.filter((t) => t.shard === shard);
    return { shard, count: shardCount, tests: mine.length, states: countStates(mine) };
  });
  const states = countStates(tests);
  const groups: GroupSummary[] = [];
  const groupOf = new Map(status.index.tests.map((t) => [t.index, t.repeat?.group]));
  for (const id of [...new Set(status.index.tests.flatMap((t) => (t.repeat ? [t.repeat.group] : [])))]) {
    const members = tests.filter((t) => groupOf.get(t.index) === id);
    const written = await fs.stat(path.join(folder, groupFileName(id))).then((st) => st.isFile(), () => false);
    groups.push({ id, of: members.length, done: members.filter((t) => t.state === 'done').length, written });
  }
  return {
    sweepId: status.index.id, folder, count: status.index.count, shardCount, states, shards, tests, groups,
    complete: states.done === status.index.count,
  };
}

export async function sweepStatusCommand(args: SweepStatusArgs, deps: SweepStatusDeps): Promise<number> {
  if (args.shardCount !== undefined && (!Number.isInteger(args.shardCount) || args.shardCount < 1)) {
    deps.stderr.write(`lrfinder sweep status: --shard-count must be a positive integer; got ${args.shardCount}\n`);
    return EXIT.badInput;
  }
  let report: SweepStatusReport;
  try {
    report = await sweepStatus(args, deps);
  } catch (e) {
    if (e instanceof SweepFolderError) {
      deps.stderr.write(`lrfinder sweep status: ${e.message}\n`);
      return EXIT.badInput;
    }
    throw e;
  }
  if (args.json) {
    deps.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return EXIT.ok;
  }
  const out = deps.stdout;
  out.write(`sweep ${report.sweepId} (${report.folder}): ${report.count} tests: ${line(report.states)}\n`);
  if (report.shardCount > 1) {
    for (const s of report.shards) out.write(`  shard ${s.shard}/${s.count}: ${s.tests} tests: ${line(s.states)}\n`);
  }
  const open = report.tests.filter((t) => t.state !== 'done');
  for (const t of open.slice(0, MAX_LISTED)) {
    out.write(`  ${t.state.padEnd(11)} ${t.id}${t.reason ? `: ${t.reason}` : ''}\n`);
  }
  if (open.length > MAX_LISTED) out.write(`  ... and ${open.length - MAX_LISTED} more (--json lists every test)\n`);
  if (report.groups.length > 0) {
    const written = report.groups.filter((g) => g.written).length;
    out.write(`groups of repeats: ${report.groups.length} (${written} written)\n`);
    for (const g of report.groups.filter((x) => !x.written).slice(0, MAX_LISTED)) {
      out.write(`  ${g.id}: ${g.done}/${g.of} repeats done, ${g.done === g.of ? 'file not written yet (the sweep writes it when its last repeat ends; --resume writes it)' : 'waiting for the others'}\n`);
    }
  }
  const resumable = report.states.missing + report.states.interrupted + report.states.failed;
  if (resumable > 0) out.write(`--resume would run ${resumable} test(s) (missing, interrupted or failed)\n`);
  else if (report.complete) out.write('complete\n');
  return EXIT.ok;
}
