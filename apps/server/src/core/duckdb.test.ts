import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { configureDuckDb, duckDbOptions } from './duckdb';

afterEach(() => configureDuckDb({}));

/** The memory limit a DuckDB instance made with these options reports. */
async function limitOf(options: Record<string, string>): Promise<string> {
  const db = await DuckDBInstance.create(':memory:', options);
  const c = await db.connect();
  try {
    const rows = (await c.runAndReadAll(`SELECT current_setting('memory_limit') AS m`)).getRowObjects();
    return String(rows[0]?.m);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

describe('DuckDB settings', () => {
  it("leave DuckDB's own memory limit when none is configured", () => {
    configureDuckDb(loadConfig({}));
    const options = duckDbOptions('test');
    expect(options).not.toHaveProperty('memory_limit');
    expect(options.preserve_insertion_order).toBe('true');
    expect(options.temp_directory).toContain(`guildhall-test-${process.pid}`);
  });

  it('give every instance made afterwards the configured limit, which DuckDB applies', async () => {
    configureDuckDb(loadConfig({ DUCKDB_MEMORY_LIMIT: '512MiB' }));
    expect(await limitOf(duckDbOptions('lake'))).toBe('512.0 MiB');
    expect(await limitOf(duckDbOptions('dota'))).toBe('512.0 MiB');
    configureDuckDb(loadConfig({ DUCKDB_MEMORY_LIMIT: '1GB' }));
    // DuckDB reads GB as 10^9 bytes and shows binary units.
    expect(await limitOf(duckDbOptions('lake'))).toBe('953.6 MiB');
  });
});
