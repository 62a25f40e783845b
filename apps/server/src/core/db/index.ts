import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { failSpan, startQuerySpan, tracingEnabled } from '../tracing';
import { PgliteRemote } from './pglite-remote';

/** The drizzle database, whichever driver is underneath. Only `*.repo.ts` files use it. */
export type Database = PgDatabase<PgQueryResultHKT, Record<string, never>>;
/** A transaction or the database itself: repo functions accept either. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * The ids an `update … returning id` run through `db.execute` gave back (a claim of due rows):
 * both drivers answer `{ rows }`, and PostgreSQL's bigint ids come as strings.
 */
export function returnedIds(result: unknown): number[] {
  return (result as { rows: { id: string | number }[] }).rows.map((r) => Number(r.id));
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  migrate(): Promise<void>;
  /** Whether the database answers, without queueing behind a long transaction. */
  ping(): Promise<void>;
  /** The embedded database's data directory as a gzipped tarball (PGlite only; backups). */
  dumpDataDir?(): Promise<Uint8Array>;
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../drizzle',
);

export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`the embedded database in ${dir} is in use by process ${pid}`);
    this.name = 'DatabaseLockedError';
  }
}

/** An arbitrary constant: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_ID = 7_301_994;

export async function openDatabase(opts: { url?: string; dataDir: string }): Promise<DatabaseHandle> {
  return opts.url ? openPostgres(opts.url) : openPglite(path.join(opts.dataDir, 'db'));
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A dropped connection must not take the process down; queries on it fail and are retried by callers.
  pool.on('error', () => {});
  pool.on('connect', traceStatements);
  await pool.query('select 1');
  const db = drizzlePostgres(pool) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
        await migratePostgres(drizzlePostgres(client), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => {});
        await client.end();
      }
    },
    // Another pooled connection than the one an upload's transaction holds.
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
  };
}

type AnyQuery = (...args: unknown[]) => unknown;

/**
 * With tracing on, every statement a pooled connection runs is a span under the active one
 * (drizzle calls `query` with a promise, the pool's own `query` with a callback; cursors and
 * other submittables pass untimed).
 */
function traceStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as AnyQuery;
  (client as unknown as { query: AnyQuery }).query = (...args) => {
    const first = args[0] as string | { text?: string; submit?: unknown } | undefined;
    if (!tracingEnabled() || (typeof first === 'object' && typeof first?.submit === 'function'))
      return query(...args);
    const span = startQuerySpan(typeof first === 'string' ? first : (first?.text ?? ''));
    const end = (err?: unknown) => {
      if (!span) return;
      if (err) failSpan(span, err);
      span.end();
    };
    const callback = args.findIndex((a) => typeof a === 'function');
    if (callback >= 0) {
      const original = args[callback] as (err: unknown, res: unknown) => void;
      args[callback] = (err: unknown, res: unknown) => {
        end(err);
        original(err, res);
      };
      return query(...args);
    }
    return (query(...args) as Promise<unknown>).then(
      (res) => {
        end();
        return res;
      },
      (err: unknown) => {
        end(err);
        throw err;
      },
    );
  };
}

/**
 * PGlite is a single-process database: two processes on one directory would corrupt it.
 * A pid lock file turns that into a clear error (the CLI then hands its command to the server).
 * It runs on a worker thread (see pglite-remote.ts): its statements run synchronously in WASM,
 * which on the server's thread held every request while an upload was written.
 */
async function openPglite(dir: string): Promise<DatabaseHandle> {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(path.dirname(dir), 'db.lock');
  acquireLock(lockFile, dir);
  let client: PgliteRemote;
  try {
    client = await PgliteRemote.open(dir);
  } catch (err) {
    fs.rmSync(lockFile, { force: true });
    throw err;
  }
  // drizzle's PGlite driver calls only `query` and `transaction`, which the remote client answers.
  const pglite = client as unknown as PGlite;
  const db = drizzlePglite(pglite) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(drizzlePglite(pglite), { migrationsFolder }),
    ping: () => client.ping(),
    dumpDataDir: () => client.dumpDataDir(),
    async close() {
      await client.close();
      releaseLock(lockFile);
    },
  };
}

/**
 * Runs `work` while holding the embedded database's lock, without opening it: a restore
 * replaces the directory, so no server or CLI may have it open meanwhile.
 */
export async function holdingEmbeddedDatabase<T>(
  dataDir: string,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = path.join(dataDir, 'db');
  const lockFile = path.join(dataDir, 'db.lock');
  fs.mkdirSync(dataDir, { recursive: true });
  acquireLock(lockFile, dir);
  try {
    return await work(dir);
  } finally {
    releaseLock(lockFile);
  }
}

function acquireLock(lockFile: string, dir: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DatabaseLockedError(dir, pid);
      }
      // A stale lock from a process that died: take it over.
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new DatabaseLockedError(dir, -1);
}

function releaseLock(lockFile: string): void {
  try {
    if (Number(fs.readFileSync(lockFile, 'utf8')) === process.pid) fs.rmSync(lockFile, { force: true });
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
