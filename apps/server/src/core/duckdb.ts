import os from 'node:os';
import path from 'node:path';

/**
 * Settings shared by the process's DuckDB instances (the telemetry lake's and the dota
 * module's): each lives in memory, spills to a temp folder of its own, keeps row order (reruns
 * over the same input write the same bytes) and, when `DUCKDB_MEMORY_LIMIT` is set, holds at
 * most that much memory before spilling. Unset, DuckDB's own default applies to each instance:
 * 80 % of the machine's memory.
 */
let memoryLimit: string | undefined;

/** Takes the configured limit; instances created afterwards use it. `createContext` calls it. */
export function configureDuckDb(config: { DUCKDB_MEMORY_LIMIT?: string | undefined }): void {
  memoryLimit = config.DUCKDB_MEMORY_LIMIT;
}

/** The options of a new DuckDB instance; `name` tells its temp folder from the others'. */
export function duckDbOptions(name: string): Record<string, string> {
  return {
    temp_directory: path.join(os.tmpdir(), `guildhall-${name}-${process.pid}`),
    preserve_insertion_order: 'true',
    ...(memoryLimit === undefined ? {} : { memory_limit: memoryLimit }),
  };
}
