// The tfjs wasm backend's binaries, served by the app so browser sweeps need no CDN, and
// Emscripten's threaded factory script as the package ships it (never bundled: the pthread
// workers need its own text, see src/worker/wasm-threads.ts).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { findRepoRoot } from './repo-root';

export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;
/** Scripts served from the package's wasm-out/ folder, untouched. */
export const WASM_SCRIPTS = ['tfjs-backend-wasm-threaded-simd.js'] as const;

function packageFile(file: string): { file: string; type: string } | null {
  const pkg = path.join(/*turbopackIgnore: true*/ findRepoRoot(), 'node_modules', '@tensorflow', 'tfjs-backend-wasm');
  if ((WASM_FILES as readonly string[]).includes(file)) return { file: path.join(/*turbopackIgnore: true*/ pkg, 'dist', file), type: 'application/wasm' };
  if ((WASM_SCRIPTS as readonly string[]).includes(file)) return { file: path.join(/*turbopackIgnore: true*/ pkg, 'wasm-out', file), type: 'text/javascript; charset=utf-8' };
  return null;
}

export async function wasmResponse(file: string): Promise<Response> {
  const known = packageFile(file);
  if (!known) return Response.json({ error: `unknown file ${JSON.stringify(file)}` }, { status: 404 });
  try {
    const bytes = await fs.readFile(/*turbopackIgnore: true*/ known.file);
    return new Response(new Uint8Array(bytes) as BodyInit, { headers: { 'content-type': known.type, 'cache-control': 'public, max-age=86400' } });
  } catch (e) {
    return Response.json({ error: `wasm file not found: ${(e as Error).message}` }, { status: 404 });
  }
}
