import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { TextWork, TextWorkDone } from './text-work';

/**
 * A second thread for the parse worker: it decodes the same upload (shared memory, read in
 * place) while the worker scans it, then does a share of the text work (`text-work.ts`) while
 * the worker does the rest. The worker's read is synchronous, so it waits for the share with
 * `Atomics.wait` and takes the answer with `receiveMessageOnPort`: no turn of its event loop.
 *
 * Created by the parse worker (`parse-worker.ts`) on a machine with a core to spare; a nested
 * thread ends with the worker that started it.
 */
export interface ParseHelper {
  /** Starts decoding the bytes (shared memory) on the helper thread. */
  load(bytes: Uint8Array): void;
  /** Hands the helper its share of the text `load` gave it. */
  start(work: TextWork): void;
  /** The share's answer, waiting for it; null when the helper failed (do the share in place). */
  result(): TextWorkDone | null;
  /** Lets the helper forget the text (after every `load`, whatever happened). */
  drop(): void;
}

export type HelperMessage = { load: Uint8Array } | { work: TextWork } | { drop: true };
export type HelperReply = { done: TextWorkDone } | { error: string };

/**
 * How long a share may take before the helper counts as broken (and its share is done in
 * place): a safety net for a thread that died, whose exit the waiting worker cannot hear.
 */
const HELPER_TIMEOUT_MS = 60_000;

export function createParseHelper(
  entry = new URL('./parse-helper-worker.ts', import.meta.url),
  timeoutMs = HELPER_TIMEOUT_MS,
): ParseHelper & { close(): Promise<void> } {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('../../core/workers/ts-worker.js', import.meta.url), {
    workerData: { entry: entry.href, port: port2, signal },
    transferList: [port2],
  });
  worker.unref();
  let broken = false;
  worker.on('error', () => {
    broken = true;
  });
  worker.on('exit', () => {
    broken = true;
  });
  const send = (msg: HelperMessage) => {
    if (!broken) port1.postMessage(msg);
  };
  return {
    load: (bytes) => send({ load: bytes }),
    start: (work) => send({ work }),
    result() {
      if (broken) return null;
      const reply = waitForReply(port1, signal, timeoutMs);
      if (!reply || 'error' in reply) {
        // A late answer would be taken for the next share's: this helper is done.
        broken = true;
        void worker.terminate();
        return null;
      }
      return reply.done;
    },
    drop: () => send({ drop: true }),
    async close() {
      broken = true;
      port1.close();
      await worker.terminate();
    },
  };
}

function waitForReply(port: MessagePort, signal: Int32Array, timeoutMs: number): HelperReply | null {
  if (Atomics.wait(signal, 0, 0, timeoutMs) === 'timed-out') return null;
  Atomics.store(signal, 0, 0);
  return (receiveMessageOnPort(port)?.message as HelperReply | undefined) ?? null;
}
