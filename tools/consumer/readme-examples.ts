// The README examples the consumer test runs: each fenced block right after a line
// `<!-- example: <file name> -->` is saved under that name in the consumer project, verbatim.
// The name says how it is run: .mjs / .cjs with node, .mts / .cts type-checked by tsc --strict
// and the emitted file run with node.

export interface ReadmeExample {
  /** File name in the consumer project, e.g. `core-node.mjs`. */
  file: string;
  /** The block's text, verbatim. */
  code: string;
  /** 1-based line of the marker in the README. */
  line: number;
}

export const EXAMPLE_KINDS = ['.mjs', '.cjs', '.mts', '.cts'] as const;

const MARKER = /^<!--\s*example:\s*(\S+)\s*-->\s*$/;
const FENCE = /^(`{3,})[\w-]*\s*$/;

/** The marked examples of one README; a marker not followed by a fenced block is an error. */
export function readmeExamples(readme: string, where = 'README.md'): ReadmeExample[] {
  const lines = readme.split('\n');
  const found: ReadmeExample[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const marker = MARKER.exec(lines[i]);
    if (!marker) continue;
    const file = marker[1];
    if (!/^[\w.-]+$/.test(file) || !EXAMPLE_KINDS.some((ext) => file.endsWith(ext))) {
      throw new Error(`${where}:${i + 1}: example name "${file}" must be a plain file name ending in ${EXAMPLE_KINDS.join(', ')}`);
    }
    const open = FENCE.exec(lines[i + 1] ?? '');
    if (!open) throw new Error(`${where}:${i + 1}: the example marker for ${file} must be followed at once by a fenced code block`);
    const end = lines.findIndex((l, j) => j > i + 1 && l.trimEnd() === open[1]);
    if (end < 0) throw new Error(`${where}:${i + 2}: the code block of ${file} is never closed`);
    found.push({ file, code: lines.slice(i + 2, end).join('\n') + '\n', line: i + 1 });
    i = end;
  }
  const seen = new Set<string>();
  for (const e of found) {
    if (seen.has(e.file)) throw new Error(`${where}:${e.line}: example name ${e.file} is used twice`);
    seen.add(e.file);
  }
  return found;
}
