import * as path from 'path';
import { RULES, checkSource, checkWorkspace, importsOf } from './boundaries';

const core = RULES.find((r) => r.root === 'libs/core/src')!;
const datasets = RULES.find((r) => r.root === 'libs/datasets/src')!;

describe('module boundaries', () => {
  it('finds static, side-effect, dynamic and require imports with their lines', () => {
    const src = [
      "import * as tf from '@tensorflow/tfjs-core';",
      "import './side-effect';",
      "export { x } from './x';",
      "const fs = require('fs');",
      "const m = await import('node:path');",
    ].join('\n');
    expect(importsOf(src)).toEqual([
      { specifier: '@tensorflow/tfjs-core', line: 1 },
      { specifier: './side-effect', line: 2 },
      { specifier: './x', line: 3 },
      { specifier: 'fs', line: 4 },
      { specifier: 'node:path', line: 5 },
    ]);
  });

  it('rejects Node built-ins, React and tfjs-node in libs/core', () => {
    for (const bad of ["import fs from 'fs'", "import { join } from 'node:path'", "import React from 'react'",
      "import '@tensorflow/tfjs-node-gpu'", "const x = require('@tensorflow/tfjs-node')"]) {
      expect(checkSource(core, 'finder.ts', bad)).toHaveLength(1);
    }
    expect(checkSource(core, 'finder.ts', "import * as tf from '@tensorflow/tfjs-core'")).toEqual([]);
  });

  it('names the file, line and specifier of a violation', () => {
    const [v] = checkSource(core, 'a/b.ts', "\n\nimport { readFile } from 'fs/promises';");
    expect(v).toMatchObject({ file: path.join('libs/core/src', 'a/b.ts'), line: 3, specifier: 'fs/promises' });
  });

  it('lets Node-only entries and tests of libs/datasets use Node built-ins', () => {
    expect(checkSource(datasets, 'node.ts', "import fs from 'fs'")).toEqual([]);
    expect(checkSource(datasets, 'node/idx-file.ts', "import fs from 'fs'")).toEqual([]);
    expect(checkSource(datasets, 'idx.test.ts', "import fs from 'fs'")).toEqual([]);
    expect(checkSource(datasets, 'idx.ts', "import fs from 'fs'")).toHaveLength(1);
  });

  it('holds for the whole workspace', () => {
    const violations = checkWorkspace(path.join(__dirname, '..', '..'));
    expect(violations.map((v) => `${v.file}:${v.line} imports ${v.specifier} (${v.reason})`)).toEqual([]);
  });
});
