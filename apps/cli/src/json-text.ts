// JSON.parse's failure as one line that says what to do: recent Node versions quote an excerpt
// of the text (with its newlines) in the message; YAML and literal NaN/Infinity get their own words.

/** One line saying why `text` is not JSON, for a file of `what` (e.g. 'a sweep file'). */
export function jsonParseProblem(text: string, error: unknown, what: string): string {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body === '') return 'the file is empty';
  // YAML: the first line that is not a comment or a document marker is `key: value`.
  const first = body.split(/\r?\n/).find((line) => line.trim() !== '' && !/^\s*#/.test(line) && !/^---/.test(line)) ?? '';
  if (/^[\w"'-][\w\s"'.-]*:(\s|$)/.test(first)) {
    return `not JSON (it looks like YAML): ${what} is one JSON object; convert it, e.g. python3 -c 'import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin)))' < file.yaml`;
  }
  const literal = /(?<![\w"])-?(NaN|Infinity)(?![\w"])/.exec(body);
  if (literal) return `not valid JSON: a literal ${literal[0]} (JSON has no NaN or Infinity; write null)`;
  const message = error instanceof Error ? error.message : String(error);
  return `not valid JSON: ${message.replace(/\s*[\r\n]+\s*/g, ' ')}`;
}
