import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import * as tar from 'tar';
import { type Config, loadConfig } from '../src/config';
import { type AppContext, createContext } from '../src/core/context';
import type { Executor } from '../src/core/db';
import { createLogger } from '../src/core/logger';
import { seedClan } from './osrs-export-fixtures';

/** Every row of every table (public and drizzle's), each table's rows in a stable order. */
export async function everyRow(db: Executor): Promise<Record<string, string[]>> {
  const tables = (
    (await db.execute(sql`
      select table_schema as s, table_name as t from information_schema.tables
      where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1, 2`)) as unknown as {
      rows: { s: string; t: string }[];
    }
  ).rows;
  const out: Record<string, string[]> = {};
  for (const { s, t } of tables) {
    const { rows } = (await db.execute(sql.raw(`select * from "${s}"."${t}"`))) as unknown as {
      rows: unknown[];
    };
    out[`${s}.${t}`] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** A clan with members, gains and Discord counts, a lake file and a sealed credential. */
export async function populate(ctx: AppContext): Promise<{ sealed: string }> {
  await seedClan(ctx);
  await ctx.store.put('exports/community=demo/report.txt', 'the lake travels with the backup');
  return { sealed: ctx.box.seal('wcl-client-secret') };
}

export const tempDir = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `guildhall-${label}-`));

export const configFor = (dataDir: string, env: Record<string, string> = {}): Config =>
  loadConfig({ GUILDHALL_DATA_DIR: dataDir, LOG_LEVEL: 'warn', SCHEDULER_ENABLED: 'false', ...env });

/** Opens what a restore left, without migrating it (the rows compared are the backup's). */
export async function openRestored(config: Config): Promise<AppContext> {
  const log = createLogger('warn', new (await import('node:stream')).Writable({ write: (_c, _e, d) => d() }));
  return createContext(config, { log: log as FastifyBaseLogger, migrate: false });
}

/** Unpacks a backup, lets a test change it, and packs it again beside the original. */
export async function tamper(file: string, change: (dir: string) => void): Promise<string> {
  const dir = tempDir('tamper');
  await tar.extract({ file, cwd: dir });
  change(dir);
  const out = path.join(tempDir('tampered'), path.basename(file));
  await tar.create({ gzip: true, file: out, cwd: dir }, fs.readdirSync(dir));
  return out;
}
