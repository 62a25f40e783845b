import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { browserSkipReason, browserTestFiles } from './tools/browser-tests.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  test: {
    include: [
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
    ],
    // Without Chromium a local run leaves the browser tests out, and the global setup says so.
    exclude: [...configDefaults.exclude, ...(browserSkipReason() ? browserTestFiles(root) : [])],
    globalSetup: ['tools/browser-tests.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: more workers only contend for CPU with PGlite's WASM.
    maxWorkers: 2,
  },
});
