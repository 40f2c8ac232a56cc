// Runs one battery case and judges it: exit 2, exactly one line on stderr, nothing on stdout,
// nothing written (the fixture folder's tree, sizes and times unchanged). Handlers are called
// in this process through the same invokeHandler the CLI uses; cases that need the real
// process (yargs parsing, the executable's wiring) spawn the built CLI.
import { promises as fs } from 'fs';
import * as path from 'path';
import { bufferSink, type CommandIO } from '../io';
import { invokeHandler } from '../invoke';
import { spawnSync } from 'child_process';
import { CLI_BUNDLE, runCli, type CliResult } from '../testing/cli-process';

/** Whether this machine lets an unprivileged process mount in its own namespace (`unshare -rm`). */
export function canMountReadOnly(): boolean {
  return spawnSync('unshare', ['-rm', 'true'], { stdio: 'ignore' }).status === 0;
}

/** The built CLI with `mount` (relative to `root`) a read-only tmpfs that only this process sees. */
async function runCliReadOnly(argv: string[], root: string, mount: string, env?: Record<string, string>): Promise<CliResult> {
  const { spawn } = await import('child_process');
  const script = 'mount -t tmpfs -o ro,size=64k tmpfs "$0" && exec "$@"';
  const child = spawn('unshare', ['-rm', 'sh', '-c', script, path.join(root, mount), process.execPath, CLI_BUNDLE, ...argv], {
    cwd: root, env: { ...process.env, ...env, INIT_CWD: '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export type Handler = (io: CommandIO) => Promise<number>;

export interface BatteryCase {
  /** What is wrong, e.g. `run --num-iter 1e9`. */
  name: string;
  /** flags, environment, model.json, CSV, IDX, NPY, sweep file, run file, paths */
  group: string;
  /** In-process: the command name and its handler call. */
  handler?: { command: string; call: Handler };
  /** Out of process: the built CLI's arguments. */
  argv?: string[];
  env?: Record<string, string>;
  /**
   * With `argv`: a folder (relative to the fixtures) mounted as an empty read-only tmpfs for
   * this process only, in a private user and mount namespace (`unshare -rm`).
   */
  readOnlyMount?: string;
  /** The stderr line must match (what the message must name). */
  says?: RegExp;
}

export interface CaseResult {
  name: string;
  group: string;
  code: number | null;
  stderr: string;
  stdout: string;
  written: string[];
  clean: boolean;
  why: string[];
}

/** Every path under `root` with its size and modification time. */
export async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const st = await fs.lstat(full);
      out.set(path.relative(root, full), entry.isDirectory() ? 'dir' : `${st.size}:${st.mtimeMs}`);
      if (entry.isDirectory()) await walk(full);
    }
  };
  await walk(root);
  return out;
}

function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [p, v] of after) if (before.get(p) !== v) changed.push(before.has(p) ? `changed ${p}` : `new ${p}`);
  for (const p of before.keys()) if (!after.has(p)) changed.push(`removed ${p}`);
  return changed;
}

/** Runs a case in `root` (the cwd of every case) and judges it. */
export async function runCase(c: BatteryCase, root: string, timeoutMs = 60_000): Promise<CaseResult> {
  const before = await snapshot(root);
  let code: number | null;
  let stderr: string;
  let stdout: string;
  if (c.handler) {
    const err = bufferSink();
    const out = bufferSink();
    const controller = new AbortController();
    // A case that is not refused would train: stop it (it then counts as "other").
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const io: CommandIO = { stdout: out, stderr: err, env: { ...c.env }, cwd: root, signal: controller.signal };
    code = await invokeHandler(c.handler.command, () => c.handler!.call(io), { stderr: err });
    clearTimeout(timer);
    stderr = err.text();
    stdout = out.text();
  } else {
    const r = c.readOnlyMount
      ? await runCliReadOnly(c.argv!, root, c.readOnlyMount, c.env)
      : await runCli(c.argv!, { cwd: root, env: c.env });
    ({ code, stderr, stdout } = r);
  }
  const written = changes(before, await snapshot(root));
  const why: string[] = [];
  if (code !== 2) why.push(`exit ${code}`);
  const lines = stderr.split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1));
  if (lines.length !== 1) why.push(`${lines.length} lines on stderr`);
  if (stdout !== '') why.push('output on stdout');
  if (written.length > 0) why.push(`wrote: ${written.slice(0, 3).join(', ')}`);
  if (c.says && !c.says.test(stderr)) why.push(`stderr does not match ${c.says}`);
  return { name: c.name, group: c.group, code, stderr, stdout, written, clean: why.length === 0, why };
}
