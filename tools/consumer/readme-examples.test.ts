import { readmeExamples } from './readme-examples';

describe('README examples', () => {
  it('takes each marked fenced block verbatim, with its file name and line', () => {
    const readme = [
      '# pkg', // 1
      '<!-- example: a.mjs -->', // 2
      '```js',
      "import x from 'y';",
      '',
      'console.log(x);',
      '```',
      'text',
      '```js', // unmarked: not an example
      'fragment(',
      '```',
      '<!-- example: b.cts -->', // 12
      '````ts',
      '```inner```',
      '````',
    ].join('\n');
    expect(readmeExamples(readme)).toEqual([
      { file: 'a.mjs', code: "import x from 'y';\n\nconsole.log(x);\n", line: 2 },
      { file: 'b.cts', code: '```inner```\n', line: 12 },
    ]);
  });

  it('refuses a marker without a block, an unknown kind, an unclosed block and a name used twice', () => {
    expect(() => readmeExamples('<!-- example: a.mjs -->\ntext\n', 'X.md')).toThrow('X.md:1: the example marker for a.mjs must be followed at once by a fenced code block');
    expect(() => readmeExamples('<!-- example: a.py -->\n```\n```\n')).toThrow('must be a plain file name ending in .mjs, .cjs, .mts, .cts');
    expect(() => readmeExamples('<!-- example: ../a.mjs -->\n```\n```\n')).toThrow('plain file name');
    expect(() => readmeExamples('<!-- example: a.mjs -->\n```js\nx\n')).toThrow('README.md:2: the code block of a.mjs is never closed');
    const twice = '<!-- example: a.mjs -->\n```\nx\n```\n<!-- example: a.mjs -->\n```\ny\n```\n';
    expect(() => readmeExamples(twice)).toThrow('README.md:5: example name a.mjs is used twice');
  });
});
