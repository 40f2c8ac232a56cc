import { rangeTest } from '../range-test';
import { safeParseRun } from '../run-file';
import type { RunRecord } from '../run-record';
import { groupRecord } from './group';
import { parseGroup, safeParseGroup, serializeGroup, GroupFormatError } from './group-file';
import { GROUP_FORMAT, groupFileName, type GroupRecord } from './group-record';

const run = (id: string, losses: number[], seed: number): Promise<RunRecord> =>
  rangeTest({ id, seed, startLr: 1e-3, endLr: 1, numIter: 30, smoothing: 0.5, now: () => Date.UTC(2026, 0, 1), trainStep: (_lr, s) => losses[s % losses.length] });

async function group(): Promise<GroupRecord> {
  const descent = (k: number) => Array.from({ length: 30 }, (_, i) => 5 / (1 + i + k) + (i > 25 ? 10 : 0));
  const runs = await Promise.all([0, 1, 2].map((k) => run(`g-r${k}`, descent(k), k)));
  return groupRecord(runs, { id: 'g', baseSeed: 0, updatedAt: '2026-01-01T00:00:00.000Z' });
}

describe('group files (lrfinder.group/v1)', () => {
  it('round-trips through serializeGroup / parseGroup; links each run by id, file and seed', async () => {
    const g = await group();
    expect(g.format).toBe(GROUP_FORMAT);
    expect(groupFileName(g.id)).toBe('g.group.json');
    expect(g.runs).toEqual([0, 1, 2].map((k) => ({ id: `g-r${k}`, file: `g-r${k}.json`, seed: k, status: expect.any(String) })));
    expect(parseGroup(serializeGroup(g))).toEqual(g);
  });

  it('a run-file reader refuses a group file, and a group reader a run file, naming the format found', async () => {
    const g = await group();
    const asRun = safeParseRun(serializeGroup(g));
    expect(asRun.ok).toBe(false);
    expect(!asRun.ok && asRun.error.message).toBe('unsupported run file: format "lrfinder.group/v1"; this reader reads lrfinder.run/v1');
    const r = await run('x', [1, 2], 0);
    const asGroup = safeParseGroup(r);
    expect(!asGroup.ok && asGroup.error.message).toBe('unsupported group file: format "lrfinder.run/v1"; this reader reads lrfinder.group/v1');
    expect(() => parseGroup('{')).toThrow(/^not JSON/);
    expect(() => parseGroup({ ...g, format: 'lrfinder.group/v2' })).toThrow('unsupported group file: format "lrfinder.group/v2"');
  });

  it.each<[string, (g: GroupRecord) => unknown, string]>([
    ['a wrong type', (g) => ({ ...g, aggregate: { ...g.aggregate, repeats: 'three' } }), 'aggregate.repeats: expected number'],
    ['an unknown field', (g) => ({ ...g, extra: 1 }), 'group: unknown field(s) extra'],
    ['a bad date', (g) => ({ ...g, createdAt: 'yesterday' }), 'createdAt: must be an ISO date-time'],
    ['a non-positive lr', (g) => ({ ...g, aggregate: { ...g.aggregate, curve: g.aggregate.curve.map((p, i) => (i === 2 ? { ...p, lr: 0 } : p)) } }), 'aggregate.curve.2.lr: must be > 0'],
    ['a path in a run id', (g) => ({ ...g, runs: [{ ...g.runs[0], id: '../x' }, ...g.runs.slice(1)] }), 'runs.0.id: must be 1-128'],
    ['a band out of order', (g) => ({ ...g, aggregate: { ...g.aggregate, curve: g.aggregate.curve.map((p, i) => (i === 4 ? { ...p, low: p.median + 1 } : p)) } }), 'aggregate.curve.4: needs low <= median <= high'],
    ['values not one per repeat', (g) => ({ ...g, aggregate: { ...g.aggregate, suggestions: { ...g.aggregate.suggestions, slide: { ...g.aggregate.suggestions.slide, values: [] } } } }), 'aggregate.suggestions.slide.values: holds 0 values for 3 repeats'],
    ['updatedAt before createdAt', (g) => ({ ...g, updatedAt: '2025-01-01T00:00:00.000Z' }), 'updatedAt: must not be before createdAt'],
    ['a median-curve pick past the curve', (g) => ({ ...g, aggregate: { ...g.aggregate, medianCurve: { ...g.aggregate.medianCurve, valley: { lr: 0.01, index: 999 } } } }), 'aggregate.medianCurve.valley.index: must point at one of the'],
    ['a stable lr outside its interval', (g) => ({ ...g, aggregate: { ...g.aggregate, stable: { ...g.aggregate.stable, lr: 100 } } }), 'aggregate.stable.lr: the median of the picks must lie in its interval'],
    ['an aggregated run not linked', (g) => ({ ...g, runs: g.runs.slice(1) }), 'aggregate.runIds: run g-r0 is not in runs'],
  ])('names the first bad field: %s', async (_name, edit, message) => {
    const result = safeParseGroup(edit(await group()));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(GroupFormatError);
    expect(result.error.message.startsWith(message)).toBe(true);
  });

  it('serializeGroup refuses to write an invalid record', async () => {
    const g = await group();
    expect(() => serializeGroup({ ...g, label: 3 } as never)).toThrow('label: expected string');
  });
});
