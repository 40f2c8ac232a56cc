// The first pass over a CSV file: checks every row and counts samples and classes, so the
// source knows its sizes up front, in constant memory (only class names are kept).
import { DatasetError } from '../errors';
import { deriveSeed } from '../random';
import { csvRows, numericField, type CsvRowsOptions } from './csv-rows';

/** What the first pass learned. */
export interface CsvLayout {
  header: string[];
  labelIndex: number;
  featureIndices: number[];
  task: 'classification' | 'regression';
  numClasses: number | null;
  /** Class names in index order when labels are text, else null (labels are the class index). */
  classNames: string[] | null;
  trainSamples: number;
  valSamples: number;
}

/** Options of {@link scanCsv}. */
export interface ScanCsvOptions extends CsvRowsOptions {
  label: string;
  task?: 'classification' | 'regression';
  numClasses?: number;
  valSplit: number;
  splitSeed: number;
  /** Most distinct text labels accepted. @default 1000 */
  maxClasses?: number;
}

/** True when data row `row` (0-based) belongs to the validation split: a seeded hash, no state. */
export function isValRow(row: number, valSplit: number, splitSeed: number): boolean {
  return valSplit > 0 && deriveSeed(splitSeed, row + 1000) / 4294967296 < valSplit;
}

/** Reads the file once and checks it. */
export async function scanCsv(file: string, o: ScanCsvOptions): Promise<CsvLayout> {
  let header: string[] | null = null;
  let labelIndex = -1;
  let featureIndices: number[] = [];
  let rows = 0;
  let valSamples = 0;
  let numericLabels = true;
  let integerLabels = true;
  let maxLabel = -1;
  let firstLabel: { line: number; text: string } | null = null;
  const names = new Set<string>();
  for await (const { line, fields } of csvRows(file, o)) {
    if (!header) {
      header = fields.map((f) => f.trim());
      labelIndex = header.indexOf(o.label);
      if (labelIndex < 0) {
        throw new DatasetError('label column not in the header', { file, line, expected: `a column named "${o.label}"`, found: header.join(', ') });
      }
      featureIndices = header.map((_, i) => i).filter((i) => i !== labelIndex);
      if (featureIndices.length === 0) throw new DatasetError('no feature columns', { file, line, expected: 'at least one column besides the label', found: header.join(', ') });
      continue;
    }
    if (fields.length !== header.length) {
      throw new DatasetError('ragged row', { file, line, column: Math.min(fields.length, header.length) + 1, expected: `${header.length} fields`, found: `${fields.length}` });
    }
    for (const i of featureIndices) numericField(fields[i], file, line, i + 1, header[i]);
    const text = fields[labelIndex].trim();
    firstLabel ??= { line, text };
    const v = Number(text);
    if (text === '' || Number.isNaN(v)) {
      numericLabels = false;
      if (o.task === 'regression') numericField(text, file, line, labelIndex + 1, o.label);
    } else if (!Number.isFinite(Math.fround(v))) {
      numericField(text, file, line, labelIndex + 1, o.label);
    } else if (!(Number.isInteger(v) && v >= 0)) {
      integerLabels = false;
      if (o.task === 'classification' && numericLabels) {
        throw new DatasetError('label is not a class index', { file, line, column: labelIndex + 1, expected: 'an integer >= 0', found: text });
      }
    } else {
      maxLabel = Math.max(maxLabel, v);
      if (o.numClasses !== undefined && v >= o.numClasses && numericLabels) {
        throw new DatasetError('label outside the class range', { file, line, column: labelIndex + 1, expected: `an integer in [0, ${o.numClasses - 1}]`, found: text });
      }
    }
    if (names.size <= (o.maxClasses ?? 1000)) names.add(text);
    if (isValRow(rows, o.valSplit, o.splitSeed)) valSamples++;
    rows++;
  }
  if (!header) throw new DatasetError('empty CSV file', { file, line: 1, expected: 'a header row', found: 'nothing' });
  if (rows === 0) throw new DatasetError('CSV file has no data rows', { file, line: 2, expected: 'rows after the header', found: 'nothing' });
  const task = o.task ?? (numericLabels && !integerLabels ? 'regression' : 'classification');
  let classNames: string[] | null = null;
  let numClasses: number | null = null;
  if (task === 'classification') {
    if (numericLabels) {
      numClasses = o.numClasses ?? maxLabel + 1;
    } else {
      if (names.size > (o.maxClasses ?? 1000)) {
        throw new DatasetError(`too many distinct labels in column "${o.label}"`, { file, expected: `at most ${o.maxClasses ?? 1000} classes`, found: `more (first label "${firstLabel!.text}" on line ${firstLabel!.line})` });
      }
      classNames = [...names].sort();
      numClasses = classNames.length;
      if (o.numClasses !== undefined && o.numClasses !== numClasses) {
        throw new DatasetError(`label column "${o.label}" has another number of classes`, { file, expected: `${o.numClasses}`, found: `${numClasses} (${classNames.slice(0, 10).join(', ')})` });
      }
    }
  }
  return { header, labelIndex, featureIndices, task, numClasses, classNames, trainSamples: rows - valSamples, valSamples };
}
