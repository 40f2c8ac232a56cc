// The route handlers, called directly with Request objects on a temporary runs folder.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseRun } from '@lrfinder/core';
import { GET as listGET, POST as uploadPOST } from '../../app/api/runs/route';
import { DELETE as runDELETE, GET as runGET } from '../../app/api/runs/[...path]/route';
import { fixtureRun } from '../../testing/fixtures';
import type { RunListing } from '../run-store';
import { tmpRunsDir, writeRun } from './helpers';

let t: Awaited<ReturnType<typeof tmpRunsDir>>;
const savedEnv = process.env.RUNS_DIR;

beforeEach(async () => {
  t = await tmpRunsDir();
  process.env.RUNS_DIR = t.dir;
});
afterEach(async () => {
  process.env.RUNS_DIR = savedEnv;
  await t.cleanup();
});

const ctx = (...segments: string[]) => ({ params: Promise.resolve({ path: segments }) });
const get = (url: string, headers: Record<string, string> = {}) => new Request(`http://test${url}`, { headers });

describe('GET /api/runs', () => {
  test('lists top-level runs and sweeps with done counts, malformed files as error rows', async () => {
    await writeRun(t.dir, await fixtureRun({ id: 'solo', optimizer: 'adam' }));
    await writeRun(t.dir, await fixtureRun({ id: 's0', sweep: { id: 'sw', index: 0, count: 4 } }), 'sw');
    await writeRun(t.dir, await fixtureRun({ id: 's1', runningAfter: 5, sweep: { id: 'sw', index: 1, count: 4 } }), 'sw');
    await writeRun(t.dir, await fixtureRun({ id: 's3', interruptedAfter: 5, sweep: { id: 'sw', index: 3, count: 4 } }), 'sw');
    const tests = ['s0', 's1', 's2', 's3'].map((id, index) => ({ index, id, label: `test ${index}`, file: `${id}.json`, options: {} }));
    await fs.writeFile(path.join(t.dir, 'sw', 'index.json'), JSON.stringify({ format: 'lrfinder.sweep/v1', id: 'sw', count: 4, tests }));
    await fs.writeFile(path.join(t.dir, 'broken.json'), '{"format": "lrfinder.run/v1", "id": ');
    await fs.writeFile(path.join(t.dir, 'wrong.json'), JSON.stringify({ ...(await fixtureRun({ id: 'wrong' })), points: 'x' }));
    await fs.writeFile(path.join(t.dir, 'notes.txt'), 'ignored');

    const res = await listGET();
    expect(res.status).toBe(200);
    const body = (await res.json()) as RunListing;
    expect(body.exists).toBe(true);
    const [top, sweep] = body.groups;
    expect(top.id).toBeNull();
    expect(top.runs.map((r) => r.id)).toEqual(['solo']);
    expect(top.runs[0]).toMatchObject({ optimizer: 'adam', model: 'tiny-mlp', batchSize: 32, backend: 'cpu', path: 'solo' });
    expect(top.runs[0].recommendedLr).toBeGreaterThan(0);
    expect(top.errors.map((e) => e.file).sort()).toEqual(['broken.json', 'wrong.json']);
    expect(top.errors.find((e) => e.file === 'broken.json')!.reason).toMatch(/not JSON/);
    expect(top.errors.find((e) => e.file === 'wrong.json')!.reason).toMatch(/^points/);
    // done counts finished tests only (as `lrfinder sweep status`); interrupted/failed apart.
    expect(sweep).toMatchObject({ id: 'sw', count: 4, done: 1, stopped: 1, pending: [{ id: 's2', label: 'test 2' }] });
    expect(sweep.runs.map((r) => [r.path, r.status])).toEqual([
      ['sw/s0', 'diverged'],
      ['sw/s1', 'running'],
      ['sw/s3', 'interrupted'],
    ]);
  });

  test('a symlink pointing out of the folder is an error row and is not read', async () => {
    const outside = await fixtureRun({ id: 'secret' });
    await fs.writeFile(path.join(t.root, 'secret.json'), JSON.stringify(outside));
    await fs.symlink(path.join(t.root, 'secret.json'), path.join(t.dir, 'secret.json'));
    await fs.symlink(t.root, path.join(t.dir, 'escape'));
    const body = (await (await listGET()).json()) as RunListing;
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0].runs).toEqual([]);
    expect(body.groups[0].errors).toEqual([
      { file: 'secret.json', reason: 'the file points outside the runs folder' },
      { file: 'escape/', reason: 'the file points outside the runs folder' },
    ]);
  });

  test('a missing folder is reported, not an error', async () => {
    process.env.RUNS_DIR = path.join(t.root, 'nope');
    const body = (await (await listGET()).json()) as RunListing;
    expect(body).toMatchObject({ exists: false, groups: [] });
  });

  test('a relative RUNS_DIR is taken from the repository root, not the working directory', async () => {
    const { runsDir, findRepoRoot } = await import('../repo-root');
    const root = findRepoRoot(__dirname, {});
    expect(await fs.stat(path.join(root, 'apps', 'dashboard'))).toBeTruthy();
    expect(runsDir({ RUNS_DIR: 'my-runs' }, __dirname)).toBe(path.join(root, 'my-runs'));
    expect(runsDir({}, __dirname)).toBe(path.join(root, 'runs'));
    expect(runsDir({ RUNS_DIR: '/abs/runs' }, __dirname)).toBe('/abs/runs');
  });
});

