/**
 * Test worker: signals that it started (slot 1), then blocks its thread until the test opens
 * slot 0, then answers its thread id. Were it run on the main thread, the test would deadlock.
 */
import { threadId } from 'node:worker_threads';
import { serveWorker } from '../serve';

serveWorker((input: { gate: Int32Array; fail?: boolean }) => {
  Atomics.store(input.gate, 1, 1);
  Atomics.notify(input.gate, 1);
  Atomics.wait(input.gate, 0, 0);
  if (input.fail) throw new RangeError('asked to fail');
  return [threadId];
});
