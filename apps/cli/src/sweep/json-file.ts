// Small JSON file helpers for the sweep folder: atomic writes (files/atomic-write.ts, so a
// reader never sees half a file) and reads that tell "absent" from "bad".
import { promises as fs } from 'fs';
import { writeFileAtomic } from '../files/atomic-write';

/** Writes `value` as JSON to `file` atomically and durably (the CLI's one atomic writer). */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
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
