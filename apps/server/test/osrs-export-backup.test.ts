import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreBackup } from '../src/core/backup';
import type { DatabaseKind } from '../src/core/db';
import { BackupToolMissingError, backupDatabase, listBackups } from '../src/modules/osrs';
import { configFor, openRestored, tempDir } from './backup-fixtures';
import { createTestContext, freshPostgresDatabase, type TestContext, testDatabaseUrl } from './helpers';
import { OSRS_TABLES, seedClan } from './osrs-export-fixtures';

type Counts = Record<string, number>;

async function countRows(query: (sql: string) => Promise<{ rows: unknown[] }>): Promise<Counts> {
  const counts: Counts = {};
  for (const table of OSRS_TABLES) {
    const { rows } = await query(`select count(*)::int as n from ${table}`);
    counts[table] = (rows[0] as { n: number }).n;
  }
  return counts;
}

/** Restores the backup (core/backup) into a scratch data directory or database, and counts. */
async function restoreAndCount(file: string, kind: DatabaseKind): Promise<Counts> {
  const scratch = kind === 'postgres' ? await freshPostgresDatabase(testDatabaseUrl as string) : undefined;
  const config = configFor(tempDir('osrs-restore'), scratch ? { DATABASE_URL: scratch.url } : {});
  try {
    await restoreBackup(config, file);
    const restored = await openRestored(config);
    try {
      return await countRows(async (query) => ({
        rows: ((await restored.db.execute(sql.raw(query))) as unknown as { rows: unknown[] }).rows,
      }));
    } finally {
      await restored.close();
    }
  } finally {
    await scratch?.drop();
  }
}

describe('database backup', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext();
    await seedClan(t.ctx);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('restores into a scratch database with the same osrs rows', async () => {
    const expected = await countRows(async (sql) => ({
      rows: ((await t.ctx.db.execute(sql)) as unknown as { rows: unknown[] }).rows,
    }));
    expect(expected.osrs_members).toBe(3);
    const { path: file } = await backupDatabase(t.ctx, { now: new Date('2026-11-30T03:00:00Z') });
    expect(path.dirname(file)).toBe(path.join(t.dataDir, 'backups'));
    expect(path.basename(file)).toBe('guildhall-2026-11-30T03-00-00-000Z.backup.tar.gz');
    expect(await restoreAndCount(file, t.ctx.dbKind)).toEqual(expected);
  });

  it('keeps only the newest backups', async () => {
    const dir = path.join(t.dataDir, 'backups');
    fs.rmSync(dir, { recursive: true, force: true });
    const made: string[] = [];
    for (let day = 1; day <= 4; day++)
      made.push(
        (
          await backupDatabase(t.ctx, {
            keep: 2,
            now: new Date(`2026-12-0${day}T03:00:00Z`),
            skipMaintenance: day < 4,
          })
        ).path,
      );
    expect(listBackups(dir)).toEqual(made.slice(2).map((f) => path.basename(f)));
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.startsWith('.staging-'))).toEqual([]);
  });

  it('says how to get pg_dump when PostgreSQL is used without it', async () => {
    const { dumpEmbeddedDatabase: _, ...rest } = t.ctx;
    const onPostgres = {
      ...rest,
      config: { ...t.ctx.config, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    };
    const saved = process.env.PATH;
    process.env.PATH = '';
    try {
      await expect(backupDatabase(onPostgres, {})).rejects.toBeInstanceOf(BackupToolMissingError);
    } finally {
      process.env.PATH = saved;
    }
  });
});
