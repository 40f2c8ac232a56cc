// `--reinit`: a model.json's weights re-drawn from its own initializers, seeded, so repeats of a
// user's model differ in initial weights as built-in models do (without it a model.json always
// starts from its saved weights and repeats differ in data order only).
import * as tfl from '@tensorflow/tfjs-layers';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Gives every seedable initializer in a Keras/TF.js topology its own seed (`seed * 1000 + n`,
 * n counting initializers in file order, as the built-in models do per layer). Initializers
 * without randomness (zeros, ones, constant) carry no `seed` key and are left alone.
 * Returns how many initializers were seeded.
 */
export function seedInitializers(topology: unknown, seed: number): number {
  let n = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const config = isObject(value) ? value.config : undefined;
      if (/_initializer$|Initializer$/.test(key) && isObject(config) && 'seed' in config) {
        n++;
        config.seed = seed * 1000 + n;
      } else visit(value);
    }
  };
  visit(topology);
  return n;
}

/**
 * Replaces every weight of `model` with a fresh draw from its initializers, seeded: the model is
 * rebuilt from its own topology with seeded initializers, and the new weights copied in (the
 * compiled loss and optimizer are kept). Returns how many initializers were seeded.
 */
export async function reinitWeights(model: tfl.LayersModel, seed: number): Promise<number> {
  const topology = model.toJSON(null, false) as unknown as Json;
  const seeded = seedInitializers(topology, seed);
  const fresh = await tfl.models.modelFromJSON({ modelTopology: topology } as never);
  try {
    const weights = fresh.getWeights();
    model.setWeights(weights);
  } finally {
    fresh.dispose();
  }
  return seeded;
}
