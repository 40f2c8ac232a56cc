// The run files of a sweep folder, validated and keyed by run id (index.json left out).
import { promises as fs } from 'fs';
import * as path from 'path';
import { parseRun, type RunRecord } from '@lrfinder/core';

export async function readRuns(folder: string): Promise<Map<string, RunRecord>> {
  const names = (await fs.readdir(folder)).filter((n) => n.endsWith('.json') && n !== 'index.json');
  const runs = await Promise.all(names.map(async (n) => parseRun(await fs.readFile(path.join(folder, n), 'utf8'))));
  return new Map(runs.map((run) => [run.id, run] as const));
}
