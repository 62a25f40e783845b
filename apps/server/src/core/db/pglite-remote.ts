import { Worker } from 'node:worker_threads';
import { traceQuery } from '../tracing';

export type RemoteRequest = { id: number } & (
  | { op: 'query'; sql: string; params: unknown[]; rowMode: 'array' | 'object'; raw: number[]; tx?: number }
  | { op: 'begin' }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'dump' }
  | { op: 'close' }
);

export type RemoteReply =
  | { id: number; value: unknown; error?: undefined }
  | { id: number; error: { message: string; fields: Record<string, unknown> } };

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

interface QueryOptions {
  rowMode?: 'array' | 'object';
  /** drizzle passes identity parsers for the date and time types: those stay text. */
  parsers?: Record<number, unknown>;
}

/** What drizzle's PGlite driver calls on its client, and on a transaction's. */
export interface RemoteQueryable {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<unknown>;
}

const bootstrap = new URL('../workers/ts-worker.js', import.meta.url);
const entry = new URL('./pglite-worker.ts', import.meta.url);

/**
 * The embedded database on its own thread, behind the client interface drizzle's PGlite driver
 * uses (`query`, `transaction`). PGlite runs each statement synchronously in WASM: on the server's
 * thread, an upload's bulk writes held every request for seconds. Here only messages cross.
 */
export class PgliteRemote implements RemoteQueryable {
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  private nextId = 1;
  private failure: Error | null = null;
  /** Transactions open on the thread: while one is, any other statement waits for its end. */
  private openTransactions = 0;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (msg: RemoteReply) => {
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (this.pending.size === 0) worker.unref();
      if (msg.error) waiter.reject(reviveError(msg.error));
      else waiter.resolve(msg.value);
    });
    const fail = (err: Error) => {
      this.failure = err;
      for (const waiter of this.pending.values()) waiter.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the database thread exited')));
  }

  static async open(dataDir: string): Promise<PgliteRemote> {
    const worker = new Worker(bootstrap, { workerData: { entry: entry.href, dataDir } });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (msg: RemoteReply) => {
        if (msg.id !== 0) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        if (msg.error) reject(reviveError(msg.error));
        else resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    }).catch(async (err) => {
      await worker.terminate();
      throw err;
    });
    worker.unref();
    return new PgliteRemote(worker);
  }

  private call(req: Distribute<RemoteRequest>): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Work in flight keeps the process alive; an idle database does not.
      this.worker.ref();
      this.worker.postMessage({ ...req, id });
    });
  }

  query(sql: string, params: unknown[] = [], options: QueryOptions = {}, tx?: number): Promise<unknown> {
    return traceQuery(sql, () =>
      this.call({
        op: 'query',
        sql,
        params,
        rowMode: options.rowMode ?? 'object',
        raw: Object.keys(options.parsers ?? {}).map(Number),
        ...(tx === undefined ? {} : { tx }),
      }),
    );
  }

  async transaction<T>(fn: (tx: RemoteQueryable) => Promise<T>): Promise<T> {
    this.openTransactions += 1;
    try {
      const tx = (await this.call({ op: 'begin' })) as number;
      let result: T;
      try {
        result = await fn({ query: (sql, params, options) => this.query(sql, params, options, tx) });
      } catch (err) {
        await this.call({ op: 'end', tx, commit: false }).catch(() => {});
        throw err;
      }
      await this.call({ op: 'end', tx, commit: true });
      return result;
    } finally {
      this.openTransactions -= 1;
    }
  }

  /**
   * Whether the database answers: a statement while it is idle; while statements are in flight
   * or a transaction is open it is evidently working, and a probe would only wait its turn
   * behind them (PGlite runs one statement at a time, and an upload's transaction holds it).
   */
  async ping(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.size > 0 || this.openTransactions > 0) return;
    await this.query('select 1');
  }

  /** PGlite's own dump of its data directory: a gzipped tarball that `loadDataDir` reopens. */
  async dumpDataDir(): Promise<Uint8Array> {
    return (await this.call({ op: 'dump' })) as Uint8Array;
  }

  async close(): Promise<void> {
    if (!this.failure) await this.call({ op: 'close' }).catch(() => {});
    await this.worker.terminate();
  }
}

/** A database error from the thread, with its fields (`code`, `constraint`, …) as PGlite set them. */
function reviveError(err: { message: string; fields: Record<string, unknown> }): Error {
  return Object.assign(new Error(err.message), err.fields);
}
