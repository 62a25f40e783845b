#!/usr/bin/env node
// The package's `bin`. Published, it runs the bundle (dist/guildhall-agent.mjs, built by prepack).
// In the repository the sources sit beside it: tsx runs them, so `npx guildhall-agent` works from
// a fresh clone before any build and never runs a stale bundle.
import { existsSync } from 'node:fs';

const source = new URL('../src/main.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../dist/guildhall-agent.mjs');
}