describe('GET /api/runs/[...path]', () => {
  test('serves json with an ETag, 304 for the same ETag, a new ETag when the file changes', async () => {
    const file = await writeRun(t.dir, await fixtureRun({ id: 'live', runningAfter: 5 }));
    const first = await runGET(get('/api/runs/live'), ctx('live'));
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(parseRun(await first.json()).points).toHaveLength(5);
    const same = await runGET(get('/api/runs/live', { 'if-none-match': etag }), ctx('live'));
    expect(same.status).toBe(304);
    await fs.writeFile(file, JSON.stringify(await fixtureRun({ id: 'live', runningAfter: 9 })));
    const changed = await runGET(get('/api/runs/live', { 'if-none-match': etag }), ctx('live'));
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(parseRun(await changed.json()).points).toHaveLength(9);
  });

  test('serves a sweep run and CSV with one row per step, as a download', async () => {
    const run = await fixtureRun({ id: 'r0', sweep: { id: 'sw', index: 0, count: 1 } });
    await writeRun(t.dir, run, 'sw');
    const res = await runGET(get('/api/runs/sw/r0?format=csv&download=1'), ctx('sw', 'r0'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="r0.csv"');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('step,lr,loss,smoothedLoss,valLoss');
    expect(lines).toHaveLength(run.points.length + 1);
    const [step, lr, loss] = lines[1].split(',').map(Number);
    expect([step, lr, loss]).toEqual([run.points[0].step, run.points[0].lr, run.points[0].loss]);
  });

  test('404 for a missing run, 422 with the reason for a malformed one, 400 for an unknown format', async () => {
    await fs.writeFile(path.join(t.dir, 'bad.json'), JSON.stringify({ format: 'lrfinder.run/v9' }));
    expect((await runGET(get('/api/runs/none'), ctx('none'))).status).toBe(404);
    const bad = await runGET(get('/api/runs/bad'), ctx('bad'));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error).toMatch(/lrfinder\.run\/v9/);
    await writeRun(t.dir, await fixtureRun({ id: 'ok' }));
    expect((await runGET(get('/api/runs/ok?format=exe'), ctx('ok'))).status).toBe(400);
  });

  // Each traversal attempt as the segments Next hands over (already URL-decoded once) and raw.
  const attempts: string[][] = [
    ['..', 'secret'],
    ['..'],
    ['%2e%2e', 'secret'],
    ['..%2Fsecret'],
    ['%2e%2e%2fsecret'],
    ['..%252Fsecret'],
    ['../secret'],
    ['..\\secret'],
    ['/etc/passwd'],
    ['', 'etc', 'passwd'],
    ['sub', '..', 'secret'],
    ['out'],
    ['escape', 'secret'],
  ];
  test.each(attempts)('never serves a file outside the runs folder: %j', async (...segments) => {
    const secret = await fixtureRun({ id: 'secret' });
    await fs.writeFile(path.join(t.root, 'secret.json'), JSON.stringify(secret));
    await fs.symlink(path.join(t.root, 'secret.json'), path.join(t.dir, 'out.json'));
    await fs.symlink(t.root, path.join(t.dir, 'escape'));
    const res = await runGET(get('/api/runs/x'), ctx(...segments));
    expect([400, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('"format"');
  });
});

describe('POST /api/runs (upload)', () => {
  const form = (...files: [string, string][]) => {
    const fd = new FormData();
    for (const [name, text] of files) fd.append('file', new File([text], name, { type: 'application/json' }));
    return new Request('http://test/api/runs', { method: 'POST', body: fd });
  };

  test('stores a valid run file (multipart) and lists it', async () => {
    const run = await fixtureRun({ id: 'up1' });
    const res = await uploadPOST(form(['up1.json', JSON.stringify(run)]));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ stored: [{ name: 'up1.json', id: 'up1', path: 'up1' }], refused: [] });
    expect(parseRun(await fs.readFile(path.join(t.dir, 'up1.json'), 'utf8')).id).toBe('up1');
    expect(((await (await listGET()).json()) as RunListing).groups[0].runs.map((r) => r.id)).toEqual(['up1']);
  });

  test('stores sweep runs (JSON array, as the browser sweep posts them) in the sweep folder', async () => {
    const runs = await Promise.all([0, 1].map((i) => fixtureRun({ id: `b${i}`, sweep: { id: 'browser-1', index: i, count: 2 } })));
    const res = await uploadPOST(new Request('http://test/api/runs', { method: 'POST', body: JSON.stringify(runs), headers: { 'content-type': 'application/json' } }));
    expect(res.status).toBe(201);
    expect((await fs.readdir(path.join(t.dir, 'browser-1'))).sort()).toEqual(['b0.json', 'b1.json']);
  });

  test('refuses an invalid run file with the field and reason, and stores nothing', async () => {
    const run = await fixtureRun({ id: 'bad' });
    const res = await uploadPOST(form(['bad.json', JSON.stringify({ ...run, config: { ...run.config, startLr: -1 } })]));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.refused).toEqual([{ name: 'bad.json', status: 422, field: 'config.startLr', reason: 'config.startLr: must be > 0' }]);
    expect(await fs.readdir(t.dir)).toEqual([]);
  });

  test('refuses text that is not JSON and another format version', async () => {
    const res = await uploadPOST(form(['a.json', 'hello'], ['b.json', JSON.stringify({ format: 'lrfinder.run/v2' })]));
    const body = await res.json();
    expect(res.status).toBe(422);
    expect(body.refused.map((r: { reason: string }) => r.reason)).toEqual([
      expect.stringMatching(/^not JSON/),
      expect.stringMatching(/unsupported run file: format "lrfinder.run\/v2"/),
    ]);
  });

  test('never overwrites an existing run (409)', async () => {
    const run = await fixtureRun({ id: 'dup' });
    await writeRun(t.dir, { ...run, label: 'original' });
    const res = await uploadPOST(form(['dup.json', JSON.stringify(run)]));
    expect(res.status).toBe(409);
    expect(JSON.parse(await fs.readFile(path.join(t.dir, 'dup.json'), 'utf8')).label).toBe('original');
  });

  test('a run whose id is a path is refused by the schema', async () => {
    const run = await fixtureRun({ id: 'x' });
    const res = await uploadPOST(form(['x.json', JSON.stringify({ ...run, id: '../x' })]));
    expect(res.status).toBe(422);
    expect((await res.json()).refused[0].field).toBe('id');
    expect(await fs.readdir(t.root)).toEqual(['runs']);
  });

  test('a sweep id that is not a folder name stores the run at the top, never outside', async () => {
    const run = await fixtureRun({ id: 'y', sweep: { id: '../../evil', index: 0, count: 1 } });
    const res = await uploadPOST(form(['y.json', JSON.stringify(run)]));
    expect(res.status).toBe(201);
    expect(await fs.readdir(t.dir)).toEqual(['y.json']);
  });

  test('limits: too many files, a file too large, a request too large', async () => {
    const many = Array.from({ length: 21 }, (_, i) => [`f${i}.json`, '{}'] as [string, string]);
    const tooMany = await uploadPOST(form(...many));
    expect(tooMany.status).toBe(413);
    expect((await tooMany.json()).error).toMatch(/too many files: 21 \(limit 20/);

    const big = JSON.stringify({ ...(await fixtureRun({ id: 'big' })), meta: { pad: 'x'.repeat(6 * 1024 * 1024) } });
    const tooBig = await uploadPOST(form(['big.json', big]));
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).refused[0].reason).toMatch(/file too large/);

    const huge = new Request('http://test/api/runs', { method: 'POST', body: 'x'.repeat(26 * 1024 * 1024), headers: { 'content-type': 'application/json' } });
    const tooLarge = await uploadPOST(huge);
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error).toMatch(/upload too large/);
    expect(await fs.readdir(t.dir)).toEqual([]);
  });
});

