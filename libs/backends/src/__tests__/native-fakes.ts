// A machine made of fakes for the native TensorFlow setup: python3, pip, the compiler, make and
// node-gyp answer as scripted; unzip runs the real python's zipfile on a tiny fake wheel. Lets
// the tests make faults a real machine cannot (no python3, pip offline, no compiler, Ctrl-C).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawnRunner, type CommandResult, type CommandRunner } from '../native/runner';

export const ok = (stdout = ''): CommandResult => ({ code: 0, signal: null, stdout, stderr: '' });
export const fail = (stderr: string, code = 1): CommandResult => ({ code, signal: null, stdout: '', stderr });
export const absent = (command: string): CommandResult => ({
  code: null, signal: null, stdout: '', stderr: '', spawnError: Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' }),
});

/** A wheel (zip) with the given members, each holding a few bytes; made with the real python. */
export function makeWheel(dir: string, name: string, members: string[]): string {
  const file = path.join(dir, name);
  const script = [
    'import sys, zipfile',
    'with zipfile.ZipFile(sys.argv[1], "w") as z:',
    '    for m in sys.argv[2:]:',
    '        info = zipfile.ZipInfo(m)',
    '        info.external_attr = (0o755 if "/bin/" in m else 0o644) << 16',
    '        z.writestr(info, "fake " + m)',
  ].join('\n');
  execFileSync('python3', ['-c', script, file, ...members]);
  return file;
}

export const TF_WHEEL_MEMBERS = [
  'tensorflow/libtensorflow_cc.so.2',
  'tensorflow/libtensorflow_framework.so.2',
  'tensorflow/include/tensorflow/c/c_api.h',
  'tensorflow/include/tensorflow/c/eager/c_api.h',
  'tensorflow/include/tsl/platform/ctstring.h',
  'tensorflow/include/third_party/eigen3/Eigen/Core', // not unpacked: the binding does not need it
  'tensorflow/python/framework/ops.py', // not unpacked
];

export interface FakeMachine {
  python?: 'absent' | 'no-pip' | { tensorflowDirs?: string[]; nvidiaDirs?: string[] };
  pip?: (args: string[]) => CommandResult | 'wheel' | 'wheel-without-library' | 'gpu-wheels';
  cxx?: boolean;
  make?: boolean;
  /** What node-gyp does: build fake outputs, fail, or wait for the abort signal. */
  nodeGyp?: 'ok' | 'fail' | 'hang';
  /** Called when node-gyp starts (tests abort from here). */
  onBuild?: () => void;
}

/** Every command this fake machine was asked to run. */
export interface FakeRunner extends CommandRunner {
  calls: string[][];
}

