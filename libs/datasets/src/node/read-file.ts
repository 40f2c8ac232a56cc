// Reading a data file whole, with a DatasetError that says what to do when it is missing.
import { promises as fs } from 'fs';
import { DatasetError } from '../errors';

/**
 * The whole file in as few reads as the system allows: fs.promises.readFile reads in 512 KiB
 * pieces, each a round trip through libuv's thread pool (about 90 for MNIST's 47 MB).
 */
async function readWhole(file: string): Promise<Uint8Array> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return await handle.readFile(); // a size the system does not know (a pipe, /proc)
    const bytes = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) break; // cut short while we read: what is there
      at += bytesRead;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}

/** Reads `file`; a missing or unreadable file is a DatasetError naming it. */
export async function readDataFile(file: string, hint?: string): Promise<Uint8Array> {
  try {
    return await readWhole(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DatasetError(code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? (e as Error).message})`, {
      file, expected: 'a readable file', found: code === 'ENOENT' ? 'nothing' : String(code), hint,
    });
  }
}

/** The first of `paths` that is a file, or undefined. */
export async function firstExisting(paths: string[]): Promise<string | undefined> {
  for (const p of paths) {
    const ok = await fs.stat(p).then((s) => s.isFile(), () => false);
    if (ok) return p;
  }
  return undefined;
}
