// The native TensorFlow setup on a machine of fakes (native-fakes.ts): where the library is
// found, the cache folder it builds, and every fault as one line with its fix.
import { existsSync, promises as fs, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BackendError } from '../errors';
import { prepareBackend } from '../prepare';
import { cacheRoot, entryName, verifyEntry } from '../native/cache';
import { NativeSetupError } from '../native/errors';
import { locateTensorflow, PINNED_TENSORFLOW } from '../native/locate';
import { handOverEnv, HANDED_LIBRARY_ENV, provisionTensorflow, tfjsNodeVersion } from '../native/provision';
import { checkBuildTools, checkGlibc } from '../native/toolchain';
import { pipFailure } from '../native/wheel';
import { fail, fakeEnv, fakeRunner, fakeTensorflowFolder, type FakeMachine } from './native-fakes';

const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
const cpuEntry = (env: NodeJS.ProcessEnv, version = PINNED_TENSORFLOW) => path.join(cacheRoot(env), entryName(version, tfjsNodeVersion(), false));

async function setupError(machine: FakeMachine, env = fakeEnv(), extra: Parameters<typeof provisionTensorflow>[0] = {}): Promise<NativeSetupError> {
  const error = await provisionTensorflow({ env, run: fakeRunner(machine), ...extra }).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(NativeSetupError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n'); // one line
  expect(message).toMatch(/\. Fix: \S/); // what is wrong, then the fix
  return error as NativeSetupError;
}

describe('where the library comes from', () => {
  it('LRFINDER_TENSORFLOW_DIR first, with the version of the dist-info beside it', async () => {
    const dir = fakeTensorflowFolder('2.19.1');
    const source = await locateTensorflow({ env: { LRFINDER_TENSORFLOW_DIR: path.dirname(dir) }, run: fakeRunner({}), gpu: false });
    expect(source).toMatchObject({ kind: 'env', dir, tensorflow: '2.19.1' });
  });

  it('a LRFINDER_TENSORFLOW_DIR without the libraries is an error naming what it lacks', async () => {
    const empty = await fs.mkdtemp(path.join(fakeEnv().HOME!, 'tf-'));
    await expect(locateTensorflow({ env: { LRFINDER_TENSORFLOW_DIR: empty }, run: fakeRunner({}), gpu: false }))
      .rejects.toThrow(/LRFINDER_TENSORFLOW_DIR: .* lacks libtensorflow_cc\.so\.2, libtensorflow_framework\.so\.2, include\/tensorflow\/c\/c_api\.h/);
  });

  it("then the user's Python TensorFlow, reused as it is", async () => {
    const dir = fakeTensorflowFolder('2.18.0');
    const source = await locateTensorflow({ env: {}, run: fakeRunner({ python: { tensorflowDirs: [dir] } }), gpu: false });
    expect(source).toMatchObject({ kind: 'python', dir, tensorflow: '2.18.0' });
    expect(source.how).toMatch(/installed in python3 3\.11\.7/);
  });

  it('for the GPU, a Python TensorFlow without nvidia-* packages is passed over for the wheel', async () => {
    const dir = fakeTensorflowFolder('2.18.0');
    const source = await locateTensorflow({ env: {}, run: fakeRunner({ python: { tensorflowDirs: [dir] } }), gpu: true });
    expect(source.kind).toBe('wheel');
    expect(source.passedOver.join()).toMatch(/no CUDA libraries beside it/);
  });

  it('else the pinned wheel, also when there is no python3 at all', async () => {
    for (const python of [{}, 'absent'] as const) {
      const source = await locateTensorflow({ env: {}, run: fakeRunner({ python }), gpu: false });
      expect(source).toMatchObject({ kind: 'wheel', dir: null, tensorflow: PINNED_TENSORFLOW });
    }
  });
});

describe('the cache folder', () => {
  it('is built from the wheel (only the libraries and the headers the binding needs), published, then reused', async () => {
    const env = fakeEnv();
    const lines: string[] = [];
    const run = fakeRunner({});
    const lib = await provisionTensorflow({ env, run, log: (l) => lines.push(l) });
    const dir = cpuEntry(env);
    expect(lib).toMatchObject({ dir, bindingPath: path.join(dir, 'lib/napi-v8/tfjs_binding.node'), source: { kind: 'wheel' } });
    expect(lib.builtInSeconds).toBeGreaterThanOrEqual(0);
    expect(lib.manifest).toMatchObject({ tensorflow: '2.21.0', tfjsNode: tfjsNodeVersion(), gpu: false, source: { kind: 'wheel' } });
    expect(Object.keys(lib.manifest.files).sort()).toEqual([
      'deps/lib/libtensorflow_cc.so.2', 'deps/lib/libtensorflow_framework.so.2', 'lib/lrfinder_stdio.node', 'lib/napi-v8/tfjs_binding.node',
    ]);
    expect((await fs.readlink(path.join(dir, 'deps/lib/libtensorflow.so')))).toBe('libtensorflow_cc.so.2');
    // No wheel, headers or build folder kept; no temp folder or lock beside it.
    expect(readdirSync(dir).sort()).toEqual(['deps', 'lib', 'manifest.json']);
    expect(readdirSync(cacheRoot(env))).toEqual([path.basename(dir)]);
    // pip got the pinned requirement, binary only, no dependencies.
    const pip = run.calls.find((c) => c.includes('download'))!;
    expect(pip).toEqual(expect.arrayContaining(['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', 'tensorflow-cpu==2.21.0']));
    expect(lines.join('\n')).toMatch(/setting up native TensorFlow 2\.21\.0[^]*download: 1 wheel, \d+ MB in [\d.]+ s[^]*unpack: the libraries and 3 headers[^]*build: [^]*ready in/);

    const again = await provisionTensorflow({ env, run: fakeRunner({ python: 'absent', cxx: false }) });
    expect(again.builtInSeconds).toBeNull(); // reused: no python, no compiler needed
  });

  it("from the user's Python TensorFlow: links, nothing downloaded", async () => {
    const env = fakeEnv();
    const tf = fakeTensorflowFolder('2.20.0');
    const run = fakeRunner({ python: { tensorflowDirs: [tf] } });
    const lib = await provisionTensorflow({ env, run });
    expect(lib.dir).toBe(cpuEntry(env, '2.20.0'));
    expect(await fs.readlink(path.join(lib.dir, 'deps/lib/libtensorflow_cc.so.2'))).toBe(path.join(tf, 'libtensorflow_cc.so.2'));
    expect(run.calls.some((c) => c.includes('download'))).toBe(false);
  });

  it('handed over to a child process (parallel tests): used without locating it again (no python3), while it checks out', async () => {
    const env = fakeEnv();
    const built = await provisionTensorflow({ env, run: fakeRunner({}) });
    const handed = handOverEnv(built);
    expect(Object.keys(handed)).toEqual([HANDED_LIBRARY_ENV]);
    const childRun = fakeRunner({ python: 'absent' });
    const inChild = await provisionTensorflow({ env: { ...env, ...handed }, run: childRun });
    expect(childRun.calls).toEqual([]);
    expect(inChild).toEqual({ ...built, builtInSeconds: null });
    // Not for the other flavour, nor once the folder no longer checks out: found the usual way.
    const gpuRun = fakeRunner({ python: 'absent' });
    await provisionTensorflow({ env: { ...env, ...handed }, run: gpuRun, gpu: true, mayBuild: false }).catch(() => undefined);
    expect(gpuRun.calls.some((c) => c[0] === 'python3')).toBe(true);
    writeFileSync(path.join(built.dir, 'lib/napi-v8/tfjs_binding.node'), 'fake bindinG'); // same size, other bytes
    const brokenRun = fakeRunner({});
    const rebuilt = await provisionTensorflow({ env: { ...env, ...handed }, run: brokenRun });
    expect(brokenRun.calls.some((c) => c[0] === 'python3')).toBe(true);
    expect(rebuilt.builtInSeconds).not.toBeNull();
    // Not JSON, or not a library: ignored.
    for (const bad of ['{', '{"dir":1}']) {
      const run = fakeRunner({});
      await provisionTensorflow({ env: { ...env, [HANDED_LIBRARY_ENV]: bad }, run });
      expect(run.calls.some((c) => c[0] === 'python3')).toBe(true);
    }
  });

  it('a corrupted folder (a library cut short) is detected and rebuilt', async () => {
    const env = fakeEnv();
    const { dir } = await provisionTensorflow({ env, run: fakeRunner({}) });
    writeFileSync(path.join(dir, 'deps/lib/libtensorflow_framework.so.2'), 'cut');
    expect(await verifyEntry(dir)).toMatchObject({ ok: false, reason: expect.stringMatching(/libtensorflow_framework\.so\.2 .* has 3 bytes, the manifest says \d+/) });
    const doctorView = await setupError({}, env, { mayBuild: false });
    expect(doctorView.message).toMatch(/its cache folder .* is broken .*Fix: run npx lrfinder setup tensorflow/);
    const rebuilt = await provisionTensorflow({ env, run: fakeRunner({}) });
    expect(rebuilt.builtInSeconds).not.toBeNull();
    expect((await verifyEntry(dir)).ok).toBe(true);
  });

  it('a binding that differs from its checksum is detected', async () => {
    const env = fakeEnv();
    const { dir } = await provisionTensorflow({ env, run: fakeRunner({}) });
    writeFileSync(path.join(dir, 'lib/napi-v8/tfjs_binding.node'), 'fake bindinG'); // same size
    expect(await verifyEntry(dir)).toMatchObject({ ok: false, reason: expect.stringMatching(/tfjs_binding\.node .* does not match its checksum/) });
  });

  it('a half-written folder (no manifest) and an old temp folder are replaced by a clean build', async () => {
    const env = fakeEnv();
    const dir = cpuEntry(env);
    await fs.mkdir(path.join(dir, 'deps/lib'), { recursive: true });
    await fs.mkdir(path.join(cacheRoot(env), `.tmp-${path.basename(dir)}-999-dead`), { recursive: true });
    expect(await verifyEntry(dir)).toMatchObject({ ok: false, absent: false, reason: expect.stringMatching(/no manifest\.json \(a half-written or foreign folder\)/) });
    const lines: string[] = [];
    await provisionTensorflow({ env, run: fakeRunner({}), log: (l) => lines.push(l) });
    expect(lines.join('\n')).toMatch(/removed what an interrupted setup left: \.tmp-/);
    expect((await verifyEntry(dir)).ok).toBe(true);
    expect(readdirSync(cacheRoot(env))).toEqual([path.basename(dir)]);
  });

  it('two processes at once: one builds, the other waits for the lock and reuses its result', async () => {
    const env = fakeEnv();
    const lines: string[] = [];
    const both = await Promise.all([
      provisionTensorflow({ env, run: fakeRunner({}), log: (l) => lines.push(`a: ${l}`) }),
      provisionTensorflow({ env, run: fakeRunner({}), log: (l) => lines.push(`b: ${l}`) }),
    ]);
    expect(both.map((b) => b.builtInSeconds === null).sort()).toEqual([false, true]);
    expect(lines.filter((l) => /^[ab]: setting up/.test(l))).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/waiting for another process that is setting up native TensorFlow \(lock .*\.lock\)/);
  });

  it('Ctrl-C during the build: interrupted, temp folder removed, lock released', async () => {
    const env = fakeEnv();
    const controller = new AbortController();
    const error = await setupError({ nodeGyp: 'hang', onBuild: () => setTimeout(() => controller.abort(), 10) }, env, { signal: controller.signal });
    expect(error).toMatchObject({ interrupted: true });
    expect(error.message).toMatch(/interrupted; nothing half-built was kept/);
    expect(readdirSync(cacheRoot(env))).toEqual([]); // no temp folder, no lock
    expect((await provisionTensorflow({ env, run: fakeRunner({}) })).builtInSeconds).not.toBeNull();
  });
});

