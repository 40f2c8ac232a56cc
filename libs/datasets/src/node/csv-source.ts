// loadCsv: a streaming CSV source. A first pass checks the file and counts samples; each epoch
// streams the file again, so a file larger than memory still trains. Shuffling a stream uses a
// shuffle buffer (like tf.data): rows fill a buffer of `shuffleBuffer` rows, and each output
// row is drawn at random from it and replaced by the next row read. Order is deterministic for
// a seed; the mixing reaches `shuffleBuffer` rows, not the whole file.
import * as tf from '@tensorflow/tfjs-core';
import * as path from 'path';
import { resolveBatchOptions } from '../batch-loop';
import { DatasetError } from '../errors';
import { deriveSeed, mulberry32 } from '../random';
import type { Batch, BatchOptions, BatchSource, SourceInfo } from '../types';
import { csvRows, decimalValue, numericField } from './csv-rows';
import { isValRow, scanCsv, type CsvLayout } from './csv-scan';

/** Options of {@link loadCsv}. */
export interface LoadCsvOptions {
  /** The label (target) column; every other column is a numeric feature. */
  label: string;
  /**
   * @default 'classification' for non-negative integer or text labels, else 'regression'
   * (labels {-1, 1} included: say 'classification' to read each value as a class, in numeric order).
   * The decision and its reason are in `info.task` / `info.taskReason`.
   */
  task?: 'classification' | 'regression';
  /** Classes of integer labels; a label outside the range is an error. @default max label + 1 */
  numClasses?: number;
  /** Fraction of rows in the `val` split (a seeded hash of the row number). @default 0 */
  valSplit?: number;
  /** Seed of the validation split. @default 0 */
  splitSeed?: number;
  /** Rows held for shuffling a stream. @default 10000 */
  shuffleBuffer?: number;
  /** Field delimiter. @default ',' */
  delimiter?: string;
  /** Name for the run record. @default 'csv:<file name>' */
  name?: string;
}

/** A streaming CSV source, plus what the first pass learned (class names of text labels). */
export interface CsvSource extends BatchSource {
  readonly layout: CsvLayout;
}

interface Row {
  x: Float32Array;
  y: number;
}

/** Opens a CSV file with a header row as a streaming source. */
export async function loadCsv(file: string, options: LoadCsvOptions): Promise<CsvSource> {
  if (!options?.label) throw new DatasetError('no label column given', { file, expected: 'the name of the label column (label option, --label <column>)', found: 'nothing' });
  const valSplit = options.valSplit ?? 0;
  if (!(valSplit >= 0 && valSplit < 1)) throw new DatasetError('bad validation split', { file, expected: 'a fraction in [0, 1)', found: String(valSplit) });
  const bufferSize = options.shuffleBuffer ?? 10000;
  if (!(Number.isInteger(bufferSize) && bufferSize >= 1)) throw new DatasetError('bad shuffleBuffer', { file, expected: 'an integer >= 1', found: String(bufferSize) });
  const splitSeed = options.splitSeed ?? 0;
  const layout = await scanCsv(file, { ...options, valSplit, splitSeed });
  const f = layout.featureIndices.length;
  const classIndex = layout.classNames ? new Map(layout.classNames.map((n, i) => [n, i])) : null;
  const info: SourceInfo = {
    name: options.name ?? `csv:${path.basename(file)}`,
    trainSamples: layout.trainSamples,
    valSamples: layout.valSamples,
    inputShape: [f],
    numClasses: layout.numClasses,
    task: layout.task,
    taskReason: layout.taskReason,
  };

  function toRow(line: number, fields: string[]): Row {
    if (fields.length !== layout.header.length) {
      throw new DatasetError('ragged row (the file changed since it was opened?)', { file, line, expected: `${layout.header.length} fields`, found: `${fields.length}` });
    }
    const x = new Float32Array(f);
    for (let j = 0; j < f; j++) {
      const c = layout.featureIndices[j];
      x[j] = numericField(fields[c], file, line, c + 1, layout.header[c]);
    }
    const text = fields[layout.labelIndex].trim();
    const v = decimalValue(text);
    const y = classIndex ? classIndex.get(Number.isNaN(v) ? text : String(v)) : v;
    if (y === undefined) throw new DatasetError('unknown class (the file changed since it was opened?)', { file, line, column: layout.labelIndex + 1, expected: 'a class seen in the first pass', found: text });
    return { x, y };
  }

  function make(batch: Row[], onehot: boolean): Batch {
    const m = batch.length;
    const xs = new Float32Array(m * f);
    batch.forEach((r, k) => xs.set(r.x, k * f));
    let ys: tf.Tensor;
    if (layout.task === 'regression') ys = tf.tensor2d(Float32Array.from(batch, (r) => r.y), [m, 1]);
    else if (onehot) {
      const c = layout.numClasses!;
      const t = new Float32Array(m * c);
      batch.forEach((r, k) => { t[k * c + r.y] = 1; });
      ys = tf.tensor2d(t, [m, c]);
    } else ys = tf.tensor1d(Float32Array.from(batch, (r) => r.y));
    return { xs: tf.tensor2d(xs, [m, f]), ys };
  }

  async function* batches(o: BatchOptions): AsyncGenerator<Batch, void, undefined> {
    const r = resolveBatchOptions(o, info.name);
    const total = r.split === 'val' ? info.valSamples : info.trainSamples;
    if ((r.dropRemainder ? Math.floor(total / r.batchSize) : total) === 0) return;
    const uniform = mulberry32(deriveSeed(r.seed, 1));
    let current: Batch | null = null;
    const onehot = r.labels === 'onehot';
    const next = (rows: Row[]): Batch => {
      const batch = make(rows, onehot);
      if (current) tf.dispose([current.xs, current.ys]);
      current = batch;
      return batch;
    };
    // One loop per epoch, no generator per stage: each async hop per row costs more than the row.
    try {
      for (let epoch = 0; epoch < r.epochs; epoch++) {
        const buffer: Row[] = [];
        let pending: Row[] = [];
        let row = -1; // the header is row -1; data rows count from 0 as in the first pass
        for await (const { line, fields } of csvRows(file, options)) {
          const index = row++;
          if (index < 0 || isValRow(index, valSplit, splitSeed) !== (r.split === 'val')) continue;
          let out = toRow(line, fields);
          if (r.shuffle) {
            if (buffer.length < bufferSize) {
              buffer.push(out);
              continue;
            }
            // Emit a random buffered row and keep the new one in its place.
            const j = Math.floor(uniform() * bufferSize);
            [out, buffer[j]] = [buffer[j], out];
          }
          pending.push(out);
          if (pending.length === r.batchSize) {
            yield next(pending);
            pending = [];
          }
        }
        while (buffer.length > 0) {
          const j = Math.floor(uniform() * buffer.length);
          pending.push(buffer[j]);
          buffer[j] = buffer[buffer.length - 1];
          buffer.pop();
          if (pending.length === r.batchSize) {
            yield next(pending);
            pending = [];
          }
        }
        if (pending.length > 0 && !r.dropRemainder) yield next(pending);
      }
    } finally {
      if (current) tf.dispose([current.xs, current.ys]);
    }
  }

  return { info, layout, batches };
}
