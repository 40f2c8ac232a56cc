// Seeded randomness: mulberry32 (32-bit state, small and fast, good enough for shuffling and
// synthetic data; not cryptographic) with Box-Muller normals and a Fisher-Yates shuffle.

/** Uniform [0, 1) numbers from a 32-bit seed (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal numbers (Box-Muller) from a uniform generator. */
export function normalFrom(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Shuffles `array` in place (Fisher-Yates) with `uniform`, and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(array: T, uniform: () => number): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const t = array[i];
    array[i] = array[j];
    array[j] = t;
  }
  return array;
}

/** Mixes a seed with a stream number, so that split, shuffle and data streams differ. */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
