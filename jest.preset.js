// Shared jest settings for every project: TypeScript through SWC, workspace packages
// resolved to their sources (same map as tsconfig.base.json), and a summary reporter that
// .ci/run aggregates into the plain "N passed, N failed" line.
const path = require('path');
const { compilerOptions } = require('./tsconfig.base.json');

const root = __dirname;

function moduleNameMapper() {
  const map = {};
  for (const [name, [target]] of Object.entries(compilerOptions.paths)) {
    map[`^${name.replace(/[/\\^$.*+?()[\]{}|]/g, '\\$&')}$`] = path.join(root, target);
  }
  return map;
}

/**
 * @param {{ displayName: string, rootDir: string } & import('jest').Config} options
 * @returns {import('jest').Config}
 */
module.exports = function preset({ displayName, rootDir, ...rest }) {
  return {
    displayName,
    rootDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/**/*.test.ts', '<rootDir>/**/*.test.tsx'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.next/'],
    transform: {
      '^.+\\.(t|j)sx?$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', tsx: true },
            transform: { react: { runtime: 'automatic' } },
            target: 'es2022',
          },
          module: { type: 'commonjs' },
        },
      ],
    },
    transformIgnorePatterns: ['/node_modules/(?!(d3-[^/]+|internmap)/)'],
    moduleNameMapper: { ...moduleNameMapper(), ...(rest.moduleNameMapper || {}) },
    reporters: ['default', [path.join(root, 'tools/jest/summary-reporter.js'), { name: displayName }]],
    testTimeout: 60000,
    // In CI a leaked handle (a browser or server a failed test left open) must not hang the run
    // until CI's time limit: jest reports it and exits.
    forceExit: process.env.CI === 'true',
    ...Object.fromEntries(Object.entries(rest).filter(([k]) => k !== 'moduleNameMapper')),
  };
};
