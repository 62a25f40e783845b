import { build } from 'esbuild';

const ENTRY = new URL('../src/main.ts', import.meta.url).pathname;

/**
 * Bundles the agent's sources into one file that needs only Node's own modules:
 * ESM with a shebang for `npx`/`node guildhall-agent.mjs`, CommonJS for a single-executable
 * application (Node runs an embedded main script as CommonJS).
 */
export async function bundleAgent(format: 'esm' | 'cjs', outfile: string): Promise<void> {
  await build({
    entryPoints: [decodeURIComponent(ENTRY)],
    outfile,
    bundle: true,
    platform: 'node',
    format,
    target: 'node20',
    // Only node: built-ins may stay outside the bundle; anything else is a build error.
    external: ['node:*'],
    banner: format === 'esm' ? { js: '#!/usr/bin/env node' } : undefined,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
