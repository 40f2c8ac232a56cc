// Reading TF.js's engine without side effects.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Whether TF.js holds an initialised instance of backend `name`. Unlike `tf.findBackend`, this
 * never starts initialising it: findBackend initialises a registered backend it has no instance
 * of, so asking it "is wasm up?" before prepareBackend started wasm single-threaded and before
 * its .wasm paths were set.
 */
export function backendInstantiated(name: string): boolean {
  const registry = (tf.engine() as unknown as { registry?: Record<string, unknown> }).registry;
  return registry?.[name] != null;
}