describe('faults: one line, what is missing and the fix', () => {
  it.each<[string, FakeMachine, RegExp]>([
    ['no python3', { python: 'absent' }, /^no python3 found \(pip fetches TensorFlow's library\)\. Fix: install Python 3 with pip .*LRFINDER_TENSORFLOW_DIR/],
    ['no pip', { python: 'no-pip' }, /^python3 has no pip .*Fix: install pip \(.*python3-pip/],
    ['pip offline', { pip: () => fail("WARNING: Retrying ... Max retries exceeded with url: /simple/tensorflow-cpu/ (Caused by NewConnectionError('Failed to establish a new connection: [Errno 101] Network is unreachable'))\nERROR: Could not find a version that satisfies the requirement tensorflow-cpu==2.21.0 (from versions: none)\nERROR: No matching distribution found for tensorflow-cpu==2.21.0") }, /^pip could not reach its package index to fetch tensorflow-cpu==2\.21\.0 \(offline, or refused.*Fix: configure pip .*PIP_FIND_LINKS/],
    ['pip refused', { pip: () => fail('ERROR: HTTP error 403 while getting https://mirror.example/tensorflow_cpu.whl') }, /^pip could not reach its package index .*Fix: configure pip/],
    ['no wheel for this Python', { pip: () => fail('ERROR: Could not find a version that satisfies the requirement tensorflow-cpu==2.21.0 (from versions: 2.16.1)\nERROR: No matching distribution found for tensorflow-cpu==2.21.0') }, /^pip found no wheel of tensorflow-cpu==2\.21\.0 for this Python and platform.*Fix: set LRFINDER_PYTHON/],
    ['a wheel without the library', { pip: () => 'wheel-without-library' }, /^the wheel tensorflow_cpu-2\.21\.0-.*\.whl has no tensorflow\/libtensorflow_cc\.so\.2, tensorflow\/libtensorflow_framework\.so\.2, tensorflow\/include\/tensorflow\/c\/c_api\.h \(not a TensorFlow wheel that carries its C library\)\. Fix:/],
    ['no compiler', { cxx: false }, /^no C\+\+ compiler found .*Fix: install one \(Debian\/Ubuntu: apt-get install g\+\+ make\), or set CXX$/],
    ['no make', { make: false }, /^no make found .*Fix: install it \(Debian\/Ubuntu: apt-get install make\)$/],
    ['a failing compile', { nodeGyp: 'fail' }, /^building tfjs-node's binding failed: .*fatal error: tensorflow\/c\/c_api\.h: No such file or directory\. Fix: see .*\.build\.log/],
  ])('%s', async (_name, machine, expected) => {
    const env = fakeEnv();
    const error = await setupError(machine, env);
    expect(error.message).toMatch(expected);
    // Nothing half-built left behind, and no lock.
    expect(listing(cacheRoot(env)).filter((n) => !n.endsWith('.build.log'))).toEqual([]);
  });

  it('no python3 does not matter with LRFINDER_TENSORFLOW_DIR', async () => {
    const env = fakeEnv({ LRFINDER_TENSORFLOW_DIR: fakeTensorflowFolder('2.21.0') });
    const lib = await provisionTensorflow({ env, run: fakeRunner({ python: 'absent' }) });
    expect(lib.source.kind).toBe('env');
  });

  it("no Node headers (node-gyp would download them): the fix names where they come from", async () => {
    await expect(checkBuildTools(fakeRunner({}), {}, '/opt/no-node/bin/node'))
      .rejects.toThrow(/^Node's C headers are not in \/opt\/no-node\/include\/node\. Fix: use a Node\.js that ships them .*npm_config_nodedir/);
    expect((await checkBuildTools(fakeRunner({}), {})).nodedir).toBe(path.dirname(path.dirname(process.execPath)));
  });

  it('an old glibc, or none', () => {
    expect(() => checkGlibc('2.17')).toThrow(/^glibc 2\.17 is older than 2\.27, which TensorFlow's wheels need\. Fix: use a newer Linux/);
    expect(() => checkGlibc(null)).toThrow(/no glibc \(musl\?\)/);
    expect(() => checkGlibc('2.27')).not.toThrow();
    expect(() => checkGlibc('2.36')).not.toThrow();
  });

  it('doctor without a cache folder: not set up, and what setting it up would need', async () => {
    expect((await setupError({}, fakeEnv(), { mayBuild: false })).message).toMatch(/^native TensorFlow is not set up yet \(no .*\)\. Fix: run npx lrfinder setup tensorflow/);
    expect((await setupError({ cxx: false }, fakeEnv(), { mayBuild: false })).message)
      .toMatch(/^native TensorFlow is not set up yet .*, and setting it up needs what is missing here: no C\+\+ compiler found.*Fix: install one/);
  });

  it("pip's other failures name pip's own line and the command to see more", () => {
    expect(pipFailure({ code: 2, stdout: '', stderr: 'ERROR: Exception: disk full' }, 'tensorflow-cpu==2.21.0', 'python3').message)
      .toBe('pip could not fetch tensorflow-cpu==2.21.0: ERROR: Exception: disk full. Fix: run python3 -m pip download --no-deps --only-binary=:all: tensorflow-cpu==2.21.0 to see why');
  });

});

describe('prepareBackend on a machine that cannot have native TensorFlow', () => {
  const env = fakeEnv();
  const run = fakeRunner({ cxx: false });

  it("auto: one line saying why and the fix, then wasm", async () => {
    const lines: string[] = [];
    const report = await prepareBackend('auto', { native: { env, run, log: (l) => lines.push(l) } });
    expect(report.name).toBe('wasm');
    expect(report.skipped.find((s) => s.name === 'tensorflow')?.reason).toMatch(/^no C\+\+ compiler found/);
    expect(lines).toEqual([expect.stringMatching(/^native TensorFlow is not used \(no C\+\+ compiler found .*Fix: install one .*\); running on the next backend$/)]);
    await prepareBackend('auto', { native: { env, run, log: (l) => lines.push(l) } });
    expect(lines).toHaveLength(1); // once per process
  });

  it('--backend tensorflow: a BackendError with that line', async () => {
    const error = await prepareBackend('tensorflow', { native: { env, run } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toMatch(/^backend tensorflow is not available: no C\+\+ compiler found .*Fix: install one/);
  });

  it('LRFINDER_NATIVE=0: auto does not even look', async () => {
    const quiet = fakeRunner({});
    const report = await prepareBackend('auto', { native: { env: { ...env, LRFINDER_NATIVE: '0' }, run: quiet, log: () => undefined } });
    expect(report.skipped.slice(0, 2)).toEqual([
      { name: 'tensorflow-gpu', reason: 'LRFINDER_NATIVE=0: native TensorFlow is not used' },
      { name: 'tensorflow', reason: 'LRFINDER_NATIVE=0: native TensorFlow is not used' },
    ]);
    expect(quiet.calls).toEqual([]);
  });
});
