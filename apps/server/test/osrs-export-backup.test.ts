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

  it("rotates with the installation's daily/weekly policy, so frequent runs keep the weekly backups", async () => {
    const dir = path.join(t.dataDir, 'backups');
    fs.rmSync(dir, { recursive: true, force: true });
    // The policy comes from the installation's configuration, as the scheduled backup job's does.
    const ctx = { ...t.ctx, config: { ...t.ctx.config, BACKUP_KEEP_DAILY: 2, BACKUP_KEEP_WEEKLY: 2 } };
    const stamps = [
      '2026-11-16T03:30:00Z', // ISO week 47
      '2026-11-23T03:30:00Z', // week 48: the scheduled job's weekly backup
      '2026-12-01T03:00:00Z', // week 49: OSRS runs three times on one day…
      '2026-12-01T09:00:00Z',
      '2026-12-01T15:00:00Z',
      '2026-12-02T03:00:00Z',
    ];
    const made: string[] = [];
    for (const [i, at] of stamps.entries())
      made.push(
        path.basename(
          (await backupDatabase(ctx, { now: new Date(at), skipMaintenance: i < stamps.length - 1 })).path,
        ),
      );
    // Newest of the last two days (12-02, 12-01 15:00) and of the last two weeks (W49, W48):
    // a "newest N" rule would have deleted week 48's backup after the third run of the day.
    expect(listBackups(dir)).toEqual([made[1], made[4], made[5]]);
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
