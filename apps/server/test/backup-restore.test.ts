import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupName, backupSchedule, backupsToDelete, createBackup, restoreBackup } from '../src/core/backup';
import type { AppContext } from '../src/core/context';
import { configFor, everyRow, openRestored, populate, tamper, tempDir } from './backup-fixtures';
import { createTestContext, freshPostgresDatabase, type TestContext, testDatabaseUrl } from './helpers';

async function expectRestoredEqual(source: AppContext, restored: AppContext, sealed: string) {
  expect(await everyRow(restored.db)).toEqual(await everyRow(source.db));
  expect(String(await restored.store.get('exports/community=demo/report.txt'))).toBe(
    'the lake travels with the backup',
  );
  // The generated secret came back: credentials sealed before the backup still open.
  expect(restored.box.open(sealed)).toBe('wcl-client-secret');
}

describe('backup and restore, embedded database', () => {
  let t: TestContext;
  let sealed: string;
  let file: string;

  beforeAll(async () => {
    t = await createTestContext({ embedded: true });
    ({ sealed } = await populate(t.ctx));
    // A lake build under way: its work folder in the store's scratch is no data to back up.
    const work = path.join(t.ctx.store.scratch ?? '', 'guildhall-lake-x', 'out');
    fs.mkdirSync(work, { recursive: true });
    fs.writeFileSync(path.join(work, 'events.parquet'), 'half written');
    ({ path: file } = await createBackup(t.ctx, { dir: tempDir('backups') }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('restores every table, the lake and the secret into a fresh data directory', async () => {
    const rows = await everyRow(t.ctx.db);
    expect(rows['public.osrs_members']).toHaveLength(3);
    const target = tempDir('restored');
    const { manifest, lines } = await restoreBackup(configFor(target), file);
    expect(manifest.database.kind).toBe('pglite');
    expect(manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'database/pglite.tar.gz',
        'objects/exports/community=demo/report.txt',
        'secret.key',
      ]),
    );
    expect(manifest.files.filter((f) => f.path.includes('.tmp-'))).toEqual([]);
    expect(lines[0]).toContain('restored the embedded database');
    const restored = await openRestored(configFor(target));
    try {
      await expectRestoredEqual(t.ctx, restored, sealed);
    } finally {
      await restored.close();
    }
  });

  it('refuses an occupied data directory unless forced, and then keeps the old database aside', async () => {
    const target = tempDir('occupied');
    await restoreBackup(configFor(target), file);
    const before = fs.readdirSync(path.join(target, 'db')).sort();
    await expect(restoreBackup(configFor(target), file)).rejects.toMatchObject({ code: 'TARGET_NOT_EMPTY' });
    expect(fs.readdirSync(path.join(target, 'db')).sort()).toEqual(before);

    const { lines } = await restoreBackup(configFor(target), file, {
      force: true,
      now: new Date('2026-12-01T00:00:00Z'),
    });
    const aside = path.join(target, 'db.before-restore-2026-12-01T00-00-00-000Z');
    expect(fs.readdirSync(aside).sort()).toEqual(before);
    expect(lines).toContain(`the database that was there is kept in ${aside}`);
  });

  it('refuses a backup of a newer schema, a damaged one, and something that is not a backup', async () => {
    const newer = await tamper(file, (dir) => {
      const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      m.database.migrations += 1;
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
    });
    await expect(restoreBackup(configFor(tempDir('newer')), newer)).rejects.toMatchObject({
      code: 'NEWER_SCHEMA',
    });

    const damaged = await tamper(file, (dir) => {
      const dump = path.join(dir, 'database/pglite.tar.gz');
      const bytes = fs.readFileSync(dump);
      const middle = bytes.length >> 1;
      bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
      fs.writeFileSync(dump, bytes);
    });
    const target = tempDir('damaged');
    await expect(restoreBackup(configFor(target), damaged)).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
    expect(fs.existsSync(path.join(target, 'db'))).toBe(false);

    const junk = path.join(tempDir('junk'), 'notes.tar.gz');
    fs.writeFileSync(junk, 'not an archive');
    await expect(restoreBackup(configFor(tempDir('junk-target')), junk)).rejects.toMatchObject({
      code: 'NOT_A_BACKUP',
    });
  });

  it('refuses another database kind, another secret, and a database a server holds', async () => {
    await expect(
      restoreBackup(configFor(tempDir('kind'), { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }), file),
    ).rejects.toMatchObject({ code: 'OTHER_DATABASE_KIND' });

    const other = tempDir('secret');
    fs.writeFileSync(path.join(other, 'secret.key'), 'a'.repeat(64));
    await expect(restoreBackup(configFor(other), file)).rejects.toMatchObject({ code: 'SECRET_MISMATCH' });
    expect(fs.readFileSync(path.join(other, 'secret.key'), 'utf8')).toBe('a'.repeat(64));

    // A live process (the test runner's parent, standing in for `serve`) holds the directory.
    const held = tempDir('held');
    fs.writeFileSync(path.join(held, 'db.lock'), String(process.ppid));
    await expect(restoreBackup(configFor(held), file, { force: true })).rejects.toMatchObject({
      name: 'DatabaseLockedError',
    });
    expect(fs.existsSync(path.join(held, 'db'))).toBe(false);
  });
});

describe.skipIf(!testDatabaseUrl)('backup and restore, PostgreSQL', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('restores every table into an empty database, and refuses a non-empty one', async () => {
    const { sealed } = await populate(t.ctx);
    const { path: file, manifest } = await createBackup(t.ctx, { dir: tempDir('pg-backups') });
    expect(manifest.database.kind).toBe('postgres');
    const empty = await freshPostgresDatabase(testDatabaseUrl as string);
    try {
      const target = tempDir('pg-restored');
      await restoreBackup(configFor(target, { DATABASE_URL: empty.url }), file);
      const restored = await openRestored(configFor(target, { DATABASE_URL: empty.url }));
      try {
        await expectRestoredEqual(t.ctx, restored, sealed);
      } finally {
        await restored.close();
      }
      await expect(
        restoreBackup(configFor(tempDir('pg-again'), { DATABASE_URL: empty.url }), file),
      ).rejects.toMatchObject({ code: 'TARGET_NOT_EMPTY' });
    } finally {
      await empty.drop();
    }
  });
});

describe('backup rotation and schedule', () => {
  const at = (iso: string) => ({ file: backupName(new Date(iso)), at: new Date(iso) });

  it('keeps the newest of each recent day and week, and always the newest', () => {
    const backups = [
      at('2026-10-05T03:30:00Z'), // week 41
      at('2026-10-12T03:30:00Z'), // week 42
      at('2026-10-13T03:30:00Z'), // week 42, newer
      at('2026-11-28T03:30:00Z'),
      at('2026-11-29T03:30:00Z'),
      at('2026-11-30T03:30:00Z'),
      at('2026-11-30T15:00:00Z'), // same day, newer
      at('2026-12-01T03:30:00Z'),
    ];
    const deleted = backupsToDelete(backups, { daily: 3, weekly: 3 });
    // Days kept: 12-01, 11-30 (15:00), 11-29. Weeks kept: 49 (12-01), 48 (11-29), 42 (10-13).
    expect(deleted).toEqual([
      at('2026-10-05T03:30:00Z').file,
      at('2026-10-12T03:30:00Z').file,
      at('2026-11-28T03:30:00Z').file,
      at('2026-11-30T03:30:00Z').file,
    ]);
    expect(backupsToDelete(backups.slice(-1), { daily: 1, weekly: 0 })).toEqual([]);
  });

  it('runs daily on the embedded database by default and not on PostgreSQL', async () => {
    const fake = (dbKind: 'pglite' | 'postgres', BACKUP_SCHEDULE: string) =>
      ({ dbKind, config: { BACKUP_SCHEDULE } }) as unknown as AppContext;
    expect(backupSchedule(fake('pglite', 'auto'))).toBe('30 3 * * *');
    expect(backupSchedule(fake('postgres', 'auto'))).toBeUndefined();
    expect(backupSchedule(fake('postgres', '0 2 * * 0'))).toBe('0 2 * * 0');
    expect(backupSchedule(fake('pglite', 'off'))).toBeUndefined();
  });
});
