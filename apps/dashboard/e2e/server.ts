// Starting the built dashboard for the end-to-end test: `node scripts/start.mjs` (which builds
// when the build is missing or stale, exactly as `npm run dashboard` does) on a free loopback port.
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

export const APP_DIR = path.resolve(__dirname, '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  base: string;
  port: number;
  log: () => string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  /** Arguments of scripts/start.mjs (`--host 0.0.0.0`, `--read-only`). */
  args?: string[];
  /** More environment (LRFINDER_TOKEN...). */
  env?: Record<string, string>;
}

export async function startApp(runsDir: string, timeoutMs: number, options: StartOptions = {}): Promise<RunningApp> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const env: NodeJS.ProcessEnv = { ...process.env, RUNS_DIR: runsDir, PORT: String(port), NODE_ENV: 'production', ...options.env };
  // The server's own default (loopback) is what the tests check; no inherited overrides.
  delete env.HOST;
  delete env.LRFINDER_READ_ONLY;
  if (!options.env?.LRFINDER_TOKEN) delete env.LRFINDER_TOKEN;
  const child: ChildProcess = spawn(process.execPath, [path.join(APP_DIR, 'scripts', 'start.mjs'), ...(options.args ?? [])], {
    cwd: APP_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() ends next-server too
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  const stop = async () => {
    if (exited !== null || child.pid === undefined) return;
    const done = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await Promise.race([done, new Promise((r) => setTimeout(r, 5000).unref())]);
    child.stdout?.destroy();
    child.stderr?.destroy();
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`the dashboard exited with ${exited}:\n${output.slice(-4000)}`);
    try {
      const res = await fetch(`${base}/api/runs`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the dashboard did not start within ${timeoutMs} ms:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { base, port, log: () => output, stop };
}
