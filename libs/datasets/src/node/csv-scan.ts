// The first pass over a CSV file: checks every row and counts samples and classes, so the
// source knows its sizes up front, in constant memory (only class names are kept).
import { DatasetError } from '../errors';
import { deriveSeed } from '../random';
import { csvRows, decimalValue, numericField, type CsvRowsOptions } from './csv-rows';

/** What the first pass learned. */
export interface CsvLayout {
  header: string[];
  labelIndex: number;
  featureIndices: number[];
  task: 'classification' | 'regression';
  /** Why `task` was chosen, in words (it goes into the run record and the CLI's output). */
  taskReason: string;
  numClasses: number | null;
  /**
   * Class names in index order when labels are text (or numbers that are not class indices,
   * read as classes because the task was given), else null (labels are the class index).
   */
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
  let indexLabels = true; // every label an integer >= 0
  let integerLabels = true;
  let maxLabel = -1;
  let firstLabel: { line: number; text: string } | null = null;
  let firstNonIndex: { line: number; text: string } | null = null;
  let firstText: { line: number; text: string } | null = null;
  const names = new Set<string>();
  const maxClasses = o.maxClasses ?? 1000;
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
    if (text === '') {
      throw new DatasetError(`empty label in column "${o.label}"`, { file, line, column: labelIndex + 1, expected: 'a label (a class name or number)', found: 'an empty field' });
    }
    firstLabel ??= { line, text };
    const v = decimalValue(text);
    if (Number.isNaN(v)) {
      numericLabels = false;
      firstText ??= { line, text };
      if (o.task === 'regression') numericField(text, file, line, labelIndex + 1, o.label);
    } else if (!Number.isFinite(Math.fround(v))) {
      numericField(text, file, line, labelIndex + 1, o.label);
    } else {
      if (!Number.isInteger(v)) integerLabels = false;
      if (!(Number.isInteger(v) && v >= 0)) {
        indexLabels = false;
        firstNonIndex ??= { line, text };
      } else {
        maxLabel = Math.max(maxLabel, v);
        if (o.numClasses !== undefined && v >= o.numClasses && numericLabels && indexLabels) {
          throw new DatasetError('label outside the class range', { file, line, column: labelIndex + 1, expected: `an integer in [0, ${o.numClasses - 1}]`, found: text });
        }
      }
    }
    // numbers are named by their value, so "1" and "1.0" are one class
    if (names.size <= maxClasses) names.add(Number.isNaN(v) ? text : String(v));
    if (isValRow(rows, o.valSplit, o.splitSeed)) valSamples++;
    rows++;
  }
  if (!header) throw new DatasetError('empty CSV file', { file, line: 1, expected: 'a header row', found: 'nothing' });
  if (rows === 0) throw new DatasetError('CSV file has no data rows', { file, line: 2, expected: 'rows after the header', found: 'nothing' });
  const at = (l: { line: number; text: string }) => `${JSON.stringify(l.text)} on line ${l.line}`;
  let task: 'classification' | 'regression';
  let taskReason: string;
  if (o.task) {
    task = o.task;
    taskReason = `task ${o.task} was given`;
  } else if (!numericLabels) {
    task = 'classification';
    taskReason = `labels are text (first ${at(firstText!)}): one class per distinct label`;
  } else if (indexLabels) {
    task = 'classification';
    taskReason = `every label is an integer >= 0: class indices`;
  } else {
    task = 'regression';
    taskReason = integerLabels
      ? `labels are integers but not all class indices (integers >= 0; first ${at(firstNonIndex!)}), so they are read as regression targets; give task classification (--task classification) to read each value as a class`
      : `labels are numbers that are not integers (first ${at(firstNonIndex!)}): regression targets`;
  }
  let classNames: string[] | null = null;
  let numClasses: number | null = null;
  if (task === 'classification') {
    if (numericLabels && indexLabels) {
      numClasses = o.numClasses ?? maxLabel + 1;
    } else {
      if (names.size > maxClasses) {
        throw new DatasetError(`too many distinct labels in column "${o.label}"`, { file, expected: `at most ${maxClasses} classes`, found: `more (first label "${firstLabel!.text}" on line ${firstLabel!.line})` });
      }
      classNames = numericLabels ? [...names].sort((a, b) => Number(a) - Number(b)) : [...names].sort();
      numClasses = classNames.length;
      if (o.task === 'classification' && numericLabels) taskReason += `: the label values ${classNames.slice(0, 10).join(', ')} are classes 0..${numClasses - 1} in that order`;
      if (o.numClasses !== undefined && o.numClasses !== numClasses) {
        throw new DatasetError(`label column "${o.label}" has another number of classes`, { file, expected: `${o.numClasses}`, found: `${numClasses} (${classNames.slice(0, 10).join(', ')})` });
      }
    }
  }
  return { header, labelIndex, featureIndices, task, taskReason, numClasses, classNames, trainSamples: rows - valSamples, valSamples };
}
