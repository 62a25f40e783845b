/**
 * Worker thread entry: owns the embedded database (PGlite, PostgreSQL compiled to WASM) so its
 * statements run on this thread's CPU time, not the server's. `pglite-remote.ts` is the other
 * side. Transactions stay PGlite's own: `begin` opens one with `db.transaction`, whose callback
 * waits for `end`, so PGlite queues every other statement behind it as in process.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { RemoteReply, RemoteRequest } from './pglite-remote';

const port = parentPort!;
const ROLLBACK = Symbol('rollback');

interface OpenTransaction {
  tx: Transaction;
  end(commit: boolean): void;
  done: Promise<unknown>;
}

const reply = (msg: RemoteReply) => port.postMessage(msg);

function serializeError(err: unknown): { message: string; fields: Record<string, unknown> } {
  if (!(err instanceof Error)) return { message: String(err), fields: {} };
  const fields: Record<string, unknown> = { name: err.name };
  for (const [k, v] of Object.entries(err)) {
    if (typeof v === 'function') continue;
    try {
      fields[k] = structuredClone(v);
    } catch {
      // not cloneable: left out
    }
  }
  return { message: err.message, fields };
}

let db: PGlite;
try {
  db = await PGlite.create({ dataDir: (workerData as { dataDir: string }).dataDir });
} catch (err) {
  reply({ id: 0, error: serializeError(err) });
  throw err;
}

const txs = new Map<number, OpenTransaction>();
let nextTx = 1;

const parsersFor = (raw: number[]) => Object.fromEntries(raw.map((oid) => [oid, (v: string) => v]));

async function handle(req: RemoteRequest): Promise<unknown> {
  switch (req.op) {
    case 'query': {
      const target = req.tx === undefined ? db : txs.get(req.tx)?.tx;
      if (!target) throw new Error(`transaction ${req.tx} is not open`);
      const result = await target.query(req.sql, req.params, {
        rowMode: req.rowMode,
        parsers: parsersFor(req.raw),
      });
      return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows };
    }
    case 'begin': {
      const id = nextTx++;
      let started!: (tx: Transaction) => void;
      const opened = new Promise<Transaction>((resolve) => {
        started = resolve;
      });
      let end!: (commit: boolean) => void;
      const done = db.transaction(async (tx) => {
        const commit = new Promise<boolean>((resolve) => {
          end = resolve;
        });
        started(tx);
        if (!(await commit)) throw ROLLBACK;
      });
      // Settled by `end`; a failure to open reaches the caller through `opened` never resolving.
      done.catch(() => {});
      const tx = await Promise.race([opened, done.then(() => null)]);
      if (!tx) throw new Error('the transaction could not be opened');
      txs.set(id, { tx, end, done });
      return id;
    }
    case 'end': {
      const open = txs.get(req.tx);
      if (!open) return null;
      txs.delete(req.tx);
      open.end(req.commit);
      try {
        await open.done;
      } catch (err) {
        if (err !== ROLLBACK) throw err;
      }
      return null;
    }
    case 'dump': {
      // PGlite's dump holds its statement lock, not its transaction lock: let open transactions
      // finish, and checkpoint so the tarball opens without replaying the write-ahead log.
      await Promise.allSettled([...txs.values()].map((t) => t.done));
      await db.exec('checkpoint');
      const blob = await db.dumpDataDir('gzip');
      return new Uint8Array(await blob.arrayBuffer());
    }
    case 'close':
      await db.close();
      return null;
  }
}

port.on('message', (req: RemoteRequest) => {
  handle(req).then(
    (value) => reply({ id: req.id, value }),
    (err: unknown) => reply({ id: req.id, error: serializeError(err) }),
  );
});
reply({ id: 0, value: 'ready' });
