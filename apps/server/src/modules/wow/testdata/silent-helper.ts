/** A parse helper thread that takes every message and never answers (`parse-helper.test.ts`). */
import { type MessagePort, workerData } from 'node:worker_threads';

const { port } = workerData as { port: MessagePort };
port.on('message', () => undefined);