describe('DELETE /api/runs/<path> (archive)', () => {
  test('moves the run into .archive, which the list and the run route no longer show', async () => {
    await writeRun(t.dir, await fixtureRun({ id: 'gone' }));
    await writeRun(t.dir, await fixtureRun({ id: 'g1', sweep: { id: 'sw', index: 0, count: 1 } }), 'sw');
    const res = await runDELETE(new Request('http://test/api/runs/gone', { method: 'DELETE' }), ctx('gone'));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.archived).toBe('gone');
    expect(body.as).toMatch(/^\.archive\/gone\.\d{8}T\d{6}Z\.json$/);
    expect(parseRun(await fs.readFile(path.join(t.dir, body.as), 'utf8')).id).toBe('gone');
    expect((await runGET(get('/api/runs/gone'), ctx('gone'))).status).toBe(404);
    const swept = await (await runDELETE(new Request('http://test/api/runs/sw/g1', { method: 'DELETE' }), ctx('sw', 'g1'))).json();
    expect(swept.as).toMatch(/^\.archive\/sw\/g1\./);
    const listing = (await (await listGET()).json()) as RunListing;
    expect(listing.groups.flatMap((g) => g.runs)).toEqual([]);
    expect(listing.groups.map((g) => g.id)).toEqual([null, 'sw']);
  });

  test('a missing run is 404, a bad path 400, and a link pointing out is refused without touching its target', async () => {
    expect((await runDELETE(new Request('http://test/api/runs/nope', { method: 'DELETE' }), ctx('nope'))).status).toBe(404);
    expect((await runDELETE(new Request('http://test/api/runs/..', { method: 'DELETE' }), ctx('..'))).status).toBe(400);
    const outside = path.join(t.root, 'outside.json');
    await fs.writeFile(outside, JSON.stringify(await fixtureRun({ id: 'out' })));
    await fs.symlink(outside, path.join(t.dir, 'out.json'));
    expect((await runDELETE(new Request('http://test/api/runs/out', { method: 'DELETE' }), ctx('out'))).status).toBe(400);
    expect((await fs.stat(outside)).isFile()).toBe(true);
  });
});

