import { NativeSetupError, type NativeLibrary } from '@lrfinder/backends';
import { bufferSink } from '../io';
import { setupCommand } from './setup-command';

const library: NativeLibrary = {
  dir: '/c/lrfinder/tensorflow/2.21.0-tfjs-node-4.22.0',
  bindingPath: '/c/lrfinder/tensorflow/2.21.0-tfjs-node-4.22.0/lib/napi-v8/tfjs_binding.node',
  manifest: {
    format: 'lrfinder.tensorflow-cache/v1', tensorflow: '2.21.0', tfjsNode: '4.22.0', gpu: false,
    source: { kind: 'wheel', path: 'tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl' }, createdAt: '2026-12-01T00:00:00.000Z', files: {},
  },
  source: { kind: 'wheel', dir: null, tensorflow: '2.21.0', how: 'the tensorflow-cpu==2.21.0 wheel, fetched with python3 -m pip', passedOver: [] },
  builtInSeconds: 84.6,
};

const io = () => ({ stdout: bufferSink(), stderr: bufferSink(), env: {} });

describe('lrfinder setup tensorflow', () => {
  it('sets up (checking every file of an existing setup), loads, and says which library', async () => {
    const out = io();
    const seen: unknown[] = [];
    const code = await setupCommand({ what: 'tensorflow', force: true }, out, {
      provision: async (options) => {
        seen.push(options);
        options.log?.('  build: tfjs_binding.node with node-gyp and c++ in 12.0 s');
        return library;
      },
      load: () => ({ tensorflow: '2.21.0', gpuDevice: false, library }),
    });
    expect(code).toBe(0);
    expect(seen).toEqual([expect.objectContaining({ force: true, fullCheck: true, gpu: undefined })]);
    expect(out.stderr.text()).toBe('  build: tfjs_binding.node with node-gyp and c++ in 12.0 s\n');
    expect(out.stdout.text()).toBe(
      'tfjs-node 4.22.0 on TensorFlow 2.21.0\n' +
        `  library  ${library.dir}/deps/lib/libtensorflow_cc.so.2\n` +
        '  found    the tensorflow-cpu==2.21.0 wheel, fetched with python3 -m pip\n' +
        'lrfinder run uses it with --backend auto or --backend tensorflow\n',
    );
  });

  it('says so when it was set up already', async () => {
    const out = io();
    await setupCommand({ what: 'tensorflow' }, out, { provision: async () => ({ ...library, builtInSeconds: null }), load: () => ({ tensorflow: '2.21.0', gpuDevice: false, library }) });
    expect(out.stderr.text()).toBe(`native TensorFlow was set up already: every file of ${library.dir} matches its manifest\n`);
  });

  it('a setup that cannot be done: one line with the fix, exit 2; interrupted: exit 130', async () => {
    const out = io();
    const code = await setupCommand({ what: 'tensorflow' }, out, {
      provision: async () => { throw new NativeSetupError('no C++ compiler found (c++, g++ or clang++; the tfjs-node binding is compiled once)', 'install one (Debian/Ubuntu: apt-get install g++ make), or set CXX'); },
    });
    expect(code).toBe(2);
    expect(out.stderr.text()).toBe('lrfinder: no C++ compiler found (c++, g++ or clang++; the tfjs-node binding is compiled once). Fix: install one (Debian/Ubuntu: apt-get install g++ make), or set CXX\n');
    const stopped = io();
    expect(await setupCommand({ what: 'tensorflow' }, stopped, { provision: async () => { throw new NativeSetupError('the TensorFlow setup was interrupted; nothing half-built was kept', 'run it again (lrfinder setup tensorflow)', true); } })).toBe(130);
  });

  it('refuses anything but tensorflow', async () => {
    const out = io();
    expect(await setupCommand({ what: 'pytorch' }, out)).toBe(2);
    expect(out.stderr.text()).toMatch(/only 'tensorflow' can be set up/);
  });
});
