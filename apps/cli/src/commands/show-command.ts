// `lrfinder show <run.json...>`: config, status, suggestions and a text plot of each run.
import * as path from 'path';
import { SUGGESTION_METHODS, type RunRecord } from '@lrfinder/core';
import { baseDir, EXIT, type CommandIO } from '../io';
import { readRunFile } from '../show/read-run';
import { checkIntFlag, LIMITS, MIN_WIDTH } from '../run/limits';
import { textPlot } from '../show/text-plot';
import { formatLoss, formatLr, formatSuggestion, lowestLoss, table } from '../summary/format';
import { holdsGroup, readGroupFile, showGroup } from '../repeats/show-group';

export interface ShowArgs {
  files: string[];
  /** Print the parsed records as JSON instead. */
  json?: boolean;
  /** Plot width in columns. @default 60 */
  width?: number;
}

/** The text summary of one run. */
export function showRun(run: RunRecord, options: { width?: number } = {}): string {
  const c = run.config;
  const out: string[] = [];
  out.push(`${run.label}  (${run.id})`);
  const stopped = run.stopReason ? ` (${run.stopReason})` : '';
  out.push(`status     ${run.status}${stopped}, ${run.points.length}/${c.numIter} steps, updated ${run.updatedAt}`);
  if (run.error) out.push(`error      ${run.error.message}`);
  if (run.model) out.push(`model      ${run.model.name}, ${run.model.parameterCount} parameters, ${run.model.layers.length} layers`);
  if (run.dataset) out.push(`data       ${run.dataset.name}, ${run.dataset.trainSamples} training samples`);
  if (run.optimizer) out.push(`optimizer  ${run.optimizer.name}`);
  if (run.backend) out.push(`backend    ${run.backend.name}${run.backend.threads ? `, ${run.backend.threads} thread${run.backend.threads === 1 ? '' : 's'}` : ''}`);
  out.push(
    `range      ${formatLr(c.startLr)} -> ${formatLr(c.endLr)} (${c.schedule}), batch ${c.batchSize ?? '-'}, smoothing ${c.smoothing}, diverge x${c.divergeThreshold ?? 'off'}, seed ${c.seed ?? '-'}`,
  );
  if (run.sweep) out.push(`sweep      ${run.sweep.id}, test ${run.sweep.index + 1} of ${run.sweep.count}`);
  const low = lowestLoss(run);
  out.push(`lowest     ${formatLoss(low?.loss)} (smoothed) at lr ${formatLr(low?.lr)}`);
  if (run.timing.msPerStep !== null) out.push(`timing     ${(run.timing.totalMs / 1000).toFixed(1)} s, ${run.timing.msPerStep.toFixed(1)} ms/step`);
  out.push('', 'suggestions:');
  const rows = SUGGESTION_METHODS.map((m) => [`  ${m}${run.suggestions.recommended === m ? ' (recommended)' : ''}`, formatSuggestion(run.suggestions[m], true)]);
  out.push(table(rows).trimEnd(), '');
  out.push(textPlot(run, { width: options.width }));
  return out.join('\n');
}

export async function showCommand(args: ShowArgs, io: CommandIO): Promise<number> {
  if (args.width !== undefined) checkIntFlag('--width', args.width, MIN_WIDTH, LIMITS.width, 'width');
  const cwd = baseDir(io);
  // Run files and group files (lrfinder.group/v1, told apart by their format) in the order given.
  const records: ({ run: RunRecord } | { group: Awaited<ReturnType<typeof readGroupFile>> })[] = [];
  for (const f of args.files) {
    const file = path.resolve(cwd, f);
    records.push((await holdsGroup(file)) ? { group: await readGroupFile(file) } : { run: await readRunFile(file) });
  }
  if (args.json) io.stdout.write(JSON.stringify(records.map((r) => ('run' in r ? r.run : r.group)), null, 2) + '\n');
  else io.stdout.write(records.map((r) => ('run' in r ? showRun(r.run, { width: args.width }) : showGroup(r.group))).join('\n'));
  return EXIT.ok;
}
