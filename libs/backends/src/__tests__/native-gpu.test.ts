// The CUDA flavour's logic without a GPU: which wheels, which libraries in which order, the
// loading mechanism (on a real system library), and what doctor says on a machine without one.
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { verifyEntry } from '../native/cache';
import { provisionTensorflow } from '../native/provision';
import { constants } from 'node:os';
import { CUDA_REQUIREMENTS, cudaVersionsFromWheels, gpuFacts, isCudaMember, orderCudaLibraries, preloadLibraries, RTLD_NODELETE } from '../native/gpu';
import { nvidiaDriverPresent, probeNative } from '../native/probe';
import { fakeEnv, fakeRunner, ok } from './native-fakes';

describe('the CUDA flavour', () => {
  it("fetches what tensorflow[and-cuda] 2.21.0 pulls: CUDA 12 and cuDNN 9 wheels", () => {
    const names = CUDA_REQUIREMENTS.map((r) => r.split(/[<>=]/)[0]);
    expect(names).toEqual(expect.arrayContaining(['nvidia-cuda-runtime-cu12', 'nvidia-cublas-cu12', 'nvidia-cudnn-cu12', 'nvidia-cufft-cu12', 'nvidia-cusolver-cu12', 'nvidia-cusparse-cu12', 'nvidia-nvjitlink-cu12']));
    expect(CUDA_REQUIREMENTS.find((r) => r.startsWith('nvidia-cudnn-cu12'))).toBe('nvidia-cudnn-cu12<10.0,>=9.3.0.75');
  });

  it('unpacks only shared libraries and ptxas from the nvidia wheels', () => {
    expect(isCudaMember('nvidia/cublas/lib/libcublas.so.12')).toBe(true);
    expect(isCudaMember('nvidia/cudnn/lib/libcudnn_graph.so.9')).toBe(true);
    expect(isCudaMember('nvidia/cuda_nvcc/bin/ptxas')).toBe(true);
    expect(isCudaMember('nvidia/cublas/include/cublas_v2.h')).toBe(false);
    expect(isCudaMember('nvidia/cuda_nvcc/bin/nvcc')).toBe(false);
    expect(isCudaMember('nvidia_cublas_cu12-12.9.1.4.dist-info/RECORD')).toBe(false);
  });

  it('loads each library after the ones it needs', () => {
    const files = [
      'nvidia/cudnn/lib/libcudnn.so.9', 'nvidia/cusolver/lib/libcusolver.so.11', 'nvidia/cudnn/lib/libcudnn_ops.so.9',
      'nvidia/cublas/lib/libcublas.so.12', 'nvidia/cudnn/lib/libcudnn_graph.so.9', 'nvidia/cublas/lib/libcublasLt.so.12',
      'nvidia/cusparse/lib/libcusparse.so.12', 'nvidia/nvjitlink/lib/libnvJitLink.so.12', 'nvidia/cuda_runtime/lib/libcudart.so.12',
      'nvidia/cuda_nvcc/bin/ptxas',
    ];
    expect(orderCudaLibraries(files)).toEqual([
      'nvidia/cuda_runtime/lib/libcudart.so.12', 'nvidia/nvjitlink/lib/libnvJitLink.so.12',
      'nvidia/cublas/lib/libcublasLt.so.12', 'nvidia/cublas/lib/libcublas.so.12',
      'nvidia/cusparse/lib/libcusparse.so.12', 'nvidia/cusolver/lib/libcusolver.so.11',
      'nvidia/cudnn/lib/libcudnn_graph.so.9', 'nvidia/cudnn/lib/libcudnn_ops.so.9', 'nvidia/cudnn/lib/libcudnn.so.9',
    ]);
  });

  it('retries a library whose dependencies were not loaded yet, and reports what never loads', () => {
    const loaded = new Set<string>();
    const needs: Record<string, string> = { '/c/libcusolver.so.11': '/c/libcublas.so.12' };
    const flags: number[] = [];
    const dlopen = (file: string, f: number) => {
      flags.push(f);
      if (file === '/c/missing.so') throw new Error('/c/missing.so: cannot open shared object file');
      if (needs[file] && !loaded.has(needs[file])) throw new Error(`libcublas.so.12: cannot open shared object file`);
      loaded.add(file);
      throw new Error(`Module did not self-register: '${file}'.`); // what process.dlopen says of a plain library
    };
    const failed = preloadLibraries(['/c/libcusolver.so.11', '/c/libcublas.so.12', '/c/missing.so'], dlopen);
    expect([...loaded]).toEqual(['/c/libcublas.so.12', '/c/libcusolver.so.11']);
    expect(failed).toEqual([{ file: '/c/missing.so', error: '/c/missing.so: cannot open shared object file' }]);
    expect(flags[0]).toBe(constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE);
  });

  it('a library loaded by absolute path stays loaded although process.dlopen refuses it as an addon', () => {
    // Any plain shared library not loaded yet stands in for a CUDA one.
    const candidates = ['/usr/lib/x86_64-linux-gnu/libbz2.so.1.0', '/lib/x86_64-linux-gnu/libbz2.so.1.0', '/usr/lib64/libbz2.so.1'];
    const maps = () => readFileSync('/proc/self/maps', 'utf8');
    const lib = candidates.find((c) => { try { readFileSync(c); return !maps().includes(c.split('/').pop()!); } catch { return false; } });
    if (lib == null) throw new Error(`none of ${candidates.join(', ')} exists unloaded here: pick another plain library`);
    expect(preloadLibraries([lib])).toEqual([]);
    expect(maps()).toContain('libbz2.so');
  });

  it('names CUDA and cuDNN from the wheel files', () => {
    expect(cudaVersionsFromWheels([
      '/w/nvidia_cuda_runtime_cu12-12.9.79-py3-none-manylinux2014_x86_64.whl',
      '/w/nvidia_cudnn_cu12-9.10.2.21-py3-none-manylinux_2_27_x86_64.whl',
      '/w/tensorflow-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl',
    ])).toEqual({ cuda_runtime: '12.9.79', cudnn: '9.10.2.21' });
  });

  it("reads the GPU's name, compute capability and driver from nvidia-smi", async () => {
    const run = Object.assign(async () => ok('NVIDIA H100 80GB HBM3, 9.0, 550.54.15\n'), { calls: [] });
    expect(await gpuFacts(run)).toEqual({ gpus: [{ name: 'NVIDIA H100 80GB HBM3', computeCapability: '9.0', driver: '550.54.15' }], reason: null });
    expect((await gpuFacts(fakeRunner({}))).reason).toMatch(/no nvidia-smi: no NVIDIA driver installed/);
  });

  it('sets up from the tensorflow wheel and the nvidia-* wheels: CUDA libraries beside the library, in load order, with versions', async () => {
    const env = fakeEnv();
    const run = fakeRunner({ pip: () => 'gpu-wheels' });
    const lib = await provisionTensorflow({ env, run, gpu: true });
    expect(path.basename(lib.dir)).toBe('2.21.0-tfjs-node-4.22.0-gpu');
    const pip = run.calls.find((c) => c.includes('download'))!;
    expect(pip).toEqual(expect.arrayContaining(['tensorflow==2.21.0', ...CUDA_REQUIREMENTS]));
    expect(lib.manifest.cuda).toEqual({
      libraries: ['deps/nvidia/cuda_runtime/lib/libcudart.so.12', 'deps/nvidia/cudnn/lib/libcudnn_graph.so.9', 'deps/nvidia/cudnn/lib/libcudnn_ops.so.9', 'deps/nvidia/cudnn/lib/libcudnn.so.9'],
      versions: { cuda_runtime: '12.9.79', cudnn: '9.10.2.21', cuda_nvcc: '12.9.86' },
    });
    expect(Object.keys(lib.manifest.files)).toEqual(expect.arrayContaining(['deps/nvidia/cuda_nvcc/bin/ptxas', 'deps/nvidia/cudnn/lib/libcudnn.so.9']));
    expect(existsSync(path.join(lib.dir, 'deps/nvidia/cuda_nvcc/bin/nvcc'))).toBe(false); // only libraries and ptxas
    expect(statSync(path.join(lib.dir, 'deps/nvidia/cuda_nvcc/bin/ptxas')).mode & 0o111).toBe(0o111); // still executable
    expect(existsSync(path.join(lib.dir, 'deps/nvidia/cuda_runtime/include'))).toBe(false);
    expect((await verifyEntry(lib.dir)).ok).toBe(true);
  });

  it('is not tried on a machine without an NVIDIA driver', async () => {
    if (nvidiaDriverPresent()) return; // a GPU machine: tools/gpu-check.sh covers it
    const status = await probeNative('tensorflow-gpu', { run: fakeRunner({}) });
    expect(status).toMatchObject({ name: 'tensorflow-gpu', available: false, module: '@tensorflow/tfjs-node' });
    expect(status.reason).toMatch(/^no NVIDIA GPU driver here/);
  });
});
