import { parseShard, resolveShard, ShardError, testsForShard, WHOLE_SWEEP } from './shard';

describe('parseShard', () => {
  it('reads 0-based i/n', () => {
    expect(parseShard('0/3')).toEqual({ index: 0, count: 3, source: '--shard' });
    expect(parseShard(' 2 / 3 ')).toMatchObject({ index: 2, count: 3 });
  });

  it('refuses i >= n, n = 0 and other shapes', () => {
    expect(() => parseShard('3/3')).toThrow(/shard index 3 is not below the shard count 3 \(indexes are 0-based: 0..2\)/);
    expect(() => parseShard('0/0')).toThrow(/shard count must be >= 1/);
    for (const bad of ['1', '-1/3', '1/3/4', 'a/b', '1.5/3']) expect(() => parseShard(bad)).toThrow(ShardError);
  });
});

describe('resolveShard', () => {
  it('prefers --shard over the environment', () => {
    const shard = resolveShard({ shard: '1/2', env: { JOB_COMPLETION_INDEX: '0', SLURM_ARRAY_TASK_ID: '0' } });
    expect(shard).toMatchObject({ index: 1, count: 2 });
    expect(() => resolveShard({ shard: '1/2', shardCount: 3, env: {} })).toThrow(/disagree/);
  });

  it('reads Kubernetes JOB_COMPLETION_INDEX with the count from --shard-count or the sweep file', () => {
    expect(resolveShard({ shardCount: 4, env: { JOB_COMPLETION_INDEX: '3' } })).toMatchObject({ index: 3, count: 4 });
    expect(resolveShard({ sweepShards: 5, env: { JOB_COMPLETION_INDEX: '2' } })).toMatchObject({ index: 2, count: 5 });
    expect(resolveShard({ shardCount: 4, sweepShards: 5, env: { JOB_COMPLETION_INDEX: '2' } })).toMatchObject({ count: 4 });
    expect(() => resolveShard({ env: { JOB_COMPLETION_INDEX: '2' } })).toThrow(/shard count is unknown: pass --shard-count/);
    expect(() => resolveShard({ shardCount: 2, env: { JOB_COMPLETION_INDEX: '2' } })).toThrow(/not below the shard count 2/);
    expect(() => resolveShard({ shardCount: 2, env: { JOB_COMPLETION_INDEX: 'x' } })).toThrow(/JOB_COMPLETION_INDEX must be a non-negative integer/);
  });

  it('reads Slurm array variables, offset by the array minimum and step', () => {
    expect(resolveShard({ env: { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '3' } })).toMatchObject({ index: 2, count: 3 });
    const offset = { SLURM_ARRAY_TASK_ID: '11', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_COUNT: '3' };
    expect(resolveShard({ env: offset })).toMatchObject({ index: 1, count: 3 });
    const stepped = { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '3' };
    expect(resolveShard({ env: stepped })).toMatchObject({ index: 2, count: 3 });
    expect(() => resolveShard({ env: { ...stepped, SLURM_ARRAY_TASK_ID: '3' } })).toThrow(/not on the array's range/);
    expect(() => resolveShard({ env: { SLURM_ARRAY_TASK_ID: '1' } })).toThrow(/SLURM_ARRAY_TASK_COUNT is not/);
    expect(resolveShard({ shardCount: 2, env: { SLURM_ARRAY_TASK_ID: '1' } })).toMatchObject({ index: 1, count: 2 });
  });

  it('runs the whole sweep without a shard, and refuses a lone --shard-count', () => {
    expect(resolveShard({ env: {}, sweepShards: 3 })).toBe(WHOLE_SWEEP);
    expect(resolveShard({ env: { JOB_COMPLETION_INDEX: '' } })).toBe(WHOLE_SWEEP);
    expect(() => resolveShard({ shardCount: 3, env: {} })).toThrow(/--shard-count needs a shard index/);
    expect(() => resolveShard({ shardCount: 0, env: {} })).toThrow(/positive integer/);
  });
});

describe('testsForShard', () => {
  it('assigns test i to shard i mod n: every test to exactly one shard', () => {
    const tests = Array.from({ length: 10 }, (_, index) => ({ index }));
    const shards = [0, 1, 2].map((index) => testsForShard(tests, { index, count: 3 }).map((t) => t.index));
    expect(shards).toEqual([[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]);
    expect(shards.flat().sort((a, b) => a - b)).toEqual(tests.map((t) => t.index));
  });
});
