// The Keras row of the benchmark: the reference ConvNet in TensorFlow/Keras from the same
// TensorFlow wheel as the tensorflow backend, run by keras_step.py with the python of `--python
// PATH`, or of a venv this module makes once in the user's cache folder (python3 -m venv, then pip
// install tensorflow-cpu==2.21.0: pip's own index and cache, so its proxies and mirrors apply).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const KERAS_TENSORFLOW = 'tensorflow-cpu==2.21.0';

/** Where the venv goes: $XDG_CACHE_HOME (or ~/.cache)/lrfinder/bench-keras-tensorflow-cpu-2.21.0. */
export function kerasVenvDir(): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'lrfinder', `bench-keras-${KERAS_TENSORFLOW.replace('==', '-')}`);
}

const pythonOf = (venv: string) => path.join(venv, 'bin', 'python');

/**
 * A python that imports tensorflow and keras: `given` (--python) as is, else the cached venv,
 * made on first use (built in a temporary folder, then renamed: a half-made venv is never used).
 * Returns the python or why there is none; `log` hears what is being done and how long it took.
 */
export function kerasPython(given: string | null, log: (line: string) => void): { python: string } | { error: string } {
  const check = (python: string) => spawnSync(python, ['-c', 'import tensorflow, keras; print(tensorflow.__version__)'], { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  if (given) {
    const r = check(given);
    return r.status === 0 ? { python: given } : { error: `--python ${given} cannot import tensorflow and keras: ${(r.error?.message ?? r.stderr).trim().split('\n').pop()}` };
  }
  const venv = kerasVenvDir();
  if (existsSync(pythonOf(venv)) && check(pythonOf(venv)).status === 0) return { python: pythonOf(venv) };
  const started = performance.now();
  const tmp = `${venv}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(path.dirname(venv), { recursive: true });
  log(`Keras: making a venv with ${KERAS_TENSORFLOW} in ${venv} (once; pip uses its cache)...`);
  const mk = spawnSync('python3', ['-m', 'venv', tmp], { encoding: 'utf8' });
  if (mk.status !== 0) return { error: `python3 -m venv failed: ${(mk.error?.message ?? mk.stderr).trim().split('\n').pop()} (install python3-venv, or pass --python PATH)` };
  const pip = spawnSync(pythonOf(tmp), ['-m', 'pip', 'install', '--quiet', KERAS_TENSORFLOW], { encoding: 'utf8', timeout: 20 * 60_000 });
  if (pip.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    return { error: `pip install ${KERAS_TENSORFLOW} failed: ${(pip.error?.message ?? pip.stderr).trim().split('\n').pop()} (or pass --python PATH)` };
  }
  rmSync(venv, { recursive: true, force: true });
  renameSync(tmp, venv);
  log(`Keras: venv ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { python: pythonOf(venv) };
}

export interface KerasStep {
  tensorflow: string;
  keras: string;
  optimizer: string;
  jit_compile: boolean;
  wallMs: number;
  cpuMs: number;
  steps: number;
}

/** Median ms per Keras train_on_batch step (a child process; throws with its stderr on failure). */
export function kerasStep(python: string, options: { steps: number; warmup: number; optimizer: 'sgd' | 'adam' }): KerasStep {
  const r = spawnSync(python, [path.join(__dirname, 'keras_step.py'), '--steps', String(options.steps), '--warmup', String(options.warmup), '--optimizer', options.optimizer], {
    encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' }, timeout: 10 * 60_000,
  });
  const line = r.stdout?.split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) throw new Error(`keras_step.py failed (${r.status}): ${r.error?.message ?? r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(line) as KerasStep;
}
