import os from 'node:os';
import { type Transferable, Worker } from 'node:worker_threads';

/**
 * A small pool of long-lived worker threads running one TypeScript entry (CPU-heavy work such
 * as parsing an upload), so the main thread's event loop keeps answering requests.
 *
 * Protocol: the pool posts `{ id, input }`; the worker answers `{ id, parts }` then, each time
 * the pool posts `{ id, next: true }`, `{ id, part }` until `{ id, done: true }` — or
 * `{ id, error }` at any point. Big results come in parts the pool pulls one at a time, so
 * decoding a 20 MB file's worth of objects never holds the main thread for long.
 */
export interface WorkerPool<I, O> {
  run(input: I, transfer?: Transferable[]): Promise<O>;
  /** Starts one thread ahead of the first job, so a server's first upload skips the cold start. */
  warm(): void;
  close(): Promise<void>;
}

export interface WorkerReply {
  id: number;
  part?: unknown;
  done?: boolean;
  error?: SerializedError;
}

/** An error crossing the thread boundary: structured clone keeps neither class nor fields. */
export interface SerializedError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

interface Job<I> {
  id: number;
  input: I;
  transfer: Transferable[];
  parts: unknown[];
  resolve(parts: unknown[]): void;
  reject(err: unknown): void;
}

const bootstrap = new URL('./ts-worker.js', import.meta.url);

/** One or two threads on the 2-core machines Guildhall is sized for; at most four. */
export const defaultPoolSize = () => Math.max(1, Math.min(4, os.availableParallelism() - 1));

export function createWorkerPool<I, O>(opts: {
  /** The worker's entry file (a .ts file URL); it calls `serveWorker`. */
  entry: URL;
  size?: number;
  /** Rebuilds the answer from its parts, and an error from its serialized form. */
  assemble(parts: unknown[]): O;
  revive(err: SerializedError): Error;
}): WorkerPool<I, O> {
  const size = opts.size ?? defaultPoolSize();
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  const queue: Job<I>[] = [];
  const busy = new Map<Worker, Job<I>>();
  let nextId = 1;
  let closed = false;

  const spawn = (): Worker => {
    const worker = new Worker(bootstrap, { workerData: { entry: opts.entry.href } });
    all.add(worker);
    worker.on('message', (reply: WorkerReply) => {
      const job = busy.get(worker);
      if (!job || job.id !== reply.id) return;
      if (reply.error) return finish(worker, () => job.reject(opts.revive(reply.error!)));
      if (reply.done) return finish(worker, () => job.resolve(job.parts));
      job.parts.push(reply.part);
      worker.postMessage({ id: job.id, next: true });
    });
    // A crashed worker fails its job and is replaced on the next demand.
    worker.on('error', (err) => {
      const job = busy.get(worker);
      busy.delete(worker);
      all.delete(worker);
      job?.reject(err);
      pump();
    });
    worker.on('exit', () => {
      const job = busy.get(worker);
      busy.delete(worker);
      all.delete(worker);
      job?.reject(new Error('the worker thread exited'));
      pump();
    });
    return worker;
  };

  const finish = (worker: Worker, settle: () => void) => {
    busy.delete(worker);
    idle.push(worker);
    // An idle worker does not keep the process alive.
    worker.unref();
    settle();
    pump();
  };

  const pump = () => {
    while (!closed && queue.length > 0) {
      const worker = idle.pop() ?? (all.size < size ? spawn() : undefined);
      if (!worker) return;
      const job = queue.shift()!;
      busy.set(worker, job);
      worker.ref();
      worker.postMessage({ id: job.id, input: job.input }, job.transfer);
    }
  };

  return {
    run(input, transfer = []) {
      if (closed) return Promise.reject(new Error('the worker pool is closed'));
      return new Promise<unknown[]>((resolve, reject) => {
        queue.push({ id: nextId++, input, transfer, parts: [], resolve, reject });
        pump();
      }).then(opts.assemble);
    },
    warm() {
      // Loads one thread's code now (seconds of module loading on a cold start), idle and unref'd.
      if (closed || all.size > 0) return;
      const worker = spawn();
      idle.push(worker);
      worker.unref();
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the worker pool is closed'));
      await Promise.all([...all].map((w) => w.terminate()));
    },
  };
}
