// Small JSON file helpers for the sweep folder: atomic writes (temp file in the same folder,
// then rename, so a reader never sees half a file) and reads that tell "absent" from "bad".
import { promises as fs } from 'fs';
import * as path from 'path';

/** Writes `value` as JSON to `file` atomically; the temp name is unique per process and call. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  await fs.writeFile(tmp, JSON.stringify(value, null, 2) + '\n');
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

export type ReadJsonResult = { kind: 'absent' } | { kind: 'bad'; message: string } | { kind: 'ok'; value: unknown };

/** Reads and parses a JSON file; never throws for a missing or malformed file. */
export async function readJson(file: string): Promise<ReadJsonResult> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    return { kind: 'bad', message: (e as Error).message };
  }
  try {
    return { kind: 'ok', value: JSON.parse(text) };
  } catch (e) {
    return { kind: 'bad', message: `not JSON: ${(e as Error).message}` };
  }
}

/** JSON text with object keys sorted, so two equal values compare equal as strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
