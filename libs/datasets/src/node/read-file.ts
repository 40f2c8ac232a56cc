// Reading a data file whole, with a DatasetError that says what to do when it is missing.
import { promises as fs } from 'fs';
import { DatasetError } from '../errors';

/** Reads `file`; a missing or unreadable file is a DatasetError naming it. */
export async function readDataFile(file: string, hint?: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(file);
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
