// Turning load failures of native backends into advice a user can act on.

/** Advice for a package that is not installed. */
export function notInstalled(pkg: string, extra = ''): string {
  return `module not installed: ${pkg} (npm install ${pkg}@4.22.0; its install downloads libtensorflow, so it needs internet${extra})`;
}

/** Advice for a native package that is installed but failed to load. */
export function loadFailure(pkg: string, error: unknown): string {
  const msg = error instanceof Error ? error.message : String(error);
  const first = msg.split('\n')[0];
  if (/libcudnn/i.test(msg)) {
    return `cuDNN libraries not found (${first}): install cuDNN 8 for CUDA 11.2 and put its lib folder on LD_LIBRARY_PATH`;
  }
  if (/libcu(dart|blas|fft|rand|solver|sparse)|cuda/i.test(msg)) {
    return `CUDA libraries not found (${first}): install the CUDA 11.2 runtime and put its lib64 folder on LD_LIBRARY_PATH`;
  }
  if (/libtensorflow|tfjs_binding|\.node\b|napi/i.test(msg)) {
    return `libtensorflow missing or broken (${first}): reinstall ${pkg} with internet access (npm rebuild ${pkg}) so it can download libtensorflow`;
  }
  return `${pkg} failed to load: ${first}`;
}
