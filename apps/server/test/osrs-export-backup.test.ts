import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupToolMissingError, backupDatabase, listBackups } from '../src/modules/osrs';
import { createTestContext, type TestContext, testDatabaseUrl } from './helpers';
import { OSRS_TABLES, seedClan } from './osrs-export-fixtures';

const run = promisify(execFile);
type Counts = Record<string, number>;

async function countRows(query: (sql: string) => Promise<{ rows: unknown[] }>): Promise<Counts> {
  const counts: Counts = {};
  for (const table of OSRS_TABLES) {
    const { rows } = await query(`select count(*)::int as n from ${table}`);
    counts[table] = (rows[0] as { n: number }).n;
  }
  return counts;
}

/** Opens the backup in a scratch database (PGlite or PostgreSQL, as the source) and counts. */
async function restoreAndCount(file: string): Promise<Counts> {
  if (file.endsWith('.pglite.tar.gz')) {
    const db = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(file)]) });
    try {
      return await countRows((sql) => db.query(sql));
    } finally {
      await db.close();
    }
  }
  const name = `gh_restore_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(testDatabaseUrl!);
  url.pathname = `/${name}`;
  try {
    await run('pg_restore', ['--no-owner', `--dbname=${url}`, file]);
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return await countRows((sql) => client.query(sql));
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
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
    expect(file).toMatch(t.ctx.dumpEmbeddedDatabase ? /\.pglite\.tar\.gz$/ : /\.pgdump$/);
    expect(await restoreAndCount(file)).toEqual(expected);
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
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
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
