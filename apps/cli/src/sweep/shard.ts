// Which shard this process runs: `--shard i/n` (0-based i), else the index an engine puts in
// the environment (Kubernetes Indexed Jobs, Slurm job arrays), else the whole sweep.
// A test belongs to shard `index mod n`: deterministic, and every test to exactly one shard.

export interface Shard {
  /** 0-based shard index, < count. */
  index: number;
  count: number;
  /** Where the shard came from, for messages: `--shard`, `JOB_COMPLETION_INDEX`, ... */
  source: string;
}

export class ShardError extends Error {
  override readonly name = 'ShardError';
}

export const WHOLE_SWEEP: Shard = { index: 0, count: 1, source: 'no shard given: the whole sweep' };

function integer(text: string, what: string): number {
  if (!/^\s*\d+\s*$/.test(text)) throw new ShardError(`${what} must be a non-negative integer; got ${JSON.stringify(text)}`);
  return Number(text);
}

function checked(index: number, count: number, source: string): Shard {
  if (count < 1) throw new ShardError(`${source}: the shard count must be >= 1; got ${count}`);
  if (index >= count) throw new ShardError(`${source}: shard index ${index} is not below the shard count ${count} (indexes are 0-based: 0..${count - 1})`);
  return { index, count, source };
}

/** Parses `--shard i/n` (0-based: `0/3`, `1/3`, `2/3`). */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new ShardError(`--shard must be i/n with 0 <= i < n (0-based), e.g. 0/4; got ${JSON.stringify(text)}`);
  return checked(Number(match[1]), Number(match[2]), '--shard');
}

export interface ResolveShardOptions {
  /** `--shard i/n`. */
  shard?: string;
  /** `--shard-count n`. */
  shardCount?: number;
  /** The sweep file's `shards`. */
  sweepShards?: number;
  env: Record<string, string | undefined>;
}

/**
 * The shard to run. Precedence: `--shard` > `JOB_COMPLETION_INDEX` (count: `--shard-count`,
 * else the sweep file's `shards`) > `SLURM_ARRAY_TASK_ID` (index minus `SLURM_ARRAY_TASK_MIN`,
 * divided by `SLURM_ARRAY_TASK_STEP`; count: `--shard-count`, else `SLURM_ARRAY_TASK_COUNT`) >
 * the whole sweep.
 * @throws ShardError with a message that says what to set.
 */
export function resolveShard(options: ResolveShardOptions): Shard {
  const { env, shardCount } = options;
  if (shardCount !== undefined && (!Number.isInteger(shardCount) || shardCount < 1)) {
    throw new ShardError(`--shard-count must be a positive integer; got ${shardCount}`);
  }
  if (options.shard !== undefined) {
    const shard = parseShard(options.shard);
    if (shardCount !== undefined && shardCount !== shard.count) {
      throw new ShardError(`--shard ${options.shard} and --shard-count ${shardCount} disagree; give one`);
    }
    return shard;
  }
  const k8s = env.JOB_COMPLETION_INDEX;
  if (k8s !== undefined && k8s !== '') {
    const index = integer(k8s, 'JOB_COMPLETION_INDEX');
    const count = shardCount ?? options.sweepShards;
    if (count === undefined) {
      throw new ShardError('JOB_COMPLETION_INDEX is set but the shard count is unknown: pass --shard-count <n> (the Job\'s completions) or set "shards" in the sweep file');
    }
    return checked(index, count, shardCount !== undefined ? 'JOB_COMPLETION_INDEX with --shard-count' : 'JOB_COMPLETION_INDEX with the sweep file\'s shards');
  }
  const slurm = env.SLURM_ARRAY_TASK_ID;
  if (slurm !== undefined && slurm !== '') {
    const id = integer(slurm, 'SLURM_ARRAY_TASK_ID');
    const min = env.SLURM_ARRAY_TASK_MIN ? integer(env.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN') : 0;
    const step = env.SLURM_ARRAY_TASK_STEP ? integer(env.SLURM_ARRAY_TASK_STEP, 'SLURM_ARRAY_TASK_STEP') : 1;
    if (step < 1 || id < min || (id - min) % step !== 0) {
      throw new ShardError(`SLURM_ARRAY_TASK_ID ${id} is not on the array's range (min ${min}, step ${step})`);
    }
    const count = shardCount ?? (env.SLURM_ARRAY_TASK_COUNT ? integer(env.SLURM_ARRAY_TASK_COUNT, 'SLURM_ARRAY_TASK_COUNT') : undefined);
    if (count === undefined) throw new ShardError('SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: pass --shard-count <n>');
    return checked((id - min) / step, count, 'SLURM_ARRAY_TASK_ID');
  }
  if (shardCount !== undefined) {
    throw new ShardError('--shard-count needs a shard index: JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID in the environment, or use --shard i/n');
  }
  return WHOLE_SWEEP;
}

/** Whether test `index` belongs to `shard`. */
export function inShard(index: number, shard: Pick<Shard, 'index' | 'count'>): boolean {
  return index % shard.count === shard.index;
}

/** The tests of one shard, in expansion order. */
export function testsForShard<T extends { index: number }>(tests: readonly T[], shard: Pick<Shard, 'index' | 'count'>): T[] {
  return tests.filter((t) => inShard(t.index, shard));
}
