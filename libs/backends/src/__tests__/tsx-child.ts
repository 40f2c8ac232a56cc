// Test helper: runs one of these tests' child scripts in a fresh Node process through tsx (a
// backend's native addon or wasm module initialises once per process, and jest would share it
// between test files). No timing is checked: the guard only turns a child that never ends into a
// failure.
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Still running after the guard delay and killed (it did not exit by itself). */
  hung: boolean;
  stdout: string;
  stderr: string;
}

/** Runs `__tests__/<script>` with `args`; kills it (and says so) if it has not ended after `guardMs`. */
export function runTsxChild(script: string, args: string[] = [], guardMs = 15 * 60_000, env: NodeJS.ProcessEnv = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const guard = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, guardMs);
    child.on('error', (e) => {
      clearTimeout(guard);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, hung, stdout, stderr });
    });
  });
}
