// Running the user's tools (python3 -m pip, node-gyp, the compiler) as child processes, behind
// one small interface so tests can inject fakes for faults that cannot be made for real
// (no python3, pip offline, no compiler).
import { spawn } from 'node:child_process';

export interface CommandResult {
  /** Exit code, or null when the command could not start or was killed. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the command could not be started at all (ENOENT: not installed). */
  spawnError?: NodeJS.ErrnoException;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kills the command (SIGTERM) when aborted. */
  signal?: AbortSignal;
}

/** Runs `command args` and collects its output; never throws. */
export type CommandRunner = (command: string, args: string[], options?: RunOptions) => Promise<CommandResult>;

/** The real runner: child_process.spawn, output kept (the last 64 KiB of each stream). */
export const spawnRunner: CommandRunner = (command, args, options = {}) =>
  new Promise((resolve) => {
    const keep = 64 * 1024;
    let stdout = '';
    let stderr = '';
    let spawnError: NodeJS.ErrnoException | undefined;
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout = (stdout + d).slice(-keep); });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-keep); });
    child.on('error', (e) => { spawnError = e as NodeJS.ErrnoException; });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ code, signal, stdout, stderr, ...(spawnError ? { spawnError } : {}) });
    });
  });

/** The last non-empty line of a command's error output that says something (for one-line messages). */
export function firstErrorLine(result: CommandResult): string {
  const lines = `${result.stderr}\n${result.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const error = lines.filter((l) => /error|denied|not found|no matching|could not|cannot|failed/i.test(l) && !/^\s*(note|warning):/i.test(l));
  return (error[0] ?? lines[lines.length - 1] ?? `exit code ${result.code}`).slice(0, 300);
}
