// The built CLI on native TensorFlow (the library provisioned in the per-user cache; CI sets it up
// in .ci/run, and this test sets it up itself when absent: a setup that fails fails the test).
import { promises as fs } from 'fs';
import * as path from 'path';
import { parseRun } from '@lrfinder/core';
import { buildCli, runCli } from '../testing/cli-process';
import { tempDir } from '../testing/fixtures';

jest.setTimeout(15 * 60_000);

let dir: string;
beforeAll(async () => {
  buildCli();
  dir = await tempDir('lrfinder-native-');
});

describe('lrfinder on --backend tensorflow (built CLI)', () => {
  it('setup tensorflow reports the library it uses', async () => {
    const r = await runCli(['setup', 'tensorflow'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^tfjs-node 4\.22\.0 on TensorFlow 2\.\d+\.\d+\n {2}library {2}\/.*\/lrfinder\/tensorflow\/2\.[\d.]+-tfjs-node-4\.22\.0\/deps\/lib\/libtensorflow_cc\.so\.2\n/);
  });

  it('a short range test writes a run file whose backend names the TensorFlow library; stderr stays clean', async () => {
    const out = path.join(dir, 'runs');
    const r = await runCli(['run', '--model', 'mlp', '--data', 'synthetic:blobs', '--batch-size', '32', '--num-iter', '15', '--optimizer', 'adam', '--backend', 'tensorflow', '--quiet', '--out', out], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(''); // no TensorFlow log lines (oneDNN, cpu_feature_guard), no setup lines: set up above
    const [file] = (await fs.readdir(out)).filter((f) => f.endsWith('.json'));
    const run = parseRun(await fs.readFile(path.join(out, file), 'utf8'));
    expect(run.status).toBe('completed');
    expect(run.points).toHaveLength(15);
    expect(run.points.every((p) => p.loss !== null && Number.isFinite(p.loss))).toBe(true);
    expect(run.backend).toMatchObject({ name: 'tensorflow', versions: { '@tensorflow/tfjs-node': '4.22.0', tensorflow: expect.stringMatching(/^2\.\d+\.\d+/) } });
    expect(run.backend!.device).toBe(`tfjs-node 4.22.0 on TensorFlow ${run.backend!.versions.tensorflow}`);
  });

  it('doctor names the library, its TensorFlow version and how it was found', async () => {
    const r = await runCli(['doctor'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ {2}tensorflow: tfjs-node 4\.22\.0 on TensorFlow 2\.[\d.]+; library \/.*libtensorflow_cc\.so\.2 \(.+\)\n/);
    expect(r.stdout).toMatch(/auto picks: tensorflow/);
  });

  it('LRFINDER_NATIVE=0 keeps auto off native TensorFlow', async () => {
    const out = path.join(dir, 'runs-off');
    const r = await runCli(['run', '--model', 'mlp', '--data', 'synthetic:blobs', '--num-iter', '5', '--optimizer', 'sgd', '--quiet', '--out', out], { cwd: dir, env: { LRFINDER_NATIVE: '0' } });
    expect(r.code).toBe(0);
    const [file] = (await fs.readdir(out)).filter((f) => f.endsWith('.json'));
    expect(parseRun(await fs.readFile(path.join(out, file), 'utf8')).backend?.name).not.toMatch(/^tensorflow/);
  });
});
