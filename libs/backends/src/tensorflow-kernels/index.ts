// Fused kernels of the 'tensorflow' backend (tfjs-node on TensorFlow's C library).
// Engineer "speed" fills this in (issue 11); the native loader calls it right after tfjs-node's
// backend is registered. Until then it registers nothing.

/** Registers lrfinder's kernels for TF.js backend 'tensorflow'; called once tfjs-node has loaded. */
export function registerTensorflowKernels(): void {}
