// Why this file exists: tfjs' threaded wasm backend starts every pthread worker by importing a
// Blob made of `wasmFactoryThreadedSimd.toString()`, the Emscripten factory's own source text.
// In the app's bundle that function is no longer Emscripten's text: the bundler rewrote its
// `process` references into an import of the bundle (`a.default`) and the minifier renamed the
// closure names it uses, so inside the blob they are undefined and every pthread worker dies
// ("a is not defined"). Here the factory's toString answers Emscripten's script as the package
// ships it (served untouched by GET /api/tfjs-wasm/tfjs-backend-wasm-threaded-simd.js) while
// the wasm backend initialises, and is given back at once. A patch of a library's object:
// contained here, and wasm-threads.test.ts fails when tfjs changes what it relies on.
import * as threadedModule from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';

/** Where the app serves Emscripten's threaded factory script (route /api/tfjs-wasm/[file]). */
export const THREADED_SCRIPT = 'tfjs-backend-wasm-threaded-simd.js';

/** The global Emscripten's script defines, and tfjs' pthread workers call. */
const FACTORY_NAME = 'WasmBackendModuleThreadedSimd';

/**
 * What the pthread blob gets after `var WasmBackendModuleThreadedSimd = `: an expression that
 * runs Emscripten's whole script (which defines its factory, with its own closure) and yields
 * that factory.
 */
export function factorySourceFromScript(script: string): string {
  if (!script.includes(`var ${FACTORY_NAME} =`)) {
    throw new Error(`${THREADED_SCRIPT} does not define ${FACTORY_NAME}: not the Emscripten script tfjs-backend-wasm ships`);
  }
  return `(() => {\n${script}\n;return ${FACTORY_NAME};\n})()`;
}

/** The factory function object the wasm backend calls (the same module instance as its import). */
export function threadedFactory(mod: unknown = threadedModule): (...args: unknown[]) => unknown {
  const m = mod as { default?: unknown };
  const factory = (m && typeof m.default === 'function' ? m.default : mod) as unknown;
  if (typeof factory !== 'function') throw new Error('tfjs-backend-wasm: the threaded Emscripten factory is not a function');
  return factory as (...args: unknown[]) => unknown;
}

/**
 * Runs `init` (the wasm backend's initialisation) with the threaded factory's toString
 * answering `source`; the factory's own toString is back when `init` settles.
 */
export async function withFactorySource<T>(factory: object, source: string, init: () => Promise<T>): Promise<T> {
  const own = Object.getOwnPropertyDescriptor(factory, 'toString');
  Object.defineProperty(factory, 'toString', { value: () => source, configurable: true, writable: true });
  try {
    return await init();
  } finally {
    if (own) Object.defineProperty(factory, 'toString', own);
    else delete (factory as { toString?: unknown }).toString;
  }
}

/** Fetches Emscripten's script from `base` (a URL prefix ending in '/') as the factory source. */
export async function fetchFactorySource(base: string): Promise<string> {
  const url = new URL(THREADED_SCRIPT, base).href;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return factorySourceFromScript(await res.text());
}
