import { parentPort } from 'node:worker_threads';
import type { SerializedError, WorkerReply } from './pool';

/**
 * The worker side of a `createWorkerPool`: runs `handle` on each input and sends its answer's
 * parts one at a time, each when the pool asks for the next.
 */
export function serveWorker<I>(handle: (input: I) => unknown[]): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker runs in a worker thread');
  const pending = new Map<number, { parts: unknown[]; next: number }>();
  const send = (reply: WorkerReply) => port.postMessage(reply);
  port.on('message', (msg: { id: number; input?: I; next?: boolean }) => {
    if (!msg.next) {
      try {
        pending.set(msg.id, { parts: handle(msg.input as I), next: 0 });
      } catch (err) {
        send({ id: msg.id, error: serializeError(err) });
        return;
      }
    }
    const job = pending.get(msg.id);
    if (!job) return;
    if (job.next < job.parts.length) send({ id: msg.id, part: job.parts[job.next++] });
    else {
      pending.delete(msg.id);
      send({ id: msg.id, done: true });
    }
  });
}

function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) {
    try {
      fields[k] = structuredClone(v);
    } catch {
      // not cloneable: left out
    }
  }
  return { name: err.name, message: err.message, fields };
}
