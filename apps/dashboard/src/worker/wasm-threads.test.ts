// The threaded wasm fix (wasm-threads.ts) against the tfjs-backend-wasm it patches: what tfjs
// does with the factory's source text, and that the text we give it works where a pthread
// worker runs it (no module system, no process, no bundle around it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { GET } from '../app/api/tfjs-wasm/[file]/route';
import { factorySourceFromScript, threadedFactory, withFactorySource, THREADED_SCRIPT } from './wasm-threads';

const pkg = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
const script = fs.readFileSync(path.join(pkg, 'wasm-out', THREADED_SCRIPT), 'utf8');

test('tfjs still builds its pthread script from the factory toString and the worker calls that global', () => {
  const backend = fs.readFileSync(path.join(pkg, 'dist', 'backend_wasm.js'), 'utf8');
  // What wasm-threads.ts relies on; when tfjs changes it, the fix must be looked at again.
  expect(backend).toContain("from '../wasm-out/tfjs-backend-wasm-threaded-simd.js'");
  expect(backend).toMatch(/mainScriptUrlOrBlob = new Blob\(\[`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)\]/);
  const worker = fs.readFileSync(path.join(pkg, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js'), 'utf8');
  expect(worker).toContain('WasmBackendModuleThreadedSimd(Module)');
});

test('the source we give runs in a bare worker-like global and yields the factory', () => {
  const source = factorySourceFromScript(script);
  const blob = `var WasmBackendModuleThreadedSimd = ${source}`;
  const sandbox: Record<string, unknown> = {};
  vm.runInNewContext(blob, sandbox, { filename: 'pthread-blob.js' });
  expect(typeof sandbox.WasmBackendModuleThreadedSimd).toBe('function');
  // Emscripten's own factory, not the wrapper: it takes the Module object.
  expect((sandbox.WasmBackendModuleThreadedSimd as () => unknown).length).toBe(1);
  expect(() => factorySourceFromScript('var other = 1;')).toThrow(/does not define WasmBackendModuleThreadedSimd/);
});

test('the factory toString answers the source only while the backend initialises', async () => {
  const factory = threadedFactory();
  expect(typeof factory).toBe('function');
  const own = factory.toString();
  const seen = await withFactorySource(factory, 'SOURCE', async () => factory.toString());
  expect(seen).toBe('SOURCE');
  expect(factory.toString()).toBe(own);
  await expect(withFactorySource(factory, 'SOURCE', async () => Promise.reject(new Error('init failed')))).rejects.toThrow('init failed');
  expect(factory.toString()).toBe(own);
  expect(Object.prototype.hasOwnProperty.call(factory, 'toString')).toBe(false);
});

test('the app serves the script untouched, and nothing else from wasm-out', async () => {
  const ctx = (file: string) => ({ params: Promise.resolve({ file }) });
  const res = await GET(new Request('http://t/'), ctx(THREADED_SCRIPT));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
  expect(await res.text()).toBe(script);
  expect((await GET(new Request('http://t/'), ctx('tfjs-backend-wasm-threaded-simd.worker.js'))).status).toBe(404);
});
