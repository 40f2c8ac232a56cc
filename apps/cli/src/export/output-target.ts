// Where `export -o` may write: never onto the run file being exported, never onto any other
// run file (a CSV or SVG must not replace a run), never onto a folder.
import { promises as fs } from 'fs';
import * as path from 'path';
import { CliInputError } from '../io';
import { checkOutFile } from '../output-paths';

/** The first bytes of a run file name its format (`"format": "lrfinder.run/...`). */
const RUN_FORMAT = /"format"\s*:\s*"lrfinder\.run\//;

async function realOrSelf(p: string): Promise<string> {
  return fs.realpath(p).catch(() => p);
}

async function looksLikeRunFile(file: string): Promise<boolean> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    return RUN_FORMAT.test(buffer.subarray(0, bytesRead).toString('utf8'));
  } catch {
    return false;
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
  if (await looksLikeRunFile(output)) {
    throw new CliInputError(`-o ${given} is a run file; lrfinder never overwrites a run file (give another file name)`, 'output');
  }
}
