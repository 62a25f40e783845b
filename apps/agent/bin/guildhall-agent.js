#!/usr/bin/env node
// Plain-JS launcher: registers tsx so the TypeScript sources run without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
