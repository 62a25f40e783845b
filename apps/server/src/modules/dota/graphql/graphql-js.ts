import { createRequire } from 'node:module';

/**
 * graphql-js as mercurius loads it (CommonJS). An ESM `import 'graphql'` may resolve to its
 * .mjs build under bundler-style resolution (the test runner's), and graphql refuses types
 * made by the other copy; requiring it keeps one copy everywhere.
 */
const require = createRequire(import.meta.url);
export const graphqlJs: typeof import('graphql') = require('graphql');
