// `lrfinder export <run.json> --format csv|svg`: to stdout, or to --output.
import * as path from 'path';
import { renderLossDeltaSvg, renderLossSvg } from '@lrfinder/plotting/svg';
import { baseDir, CliInputError, EXIT, type CommandIO } from '../io';
import { EXPORT_FORMATS } from '../defaults';
import { runToCsv } from '../export/csv';
import { writeFileAtomic } from '../run/run-file-io';
import { readRunFile } from '../show/read-run';
import { renderBandSvg } from '@lrfinder/plotting/svg';
import { groupToCsv, holdsGroup, readGroupFile } from '../repeats/show-group';
import { checkExportTarget } from '../export/output-target';
import { checkIntFlag, LIMITS } from '../run/limits';


export interface ExportArgs {
  file: string;
  format: string;
  /** Which chart an SVG holds. @default 'loss' */
  chart?: 'loss' | 'delta';
  /** Moving average of the loss delta. @default 20 */
  sma?: number;
  /** Write here instead of stdout. */
  output?: string;
}

export async function exportCommand(args: ExportArgs, io: CommandIO): Promise<number> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(args.format)) {
    throw new CliInputError(`unknown --format ${JSON.stringify(args.format)}; known: ${EXPORT_FORMATS.join(', ')}`, 'format');
  }
  const sma = args.sma ?? 20;
  checkIntFlag('--sma', sma, 1, LIMITS.sma, 'sma');
  const cwd = baseDir(io);
  const input = path.resolve(cwd, args.file);
  if (args.output !== undefined) await checkExportTarget(input, path.resolve(cwd, args.output), args.output);
  let text: string;
  if (await holdsGroup(input)) {
    // A group: its band (median, low, high per step) as CSV, or the band chart.
    if (args.chart === 'delta') throw new CliInputError(`${args.file} is a group file: its SVG is the band chart; --chart delta takes a run file`, 'chart');
    const group = await readGroupFile(input);
    text = args.format === 'csv' ? groupToCsv(group) : renderBandSvg(group);
  } else {
    const run = await readRunFile(input);
    text = args.format === 'csv' ? runToCsv(run, { sma }) : args.chart === 'delta' ? renderLossDeltaSvg(run, { sma }) : renderLossSvg(run);
  }
  if (args.output !== undefined) {
    await writeFileAtomic(path.resolve(cwd, args.output), text);
    io.stderr.write(`wrote ${args.output}\n`);
  } else {
    io.stdout.write(text);
  }
  return EXIT.ok;
}
