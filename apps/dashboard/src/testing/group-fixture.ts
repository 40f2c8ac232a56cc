// A group of repeats for tests: K runs of one configuration (seeds 1..K, loss floors a little
// apart so the band has a width) and its lrfinder.group/v1 record from core's groupRecord.
import { groupRecord, serializeGroup, serializeRun, type GroupRecord, type RunRecord } from '@lrfinder/core';
import { fixtureRun } from './fixtures';

export async function repeatsFixture(id: string, k: number, sweep?: { id: string; index: number; count: number }): Promise<{ runs: RunRecord[]; group: GroupRecord; files: Record<string, string> }> {
  const runs: RunRecord[] = [];
  for (let i = 0; i < k; i++) {
    const run = await fixtureRun({ id: `${id}-r${i + 1}`, label: `adam repeat ${i + 1}`, optimizer: 'adam', bestLr: 2e-3 * (1 + 0.15 * (i - k / 2)), base: 0.2 + 0.03 * i, ...(sweep ? { sweep } : {}) });
    runs.push({ ...run, config: { ...run.config, seed: i + 1 } });
  }
  const group = groupRecord(runs, { id, label: `adam × ${k}`, baseSeed: 0, updatedAt: '2026-01-01T00:10:00.000Z' });
  const files: Record<string, string> = { [`${id}.group.json`]: serializeGroup(group) };
  for (const r of runs) files[`${r.id}.json`] = serializeRun(r);
  return { runs, group, files };
}
