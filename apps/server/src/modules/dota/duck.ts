import os from 'node:os';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * The dota module's DuckDB: in memory, spilling to a temp folder, one per process. Its
 * queries run on DuckDB's own threads, so reading millions of matches does not hold the
 * event loop.
 */
let instance: Promise<DuckDBInstance> | undefined;

export async function openDuck(): Promise<DuckDBConnection> {
  instance ??= DuckDBInstance.create(':memory:', {
    temp_directory: path.join(os.tmpdir(), `guildhall-dota-duckdb-${process.pid}`),
    preserve_insertion_order: 'true',
  });
  return (await instance).connect();
}

export async function withDuck<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const c = await openDuck();
  try {
    return await fn(c);
  } finally {
    c.closeSync();
  }
}

export const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;
export const sqlFiles = (files: readonly string[]) => `[${files.map(sqlString).join(', ')}]`;
