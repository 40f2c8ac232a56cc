// Module boundaries of the workspace, checked by a test that fails on any violation.
// The rules follow DESIGN.md: libs/core runs in Node and in browsers, so it may not import
// Node built-ins, React or tfjs-node; browser-facing entries of the other libs likewise.
import { builtinModules } from 'module';
import * as fs from 'fs';
import * as path from 'path';

export interface BoundaryRule {
  /** Folder, relative to the workspace root, whose sources the rule covers. */
  root: string;
  /** Why the rule exists, shown with each violation. */
  reason: string;
  /** Module specifiers (exact or prefix ending in '*') that may not be imported. */
  forbidden: string[];
  /** Files (relative to root) the rule does not cover, e.g. a Node-only entry. */
  exempt?: RegExp;
}

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

const NODE_BUILTINS = [...builtinModules.filter((m) => !m.startsWith('_')), 'node:*'];
const TFJS_NODE = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];
const REACT = ['react', 'react-dom', 'react-dom/*', 'react/*', 'next', 'next/*'];
const TESTS = /(\.test\.tsx?$|(^|\/)__tests__\/|(^|\/)testing\/.*node)/;

export const RULES: BoundaryRule[] = [
  {
    root: 'libs/core/src',
    reason: '@lrfinder/core must run in Node and in a browser bundle',
    forbidden: [...NODE_BUILTINS, ...TFJS_NODE, ...REACT, '@tensorflow/tfjs', '@lrfinder/*'],
    exempt: TESTS,
  },
  {
    root: 'libs/datasets/src',
    reason: 'the main entry of @lrfinder/datasets is used in the browser; Node readers live under src/node',
    forbidden: [...NODE_BUILTINS, ...TFJS_NODE, ...REACT],
    exempt: new RegExp(`${TESTS.source}|^node(\\.ts|/)`),
  },
  {
    root: 'libs/plotting/src',
    reason: '@lrfinder/plotting is pure transforms and charts, shared by the CLI and the browser',
    forbidden: [...NODE_BUILTINS, ...TFJS_NODE, '@tensorflow/*'],
    exempt: TESTS,
  },
  {
    root: 'libs',
    reason: 'libraries may not depend on applications',
    forbidden: ['@lrfinder/cli', '@lrfinder/cli/*', '@lrfinder/dashboard', '@lrfinder/dashboard/*'],
  },
];

const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[^.\w])(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Every module specifier a TypeScript source imports, with its 1-based line. */
export function importsOf(source: string): { specifier: string; line: number }[] {
  const found: { specifier: string; line: number }[] = [];
  for (const match of source.matchAll(IMPORT_RE)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    const line = source.slice(0, match.index + match[0].indexOf(specifier)).split('\n').length;
    found.push({ specifier, line });
  }
  return found;
}

export function matches(specifier: string, pattern: string): boolean {
  if (pattern.endsWith('*')) return specifier.startsWith(pattern.slice(0, -1));
  return specifier === pattern;
}

/** Checks one source against one rule. `file` is relative to the rule's root. */
export function checkSource(rule: BoundaryRule, file: string, source: string): Violation[] {
  if (rule.exempt?.test(file)) return [];
  return importsOf(source)
    .filter(({ specifier }) => rule.forbidden.some((p) => matches(specifier, p)))
    .map(({ specifier, line }) => ({ file: path.join(rule.root, file), line, specifier, reason: rule.reason }));
}

function sourcesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|js|mjs|cjs)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !/[/\\](node_modules|dist|\.next)[/\\]/.test(f));
}

/** Checks every rule over the workspace at `workspaceRoot`. */
export function checkWorkspace(workspaceRoot: string, rules = RULES): Violation[] {
  return rules.flatMap((rule) => {
    const root = path.join(workspaceRoot, rule.root);
    return sourcesUnder(root).flatMap((file) =>
      checkSource(rule, path.relative(root, file).split(path.sep).join('/'), fs.readFileSync(file, 'utf8')),
    );
  });
}
