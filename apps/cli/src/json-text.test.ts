import { jsonParseProblem } from './json-text';

const problem = (text: string) => {
  try {
    JSON.parse(text);
  } catch (e) {
    return jsonParseProblem(text, e, 'a sweep file');
  }
  return 'parsed';
};

describe('jsonParseProblem', () => {
  it('names YAML, literal NaN / Infinity and an empty file; always one line', () => {
    expect(problem('id: x\nmodel: mlp\n')).toMatch(/^not JSON \(it looks like YAML\): a sweep file is one JSON object/);
    expect(problem('{"a": NaN}')).toBe('not valid JSON: a literal NaN (JSON has no NaN or Infinity; write null)');
    expect(problem('{"a": -Infinity}')).toBe('not valid JSON: a literal -Infinity (JSON has no NaN or Infinity; write null)');
    expect(problem('')).toBe('the file is empty');
    const broken = problem('{\n"a": [1,\n2,\n}');
    expect(broken).toMatch(/^not valid JSON: /);
    expect(broken).not.toMatch(/\n/);
    // A string that holds the word is not a literal.
    expect(problem('{"label": "NaN", }')).not.toMatch(/literal/);
  });
});
