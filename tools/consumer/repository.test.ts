// In the repository after `npm ci`, `npx lrfinder ...` works from the root and from a subfolder
// (npm links the workspace's bin, a shim that builds the CLI on first use), and the advice a run
// prints works exactly as printed from where the command was typed.
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { WORKSPACE, outsideEnv, run } from './consumer-project';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
// A shell as the user has one: no node_modules/.bin of the workspace on PATH, no npm script variables.
const env = outsideEnv();

let dir: string;
beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'lrfinder-repo-')));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npx lrfinder in the repository', () => {
  it('is linked by npm into node_modules/.bin and runs from the root and from a subfolder', () => {
    expect(existsSync(join(WORKSPACE, 'node_modules', '.bin', 'lrfinder'))).toBe(true);
    for (const cwd of [WORKSPACE, join(WORKSPACE, 'libs', 'core')]) {
      expect(run(npx, ['--no-install', 'lrfinder', '--help'], { cwd, env })).toMatch(/^lrfinder <command>/);
    }
  }, 300_000);

  it("prints advice after a run that works as printed: 'npx lrfinder show ...' and the dashboard line", () => {
    const out = run(npx, ['--no-install', 'lrfinder', 'run', '--model', 'mlp', '--data', 'synthetic:blobs', '--optimizer', 'adam',
      '--num-iter', '10', '--batch-size', '32', '--out', join(dir, 'runs')], { cwd: WORKSPACE, env });
    const files = readdirSync(join(dir, 'runs')).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    const show = /^Look at them: (npx lrfinder show .+)$/m.exec(out);
    expect(show).not.toBeNull();
    const shown = execFileSync('sh', ['-c', show![1]], { cwd: WORKSPACE, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    expect(shown).toContain(files[0].replace(/\.json$/, ''));
    // Typed at the root with the runs elsewhere: no cd, RUNS_DIR names the folder.
    expect(out).toContain(`Dashboard: RUNS_DIR=${join(dir, 'runs')} npm run dashboard, then open http://localhost:3000`);
  }, 300_000);
});
