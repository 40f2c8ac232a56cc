// Per-test seeds: a pure function of the sweep's seed and the test's index in the expansion,
// never of the shard, so a result does not depend on how the sweep was split.

/** MurmurHash3's 32-bit finaliser: a bijection on uint32 that spreads every input bit. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The seed of test `index` of a sweep seeded with `sweepSeed`: an integer in [0, 2^32).
 * For a fixed sweep seed, distinct indexes always give distinct seeds (every step is a
 * bijection on uint32).
 *
 * @example deriveSeed(0, 0) // the first test of a sweep with seed 0
 */
export function deriveSeed(sweepSeed: number, index: number): number {
  if (!Number.isSafeInteger(sweepSeed) || sweepSeed < 0) throw new RangeError(`sweep seed must be an integer >= 0; got ${sweepSeed}`);
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** 32) throw new RangeError(`test index must be an integer in [0, 2^32); got ${index}`);
  // Seeds above 2^32 fold their high part in, so they do not alias their low 32 bits.
  const key = fmix32((sweepSeed >>> 0) ^ fmix32(Math.floor(sweepSeed / 2 ** 32) + 0x9e3779b9));
  return fmix32(key ^ fmix32(index));
}
