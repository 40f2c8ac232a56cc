import { bufferSink } from '../io';
import { doctorCommand, type DoctorReport } from './doctor-command';

const report: DoctorReport = {
  node: 'v20.0.0',
  platform: 'linux',
  arch: 'x64',
  cpus: 2,
  tfjs: '4.22.0',
  auto: 'wasm',
  wasm: { simd: true, multithreaded: false, threads: 1, binary: 'tfjs-backend-wasm-simd.wasm' },
  backends: [
    { name: 'tensorflow', available: false, reason: 'module not installed: @tensorflow/tfjs-node', module: '@tensorflow/tfjs-node', version: null, details: {} },
    { name: 'wasm', available: true, reason: null, module: '@tensorflow/tfjs-backend-wasm', version: '4.22.0', details: {} },
  ],
};

describe('doctor', () => {
  it('lists every backend, why the absent ones are not usable, and what auto picks', async () => {
    const io = { stdout: bufferSink(), stderr: bufferSink(), env: {} };
    expect(await doctorCommand({}, io, { doctor: async () => report })).toBe(0);
    const text = io.stdout.text();
    expect(text).toContain('node v20.0.0 on linux/x64, 2 CPUs, tfjs 4.22.0');
    expect(text).toMatch(/tensorflow\s+no\s+-/);
    expect(text).toMatch(/wasm\s+yes\s+4\.22\.0/);
    expect(text).toContain('  tensorflow: module not installed: @tensorflow/tfjs-node');
    expect(text).toContain('auto picks: wasm');
    expect(text).toContain('wasm: SIMD yes, multithreaded no, threads 1, tfjs-backend-wasm-simd.wasm');
  });

  it("says when the wasm facts are the default's (wasm not initialised: threads come from --threads)", async () => {
    const io = { stdout: bufferSink(), stderr: bufferSink(), env: {} };
    const wasm = { simd: true, multithreaded: true, threads: 2, binary: 'tfjs-backend-wasm-threaded-simd.wasm', initialised: false };
    await doctorCommand({}, io, { doctor: async () => ({ ...report, wasm }) });
    expect(io.stdout.text()).toContain('wasm: SIMD yes, multithreaded yes, threads 2, tfjs-backend-wasm-threaded-simd.wasm (the default, --threads auto; run and sweep take --threads)');
  });

  it('names the native library: TensorFlow version, path, how it was found; the GPU, CUDA and cuDNN', async () => {
    const io = { stdout: bufferSink(), stderr: bufferSink(), env: {} };
    const native = (name: 'tensorflow' | 'tensorflow-gpu', details: Record<string, unknown>) =>
      ({ name, available: true, reason: null, module: '@tensorflow/tfjs-node', version: '4.22.0', details });
    const backends = [
      native('tensorflow-gpu', { tensorflow: '2.21.0', library: '/c/2.21.0-tfjs-node-4.22.0-gpu/deps/lib/libtensorflow_cc.so.2', source: 'the tensorflow==2.21.0 wheel, fetched with python3 -m pip', gpus: [{ name: 'NVIDIA H100', computeCapability: '9.0', driver: '550' }], cuda: '12.9.79', cudnn: '9.10.2.21' }),
      native('tensorflow', { tensorflow: '2.21.0', library: '/c/2.21.0-tfjs-node-4.22.0/deps/lib/libtensorflow_cc.so.2', source: 'installed in python3 3.11.7' }),
    ];
    await doctorCommand({}, io, { doctor: async () => ({ ...report, auto: 'tensorflow-gpu', backends }) });
    const text = io.stdout.text();
    expect(text).toContain('  tensorflow-gpu: tfjs-node 4.22.0 on TensorFlow 2.21.0; GPU NVIDIA H100 (compute capability 9.0), CUDA 12.9.79, cuDNN 9.10.2.21; library /c/2.21.0-tfjs-node-4.22.0-gpu/deps/lib/libtensorflow_cc.so.2 (the tensorflow==2.21.0 wheel, fetched with python3 -m pip)');
    expect(text).toContain('  tensorflow: tfjs-node 4.22.0 on TensorFlow 2.21.0; library /c/2.21.0-tfjs-node-4.22.0/deps/lib/libtensorflow_cc.so.2 (installed in python3 3.11.7)');
  });

  it('prints the raw report with --json', async () => {
    const io = { stdout: bufferSink(), stderr: bufferSink(), env: {} };
    await doctorCommand({ json: true }, io, { doctor: async () => report });
    expect(JSON.parse(io.stdout.text())).toEqual(report);
  });
});
