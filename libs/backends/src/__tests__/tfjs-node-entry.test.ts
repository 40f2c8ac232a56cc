// native/load.ts does what tfjs-node's entry (dist/index.js) does, with a binding from the cache
// instead of node-pre-gyp's path inside node_modules. This fails when the entry changes what it
// does (another tfjs-node version): then load.ts must be checked against it.
import { readdirSync, readFileSync } from 'node:fs';
import * as tfc from '@tensorflow/tfjs-core';
import * as path from 'node:path';
import { tfjsNodeDir } from '../native/build';

describe("tfjs-node's entry, which load.ts mirrors", () => {
  const dir = tfjsNodeDir()!;
  const entry = readFileSync(path.join(dir, 'dist/index.js'), 'utf8');

  it('is version 4.22.0, with its binding sources', () => {
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version).toBe('4.22.0');
    expect(readFileSync(path.join(dir, 'binding.gyp'), 'utf8')).toContain("'-Wl,-rpath,\\$$ORIGIN/../../deps/lib'");
  });

  it('registers its kernels, the backend class with the binding at priority 3, and the file:// handlers: nothing else of note', () => {
    const statements = entry
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^(require\(|tf\.|var \w+ = require\(|var bindingPath|var bindings|var success)/.test(l));
    expect(statements).toEqual([
      'require("./register_all_kernels");',
      'var tf = require("@tensorflow/tfjs");',
      'var path = require("path");',
      'var callbacks_1 = require("./callbacks");',
      'var file_system_1 = require("./io/file_system");',
      'var nodeIo = require("./io/index");',
      'var nodejs_kernel_backend_1 = require("./nodejs_kernel_backend");',
      'var nodeVersion = require("./version");',
      "var binary = require('@mapbox/node-pre-gyp');",
      "var bindingPath = binary.find(path.resolve(path.join(__dirname, '/../package.json')));",
      "var fs = require('fs');",
      'var bindings = require(bindingPath);',
      "var pjson = require('../package.json');",
      "tf.registerBackend('tensorflow', function () {",
      "var success = tf.setBackend('tensorflow');",
      'tf.io.registerLoadRouter(file_system_1.nodeFileSystemRouter);',
      'tf.io.registerSaveRouter(file_system_1.nodeFileSystemRouter);',
      // Model.fit's progress bar at verbose 1: lrfinder never calls fit, so load.ts skips it.
      'tf.registerCallbackConstructor(1, callbacks_1.ProgbarLogger);',
    ]);
    expect(entry).toContain('return new nodejs_kernel_backend_1.NodeJSKernelBackend(bindings, pjson.name);\n}, 3 /* priority */);');
  });

  it("the modules load.ts loads use only tfjs-core's names of @tensorflow/tfjs (so withCoreAsUnion can hand them tfjs-core)", () => {
    const dist = path.join(dir, 'dist');
    const files = ['nodejs_kernel_backend.js', 'register_all_kernels.js', 'io/file_system.js', 'int64_tensors.js', ...readdirSync(path.join(dist, 'kernels')).filter((f) => f.endsWith('.js')).map((f) => `kernels/${f}`)];
    const used = new Set<string>();
    for (const f of files) {
      // Code only: comments name things like `tf.Model` that the code does not use.
      const text = readFileSync(path.join(dist, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      // The names each file binds to require("@tensorflow/tfjs"), then every property read on them.
      const names = [...text.matchAll(/var (\w+) = require\("@tensorflow\/tfjs"\);/g)].map((m) => m[1]);
      for (const name of names) for (const m of text.matchAll(new RegExp(`\\b${name}\\.(\\w+)`, 'g'))) used.add(m[1]);
      // Nothing else of the union is required (its converter, data, layers, WebGL by their own names).
      expect(text).not.toMatch(/require\("@tensorflow\/tfjs-(converter|data|layers|backend-webgl)"\)/);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((n) => !(n in tfc))).toEqual([]);
  });
});
