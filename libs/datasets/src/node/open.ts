// openDataSource: the CLI's --data spec, parsed once here so the CLI does not re-implement it.
import * as path from 'path';
import { DatasetError } from '../errors';
import { checkSyntheticParams } from '../synthetic/params';
import { SYNTHETIC_NAMES, syntheticSource, type SyntheticName } from '../synthetic/source';
import type { BatchSource } from '../types';
import { loadCsv } from './csv-source';
import { loadIdx } from './idx-files';
import { loadFashionMnist, loadMnist } from './mnist';
import { loadNpy } from './npy-files';

/** Options of {@link openDataSource}. */
export interface OpenDataSourceOptions {
  /** Label column of a `csv:` spec (the CLI's --label). */
  label?: string;
  /**
   * Fraction held out for validation. MNIST-like sets use their test files when this is
   * undefined; synthetic sets generate `round(samples * valSplit)` extra samples.
   * @default undefined
   */
  valSplit?: number;
  /** Seed of the validation split and of synthetic data. @default 0 */
  seed?: number;
  /** Folder that relative paths are resolved against. @default process.cwd() */
  cwd?: string;
  /**
   * How to read the targets of a `csv:` or `npy:` source (the CLI's --task), overriding the
   * source's own decision; other sources have a fixed task and refuse a different one.
   * @default undefined (the source decides, and says why in `info.taskReason`)
   */
  task?: 'classification' | 'regression';
}

/** The specs `openDataSource` understands, for help texts. */
export const DATA_SPECS = [
  'mnist', 'fashion-mnist', 'fashion-mnist:<dir>', 'synthetic:<regression|blobs|spirals>[?samples=N&...]',
  'idx:<dir>', 'csv:<file> (with label)', 'npy:<x.npy>,<y.npy>',
] as const;

const num = (v: string, key: string, spec: string) => {
  const n = Number(v);
  if (v === '' || !Number.isFinite(n)) throw new DatasetError(`bad value of ${key}`, { file: spec, expected: 'a number', found: v });
  return n;
};

/**
 * Opens a data source from a spec string: `mnist`, `fashion-mnist[:<dir>]`,
 * `synthetic:<name>[?key=value&...]` (numeric options of that set, e.g. `samples`, `lambdaMax`,
 * `classes`, `noise`), `idx:<dir>`, `csv:<file>` (needs `label`), `npy:<x>,<y>`.
 * @example
 * const source = await openDataSource('csv:data/iris.csv', { label: 'species', valSplit: 0.1, seed: 1 });
 */
export async function openDataSource(spec: string, options: OpenDataSourceOptions = {}): Promise<BatchSource> {
  const task = options.task;
  if (task !== undefined && task !== 'classification' && task !== 'regression') {
    throw new DatasetError('bad task', { file: spec, expected: 'classification or regression', found: String(task) });
  }
  const source = await openSource(spec, options);
  if (task !== undefined && source.info.task !== task) {
    throw new DatasetError(`${source.info.name} is a ${source.info.task} data set; its task cannot be changed`, { file: spec, expected: `no task, or ${source.info.task}`, found: task });
  }
  return source;
}

async function openSource(spec: string, options: OpenDataSourceOptions): Promise<BatchSource> {
  const cwd = options.cwd ?? process.cwd();
  const at = (p: string) => path.resolve(cwd, p);
  const seed = options.seed ?? 0;
  const valSplit = options.valSplit;
  if (valSplit !== undefined && !(valSplit >= 0 && valSplit < 1)) {
    throw new DatasetError('bad validation split', { file: spec, expected: 'a fraction in [0, 1)', found: String(valSplit) });
  }
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  const split = { valSplit, splitSeed: seed };
  switch (kind) {
    case 'mnist':
      return loadMnist({ ...split, ...(rest ? { dir: at(rest) } : {}) });
    case 'fashion-mnist':
      return loadFashionMnist({ ...split, ...(rest ? { dir: at(rest) } : {}) });
    case 'idx':
      if (!rest) break;
      return loadIdx(at(rest), split);
    case 'csv':
      if (!rest) break;
      if (!options.label) {
        throw new DatasetError('a csv: source needs its label column', { file: rest, expected: 'the label option (--label <column>)', found: 'none' });
      }
      return loadCsv(at(rest), { label: options.label, valSplit: valSplit ?? 0, splitSeed: seed, ...(options.task ? { task: options.task } : {}) });
    case 'npy': {
      const files = rest.split(',');
      if (files.length !== 2 || !files[0] || !files[1]) {
        throw new DatasetError('an npy: source needs two files', { file: spec, expected: 'npy:<x.npy>,<y.npy>', found: spec });
      }
      return loadNpy(at(files[0]), at(files[1]), { valSplit: valSplit ?? 0, splitSeed: seed, ...(options.task ? { task: options.task } : {}) });
    }
    case 'synthetic': {
      const [name, query = ''] = rest.split('?');
      if (!(SYNTHETIC_NAMES as readonly string[]).includes(name)) {
        throw new DatasetError('unknown synthetic set', { file: spec, expected: SYNTHETIC_NAMES.join(', '), found: name || 'nothing' });
      }
      const params: Record<string, number> = { seed };
      for (const pair of query.split('&').filter(Boolean)) {
        const [key, value = ''] = pair.split('=');
        params[key] = num(value, key, spec);
      }
      const samples = params.samples ?? (name === 'regression' ? 1024 : name === 'blobs' ? 600 : 1000);
      if (valSplit && params.valSamples === undefined) params.valSamples = Math.round(samples * valSplit);
      checkSyntheticParams(name as SyntheticName, params, spec);
      return syntheticSource(name as SyntheticName, params);
    }
  }
  throw new DatasetError('unknown data source', { file: spec, expected: DATA_SPECS.join(', '), found: spec || 'an empty spec' });
}
