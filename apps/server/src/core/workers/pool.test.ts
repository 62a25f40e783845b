import http from 'node:http';
import { threadId, Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool } from './pool';

const pools: WorkerPool<{ gate: Int32Array; fail?: boolean }, number>[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});

function latchPool() {
  const pool = createWorkerPool<{ gate: Int32Array; fail?: boolean }, number>({
    entry: new URL('./testing/latch-worker.ts', import.meta.url),
    size: 1,
    assemble: (parts) => parts[0] as number,
    revive: (err) => Object.assign(new Error(err.message), { name: err.name }),
  });
  pools.push(pool);
  return pool;
}

const newGate = () => new Int32Array(new SharedArrayBuffer(8));

/** Resolves once the worker has set slot 1, checking once per event-loop turn (never blocking). */
async function started(gate: Int32Array): Promise<void> {
  while (Atomics.load(gate, 1) === 0) await new Promise((resolve) => setImmediate(resolve));
}

const release = (gate: Int32Array) => {
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
};

describe('worker pool', () => {
  it('runs the work on another thread while this one answers HTTP requests', async () => {
    const pool = latchPool();
    const gate = newGate();
    const result = pool.run({ gate });
    await started(gate);
    // The worker is blocked mid-job: a request on this thread's event loop still gets its answer.
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const answer = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(answer).toBe('ok');
    expect(Atomics.load(gate, 0)).toBe(0);
    release(gate);
    const workerThread = await result;
    expect(workerThread).not.toBe(threadId);
  });

  it("queues work beyond the pool's size and hands a worker's error back to its caller", async () => {
    const pool = latchPool();
    const first = newGate();
    const second = newGate();
    const a = pool.run({ gate: first, fail: true });
    const b = pool.run({ gate: second });
    await started(first);
    // One thread: the second job has not started while the first holds it.
    expect(Atomics.load(second, 1)).toBe(0);
    release(first);
    await expect(a).rejects.toThrow('asked to fail');
    await started(second);
    release(second);
    await expect(b).resolves.toBeTypeOf('number');
  });

  it('starts its thread at warm(), before the first job asks for it', async () => {
    const pool = latchPool();
    pool.warm();
    // Thread ids grow: a thread started after warm() has a larger id than the pool's.
    const later = new Worker('', { eval: true });
    const laterId = later.threadId;
    await later.terminate();
    const gate = newGate();
    release(gate);
    const poolThread = await pool.run({ gate });
    expect(poolThread).toBeLessThan(laterId);
  });
});
