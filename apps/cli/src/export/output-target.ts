// Where `export -o` may write: never onto the run file being exported, never onto any other
// run file or file lrfinder keeps (a sweep's index.json, a group record, a shard marker): a CSV
// or SVG must not replace them. Never onto a folder.
import { promises as fs } from 'fs';
import * as path from 'path';
import { CliInputError } from '../io';
import { checkOutFile } from '../output-paths';

/** The first bytes of lrfinder's JSON files name their format (`"format": "lrfinder.run/v1"`). */
const LRFINDER_FORMAT = /"format"\s*:\s*"(lrfinder\.[\w.-]+)\/v\d+"/;

async function realOrSelf(p: string): Promise<string> {
  return fs.realpath(p).catch(() => p);
}

/** `lrfinder.run`, `lrfinder.sweep`, ... when the file is one of lrfinder's; else null. */
async function lrfinderFormat(file: string): Promise<string | null> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    return LRFINDER_FORMAT.exec(buffer.subarray(0, bytesRead).toString('utf8'))?.[1] ?? null;
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}

/** Throws CliInputError when `output` may not be written by an export of `input`. */
export async function checkExportTarget(input: string, output: string, given: string): Promise<void> {
  if ((await realOrSelf(path.dirname(output))) + path.sep + path.basename(output) === (await realOrSelf(input)) || output === input) {
    throw new CliInputError(`-o ${given} is the run file being exported; lrfinder never overwrites a run file (give another file name)`, 'output');
  }
  await checkOutFile(output, '-o', given);
  const format = await lrfinderFormat(output);
  if (format === 'lrfinder.run') {
    throw new CliInputError(`-o ${given} is a run file; lrfinder never overwrites a run file (give another file name)`, 'output');
  }
  if (format !== null) {
    throw new CliInputError(`-o ${given} is a file lrfinder keeps (${format}); export never overwrites it (give another file name)`, 'output');
  }
}
