// Starts a worker thread on a TypeScript file: the server runs its sources through tsx with no
// build step, and a worker thread does not inherit the main thread's module hooks, so it
// registers tsx itself before importing its entry (`workerData.entry`, a file URL).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