export function fakeRunner(machine: FakeMachine): FakeRunner {
  const calls: string[][] = [];
  const runner = (async (command, args, options = {}) => {
    calls.push([command, ...args]);
    const base = path.basename(command);
    if (base === 'python3') {
      if (machine.python === 'absent') return absent(command);
      if (args[0] === '-c' && args[1].includes('find_spec')) {
        const p = typeof machine.python === 'object' ? machine.python : {};
        return ok(JSON.stringify({ tensorflow: p.tensorflowDirs ?? null, nvidia: p.nvidiaDirs ?? null, python: '3.11.7' }));
      }
      if (args[0] === '-m' && args[1] === 'pip') {
        if (machine.python === 'no-pip') return fail('/usr/bin/python3: No module named pip');
        if (args[2] === '--version') return ok('pip 23.2.1');
        const answer = machine.pip?.(args) ?? 'wheel';
        if (typeof answer === 'object') return answer;
        const dest = args[args.indexOf('-d') + 1];
        mkdirSync(dest, { recursive: true });
        if (answer === 'gpu-wheels') {
          makeWheel(dest, 'tensorflow-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl', TF_WHEEL_MEMBERS);
          makeWheel(dest, 'nvidia_cuda_runtime_cu12-12.9.79-py3-none-manylinux2014_x86_64.whl', ['nvidia/cuda_runtime/lib/libcudart.so.12', 'nvidia/cuda_runtime/include/cuda_runtime.h']);
          makeWheel(dest, 'nvidia_cudnn_cu12-9.10.2.21-py3-none-manylinux_2_27_x86_64.whl', ['nvidia/cudnn/lib/libcudnn.so.9', 'nvidia/cudnn/lib/libcudnn_graph.so.9', 'nvidia/cudnn/lib/libcudnn_ops.so.9']);
          makeWheel(dest, 'nvidia_cuda_nvcc_cu12-12.9.86-py3-none-manylinux2010_x86_64.whl', ['nvidia/cuda_nvcc/bin/ptxas', 'nvidia/cuda_nvcc/bin/nvcc']);
        } else {
          makeWheel(dest, 'tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl',
            answer === 'wheel' ? TF_WHEEL_MEMBERS : ['tensorflow/python/framework/ops.py']);
        }
        return ok('Saved');
      }
      if (args[0] === '-c') return spawnRunner(command, args, options); // the unzip script, for real
    }
    if (['c++', 'g++', 'clang++'].includes(base)) return machine.cxx === false ? absent(command) : ok('c++ (fake) 12');
    if (['make', 'gmake'].includes(base)) return machine.make === false ? absent(command) : ok('GNU Make 4.3');
    if (command === process.execPath && args[0].endsWith('node-gyp.js')) {
      machine.onBuild?.();
      if (machine.nodeGyp === 'fail') return fail('../binding/tfjs_backend.cc:18:10: fatal error: tensorflow/c/c_api.h: No such file or directory');
      if (machine.nodeGyp === 'hang') {
        await new Promise<void>((resolve) => {
          if (options.signal?.aborted) resolve();
          options.signal?.addEventListener('abort', () => resolve());
        });
        return { code: null, signal: 'SIGTERM', stdout: '', stderr: '' };
      }
      const modulePath = args.find((a) => a.startsWith('--module_path='))!.slice('--module_path='.length);
      mkdirSync(modulePath, { recursive: true });
      writeFileSync(path.join(modulePath, 'tfjs_binding.node'), 'fake binding');
      mkdirSync(path.join(options.cwd!, 'build', 'Release'), { recursive: true });
      writeFileSync(path.join(options.cwd!, 'build', 'Release', 'lrfinder_stdio.node'), 'fake guard');
      return ok('gyp info ok');
    }
    if (base === 'nvidia-smi') return absent(command);
    throw new Error(`the fake machine has no ${command} ${args.join(' ')}`);
  }) as FakeRunner;
  runner.calls = calls;
  return runner;
}

/** A fresh cache home: { XDG_CACHE_HOME, HOME } plus `extra`. */
export function fakeEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(path.join(tmpdir(), 'lrfinder-native-'));
  return { HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), PATH: process.env.PATH, ...extra };
}

/** A folder shaped like site-packages/tensorflow (fake libraries, one header, a dist-info). */
export function fakeTensorflowFolder(version = '2.20.0'): string {
  const site = mkdtempSync(path.join(tmpdir(), 'lrfinder-site-'));
  const tf = path.join(site, 'tensorflow');
  mkdirSync(path.join(tf, 'include', 'tensorflow', 'c'), { recursive: true });
  writeFileSync(path.join(tf, 'libtensorflow_cc.so.2'), 'fake cc');
  writeFileSync(path.join(tf, 'libtensorflow_framework.so.2'), 'fake framework');
  writeFileSync(path.join(tf, 'include', 'tensorflow', 'c', 'c_api.h'), '// fake');
  const info = path.join(site, `tensorflow-${version}.dist-info`);
  mkdirSync(info);
  writeFileSync(path.join(info, 'METADATA'), `Metadata-Version: 2.1\nName: tensorflow\nVersion: ${version}\n`);
  writeFileSync(path.join(info, 'top_level.txt'), 'tensorflow\n');
  return tf;
}
