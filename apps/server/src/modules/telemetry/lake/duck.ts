import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { forEachLimit } from '../../../core/concurrency';
import { duckDbOptions } from '../../../core/duckdb';
import type { ObjectStore } from '../../../core/storage/object-store';

/**
 * One DuckDB instance per process (`core/duckdb.ts`: in memory, spilling to a temp folder),
 * shared by the pipeline and the read routes. DuckDB runs queries on its own threads, so a long
 * pipeline query does not hold the event loop; read routes borrow pooled connections.
 */
let instance: Promise<DuckDBInstance> | undefined;
const idle: DuckDBConnection[] = [];
const POOL_SIZE = 4;

function getInstance(): Promise<DuckDBInstance> {
  instance ??= DuckDBInstance.create(':memory:', duckDbOptions('duckdb'));
  return instance;
}

/** A connection of its own (temporary tables stay private to it); the caller closes it. */
export async function openConnection(): Promise<DuckDBConnection> {
  const c = await (await getInstance()).connect();
  // Dates and times are UTC everywhere in the lake (event_date is the event's UTC date).
  await c.run(`SET TimeZone = 'UTC'`);
  return c;
}

let buildCounter = 0;

/**
 * Runs a build on a connection of its own inside a schema of its own, dropped afterwards: its
 * tables are visible to the writer connections of `writeParquet` and to no other build.
 */
export async function withBuildSchema<T>(
  fn: (c: DuckDBConnection, schema: string) => Promise<T>,
): Promise<T> {
  const c = await openConnection();
  const schema = `lake_build_${process.pid}_${++buildCounter}`;
  try {
    await c.run(`CREATE SCHEMA ${schema}`);
    await c.run(`SET schema = '${schema}'`);
    return await fn(c, schema);
  } finally {
    await c.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    c.closeSync();
  }
}

/** Connections writing Parquet files at once: a COPY of one small file runs on one thread. */
const WRITERS = 2;

/**
 * Writes each query of the build's schema to its Parquet file (zstd), `WRITERS` at a time,
 * folders made as needed.
 */
export async function writeParquet(
  schema: string,
  files: readonly { query: string; file: string }[],
): Promise<void> {
  await forEachLimit(
    files,
    WRITERS,
    async ({ query, file }, c: DuckDBConnection) => {
      await mkdir(path.dirname(file), { recursive: true });
      await c.run(`COPY (${query}) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`);
    },
    {
      open: async () => {
        const c = await openConnection();
        try {
          await c.run(`SET schema = '${schema}'`);
        } catch (err) {
          c.closeSync();
          throw err;
        }
        return c;
      },
      close: (c) => c.closeSync(),
    },
  );
}

/** Runs `fn` on a pooled connection (for short reads). */
export async function withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const c = idle.pop() ?? (await openConnection());
  try {
    return await fn(c);
  } finally {
    if (idle.length < POOL_SIZE) idle.push(c);
    else c.closeSync();
  }
}

/** A SQL string literal. */
export const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A SQL list of string literals (DuckDB's `[...]`). */
export const sqlList = (items: readonly string[]) => `[${items.map(sqlString).join(', ')}]`;

/** Rows of a query as plain JSON values (BIGINT as number when safe, times as strings). */
export async function queryRows(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await c.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

const WORK_PREFIX = 'guildhall-lake-';
/** A work folder this old was left by a build that died (no build runs for a day). */
const STALE_WORK_MS = 24 * 3_600_000;

async function removeStaleWork(scratch: string, now: number): Promise<void> {
  for (const name of await readdir(scratch)) {
    if (!name.startsWith(WORK_PREFIX)) continue;
    const folder = path.join(scratch, name);
    const info = await stat(folder).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_WORK_MS) await rm(folder, { recursive: true, force: true });
  }
}

/**
 * A temporary working folder, removed after `fn`: under the store's `scratch` folder when it
 * has one (files written there are renamed into the store, not copied), else the system's.
 * Work folders a crashed build left in the scratch folder are removed first: unlike the
 * system's temp folder, nothing else ever empties it.
 */
export async function withWorkDir<T>(store: ObjectStore, fn: (dir: string) => Promise<T>): Promise<T> {
  const parent = store.scratch ?? os.tmpdir();
  await mkdir(parent, { recursive: true });
  if (store.scratch) await removeStaleWork(store.scratch, Date.now());
  const dir = await mkdtemp(path.join(parent, WORK_PREFIX));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
