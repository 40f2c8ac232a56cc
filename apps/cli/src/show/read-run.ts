// Reading a run file for show/export: a missing or invalid file is a CliInputError naming the
// file and (for invalid ones) the first bad field. The steps of its journal, when a test is
// running or was killed, are folded in.
import { promises as fs } from 'fs';
import { safeParseRun, type RunRecord } from '@lrfinder/core';
import { CliInputError } from '../io';
import { withJournal } from '../run/run-file-io';

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
  return withJournal(file, parsed.run);
}
