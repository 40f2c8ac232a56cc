// Reading a run file for show/export: a missing or invalid file is a CliInputError naming the
// file and (for invalid ones) the first bad field. The steps of its journal, when a test is
// running or was killed, are folded in.
import { promises as fs } from 'fs';
import { safeParseRun, type RunRecord } from '@lrfinder/core';
import { CliInputError } from '../io';
import { withJournal } from '../run/run-file-io';
import { jsonParseProblem } from '../json-text';
import { fsProblem } from '../output-paths';

export async function readRunFile(file: string): Promise<RunRecord> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new CliInputError(`cannot read run file ${file}: ${fsProblem(e)}`, 'file');
  }
  const parsed = safeParseRun(text);
  if (!parsed.ok) {
    let problem = parsed.error.message;
    try {
      JSON.parse(text);
    } catch (e) {
      problem = jsonParseProblem(text, e, 'a run file');
    }
    throw new CliInputError(`${file} is not a valid run file: ${problem}`, parsed.error.field || 'file');
  }
  return withJournal(file, parsed.run);
}
