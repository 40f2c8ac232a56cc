// Streaming CSV rows through csv-parse, with 1-based line numbers; the file is never read whole.
import { parse } from 'csv-parse';
import { createReadStream } from 'fs';
import { DatasetError } from '../errors';

/** A parsed row and the line it ends on. */
export interface CsvRow {
  line: number;
  fields: string[];
}

/** Options of {@link csvRows}. */
export interface CsvRowsOptions {
  /** Field delimiter. @default ',' */
  delimiter?: string;
}

/**
 * Yields every non-empty row of `file` (header included); stops reading when the consumer stops.
 * Fields are not trimmed here (csv-parse's trim doubles the parse time): numbers tolerate
 * surrounding spaces, and header names and text labels are trimmed by the callers.
 */
export async function* csvRows(file: string, options: CsvRowsOptions = {}): AsyncGenerator<CsvRow, void, undefined> {
  const input = createReadStream(file);
  const parser = parse({ delimiter: options.delimiter ?? ',', info: true, relax_column_count: true, skip_empty_lines: true, bom: true });
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { line: item.info.lines, fields: item.record };
    }
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    const err = e as NodeJS.ErrnoException & { lines?: number };
    if (err.code === 'ENOENT') throw new DatasetError('file not found', { file, expected: 'a readable CSV file', found: 'nothing' });
    throw new DatasetError(`unreadable CSV (${err.message})`, { file, line: err.lines, expected: 'well-formed CSV', found: err.code ?? 'a parse error' });
  } finally {
    input.destroy();
    parser.destroy();
  }
}

const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;
/**
 * A decimal number as CSV writers (numpy, pandas, spreadsheets) write one. JavaScript's
 * `Number()` also reads `0x10` (16), `0b1` and `0o7`, which no CSV writer means as numbers:
 * those are refused as features and read as text labels.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number a field holds when it is written in decimal, else NaN (`0x10`, `abc`, ''). */
export function decimalValue(text: string): number {
  return DECIMAL.test(text) ? Number(text) : NaN;
}

/** A finite number from a field, or a DatasetError naming line and column. */
export function numericField(raw: string, file: string, line: number, column: number, header: string): number {
  const text = raw.trim();
  const v = decimalValue(text);
  if (Number.isFinite(v)) {
    // Features become float32: past its range (about 3.4e38) a value turns into Infinity.
    if (!Number.isFinite(Math.fround(v))) {
      throw new DatasetError(`value in column "${header}" overflows float32`, { file, line, column, expected: 'a number of magnitude below 3.4e38', found: text });
    }
    return v;
  }
  if (NON_FINITE.test(text) || !Number.isNaN(v)) {
    throw new DatasetError(`NaN or infinite value in column "${header}"`, { file, line, column, expected: 'a finite number', found: text });
  }
  const literal = /^[+-]?0[xXbBoO]/.test(text) ? ' (hexadecimal, binary and octal literals are not read as numbers)' : '';
  throw new DatasetError(`non-numeric value in column "${header}"${literal}`, { file, line, column, expected: 'a number', found: text === '' ? 'an empty field' : JSON.stringify(text) });
}
