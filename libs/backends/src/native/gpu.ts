// The CUDA flavour: the `tensorflow` wheel (not -cpu) plus the CUDA 12 libraries of the nvidia-*
// wheels that `tensorflow[and-cuda]` pulls. TensorFlow opens CUDA lazily by soname
// (dlopen("libcudart.so.12")...), so each library is loaded here first by absolute path, global
// and never unloaded: glibc then answers those dlopen calls with the loaded copy. No
// LD_LIBRARY_PATH for the user to set.
import { constants } from 'node:os';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import type { CommandRunner } from './runner';

/** What `tensorflow[and-cuda]==2.21.0` requires (its METADATA, extra "and-cuda"). */
export const CUDA_REQUIREMENTS = [
  'nvidia-cuda-runtime-cu12<13.0,>=12.5.82',
  'nvidia-nvjitlink-cu12<13.0,>=12.5.82',
  'nvidia-cuda-nvrtc-cu12<13.0,>=12.5.82',
  'nvidia-cublas-cu12<13.0,>=12.5.3.2',
  'nvidia-cufft-cu12<12.0,>=11.2.3.61',
  'nvidia-curand-cu12<11.0,>=10.3.6.82',
  'nvidia-cusparse-cu12<13.0,>=12.5.1.3',
  'nvidia-cusolver-cu12<12.0,>=11.6.3.83',
  'nvidia-cudnn-cu12<10.0,>=9.3.0.75',
  'nvidia-nccl-cu12<3.0,>=2.27.7',
  'nvidia-cuda-cupti-cu12<13.0,>=12.5.82',
  'nvidia-cuda-nvcc-cu12<13.0,>=12.5.82',
];

/** nvidia/<package> folders in dependency order: a library is loaded after those it needs. */
export const CUDA_LOAD_ORDER = ['cuda_runtime', 'nvjitlink', 'cuda_nvrtc', 'cublas', 'cufft', 'curand', 'cusparse', 'cusolver', 'cudnn', 'nccl', 'cuda_cupti'];

/** Members of an nvidia-* wheel to unpack (a Python regex, whole names): its shared libraries, and ptxas (XLA compiles PTX with it). */
export const CUDA_MEMBERS = 'nvidia/[^/]+/lib/lib[^/]+\\.so(\\.[0-9]+)*|nvidia/cuda_nvcc/bin/ptxas';
export function isCudaMember(name: string): boolean {
  return new RegExp(`^(${CUDA_MEMBERS})$`).test(name);
}

function withinPackageRank(file: string): number {
  const base = path.basename(file);
  if (base.startsWith('libcublasLt')) return 0; // libcublas needs it
  if (base.startsWith('libcudnn_graph')) return 0; // every other cuDNN 9 library needs it
  if (/^libcudnn\.so/.test(base)) return 2; // the front library last
  return 1;
}

/**
 * The order to load `files` (paths relative to the cache folder, `nvidia/<pkg>/lib/lib*.so.N`):
 * by package as CUDA_LOAD_ORDER says (unknown ones last), then as each package needs.
 */
export function orderCudaLibraries(files: string[]): string[] {
  const libs = files.filter((f) => /\/lib\/lib[^/]+\.so(\.\d+)*$/.test(f));
  const pkgRank = (f: string) => {
    const parts = f.split('/');
    const i = CUDA_LOAD_ORDER.indexOf(parts[parts.indexOf('nvidia') + 1] ?? '');
    return i < 0 ? CUDA_LOAD_ORDER.length : i;
  };
  return [...libs].sort((a, b) => pkgRank(a) - pkgRank(b) || withinPackageRank(a) - withinPackageRank(b) || a.localeCompare(b));
}

/** glibc's RTLD_NODELETE: Node's process.dlopen closes a library that is not an addon; this keeps it. */
export const RTLD_NODELETE = 0x1000;

/**
 * Loads each library by absolute path, global and never unloaded (process.dlopen throws "did not
 * self-register" for a non-addon after loading it: expected). A library whose dependencies are
 * not loaded yet is retried after the others. Returns the ones that could not be loaded, with why.
 */
export function preloadLibraries(paths: string[], dlopen: (file: string, flags: number) => void = defaultDlopen): { file: string; error: string }[] {
  const flags = constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE;
  let pending = [...paths];
  let failed: { file: string; error: string }[] = [];
  for (let pass = 0; pass < 3 && pending.length > 0; pass++) {
    failed = [];
    for (const file of pending) {
      try {
        dlopen(file, flags);
      } catch (e) {
        const message = (e as Error).message ?? String(e);
        if (!/did not self-register/.test(message)) failed.push({ file, error: message.split('\n')[0] });
      }
    }
    pending = failed.map((f) => f.file);
  }
  return failed;
}

function defaultDlopen(file: string, flags: number): void {
  process.dlopen({ exports: {} } as NodeJS.Module, file, flags);
}

/** Versions of CUDA parts from the wheels' file names (nvidia_cudnn_cu12-9.10.2.21-...whl). */
export function cudaVersionsFromWheels(wheels: string[]): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const w of wheels) {
    const m = /^nvidia_([a-z_]+?)_cu12-([\d.]+)-/.exec(path.basename(w));
    if (m) versions[m[1]] = m[2];
  }
  return versions;
}

/**
 * Where the nvidia/ folder goes in a cache folder: beside lib/ as in site-packages
 * (tensorflow/ and nvidia/ side by side), so TensorFlow's own search for CUDA next to its
 * library (ptxas, say) finds it too.
 */
export const CUDA_ROOT = 'deps';

/** Every file under `<dir>/nvidia` that isCudaMember accepts, as `<CUDA_ROOT>/nvidia/...` when `dir` is a cache folder's CUDA_ROOT. */
export async function listCudaFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => [])) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(r);
      else if (isCudaMember(r)) out.push(r);
    }
  };
  await walk('nvidia');
  return out.sort().map((rel) => `${CUDA_ROOT}/${rel}`);
}

/** The GPU as nvidia-smi sees it (name, compute capability, driver), or why not. */
export async function gpuFacts(run: CommandRunner): Promise<{ gpus: { name: string; computeCapability: string; driver: string }[]; reason: string | null }> {
  const r = await run('nvidia-smi', ['--query-gpu=name,compute_cap,driver_version', '--format=csv,noheader']);
  if (r.spawnError) return { gpus: [], reason: 'no nvidia-smi: no NVIDIA driver installed' };
  if (r.code !== 0) return { gpus: [], reason: `nvidia-smi failed: ${r.stderr.trim().split('\n')[0] || r.stdout.trim().split('\n')[0]}` };
  const gpus = r.stdout.trim().split('\n').filter(Boolean).map((line) => {
    const [name, computeCapability, driver] = line.split(',').map((s) => s.trim());
    return { name, computeCapability, driver };
  });
  return { gpus, reason: gpus.length ? null : 'nvidia-smi lists no GPU' };
}
