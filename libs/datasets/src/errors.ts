// Bad input is a DatasetError that says which file, where in it, what was expected and found.

/** Where and what went wrong in a data file. */
export interface DatasetErrorDetails {
  /** File (or data set) name. */
  file?: string;
  /** Byte offset in the (decompressed) file. */
  offset?: number;
  /** 1-based line (text files). */
  line?: number;
  /** 1-based column (text files; for CSV the field number). */
  column?: number;
  /** What was expected there. */
  expected?: string;
  /** What was found there. */
  found?: string;
  /** What to do about it. */
  hint?: string;
}

function place(d: DatasetErrorDetails): string {
  const parts: string[] = [];
  if (d.file !== undefined) parts.push(d.file);
  if (d.line !== undefined) parts.push(`line ${d.line}`);
  if (d.column !== undefined) parts.push(`column ${d.column}`);
  if (d.offset !== undefined) parts.push(`byte ${d.offset}`);
  return parts.join(', ');
}

/** A data file or data option the library cannot use. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError' as const;
  readonly file?: string;
  readonly offset?: number;
  readonly line?: number;
  readonly column?: number;
  readonly expected?: string;
  readonly found?: string;
  readonly hint?: string;
  /** The problem alone, without place and expected/found. */
  readonly problem: string;

  constructor(problem: string, details: DatasetErrorDetails = {}) {
    const where = place(details);
    const ef = details.expected !== undefined || details.found !== undefined
      ? ` (expected ${details.expected ?? '?'}, found ${details.found ?? '?'})` : '';
    const hint = details.hint ? `. ${details.hint}` : '';
    super(`${where ? `${where}: ` : ''}${problem}${ef}${hint}`);
    this.problem = problem;
    Object.assign(this, details);
  }

  /** The details this error was made with. */
  details(): DatasetErrorDetails {
    const { file, offset, line, column, expected, found, hint } = this;
    return Object.fromEntries(Object.entries({ file, offset, line, column, expected, found, hint })
      .filter(([, v]) => v !== undefined)) as DatasetErrorDetails;
  }
}
