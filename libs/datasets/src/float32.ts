// Data become float32 tensors: a float64 value past float32's range (about 3.4e38) would turn
// into Infinity and train nothing. Converted here with that checked, naming the element.
import { DatasetError } from './errors';

/** `values` as float32; a value that overflows is a DatasetError with `where(i)` (file, offset). */
export function toFloat32(values: ArrayLike<number>, where: (i: number) => { file?: string; offset?: number }): Float32Array {
  const out = Float32Array.from(values);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]) && Number.isFinite(values[i])) {
      throw new DatasetError(`value of element ${i} overflows float32`, { ...where(i), expected: 'a number of magnitude below 3.4e38', found: String(values[i]) });
    }
  }
  return out;
}
