import { promises as fs } from 'fs';
import * as path from 'path';
import { journalLine, serializeRun, suggest, type RunRecord } from '@lrfinder/core';
import { bufferSink, CliInputError } from '../io';
import { bowlRun, tempDir } from '../testing/fixtures';
import { exportCommand } from './export-command';
import { showCommand } from './show-command';

async function setup() {
  const dir = await tempDir();
  const run = await bowlRun({ id: 'bowl-sgd', label: 'sgd', numIter: 41 });
  await fs.writeFile(path.join(dir, 'bowl-sgd.json'), serializeRun(run));
  const io = { stdout: bufferSink(), stderr: bufferSink(), env: {}, cwd: dir };
  return { dir, run, io };
}

describe('show', () => {
  it('prints config, status, every suggestion and a text plot', async () => {
    const { io, run } = await setup();
    expect(await showCommand({ files: ['bowl-sgd.json'] }, io)).toBe(0);
    const text = io.stdout.text();
    expect(text).toContain('sgd  (bowl-sgd)');
    expect(text).toContain('status     completed (finished), 41/41 steps');
    expect(text).toContain('range      1.00e-4 -> 1.00e+0 (exponential)');
    expect(text).toContain('lowest     1.000 (smoothed) at lr 1.00e-2');
    for (const m of ['steepest', 'minimum', 'valley', 'slide', 'smaDelta']) expect(text).toMatch(new RegExp(`\\n  ${m}`));
    expect(text).toContain(`${run.suggestions.recommended} (recommended)`);
    expect(text).toContain('┤*');
  });

  it('folds the journal of a running (or killed) test: every journaled step is shown and exported', async () => {
    const { dir, io, run } = await setup();
    // The run file as last re-written (10 steps), the journal with all 41 and a torn line.
    // As the CLI writes it: the 10 steps' own suggestions (those of all 41 would point past them).
    const points = run.points.slice(0, 10);
    const snapshot: RunRecord = { ...run, id: 'live', status: 'running', stopReason: null, points, suggestions: suggest(points, { numIter: run.config.numIter }) };
    await fs.writeFile(path.join(dir, 'live.json'), serializeRun(snapshot));
    await fs.writeFile(path.join(dir, 'live.journal.jsonl'), run.points.map(journalLine).join('') + '{"step":41,"lr"');
    expect(await showCommand({ files: ['live.json'], json: true }, io)).toBe(0);
    const [shown] = JSON.parse(io.stdout.text()) as RunRecord[];
    expect(shown.points).toEqual(run.points);
    expect(shown.suggestions).toEqual(run.suggestions);
    expect(shown.status).toBe('running');
    const csv = { ...io, stdout: bufferSink() };
    expect(await exportCommand({ file: 'live.json', format: 'csv' }, csv)).toBe(0);
    expect(csv.stdout.text().trim().split('\n')).toHaveLength(1 + 41);
  });

  it('prints the validated record with --json', async () => {
    const { io, run } = await setup();
    await showCommand({ files: ['bowl-sgd.json'], json: true }, io);
    expect(JSON.parse(io.stdout.text())).toEqual([run]);
  });

  it('names a missing file and the bad field of an invalid one', async () => {
    const { io, dir, run } = await setup();
    await expect(showCommand({ files: ['nope.json'] }, io)).rejects.toThrow(new CliInputError(`cannot read run file ${path.join(dir, 'nope.json')}: no such file`));
    await fs.writeFile(path.join(dir, 'bad.json'), JSON.stringify({ ...run, status: 'weird' }));
    await expect(showCommand({ files: ['bad.json'] }, io)).rejects.toThrow(/bad\.json is not a valid run file: status: /);
  });
});
