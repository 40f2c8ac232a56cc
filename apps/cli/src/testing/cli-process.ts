// Runs the built CLI (dist/lrfinder.mjs) as a subprocess, for end-to-end tests.
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as path from 'path';

export const CLI_ROOT = path.resolve(__dirname, '../..');
export const CLI_BUNDLE = path.join(CLI_ROOT, 'dist/lrfinder.mjs');

/** Builds dist/lrfinder.mjs with the package's build script. */
export function buildCli(): void {
  execFileSync(process.execPath, [path.join(CLI_ROOT, 'build.mjs')], { stdio: 'pipe' });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI; `done` resolves when it exits. */
export function startCli(args: string[], options: { cwd: string; env?: Record<string, string> }): { child: ChildProcess; done: Promise<CliResult> } {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  delete env.INIT_CWD;
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return startCli(args, options).done;
}