describe('what the list tells', () => {
  test('never the server\'s absolute runs path', async () => {
    await writeRun(t.dir, await fixtureRun({ id: 'a' }));
    const text = await (await listGET()).text();
    expect(text).not.toContain(t.dir);
    expect(JSON.parse(text).dir).toBeUndefined();
  });

  test('a running run is stalled once its file and updatedAt are 45 s old; range, steps and lowest loss', async () => {
    const run = await fixtureRun({ id: 'live', runningAfter: 5 });
    const old = new Date(Date.now() - 60_000);
    const file = await writeRun(t.dir, { ...run, updatedAt: old.toISOString() });
    await fs.utimes(file, old, old);
    await writeRun(t.dir, { ...(await fixtureRun({ id: 'fresh', runningAfter: 5 })), updatedAt: old.toISOString() });
    const runs = ((await (await listGET()).json()) as RunListing).groups[0].runs;
    const byId = Object.fromEntries(runs.map((r) => [r.id, r]));
    expect(byId.live.stalled).toBe(true);
    // Its file was just written (a heartbeat may touch only the file): not stalled.
    expect(byId.fresh.stalled).toBe(false);
    expect(byId.live).toMatchObject({ steps: 5, startLr: run.config.startLr, endLr: run.config.endLr });
    const lowest = Math.min(...run.points.map((p) => p.smoothedLoss).filter((v): v is number => v !== null));
    expect(byId.live.lowestLoss).toBe(lowest);
    const res = await runGET(get('/api/runs/live'), ctx('live'));
    expect(Number(res.headers.get('x-run-age-ms'))).toBeGreaterThan(45_000);
  });
});

describe('groups of repeats', () => {
  test('a group file is one summary whose repeats it names, never an error row; its route gives JSON', async () => {
    const { repeatsFixture } = await import('../../testing/group-fixture');
    const { GET: groupGET } = await import('../../app/api/groups/[...path]/route');
    const { group, files } = await repeatsFixture('adam-x3', 3);
    for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(t.dir, name), text);
    const top = ((await (await listGET()).json()) as RunListing).groups[0];
    expect(top.errors).toEqual([]);
    expect(top.runs.map((r) => r.id).sort()).toEqual(['adam-x3-r1', 'adam-x3-r2', 'adam-x3-r3']);
    expect(top.repeatGroups).toEqual([expect.objectContaining({ path: 'adam-x3', repeats: 3, runIds: ['adam-x3-r1', 'adam-x3-r2', 'adam-x3-r3'], stableLr: group.aggregate.stable.lr, verdict: group.aggregate.verdict })]);
    const res = await groupGET(get('/api/groups/adam-x3'), ctx('adam-x3'));
    expect(res.status).toBe(200);
    expect((await res.json()).aggregate.repeats).toBe(3);
    expect((await groupGET(get('/api/groups/nope'), ctx('nope'))).status).toBe(404);
    expect((await groupGET(get('/api/groups/..'), ctx('..'))).status).toBe(400);
    await fs.writeFile(path.join(t.dir, 'bad.group.json'), '{"format":"lrfinder.group/v1"}');
    const again = ((await (await listGET()).json()) as RunListing).groups[0];
    expect(again.errors.map((e) => e.file)).toEqual(['bad.group.json']);
  });
});
