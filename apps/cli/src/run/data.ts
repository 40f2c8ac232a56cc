// Opening the data of a test through the datasets library's spec parser (`openDataSource`),
// cached per process so the tests of a comparison or a sweep read a file once.
import { DatasetError, openDataSource, type BatchSource } from '@lrfinder/datasets/node';
import { CliInputError } from '../io';

export interface DataRequest {
  data: string;
  labelColumn?: string;
  /** --task: overrides what a csv:/npy: source decides. */
  task?: 'classification' | 'regression';
  valSplit: number;
  seed: number;
}

const cache = new Map<string, Promise<BatchSource>>();

/** The data source of a spec; data errors become CliInputError (exit 2) with the spec named. */
export async function openData(request: DataRequest, options: { cwd?: string } = {}): Promise<BatchSource> {
  const key = JSON.stringify([request.data, request.labelColumn, request.task, request.valSplit, request.seed, options.cwd]);
  let pending = cache.get(key);
  if (!pending) {
    pending = openDataSource(request.data, {
      label: request.labelColumn,
      ...(request.task !== undefined ? { task: request.task } : {}),
      valSplit: request.valSplit,
      seed: request.seed,
      cwd: options.cwd,
    });
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  try {
    return await pending;
  } catch (e) {
    if (e instanceof DatasetError || (e as Error)?.name === 'DatasetError') {
      throw new CliInputError(`--data ${request.data}: ${(e as Error).message}`, 'data');
    }
    throw e;
  }
}

/** Forgets cached sources (tests). */
export function clearDataCache(): void {
  cache.clear();
}
