// Next.js config: the @lrfinder/* workspace packages are compiled from their TypeScript
// sources (the same map as tsconfig.base.json `paths`), so the dashboard never needs their
// dist/ builds. Works with Turbopack (default) and with `next build --webpack`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(import.meta.url);
const { compilerOptions } = require('../../tsconfig.base.json');

/** `@lrfinder/x` -> absolute path of its source entry. */
const workspaceAliases = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([name, [target]]) => [name, path.join(root, target)]),
);

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: ['@lrfinder/core', '@lrfinder/datasets', '@lrfinder/backends', '@lrfinder/plotting'],
  experimental: { externalDir: true },
  turbopack: {
    root,
    // Turbopack wants aliases relative to the app folder.
    resolveAlias: Object.fromEntries(
      Object.entries(workspaceAliases).map(([name, abs]) => [name, './' + path.relative(here, abs)]),
    ),
  },
  webpack(config) {
    config.resolve.alias = { ...config.resolve.alias };
    for (const [name, abs] of Object.entries(workspaceAliases)) config.resolve.alias[`${name}$`] = abs;
    return config;
  },
};

export default nextConfig;
