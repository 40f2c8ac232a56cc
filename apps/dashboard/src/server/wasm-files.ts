// The tfjs wasm backend's binaries, served by the app so browser sweeps need no CDN.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { findRepoRoot } from './repo-root';

export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;

export async function wasmResponse(file: string): Promise<Response> {
  if (!(WASM_FILES as readonly string[]).includes(file)) return Response.json({ error: `unknown file ${JSON.stringify(file)}` }, { status: 404 });
  try {
    const bytes = await fs.readFile(path.join(/*turbopackIgnore: true*/ findRepoRoot(), 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist', file));
    return new Response(new Uint8Array(bytes) as BodyInit, { headers: { 'content-type': 'application/wasm', 'cache-control': 'public, max-age=86400' } });
  } catch (e) {
    return Response.json({ error: `wasm binary not found: ${(e as Error).message}` }, { status: 404 });
  }
}
