// Reading a run file for show/export: a missing or invalid file is a CliInputError naming the
// file and (for invalid ones) the first bad field.
import { promises as fs } from 'fs';
import { safeParseRun, type RunRecord } from '@lrfinder/core';
import { CliInputError } from '../io';

export async function readRunFile(file: string): Promise<RunRecord> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliInputError(`cannot read run file ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, 'file');
  }
  const parsed = safeParseRun(text);
  if (!parsed.ok) {
    throw new CliInputError(`${file} is not a valid run file: ${parsed.error.message}`, parsed.error.field || 'file');
  }
  return parsed.run;
}
