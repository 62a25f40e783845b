import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckDbOptions } from '../../core/duckdb';

/**
 * The dota module's DuckDB (`core/duckdb.ts`): in memory, spilling to a temp folder, one per
 * process. Its queries run on DuckDB's own threads, so reading millions of matches does not
 * hold the event loop.
 */
let instance: Promise<DuckDBInstance> | undefined;

export async function openDuck(): Promise<DuckDBConnection> {
  instance ??= DuckDBInstance.create(':memory:', duckDbOptions('dota-duckdb'));
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
