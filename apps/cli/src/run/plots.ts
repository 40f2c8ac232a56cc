// SVG plots next to run files, drawn by the plotting library (the dashboard's charts,
// rendered server side): loss vs learning rate and the loss delta (sma 20, as the tutorial).
import { renderLossDeltaSvg, renderLossSvg } from '@lrfinder/plotting/svg';
import type { RunRecord } from '@lrfinder/core';
import { writeFileAtomic } from './run-file-io';

/** Moving-average window of the loss-delta plot (the reference tutorial's 20). */
export const DELTA_SMA = 20;

/** The two plot files of a run or a group: `<stem>.svg` and `<stem>.delta.svg`. */
export function plotPaths(stem: string): { loss: string; delta: string } {
  return { loss: `${stem}.svg`, delta: `${stem}.delta.svg` };
}

/** Writes the plots of one run next to its file; returns their paths. */
export async function writeRunPlots(run: RunRecord, runFile: string): Promise<{ loss: string; delta: string }> {
  return writePlots([run], runFile.replace(/\.json$/, ''));
}

/** Writes loss and loss-delta plots of runs (overlaid when several) to `<stem>.svg` / `<stem>.delta.svg`. */
export async function writePlots(runs: RunRecord[], stem: string): Promise<{ loss: string; delta: string }> {
  const paths = plotPaths(stem);
  const arg = runs.length === 1 ? runs[0] : runs;
  await writeFileAtomic(paths.loss, renderLossSvg(arg));
  await writeFileAtomic(paths.delta, renderLossDeltaSvg(arg, { sma: DELTA_SMA }));
  return paths;
}
