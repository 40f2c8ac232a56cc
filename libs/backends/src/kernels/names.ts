/** The matrix-product kernels whose transpose flags are made explicit on wasm. */
export const batchMatMulKernelNames = ['BatchMatMul', '_FusedMatMul'] as const;
