import { promises as fs } from 'fs';
import * as path from 'path';
import { journalLine, parseRun, serializeRun, suggest, type RunRecord } from '@lrfinder/core';
import { bowlRun, tempDir } from '../testing/fixtures';
import { claimFile, claimTest, readClaim } from './test-claim';

const allow = async () => null;

describe('claimTest', () => {
  it('of ten processes claiming one test at once, exactly one gets it; the others are told who has it', async () => {
    const folder = await tempDir();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => claimTest(folder, 't', { pid: 1000 + i, host: 'h', isAlive: () => true, check: allow })),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const owner = (await readClaim(folder, 't'))!;
    for (const r of results.filter((x) => !x.ok)) {
      expect(r).toMatchObject({ ok: false, owner: { pid: owner.pid, host: 'h' } });
      if (!r.ok) expect(r.reason).toMatch(new RegExp(`^claimed by pid ${owner.pid} on h since `));
    }
    expect(await fs.readdir(folder)).toEqual(['t.claim']);
  });

  it('takes over the claim of a dead process, releases its own, and refuses when the check says no', async () => {
    const folder = await tempDir();
    const first = await claimTest(folder, 't', { pid: 1, host: 'h', isAlive: () => true, check: allow });
    expect(first.ok).toBe(true);
    const taken = await claimTest(folder, 't', { pid: 2, host: 'h', isAlive: () => false, check: allow });
    expect(taken.ok).toBe(true);
    expect((await readClaim(folder, 't'))?.pid).toBe(2);
    // The first process's release must not remove the claim it lost.
    if (first.ok) await first.release();
    expect((await readClaim(folder, 't'))?.pid).toBe(2);
    if (taken.ok) await taken.release();
    await expect(fs.access(claimFile(folder, 't'))).rejects.toThrow();
    const refused = await claimTest(folder, 't', { pid: 3, host: 'h', check: async () => 'it is done now' });
    expect(refused).toEqual({ ok: false, owner: null, reason: 'it is done now' });
    expect(await fs.readdir(folder)).toEqual([]);
  });

  it("a claim from another host is live while its test's file is fresh, gone when older than staleAfter", async () => {
    const folder = await tempDir();
    await claimTest(folder, 't', { pid: 1, host: 'other', check: allow });
    const now = Date.now();
    const fresh = await claimTest(folder, 't', { pid: 2, host: 'h', check: allow, now: () => now + 5_000, staleAfterMs: 60_000 });
    expect(fresh.ok).toBe(false);
    const stale = await claimTest(folder, 't', { pid: 2, host: 'h', check: allow, now: () => now + 120_000, staleAfterMs: 60_000 });
    expect(stale.ok).toBe(true);
    // Same host, pid alive but nothing changed for longer than staleAfter: a reused pid.
    const reused = await claimTest(folder, 't', { pid: 3, host: 'h', isAlive: () => true, check: allow, now: () => now + 120_000, staleAfterMs: 60_000 });
    expect(reused.ok).toBe(true);
  });

  it("keeps a dead run's file as .prev with its journal folded in and status interrupted", async () => {
    const folder = await tempDir();
    const full = await bowlRun({ id: 't', numIter: 30 });
    // What the CLI wrote after 5 steps: its own points and the suggestions computed from them.
    const points = full.points.slice(0, 5);
    const snapshot: RunRecord = { ...full, status: 'running', stopReason: null, points, suggestions: suggest(points, { numIter: full.config.numIter }) };
    await fs.writeFile(path.join(folder, 't.json'), serializeRun(snapshot));
    await fs.writeFile(path.join(folder, 't.journal.jsonl'), full.points.slice(0, 17).map(journalLine).join(''));
    const claim = await claimTest(folder, 't', { pid: 9, host: 'h', check: allow });
    expect(claim.ok).toBe(true);
    expect((await fs.readdir(folder)).sort()).toEqual(['t.claim', 't.json.prev']);
    const prev = parseRun(await fs.readFile(path.join(folder, 't.json.prev'), 'utf8'));
    expect(prev.status).toBe('interrupted');
    expect(prev.points).toEqual(full.points.slice(0, 17));
    expect(prev.stopReason).toBe('aborted');
    expect(prev.suggestions).toEqual(suggest(full.points.slice(0, 17), { numIter: full.config.numIter }));
  });
});
